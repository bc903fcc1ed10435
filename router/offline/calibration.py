"""Calibrate a policy on outcome data: the thresholds and escalation values that keep a
target share of the top tier's quality at the least cost.

The signals of every row are computed once (:mod:`router.offline.calibration_signals`),
then every candidate setting is played out over them as the engine's cascade would
play it (:mod:`router.offline.calibration_search`); a test replays the written policy
through the real engine and gets the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from classifiers.answers.model import AnswerScorer, read_answer_model
from classifiers.datasets import OutcomeRow, data_tiers
from classifiers.scorer import load_scorer
from router.offline.calibration_search import CalibrationPoint, choose
from router.offline.calibration_signals import (
    fitted_output_tokens,
    out_of_fold_signals,
    row_signals,
)
from router.offline.replay import ladder_map, replay_policy
from router.policy.model import Policy

__all__ = ["CalibrationResult", "calibrate", "write_calibrated_policy"]


class CalibrationResult(BaseModel):
    """The chosen setting, the whole cost/quality front and how it was reached."""

    rows: int
    target_quality: float
    cv_folds: int
    reached: bool
    chosen: CalibrationPoint
    curve: list[CalibrationPoint]
    expected_output_tokens: dict[str, int]
    #: The confidence asked for, and the share of bootstrap resamples of the rows in
    #: which the chosen setting reaches the target (how sure the promise is).
    confidence: float | None = None
    sureness: float = 0.0


def calibrate(
    policy: Policy,
    rows: Sequence[OutcomeRow],
    *,
    classifier: Path,
    answer_model: Path | None,
    target_quality: float,
    cv_folds: int = 0,
    confidence: float | None = None,
    seed: int = 0,
) -> tuple[CalibrationResult, Policy]:
    """Choose ``policy``'s thresholds and answer values for ``target_quality`` on ``rows``;
    also return the calibrated policy (not yet written)."""
    from router.offline.replay import judgeable_tiers, recorded_tiers

    ladder = data_tiers({tier for row in rows for tier in row.scores})
    mapping = ladder_map(ladder)
    tokens = fitted_output_tokens(policy, rows, mapping)
    escalation = policy.escalation.model_copy(
        update={
            "max_steps": 2,
            "expected_output_tokens": tokens,
            "signals": list(dict.fromkeys([*policy.escalation.signals, "answer_gain"]))
            if answer_model is not None
            else policy.escalation.signals,
            "answer_model": str(answer_model.resolve()) if answer_model is not None else None,
        }
    )
    tuned = policy.model_copy(update={"escalation": escalation})
    judged = judgeable_tiers(mapping, recorded_tiers(list(rows))) if answer_model else set()
    replayed = replay_policy(tuned, mapping, classifier)
    if cv_folds >= 2:
        signals = out_of_fold_signals(
            replayed, rows, mapping, classifier, answer_model, judged, cv_folds, seed
        )
    else:
        scorer = load_scorer(classifier)
        answers = AnswerScorer(*read_answer_model(answer_model)) if answer_model else None
        signals = row_signals(replayed, rows, mapping, scorer, answers, judged)
    chosen, reached, curve, sure = choose(
        signals, target_quality, escalation.max_steps, confidence=confidence, seed=seed
    )
    values = {t: v for t, v in chosen.answer_value_usd.items() if v > 0 and t in judged}
    routing = policy.routing.model_copy(
        update={
            "classifier": str(classifier.resolve()),
            "thresholds": policy.routing.thresholds.model_copy(
                update={"mid": chosen.mid_threshold, "reasoning": chosen.reasoning_threshold}
            ),
        }
    )
    calibrated = policy.model_copy(
        update={
            "routing": routing,
            "escalation": escalation.model_copy(update={"answer_value_usd": values}),
        }
    )
    result = CalibrationResult(
        rows=len(rows),
        target_quality=target_quality,
        cv_folds=cv_folds if cv_folds >= 2 else 0,
        reached=reached,
        chosen=chosen,
        curve=curve,
        expected_output_tokens=tokens,
        confidence=confidence,
        sureness=sure,
    )
    return result, calibrated


def write_calibrated_policy(policy: Policy, out: Path, result: CalibrationResult) -> None:
    """Write ``policy`` as YAML to ``out``; file paths in it are made relative to ``out``."""
    import yaml

    from router.policy.loading import policy_data_at

    data = policy_data_at(policy, out, exclude_defaults=True)
    chosen = result.chosen
    header = (
        f"# Calibrated by `tierroute calibrate` on {result.rows} rows for target quality "
        f"{result.target_quality:g}{' (reached)' if result.reached else ' (NOT reached)'}:\n"
        f"# {chosen.quality_share:.1%} of the top tier's quality at {chosen.cost_share:.1%} "
        f"of its cost on that data"
        f"{f' ({result.cv_folds}-fold out-of-fold models)' if result.cv_folds else ''}.\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
