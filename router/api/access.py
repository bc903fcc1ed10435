"""Who is calling, and may they: API keys, permissions and per-key limits for the routes.

With no keys configured every caller is trusted (the service then listens on loopback
only, see ``tierroute serve``); with keys (from the keys file, ``TIERROUTE_API_KEYS`` or
both), every ``/v1`` route needs a known key. A request of a key with limits reserves
what it may use before the call (:func:`reserve`) and settles to what it used after
(:func:`settle`), both driven by :class:`~router.api.exchange.Exchange`;
:class:`RateLimitHeaders` writes the ``x-ratelimit-*`` headers and releases the
reservation of a request that ended before it was settled (a stream the caller left
before it began).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from router.api.services import services_of
from router.auth.headers import rate_limit_headers
from router.auth.keys import KeyEntry, KeyLimits
from router.auth.limits import Counters, Limiter, Reservation
from router.errors import AuthenticationError, PermissionDenied
from router.policy.model import TierName
from router.usage.spend import tenant_of

__all__ = [
    "AdminDep",
    "Caller",
    "CallerDep",
    "RateLimitHeaders",
    "get_admin",
    "get_caller",
    "reserve",
    "reserves_usage",
    "settle",
    "wants_cache_bypass",
]

log = logging.getLogger("tierroute.limits")

_bearer = HTTPBearer(
    auto_error=False,
    description="An API key from the service's keys file (not needed when none is configured).",
)


@dataclass(frozen=True)
class Caller:
    """The caller: their key's entry (``None`` when no keys are configured) and the tenant
    their spend is counted under (the key's name; a hash of the bearer token without keys)."""

    entry: KeyEntry | None
    tenant: str

    def check_tier(self, tier: TierName | None) -> None:
        """Refuse a forced tier the key may not ask for."""
        if tier is None or self.entry is None or self.entry.may_force(tier):
            return
        allowed = ", ".join(self.entry.force_tiers) or "none"
        raise PermissionDenied(
            f"key {self.entry.name!r} may not force tier {tier!r} (tiers it may force: "
            f"{allowed}); send model 'auto', or ask an admin to add {tier!r} to the key's "
            "force_tiers"
        )

    def check_cache_bypass(self) -> None:
        """Refuse ``Cache-Control: no-cache`` from a key without ``bypass_cache``."""
        if self.entry is None or self.entry.may_bypass_cache():
            return
        raise PermissionDenied(
            f"key {self.entry.name!r} may not bypass the cache (Cache-Control: no-cache); "
            "drop the header, or ask an admin for bypass_cache: true on the key"
        )

    def check_admin(self, what: str) -> None:
        """Refuse an admin endpoint to a key that is not an admin key."""
        if self.entry is None or self.entry.admin:
            return
        raise PermissionDenied(f"key {self.entry.name!r} is not an admin key; {what} needs one")


async def get_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """The caller of this request (401 when keys are configured and none fits)."""
    services = services_of(request.app)
    holder = services.keys if services is not None else None
    # Anthropic's clients send the key as ``x-api-key``
    key = credentials.credentials if credentials is not None else None
    key = key or request.headers.get("x-api-key") or None
    if holder is None:
        return Caller(entry=None, tenant=tenant_of(f"Bearer {key}" if key else None))
    if not key:
        raise AuthenticationError(
            "an API key is required: send the header `Authorization: Bearer <key>` "
            "(or `x-api-key: <key>`)"
        )
    entry = holder.current.find(key)
    if entry is None:
        raise AuthenticationError(
            "the API key is not known here; check it, or ask an admin for one "
            "(`tierroute keys add`)"
        )
    return Caller(entry=entry, tenant=entry.name)


CallerDep = Annotated[Caller, Depends(get_caller)]


async def get_admin(caller: CallerDep, request: Request) -> Caller:
    """The caller, who must hold an admin key (when keys are configured)."""
    caller.check_admin(f"{request.method} {request.url.path}")
    return caller


AdminDep = Annotated[Caller, Depends(get_admin)]


def wants_cache_bypass(request: Request) -> bool:
    """Whether the request says ``Cache-Control: no-cache`` (or ``no-store``)."""
    directives = request.headers.get("cache-control", "").lower().split(",")
    return any(d.strip() in ("no-cache", "no-store") for d in directives)


_METER = "tierroute_key_meter"


@dataclass
class _Meter:
    """One request's standing against its key's limits (kept in the ASGI scope's state)."""

    limits: KeyLimits
    headers: dict[str, str] = field(default_factory=dict)
    reservation: Reservation | None = None
    #: What the request used (tokens, dollars): nothing until it is settled.
    used: tuple[int, float] = (0, 0.0)

    def show(self, counters: Counters | None) -> None:
        if counters is not None:
            self.headers = rate_limit_headers(self.limits, counters)


def _meter(http: Request) -> _Meter | None:
    meter: _Meter | None = getattr(http.state, _METER, None)
    return meter


async def reserve(
    http: Request, limiter: Limiter, caller: Caller, *, tokens: int = 0, usd: float = 0.0
) -> None:
    """Count the request against the caller's limits and reserve ``tokens`` and ``usd``
    (each only where the key has that limit), or refuse it: 429 when it does not fit now,
    413 when it never could. Keys without limits are not counted."""
    if caller.entry is None or not caller.entry.limits.any_set:
        return
    limits = caller.entry.limits
    admission = await limiter.reserve(caller.tenant, limits, tokens=tokens, usd=usd)
    meter = _Meter(limits=limits, reservation=admission.reservation)
    meter.show(admission.counters)
    setattr(http.state, _METER, meter)
    if admission.refused is not None:
        raise admission.refused


def reserves_usage(caller: Caller) -> bool:
    """Whether the caller's key limits tokens or dollars (its requests reserve an estimate)."""
    limits = caller.entry.limits if caller.entry is not None else None
    return limits is not None and (
        limits.tokens_per_minute is not None or limits.usd_per_day is not None
    )


async def _settle(limiter: Limiter, meter: _Meter) -> None:
    reservation, meter.reservation = meter.reservation, None
    if reservation is None:
        return
    tokens, usd = meter.used
    # shielded: a cancelled request still gives back what it reserved and did not use
    counters = await asyncio.shield(limiter.settle(reservation, tokens=tokens, usd=usd))
    meter.show(counters)


async def settle(http: Request, limiter: Limiter, *, tokens: int, usd: float) -> None:
    """Settle the request's reservation to what it used (tokens and dollars; nothing for
    a request that failed); the settling itself is shielded, so a request cancelled now
    still settles. Settling twice does nothing more."""
    meter = _meter(http)
    if meter is not None:
        meter.used = (tokens, usd)
        await _settle(limiter, meter)


async def _release(scope: dict[str, Any], meter: _Meter) -> None:
    """Give back all a request reserved that was not settled: it used nothing."""
    services = services_of(scope["app"])
    if services is None:
        return
    try:
        await _settle(services.limiter, meter)
    except Exception:  # a failed release must not turn into a failed response
        log.exception("rate limits: releasing a reservation failed")


class RateLimitHeaders:
    """ASGI middleware: the ``x-ratelimit-*`` headers of a key with limits, on its answers
    and on its 429s; and the release of a reservation that was never settled, so a
    failed request uses none of the limits: before its error response is sent (the
    caller's next request sees it released), or when the request ends another way."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})

        async def send_with_limits(message: dict[str, Any]) -> None:
            meter: _Meter | None = state.get(_METER)
            if message["type"] == "http.response.start" and meter is not None:
                if meter.reservation is not None and message["status"] >= 400:
                    await _release(scope, meter)
                extra = [(k.encode(), v.encode()) for k, v in meter.headers.items()]
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_limits)
        finally:
            meter = state.get(_METER)
            if meter is not None and meter.reservation is not None:
                await _release(scope, meter)
