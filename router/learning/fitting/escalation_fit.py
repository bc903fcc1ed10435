"""Which escalation signals pay, per tier: on the judged requests where a signal fired on a
tier's answer, how much better the next tier did there, valued at the learned exchange
rate, against what asking the next tier cost.

A signal escalates a tier's answers when that pays with the policy's stated confidence,
and stops escalating them when, with that confidence, it does not. In between, or on
fewer than ``MIN_FIRED`` judged requests, the policy's own setting stands. The routing
fit then counts each tier as it answers with the signals that escalate it
(:func:`cascade_of`): one step up, to the next tier's judged answer (a second step, where
``max_steps`` allows one, is not counted: its gain is left out of the promise). Judged
requests count once each, pooled over segments, as within a segment's losses.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from router.engine.answering.escalation import learned_for, signal_on
from router.learning.outcomes import Outcome
from router.policy.model import (
    TIER_NAMES,
    EscalationSignal,
    LearnedEscalation,
    Policy,
    TierName,
)

__all__ = [
    "MIN_FIRED",
    "Cascade",
    "cascade_of",
    "describe_escalation",
    "escalated_score",
    "fit_escalation",
]

#: Judged requests a signal must have fired on, for a tier, before it is decided there:
#: a normal bound on a handful of right-or-wrong gains, tested again at every refit, is
#: not to be trusted (5 of them once escalated mid's repeating answers on MMLU-Pro, where
#: mid beats the top tier, for some 800 requests before more outcomes undid it); and a
#: signal that fires on a third of the answers shows 10 times in a new segment's warm-up.
MIN_FIRED = 10
#: The least spread of one request's gain (a few requests, all alike, are not certainty).
_MIN_GAIN_SPREAD = 0.1


def fit_escalation(
    outcomes: Sequence[Outcome],
    next_cost: NDArray[np.float64],
    exchange_usd: float,
    confidence: float,
) -> dict[TierName, dict[EscalationSignal, LearnedEscalation]]:
    """Per tier and signal, whether escalating on it pays. ``next_cost`` holds each
    outcome's expected call cost per tier (rows x tiers, in ``TIER_NAMES`` order)."""
    z = NormalDist().inv_cdf(confidence)
    found: dict[tuple[int, EscalationSignal], list[tuple[float, float]]] = {}
    for row, outcome in enumerate(outcomes):
        for i, tier in enumerate(TIER_NAMES[:-1]):
            above = TIER_NAMES[i + 1]
            if tier not in outcome.scores or above not in outcome.scores:
                continue
            gain = outcome.scores[above] - outcome.scores[tier]
            for signal in outcome.signals.get(tier, ()):
                found.setdefault((i, signal), []).append((gain, float(next_cost[row, i + 1])))
    learned: dict[TierName, dict[EscalationSignal, LearnedEscalation]] = {}
    for (i, signal), rows in sorted(found.items()):
        if len(rows) < MIN_FIRED:
            continue
        gains = np.array([g for g, _ in rows])
        # what escalating was worth, request by request: the gain at the rate, less the call
        worth = exchange_usd * gains - np.array([c for _, c in rows])
        mean = float(worth.mean())
        spread = np.maximum((worth - mean) ** 2, (exchange_usd * _MIN_GAIN_SPREAD) ** 2)
        error = math.sqrt(float(spread.sum())) / len(rows)
        if mean - z * error > 0:
            escalate = True
        elif mean + z * error < 0:
            escalate = False
        else:
            continue  # too close to tell: the policy's setting stands
        gain = float(gains.mean())
        learned.setdefault(TIER_NAMES[i], {})[signal] = LearnedEscalation(
            escalate=escalate, gain=round(min(max(gain, -1.0), 1.0), 6), outcomes=len(rows)
        )
    return learned


@dataclass(frozen=True)
class Cascade:
    """Each tier as it answers with its escalations (one step up): per judged request, the
    score it ends with, and the share of each tier's answers that escalate."""

    scores: NDArray[np.float64]
    share: dict[TierName, float]

    def costs(self, expected: NDArray[np.float64]) -> NDArray[np.float64]:
        """Each tier's expected cost with the next tier's call, as often as it escalates."""
        costs = expected.copy()
        for k, tier in enumerate(TIER_NAMES[:-1]):
            costs[:, k] += self.share.get(tier, 0.0) * expected[:, k + 1]
        return costs


def cascade_of(
    outcomes: Sequence[Outcome],
    scores: NDArray[np.float64],
    policy: Policy,
    learned: Mapping[TierName, Mapping[EscalationSignal, LearnedEscalation]],
) -> Cascade | None:
    """The judged requests as each tier would answer them with the signals that escalate
    it (as learned, else as the policy says); ``None`` when none escalates. A request whose
    next tier was not judged keeps the tier's own score."""
    if policy.escalation.max_steps < 1:
        return None
    adjusted = scores.copy()
    share: dict[TierName, float] = {}
    for k, tier in enumerate(TIER_NAMES[:-1]):
        seen = escalated = 0.0
        for row, outcome in enumerate(outcomes):
            fired = outcome.signals.get(tier)
            if fired is None:
                continue  # not known how this tier's answer looked
            seen += 1  # as the losses are: each judged request counts once
            if any(signal_on(policy.escalation, learned.get(tier), s) for s in fired):
                escalated += 1
                if not math.isnan(scores[row, k + 1]):
                    adjusted[row, k] = scores[row, k + 1]
        if escalated > 0:
            share[tier] = escalated / seen
    return Cascade(adjusted, share) if share else None


def escalated_score(outcome: Outcome, tier: TierName, policy: Policy) -> float | None:
    """What a request routed to ``tier`` got under ``policy``: the next tier's score where
    the tier's answer escalates (and the next tier was judged), else the tier's own."""
    own = outcome.scores.get(tier)
    if tier == TIER_NAMES[-1] or policy.escalation.max_steps < 1:
        return own
    learned = learned_for(policy, tier)
    if any(signal_on(policy.escalation, learned, s) for s in outcome.signals.get(tier, ())):
        above = TIER_NAMES[TIER_NAMES.index(tier) + 1]
        return outcome.scores.get(above, own)
    return own


def describe_escalation(
    tier: TierName, signal: EscalationSignal, learned: LearnedEscalation
) -> str:
    """What was learned of one signal on one tier's answers, said in words."""
    verb = "escalate" if learned.escalate else "keep the answer"
    gain = f"the next tier {learned.gain:+.2f} on {learned.outcomes} judged"
    return f"{tier} on {signal}: {verb} ({gain})"
