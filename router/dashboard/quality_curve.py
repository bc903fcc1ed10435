"""Quality against cost over the logged requests whose outcome is known on every tier
(shadow judging gives those), for thresholds across their range: the curve the tuning
page draws, with the current and the proposed policy's points on it."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from router.dashboard.cost_basis import CostBasis
from router.dashboard.preview import re_decided
from router.offline.quality_metrics import CurvePoint, pareto_front
from router.policy.model import TIER_NAMES, Policy, Thresholds
from router.stores.decision_log import DecisionRecord, OutcomeRecord, Record

__all__ = ["QualityCurve", "quality_curve"]

_GRID = 21


class QualityCurve(BaseModel):
    """The cheapest quality for each cost (the front), and the two policies' points."""

    rows: int
    front: list[CurvePoint]
    current: CurvePoint
    proposed: CurvePoint


class _Row(BaseModel):
    record: DecisionRecord
    scores: dict[str, float]


def _rows(records: Sequence[Record]) -> list[_Row]:
    decisions: dict[str, DecisionRecord] = {}
    scores: dict[str, dict[str, list[float]]] = {}
    for record in records:
        if isinstance(record, DecisionRecord):
            decisions[record.request_id] = record
        elif isinstance(record, OutcomeRecord):
            scores.setdefault(record.request_id, {}).setdefault(record.tier, []).append(
                record.score
            )
    rows = []
    for request_id, by_tier in scores.items():
        decision = decisions.get(request_id)
        if decision is not None and all(t in by_tier for t in TIER_NAMES):
            mean = {t: sum(v) / len(v) for t, v in by_tier.items()}
            rows.append(_Row(record=decision, scores=mean))
    return rows


def _point(rows: list[_Row], policy: Policy, basis: CostBasis) -> CurvePoint:
    cost = top_cost = quality = top_quality = 0.0
    top = TIER_NAMES[-1]
    for row in rows:
        record = row.record
        tier = re_decided(record, policy) or record.decided_tier
        tokens = (record.input_tokens, record.output_tokens)
        cost += basis.usd(tier, *tokens)
        top_cost += basis.usd(top, *tokens)
        quality += row.scores[tier]
        top_quality += row.scores[top]
    thresholds = policy.routing.thresholds
    return CurvePoint(
        thresholds=(thresholds.mid, thresholds.reasoning),
        cost_share=cost / top_cost if top_cost > 0 else 0.0,
        quality_share=quality / top_quality if top_quality > 0 else 1.0,
    )


def quality_curve(
    records: Sequence[Record], current: Policy, proposed: Policy, basis: CostBasis
) -> QualityCurve | None:
    """The curve over the requests with outcomes on every tier (None when there are none)."""
    rows = _rows(records)
    if not rows:
        return None
    points = []
    steps = [i / (_GRID - 1) for i in range(_GRID)]
    for mid in steps:
        for reasoning in steps:
            if mid > reasoning:
                continue
            routing = current.routing.model_copy(
                update={"thresholds": Thresholds(mid=mid, reasoning=reasoning), "learned": None}
            )
            points.append(_point(rows, current.model_copy(update={"routing": routing}), basis))
    return QualityCurve(
        rows=len(rows),
        front=pareto_front(points),
        current=_point(rows, current, basis),
        proposed=_point(rows, proposed, basis),
    )
