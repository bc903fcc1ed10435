"""Refit the learned routing from outcomes: what each tier loses against the top tier, per
segment; what its calls cost; the exchange rate at which the policy's quality target
holds with its stated confidence; and, at that rate, which escalation signals pay for
each tier's answers (:mod:`router.learning.escalation_fit`).

A segment's loss is the mean over its judged requests (which are a random sample of it:
whether a request is judged never depends on how it was answered), leaning on all
traffic's until it has its own. The quality promised is post-stratified: each segment
counts as many requests as it served, so a rare judged request does not swamp the rest
and a large segment weighs what it weighs. Routing takes a cheaper tier at its loss plus
half its standard error (a segment whose loss merely looked low by chance is not sent
there), and a segment not seen yet at all traffic's loss plus the spread between
segments; the promise's lower bound counts each segment's uncertainty, times its traffic.

Feedback (a helpdesk's resolved/reopened, CSAT, thumbs: a score for the one tier that
answered) refines each segment's losses where the segment has feedback on the top tier
and on a cheaper one: the difference of their mean scores counts as that many paired
outcomes would (the harmonic mean of the two counts, halved: unpaired, and the router
chose who got which). The exchange rate and the promise come from judged outcomes only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from router.learning.escalation_fit import cascade_of, fit_escalation
from router.learning.outcomes import CallCost, Outcome, segment_key
from router.policy.model import (
    TIER_NAMES,
    EscalationSignal,
    LearnedCost,
    LearnedEscalation,
    LearnedRouting,
    LearnedSegment,
    Policy,
    TierName,
)

__all__ = ["LearnedFit", "Traffic", "fit_costs", "fit_learned", "judged_scores"]

#: Exchange rates tried, as multiples of the top tier's mean call cost.
_RATES = np.geomspace(0.05, 1000.0, 120)
_Floats = NDArray[np.float64]
#: The bounds of an estimated segment prior (in outcomes).
_MIN_PRIOR, _MAX_PRIOR, _DEFAULT_PRIOR = 2.0, 50.0, 10.0
#: Feedback on a tier counts in a segment once it has this many outcomes there.
_MIN_FEEDBACK = 5
#: A cheaper tier is taken at its loss plus this many standard errors of it.
_CAUTION = 0.5
#: The least variance of one outcome's loss (a tier judged a few times, all alike).
_MIN_SPREAD = 0.01
_Key = tuple[tuple[str, str], ...]
#: Requests served, per segment and the tier that answered them.
Traffic = Mapping[_Key, Mapping[TierName, int]]


@dataclass(frozen=True)
class LearnedFit:
    """The learned routing and the estimate behind it."""

    learned: LearnedRouting
    #: Whether the target is met at some exchange rate (otherwise: the top tier for all).
    meets_target: bool


def fit_costs(
    calls: Sequence[CallCost], policy: Policy, recent: int = 4000
) -> dict[TierName, LearnedCost]:
    """Per tier, ``cost = per_call + per_token x input tokens`` by least squares over its
    most recent calls (a tier with fewer than 3 keeps its price)."""
    result: dict[TierName, LearnedCost] = {}
    for tier in TIER_NAMES:
        seen = [c for c in calls if c.tier == tier][-recent:]
        if len(seen) < 3:
            continue
        x = np.array([c.input_tokens for c in seen], dtype=float)
        y = np.array([c.cost_usd for c in seen], dtype=float)
        per_token = 0.0
        if float(np.var(x)) > 0:
            per_token = max(float(np.cov(x, y, bias=True)[0, 1] / np.var(x)), 0.0)
        per_call = max(float(np.mean(y) - per_token * np.mean(x)), 0.0)
        if per_call == 0.0 and per_token == 0.0 and policy.tier(tier).price is not None:
            continue  # a tier that costs nothing here keeps its price
        result[tier] = LearnedCost(per_call_usd=per_call, per_input_token_usd=per_token)
    return result


def _expected_costs(
    outcomes: Sequence[Outcome], policy: Policy, costs: dict[TierName, LearnedCost]
) -> _Floats:
    """The expected cost of each tier's call for each outcome's request (rows x tiers)."""
    tokens = np.array([o.input_tokens for o in outcomes], dtype=float)
    columns = []
    for tier in TIER_NAMES:
        if tier in costs:
            columns.append(costs[tier].per_call_usd + costs[tier].per_input_token_usd * tokens)
            continue
        price = policy.tier(tier).price
        out = policy.escalation.expected_output_tokens.get(tier, 256)
        if price is None:
            columns.append(np.zeros_like(tokens))
        else:
            columns.append((price.input_per_mtok * tokens + price.output_per_mtok * out) / 1e6)
    return np.stack(columns, axis=1)


@dataclass(frozen=True)
class _Judged:
    """The outcomes that judged the top tier, as arrays (rows x tiers)."""

    scores: _Floats  # nan where a tier was not judged
    seen: NDArray[np.bool_]
    weights: _Floats
    loss: _Floats  # the top tier's score minus each tier's (0 where not judged)
    keys: list[_Key]

    @classmethod
    def of(cls, outcomes: Sequence[Outcome], scores: _Floats | None = None) -> _Judged:
        """The outcomes' scores (or ``scores``, rows x tiers, nan where not judged)."""
        if scores is None:
            scores = judged_scores(outcomes)
        weights = np.array([o.weight for o in outcomes], dtype=float)
        seen = ~np.isnan(scores)
        loss = np.where(seen, scores[:, -1:] - scores, 0.0)
        return cls(scores, seen, weights, loss, [segment_key(o.segment) for o in outcomes])

    def overall(self) -> _Floats:
        """All traffic's loss per tier; a tier never judged loses everything."""
        counted = self.seen.sum(axis=0)
        overall = np.where(
            counted > 0, (self.loss * self.seen).sum(axis=0) / np.maximum(counted, 1), 1.0
        )
        overall[-1] = 0.0
        return overall

    def spread(self, by_segment: dict[_Key, list[int]]) -> _Floats:
        """The variance of one outcome's loss within its segment, per tier (pooled over
        the segments: what a segment's mean is uncertain by, outcome by outcome)."""
        squares = np.zeros(len(TIER_NAMES))
        counted = np.zeros(len(TIER_NAMES))
        for idx in by_segment.values():
            seen = self.seen[idx]
            n = seen.sum(axis=0)
            mean = (self.loss[idx] * seen).sum(axis=0) / np.maximum(n, 1)
            squares += (np.where(seen, self.loss[idx] - mean, 0.0) ** 2).sum(axis=0)
            counted += np.maximum(n - 1, 0)
        spread: _Floats = np.maximum(squares / np.maximum(counted, 1), _MIN_SPREAD)
        return spread

    def segments(self) -> dict[_Key, list[int]]:
        by_segment: dict[_Key, list[int]] = {}
        for i, key in enumerate(self.keys):
            by_segment.setdefault(key, []).append(i)
        return by_segment


