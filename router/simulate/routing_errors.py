"""What a router's mistakes cost: expected cost and quality under a confusion matrix.

A confusion matrix ``M`` gives, for a ticket whose true tier is ``i`` (row), the
probability ``M[i][j]`` that the router sends it to tier ``j`` (column). Then:

- ``j == i``: the ticket costs ``c[i]`` and is answered well;
- ``j > i`` (over-routing): it costs ``c[j]`` and is answered well — only money is lost;
- ``j < i`` (under-routing): it costs ``c[j]`` and the answer fails with probability
  ``under_fail``; escalation catches a failure with probability ``escalation_recall``
  and asks the next tier (paying again), up to ``escalation_steps`` times; a failure
  that is not caught is a ticket answered badly, which may carry a ``miss_cost_usd``;
  one caught when no step is left goes to a person at ``human_cost_usd`` (the human
  rung: answered well) when that is set, else it too is answered badly.

Every expectation is linear in ``M``, so along the symmetric family (accuracy ``p`` on
the diagonal, the errors split evenly) it is linear in ``p`` and the break-even
accuracy is solved exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from router.policy.model import TIER_NAMES

__all__ = [
    "BreakEven",
    "Confusion",
    "ErrorModel",
    "Outcome",
    "break_even",
    "cost_curve",
    "expected_outcome",
    "max_miss_cost",
]

Fraction = Annotated[float, Field(ge=0, le=1)]
_N = len(TIER_NAMES)
_ROW_TOLERANCE = 1e-6


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Confusion(_Frozen):
    """Routing probabilities: rows = true tier, columns = routed tier, cheapest first."""

    source: str
    matrix: list[list[float]]

    @field_validator("matrix")
    @classmethod
    def _stochastic(cls, value: list[list[float]]) -> list[list[float]]:
        if len(value) != _N or any(len(row) != _N for row in value):
            raise ValueError(f"must be {_N}x{_N} (rows = true tier, columns = routed tier)")
        for row in value:
            if min(row) < 0 or abs(sum(row) - 1) > _ROW_TOLERANCE:
                raise ValueError(f"each row must be >= 0 and sum to 1, got {row}")
        return value

    @classmethod
    def symmetric(cls, accuracy: float) -> Confusion:
        """Accuracy ``p`` on the diagonal, ``(1-p)/2`` to each other tier."""
        off = (1 - accuracy) / (_N - 1)
        matrix = [[accuracy if i == j else off for j in range(_N)] for i in range(_N)]
        return cls(source=f"symmetric, accuracy {accuracy:g}", matrix=matrix)

    def accuracy(self, mix: Sequence[float]) -> float:
        """Share of tickets routed to their true tier under ``mix``."""
        return sum(m * self.matrix[i][i] for i, m in enumerate(mix))


class ErrorModel(_Frozen):
    """What happens to a misrouted ticket."""

    under_fail: Fraction = 1.0
    escalation_recall: Fraction = 0.0
    escalation_steps: Annotated[int, Field(ge=0, le=_N - 1)] = 1
    miss_cost_usd: Annotated[float, Field(ge=0)] = 0.0
    #: What a person costs per ticket handed over (the rung above the top tier); no
    #: human rung when unset.
    human_cost_usd: Annotated[float, Field(ge=0)] | None = None


class Outcome(_Frozen):
    """Expected cost (USD per ticket) and quality of a router with a given confusion."""

    cost_usd: float
    miss_cost_usd: float
    total_usd: float
    perfect_usd: float
    over_routing_usd: float
    under_routing_saving_usd: float
    escalation_usd: float
    quality: float
    quality_loss: float
    failed_first: float
    recovered: float
    #: Share of tickets handed to a person, and what they cost per ticket (in cost_usd).
    handoff: float = 0.0
    human_usd: float = 0.0


def _path(
    true: int, routed: int, costs: Sequence[float], model: ErrorModel
) -> tuple[float, float, float]:
    """Expected (model cost, P(answered well), P(handed to a person)) of a ticket of tier
    ``true`` sent to ``routed``."""
    if routed >= true:
        return costs[routed], 1.0, 0.0
    cost, good, human = costs[routed], 1.0 - model.under_fail, 0.0
    caught = model.under_fail * model.escalation_recall
    if model.escalation_steps > 0 and caught > 0:
        rest = model.model_copy(update={"escalation_steps": model.escalation_steps - 1})
        next_cost, next_good, next_human = _path(true, routed + 1, costs, rest)
        cost += caught * next_cost
        good += caught * next_good
        human += caught * next_human
    elif model.human_cost_usd is not None and caught > 0:
        good += caught
        human += caught
    return cost, good, human


def expected_outcome(
    costs: Sequence[float], mix: Sequence[float], confusion: Confusion, model: ErrorModel
) -> Outcome:
    """Expected cost and quality per ticket; ``costs`` are USD per ticket per tier."""
    perfect = over = under = escalation = quality = failed = handoff = 0.0
    for i, share in enumerate(mix):
        perfect += share * costs[i]
        for j, routed in enumerate(confusion.matrix[i]):
            weight = share * routed
            cost, good, human = _path(i, j, costs, model)
            quality += weight * good
            handoff += weight * human
            if j > i:
                over += weight * (costs[j] - costs[i])
            elif j < i:
                under += weight * (costs[j] - costs[i])
                escalation += weight * (cost - costs[j])
                failed += weight * model.under_fail
    human_usd = handoff * (model.human_cost_usd or 0.0)
    cost = perfect + over + under + escalation + human_usd
    loss = 1.0 - quality
    miss = loss * model.miss_cost_usd
    return Outcome(
        handoff=handoff,
        human_usd=human_usd,
        cost_usd=cost,
        miss_cost_usd=miss,
        total_usd=cost + miss,
        perfect_usd=perfect,
        over_routing_usd=over,
        under_routing_saving_usd=under,
        escalation_usd=escalation,
        quality=quality,
        quality_loss=loss,
        failed_first=failed,
        recovered=failed - loss - handoff,
    )


class BreakEven(_Frozen):
    """The router accuracy at which tiered routing costs as much as all-to-top."""

    #: ``crosses``: cheaper from ``accuracy`` up; ``cheaper_only_below``: cheaper only
    #: under ``accuracy`` (when the top tier is not the dearest); or one of the extremes.
    verdict: Literal["crosses", "cheaper_only_below", "cheaper_at_any_accuracy", "never_cheaper"]
    accuracy: float | None
    total_at_zero_usd: float
    total_at_one_usd: float
    top_usd: float


def break_even(costs: Sequence[float], mix: Sequence[float], model: ErrorModel) -> BreakEven:
    """Smallest symmetric-confusion accuracy ``p`` at which tiered total = all-to-top cost.

    ``total(p)`` is linear, so ``p* = (total(0) - top) / (total(0) - total(1))``.
    """
    top = costs[-1]
    at_zero = expected_outcome(costs, mix, Confusion.symmetric(0.0), model).total_usd
    at_one = expected_outcome(costs, mix, Confusion.symmetric(1.0), model).total_usd
    verdict: Literal["crosses", "cheaper_only_below", "cheaper_at_any_accuracy", "never_cheaper"]
    accuracy: float | None = None
    if at_zero <= top and at_one <= top:
        verdict = "cheaper_at_any_accuracy"
    elif at_zero > top and at_one >= top:
        verdict = "never_cheaper"
    else:  # the line crosses the all-to-top cost inside [0, 1]
        verdict = "crosses" if at_zero > top else "cheaper_only_below"
        accuracy = (at_zero - top) / (at_zero - at_one)
    return BreakEven(
        verdict=verdict,
        accuracy=accuracy,
        total_at_zero_usd=at_zero,
        total_at_one_usd=at_one,
        top_usd=top,
    )


def max_miss_cost(outcome: Outcome, top_usd: float) -> float | None:
    """The largest USD cost per uncaught failure at which this router still matches all-to-top.

    None when the router never fails a ticket (any miss cost is fine); 0 when it costs
    more than all-to-top even if failures were free.
    """
    if outcome.quality_loss <= 0:
        return None
    return max(0.0, (top_usd - outcome.cost_usd) / outcome.quality_loss)


def cost_curve(
    costs: Sequence[float], mix: Sequence[float], model: ErrorModel, accuracies: Sequence[float]
) -> list[float]:
    """Expected total USD per ticket (cost + misses) at each symmetric accuracy."""
    return [
        expected_outcome(costs, mix, Confusion.symmetric(p), model).total_usd for p in accuracies
    ]
