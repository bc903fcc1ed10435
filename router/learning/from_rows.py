"""Outcome rows (``tierroute log export --format outcomes``, the shared outcome format in
the data's tier names) as what the learner learns from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from router.engine.answering.escalation import ANSWER_SIGNALS
from router.learning.learner import Learner, Recalibration
from router.learning.outcomes import Outcome
from router.messages import estimated_tokens
from router.policy.model import TIER_NAMES, EscalationSignal, Policy, TierName
from router.stores.outcome_export import DATA_TIER

__all__ = ["learner_from_rows", "recalibrate_from_rows"]


def learner_from_rows(rows: Iterable[Mapping[str, object]]) -> Learner:
    """A learner holding ``rows``: each row's scores as an outcome, each cost as a call."""
    learner = Learner()
    for row in rows:
        scores = _floats(row.get("scores"))
        costs = _floats(row.get("cost_usd"))
        tokens_value = row.get("input_tokens")
        tokens = (
            int(tokens_value)
            if isinstance(tokens_value, int | float)
            else estimated_tokens(str(row.get("prompt") or ""))
        )
        segment_value = row.get("segment")
        segment = (
            {str(k): str(v) for k, v in segment_value.items()}
            if isinstance(segment_value, dict)
            else {}
        )
        served_name = row.get("served")
        served = next((t for t in TIER_NAMES if DATA_TIER[t] == served_name), None)
        weight_value = row.get("weight")
        weight = float(weight_value) if isinstance(weight_value, int | float) else 1.0
        difficulty = row.get("difficulty")
        policy_scores = {t: scores[DATA_TIER[t]] for t in TIER_NAMES if DATA_TIER[t] in scores}
        signals = _signals(row.get("signals"))
        for tier in TIER_NAMES:
            if DATA_TIER[tier] in costs:
                learner.add_call(tier, tokens, costs[DATA_TIER[tier]])
        if policy_scores:
            learner.add_outcome(
                Outcome(
                    scores=policy_scores,
                    input_tokens=tokens,
                    segment=segment,
                    weight=weight,
                    served=served,
                    signals=signals,
                    difficulty=float(difficulty) if isinstance(difficulty, int | float) else None,
                )
            )
    return learner


def recalibrate_from_rows(policy: Policy, rows: Iterable[Mapping[str, object]]) -> Recalibration:
    """``policy`` with its learned routing fitted on ``rows``."""
    return learner_from_rows(rows).recalibrate(policy)


def _floats(value: object) -> dict[str, float]:
    if not isinstance(value, dict):
        return {}
    return {str(k): float(v) for k, v in value.items() if isinstance(v, int | float)}


def _signals(value: object) -> dict[TierName, tuple[EscalationSignal, ...]]:
    """The escalation signals each tier's answer showed (data tier -> names), those known."""
    if not isinstance(value, dict):
        return {}
    return {
        tier: tuple(s for s in ANSWER_SIGNALS if s in value[DATA_TIER[tier]])
        for tier in TIER_NAMES
        if isinstance(value.get(DATA_TIER[tier]), list)
    }
