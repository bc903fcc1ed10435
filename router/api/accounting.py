"""After a request: metrics and spend, in one place for every route."""

from __future__ import annotations

import time

from fastapi import Request

from router.metrics import Metrics
from router.requests import Attempt, RouteResult
from router.spend import SpendLedger, tenant_of

__all__ = ["account_result", "account_stream"]


async def account_result(request: Request, result: RouteResult, started: float) -> None:
    """Count a whole result and add its calls to the caller's spend."""
    metrics: Metrics = request.app.state.metrics
    metrics.observe_result(result, time.perf_counter() - started)
    await _spend(request, result.attempts)


async def account_stream(
    request: Request,
    *,
    tier: str,
    cache: str,
    decision_s: float,
    attempts: list[Attempt],
    started: float,
    first_token_s: float,
) -> None:
    """Count a finished stream and add its calls to the caller's spend."""
    metrics: Metrics = request.app.state.metrics
    metrics.observe(
        tier=tier,
        cache=cache,
        decision_s=decision_s,
        attempts=attempts,
        seconds=time.perf_counter() - started,
        first_token_s=first_token_s,
    )
    await _spend(request, attempts)


async def _spend(request: Request, attempts: list[Attempt]) -> None:
    ledger: SpendLedger = request.app.state.spend
    await ledger.record(tenant_of(request.headers.get("authorization")), attempts)
