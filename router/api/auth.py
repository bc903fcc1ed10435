"""Who is calling, and may they: API keys, permissions and per-key limits for the routes.

With no keys configured every caller is trusted (the service then listens on loopback
only, see ``tierroute serve``); with keys, every ``/v1`` route needs a known key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from router.auth.keys import KeyEntry, KeyRing
from router.auth.limits import Limiter
from router.errors import AuthenticationError, PermissionDenied
from router.policy import TierName
from router.requests import RouteRequest
from router.spend import tenant_of

__all__ = [
    "AdminDep",
    "Caller",
    "CallerDep",
    "admit",
    "authorize",
    "get_admin",
    "get_caller",
    "wants_cache_bypass",
]

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


def _keys(request: Request) -> KeyRing | None:
    keys: KeyRing | None = request.app.state.keys
    return keys


async def get_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """The caller of this request (401 when keys are configured and none fits)."""
    keys = _keys(request)
    if keys is None:
        caller = Caller(entry=None, tenant=tenant_of(request.headers.get("authorization")))
    else:
        if credentials is None or not credentials.credentials:
            raise AuthenticationError(
                "an API key is required: send the header `Authorization: Bearer <key>`"
            )
        entry = keys.find(credentials.credentials)
        if entry is None:
            raise AuthenticationError(
                "the API key is not known here; check it, or ask an admin for one "
                "(`tierroute keys add`)"
            )
        caller = Caller(entry=entry, tenant=entry.name)
    request.state.caller = caller
    return caller


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


async def admit(request: Request, caller: Caller) -> None:
    """Count the request against the caller's limits, or refuse it with a 429."""
    if caller.entry is None or not caller.entry.limits.any_set:
        return
    limiter: Limiter = request.app.state.limiter
    await limiter.admit(caller.tenant, caller.entry.limits)


async def authorize(http: Request, caller: Caller, request: RouteRequest) -> bool:
    """Check that the caller may send ``request`` as sent (a forced tier, a cache bypass)
    and count it against their limits; returns whether to bypass the cache."""
    caller.check_tier(request.tier)
    bypass = wants_cache_bypass(http)
    if bypass:
        caller.check_cache_bypass()
    await admit(http, caller)
    return bypass
