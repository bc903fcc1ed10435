"""Decision-log records as rows in the shared outcome format (``tierroute log export
--format outcomes``, ``tierroute calibrate --from-log``): one per decision whose outcome is
known, in the data's tier names."""

from __future__ import annotations

from collections.abc import Iterable

from router.policy.model import TierName
from router.stores.decision_log import DecisionRecord, OutcomeRecord, Record

__all__ = ["DATA_TIER", "outcome_rows"]

#: Policy tier -> the outcome format's tier name.
DATA_TIER: dict[TierName, str] = {"small": "small", "mid": "mid", "reasoning": "large"}
_BY_NAME: dict[str, str] = {str(tier): name for tier, name in DATA_TIER.items()}


def outcome_rows(records: Iterable[Record]) -> list[dict[str, object]]:
    """For every decision with a known outcome, a row in the shared outcome format (the
    data's tier names), outcomes of one tier averaged; the answers (``responses``) where
    the log kept them."""
    decisions: dict[str, DecisionRecord] = {}
    outcomes: dict[str, list[OutcomeRecord]] = {}
    for record in records:
        if isinstance(record, DecisionRecord):
            decisions[record.request_id] = record
        else:
            outcomes.setdefault(record.request_id, []).append(record)
    rows: list[dict[str, object]] = []
    for request_id, found in outcomes.items():
        decision = decisions.get(request_id)
        if decision is None:
            continue
        scores: dict[str, list[float]] = {}
        signals: dict[str, list[str]] = {}
        responses = {_data_tier(decision.final_tier): decision.answer} if decision.answer else {}
        costs = {_data_tier(decision.final_tier): decision.cost_usd}
        for outcome in found:
            tier = _data_tier(outcome.tier)
            scores.setdefault(tier, []).append(outcome.score)
            if outcome.source == "shadow" and outcome.signals is not None:
                signals[tier] = outcome.signals
            if outcome.answer is not None:
                responses.setdefault(tier, outcome.answer)
            if outcome.source == "shadow" and outcome.cost_usd:
                costs.setdefault(tier, outcome.cost_usd)
        rows.append(
            {
                "id": request_id,
                "prompt": decision.prompt or "",
                "category": next(iter(decision.segment.values()), ""),
                "segment": decision.segment,
                "time": decision.time,
                "input_tokens": decision.input_tokens,
                "difficulty": decision.score,
                "served": _data_tier(decision.final_tier),
                "weight": found[0].weight,
                "scores": {t: sum(v) / len(v) for t, v in scores.items()},
                "cost_usd": costs,
                **({"signals": signals} if signals else {}),
                **({"responses": responses} if responses else {}),
            }
        )
    return rows


def _data_tier(tier: str) -> str:
    return _BY_NAME.get(tier, tier)
