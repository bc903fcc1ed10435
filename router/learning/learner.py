"""The learner: outcomes and call costs come in; every ``recalibrate.every`` new outcomes
it refits the learned routing and hands back the policy with it (validated, its change
said in a line)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist

from router.learning.fit import LearnedFit, fit_learned
from router.learning.outcomes import CallCost, Outcome, segment_key
from router.policy.model import TIER_NAMES, Policy, TierName

__all__ = ["Learner", "Recalibration"]

#: Judged requests needed before the quality delivered steers the exchange rate.
_MIN_DELIVERED = 30


@dataclass(frozen=True)
class Recalibration:
    """A refit: the new policy, the fit, and the estimate before and after."""

    policy: Policy
    fit: LearnedFit
    outcomes: int
    before: str
    after: str

    def describe(self) -> str:
        """The change in a line, for the log."""
        return (
            f"recalibrated on {self.outcomes} outcomes: {self.before} -> {self.after}"
            f" (policy {self.policy.version})"
        )


def _estimate(policy: Policy) -> str:
    learned = policy.routing.learned
    if learned is None:
        return "thresholds"
    if learned.quality_share is None:
        return f"exchange ${learned.exchange_usd:.6f}"
    return (
        f"quality {learned.quality_share:.1%} (>= {learned.quality_lower_bound or 0:.1%} at "
        f"{policy.learning.confidence:.0%}), cost {learned.cost_share or 0:.1%} of the top tier"
    )


def _judged(outcome: Outcome) -> int:
    """1 for an outcome that judged a tier against the top tier, else 0 (feedback)."""
    return int(TIER_NAMES[-1] in outcome.scores and len(outcome.scores) > 1)


class Learner:
    """Collects outcomes and call costs for one policy's traffic (bounded, newest kept)."""

    def __init__(self, max_outcomes: int = 50_000, max_calls: int = 20_000) -> None:
        self.outcomes: list[Outcome] = []
        self.calls: list[CallCost] = []
        self._max_outcomes = max_outcomes
        self._max_calls = max_calls
        self._segments: Counter[tuple[tuple[str, str], ...]] = Counter()
        self._since = 0
        #: What the fitted exchange rate is multiplied by: raised while the quality
        #: delivered falls short of the target, eased back while it is above.
        self.correction = 1.0

    def add_outcome(self, outcome: Outcome) -> None:
        """One judged request, or feedback on one (a score for the tier that answered)."""
        self.outcomes.append(outcome)
        self._segments[segment_key(outcome.segment)] += _judged(outcome)
        self._since += 1
        if len(self.outcomes) > self._max_outcomes:
            dropped = self.outcomes.pop(0)
            self._segments[segment_key(dropped.segment)] -= _judged(dropped)

    def add_call(self, tier: TierName, input_tokens: int, cost_usd: float) -> None:
        """One call made, served or shadow."""
        self.calls.append(CallCost(tier, input_tokens, cost_usd))
        if len(self.calls) > self._max_calls:
            del self.calls[: len(self.calls) - self._max_calls]

    def segment_outcomes(self, segment: Mapping[str, str]) -> int:
        """Judged outcomes seen for ``segment``."""
        return self._segments[segment_key(segment)]

    def due(self, policy: Policy) -> bool:
        """Whether enough new outcomes came in for a refit."""
        settings = policy.learning
        if not settings.recalibrate.enabled or not self.outcomes:
            return False
        if policy.routing.learned is None:
            return len(self.outcomes) >= max(settings.shadow.warmup, 1)
        return self._since >= settings.recalibrate.every

    def delivered(self) -> tuple[float, float, int] | None:
        """The quality the callers got, as a share of the top tier's, on the judged
        requests (weighted by what each stands for): the share, its standard error and
        the number of requests behind it."""
        pairs = [
            (o.weight, o.scores[o.served], o.scores[TIER_NAMES[-1]])
            for o in self.outcomes
            if o.served is not None and o.served in o.scores and TIER_NAMES[-1] in o.scores
        ]
        best = sum(w * top for w, _, top in pairs)
        if not pairs or best <= 0:
            return None
        share = sum(w * got for w, got, _ in pairs) / best
        residual = sum((w * (got - share * top)) ** 2 for w, got, top in pairs)
        return share, math.sqrt(residual) / best, len(pairs)

    def _correct(self, policy: Policy) -> None:
        delivered = self.delivered()
        if delivered is None or delivered[2] < _MIN_DELIVERED:
            return
        # the quality delivered, at the stated confidence
        share = delivered[0] - NormalDist().inv_cdf(policy.learning.confidence) * delivered[1]
        target = policy.learning.target_quality
        if share < target:
            self.correction = min(self.correction * 1.25, 50.0)
        elif share > target + 0.01:
            self.correction = max(self.correction / 1.1, 1.0)

    def recalibrate(self, policy: Policy) -> Recalibration:
        """``policy`` with its learned routing refitted on everything seen."""
        fit = fit_learned(self.outcomes, self.calls, policy)
        self._correct(policy)
        learned = fit.learned.model_copy(
            update={"exchange_usd": fit.learned.exchange_usd * self.correction}
        )
        updated = policy.with_learned(learned)
        self._since = 0
        return Recalibration(
            policy=updated,
            fit=fit,
            outcomes=len(self.outcomes),
            before=_estimate(policy),
            after=_estimate(updated),
        )
