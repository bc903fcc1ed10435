"""Search the settings of a calibrated policy: play each candidate over the rows'
signals exactly as the engine's cascade would, keep the cost/quality front, and pick
the cheapest setting that reaches the target."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel

from router.offline.calibration_signals import RowSignals
from router.policy.model import TIER_NAMES

__all__ = ["CalibrationPoint", "Outcome", "Setting", "choose", "simulate"]


class CalibrationPoint(BaseModel):
    """One setting and what it does on the calibration data."""

    mid_threshold: float
    reasoning_threshold: float
    answer_value_usd: dict[str, float]
    quality_share: float
    cost_share: float
    tier_mix: dict[str, float]
    escalation_rate: float


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


def sureness(signals: RowSignals, outcome: Outcome, target: float, seed: int) -> float:
    """The share of 200 bootstrap resamples of the rows in which the quality share
    reaches ``target``: how sure the promise is."""
    rng = np.random.default_rng(seed)
    n = len(outcome.final)
    got = signals.score[np.arange(n), outcome.final]
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=200)
    shares = (weights @ got) / np.maximum(weights @ signals.score[:, 2], 1e-12)
    return float(np.mean(shares >= target))


def choose(
    signals: RowSignals,
    target: float,
    max_steps: int,
    *,
    confidence: float | None = None,
    seed: int = 0,
) -> tuple[CalibrationPoint, bool, list[CalibrationPoint], float]:
    """The cheapest setting that reaches ``target`` (the best one if none does), whether
    it reached it, the front of the whole grid, and how sure it is (:func:`sureness`)."""
    points = []
    for setting in candidate_settings(signals):
        quality, cost = _quality(signals, simulate(signals, setting, max_steps))
        points.append((cost, quality, setting))
    front = _front(points)
    chosen, reached = front[-1], False
    for cost, quality, setting in front:
        if quality < target:
            continue
        if (
            confidence is not None
            and sureness(signals, simulate(signals, setting, max_steps), target, seed) < confidence
        ):
            continue
        chosen, reached = (cost, quality, setting), True
        break
    curve = [_point(signals, setting, max_steps) for _, _, setting in front]
    sure = sureness(signals, simulate(signals, chosen[2], max_steps), target, seed)
    return _point(signals, chosen[2], max_steps), reached, curve, sure
