"""What the engine takes and gives: one routed request, its decision, and its result (whole,
or streamed)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from router.backends.calls import Attempt, ModelAnswer, StreamDelta, Usage
from router.engine.decide import RouteDecision
from router.policy.model import ReasoningBudget, TierName

__all__ = [
    "CacheStatus",
    "CachedAnswer",
    "Decided",
    "RouteRequest",
    "RouteResult",
    "StreamingResult",
    "called_tiers",
    "escalation_steps",
]

#: ``hit``: answered from the cache (nothing was called); ``miss``: stored now;
#: ``bypass``: the cache failed and was skipped; ``off``: not cacheable.
CacheStatus = Literal["hit", "miss", "bypass", "off"]


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
    #: Function tools (OpenAI's chat shape), passed to tiers that take them.
    tools: list[dict[str, Any]] | None = None
    tool_choice: str | dict[str, Any] | None = None
    parallel_tool_calls: bool | None = None
    #: The caller's own wish for log-probabilities (returned to it).
    logprobs: bool = False
    top_logprobs: int | None = Field(default=None, ge=0, le=20)
    #: The caller's reasoning budget (Anthropic's ``thinking``, the Responses API's
    #: ``reasoning.effort``), in place of the policy's on tiers that reason.
    reasoning: ReasoningBudget | None = None
    #: The tier the conversation is on (a previous response's): the request stays on it
    #: or goes above it, never below.
    session_tier: TierName | None = None
    #: The conversation the caller names (a session header, ``prompt_cache_key``).
    session: str | None = Field(default=None, max_length=512)
    #: The end user a conversation belongs to (``user``): it scopes the opening's key.
    session_scope: str | None = Field(default=None, max_length=512)


@dataclass(frozen=True)
class Decided:
    """A request's routing decision and the seconds it took: made once per request, then
    handed to everything that needs it (the caller's reservation, the cascade)."""

    decision: RouteDecision
    seconds: float = 0.0
    #: The tier the request's conversation was on before it (it goes there or above).
    floor: TierName | None = None
    #: The tier routing chose, where learning had the top tier answer instead (a judged
    #: request): the conversation goes on from the routed tier, not the top one.
    routed: TierName | None = None


def escalation_steps(attempts: list[Attempt]) -> list[str]:
    """``"small->mid: length"`` for every escalation among ``attempts``, in order."""
    steps = []
    for index, attempt in enumerate(attempts):
        if attempt.outcome == "escalated":
            target = next(
                (a.tier for a in attempts[index + 1 :] if a.tier != attempt.tier), attempt.tier
            )
            steps.append(f"{attempt.tier}->{target}: {attempt.reason}")
    return steps


def called_tiers(attempts: list[Attempt]) -> list[TierName]:
    """Tiers that answered or were tried, in order, each once."""
    return list(dict.fromkeys(a.tier for a in attempts))


class RouteResult(BaseModel):
    """The answer and the path that led to it."""

    decision: RouteDecision
    tier: TierName
    answer: ModelAnswer
    attempts: list[Attempt]
    #: Whether the input was trimmed to fit the answering tier's input budget.
    trimmed_input: bool = False
    cache: CacheStatus = "off"
    #: Seconds the routing decision took.
    decision_s: float = 0.0
    #: Why the answer kept still looks unreliable (no tier above could answer), if so.
    unresolved: str | None = None
    #: Every answer given on the way, by tier, in order.
    drafts: list[tuple[TierName, str]] = Field(default_factory=list)

    @property
    def escalations(self) -> list[str]:
        """``"small->mid: length"`` for every escalation, in order."""
        return escalation_steps(self.attempts)

    @property
    def called(self) -> list[TierName]:
        """Tiers that answered or were tried, in order, each once."""
        return called_tiers(self.attempts)

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


@dataclass(frozen=True)
class StreamingResult:
    """A streamed answer: its head, known before the first byte is sent (tier, the calls
    made so far, cache status), and its pieces. The answering call's usage and cost land
    on its attempt when the last piece has been read."""

    decision: RouteDecision
    tier: TierName
    attempts: list[Attempt]
    deltas: AsyncGenerator[StreamDelta, None]
    cache: CacheStatus = "off"
    decision_s: float = 0.0
    trimmed_input: bool = False

    @property
    def escalation_count(self) -> int:
        """How many times the request escalated."""
        return sum(1 for a in self.attempts if a.outcome == "escalated")

    @property
    def called(self) -> list[TierName]:
        """Tiers that answered or were tried so far, in order, each once."""
        return called_tiers(self.attempts)