@dataclass(frozen=True)
class _Table:
    """Per segment (rows) and tier (columns): the loss estimate and its variance, the top
    tier's mean score, the expected cost of a call, and the requests the segment served."""

    keys: list[_Key]
    loss: _Floats
    var: _Floats
    top: _Floats
    cost: _Floats
    requests: _Floats
    #: What a segment not seen yet is taken to lose (all traffic's, cautiously).
    unseen: _Floats

    @property
    def cautious(self) -> _Floats:
        """The losses routing goes by."""
        return self.loss + _CAUTION * np.sqrt(self.var)


def _table(
    judged: _Judged,
    by_segment: dict[_Key, list[int]],
    expected: _Floats,
    prior: float,
    traffic: Traffic | None,
    feedback: dict[_Key, tuple[_Floats, _Floats]],
) -> _Table:
    overall = judged.overall()
    spread = judged.spread(by_segment)
    top_overall = float(np.nanmean(judged.scores[:, -1]))
    keys = sorted(set(by_segment) | set(feedback))
    zero = np.zeros(len(TIER_NAMES))
    mean_cost = expected.mean(axis=0)
    loss, var, top, cost, requests = [], [], [], [], []
    for key in keys:
        idx = by_segment.get(key, [])
        fb_loss, fb_weight = feedback.get(key, (zero, zero))
        n = judged.seen[idx].sum(axis=0) + fb_weight
        summed = (judged.loss[idx] * judged.seen[idx]).sum(axis=0) + fb_weight * fb_loss
        loss.append((summed + prior * overall) / (n + prior))
        var.append(spread / (n + prior))
        top_sum = float(np.nansum(judged.scores[idx, -1])) if idx else 0.0
        top.append((top_sum + prior * top_overall) / (len(idx) + prior))
        cost.append(expected[idx].mean(axis=0) if idx else mean_cost)
        served = sum(traffic.get(key, {}).values()) if traffic is not None else 0
        # without the traffic counted (outcome rows from a file): what the judged stand for
        requests.append(float(served) if served else float(judged.weights[idx].sum()))
    losses, variances = np.array(loss), np.array(var)
    losses[:, -1] = variances[:, -1] = 0.0
    unseen = overall + _CAUTION * np.sqrt(spread / max(prior, 1e-9))
    unseen[-1] = 0.0
    return _Table(
        keys, losses, variances, np.array(top), np.array(cost), np.array(requests), unseen
    )


