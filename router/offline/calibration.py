"""Calibrate a policy on outcome data: the thresholds and escalation values that keep a
target share of the top tier's quality at the least cost.

Every signal the engine would compute for a row — the classifier's difficulty, which
rules fire, the other escalation signals on each recorded answer, the answer model's
expected gain and the estimated cost of the next tier — is computed once, with the
engine's own functions. Each candidate setting is then played out over those numbers
exactly as the engine's cascade would play it (a test replays the written policy through
the real engine and gets the same figures). With ``cv_folds >= 2`` the classifier and the
answer model are refitted on the other folds for every row, so the calibration sees what
a model does on questions it was not trained on.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel

from classifiers.answer_model import AnswerModelArtifact, AnswerScorer, read_answer_model
from classifiers.answer_training import fit_answer_model
from classifiers.artifact import read_artifact
from classifiers.datasets import OutcomeRow, data_tiers, outcome_training_pairs
from classifiers.estimator import DifficultyClassifier
from classifiers.persistence import save_classifier
from classifiers.scorer import CompiledScorer, load_scorer
from router.answer_gain import AnswerGainCheck
from router.backends.replay import recorded_answer
from router.calls import ModelAnswer, Usage
from router.decide import _apply_rules, compile_rules
from router.escalation import escalation_reason
from router.offline.replay import ladder_map, replay_policy
from router.policy import TIER_NAMES, Policy, TierName
from router.pricing import cost_usd, estimated_tokens, tier_price

__all__ = [
    "CalibrationPoint",
    "CalibrationResult",
    "RowSignals",
    "calibrate",
    "row_signals",
    "simulate",
]


class CalibrationPoint(BaseModel):
    """One setting and what it does on the calibration data."""

    mid_threshold: float
    reasoning_threshold: float
    answer_value_usd: dict[str, float]
    quality_share: float
    cost_share: float
    tier_mix: dict[str, float]
    escalation_rate: float


class CalibrationResult(BaseModel):
    """The chosen setting, the whole cost/quality front and how it was reached."""

    rows: int
    target_quality: float
    cv_folds: int
    reached: bool
    chosen: CalibrationPoint
    curve: list[CalibrationPoint]
    expected_output_tokens: dict[str, int]


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


def _fitted_output_tokens(
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
            start_for[i, k] = TIER_NAMES.index(_apply_rules(tier, rules, text, {})[0])
            data_tier = mapping[tier]
            score[i, k] = row.scores.get(data_tier, 0.0)
            recorded = row.cost_usd.get(data_tier)
            if recorded is None:
                usage = Usage(
                    prompt_tokens=estimated_tokens(text),
                    completion_tokens=estimated_tokens(recorded_answer(row, data_tier)),
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


@dataclass(frozen=True)
class Setting:
    """One candidate: thresholds on the difficulty and values of a correct answer."""

    mid_threshold: float
    reasoning_threshold: float
    value_small: float
    value_mid: float


@dataclass(frozen=True)
class Outcome:
    """What a setting does to each row."""

    final: np.ndarray  # tier index per row
    cost: np.ndarray  # USD per row
    escalated: np.ndarray  # bool per row


def _escalates(gain: np.ndarray, value: float, cost: np.ndarray) -> np.ndarray:
    result: np.ndarray = (value > 0) & (gain > 0) & (gain * value >= cost)
    return result


def simulate(signals: RowSignals, setting: Setting, max_steps: int) -> Outcome:
    """Play ``setting`` over every row as the engine's cascade would."""
    s = signals
    d = s.difficulty
    by_threshold = np.where(
        d >= setting.reasoning_threshold, 2, np.where(d >= setting.mid_threshold, 1, 0)
    )
    start = s.start_for[np.arange(len(d)), by_threshold]
    from_small = (max_steps >= 1) & (
        s.fires[:, 0] | _escalates(s.gain_small, setting.value_small, s.next_cost[:, 0])
    )
    mid_after = (max_steps >= 2) & (
        s.fires[:, 1] | _escalates(s.gain_mid_after_small, setting.value_mid, s.next_cost[:, 1])
    )
    mid_alone = (max_steps >= 1) & (
        s.fires[:, 1] | _escalates(s.gain_mid_alone, setting.value_mid, s.next_cost[:, 1])
    )
    c = s.cost
    final = np.where(
        start == 0,
        np.where(from_small, np.where(mid_after, 2, 1), 0),
        np.where(start == 1, np.where(mid_alone, 2, 1), 2),
    )
    cost = np.where(
        start == 0,
        c[:, 0] + from_small * (c[:, 1] + mid_after * c[:, 2]),
        np.where(start == 1, c[:, 1] + mid_alone * c[:, 2], c[:, 2]),
    )
    escalated = final != start
    return Outcome(final=final, cost=cost, escalated=escalated)


def _quality(signals: RowSignals, outcome: Outcome) -> tuple[float, float]:
    rows = np.arange(len(outcome.final))
    top_quality = float(signals.score[:, 2].sum())
    top_cost = float(signals.cost[:, 2].sum())
    quality = float(signals.score[rows, outcome.final].sum())
    return (
        quality / top_quality if top_quality else 0.0,
        float(outcome.cost.sum()) / top_cost if top_cost else 0.0,
    )


