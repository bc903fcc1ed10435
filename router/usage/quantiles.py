"""Quantiles of seconds: the dashboard's latency tiles and the batch report's time to
first token per tier."""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import BaseModel

__all__ = ["Quantiles", "quantile", "quantiles"]


class Quantiles(BaseModel):
    """p50 and p99 of a tier's seconds, over ``count`` requests."""

    count: int
    p50_s: float | None
    p99_s: float | None


def quantile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile of ``values`` (nearest rank), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


def quantiles(values: Sequence[float]) -> Quantiles:
    """``values``' count, p50 and p99."""
    return Quantiles(count=len(values), p50_s=quantile(values, 0.5), p99_s=quantile(values, 0.99))
