"""One request that calls models, read top to bottom, for every protocol's route.

1. **check** what the caller may ask for: a forced tier, a cache bypass;
2. **decide** once, on the loaded policy the request started with;
3. **reserve** what it may use against the caller's limits (that decision's tiers, at that
   policy's prices);
4. **answer**, whole or streamed, through the router of that policy;
5. **settle**: the reservation to what the calls used (all of it back when it failed),
   the spend ledger, the metrics and one log line.

A stream settles when its last piece has been read, or when the caller left.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import AsyncGenerator
from typing import Annotated

from fastapi import Depends, Request

from router.api.access import Caller, CallerDep, reserve, reserves_usage, settle, wants_cache_bypass
from router.api.deps import LoadedPolicyDep, ServicesDep
from router.api.http.request_ids import current_request_id
from router.api.learning_loop import Sampled
from router.api.policy_reload import LoadedPolicy
from router.api.services import Services
from router.auth.estimate import estimate_request
from router.backends.calls import StreamDelta, close_stream
from router.engine.requests import Decided, RouteRequest, RouteResult, StreamingResult
from router.engine.router import Router
from router.errors import RequestError
from router.messages import text_of_messages
from router.pipeline.decisions import decision_record

__all__ = ["SESSION_HEADER", "Exchange", "ExchangeDep", "named_session"]

log = logging.getLogger("tierroute.requests")

#: The header that names the conversation a request belongs to (it stays on its tier).
SESSION_HEADER = "x-tierroute-session"


def named_session(http: Request) -> str | None:
    """The conversation the request's ``x-tierroute-session`` header names, if any."""
    named = http.headers.get(SESSION_HEADER)
    if not named:
        return None
    if len(named) > 512:
        raise RequestError(f"{SESSION_HEADER}: at most 512 characters, got {len(named)}")
    return named


