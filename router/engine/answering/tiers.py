"""Run one tier: build the call (system prompt, budgets, reasoning), try its deployments."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from router.backends import Backend, Backends
from router.backends.calls import Attempt, ModelAnswer, ModelCall, StreamDelta, Usage, close_stream
from router.engine.answering.budgets import fit_input, output_budget
from router.engine.answering.escalation import signals_on
from router.engine.answering.slots import TierBusy, TierSlots
from router.engine.pricing import cost_usd, tier_price
from router.engine.requests import RouteRequest
from router.errors import BackendError, ConfigError
from router.policy.model import TIER_NAMES, Deployment, Policy, Price, TierName

__all__ = ["OpenStream", "TierRunner"]


@dataclass
class OpenStream:
    """A stream that has produced its first piece (so it is known to work)."""

    first: StreamDelta
    rest: AsyncIterator[StreamDelta]
    attempt: Attempt


class TierRunner:
    """Calls tiers of one policy through the shared backends."""

    def __init__(self, policy: Policy, backends: Backends) -> None:
        self.policy = policy
        self.backends = backends
        self._prices: dict[TierName, Price] = {}
        self._slots: dict[TierName, TierSlots] = {}
        for name in TIER_NAMES:
            spec = policy.tier(name)
            if spec.max_concurrency is not None:
                self._slots[name] = TierSlots(name, spec.max_concurrency, spec.max_waiting)

    def price(self, tier: TierName) -> Price:
        """Price of ``tier`` (looked up once)."""
        if tier not in self._prices:
            self._prices[tier] = tier_price(self.policy.tier(tier))
        return self._prices[tier]

    def deployments(self, tier: TierName) -> list[Deployment]:
        """The tier's primary deployment, then its fallbacks."""
        spec = self.policy.tier(tier)
        primary = Deployment(
            model=spec.model,
            api_base=spec.api_base,
            api_key_env=spec.api_key_env,
            timeout_s=spec.timeout_s,
            client=spec.client,
        )
        return [primary, *spec.fallbacks]

    def messages_for(
        self, tier: TierName, request: RouteRequest
    ) -> tuple[list[dict[str, Any]], bool]:
        """The request's messages with the tier's system prompt, fitted to its input budget."""
        spec = self.policy.tier(tier)
        messages = [dict(m) for m in request.messages]
        if spec.system_prompt and not any(m.get("role") == "system" for m in messages):
            messages.insert(0, {"role": "system", "content": spec.system_prompt})
        backend = self.backends.for_deployment(spec, reasoning=spec.reasoning is not None)
        fitted, _, trimmed = fit_input(
            messages, tier, spec, lambda ms: backend.count_tokens(ms, spec.model)
        )
        return fitted, trimmed

    def call(
        self,
        tier: TierName,
        deployment: Deployment,
        request: RouteRequest,
        messages: list[dict[str, Any]],
    ) -> ModelCall:
        """The call for ``deployment`` of ``tier``."""
        spec = self.policy.tier(tier)
        # asked for while the signal may escalate this tier (as set, or as learned)
        wants_logprobs = "low_logprob" in signals_on(self.policy, tier) and Backends.kind_for(
            deployment
        ) in ("litellm", "openai")
        return ModelCall(
            deployment=deployment,
            messages=messages,
            max_tokens=output_budget(request.max_tokens, spec),
            temperature=request.temperature
            if request.temperature is not None
            else spec.temperature,
            top_p=request.top_p,
            repeat_penalty=spec.repeat_penalty,
            frequency_penalty=spec.frequency_penalty,
            presence_penalty=spec.presence_penalty,
            stop=request.stop,
            seed=request.seed,
            response_format=request.response_format,
            stop_loops=self._stop_loops(tier),
            max_sentences=spec.max_sentences,
            logprobs=wants_logprobs or request.logprobs,
            top_logprobs=request.top_logprobs if request.logprobs else None,
            tools=request.tools,
            tool_choice=request.tool_choice,
            parallel_tool_calls=request.parallel_tool_calls,
            reasoning=request.reasoning
            if spec.reasoning is not None and request.reasoning is not None
            else spec.reasoning,
            metadata=request.metadata,
        )

    def _stop_loops(self, tier: TierName) -> tuple[int, int] | None:
        escalation = self.policy.escalation
        if "repetition" not in escalation.signals and "repetition" not in signals_on(
            self.policy, tier
        ):
            return None
        return escalation.repetition.ngram, escalation.repetition.times

    def _backend(self, tier: TierName, deployment: Deployment) -> Backend:
        reasoning = self.policy.tier(tier).reasoning is not None
        return self.backends.for_deployment(deployment, reasoning=reasoning)

    def _cost(self, tier: TierName, answer: ModelAnswer | None) -> float:
        if answer is None:
            return 0.0
        if answer.cost_usd is not None:
            return answer.cost_usd
        return cost_usd(self.price(tier), answer.usage)

    def _attempt(
        self,
        tier: TierName,
        model: str,
        started: float,
        *,
        answer: ModelAnswer | None,
        error: BaseException | None = None,
    ) -> Attempt:
        return Attempt(
            tier=tier,
            model=model,
            outcome="answered" if answer is not None else "failed",
            reason=None if error is None else f"{type(error).__name__}: {error}",
            latency_ms=round((time.perf_counter() - started) * 1000, 3),
            first_token_ms=_ms(answer.first_token_s) if answer is not None else None,
            usage=answer.usage if answer is not None else Usage(),
            cost_usd=self._cost(tier, answer),
        )

    async def _take_slot(self, tier: TierName) -> tuple[TierSlots | None, Attempt | None]:
        """A slot of ``tier``, taken (``None`` when the tier has no limit), or the failed
        attempt that says the tier was busy."""
        slots = self._slots.get(tier)
        if slots is None:
            return None, None
        started = time.perf_counter()
        try:
            await slots.acquire()
        except TierBusy as exc:
            model = self.policy.tier(tier).model
            return None, self._attempt(tier, model, started, answer=None, error=exc)
        return slots, None

    async def complete(
        self, tier: TierName, request: RouteRequest, messages: list[dict[str, Any]]
    ) -> tuple[ModelAnswer | None, list[Attempt]]:
        """Answer with the first deployment of ``tier`` that works; ``None`` if none did
        (or the tier had no free slot)."""
        slots, busy = await self._take_slot(tier)
        if busy is not None:
            return None, [busy]
        if slots is None:
            return await self._complete(tier, request, messages)
        try:
            return await self._complete(tier, request, messages)
        finally:
            await slots.release()

    async def _complete(
        self, tier: TierName, request: RouteRequest, messages: list[dict[str, Any]]
    ) -> tuple[ModelAnswer | None, list[Attempt]]:
        attempts: list[Attempt] = []
        for deployment in self.deployments(tier):
            started = time.perf_counter()
            try:
                backend = self._backend(tier, deployment)
                answer = await backend.complete(self.call(tier, deployment, request, messages))
            except (BackendError, ConfigError) as exc:
                attempts.append(
                    self._attempt(tier, deployment.model, started, answer=None, error=exc)
                )
                continue
            attempts.append(self._attempt(tier, deployment.model, started, answer=answer))
            return answer, attempts
        return None, attempts

    async def open_stream(
        self, tier: TierName, request: RouteRequest, messages: list[dict[str, Any]]
    ) -> tuple[OpenStream | None, list[Attempt]]:
        """Start streaming from the first deployment of ``tier`` that yields a first piece;
        the tier's slot (if it has a limit) is held until the stream ends."""
        slots, busy = await self._take_slot(tier)
        if busy is not None:
            return None, [busy]
        if slots is None:
            return await self._open_stream(tier, request, messages)
        try:
            opened, failed = await self._open_stream(tier, request, messages)
        except BaseException:
            await slots.release()
            raise
        if opened is None:
            await slots.release()
            return None, failed
        opened.rest = _releasing(opened.rest, slots)
        return opened, failed

    async def _open_stream(
        self, tier: TierName, request: RouteRequest, messages: list[dict[str, Any]]
    ) -> tuple[OpenStream | None, list[Attempt]]:
        failed: list[Attempt] = []
        for deployment in self.deployments(tier):
            started = time.perf_counter()
            try:
                backend = self._backend(tier, deployment)
                stream = backend.stream(self.call(tier, deployment, request, messages))
                first = await stream.__anext__()
            except (BackendError, ConfigError, StopAsyncIteration) as exc:
                failed.append(
                    self._attempt(tier, deployment.model, started, answer=None, error=exc)
                )
                continue
            waited_ms = round((time.perf_counter() - started) * 1000, 3)
            attempt = Attempt(
                tier=tier,
                model=deployment.model,
                outcome="answered",
                latency_ms=waited_ms,
                first_token_ms=waited_ms,
            )
            return OpenStream(first=first, rest=stream, attempt=attempt), failed
        return None, failed


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 3)


async def _releasing(
    stream: AsyncIterator[StreamDelta], slots: TierSlots
) -> AsyncIterator[StreamDelta]:
    """``stream``, giving the tier's slot back when it ends (or is closed)."""
    try:
        async for delta in stream:
            yield delta
    finally:
        try:
            await close_stream(stream)
        finally:
            await slots.release()
