"""Per-key limits: requests and tokens per minute, US dollars per UTC day.

A request is admitted only while every limit of its key has room: admission counts the
request, and what the request used (tokens, dollars) is charged when it ends, so one
request may overshoot a token or dollar limit but the next one is refused. The minute
is a window that opens with the key's first request and lasts 60 s; the day is the UTC
day. Refusals raise :class:`~router.errors.RateLimited`, which says which limit, how
much was used and when it resets (the ``Retry-After`` of the 429).

:class:`MemoryLimiter` counts in this process (per worker); with Redis the counters are
shared by every replica (:mod:`router.auth.limits_redis`).
"""

from __future__ import annotations

import math
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from router.auth.keys import KeyLimits
from router.errors import RateLimited

__all__ = ["Limiter", "MemoryLimiter", "build_limiter", "refusal", "seconds_to_utc_midnight"]

LimitName = Literal["requests", "tokens", "usd"]
WINDOW_S = 60.0


def seconds_to_utc_midnight(now: float | None = None) -> int:
    """Whole seconds until the UTC day ends (at least 1)."""
    now = time.time() if now is None else now
    return max(1, math.ceil(86400 - now % 86400))


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    hours, rest = divmod(seconds, 3600)
    minutes = math.ceil(rest / 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def refusal(
    tenant: str, limit: LimitName, used: float, limits: KeyLimits, retry_after_s: int
) -> RateLimited:
    """The 429 for ``limit`` of key ``tenant``: which limit, how much was used, when it resets."""
    wait = _duration(retry_after_s)
    if limit == "requests":
        message = (
            f"request limit reached for key {tenant!r}: {int(used)} of "
            f"{limits.requests_per_minute} requests per minute used; the window resets in {wait}"
        )
    elif limit == "tokens":
        message = (
            f"token limit reached for key {tenant!r}: {int(used)} tokens used this minute "
            f"(limit {limits.tokens_per_minute} per minute); the window resets in {wait}"
        )
    else:
        message = (
            f"daily budget reached for key {tenant!r}: ${used:.6f} spent today "
            f"(limit ${limits.usd_per_day:g} per UTC day); it resets at 00:00 UTC, in {wait}"
        )
    return RateLimited(message, retry_after_s)


class Limiter(ABC):
    """Where the limits are counted."""

    @abstractmethod
    async def admit(self, tenant: str, limits: KeyLimits) -> None:
        """Count one request of ``tenant``, or raise :class:`RateLimited` (not counted)."""

    @abstractmethod
    async def charge(self, tenant: str, limits: KeyLimits, *, tokens: int, usd: float) -> None:
        """Add what a finished request used to ``tenant``'s minute and day."""

    async def aclose(self) -> None:  # noqa: B027 - in-process limiters hold nothing
        """Release connections."""


@dataclass
class _Minute:
    ends: float
    requests: int = 0
    tokens: int = 0


class MemoryLimiter(Limiter):
    """Counters in this process; admission is atomic (no await between check and count)."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._clock = clock
        self._wall_clock = wall_clock
        self._minutes: dict[str, _Minute] = {}
        self._day = -1
        self._usd: dict[str, float] = {}

    def _minute(self, tenant: str) -> _Minute:
        now = self._clock()
        minute = self._minutes.get(tenant)
        if minute is None or minute.ends <= now:
            minute = self._minutes[tenant] = _Minute(ends=now + WINDOW_S)
        return minute

    def _spent(self) -> dict[str, float]:
        day = int(self._wall_clock() // 86400)
        if day != self._day:
            self._day, self._usd = day, {}
        return self._usd

    def admit_now(self, tenant: str, limits: KeyLimits) -> None:
        """:meth:`admit` without awaiting (also the fallback of the Redis limiter)."""
        spent = self._spent().get(tenant, 0.0)
        if limits.usd_per_day is not None and spent >= limits.usd_per_day:
            raise refusal(tenant, "usd", spent, limits, seconds_to_utc_midnight(self._wall_clock()))
        minute = self._minute(tenant)
        resets = max(1, math.ceil(minute.ends - self._clock()))
        if limits.tokens_per_minute is not None and minute.tokens >= limits.tokens_per_minute:
            raise refusal(tenant, "tokens", minute.tokens, limits, resets)
        if limits.requests_per_minute is not None and minute.requests >= limits.requests_per_minute:
            raise refusal(tenant, "requests", minute.requests, limits, resets)
        minute.requests += 1

    def charge_now(self, tenant: str, *, tokens: int, usd: float) -> None:
        """:meth:`charge` without awaiting."""
        if tokens:
            self._minute(tenant).tokens += tokens
        if usd:
            spent = self._spent()
            spent[tenant] = spent.get(tenant, 0.0) + usd

    async def admit(self, tenant: str, limits: KeyLimits) -> None:
        """Count the request or refuse it."""
        self.admit_now(tenant, limits)

    async def charge(self, tenant: str, limits: KeyLimits, *, tokens: int, usd: float) -> None:
        """Add tokens and dollars."""
        self.charge_now(tenant, tokens=tokens, usd=usd)


def build_limiter(redis_url: str | None) -> Limiter:
    """Redis when a URL is given, else in process."""
    if redis_url:
        from router.auth.limits_redis import RedisLimiter

        return RedisLimiter(redis_url)
    return MemoryLimiter()