def judged_scores(outcomes: Sequence[Outcome]) -> _Floats:
    """Each outcome's score per tier (rows x tiers; nan where the tier was not judged)."""
    scores = np.full((len(outcomes), len(TIER_NAMES)), np.nan)
    for i, outcome in enumerate(outcomes):
        for t, tier in enumerate(TIER_NAMES):
            if tier in outcome.scores:
                scores[i, t] = outcome.scores[tier]
    return scores


@dataclass(frozen=True)
class _Pass:
    """One fit of the rate: the table it stands on, the rate, its estimate."""

    by_segment: dict[_Key, list[int]]
    prior: float
    table: _Table
    rate: float
    estimate: tuple[float, float, float]
    meets: bool


def _fit_pass(
    judged: _Judged,
    expected: _Floats,
    policy: Policy,
    traffic: Traffic | None,
    feedback: dict[_Key, tuple[_Floats, _Floats]],
    goal: float,
) -> _Pass:
    settings = policy.learning
    by_segment = judged.segments()
    prior = settings.segment_prior
    if prior is None:
        prior = _segment_prior(judged.loss, judged.seen.astype(float), by_segment, judged.overall())
    table = _table(judged, by_segment, expected, prior, traffic, feedback)
    rate, estimate, meets = _rate_for_target(table, goal, settings.confidence)
    return _Pass(by_segment, prior, table, rate, estimate, meets)


def fit_learned(
    outcomes: Sequence[Outcome],
    calls: Sequence[CallCost],
    policy: Policy,
    traffic: Traffic | None = None,
    target: float | None = None,
) -> LearnedFit:
    """The learned routing for ``policy`` from ``outcomes``, the ``calls`` made and the
    ``traffic`` served, at the policy's quality target (or ``target``)."""
    settings = policy.learning
    top = len(TIER_NAMES) - 1
    # judged against the top tier (feedback scores one tier only)
    usable = [o for o in outcomes if TIER_NAMES[top] in o.scores and len(o.scores) > 1]
    costs = fit_costs(calls, policy)
    if not usable:
        learned = LearnedRouting(
            exchange_usd=0.0, loss=dict.fromkeys(TIER_NAMES[:top], 1.0), cost=costs
        )
        return LearnedFit(learned, meets_target=False)
    feedback, feedback_counts = _feedback_losses(outcomes)
    expected = _expected_costs(usable, policy, costs)
    goal = settings.target_quality if target is None else target
    scores = judged_scores(usable)
    fitted = _fit_pass(_Judged.of(usable, scores), expected, policy, traffic, feedback, goal)
    # at that rate, which signals pay; then each tier as it answers with its escalations,
    # and again while the new rate changes what pays (twice at most)
    escalation: dict[TierName, dict[EscalationSignal, LearnedEscalation]] | None = None
    cascade = None
    for _ in range(2) if policy.escalation.max_steps > 0 else ():
        found = fit_escalation(usable, expected, fitted.rate, settings.confidence)
        if found == escalation:
            break
        escalation = found
        cascade = cascade_of(usable, scores, policy, escalation)
        if cascade is not None:
            judged = _Judged.of(usable, cascade.scores)
            fitted = _fit_pass(judged, cascade.costs(expected), policy, traffic, feedback, goal)
    by_segment, table, rate = fitted.by_segment, fitted.table, fitted.rate
    segments = [
        LearnedSegment(
            when=dict(key),
            loss=_losses(table.cautious[i]),
            outcomes=len(by_segment.get(key, [])) + feedback_counts.get(key, 0),
        )
        for i, key in enumerate(table.keys)
        if key
    ]
    quality, lower, cost_share = fitted.estimate
    learned = LearnedRouting(
        exchange_usd=rate,
        loss=_losses(table.unseen if () not in table.keys else table.cautious[0]),
        segments=segments,
        cost=costs,
        outcomes=len(outcomes),
        segment_prior=round(fitted.prior, 3),
        quality_share=_share(quality),
        quality_lower_bound=_share(lower),
        cost_share=round(cost_share, 6),
        escalation=escalation or {},
        escalated={t: round(v, 6) for t, v in cascade.share.items()} if cascade else {},
    )
    return LearnedFit(learned, meets_target=fitted.meets)


