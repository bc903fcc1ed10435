"""What a request's length says: the spread of input tokens in a segment (quantiles, for a
prior to carry) and how much more a cheaper tier loses on a request longer than its
segment's mean (per unit of log input tokens, pooled within segments; the prior's slope
counts beside the traffic's own). Routing decides each request by its own cost, so the
long requests of a segment are the ones it sends to a cheaper tier: the promise must count
what they lose, not the segment's mean."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from router.learning.fitting.judged import Floats, Judged, Key
from router.policy.model import TIER_NAMES

__all__ = ["QUANTILES", "Sizes", "Slopes", "length_slopes", "log_tokens", "token_quantiles"]

#: The quantiles of input tokens a prior keeps per segment.
QUANTILES = 16
#: A slope leans on none (0) as if this many outcomes said so.
_SHRINK = 20.0


@dataclass(frozen=True)
class Slopes:
    """Per tier: the loss per unit of log input tokens above the segment's mean, and the
    sum of squared log deviations behind it (what it counts for)."""

    slope: Floats
    weight: Floats
    #: The variance of log input tokens within a segment (pooled).
    log_variance: float


def log_tokens(tokens: Floats) -> Floats:
    """The log of input tokens (at least one)."""
    logged: Floats = np.log(np.maximum(tokens, 1.0))
    return logged


def token_quantiles(tokens: Sequence[int]) -> list[int]:
    """``QUANTILES`` evenly spaced quantiles of ``tokens`` (their middles)."""
    points = (np.arange(QUANTILES) + 0.5) / QUANTILES
    return [round(float(q)) for q in np.quantile(np.array(tokens, dtype=float), points)]


def length_slopes(
    judged: Judged,
    tokens: Floats,
    by_segment: dict[Key, list[int]],
    before: Slopes | None = None,
) -> Slopes:
    """Each tier's loss per unit of log input tokens within a segment, on ``judged`` (rows,
    with their ``tokens``), with ``before`` (a prior's) counted beside, leaning on none."""
    logged = log_tokens(tokens)
    tiers = len(TIER_NAMES)
    sxy, sxx = np.zeros(tiers), np.zeros(tiers)
    squares, dof = 0.0, 0
    for idx in by_segment.values():
        x = logged[idx]
        if len(idx) > 1:
            squares += float(((x - x.mean()) ** 2).sum())
            dof += len(idx) - 1
        for t in range(tiers - 1):
            seen = judged.seen[idx, t]
            if seen.sum() < 2:
                continue
            xs, ys = x[seen], judged.loss[idx, t][seen]
            dx = xs - xs.mean()
            sxy[t] += float((dx * (ys - ys.mean())).sum())
            sxx[t] += float((dx**2).sum())
    variance = squares / dof if dof else (before.log_variance if before else 0.0)
    if before is not None:
        sxy += before.slope * before.weight
        sxx += before.weight
        variance = variance or before.log_variance
    shrink = _SHRINK * max(variance, 1e-6)
    slope = sxy / (sxx + shrink)
    slope[-1] = 0.0
    return Slopes(np.clip(slope, -1.0, 1.0), sxx, variance)


@dataclass(frozen=True)
class Sizes:
    """The input tokens the fit knows of: the requests served, per segment (a sample: the
    newest); a prior's quantiles, per segment; and the judged requests' (rows)."""

    served: Mapping[Key, Sequence[int]]
    before: Mapping[Key, Sequence[int]]
    judged: Floats

    def sample(self, key: Key, idx: list[int]) -> Floats:
        """The input tokens of a sample of ``key``'s requests: those served and the
        prior's, else its judged ones (rows ``idx``), else all judged."""
        known = [*self.served.get(key, ()), *self.before.get(key, ())]
        if known:
            return np.array(known, dtype=float)
        return self.judged[idx] if idx else self.judged
