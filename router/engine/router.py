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

from classifiers.scorer import CompiledScorer
from router.backends import Backends
from router.backends.calls import StreamDelta
from router.backends.capabilities import Capabilities, capabilities_of
from router.engine.answer_cache import AnswerCache
from router.engine.answering.answer_gain import load_answer_gain_check
from router.engine.answering.cascade import Cascade, replay_answer
from router.engine.answering.tiers import TierRunner
from router.engine.decide import Metadata, RouteDecision, RouteReason, compile_rules, decide
from router.engine.pins import Pins, moving_down_pays
from router.engine.requests import (
    CachedAnswer,
    CacheStatus,
    Decided,
    RouteRequest,
    RouteResult,
    StreamingResult,
)
from router.errors import CapabilityMissing
from router.messages import (
    needed_capabilities,
    text_of_messages,
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
        #: Where conversations and tool loops are pinned to their tiers.
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
        self._pins = Pins(policy, sessions, self._runner.price) if sessions is not None else None

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
        pins = self._pins
        pinned = await pins.tool_loop(request) if pins is not None else None
        if pinned is not None:
            tier, call_id = pinned
            why = RouteReason(
                kind="tool_loop", detail=f"continues tool call {call_id!r}, issued by {tier!r}"
            )
            decision = decision.model_copy(
                update={"tier": tier, "reasons": [why, *decision.reasons]}
            )
        floor = await pins.conversation_tier(request) if pins is not None else request.session_tier
        if (
            floor is not None
            and request.tier is None
            and TIER_NAMES.index(decision.tier) < TIER_NAMES.index(floor)
        ):
            if moving_down_pays(self.policy, self._runner.price, request, decision.tier, floor):
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

    async def handle(self, request: RouteRequest, decided: Decided | None = None) -> RouteResult:
        """Answer ``request`` whole: from the cache, or by the cascade (fallbacks, then the
        next tier on failure; escalation when an answer looks unreliable). ``decided``:
        the decision already made for it (made here when not given)."""
        decided = decided or await self.place(request)
        result = await self._handle(request, decided)
        if self._pins is not None:
            answer = result.answer
            await self._pins.keep(request, decided, result.tier, answer.content, answer.tool_calls)
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
                replayed = replay_answer(cached.answer)
                if self._pins is not None:
                    replayed = self._pins.remembering(request, decided, cached.tier, replayed)
                return StreamingResult(
                    decision,
                    cached.tier,
                    [],
                    replayed,
                    cache="hit",
                    decision_s=decided.seconds,
                )
        cascade = self._cascade(request, decision)
        end = await cascade.streamed()
        deltas: AsyncGenerator[StreamDelta, None] = cascade.deltas(end)
        if status == "miss" and key is not None and answers is not None:
            model = cascade.attempts[-1].model if cascade.attempts else end.tier
            deltas = answers.storing(key, request, end.tier, model, deltas)
        if self._pins is not None:
            deltas = self._pins.remembering(request, decided, end.tier, deltas)
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
