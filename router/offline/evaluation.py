"""`tierroute eval`: how well the decision routes, on tier-labelled or outcome data.

Only the pure decision runs here (no model calls): tier-labelled data gives a confusion
matrix; two-tier outcome data gives RouteLLM's APGR and CPT; three-tier outcome data gives
the cost/quality curve over the policy's two thresholds and its Pareto front.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from classifiers.datasets import (
    LabelledExample,
    OutcomeRow,
    data_tiers,
    read_jsonl,
    read_outcomes,
)
from router.engine.router import Router
from router.offline.quality_metrics import (
    CurvePoint,
    TwoTierReport,
    confusion_matrix,
    pareto_front,
    two_tier_report,
)
from router.policy.model import TIER_NAMES, Thresholds

__all__ = ["EvalReport", "evaluate_file"]


class EvalReport(BaseModel):
    """What ``tierroute eval`` found."""

    data: str
    kind: str
    rows: int
    tiers: list[str]
    accuracy: float | None = None
    confusion: list[list[int]] | None = None
    two_tier: TwoTierReport | None = None
    policy_point: CurvePoint | None = None
    curve: list[CurvePoint] | None = None


def _three_tier_point(
    difficulty: list[float], rows: list[OutcomeRow], ladder: list[str], mid: float, top: float
) -> CurvePoint:
    quality = cost = 0.0
    for score, row in zip(difficulty, rows, strict=True):
        tier = ladder[2] if score >= top else ladder[1] if score >= mid else ladder[0]
        quality += row.scores.get(tier, 0.0)
        cost += row.cost_usd.get(tier, 0.0)
    top_quality = sum(row.scores.get(ladder[2], 0.0) for row in rows)
    top_cost = sum(row.cost_usd.get(ladder[2], 0.0) for row in rows)
    return CurvePoint(
        cost_share=cost / top_cost if top_cost else 0.0,
        quality_share=quality / top_quality if top_quality else 0.0,
        thresholds=(mid, top),
    )


def evaluate_file(router: Router, path: Path, *, grid: int = 20) -> EvalReport:
    """Evaluate ``router``'s decisions on the data file at ``path``."""
    first = next(read_jsonl(path), None)
    if first is None:
        raise ValueError(f"{path}: no rows")
    if "scores" not in first[1]:
        examples = [LabelledExample.model_validate(obj) for _, obj in read_jsonl(path)]
        true = ["reasoning" if e.tier == "large" else e.tier for e in examples]
        predicted = [router.decide(e.text).tier for e in examples]
        correct = sum(t == p for t, p in zip(true, predicted, strict=True))
        return EvalReport(
            data=str(path),
            kind="tier-labelled",
            rows=len(examples),
            tiers=list(TIER_NAMES),
            accuracy=correct / len(examples),
            confusion=confusion_matrix(true, predicted, TIER_NAMES),
        )
    rows = read_outcomes(path)
    ladder = data_tiers({tier for row in rows for tier in row.scores})
    difficulty = [router.decide(row.prompt).score for row in rows]
    if len(ladder) == 2:
        report = two_tier_report(
            difficulty,
            [r.scores.get(ladder[0], 0.0) for r in rows],
            [r.scores.get(ladder[1], 0.0) for r in rows],
        )
        return EvalReport(
            data=str(path), kind="outcome-2-tier", rows=len(rows), tiers=ladder, two_tier=report
        )
    steps = [i / grid for i in range(grid + 1)]
    points = [
        _three_tier_point(difficulty, rows, ladder, mid, top)
        for mid in steps
        for top in steps
        if top >= mid
    ]
    t: Thresholds = router.policy.routing.thresholds
    return EvalReport(
        data=str(path),
        kind="outcome-3-tier",
        rows=len(rows),
        tiers=ladder,
        policy_point=_three_tier_point(difficulty, rows, ladder, t.mid, t.reasoning),
        curve=pareto_front(points),
    )
