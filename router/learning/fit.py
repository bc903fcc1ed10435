"""Refit the learned routing from outcomes: what each tier loses against the top tier, per
segment; what its calls cost; and the exchange rate at which the policy's quality target
holds with its stated confidence.

Each outcome is judged by estimates that leave it out (its segment's others and all
traffic's), so the quality promised is what routing does on requests it has not learned
from, not on the ones it was fitted to.

Feedback (a helpdesk's resolved/reopened, CSAT, thumbs: a score for the one tier that
answered) refines each segment's losses where the segment has feedback on the top tier
and on a cheaper one: the difference of their mean scores counts as that many paired
outcomes would (the harmonic mean of the two counts, halved: unpaired, and the router
chose who got which). The exchange rate and the promise come from judged outcomes only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from router.learning.outcomes import CallCost, Outcome, segment_key
from router.policy.model import (
    TIER_NAMES,
    LearnedCost,
    LearnedRouting,
    LearnedSegment,
    Policy,
    TierName,
)

__all__ = ["LearnedFit", "fit_costs", "fit_learned"]

#: An outcome stands for at most this many requests (a rare sample must not swamp the rest).
_MAX_WEIGHT = 10.0
#: Exchange rates tried, as multiples of the top tier's mean call cost.
_RATES = np.geomspace(0.05, 1000.0, 120)
_Floats = NDArray[np.float64]
#: The bounds of an estimated segment prior (in outcomes).
_MIN_PRIOR, _MAX_PRIOR, _DEFAULT_PRIOR = 2.0, 50.0, 10.0
#: Feedback on a tier counts in a segment once it has this many outcomes there.
_MIN_FEEDBACK = 5
_Key = tuple[tuple[str, str], ...]


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
    keys: list[tuple[tuple[str, str], ...]]

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> _Judged:
        scores = np.full((len(outcomes), len(TIER_NAMES)), np.nan)
        for i, outcome in enumerate(outcomes):
            for t, tier in enumerate(TIER_NAMES):
                if tier in outcome.scores:
                    scores[i, t] = outcome.scores[tier]
        weights = np.minimum(np.array([o.weight for o in outcomes], dtype=float), _MAX_WEIGHT)
        seen = ~np.isnan(scores)
        loss = np.where(seen, scores[:, -1:] - scores, 0.0)
        keys = [segment_key(o.segment) for o in outcomes]
        return cls(scores, seen, weights, loss, keys)

    @property
    def w_seen(self) -> _Floats:
        return self.weights[:, None] * self.seen

    @property
    def w_loss(self) -> _Floats:
        return self.weights[:, None] * self.loss

    def overall(self) -> _Floats:
        """All traffic's loss per tier; a tier never judged loses everything."""
        counted = self.w_seen.sum(axis=0)
        overall = np.where(counted > 0, self.w_loss.sum(axis=0) / np.maximum(counted, 1e-12), 1.0)
        overall[-1] = 0.0
        return overall

    def segments(self) -> dict[tuple[tuple[str, str], ...], list[int]]:
        by_segment: dict[tuple[tuple[str, str], ...], list[int]] = {}
        for i, key in enumerate(self.keys):
            by_segment.setdefault(key, []).append(i)
        return by_segment

    def prequential(self, overall: _Floats, prior: float) -> _Floats:
        """Each outcome's loss estimate as it was routed: from what its segment had shown
        before it, leaning on all traffic's; never below 0 (a cheaper tier taken for
        better than the top one is mostly noise, and the top tier for everything must
        keep the top tier's quality)."""
        estimates = np.empty_like(self.loss)
        running: dict[tuple[tuple[str, str], ...], tuple[_Floats, _Floats]] = {}
        zero = np.zeros(len(TIER_NAMES))
        w_loss, w_seen = self.w_loss, self.w_seen
        for i, key in enumerate(self.keys):
            if not key:
                estimates[i] = overall
                continue
            before_sum, before_w = running.get(key, (zero, zero))
            estimates[i] = (before_sum + prior * overall) / (before_w + prior)
            running[key] = (before_sum + w_loss[i], before_w + w_seen[i])
        estimates = np.maximum(estimates, 0.0)
        estimates[:, -1] = 0.0
        return estimates


