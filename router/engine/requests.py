"""What the engine takes and gives: one routed request and its result."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from router.backends.calls import Attempt, ModelAnswer, Usage
from router.engine.decide import RouteDecision
from router.policy.model import TierName

__all__ = ["CachedAnswer", "RouteRequest", "RouteResult"]


class RouteRequest(BaseModel):
    """A chat request as the engine sees it (HTTP, CLI and pipeline all build one)."""

    model_config = ConfigDict(frozen=True)
    messages: list[dict[str, Any]] = Field(min_length=1)
    tier: TierName | None = None
    metadata: dict[str, str] = Field(default_factory=dict)
    max_tokens: int | None = Field(default=None, gt=0)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, gt=0, le=1)
    stop: list[str] | None = None
    seed: int | None = None
    response_format: dict[str, Any] | None = None


class RouteResult(BaseModel):
    """The answer and the path that led to it."""

    decision: RouteDecision
    tier: TierName
    answer: ModelAnswer
    attempts: list[Attempt]
    trimmed_input: bool = False
    #: ``hit``: answered from the cache (nothing was called); ``miss``: stored now;
    #: ``bypass``: the cache failed and was skipped; ``off``: not cacheable.
    cache: Literal["hit", "miss", "bypass", "off"] = "off"
    #: Seconds the routing decision took.
    decision_s: float = 0.0

    @property
    def escalations(self) -> list[str]:
        """``"small->mid: length"`` for every escalation, in order."""
        steps = []
        for index, attempt in enumerate(self.attempts):
            if attempt.outcome == "escalated":
                target = next(
                    (a.tier for a in self.attempts[index + 1 :] if a.tier != attempt.tier),
                    attempt.tier,
                )
                steps.append(f"{attempt.tier}->{target}: {attempt.reason}")
        return steps

    @property
    def called(self) -> list[TierName]:
        """Tiers that answered or were tried, in order, each once."""
        seen: list[TierName] = []
        for attempt in self.attempts:
            if attempt.tier not in seen:
                seen.append(attempt.tier)
        return seen

    @property
    def usage(self) -> Usage:
        """Tokens of every call made."""
        total = Usage()
        for attempt in self.attempts:
            total = total + attempt.usage
        return total

    @property
    def cost_usd(self) -> float:
        """What every call made cost (a cascade pays for each tier it called)."""
        return sum(attempt.cost_usd for attempt in self.attempts)


class CachedAnswer(BaseModel):
    """What the cache keeps of a result: the answer and the tier that gave it."""

    tier: TierName
    answer: ModelAnswer

    def as_result(self, decision: RouteDecision, decision_s: float = 0.0) -> RouteResult:
        """A result answered from the cache: no calls, no cost."""
        return RouteResult(
            decision=decision,
            tier=self.tier,
            answer=self.answer,
            attempts=[],
            cache="hit",
            decision_s=decision_s,
        )