def _feedback_losses(
    outcomes: Sequence[Outcome],
) -> tuple[dict[_Key, tuple[_Floats, _Floats]], dict[_Key, int]]:
    """Per segment, each tier's loss against the top tier by feedback (the difference of
    the mean scores of the requests each served) and what it counts for, in outcomes;
    and how many feedback outcomes each segment has."""
    top = TIER_NAMES[-1]
    sums: dict[_Key, dict[TierName, list[float]]] = {}
    counts: dict[_Key, int] = {}
    for outcome in outcomes:
        tier = outcome.served
        if len(outcome.scores) != 1 or tier is None or tier not in outcome.scores:
            continue  # judged (several tiers scored): counted as such
        key = segment_key(outcome.segment)
        got = sums.setdefault(key, {}).setdefault(tier, [0.0, 0.0])
        got[0] += outcome.weight * outcome.scores[tier]
        got[1] += outcome.weight
        counts[key] = counts.get(key, 0) + 1
    result: dict[_Key, tuple[_Floats, _Floats]] = {}
    for key, by_tier in sums.items():
        top_sum, top_n = by_tier.get(top, [0.0, 0.0])
        loss, weight = np.zeros(len(TIER_NAMES)), np.zeros(len(TIER_NAMES))
        for t, tier in enumerate(TIER_NAMES[:-1]):
            tier_sum, tier_n = by_tier.get(tier, [0.0, 0.0])
            if tier_n < _MIN_FEEDBACK or top_n < _MIN_FEEDBACK:
                continue
            loss[t] = max(top_sum / top_n - tier_sum / tier_n, 0.0)
            weight[t] = 0.5 * tier_n * top_n / (tier_n + top_n)
        if weight.any():
            result[key] = (loss, weight)
    return result, counts


def _rate_for_target(
    table: _Table, target: float, confidence: float
) -> tuple[float, tuple[float, float, float], bool]:
    """The least exchange rate whose quality share's lower bound reaches ``target`` (the
    dearest one tried, and False, when none does), with its estimate: quality share,
    lower bound and cost share, over the traffic served."""
    requests = np.maximum(table.requests, 1e-12)
    top_spent = float((requests * table.cost[:, -1]).sum()) or 1e-12
    top_cost = top_spent / float(requests.sum()) or 1.0
    best = float((requests * table.top).sum()) or 1e-12
    z = NormalDist().inv_cdf(confidence)
    rows = np.arange(len(table.keys))

    def chosen_at(rate: float) -> NDArray[np.intp]:
        value = table.cost + rate * table.cautious
        # ties go to the dearer tier (as the decision does)
        chosen: NDArray[np.intp] = (len(TIER_NAMES) - 1) - np.argmin(value[:, ::-1], axis=1)
        return chosen

    estimate = (1.0, 1.0, 1.0)
    for i, multiple in enumerate(_RATES):
        chosen = chosen_at(float(multiple) * top_cost)
        lost = float((requests * table.loss[rows, chosen]).sum())
        spread = math.sqrt(float((requests**2 * table.var[rows, chosen]).sum()))
        quality = 1.0 - lost / best
        spent = float((requests * table.cost[rows, chosen]).sum())
        estimate = (quality, quality - z * spread / best, spent / top_spent)
        if estimate[1] >= target:
            # the middle of the rates that choose the same (a request longer or shorter
            # than its segment's mean is then decided as the segment is)
            last = i
            while last + 1 < len(_RATES) and np.array_equal(
                chosen_at(float(_RATES[last + 1]) * top_cost), chosen
            ):
                last += 1
            middle = math.sqrt(float(multiple) * float(_RATES[last]))
            return middle * top_cost, estimate, True
    return float(_RATES[-1]) * top_cost, estimate, False


def _losses(values: _Floats) -> dict[TierName, float]:
    return {tier: _loss(values[i]) for i, tier in enumerate(TIER_NAMES[:-1])}


def _segment_prior(
    loss: _Floats,
    w_seen: _Floats,
    by_segment: dict[tuple[tuple[str, str], ...], list[int]],
    overall: _Floats,
) -> float:
    """How many outcomes a segment's own evidence is worth all traffic's, estimated from
    the outcomes (empirical Bayes, by moments): the spread of one outcome's loss over the
    spread of the segments' true losses. Few segments or no spread between them: lean on
    all traffic (a large prior)."""
    within, between, count = 0.0, 0.0, 0
    for idx in by_segment.values():
        weight = w_seen[idx].sum(axis=0)
        if len(idx) < 2 or not (weight[:-1] > 0).any():
            continue
        mean = (loss[idx] * w_seen[idx]).sum(axis=0) / np.maximum(weight, 1e-12)
        var = (((loss[idx] - mean) ** 2) * w_seen[idx]).sum(axis=0) / np.maximum(weight, 1e-12)
        tiers = weight[:-1] > 0
        within += float(var[:-1][tiers].mean())
        between += float(
            (((mean - overall) ** 2)[:-1][tiers]).mean() - (var[:-1][tiers] / len(idx)).mean()
        )
        count += 1
    if count < 3:
        return _DEFAULT_PRIOR
    within, between = within / count, between / count
    if between <= 0:
        return _MAX_PRIOR
    return float(min(max(within / between, _MIN_PRIOR), _MAX_PRIOR))


def _loss(value: float) -> float:
    return round(min(max(float(value), -1.0), 1.0), 6)


def _share(value: float | None) -> float | None:
    return None if value is None else round(min(max(value, 0.0), 1.0), 6)