def fit_learned(
    outcomes: Sequence[Outcome], calls: Sequence[CallCost], policy: Policy
) -> LearnedFit:
    """The learned routing for ``policy`` from ``outcomes`` and the ``calls`` made."""
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
    judged = _Judged.of(usable)
    overall = judged.overall()
    by_segment = judged.segments()
    prior = settings.segment_prior
    if prior is None:
        prior = _segment_prior(judged.loss, judged.w_seen, by_segment, overall)
    estimates = judged.prequential(overall, prior)
    expected = _expected_costs(usable, policy, costs)
    rate, estimate, meets = _rate_for_target(
        judged, expected, estimates, settings.target_quality, settings.confidence
    )
    w_loss, w_seen = judged.w_loss, judged.w_seen
    feedback, feedback_counts = _feedback_losses(outcomes)
    segments = []
    zero = np.zeros(len(TIER_NAMES))
    for key in sorted(set(by_segment) | set(feedback)):
        if not key:
            continue
        idx = by_segment.get(key, [])
        fb_loss, fb_weight = feedback.get(key, (zero, zero))
        loss = (w_loss[idx].sum(axis=0) + prior * overall + fb_weight * fb_loss) / (
            w_seen[idx].sum(axis=0) + prior + fb_weight
        )
        counted = len(idx) + (feedback_counts.get(key, 0) if key in feedback else 0)
        segments.append(LearnedSegment(when=dict(key), loss=_losses(loss), outcomes=counted))
    quality, lower, cost_share = estimate if estimate is not None else (None, None, None)
    learned = LearnedRouting(
        exchange_usd=rate,
        loss=_losses(overall),
        segments=segments,
        cost=costs,
        outcomes=len(outcomes),
        segment_prior=round(prior, 3),
        quality_share=_share(quality),
        quality_lower_bound=_share(lower),
        cost_share=None if cost_share is None else round(cost_share, 6),
    )
    return LearnedFit(learned, meets_target=meets)


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
    judged: _Judged, expected: _Floats, estimates: _Floats, target: float, confidence: float
) -> tuple[float, tuple[float, float, float] | None, bool]:
    """The least exchange rate whose quality share's lower bound reaches ``target`` (the
    dearest one tried, and False, when none does), with its estimate."""
    top_cost = float(np.mean(expected[:, -1])) or 1.0
    z = NormalDist().inv_cdf(confidence)
    estimate = None
    for multiple in _RATES:
        rate = float(multiple) * top_cost
        estimate = _evaluate(rate, expected, estimates, judged, z)
        if estimate is not None and estimate[1] >= target:
            return rate, estimate, True
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


def _evaluate(
    rate: float, expected: _Floats, estimates: _Floats, judged: _Judged, z: float
) -> tuple[float, float, float] | None:
    """Quality share, its lower bound and the cost share of routing at ``rate``."""
    value = expected + rate * estimates
    # ties go to the dearer tier (as the decision does)
    chosen = (len(TIER_NAMES) - 1) - np.argmin(value[:, ::-1], axis=1)
    rows = np.arange(len(chosen))
    scores = judged.scores
    # a tier not judged on an outcome is taken at what the others say it loses there
    got = np.where(
        judged.seen[rows, chosen],
        np.nan_to_num(scores[rows, chosen]),
        scores[:, -1] - estimates[rows, chosen],
    )
    best = scores[:, -1]
    w = judged.weights
    total_best = float((w * best).sum())
    if total_best <= 0:
        return None
    ratio = float((w * got).sum()) / total_best
    residual = w * (got - ratio * best)
    se = math.sqrt(float((residual**2).sum())) / total_best
    spent = float((w * expected[rows, chosen]).sum())
    cost = spent / max(float((w * expected[:, -1]).sum()), 1e-12)
    return ratio, ratio - z * se, cost


def _loss(value: float) -> float:
    return round(min(max(float(value), 0.0), 1.0), 6)


def _share(value: float | None) -> float | None:
    return None if value is None else round(min(max(value, 0.0), 1.0), 6)
