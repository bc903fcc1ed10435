"""What the learner knows before the traffic (``learning.prior``): fitted on outcome data
(every row judged on the tiers it records), and counted at every refit beside the
traffic's own judged outcomes, segment by segment."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from router.learning.fitting.costs import fit_costs
from router.learning.fitting.judged import Floats, Judged, Key
from router.learning.fitting.length import Slopes, length_slopes, token_quantiles
from router.learning.outcomes import CallCost, Outcome, segment_key
from router.policy.learning_settings import LearningPrior, PriorSegment
from router.policy.model import TIER_NAMES, Policy

__all__ = ["KnownBefore", "PriorEvidence", "fit_prior", "known_before"]


@dataclass(frozen=True)
class PriorEvidence:
    """One segment's prior, as the fit counts it: per tier (columns), the mean loss
    against the top tier and how many outcomes it counts for (0: not known), and the
    top tier's mean score."""

    loss: Floats
    count: Floats
    top_score: float

    @property
    def outcomes(self) -> float:
        """What the top tier's mean score counts for."""
        return float(self.count.max(initial=0.0))


def fit_prior(
    outcomes: Sequence[Outcome],
    calls: Sequence[CallCost],
    policy: Policy,
    source: str | None = None,
) -> LearningPrior:
    """The prior of ``outcomes`` that judged the top tier and some cheaper one: per
    segment, each cheaper tier's mean loss and the top tier's mean score; per tier, the
    variance of one outcome's loss within its segment (pooled) and what a call costs
    (fitted on ``calls``); how much more a longer request loses, and the quantiles of each
    segment's input tokens."""
    top = TIER_NAMES[-1]
    usable = [o for o in outcomes if top in o.scores and len(o.scores) > 1]
    if not usable:
        raise ValueError("no outcome scores the top tier and a cheaper one: nothing to learn")
    judged = Judged.of(usable)
    by_segment = judged.segments()
    spread = judged.spread(by_segment)
    tokens = np.array([o.input_tokens for o in usable], dtype=float)
    slopes = length_slopes(judged, tokens, by_segment)
    segments = []
    for key, idx in sorted(by_segment.items()):
        seen = judged.seen[idx]
        counted = seen.sum(axis=0)
        loss = {
            tier: round(float((judged.loss[idx, t] * seen[:, t]).sum() / counted[t]), 6)
            for t, tier in enumerate(TIER_NAMES[:-1])
            if counted[t] > 0
        }
        segments.append(
            PriorSegment(
                when=dict(key),
                outcomes=len(idx),
                loss=loss,
                top_score=round(float(np.mean(judged.scores[idx, -1])), 6),
                input_tokens=token_quantiles([usable[i].input_tokens for i in idx]),
            )
        )
    known = [bool(judged.seen[:, t].any()) for t in range(len(TIER_NAMES) - 1)]
    return LearningPrior(
        source=source,
        spread={t: round(float(spread[i]), 6) for i, t in enumerate(TIER_NAMES[:-1]) if known[i]},
        cost=fit_costs(calls, policy),
        length_slope={
            t: round(float(slopes.slope[i]), 6) for i, t in enumerate(TIER_NAMES[:-1]) if known[i]
        },
        log_tokens_variance=round(slopes.log_variance, 6),
        segments=segments,
    )


@dataclass(frozen=True)
class KnownBefore:
    """The prior as the fit counts it: per segment, and the within-segment variance of
    one outcome's loss per tier (0 where not known); how much more a longer request loses,
    and the quantiles of each segment's input tokens."""

    segments: dict[Key, PriorEvidence]
    spread: Floats
    slopes: Slopes | None = None
    tokens: Mapping[Key, Sequence[int]] | None = None

    def alike(self, requests: Mapping[Key, float]) -> float:
        """The share of ``requests`` (served, per segment) in the segments the prior knows."""
        total = sum(requests.values())
        if not self.segments or total <= 0:
            return 0.0
        return sum(n for key, n in requests.items() if key in self.segments) / total

    def spread_in(self, keys: Iterable[Key]) -> tuple[Floats, Floats] | None:
        """The variance, and its degrees of freedom in ``keys`` (the segments of this
        traffic: a prior of other segments says nothing of its spread)."""
        dof = np.zeros(len(TIER_NAMES))
        for key in set(keys):
            known = self.segments.get(key)
            if known is not None:
                dof += np.maximum(known.count - 1.0, 0.0) * (self.spread > 0)
        return (self.spread, dof) if dof.any() else None


def known_before(prior: LearningPrior | None) -> KnownBefore:
    """``prior`` (each outcome weighted by ``prior.weight``) as the fit counts it."""
    segments: dict[Key, PriorEvidence] = {}
    spread = np.zeros(len(TIER_NAMES))
    if prior is None:
        return KnownBefore(segments, spread)
    for t, tier in enumerate(TIER_NAMES[:-1]):
        spread[t] = prior.spread.get(tier, 0.0)
    slope, weight = np.zeros(len(TIER_NAMES)), np.zeros(len(TIER_NAMES))
    tokens: dict[Key, Sequence[int]] = {}
    for segment in prior.segments:
        key = segment_key(segment.when)
        if segment.input_tokens:
            tokens[key] = segment.input_tokens
        loss = np.zeros(len(TIER_NAMES))
        count = np.zeros(len(TIER_NAMES))
        for t, tier in enumerate(TIER_NAMES[:-1]):
            if tier in segment.loss:
                loss[t] = segment.loss[tier]
                count[t] = prior.weight * segment.outcomes
                if tier in prior.length_slope:
                    slope[t] = prior.length_slope[tier]
                    weight[t] += prior.weight * segment.outcomes * prior.log_tokens_variance
        count[-1] = prior.weight * segment.outcomes
        segments[key] = PriorEvidence(loss, count, segment.top_score)
    slopes = Slopes(slope, weight, prior.log_tokens_variance) if weight.any() else None
    return KnownBefore(segments, spread, slopes, tokens)
