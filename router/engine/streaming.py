"""A streamed answer: its head (known before the first byte) and its pieces."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Literal

from router.backends.calls import Attempt, ModelAnswer, StreamDelta
from router.engine.decide import RouteDecision
from router.policy.model import TierName

__all__ = ["StreamingResult", "empty_stream", "replay_answer"]


@dataclass
class StreamingResult:
    """The head of a streamed answer (known before the first byte) and its pieces."""

    decision: RouteDecision
    tier: TierName
    attempts: list[Attempt]
    deltas: AsyncIterator[StreamDelta]
    cache: Literal["hit", "miss", "bypass", "off"] = "off"
    decision_s: float = 0.0

    @property
    def escalation_count(self) -> int:
        """How many times the request escalated."""
        return sum(1 for a in self.attempts if a.outcome == "escalated")


async def replay_answer(answer: ModelAnswer) -> AsyncIterator[StreamDelta]:
    """A whole answer as a stream: its text, then the finish."""
    yield StreamDelta(content=answer.content)
    yield StreamDelta(finish_reason=answer.finish_reason, usage=answer.usage)


async def empty_stream() -> AsyncIterator[StreamDelta]:
    """A stream with nothing in it (a placeholder until the real one is attached)."""
    for _ in ():
        yield StreamDelta()
