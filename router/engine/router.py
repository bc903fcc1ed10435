"""The router: one object per policy that decides (and, with a backend, answers) requests."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from pathlib import Path
from typing import Any

from classifiers.scorer import CompiledScorer
from router.backends import Backends
from router.backends.calls import Attempt, ModelAnswer, StreamDelta
from router.engine.answer_cache import AnswerCache
from router.engine.answer_gain import load_answer_gain_check
from router.engine.decide import Metadata, RouteDecision, RouteReason, compile_rules, decide
from router.engine.escalation import escalation_reason
from router.engine.pricing import cost_usd
from router.engine.requests import CachedAnswer, RouteRequest, RouteResult
from router.engine.streaming import StreamingResult, empty_stream, replay_answer
from router.engine.tiers import TierRunner
from router.errors import BackendUnavailable, BudgetExceeded
from router.messages import content_parts
from router.policy.loading import load_policy_scorer
from router.policy.model import TIER_NAMES, Policy, TierName
from router.stores.cache import ResponseCache

__all__ = ["Router", "StreamingResult", "text_of_messages"]

log = logging.getLogger("tierroute.engine")


def text_of_messages(messages: Iterable[Mapping[str, object]]) -> str:
    """The text the classifier scores for a chat: every user message's text, in order."""
    parts: list[str] = []
    for message in messages:
        if message.get("role") == "user":
            parts.extend(content_parts(message.get("content"))[0])
    return "\n".join(parts)


