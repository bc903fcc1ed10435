"""After a request: metrics, spend, the caller's limits (the reservation made before the
call is settled to what the calls used) and the log line, in one place for every route."""

from __future__ import annotations

import logging
import time

from fastapi import Request

from router.api.access import Caller, settle_usage
from router.api.settings import ServiceSettings
from router.backends.calls import Attempt
from router.engine.requests import RouteRequest, RouteResult
from router.messages import text_of_messages
from router.usage.metrics import Metrics
from router.usage.spend import SpendLedger, tenant_of

__all__ = ["account_result", "account_stream"]

log = logging.getLogger("tierroute.requests")


async def account_result(
    http: Request, result: RouteResult, started: float, *, request: RouteRequest
) -> None:
    """Count a whole result, add its calls to the caller's spend and limits, log it."""
    metrics: Metrics = http.app.state.metrics
    seconds = time.perf_counter() - started
    metrics.observe(
        tier=result.tier,
        cache=result.cache,
        decision_s=result.decision_s,
        attempts=result.attempts,
        seconds=seconds,
        first_token_s=seconds,
    )
    await _charge(http, result.attempts)
    _log_answer(
        http,
        request,
        tier=result.tier,
        cache=result.cache,
        attempts=result.attempts,
        seconds=seconds,
        answer=result.answer.content,
    )


async def account_stream(
    http: Request,
    *,
    request: RouteRequest,
    tier: str,
    cache: str,
    decision_s: float,
    attempts: list[Attempt],
    started: float,
    first_token_s: float,
    answer: str | None,
) -> None:
    """Count a finished stream, add its calls to the caller's spend and limits, log it."""
    metrics: Metrics = http.app.state.metrics
    seconds = time.perf_counter() - started
    metrics.observe(
        tier=tier,
        cache=cache,
        decision_s=decision_s,
        attempts=attempts,
        seconds=seconds,
        first_token_s=first_token_s,
    )
    await _charge(http, attempts)
    _log_answer(
        http, request, tier=tier, cache=cache, attempts=attempts, seconds=seconds, answer=answer
    )


def logs_content(http: Request) -> bool:
    """Whether prompt and answer text may be logged (``--log-content``)."""
    settings: ServiceSettings = http.app.state.settings
    return settings.log_content


def _caller(http: Request) -> Caller:
    caller: Caller | None = getattr(http.state, "caller", None)
    if caller is None:
        return Caller(entry=None, tenant=tenant_of(http.headers.get("authorization")))
    return caller


async def _charge(http: Request, attempts: list[Attempt]) -> None:
    tokens = sum(a.usage.total_tokens for a in attempts)
    usd = sum(a.cost_usd for a in attempts)
    await settle_usage(http, tokens=tokens, usd=usd)  # first: a cancelled request still settles
    ledger: SpendLedger = http.app.state.spend
    await ledger.record(_caller(http).tenant, attempts)


def _log_answer(
    http: Request,
    request: RouteRequest,
    *,
    tier: str,
    cache: str,
    attempts: list[Attempt],
    seconds: float,
    answer: str | None,
) -> None:
    """One line per answered request: what happened, and no text unless the operator asked."""
    line = "answered: key=%s tier=%s path=%s cache=%s tokens=%d cost_usd=%.6f seconds=%.3f"
    args: list[object] = [
        _caller(http).tenant,
        tier,
        ">".join(dict.fromkeys(a.tier for a in attempts)) or "-",
        cache,
        sum(a.usage.total_tokens for a in attempts),
        sum(a.cost_usd for a in attempts),
        seconds,
    ]
    if logs_content(http):
        line += " prompt=%r answer=%r"
        args += [text_of_messages(request.messages), answer]
    log.info(line, *args)
