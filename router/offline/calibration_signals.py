"""What calibration needs to know of every row, computed once with the engine's own
functions: the classifier's difficulty, which rules fire, the other escalation signals
on each recorded answer, the answer model's expected gains, the estimated cost of the
next tier, and the recorded scores and costs.

With folds, the classifier and the answer model are refitted without each row's fold,
so every row is judged by models that never saw it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.answers.model import AnswerModelArtifact, AnswerScorer, read_answer_model
from classifiers.answers.training import fit_answer_model
from classifiers.artifact import read_artifact
from classifiers.datasets import OutcomeRow, outcome_training_pairs
from classifiers.estimator import DifficultyClassifier
from classifiers.persistence import save_classifier
from classifiers.scorer import CompiledScorer, load_scorer
from router.backends.calls import ModelAnswer, Usage
from router.backends.replay import recorded_answer, recorded_output_tokens
from router.engine.answering.answer_gain import AnswerGainCheck
from router.engine.answering.escalation import escalation_reason
from router.engine.decide import apply_rules, compile_rules
from router.engine.pricing import cost_usd, tier_price
from router.messages import estimated_tokens
from router.policy.model import TIER_NAMES, Policy, TierName

__all__ = ["RowSignals", "fitted_output_tokens", "out_of_fold_signals", "row_signals"]


@dataclass
class RowSignals:
    """Per row, everything a candidate setting needs (arrays over rows)."""

    difficulty: np.ndarray  # (n,)
    #: start tier index for each threshold tier index (the rules applied): (n, 3)
    start_for: np.ndarray
    #: another escalation signal fires on the recorded answer of small / mid: (n, 2)
    fires: np.ndarray
    gain_small: np.ndarray  # (n,) small's answer, nothing before it
    gain_mid_after_small: np.ndarray  # (n,)
    gain_mid_alone: np.ndarray  # (n,)
    next_cost: np.ndarray  # (n, 2): estimated cost of mid (after small), reasoning (after mid)
    score: np.ndarray  # (n, 3) recorded score per policy tier
    cost: np.ndarray  # (n, 3) recorded (or priced) cost per policy tier


def fitted_output_tokens(
    policy: Policy, rows: Sequence[OutcomeRow], mapping: dict[TierName, str]
) -> dict[str, int]:
    """Output tokens per tier that make the policy's prices match the recorded costs
    (median over rows); the policy's own figure where the data records no cost."""
    fitted = dict(policy.escalation.expected_output_tokens)
    for tier in TIER_NAMES:
        price = policy.tier(tier).price
        data_tier = mapping[tier]
        if price is None or price.output_per_mtok <= 0:
            continue
        implied = [
            (row.cost_usd[data_tier] * 1e6 - estimated_tokens(row.prompt) * price.input_per_mtok)
            / price.output_per_mtok
            for row in rows
            if data_tier in row.cost_usd
        ]
        if implied:
            fitted[tier] = max(round(float(np.median(implied))), 0)
    return {tier: int(v) for tier, v in fitted.items()}


