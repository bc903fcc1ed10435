"""The tier ladder of one request, walked once, for the whole and the streamed answer.

From the decided tier up, each tier gets the request fitted to its input budget and is
asked through its deployments (fallbacks, then the next tier when all fail). An answer
is judged by the policy's escalation signals while a larger tier may still be asked; an
answer that looks unreliable escalates, and the answers before it are kept for the
answer model to compare. The last answer given is kept even when the tier above it then
fails. A streamed request differs in one place only: the tier that can no longer
escalate streams live (what it says cannot be judged before the caller sees it), while
the tiers below it answer whole first.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

from router.backends.calls import (
    Attempt,
    ModelAnswer,
    StreamDelta,
    close_stream,
    tool_call_deltas,
)
from router.engine.answering.answer_gain import AnswerGainCheck
from router.engine.answering.escalation import answer_problem, cut_loop, signals_on
from router.engine.answering.tiers import OpenStream, TierRunner
from router.engine.decide import RouteDecision
from router.engine.pricing import cost_usd
from router.engine.requests import RouteRequest
from router.errors import BackendUnavailable, BudgetExceeded
from router.messages import text_of_messages
from router.policy.model import TIER_NAMES, TierName

__all__ = ["Cascade", "Kept", "Live", "replay_answer"]


@dataclass(frozen=True)
class Kept:
    """The answer the cascade kept: a whole answer of ``tier``."""

    tier: TierName
    answer: ModelAnswer
    #: Whether the input was trimmed to fit the tier's input budget.
    trimmed: bool
    #: Why the answer still looks unreliable (the signal that would have escalated it,
    #: had a tier above been allowed to answer), or ``None``.
    unresolved: str | None = None


@dataclass(frozen=True)
class Live:
    """A stream of ``tier`` that has produced its first piece (the rest follows)."""

    tier: TierName
    opened: OpenStream
    trimmed: bool


class Cascade:
    """One request's walk up the ladder: the calls made (:attr:`attempts`, escalations
    marked with their reasons), the answers of cheaper tiers, and the answer kept."""

    def __init__(
        self,
        runner: TierRunner,
        request: RouteRequest,
        decision: RouteDecision,
        *,
        answer_gain: AnswerGainCheck | None = None,
        allowed: list[TierName] | None = None,
    ) -> None:
        self._runner = runner
        #: The tiers that can take the request (all when ``None``).
        self._allowed = allowed
        self._policy = runner.policy
        self._request = request
        self._decision = decision
        self._answer_gain = answer_gain
        #: Every call made, in order; an escalated one says why. A live stream's usage
        #: and cost are filled in when its last piece arrives.
        self.attempts: list[Attempt] = []
        self._over_budget: list[BudgetExceeded] = []
        self._previous: list[str] = []
        #: Every answer given, by tier, in order (the drafts a person sees on a handoff).
        self.drafts: list[tuple[TierName, str]] = []
        self._steps = 0
        self._kept: Kept | None = None

    async def whole(self) -> Kept:
        """Walk the ladder for a whole answer."""
        end = await self._walk(stream_last=False)
        assert isinstance(end, Kept)
        return end

    async def streamed(self) -> Kept | Live:
        """Walk the ladder for a streamed answer: a live stream of the tier that could no
        longer escalate, or a whole answer that passed the checks (or was the last one
        given before the tiers above failed)."""
        return await self._walk(stream_last=True)

    def deltas(self, end: Kept | Live) -> AsyncGenerator[StreamDelta, None]:
        """The pieces of the answer ``end`` stands for: a kept answer replayed, or the
        live stream, metered (its usage and cost land on its attempt at the end)."""
        if isinstance(end, Kept):
            return replay_answer(end.answer)
        return self._metered(end.opened)

    async def _walk(self, *, stream_last: bool) -> Kept | Live:
        forced = self._request.tier is not None
        for tier in self._ladder():
            prepared = await self._messages(tier)
            if prepared is None:
                if self._kept is not None:
                    break
                continue
            messages, trimmed = prepared
            if stream_last and not self._may_escalate(tier):
                live = await self._open_stream(tier, messages, trimmed)
                if live is not None:
                    return live
                if forced:
                    break
                continue
            answer, tried = await self._runner.complete(tier, self._request, messages)
            self.attempts.extend(tried)
            if answer is None:
                if forced:
                    break
                continue
            self._kept = Kept(tier, answer, trimmed)
            reason = self._reason(answer, tier)
            self._previous.append(answer.content)
            self.drafts.append((tier, answer.content))
            if reason is None:
                break
            self.attempts[-1] = self.attempts[-1].model_copy(
                update={"outcome": "escalated", "reason": reason}
            )
            self._steps += 1
        if self._kept is not None:
            kept = self._kept
            unresolved = answer_problem(kept.answer, self._request, self._policy, kept.tier)
            # an answer that loops and could not escalate is cut where the loop began
            answer = cut_loop(kept.answer, self._policy.escalation)
            return Kept(kept.tier, answer, kept.trimmed, unresolved)
        if self._over_budget and not self.attempts:
            raise self._over_budget[0]
        raise BackendUnavailable(
            _failure_message(self.attempts), [(a.tier, a.reason or "") for a in self.attempts]
        )

    def _ladder(self) -> list[TierName]:
        start = TIER_NAMES.index(self._decision.tier)
        ladder = list(TIER_NAMES[start:])
        if self._allowed is None:
            return ladder
        return [t for t in ladder if t in self._allowed] or [self._decision.tier]

    def _may_escalate(self, tier: TierName) -> bool:
        settings = self._policy.escalation
        return (
            self._request.tier is None
            and tier != self._ladder()[-1]
            and self._steps < settings.max_steps
            and bool(signals_on(self._policy, tier))
        )

    async def _messages(self, tier: TierName) -> tuple[list[dict[str, Any]], bool] | None:
        """The tier's messages, fitted to its input budget (counted off the event loop);
        ``None`` when they do not fit and a larger tier may still take them."""
        try:
            return await asyncio.to_thread(self._runner.messages_for, tier, self._request)
        except BudgetExceeded as exc:
            if self._request.tier is not None:
                raise
            self._over_budget.append(exc)
            return None

    async def _open_stream(
        self, tier: TierName, messages: list[dict[str, Any]], trimmed: bool
    ) -> Live | None:
        opened, failed = await self._runner.open_stream(tier, self._request, messages)
        self.attempts.extend(failed)
        if opened is None:
            return None
        self.attempts.append(opened.attempt)
        return Live(tier, opened, trimmed)

    def _reason(self, answer: ModelAnswer, tier: TierName) -> str | None:
        """Why ``answer`` should escalate, if it may and should."""
        if not self._may_escalate(tier):
            return None
        request = self._request
        reason = answer_problem(answer, request, self._policy, tier)
        if reason is None and self._answer_gain is not None and not answer.tool_calls:
            prompt = text_of_messages(request.messages)
            if self._answer_gain.should_escalate(tier, prompt, answer.content, self._previous):
                return "answer_gain"
        return reason

    async def _metered(self, opened: OpenStream) -> AsyncGenerator[StreamDelta, None]:
        index = len(self.attempts) - 1
        try:
            yield opened.first
            async for delta in opened.rest:
                if delta.usage is not None:
                    attempt = self.attempts[index]
                    price = self._runner.price(attempt.tier)
                    self.attempts[index] = attempt.model_copy(
                        update={"usage": delta.usage, "cost_usd": cost_usd(price, delta.usage)}
                    )
                yield delta
        finally:
            await close_stream(opened.rest)


async def replay_answer(answer: ModelAnswer) -> AsyncGenerator[StreamDelta, None]:
    """A whole answer as a stream: its text and tool calls, then the finish."""
    if answer.content or not answer.tool_calls:
        yield StreamDelta(content=answer.content, logprobs=answer.logprobs)
    if answer.tool_calls:
        yield StreamDelta(tool_calls=tool_call_deltas(answer.tool_calls))
    yield StreamDelta(finish_reason=answer.finish_reason, usage=answer.usage)


def _failure_message(attempts: list[Attempt]) -> str:
    if not attempts:
        return "no tier could take the request"
    tried = "; ".join(f"{a.tier}/{a.model}: {a.reason}" for a in attempts)
    return f"every deployment failed ({tried})"
