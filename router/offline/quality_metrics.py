"""Routing-quality metrics: confusion matrices, RouteLLM's APGR and CPT, cost/quality curves.

Definitions (RouteLLM, Ong et al. 2024), for a weak and a strong model and a router that
sends the rows it scores hardest to the strong model:

- PGR(c): performance gap recovered when a share ``c`` of rows goes to the strong model,
  ``(quality(c) - quality_weak) / (quality_strong - quality_weak)``.
- APGR: the area under PGR over ``c`` from 0 to 1 (here exactly, over every cut point,
  by the trapezoid rule).
- CPT(x): the smallest share of calls to the strong model that reaches PGR >= x.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pydantic import BaseModel

__all__ = [
    "CurvePoint",
    "TwoTierReport",
    "confusion_matrix",
    "pareto_front",
    "two_tier_report",
]


class CurvePoint(BaseModel):
    """One operating point: its cost and quality, as shares of the top tier's."""

    cost_share: float
    quality_share: float
    thresholds: tuple[float, ...] = ()


class TwoTierReport(BaseModel):
    """PGR curve, APGR and CPT of a router on two-tier data."""

    rows: int
    weak_quality: float
    strong_quality: float
    apgr: float
    cpt: dict[str, float | None]
    curve: list[tuple[float, float]]


def confusion_matrix(
    true: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> list[list[int]]:
    """Counts; rows are the true label, columns the predicted one, in ``labels`` order."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for t, p in zip(true, predicted, strict=True):
        matrix[index[t]][index[p]] += 1
    return matrix


def two_tier_report(
    difficulty: Sequence[float],
    weak: Sequence[float],
    strong: Sequence[float],
    targets: Sequence[float] = (0.5, 0.8),
) -> TwoTierReport:
    """PGR at every cut (the hardest-scored rows go strong first), APGR and CPT."""
    n = len(difficulty)
    if n == 0 or not (len(weak) == len(strong) == n):
        raise ValueError("difficulty, weak and strong need the same, non-zero length")
    order = sorted(range(n), key=lambda i: -difficulty[i])
    weak_total, strong_total = sum(weak), sum(strong)
    gap = strong_total - weak_total
    total = weak_total
    curve = [(0.0, 0.0)]
    for k, i in enumerate(order, start=1):
        total += strong[i] - weak[i]
        curve.append((k / n, (total - weak_total) / gap if gap else 1.0))
    apgr = sum((c1 - c0) * (p0 + p1) / 2 for (c0, p0), (c1, p1) in itertools.pairwise(curve))
    cpt: dict[str, float | None] = {}
    for target in targets:
        reached = next((c for c, pgr in curve if pgr >= target - 1e-12), None)
        cpt[f"{target:.0%}"] = reached
    return TwoTierReport(
        rows=n,
        weak_quality=weak_total / n,
        strong_quality=strong_total / n,
        apgr=apgr,
        cpt=cpt,
        curve=curve,
    )


def pareto_front(points: Sequence[CurvePoint]) -> list[CurvePoint]:
    """The points no other point beats on both cost (lower) and quality (higher)."""
    front: list[CurvePoint] = []
    for point in sorted(points, key=lambda p: (p.cost_share, -p.quality_share)):
        if not front or point.quality_share > front[-1].quality_share:
            front.append(point)
    return front
