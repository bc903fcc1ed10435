"""Judged outcomes as arrays (rows x tiers): each tier's score and its loss against the
top tier, for the fits to share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from router.learning.outcomes import Outcome, segment_key
from router.policy.base import SegmentKey
from router.policy.model import TIER_NAMES

__all__ = ["MIN_SPREAD", "Floats", "Judged", "Key", "judged_scores"]

Floats = NDArray[np.float64]
Key = SegmentKey
#: The least variance of one outcome's loss (a tier judged a few times, all alike).
MIN_SPREAD = 0.01


@dataclass(frozen=True)
class Judged:
    """The outcomes that judged the top tier, as arrays (rows x tiers)."""

    scores: Floats  # nan where a tier was not judged
    seen: NDArray[np.bool_]
    loss: Floats  # the top tier's score minus each tier's (0 where not judged)
    keys: list[Key]

    @classmethod
    def of(cls, outcomes: Sequence[Outcome], scores: Floats | None = None) -> Judged:
        """The outcomes' scores (or ``scores``, rows x tiers, nan where not judged)."""
        if scores is None:
            scores = judged_scores(outcomes)
        seen = ~np.isnan(scores)
        loss = np.where(seen, scores[:, -1:] - scores, 0.0)
        return cls(scores, seen, loss, [segment_key(o.segment) for o in outcomes])

    def overall(self) -> Floats:
        """All traffic's loss per tier; a tier never judged loses everything."""
        counted = self.seen.sum(axis=0)
        overall = np.where(
            counted > 0, (self.loss * self.seen).sum(axis=0) / np.maximum(counted, 1), 1.0
        )
        overall[-1] = 0.0
        return overall

    def spread(
        self, by_segment: dict[Key, list[int]], known: tuple[Floats, Floats] | None = None
    ) -> Floats:
        """The variance of one outcome's loss within its segment, per tier (pooled over
        the segments: what a segment's mean is uncertain by, outcome by outcome), with
        ``known`` (a variance and the degrees of freedom behind it) pooled in."""
        squares = np.zeros(len(TIER_NAMES))
        counted = np.zeros(len(TIER_NAMES))
        if known is not None:
            squares += known[0] * known[1]
            counted += known[1]
        for idx in by_segment.values():
            seen = self.seen[idx]
            n = seen.sum(axis=0)
            mean = (self.loss[idx] * seen).sum(axis=0) / np.maximum(n, 1)
            squares += (np.where(seen, self.loss[idx] - mean, 0.0) ** 2).sum(axis=0)
            counted += np.maximum(n - 1, 0)
        spread: Floats = np.maximum(squares / np.maximum(counted, 1), MIN_SPREAD)
        return spread

    def segments(self) -> dict[Key, list[int]]:
        by_segment: dict[Key, list[int]] = {}
        for i, key in enumerate(self.keys):
            by_segment.setdefault(key, []).append(i)
        return by_segment


def judged_scores(outcomes: Sequence[Outcome]) -> Floats:
    """Each outcome's score per tier (rows x tiers; nan where the tier was not judged)."""
    scores = np.full((len(outcomes), len(TIER_NAMES)), np.nan)
    for i, outcome in enumerate(outcomes):
        for t, tier in enumerate(TIER_NAMES):
            if tier in outcome.scores:
                scores[i, t] = outcome.scores[tier]
    return scores