def _point(signals: RowSignals, setting: Setting, max_steps: int) -> CalibrationPoint:
    outcome = simulate(signals, setting, max_steps)
    quality_share, cost_share = _quality(signals, outcome)
    n = max(len(outcome.final), 1)
    return CalibrationPoint(
        mid_threshold=setting.mid_threshold,
        reasoning_threshold=setting.reasoning_threshold,
        answer_value_usd={"small": setting.value_small, "mid": setting.value_mid},
        quality_share=quality_share,
        cost_share=cost_share,
        tier_mix={t: float(np.sum(outcome.final == k)) / n for k, t in enumerate(TIER_NAMES)},
        escalation_rate=float(np.mean(outcome.escalated)) if len(outcome.final) else 0.0,
    )


def _value_candidates(gains: list[np.ndarray], costs: list[np.ndarray], steps: int) -> list[float]:
    """Values at which some rows start to escalate: quantiles of cost / gain."""
    ratios = np.concatenate([c[g > 0] / g[g > 0] for g, c in zip(gains, costs, strict=True)])
    if ratios.size == 0:
        return [0.0]
    quantiles = np.quantile(ratios, np.linspace(0.0, 1.0, steps))
    return [0.0, *sorted({float(f"{v:.6g}") for v in quantiles})]


def candidate_settings(signals: RowSignals, steps: int = 24) -> list[Setting]:
    """The grid searched: thresholds at quantiles of the difficulty, values at quantiles
    of the cost-to-gain ratios."""
    cuts = np.quantile(signals.difficulty, np.linspace(0.0, 1.0, 11)[1:-1])
    thresholds = sorted({0.0, 1.0, *(round(float(v), 4) for v in cuts)})
    small_values = _value_candidates([signals.gain_small], [signals.next_cost[:, 0]], steps)
    mid_values = _value_candidates(
        [signals.gain_mid_after_small, signals.gain_mid_alone],
        [signals.next_cost[:, 1], signals.next_cost[:, 1]],
        steps,
    )
    return [
        Setting(t_mid, t_reasoning, v_small, v_mid)
        for t_mid in thresholds
        for t_reasoning in thresholds
        if t_mid <= t_reasoning
        for v_small in small_values
        for v_mid in mid_values
    ]


def _front(points: list[tuple[float, float, Setting]]) -> list[tuple[float, float, Setting]]:
    """The Pareto front: cheapest first, each point better than every cheaper one."""
    front: list[tuple[float, float, Setting]] = []
    for cost, quality, setting in sorted(points, key=lambda p: (p[0], -p[1])):
        if not front or quality > front[-1][1]:
            front.append((cost, quality, setting))
    return front


def _confident(
    signals: RowSignals, outcome: Outcome, target: float, confidence: float, seed: int
) -> bool:
    """Whether the quality share reaches ``target`` in ``confidence`` of bootstrap samples."""
    rng = np.random.default_rng(seed)
    n = len(outcome.final)
    got = signals.score[np.arange(n), outcome.final]
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=200)
    shares = (weights @ got) / np.maximum(weights @ signals.score[:, 2], 1e-12)
    return bool(np.mean(shares >= target) >= confidence)


def choose(
    signals: RowSignals,
    target: float,
    max_steps: int,
    *,
    confidence: float | None = None,
    seed: int = 0,
) -> tuple[CalibrationPoint, bool, list[CalibrationPoint]]:
    """The cheapest setting that reaches ``target`` (the best one if none does), whether
    it reached it, and the front of the whole grid."""
    points = []
    for setting in candidate_settings(signals):
        quality, cost = _quality(signals, simulate(signals, setting, max_steps))
        points.append((cost, quality, setting))
    front = _front(points)
    chosen, reached = front[-1], False
    for cost, quality, setting in front:
        if quality < target:
            continue
        if confidence is not None and not _confident(
            signals, simulate(signals, setting, max_steps), target, confidence, seed
        ):
            continue
        chosen, reached = (cost, quality, setting), True
        break
    curve = [_point(signals, setting, max_steps) for _, _, setting in front]
    return _point(signals, chosen[2], max_steps), reached, curve


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
    tokens = _fitted_output_tokens(policy, rows, mapping)
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
    chosen, reached, curve = choose(
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
    )
    return result, calibrated


def write_calibrated_policy(policy: Policy, out: Path, result: CalibrationResult) -> None:
    """Write ``policy`` as YAML to ``out``; file paths in it are made relative to ``out``."""
    import os

    import yaml

    data = policy.model_dump(mode="json", exclude_defaults=True)

    def relative(value: str) -> str:
        if value.startswith("builtin:"):
            return value
        target = policy.resolve_path(value).resolve()
        return os.path.relpath(target, out.resolve().parent)

    data["routing"]["classifier"] = relative(policy.routing.classifier)
    if policy.escalation.answer_model is not None:
        data["escalation"]["answer_model"] = relative(policy.escalation.answer_model)
    if policy.replay is not None:
        data["replay"]["data"] = relative(policy.replay.data)
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