class Exchange:
    """The steps of one model-calling request (see the module docstring)."""

    def __init__(
        self, services: Services, loaded: LoadedPolicy, caller: Caller, http: Request
    ) -> None:
        self.services = services
        self.loaded = loaded
        self.caller = caller
        self.http = http
        self.started = time.perf_counter()
        #: The ticket this request answers, if a route knows it (for the decision log).
        self.ticket_id: str | None = None
        #: What learning drew for it (set when it is decided).
        self.sampled: Sampled | None = None

    async def answer(self, request: RouteRequest) -> RouteResult:
        """The whole answer to ``request``, settled."""
        request = self._with_session(request)
        router, decided = await self._open(request)
        try:
            result = await router.handle(request, decided)
        except BaseException:
            await self._release()
            raise
        await self._settle(request, result, first_token_s=None, answer=result.answer.content)
        return result

    async def stream(self, request: RouteRequest) -> StreamingResult:
        """``request`` answered piece by piece: the head at once, the pieces as they come;
        it settles when the pieces end (read them with ``contextlib.aclosing``)."""
        request = self._with_session(request)
        router, decided = await self._open(request)
        try:
            streaming = await router.stream(request, decided)
        except BaseException:
            await self._release()
            raise
        return dataclasses.replace(streaming, deltas=self._settling(request, streaming))

    def _with_session(self, request: RouteRequest) -> RouteRequest:
        """``request`` in the conversation the ``x-tierroute-session`` header names."""
        named = named_session(self.http)
        if named is None or request.session is not None:
            return request
        return request.model_copy(update={"session": named})

    async def _open(self, request: RouteRequest) -> tuple[Router, Decided]:
        """Steps 1-3: check, decide, reserve."""
        caller = self.caller
        caller.check_tier(request.tier)
        bypass = wants_cache_bypass(self.http)
        if bypass:
            caller.check_cache_bypass()
        router = self.loaded.router(bypass_cache=bypass)
        decided = await router.place(request)
        # drawn before the answer: a request to be judged may be answered by the top tier
        decided, self.sampled = self.services.learning.sample(self.loaded, request, decided)
        tokens, usd = 0, 0.0
        if reserves_usage(caller):
            with_usd = caller.entry is not None and caller.entry.limits.usd_per_day is not None
            estimate = estimate_request(
                self.loaded.policy, request, decided.decision.tier, with_usd=with_usd
            )
            tokens, usd = estimate.tokens, estimate.usd
        await reserve(self.http, self.services.limiter, caller, tokens=tokens, usd=usd)
        return router, decided

    async def _settling(
        self, request: RouteRequest, streaming: StreamingResult
    ) -> AsyncGenerator[StreamDelta, None]:
        first_token_s: float | None = None
        keep = self.services.settings.log_content or self.loaded.policy.learning.shadow.enabled
        pieces: list[str] | None = [] if keep else None
        try:
            async for delta in streaming.deltas:
                if delta.content:
                    if first_token_s is None:
                        first_token_s = time.perf_counter() - self.started
                    if pieces is not None:
                        pieces.append(delta.content)
                yield delta
        finally:  # also when the caller went away: what was called is counted and billed
            try:
                answer = "".join(pieces) if pieces is not None else None
                await self._settle(request, streaming, first_token_s=first_token_s, answer=answer)
            finally:
                await close_stream(streaming.deltas)

    async def _release(self) -> None:
        """A request that failed used nothing of its reservation."""
        await settle(self.http, self.services.limiter, tokens=0, usd=0.0)

    async def _settle(
        self,
        request: RouteRequest,
        result: RouteResult | StreamingResult,
        *,
        first_token_s: float | None,
        answer: str | None,
    ) -> None:
        """Step 5: metrics, the limits (shielded: a cancelled request still settles), the
        spend ledger, what learning takes from it (off the request path) and the log line."""
        seconds = time.perf_counter() - self.started
        attempts = result.attempts
        self.services.metrics.observe(
            tier=result.tier,
            cache=result.cache,
            decision_s=result.decision_s,
            attempts=attempts,
            seconds=seconds,
            first_token_s=first_token_s if first_token_s is not None else seconds,
            looped=isinstance(result, RouteResult) and result.answer.looped,
        )
        tokens = sum(a.usage.total_tokens for a in attempts)
        usd = sum(a.cost_usd for a in attempts)
        await settle(self.http, self.services.limiter, tokens=tokens, usd=usd)
        await self.services.spend.record(self.caller.tenant, attempts)
        request_id = current_request_id()
        await self._log_decision(
            request, result, request_id, seconds, answer, first_token_s=first_token_s
        )
        self.services.learning.after(
            self.loaded,
            request,
            self.sampled,
            result.tier,
            answer,
            attempts,
            request_id=request_id,
            served_answer=result.answer if isinstance(result, RouteResult) else None,
        )
        line = (
            "answered: key=%s tier=%s path=%s cache=%s trimmed=%s tokens=%d cost_usd=%.6f "
            "seconds=%.3f"
        )
        args: list[object] = [
            self.caller.tenant,
            result.tier,
            ">".join(result.called) or "-",
            result.cache,
            "yes" if result.trimmed_input else "no",
            tokens,
            usd,
            seconds,
        ]
        if self.services.settings.log_content:
            line += " prompt=%r answer=%r"
            args += [text_of_messages(request.messages), answer]
        log.info(line, *args)

    async def _log_decision(
        self,
        request: RouteRequest,
        result: RouteResult | StreamingResult,
        request_id: str,
        seconds: float,
        answer: str | None,
        *,
        first_token_s: float | None,
    ) -> None:
        """The request's record in the decision log."""
        policy = self.loaded.policy
        if not policy.learning.log.enabled:
            return
        record = decision_record(
            policy,
            request,
            result,
            request_id=request_id,
            ticket_id=self.ticket_id,
            seconds=seconds,
            answer=answer,
            first_token_s=first_token_s,
        )
        await self.services.decisions.append(record)


async def get_exchange(
    services: ServicesDep, loaded: LoadedPolicyDep, caller: CallerDep, http: Request
) -> Exchange:
    """The exchange of this request, on the policy in force when it started."""
    return Exchange(services, loaded, caller, http)


ExchangeDep = Annotated[Exchange, Depends(get_exchange)]
