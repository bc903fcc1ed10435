"""The router: one object per loaded policy that decides requests and answers them.

A request is decided once (:meth:`Router.decide_request`, pure and timed), looked up in
the response cache, and otherwise answered by one :class:`~router.engine.answering.cascade.Cascade`
over the tiers, whole (:meth:`Router.handle`) or streamed (:meth:`Router.stream`).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncGenerator, Iterable, Mapping
from pathlib import Path
from typing import Any

from classifiers.scorer import CompiledScorer
from router.backends import Backends
from router.backends.calls import StreamDelta, Usage, close_stream, merged_tool_calls
from router.backends.capabilities import Capabilities, capabilities_of
from router.conversations import answer_message, conversation_key
from router.engine.answer_cache import AnswerCache
from router.engine.answering.answer_gain import load_answer_gain_check
from router.engine.answering.cascade import Cascade, replay_answer
from router.engine.answering.tiers import TierRunner
from router.engine.decide import Metadata, RouteDecision, RouteReason, compile_rules, decide
from router.engine.pricing import cost_usd
from router.engine.requests import (
    CachedAnswer,
    CacheStatus,
    Decided,
    RouteRequest,
    RouteResult,
    StreamingResult,
)
from router.errors import CapabilityMissing, ConfigError
from router.messages import (
    estimated_tokens,
    needed_capabilities,
    text_of_messages,
    tool_loop_call_ids,
)
from router.policy.loading import load_policy_scorer
from router.policy.model import TIER_NAMES, Policy, TierName
from router.stores.cache import ResponseCache
from router.stores.sessions import SessionStore

__all__ = ["Router"]


class Router:
    """Decides and answers requests under one policy: its classifier and rules, its tiers
    (through shared backends), its response cache if it has one.

    Examples
    --------
    >>> from router import load_policy, Router
    >>> router = Router(load_policy("policies/default.yaml"))
    >>> router.decide("How do I reset my password?").tier
    'small'
    """

    def __init__(
        self,
        policy: Policy,
        *,
        scorer: CompiledScorer | None = None,
        backends: Backends | None = None,
        cache: ResponseCache | None = None,
        sessions: SessionStore | None = None,
    ) -> None:
        self.policy = policy
        #: Where tool loops are pinned to the tier that issued the call.
        self.sessions = sessions
        self.scorer = scorer if scorer is not None else load_policy_scorer(policy)
        if backends is None:
            replay = policy.resolve_path(policy.replay.data) if policy.replay else None
            backends = Backends(replay_data=replay)
        self.backends = backends
        self.cache = cache
        self._answers = AnswerCache(policy, cache) if cache is not None else None
        self._rules = compile_rules(policy)
        self._runner = TierRunner(policy, self.backends)
        self._answer_gain = load_answer_gain_check(policy, self._runner.price)
        self._capabilities: dict[TierName, Capabilities] = {}

    @classmethod
    def from_file(cls, path: str | Path) -> Router:
        """A router for the policy file at ``path``."""
        from router.policy.loading import load_policy

        return cls(load_policy(path))

    def decide(self, text: str, metadata: Metadata | None = None) -> RouteDecision:
        """The tier for ``text`` and why (no model is called)."""
        return decide(
            text, policy=self.policy, scorer=self.scorer, rules=self._rules, metadata=metadata
        )

    def decide_messages(
        self, messages: Iterable[Mapping[str, object]], metadata: Metadata | None = None
    ) -> RouteDecision:
        """The tier for a chat conversation (its user messages are scored)."""
        return self.decide(text_of_messages(messages), metadata)

    def decide_request(self, request: RouteRequest) -> Decided:
        """The decision for ``request`` (the tier the caller forced, if any, with the
        classifier's score kept) and how long it took: made once per request."""
        started = time.perf_counter()
        decision = self.decide_messages(request.messages, request.metadata)
        if request.tier is not None:
            forced = RouteReason(
                kind="forced", detail=f"tier {request.tier!r} requested by the caller"
            )
            decision = decision.model_copy(
                update={"tier": request.tier, "reasons": [forced, *decision.reasons]}
            )
        return Decided(decision, time.perf_counter() - started)

    async def place(self, request: RouteRequest) -> Decided:
        """The decision for ``request`` where it must go: a tool loop back to the tier that
        issued the call (it may escalate from there), and onto a tier that can do what the
        request needs (tools, images, a JSON schema), or a :class:`CapabilityMissing`."""
        decided = self.decide_request(request)
        decision = decided.decision
        pinned = await self._pinned(request)
        if pinned is not None:
            tier, call_id = pinned
            why = RouteReason(
                kind="tool_loop", detail=f"continues tool call {call_id!r}, issued by {tier!r}"
            )
            decision = decision.model_copy(
                update={"tier": tier, "reasons": [why, *decision.reasons]}
            )
        floor = await self._conversation_tier(request)
        if (
            floor is not None
            and request.tier is None
            and TIER_NAMES.index(decision.tier) < TIER_NAMES.index(floor)
        ):
            if self._moving_down_pays(request, decision.tier, floor):
                why = RouteReason(
                    kind="session",
                    detail=f"the conversation moves down from {floor!r}: {decision.tier!r} "
                    "costs less, even with the history paid again",
                )
                decision = decision.model_copy(update={"reasons": [why, *decision.reasons]})
                floor = None
            else:
                why = RouteReason(
                    kind="session", detail=f"the conversation is on {floor!r}: it stays there"
                )
                decision = decision.model_copy(
                    update={"tier": floor, "reasons": [why, *decision.reasons]}
                )
        needs = needed_capabilities(
            request.messages, request.tools, request.response_format, request.logprobs
        )
        if needs:
            decision = await self._capable(request, decision, needs)
        return Decided(decision, decided.seconds, floor=floor)

    def _conversation(
        self, request: RouteRequest, said: dict[str, Any] | None = None
    ) -> str | None:
        if self.sessions is None or not self.policy.sessions.conversations:
            return None
        return conversation_key(
            request.messages, session=request.session, scope=request.session_scope, answer=said
        )

    async def _conversation_tier(self, request: RouteRequest) -> TierName | None:
        """The tier the request's conversation is on: a previous response's, or its pin."""
        tiers = [request.session_tier] if request.session_tier is not None else []
        key = self._conversation(request) if request.tier is None else None
        if key is not None and self.sessions is not None:
            pinned = await self.sessions.get(key)
            tiers.extend(t for t in TIER_NAMES if t == pinned)
        return max(tiers, key=TIER_NAMES.index) if tiers else None

    def _moving_down_pays(self, request: RouteRequest, own: TierName, held: TierName) -> bool:
        """Whether the turn costs less on ``own`` with its history paid afresh than on
        ``held`` with the history read from the prompt cache (by the tiers' prices, each
        answer at its tier's output budget; never when a price is unknown)."""
        if self.policy.sessions.move_down != "when_cheaper":
            return False
        try:
            prices = {t: self._runner.price(t) for t in (own, held)}
        except ConfigError:
            return False
        messages = request.messages
        history = estimated_tokens(json.dumps(messages[:-1], default=str))
        turn = history + estimated_tokens(json.dumps(messages[-1:], default=str))

        def cost(tier: TierName, cached: int) -> float:
            answer = self.policy.tier(tier).max_output_tokens
            usage = Usage(prompt_tokens=turn, cached_tokens=cached, completion_tokens=answer)
            return cost_usd(prices[tier], usage)

        return cost(own, 0) < cost(held, history)

    async def _keep_conversation(
        self, request: RouteRequest, decided: Decided, tier: TierName, said: dict[str, Any]
    ) -> None:
        """Remember the tier ``request``'s conversation is on now (never below where it was);
        ``said``: the answer, as the assistant message the caller sends back."""
        key = self._conversation(request, said)
        if key is None or self.sessions is None:
            return
        if decided.routed is not None:  # the top tier answered for the judge
            tier = decided.routed
        if decided.floor is not None and TIER_NAMES.index(decided.floor) > TIER_NAMES.index(tier):
            tier = decided.floor
        await self.sessions.set_many([key], tier, self.policy.sessions.ttl_s)

    async def _pinned(self, request: RouteRequest) -> tuple[TierName, str] | None:
        if self.sessions is None or request.tier is not None:
            return None
        if not self.policy.sessions.tool_loops:
            return None
        for call_id in tool_loop_call_ids(request.messages):
            tier = await self.sessions.get(f"call:{call_id}")
            for name in TIER_NAMES:
                if tier == name:
                    return name, call_id
        return None

    def capabilities(self, tier: TierName) -> Capabilities:
        """What ``tier``'s model can do (looked up once; litellm's model info may load)."""
        if tier not in self._capabilities:
            spec = self.policy.tier(tier)
            kind = Backends.kind_for(spec, reasoning=spec.reasoning is not None)
            self._capabilities[tier] = capabilities_of(spec, kind)
        return self._capabilities[tier]

    def capable_tiers(self, needs: Iterable[str]) -> list[TierName]:
        """The tiers that can do everything in ``needs``."""
        wanted = list(needs)
        return [
            t
            for t in TIER_NAMES
            if all(self.capabilities(t).has(n) for n in wanted)  # type: ignore[arg-type]
        ]

    async def _capable(
        self, request: RouteRequest, decision: RouteDecision, needs: dict[str, str]
    ) -> RouteDecision:
        if len(self._capabilities) < len(TIER_NAMES):
            await asyncio.to_thread(lambda: [self.capabilities(t) for t in TIER_NAMES])
        capable = self.capable_tiers(needs)
        if decision.tier in capable:
            return decision
        wanted = " and ".join(f"{n} ({why})" for n, why in needs.items())
        if not capable or request.tier is not None:
            lacking = ", ".join(
                f"{t} ({self.policy.tier(t).model})"
                for t in ([request.tier] if request.tier is not None else TIER_NAMES)
            )
            first = next(iter(needs))
            raise CapabilityMissing(
                f"this request needs {wanted}, which no tier it may go to can do: {lacking}; "
                f"send it without that, or, if a tier's model can, say so in the policy "
                f"(`capabilities: {{{first}: true}}` on that tier)"
            )
        start = TIER_NAMES.index(decision.tier)
        above = [t for t in capable if TIER_NAMES.index(t) >= start]
        tier = above[0] if above else capable[-1]
        why = RouteReason(
            kind="capability",
            detail=f"needs {', '.join(needs)}: {decision.tier!r} cannot, {tier!r} can",
        )
        return decision.model_copy(update={"tier": tier, "reasons": [why, *decision.reasons]})

    def count_input_tokens(self, request: RouteRequest, tier: TierName) -> int:
        """The input tokens ``request`` makes for ``tier``'s model (its messages, with the
        tier's system prompt, and its tools); blocking: run it off the event loop."""
        spec = self.policy.tier(tier)
        messages = [dict(m) for m in request.messages]
        if spec.system_prompt and not any(m.get("role") == "system" for m in messages):
            messages.insert(0, {"role": "system", "content": spec.system_prompt})
        if request.tools:
            messages.append({"role": "system", "content": json.dumps(request.tools)})
        backend = self.backends.for_deployment(spec, reasoning=spec.reasoning is not None)
        return backend.count_tokens(messages, spec.model)

    def _cascade(self, request: RouteRequest, decision: RouteDecision) -> Cascade:
        needs = needed_capabilities(
            request.messages, request.tools, request.response_format, request.logprobs
        )
        allowed = self.capable_tiers(needs) if needs else None
        return Cascade(
            self._runner, request, decision, answer_gain=self._answer_gain, allowed=allowed
        )

    async def _pin_calls(self, tier: TierName, calls: list[dict[str, Any]] | None) -> None:
        """Remember which tier issued ``calls``: the tool loop comes back to it."""
        if self.sessions is None or not calls or not self.policy.sessions.tool_loops:
            return
        ids = [f"call:{c['id']}" for c in calls if isinstance(c.get("id"), str) and c["id"]]
        if ids:
            await self.sessions.set_many(ids, tier, self.policy.sessions.ttl_s)

    async def _remembering(
        self,
        request: RouteRequest,
        decided: Decided,
        tier: TierName,
        deltas: AsyncGenerator[StreamDelta, None],
    ) -> AsyncGenerator[StreamDelta, None]:
        """Pass a stream through; when it ends, pin the tool calls it made and keep the
        conversation on its tier."""
        pieces: list[dict[str, Any]] = []
        text: list[str] = []
        try:
            async for delta in deltas:
                pieces.extend(delta.tool_calls or ())
                text.append(delta.content)
                if delta.finish_reason is not None:
                    calls = merged_tool_calls(pieces) if pieces else None
                    await self._pin_calls(tier, calls)
                    said = answer_message("".join(text), calls)
                    await self._keep_conversation(request, decided, tier, said)
                yield delta
        finally:
            await close_stream(deltas)

    async def handle(self, request: RouteRequest, decided: Decided | None = None) -> RouteResult:
        """Answer ``request`` whole: from the cache, or by the cascade (fallbacks, then the
        next tier on failure; escalation when an answer looks unreliable). ``decided``:
        the decision already made for it (made here when not given)."""
        decided = decided or await self.place(request)
        result = await self._handle(request, decided)
        await self._pin_calls(result.tier, result.answer.tool_calls)
        said = answer_message(result.answer.content, result.answer.tool_calls)
        await self._keep_conversation(request, decided, result.tier, said)
        return result

    async def _handle(self, request: RouteRequest, decided: Decided) -> RouteResult:
        decision = decided.decision
        answers = self._answers
        key = answers.key(request, decision) if answers is not None else None
        if key is None or answers is None:
            result = await self._answer(request, decision)
            return result.model_copy(update={"decision_s": decided.seconds})

        async def compute() -> tuple[RouteResult, str | None, int]:
            result = await self._answer(request, decision)
            stored = None
            if answers.storable(request, result.tier, result.answer):
                stored = CachedAnswer(tier=result.tier, answer=result.answer).model_dump_json()
            return result, stored, answers.ttl(result.tier)

        lookup = await answers.store.get_or_compute(key, compute)
        if lookup.stored is not None:
            cached = answers.parse(lookup.stored)
            if cached is not None:
                return cached.as_result(decision, decided.seconds)
            result = await self._answer(request, decision)
            return result.model_copy(update={"cache": "bypass", "decision_s": decided.seconds})
        assert lookup.computed is not None
        return lookup.computed.model_copy(
            update={"cache": lookup.status, "decision_s": decided.seconds}
        )

    async def _answer(self, request: RouteRequest, decision: RouteDecision) -> RouteResult:
        cascade = self._cascade(request, decision)
        kept = await cascade.whole()
        return RouteResult(
            decision=decision,
            tier=kept.tier,
            answer=kept.answer,
            attempts=cascade.attempts,
            trimmed_input=kept.trimmed,
            unresolved=kept.unresolved,
            drafts=cascade.drafts,
        )

    async def stream(
        self, request: RouteRequest, decided: Decided | None = None
    ) -> StreamingResult:
        """Like :meth:`handle`, but the answer comes piece by piece.

        Tiers that may still escalate answer whole first (their answer must be checked
        before anyone sees it); the tier that cannot escalate streams live. A cached
        answer is replayed; a fresh one is stored when its stream completes (after a
        miss; not after a bypass, when the store had failed).
        """
        decided = decided or await self.place(request)
        decision = decided.decision
        answers = self._answers
        key = answers.key(request, decision) if answers is not None else None
        status: CacheStatus = "off"
        if key is not None and answers is not None:
            status, cached = await answers.lookup(key)
            if cached is not None:
                return StreamingResult(
                    decision,
                    cached.tier,
                    [],
                    self._remembering(request, decided, cached.tier, replay_answer(cached.answer)),
                    cache="hit",
                    decision_s=decided.seconds,
                )
        cascade = self._cascade(request, decision)
        end = await cascade.streamed()
        deltas: AsyncGenerator[StreamDelta, None] = cascade.deltas(end)
        if status == "miss" and key is not None and answers is not None:
            model = cascade.attempts[-1].model if cascade.attempts else end.tier
            deltas = answers.storing(key, request, end.tier, model, deltas)
        if self.sessions is not None:
            deltas = self._remembering(request, decided, end.tier, deltas)
        return StreamingResult(
            decision,
            end.tier,
            cascade.attempts,
            deltas,
            cache=status,
            decision_s=decided.seconds,
            trimmed_input=end.trimmed,
        )

    async def aclose(self) -> None:
        """Release the backends and the cache."""
        await self.backends.aclose()
        if self.cache is not None:
            await self.cache.aclose()
