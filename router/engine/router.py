"""The router: one object per loaded policy that decides requests and answers them.

A request is decided once (:meth:`Router.decide_request`, pure and timed), looked up in
the response cache, and otherwise answered by one :class:`~router.engine.cascade.Cascade`
over the tiers, whole (:meth:`Router.handle`) or streamed (:meth:`Router.stream`).
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Iterable, Mapping
from pathlib import Path

from classifiers.scorer import CompiledScorer
from router.backends import Backends
from router.backends.calls import StreamDelta
from router.engine.answer_cache import AnswerCache
from router.engine.answer_gain import load_answer_gain_check
from router.engine.cascade import Cascade, replay_answer
from router.engine.decide import Metadata, RouteDecision, RouteReason, compile_rules, decide
from router.engine.requests import (
    CachedAnswer,
    CacheStatus,
    Decided,
    RouteRequest,
    RouteResult,
    StreamingResult,
)
from router.engine.tiers import TierRunner
from router.messages import text_of_messages
from router.policy.loading import load_policy_scorer
from router.policy.model import Policy
from router.stores.cache import ResponseCache

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
    ) -> None:
        self.policy = policy
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

    def _cascade(self, request: RouteRequest, decision: RouteDecision) -> Cascade:
        return Cascade(self._runner, request, decision, answer_gain=self._answer_gain)

    async def handle(self, request: RouteRequest, decided: Decided | None = None) -> RouteResult:
        """Answer ``request`` whole: from the cache, or by the cascade (fallbacks, then the
        next tier on failure; escalation when an answer looks unreliable). ``decided``:
        the decision already made for it (made here when not given)."""
        decided = decided or self.decide_request(request)
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
        decided = decided or self.decide_request(request)
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
                    replay_answer(cached.answer),
                    cache="hit",
                    decision_s=decided.seconds,
                )
        cascade = self._cascade(request, decision)
        end = await cascade.streamed()
        deltas: AsyncGenerator[StreamDelta, None] = cascade.deltas(end)
        if status == "miss" and key is not None and answers is not None:
            model = cascade.attempts[-1].model if cascade.attempts else end.tier
            deltas = answers.storing(key, request, end.tier, model, deltas)
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