class Router:
    """Routes requests under one policy.

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

    def _decision_for(self, request: RouteRequest) -> RouteDecision:
        decision = self.decide_messages(request.messages, request.metadata)
        if request.tier is None:
            return decision
        forced = RouteReason(kind="forced", detail=f"tier {request.tier!r} requested by the caller")
        return decision.model_copy(
            update={"tier": request.tier, "reasons": [forced, *decision.reasons]}
        )

    def _ladder(self, request: RouteRequest, decision: RouteDecision) -> list[TierName]:
        start = TIER_NAMES.index(decision.tier)
        return list(TIER_NAMES[start:])

    def _may_escalate(self, request: RouteRequest, tier: TierName, steps: int) -> bool:
        settings = self.policy.escalation
        return (
            request.tier is None
            and tier != TIER_NAMES[-1]
            and steps < settings.max_steps
            and bool(settings.signals)
        )

    async def handle(self, request: RouteRequest) -> RouteResult:
        """Answer ``request``: from the cache, or by calling tiers (see :meth:`answer`)."""
        started = time.perf_counter()
        decision = self._decision_for(request)
        decision_s = time.perf_counter() - started
        answers = self._answers
        key = answers.key(request, decision) if answers is not None else None
        if key is None or answers is None:
            result = await self.answer(request, decision)
            return result.model_copy(update={"decision_s": decision_s})

        async def compute() -> tuple[RouteResult, str | None, int]:
            result = await self.answer(request, decision)
            stored = None
            if answers.storable(request, result.tier, result.answer):
                stored = CachedAnswer(tier=result.tier, answer=result.answer).model_dump_json()
            return result, stored, answers.ttl(result.tier)

        lookup = await answers.store.get_or_compute(key, compute)
        if lookup.stored is not None:
            cached = answers.parse(lookup.stored)
            if cached is not None:
                return cached.as_result(decision, decision_s)
            result = await self.answer(request, decision)
            return result.model_copy(update={"cache": "bypass", "decision_s": decision_s})
        assert lookup.computed is not None
        return lookup.computed.model_copy(update={"cache": lookup.status, "decision_s": decision_s})

    async def _messages(
        self, tier: TierName, request: RouteRequest, over_budget: list[BudgetExceeded]
    ) -> tuple[list[dict[str, Any]], bool] | None:
        """The tier's messages, fitted to its input budget (counted off the event loop);
        ``None`` when they do not fit and a larger tier may still take them."""
        try:
            return await asyncio.to_thread(self._runner.messages_for, tier, request)
        except BudgetExceeded as exc:
            if request.tier is not None:
                raise
            over_budget.append(exc)
            return None

    def _reason(
        self,
        answer: ModelAnswer,
        request: RouteRequest,
        tier: TierName,
        steps: int,
        previous: list[str],
    ) -> str | None:
        """Why ``answer`` should escalate, if it may and should; ``previous`` holds the
        answers of cheaper tiers that answered this request before it."""
        if not self._may_escalate(request, tier, steps):
            return None
        reason = escalation_reason(answer, self.policy.escalation, request.response_format)
        budget = self.policy.tier(tier).max_output_tokens
        if reason == "length" and request.max_tokens is not None and request.max_tokens < budget:
            return None  # the caller's own max_tokens cut it: a larger tier would too
        if reason is None and self._answer_gain is not None:
            prompt = text_of_messages(request.messages)
            if self._answer_gain.should_escalate(tier, prompt, answer.content, previous):
                return "answer_gain"
        return reason

    async def answer(self, request: RouteRequest, decision: RouteDecision) -> RouteResult:
        """Call the decided tier (fallbacks, then the next tier on failure), escalate if the
        answer looks unreliable, and return the answer with the path taken."""
        attempts: list[Attempt] = []
        over_budget: list[BudgetExceeded] = []
        best: tuple[TierName, ModelAnswer] | None = None
        trimmed = False
        steps = 0
        previous: list[str] = []
        for tier in self._ladder(request, decision):
            prepared = await self._messages(tier, request, over_budget)
            if prepared is None:
                if best is not None:
                    break
                continue
            messages, was_trimmed = prepared
            answer, tried = await self._runner.complete(tier, request, messages)
            attempts.extend(tried)
            if answer is None:
                if request.tier is not None:
                    break
                continue
            best, trimmed = (tier, answer), was_trimmed
            reason = self._reason(answer, request, tier, steps, previous)
            previous.append(answer.content)
            if reason is None:
                break
            attempts[-1] = attempts[-1].model_copy(
                update={"outcome": "escalated", "reason": reason}
            )
            steps += 1
        if best is None:
            if over_budget and not attempts:
                raise over_budget[0]
            raise BackendUnavailable(
                _failure_message(attempts), [(a.tier, a.reason or "") for a in attempts]
            )
        return RouteResult(
            decision=decision,
            tier=best[0],
            answer=best[1],
            attempts=attempts,
            trimmed_input=trimmed,
        )

    async def stream(self, request: RouteRequest) -> StreamingResult:
        """Like :meth:`handle`, but the final tier's answer is streamed.

        Tiers that may still escalate answer whole first (their answer must be checked
        before anyone sees it); the tier that cannot escalate streams live. A cached
        answer is replayed; a fresh one is stored when its stream completes.
        """
        started = time.perf_counter()
        decision = self._decision_for(request)
        decision_s = time.perf_counter() - started
        answers = self._answers
        key = answers.key(request, decision) if answers is not None else None
        if key is None or answers is None:
            result = await self._stream_answer(request, decision)
        else:
            status, cached = await answers.lookup(key)
            if cached is not None:
                answer = replay_answer(cached.answer)
                result = StreamingResult(decision, cached.tier, [], answer, "hit")
            else:  # a miss is stored when its stream completes; a bypass (store failed) not
                result = await self._stream_answer(request, decision)
                if status == "miss":
                    result.deltas = answers.storing(result, key, request, result.deltas)
                result.cache = status
        result.decision_s = decision_s
        return result

    async def _stream_answer(
        self, request: RouteRequest, decision: RouteDecision
    ) -> StreamingResult:
        attempts: list[Attempt] = []
        over_budget: list[BudgetExceeded] = []
        best: tuple[TierName, ModelAnswer] | None = None
        steps = 0
        previous: list[str] = []
        for tier in self._ladder(request, decision):
            prepared = await self._messages(tier, request, over_budget)
            if prepared is None:
                if best is not None:
                    break
                continue
            messages, _ = prepared
            if self._may_escalate(request, tier, steps):
                answer, tried = await self._runner.complete(tier, request, messages)
                attempts.extend(tried)
                if answer is None:
                    continue
                best = (tier, answer)
                reason = self._reason(answer, request, tier, steps, previous)
                previous.append(answer.content)
                if reason is not None:
                    attempts[-1] = attempts[-1].model_copy(
                        update={"outcome": "escalated", "reason": reason}
                    )
                    steps += 1
                    continue
                return StreamingResult(decision, tier, attempts, replay_answer(answer))
            opened, failed = await self._runner.open_stream(tier, request, messages)
            attempts.extend(failed)
            if opened is None:
                if request.tier is not None:
                    break
                continue
            attempts.append(opened.attempt)
            result = StreamingResult(decision, tier, attempts, empty_stream())
            result.deltas = self._metered(result, opened.first, opened.rest)
            return result
        if best is not None:  # the escalation target failed: keep the answer we have
            return StreamingResult(decision, best[0], attempts, replay_answer(best[1]))
        if over_budget and not attempts:
            raise over_budget[0]
        raise BackendUnavailable(
            _failure_message(attempts), [(a.tier, a.reason or "") for a in attempts]
        )

    async def _metered(
        self, result: StreamingResult, first: StreamDelta, rest: AsyncIterator[StreamDelta]
    ) -> AsyncIterator[StreamDelta]:
        yield first
        async for delta in rest:
            if delta.usage is not None:
                last = result.attempts[-1]
                price = self._runner.price(last.tier)
                result.attempts[-1] = last.model_copy(
                    update={"usage": delta.usage, "cost_usd": cost_usd(price, delta.usage)}
                )
            yield delta

    async def aclose(self) -> None:
        """Release the backends and the cache."""
        await self.backends.aclose()
        if self.cache is not None:
            await self.cache.aclose()


def _failure_message(attempts: list[Attempt]) -> str:
    if not attempts:
        return "no tier could take the request"
    tried = "; ".join(f"{a.tier}/{a.model}: {a.reason}" for a in attempts)
    return f"every deployment failed ({tried})"
