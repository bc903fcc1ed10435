"""Per-key limits: requests and tokens per minute, US dollars per UTC day.

A request is admitted only if it fits: admission counts the request and *reserves* what
it may use (an estimate, see :mod:`router.auth.estimate`) in one atomic step, and
refuses it when the reservation does not fit under a limit next to what the key has
used and reserved. When the request ends the reservation is settled to what it used:
the unused part is released (all of it when the call failed). So concurrent requests
cannot together pass a limit as long as each used no more than it reserved; if one
used more (its prompt held more tokens than estimated), the difference is charged then,
and the next request waits. A request that may use more than a whole window allows is
refused with :class:`~router.errors.ExceedsKeyLimit` (413), since it could never fit.

The minute is a window that opens with the key's first request and lasts 60 s; the day
is the UTC day. Refusals are :class:`~router.errors.RateLimited`, which says which
limit, how much was used and when it resets (the ``Retry-After`` of the 429).

:class:`MemoryLimiter` counts in this process (per worker); with Redis the counters are
shared by every replica (:mod:`router.auth.limits_redis`, where
:func:`~router.auth.limits_redis.limiter_for` picks one).
"""

from __future__ import annotations

import itertools
import math
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from router.auth.keys import KeyLimits
from router.errors import ExceedsKeyLimit, RateLimited

__all__ = [
    "Admission",
    "Counters",
    "Limiter",
    "MemoryLimiter",
    "Reservation",
    "refusal",
    "seconds_to_utc_midnight",
]

LimitName = Literal["requests", "tokens", "usd"]
WINDOW_S = 60.0
#: Dollar sums are floats: a reservation fits when it is over the limit by less than this.
USD_SLACK = 1e-12


def seconds_to_utc_midnight(now: float | None = None) -> int:
    """Whole seconds until the UTC day ends (at least 1)."""
    now = time.time() if now is None else now
    return max(1, math.ceil(86400 - now % 86400))


