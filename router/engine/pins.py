"""Where a request must stay: its conversation on the tier it was on (the provider's
prompt cache is kept; it may move up, or down when that is cheaper), a tool loop on the
tier that issued the call; and remembering both after an answer, whole or streamed."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Callable
from typing import Any

from router.backends.calls import StreamDelta, Usage, close_stream, merged_tool_calls
from router.conversations import answer_message, conversation_key
from router.engine.pricing import cost_usd
from router.engine.requests import Decided, RouteRequest
from router.errors import ConfigError
from router.messages import estimated_tokens, tool_loop_call_ids
from router.policy.model import TIER_NAMES, Policy, Price, TierName
from router.stores.sessions import SessionStore

__all__ = ["Pins", "moving_down_pays"]


class Pins:
    """The conversations and tool loops of one policy's requests, in ``sessions``."""

    def __init__(
        self, policy: Policy, sessions: SessionStore, price: Callable[[TierName], Price]
    ) -> None:
        self.policy = policy
        self.sessions = sessions
        self._price = price

    def _conversation(
        self, request: RouteRequest, said: dict[str, Any] | None = None
    ) -> str | None:
        if not self.policy.sessions.conversations:
            return None
        return conversation_key(
            request.messages, session=request.session, scope=request.session_scope, answer=said
        )

    async def conversation_tier(self, request: RouteRequest) -> TierName | None:
        """The tier the request's conversation is on: a previous response's, or its pin."""
        tiers = [request.session_tier] if request.session_tier is not None else []
        key = self._conversation(request) if request.tier is None else None
        if key is not None:
            pinned = await self.sessions.get(key)
            tiers.extend(t for t in TIER_NAMES if t == pinned)
        return max(tiers, key=TIER_NAMES.index) if tiers else None

    async def tool_loop(self, request: RouteRequest) -> tuple[TierName, str] | None:
        """The tier that issued the tool call ``request`` answers, and the call's id."""
        if request.tier is not None or not self.policy.sessions.tool_loops:
            return None
        for call_id in tool_loop_call_ids(request.messages):
            tier = await self.sessions.get(f"call:{call_id}")
            for name in TIER_NAMES:
                if tier == name:
                    return name, call_id
        return None

    async def keep(
        self,
        request: RouteRequest,
        decided: Decided,
        tier: TierName,
        content: str,
        calls: list[dict[str, Any]] | None,
    ) -> None:
        """After ``tier`` answered ``request`` (``content``, ``calls``): the tool loop
        comes back to it, and the conversation is on it now (never below where it was)."""
        await self._pin_calls(tier, calls)
        said = answer_message(content, calls)
        key = self._conversation(request, said)
        if key is None:
            return
        if decided.routed is not None:  # the top tier answered for the judge
            tier = decided.routed
        if decided.floor is not None and TIER_NAMES.index(decided.floor) > TIER_NAMES.index(tier):
            tier = decided.floor
        await self.sessions.set_many([key], tier, self.policy.sessions.ttl_s)

    async def _pin_calls(self, tier: TierName, calls: list[dict[str, Any]] | None) -> None:
        """Remember which tier issued ``calls``: the tool loop comes back to it."""
        if not calls or not self.policy.sessions.tool_loops:
            return
        ids = [f"call:{c['id']}" for c in calls if isinstance(c.get("id"), str) and c["id"]]
        if ids:
            await self.sessions.set_many(ids, tier, self.policy.sessions.ttl_s)

    async def remembering(
        self,
        request: RouteRequest,
        decided: Decided,
        tier: TierName,
        deltas: AsyncGenerator[StreamDelta, None],
    ) -> AsyncGenerator[StreamDelta, None]:
        """Pass a stream through; when it ends, :meth:`keep` what it said."""
        pieces: list[dict[str, Any]] = []
        text: list[str] = []
        try:
            async for delta in deltas:
                pieces.extend(delta.tool_calls or ())
                text.append(delta.content)
                if delta.finish_reason is not None:
                    calls = merged_tool_calls(pieces) if pieces else None
                    await self.keep(request, decided, tier, "".join(text), calls)
                yield delta
        finally:
            await close_stream(deltas)


def moving_down_pays(
    policy: Policy,
    price: Callable[[TierName], Price],
    request: RouteRequest,
    own: TierName,
    held: TierName,
) -> bool:
    """Whether the turn costs less on ``own`` with its history paid afresh than on
    ``held`` with the history read from the prompt cache (by the tiers' prices, each
    answer at its tier's output budget; never when a price is unknown)."""
    if policy.sessions.move_down != "when_cheaper":
        return False
    try:
        prices = {t: price(t) for t in (own, held)}
    except ConfigError:
        return False
    messages = request.messages
    history = estimated_tokens(json.dumps(messages[:-1], default=str))
    turn = history + estimated_tokens(json.dumps(messages[-1:], default=str))

    def cost(tier: TierName, cached: int) -> float:
        answer = policy.tier(tier).max_output_tokens
        usage = Usage(prompt_tokens=turn, cached_tokens=cached, completion_tokens=answer)
        return cost_usd(prices[tier], usage)

    return cost(own, 0) < cost(held, history)
