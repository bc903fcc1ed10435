"""Refit the learned routing from outcomes: what each tier loses against the top tier, per
segment; what its calls cost; the exchange rate at which the policy's quality target
holds with its stated confidence (:mod:`router.learning.fitting.promise` finds it); and,
at that rate, which escalation signals pay for each tier's answers
(:mod:`router.learning.fitting.escalation_fit`).

A segment's loss is the mean over its judged requests (which are a random sample of it:
whether a request is judged never depends on how it was answered), leaning on all
traffic's until it has its own. The quality promised is post-stratified and counts the
whole stream: the requests each segment served so far, at what the tiers that answered
them lose, and as many again to come, routed as chosen; so a rare judged request does
not swamp the rest, a large segment weighs what it weighs, what was lost before
(requests decided by their own cost, or routed before this refit) is made up after, and
what was served better than the target needs (judged requests the top tier answered, a
cautious start) is spent after. The traffic to come is routed request by request, as the
decision routes it: a sample of each segment's lengths stands for its requests (the
traffic's newest, a prior's quantiles), and a request longer than its segment's mean is
taken to lose more by a slope per tier (:mod:`router.learning.fitting.length`). Routing
takes a cheaper tier at its loss plus one standard error (a segment whose loss merely
looked low by chance is not sent there), and
a segment not seen yet at all traffic's loss plus the spread between segments; the
promise's lower bound counts each segment's uncertainty, times its traffic, and each
request's own outcome varying about its segment's loss.

Feedback (a helpdesk's resolved/reopened, CSAT, thumbs: a score for the one tier that
answered) refines each segment's losses where the segment has feedback on the top tier
and on a cheaper one: the difference of their mean scores counts as that many paired
outcomes would (the harmonic mean of the two counts, halved: unpaired, and the router
chose who got which). Feedback moves the routing and the promise through those losses
alone: the requests a segment counts for come from its judged outcomes (with the prior's)
and the traffic served.

A prior (``learning.prior``: outcomes known before the traffic, per segment) counts in its
segments as that many judged outcomes would, beside the traffic's own; all traffic's
loss, which a segment leans on, and the requests each segment served come from this
traffic alone, so a prior of other segments changes nothing in the routing of this
traffic's (its segments are written too, for traffic of theirs to come).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from router.learning.fitting.costs import expected_costs, fit_costs, token_costs
from router.learning.fitting.escalation_fit import cascade_of, fit_escalation
from router.learning.fitting.judged import Floats as _Floats
from router.learning.fitting.judged import Judged, judged_scores
from router.learning.fitting.judged import Key as _Key
from router.learning.fitting.length import Sizes, length_slopes, log_tokens
from router.learning.fitting.prior import KnownBefore, known_before
from router.learning.fitting.promise import CAUTION, Table, rate_for_target
from router.learning.outcomes import CallCost, Outcome, segment_key
from router.policy.model import (
    TIER_NAMES,
    EscalationSignal,
    LearnedEscalation,
    LearnedRouting,
    LearnedSegment,
    Policy,
    TierName,
)

__all__ = ["LearnedFit", "Traffic", "fit_learned"]

#: The bounds of an estimated segment prior (in outcomes).
_MIN_PRIOR, _MAX_PRIOR, _DEFAULT_PRIOR = 2.0, 50.0, 10.0
#: Feedback on a tier counts in a segment once it has this many outcomes there.
_MIN_FEEDBACK = 5
#: Requests served, per segment and the tier that answered them.
Traffic = Mapping[_Key, Mapping[TierName, int]]
#: Each tier's expected call cost (with its escalations) for requests of these input tokens.
CostOf = Callable[[_Floats], _Floats]


@dataclass(frozen=True)
class LearnedFit:
    """The learned routing and the estimate behind it."""

    learned: LearnedRouting
    #: Whether the target is met at some exchange rate (otherwise: the top tier for all).
    meets_target: bool


def _table(
    judged: Judged,
    by_segment: dict[_Key, list[int]],
    shrink: float,
    feedback: dict[_Key, tuple[_Floats, _Floats]],
    known: KnownBefore,
    served: dict[_Key, float],
    traffic: Traffic | None,
    sizes: Sizes,
    cost_of: CostOf,
) -> Table:
    overall = judged.overall()
    spread = judged.spread(by_segment, known.spread_in(served))
    top_overall = float(np.nanmean(judged.scores[:, -1]))
    keys = sorted(set(by_segment) | set(feedback) | set(known.segments))
    zero = np.zeros(len(TIER_NAMES))
    slopes = length_slopes(judged, sizes.judged, by_segment, known.slopes)
    loss, var, top, requests, samples = [], [], [], [], []
    for key in keys:
        idx = by_segment.get(key, [])
        fb_loss, fb_weight = feedback.get(key, (zero, zero))
        before = known.segments.get(key)
        n = judged.seen[idx].sum(axis=0) + fb_weight
        summed = (judged.loss[idx] * judged.seen[idx]).sum(axis=0) + fb_weight * fb_loss
        top_sum = float(np.nansum(judged.scores[idx, -1])) if idx else 0.0
        top_n = float(len(idx))
        if before is not None:
            n = n + before.count
            summed = summed + before.count * before.loss
            top_sum += before.outcomes * before.top_score
            top_n += before.outcomes
        loss.append((summed + shrink * overall) / (n + shrink))
        var.append(spread / (n + shrink))
        top.append((top_sum + shrink * top_overall) / (top_n + shrink))
        # its requests' lengths (what their calls cost): routing decides each by its own
        samples.append(sizes.sample(key, idx))
        requests.append(served.get(key, 0.0))
    losses, variances = np.array(loss), np.array(var)
    losses[:, -1] = variances[:, -1] = 0.0
    served_requests = np.array(requests)
    alike = known.alike(served)
    if alike > 0:
        # the traffic to come, as far as this traffic is of the segments the prior knows:
        # the prior's mix of them too (a stream that came one segment at a time so far
        # is still promised over all of them)
        served_requests = served_requests + alike * np.array(
            [known.segments[k].outcomes if k in known.segments else 0.0 for k in keys]
        )
    unseen = overall + CAUTION * np.sqrt(spread / max(shrink, 1e-9))
    unseen[-1] = 0.0
    past = np.array(
        [[float((traffic or {}).get(k, {}).get(t, 0)) for t in TIER_NAMES] for k in keys]
    ).reshape(len(keys), len(TIER_NAMES))
    # the samples' call costs and logs, costed once; each segment's means of them
    tokens = np.concatenate(samples)
    of = np.repeat(np.arange(len(keys)), [len(x) for x in samples])
    sample_cost, logged = cost_of(tokens), log_tokens(tokens)
    counted = np.bincount(of, minlength=len(keys)).astype(float)
    cost = np.stack(
        [
            np.bincount(of, weights=sample_cost[:, t], minlength=len(keys))
            for t in range(len(TIER_NAMES))
        ],
        axis=1,
    )
    return Table(
        keys,
        losses,
        variances,
        np.array(top),
        cost / counted[:, None],
        served_requests,
        past,
        spread,
        unseen,
        sample_cost,
        of,
        logged,
        np.bincount(of, weights=logged, minlength=len(keys)) / counted,
        slopes.slope,
    )


@dataclass(frozen=True)
class _Pass:
    """One fit of the rate: the table it stands on, the rate, its estimate."""

    by_segment: dict[_Key, list[int]]
    prior: float
    table: Table
    rate: float
    estimate: tuple[float, float, float]
    meets: bool


def _fit_pass(
    judged: Judged,
    policy: Policy,
    feedback: dict[_Key, tuple[_Floats, _Floats]],
    goal: float,
    known: KnownBefore,
    requests: dict[_Key, float],
    traffic: Traffic | None,
    sizes: Sizes,
    cost_of: CostOf,
) -> _Pass:
    settings = policy.learning
    by_segment = judged.segments()
    prior = settings.segment_prior
    if prior is None:
        prior = _segment_prior(judged.loss, judged.seen.astype(float), by_segment, judged.overall())
    table = _table(judged, by_segment, prior, feedback, known, requests, traffic, sizes, cost_of)
    rate, estimate, meets = rate_for_target(table, goal, settings.confidence)
    return _Pass(by_segment, prior, table, rate, estimate, meets)


def fit_learned(
    outcomes: Sequence[Outcome],
    calls: Sequence[CallCost],
    policy: Policy,
    traffic: Traffic | None = None,
    target: float | None = None,
    lengths: Mapping[_Key, Sequence[int]] | None = None,
) -> LearnedFit:
    """The learned routing for ``policy`` from ``outcomes``, the ``calls`` made and the
    ``traffic`` served (with its requests' ``lengths``), at the policy's quality target
    (or ``target``)."""
    settings = policy.learning
    top = len(TIER_NAMES) - 1
    # judged against the top tier (feedback scores one tier only)
    usable = [o for o in outcomes if TIER_NAMES[top] in o.scores and len(o.scores) > 1]
    known = known_before(settings.prior)
    requests = _requests(usable, traffic)
    # the prior's call costs are its data's: they stand for this traffic's where it is alike
    alike = known.alike(requests)
    costs = fit_costs(
        calls, policy, settings.prior.cost if settings.prior and alike >= 0.5 else None
    )
    if not usable:
        learned = LearnedRouting(
            exchange_usd=0.0, loss=dict.fromkeys(TIER_NAMES[:top], 1.0), cost=costs
        )
        return LearnedFit(learned, meets_target=False)
    feedback, feedback_counts = _feedback_losses(outcomes)
    expected = expected_costs(usable, policy, costs)
    goal = settings.target_quality if target is None else target
    scores = judged_scores(usable)
    sizes = Sizes(
        lengths or {}, known.tokens or {}, np.array([o.input_tokens for o in usable], dtype=float)
    )

    def plain(tokens: _Floats) -> _Floats:
        return token_costs(tokens, policy, costs)

    def refit(judged: Judged, cost_of: CostOf) -> _Pass:
        return _fit_pass(judged, policy, feedback, goal, known, requests, traffic, sizes, cost_of)

    fitted = refit(Judged.of(usable, scores), plain)
    # at that rate, which signals pay; then each tier as it answers with its escalations,
    # and again while the new rate changes what pays (twice at most)
    escalation: dict[TierName, dict[EscalationSignal, LearnedEscalation]] | None = None
    cascade = None
    # (at the dearest rate met: an escalation that pays for the target without it is not
    # undone by the lower rate it makes enough)
    pricing = 0.0
    for _ in range(2) if policy.escalation.max_steps > 0 else ():
        pricing = max(pricing, fitted.rate)
        found = fit_escalation(usable, expected, pricing, settings.confidence)
        if found == escalation:
            break
        escalation = found
        cascade = cascade_of(usable, scores, policy, escalation)
        if cascade is not None:
            fitted = refit(Judged.of(usable, cascade.scores), _escalating(cascade.costs, plain))
    by_segment, table, rate = fitted.by_segment, fitted.table, fitted.rate
    segments = [
        LearnedSegment(
            when=dict(key),
            loss=_losses(table.cautious[i]),
            outcomes=len(by_segment.get(key, []))
            + feedback_counts.get(key, 0)
            + (settings.prior.outcomes_in(dict(key)) if settings.prior is not None else 0),
            log_tokens=round(float(table.log_mean[i]), 4),
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
        length_slope={t: round(float(table.slope[k]), 6) for k, t in enumerate(TIER_NAMES[:-1])},
        log_tokens=round(float(table.sample_log_tokens.mean()), 4),
    )
    return LearnedFit(learned, meets_target=fitted.meets)


def _escalating(adjust: CostOf, plain: CostOf) -> CostOf:
    """``plain`` call costs with the next tier's call as often as each tier escalates."""

    def cost_of(tokens: _Floats) -> _Floats:
        return adjust(plain(tokens))

    return cost_of


def _requests(outcomes: Sequence[Outcome], traffic: Traffic | None) -> dict[_Key, float]:
    """The requests each segment served; where they were not counted (outcome rows from a
    file, or a segment past the count's bound), what its judged outcomes stand for."""
    counted: dict[_Key, float] = {}
    for outcome in outcomes:
        key = segment_key(outcome.segment)
        counted[key] = counted.get(key, 0.0) + outcome.weight
    for key, by_tier in (traffic or {}).items():
        if served := sum(by_tier.values()):
            counted[key] = float(served)
    return counted


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


def _losses(values: _Floats) -> dict[TierName, float]:
    return {tier: _loss(values[i]) for i, tier in enumerate(TIER_NAMES[:-1])}


def _segment_prior(
    loss: _Floats,
    w_seen: _Floats,
    by_segment: dict[_Key, list[int]],
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