def utc_day(now: float | None = None) -> str:
    """The UTC day of ``now`` (default: now), ``YYYY-MM-DD``."""
    return datetime.fromtimestamp(time.time() if now is None else now, UTC).strftime("%Y-%m-%d")


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    hours, rest = divmod(seconds, 3600)
    minutes = math.ceil(rest / 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


@dataclass(frozen=True)
class Counters:
    """What a key has used and reserved: requests and tokens this minute, dollars today."""

    requests: int
    tokens: int
    usd: float
    #: Seconds until the minute window ends (a full window when none is open).
    window_reset_s: float
    #: Seconds until 00:00 UTC.
    day_reset_s: float


@dataclass(frozen=True)
class Reservation:
    """What an admitted request reserved, and where, so it can be settled."""

    tenant: str
    limits: KeyLimits
    tokens: int
    usd: float
    #: The minute window the tokens were reserved in.
    window: str
    #: The UTC day the dollars were reserved on.
    day: str
    in_redis: bool = False


@dataclass(frozen=True)
class Admission:
    """The outcome of asking to admit a request: its reservation, or why it was refused;
    and the key's counters either way (for the ``x-ratelimit-*`` headers)."""

    counters: Counters
    reservation: Reservation | None = None
    refused: RateLimited | None = None


def refusal(
    tenant: str,
    limit: LimitName,
    used: float,
    limits: KeyLimits,
    retry_after_s: int,
    *,
    need: float = 0,
) -> RateLimited:
    """The 429 for ``limit`` of key ``tenant``: which limit, how much was used (and
    reserved by requests still running), what this request needs, when it resets."""
    wait = _duration(retry_after_s)
    if limit == "requests":
        message = (
            f"request limit reached for key {tenant!r}: {int(used)} of "
            f"{limits.requests_per_minute} requests per minute used; the window resets in {wait}"
        )
    elif limit == "tokens":
        asks = f" and this request may use up to {int(need)}" if need else ""
        message = (
            f"token limit reached for key {tenant!r}: {int(used)} tokens used or reserved this "
            f"minute{asks} (limit {limits.tokens_per_minute} per minute); the window resets "
            f"in {wait}"
        )
    else:
        asks = f" and this request may cost up to ${need:.6f}" if need else ""
        message = (
            f"daily budget reached for key {tenant!r}: ${used:.6f} spent or reserved today"
            f"{asks} (limit ${limits.usd_per_day:g} per UTC day); it resets at 00:00 UTC, "
            f"in {wait}"
        )
    return RateLimited(message, retry_after_s)


def check_fits(tenant: str, limits: KeyLimits, *, tokens: int, usd: float) -> None:
    """Refuse a request that may use more than a whole window of a limit allows."""
    advice = "send a smaller max_tokens, or ask an admin to raise"
    if limits.tokens_per_minute is not None and tokens > limits.tokens_per_minute:
        raise ExceedsKeyLimit(
            f"this request may use up to {tokens} tokens (its prompt and the longest answer "
            f"it may get), more than key {tenant!r} may use in a minute "
            f"({limits.tokens_per_minute}); {advice} tokens_per_minute"
        )
    if limits.usd_per_day is not None and usd > limits.usd_per_day + USD_SLACK:
        raise ExceedsKeyLimit(
            f"this request may cost up to ${usd:.6f} (its prompt and the longest answer it "
            f"may get, at the policy's prices), more than key {tenant!r} may spend in a UTC "
            f"day (${limits.usd_per_day:g}); {advice} usd_per_day"
        )


def verdict(
    limits: KeyLimits, *, requests: int, tokens: int, usd: float, need_tokens: int, need_usd: float
) -> LimitName | None:
    """The limit a request needing ``need_*`` does not fit under, if any (dollars first)."""
    budget = limits.usd_per_day
    if budget is not None and (usd >= budget or usd + need_usd > budget + USD_SLACK):
        return "usd"
    tpm = limits.tokens_per_minute
    if tpm is not None and (tokens >= tpm or tokens + need_tokens > tpm):
        return "tokens"
    rpm = limits.requests_per_minute
    if rpm is not None and requests >= rpm:
        return "requests"
    return None


class Limiter(ABC):
    """Where the limits are counted."""

    async def reserve(
        self, tenant: str, limits: KeyLimits, *, tokens: int = 0, usd: float = 0.0
    ) -> Admission:
        """Count one request of ``tenant`` and reserve ``tokens`` and ``usd`` (each only if
        the key has that limit), or refuse it (nothing counted). Raises
        :class:`~router.errors.ExceedsKeyLimit` when it could never fit."""
        tokens = tokens if limits.tokens_per_minute is not None else 0
        usd = usd if limits.usd_per_day is not None else 0.0
        check_fits(tenant, limits, tokens=tokens, usd=usd)
        return await self._reserve(tenant, limits, tokens, usd)

    @abstractmethod
    async def _reserve(self, tenant: str, limits: KeyLimits, tokens: int, usd: float) -> Admission:
        """:meth:`reserve` once the request is known to fit in a whole window."""

    @abstractmethod
    async def settle(self, reservation: Reservation, *, tokens: int, usd: float) -> Counters | None:
        """Replace what ``reservation`` holds by what the request used (``tokens`` and
        ``usd``; 0 for a failed call); the counters after, when known."""

    async def aclose(self) -> None:  # noqa: B027 - in-process limiters hold nothing
        """Release connections."""


@dataclass
class _Minute:
    ends: float
    id: str
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
        self._ids = itertools.count(1)
        self._day = ""
        self._usd: dict[str, float] = {}

    def _minute(self, tenant: str, *, open_one: bool = True) -> _Minute | None:
        now = self._clock()
        minute = self._minutes.get(tenant)
        if minute is not None and minute.ends <= now:
            del self._minutes[tenant]
            minute = None
        if minute is None and open_one:
            minute = self._minutes[tenant] = _Minute(ends=now + WINDOW_S, id=str(next(self._ids)))
        return minute

    def _spent(self) -> dict[str, float]:
        day = utc_day(self._wall_clock())
        if day != self._day:
            self._day, self._usd = day, {}
        return self._usd

    def _counters(self, tenant: str) -> Counters:
        minute = self._minute(tenant, open_one=False)
        return Counters(
            requests=minute.requests if minute else 0,
            tokens=minute.tokens if minute else 0,
            usd=self._spent().get(tenant, 0.0),
            window_reset_s=max(0.0, minute.ends - self._clock()) if minute else WINDOW_S,
            day_reset_s=float(seconds_to_utc_midnight(self._wall_clock())),
        )

    def held(self) -> dict[str, int]:
        """Keys with an open minute window, and keys with dollars counted today."""
        return {"minute_keys": len(self._minutes), "usd_keys": len(self._usd)}

    def reserve_now(self, tenant: str, limits: KeyLimits, tokens: int, usd: float) -> Admission:
        """:meth:`reserve` without awaiting (also the fallback of the Redis limiter)."""
        before = self._counters(tenant)
        hit = verdict(
            limits,
            requests=before.requests,
            tokens=before.tokens,
            usd=before.usd,
            need_tokens=tokens,
            need_usd=usd,
        )
        if hit is not None:
            used = {"requests": before.requests, "tokens": before.tokens, "usd": before.usd}[hit]
            need = {"requests": 0, "tokens": tokens, "usd": usd}[hit]
            retry = before.day_reset_s if hit == "usd" else before.window_reset_s
            refused = refusal(tenant, hit, used, limits, math.ceil(retry), need=need)
            return Admission(counters=before, refused=refused)
        minute = self._minute(tenant)
        assert minute is not None
        minute.requests += 1
        minute.tokens += tokens
        spent = self._spent()
        if usd:
            spent[tenant] = spent.get(tenant, 0.0) + usd
        reservation = Reservation(
            tenant=tenant, limits=limits, tokens=tokens, usd=usd, window=minute.id, day=self._day
        )
        return Admission(counters=self._counters(tenant), reservation=reservation)

    def settle_now(self, reservation: Reservation, *, tokens: int, usd: float) -> Counters:
        """:meth:`settle` without awaiting."""
        tenant, limits = reservation.tenant, reservation.limits
        change = tokens - reservation.tokens if limits.tokens_per_minute is not None else 0
        minute = self._minute(tenant, open_one=change > 0)
        if minute is not None and change:
            if minute.id != reservation.window:  # the reservation went with its window
                change = max(0, change)
            minute.tokens = max(0, minute.tokens + change)
        dollars = usd - reservation.usd if limits.usd_per_day is not None else 0.0
        spent = self._spent()
        if dollars and (self._day == reservation.day or dollars > 0):
            spent[tenant] = max(0.0, spent.get(tenant, 0.0) + dollars)
        return self._counters(tenant)

    async def _reserve(self, tenant: str, limits: KeyLimits, tokens: int, usd: float) -> Admission:
        return self.reserve_now(tenant, limits, tokens, usd)

    async def settle(self, reservation: Reservation, *, tokens: int, usd: float) -> Counters | None:
        """Release what was reserved and not used (or charge what was used beyond it)."""
        return self.settle_now(reservation, tokens=tokens, usd=usd)
