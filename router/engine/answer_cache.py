"""What the engine caches: which requests have a key, which answers may be stored, and
how stored answers come back (a bad one is a cache error, never a failed request)."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator
from typing import Any, Literal

from pydantic import ValidationError

from router.backends.calls import (
    ModelAnswer,
    StreamDelta,
    Usage,
    close_stream,
    merged_tool_calls,
)
from router.engine.answering.escalation import answer_problem
from router.engine.decide import RouteDecision
from router.engine.requests import CachedAnswer, RouteRequest
from router.policy.model import Policy, TierName
from router.stores.cache import ResponseCache, cache_key

__all__ = ["AnswerCache"]

log = logging.getLogger("tierroute.cache")


class AnswerCache:
    """The policy's cache rules over a :class:`~router.stores.cache.ResponseCache`."""

    def __init__(self, policy: Policy, store: ResponseCache) -> None:
        self.policy = policy
        self.store = store

    def _temperature(self, request: RouteRequest, tier: TierName) -> float | None:
        spec = self.policy.tier(tier)
        return request.temperature if request.temperature is not None else spec.temperature

    def key(self, request: RouteRequest, decision: RouteDecision) -> str | None:
        """The request's cache key, or ``None`` when the policy says not to cache it."""
        settings = self.policy.cache
        temperature = self._temperature(request, decision.tier)
        if not settings.enabled or (settings.only_deterministic and temperature != 0):
            return None
        if request.logprobs:  # the log-probabilities of one sampling, not of the answer
            return None
        return cache_key(
            policy_version=self.policy.version,
            tier=decision.tier,
            messages=request.messages,
            sampling={
                "max_tokens": request.max_tokens,
                "temperature": temperature,
                "top_p": request.top_p,
                "stop": request.stop,
                "seed": request.seed,
                "response_format": request.response_format,
                "metadata": request.metadata,
                "forced": request.tier,
                "tools": request.tools,
                "tool_choice": request.tool_choice,
                "parallel_tool_calls": request.parallel_tool_calls,
            },
        )

    def storable(self, request: RouteRequest, tier: TierName, answer: ModelAnswer) -> bool:
        """Only answers that pass the escalation checks (and were not cut for looping),
        from a deterministic tier."""
        if self.policy.cache.only_deterministic and self._temperature(request, tier) != 0:
            return False
        if answer.looped:  # cut where it began to loop: not an answer worth keeping
            return False
        return answer_problem(answer, request, self.policy, tier) is None

    def ttl(self, tier: TierName) -> int:
        """Seconds an answer of ``tier`` is kept."""
        return self.policy.cache.ttl_s.get(tier, 3600)

    def parse(self, stored: str) -> CachedAnswer | None:
        """A stored answer, or ``None`` (counted as a cache error) if it does not parse."""
        try:
            return CachedAnswer.model_validate_json(stored)
        except ValidationError:
            self.store.stats.errors += 1
            log.warning("a cached answer did not parse; answering afresh")
            return None

    async def lookup(
        self, key: str
    ) -> tuple[Literal["hit", "miss", "bypass"], CachedAnswer | None]:
        """The stored answer for ``key`` and how the lookup went (counted in the store's
        stats); a stored answer that does not parse is a cache error, and a ``bypass``."""
        found = await self.store.lookup(key)
        if found.stored is None:
            return found.status, None
        cached = self.parse(found.stored)
        return ("hit", cached) if cached is not None else ("bypass", None)

    async def storing(
        self,
        key: str,
        request: RouteRequest,
        tier: TierName,
        model: str,
        deltas: AsyncGenerator[StreamDelta, None],
    ) -> AsyncGenerator[StreamDelta, None]:
        """Pass a stream of ``tier`` through and store the whole answer when it completes."""
        parts: list[str] = []
        calls: list[dict[str, Any]] = []
        try:
            async for delta in deltas:
                parts.append(delta.content)
                calls.extend(delta.tool_calls or ())
                if delta.finish_reason is not None:
                    answer = ModelAnswer(
                        model=model,
                        content="".join(parts),
                        finish_reason=delta.finish_reason,
                        usage=delta.usage or Usage(),
                        tool_calls=merged_tool_calls(calls) if calls else None,
                    )
                    if self.storable(request, tier, answer):
                        stored = CachedAnswer(tier=tier, answer=answer).model_dump_json()
                        await self.store.set(key, stored, self.ttl(tier))
                yield delta
        finally:
            await close_stream(deltas)