def _gains(
    scorer: AnswerScorer | None,
    rows: Sequence[OutcomeRow],
    mapping: dict[TierName, str],
    judged: set[TierName],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected gains of small's answer, of mid's after small's and of mid's alone
    (-1 where the answer model does not judge the tier: never escalates)."""
    n = len(rows)
    small, after, alone = np.full(n, -1.0), np.full(n, -1.0), np.full(n, -1.0)
    if scorer is None:
        return small, after, alone
    for i, row in enumerate(rows):
        first = recorded_answer(row, mapping["small"])
        second = recorded_answer(row, mapping["mid"])
        if "small" in judged and scorer.judges("small"):
            small[i] = scorer.expected_gain("small", row.prompt, first)
        if "mid" in judged and scorer.judges("mid"):
            after[i] = scorer.expected_gain("mid", row.prompt, second, [first])
            alone[i] = scorer.expected_gain("mid", row.prompt, second)
    return small, after, alone


def row_signals(
    policy: Policy,
    rows: Sequence[OutcomeRow],
    mapping: dict[TierName, str],
    scorer: CompiledScorer,
    answers: AnswerScorer | None,
    judged: set[TierName],
) -> RowSignals:
    """The signals of every row under ``policy`` (a replay policy, see
    :func:`~router.offline.replay.replay_policy`) with these models."""
    rules = compile_rules(policy)
    n = len(rows)
    difficulty = np.zeros(n)
    start_for = np.zeros((n, 3), dtype=np.int64)
    fires = np.zeros((n, 2), dtype=bool)
    score = np.zeros((n, 3))
    cost = np.zeros((n, 3))
    next_cost = np.zeros((n, 2))
    prices = {tier: tier_price(policy.tier(tier)) for tier in TIER_NAMES}
    check = AnswerGainCheck(policy, answers, prices.__getitem__) if answers else None
    for i, row in enumerate(rows):
        text = row.prompt
        difficulty[i] = scorer.score(text, explain=0).difficulty
        for k, tier in enumerate(TIER_NAMES):
            start_for[i, k] = TIER_NAMES.index(apply_rules(tier, rules, text, {})[0])
            data_tier = mapping[tier]
            score[i, k] = row.scores.get(data_tier, 0.0)
            recorded = row.cost_usd.get(data_tier)
            if recorded is None:
                usage = Usage(
                    prompt_tokens=estimated_tokens(text),
                    completion_tokens=recorded_output_tokens(row, data_tier),
                )
                recorded = cost_usd(prices[tier], usage)
            cost[i, k] = recorded
        for k, tier in enumerate(TIER_NAMES[:2]):
            content = recorded_answer(row, mapping[tier])
            answer = ModelAnswer(model=f"replay/{mapping[tier]}", content=content)
            fires[i, k] = escalation_reason(answer, policy.escalation, None) is not None
            if check is not None:
                next_cost[i, k] = check.next_cost(tier, text)
    small, after, alone = _gains(answers, rows, mapping, judged)
    return RowSignals(difficulty, start_for, fires, small, after, alone, next_cost, score, cost)


def _as_params(raw: dict[str, Any]) -> dict[str, Any]:
    return {key: tuple(value) if isinstance(value, list) else value for key, value in raw.items()}


def _fold_models(
    rows: Sequence[OutcomeRow],
    classifier_params: dict[str, Any],
    answer: AnswerModelArtifact | None,
) -> tuple[CompiledScorer, AnswerScorer | None]:
    """A classifier and an answer model fitted on ``rows`` with the given models' settings."""
    pairs = outcome_training_pairs(list(rows))
    clf = DifficultyClassifier(**classifier_params).fit(
        [text for text, _ in pairs], [label for _, label in pairs]
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "classifier.json"
        save_classifier(clf, path)
        scorer = load_scorer(path)
    answers = None
    if answer is not None:
        fitted = fit_answer_model(
            rows, answer_pattern=answer.answer_pattern, **_as_params(answer.params)
        )
        answers = AnswerScorer(fitted, "fold")
    return scorer, answers


def out_of_fold_signals(
    policy: Policy,
    rows: Sequence[OutcomeRow],
    mapping: dict[TierName, str],
    classifier: Path,
    answer_model: Path | None,
    judged: set[TierName],
    folds: int,
    seed: int = 0,
) -> RowSignals:
    """Signals of every row from models refitted without the row's fold."""
    from sklearn.model_selection import KFold

    artifact, _ = read_artifact(classifier)
    params = _as_params(artifact.params)
    answer = read_answer_model(answer_model)[0] if answer_model is not None else None
    parts: list[tuple[np.ndarray, RowSignals]] = []
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(np.arange(len(rows))):
        scorer, answers = _fold_models([rows[i] for i in train], params, answer)
        held = [rows[i] for i in test]
        parts.append((test, row_signals(policy, held, mapping, scorer, answers, judged)))
    return _stitch(parts, len(rows))


def _stitch(parts: list[tuple[np.ndarray, RowSignals]], n: int) -> RowSignals:
    fields = RowSignals.__dataclass_fields__
    merged: dict[str, np.ndarray] = {}
    for name in fields:
        first = getattr(parts[0][1], name)
        merged[name] = np.zeros((n, *first.shape[1:]), dtype=first.dtype)
        for index, signals in parts:
            merged[name][index] = getattr(signals, name)
    return RowSignals(**merged)
