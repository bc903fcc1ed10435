"""Per-key limits in Redis, shared by every replica; each step is one Lua script.

Keys (the ``{tenant}`` hash tag keeps a key's counters in one Redis Cluster slot):

- ``<prefix>limit:{<tenant>}:minute`` — a hash of ``requests``, ``tokens`` (used and
  reserved) and ``w`` (the window's id) that expires 60 s after the window's first request;
- ``<prefix>limit:{<tenant>}:usd:<YYYY-MM-DD>`` — dollars spent and reserved that UTC day
  (kept 2 days).

Admission reads every limit, counts the request and reserves its tokens and dollars in
one script, so concurrent requests on any number of replicas never get past a limit
together; settling a request is one more script. When Redis fails, the limits are
counted in process while the process's Redis circuit is open (:mod:`router.stores.redis`),
and a log line says so:
a Redis outage neither fails requests nor lifts the limits. A reservation that cannot be
settled in Redis stays counted until its window or day ends (on the safe side).
"""

from __future__ import annotations

import logging
import math
import uuid
from typing import TYPE_CHECKING, Any

from router.auth.keys import KeyLimits
from router.auth.limits import (
    USD_SLACK,
    WINDOW_S,
    Admission,
    Counters,
    Limiter,
    LimitName,
    MemoryLimiter,
    Reservation,
    refusal,
    seconds_to_utc_midnight,
    utc_day,
)
from router.stores.redis import reply_text

if TYPE_CHECKING:
    from router.stores.redis import RedisConnection

__all__ = ["RedisLimiter", "limiter_for"]

log = logging.getLogger("tierroute.limits")

# KEYS: minute hash, day dollars.
# ARGV: rpm, tpm, usd limit (-1 = none), window ms, tokens to reserve, dollars to reserve,
#       id for a new window, day key TTL s, dollar slack.
# Returns {verdict, requests, tokens, dollars, window ms left, window id}; verdict 'ok' or
# the name of the limit the request does not fit under (then nothing is counted).
_RESERVE = """
local window = tonumber(ARGV[4])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then left = window end
local made = tonumber(redis.call('HGET', KEYS[1], 'requests') or '0')
local used = tonumber(redis.call('HGET', KEYS[1], 'tokens') or '0')
local spent = tonumber(redis.call('GET', KEYS[2]) or '0')
local need_tokens = tonumber(ARGV[5])
local need_usd = tonumber(ARGV[6])
local rpm, tpm, budget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local verdict = 'ok'
if budget >= 0 and (spent >= budget or spent + need_usd > budget + tonumber(ARGV[9])) then
  verdict = 'usd'
elseif tpm >= 0 and (used >= tpm or used + need_tokens > tpm) then
  verdict = 'tokens'
elseif rpm >= 0 and made >= rpm then
  verdict = 'requests'
end
if verdict ~= 'ok' then return {verdict, made, used, tostring(spent), left, ''} end
redis.call('HSETNX', KEYS[1], 'w', ARGV[7])
made = redis.call('HINCRBY', KEYS[1], 'requests', 1)
if need_tokens > 0 then used = redis.call('HINCRBY', KEYS[1], 'tokens', need_tokens) end
if redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], window)
  left = window
end
if need_usd > 0 then
  spent = tonumber(redis.call('INCRBYFLOAT', KEYS[2], ARGV[6]))
  redis.call('EXPIRE', KEYS[2], ARGV[8])
end
return {'ok', made, used, tostring(spent), left, redis.call('HGET', KEYS[1], 'w')}
"""

# KEYS: minute hash, dollars of the reservation's day, dollars of today.
# ARGV: the reservation's window id, token change, dollar change, window ms, day key TTL s,
#       id for a new window.
# A change moves the reservation to what was used. When the window (or day) has ended
# since, the reservation went with it: only usage beyond it is counted, in the current one.
# Returns {requests, tokens, dollars today, window ms left}.
_SETTLE = """
local window = tonumber(ARGV[4])
local change = tonumber(ARGV[2])
if change ~= 0 and redis.call('HGET', KEYS[1], 'w') ~= ARGV[1] and change < 0 then
  change = 0
end
if change > 0 then
  redis.call('HSETNX', KEYS[1], 'w', ARGV[6])
  redis.call('HINCRBY', KEYS[1], 'tokens', change)
  if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], window) end
elseif change < 0 then
  if redis.call('HINCRBY', KEYS[1], 'tokens', change) < 0 then
    redis.call('HSET', KEYS[1], 'tokens', 0)
  end
end
local dollars = tonumber(ARGV[3])
local day = KEYS[2]
if KEYS[2] ~= KEYS[3] then
  day = KEYS[3]
  if dollars < 0 then dollars = 0 end
end
if dollars ~= 0 then
  if tonumber(redis.call('INCRBYFLOAT', day, ARGV[3])) < 0 then redis.call('SET', day, '0') end
  redis.call('EXPIRE', day, ARGV[5])
end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then left = window end
return {
  tonumber(redis.call('HGET', KEYS[1], 'requests') or '0'),
  tonumber(redis.call('HGET', KEYS[1], 'tokens') or '0'),
  tostring(tonumber(redis.call('GET', KEYS[3]) or '0')),
  left,
}
"""

_DAY_TTL_S = 2 * 86400
_LIMITS: dict[str, LimitName] = {"requests": "requests", "tokens": "tokens", "usd": "usd"}


def _arg(limit: float | None) -> str:
    return "-1" if limit is None else repr(limit)


def _dollars(value: float) -> str:
    return f"{value:.15f}"


class RedisLimiter(Limiter):
    """Limits counted in Redis (scripts sent once and run by SHA)."""

    def __init__(self, connection: RedisConnection, *, owns: bool = False) -> None:
        self.connection = connection
        self._reserve_script = connection.register_script(_RESERVE)
        self._settle_script = connection.register_script(_SETTLE)
        self._owns = owns
        self._fallback = MemoryLimiter()

    @classmethod
    def connect(cls, url: str, **settings: Any) -> RedisLimiter:
        """A limiter with a Redis connection of its own (closed with it)."""
        from router.stores.redis import RedisConnection

        return cls(RedisConnection.from_url(url, **settings), owns=True)

    @property
    def errors(self) -> int:
        """Redis failures of the limiter since start (each one counted in process while the
        circuit was open)."""
        return self.connection.circuit.failures.get("limits", 0)

    def _minute_key(self, tenant: str) -> str:
        return self.connection.key("limit", f"{{{tenant}}}", "minute")

    def _day_key(self, tenant: str, day: str) -> str:
        return self.connection.key("limit", f"{{{tenant}}}", "usd", day)

    async def _run(self, action: str, script: Any, keys: list[str], args: list[str]) -> Any:
        """The script's reply, or ``None`` when Redis is unavailable (circuit open or failed)."""
        _, reply = await self.connection.guarded(
            "limits",
            action,
            lambda: script(keys=keys, args=args),
            instead="counting limits in process",
        )
        return reply

    async def _reserve(self, tenant: str, limits: KeyLimits, tokens: int, usd: float) -> Admission:
        """Check every limit, count the request and reserve, atomically across replicas."""
        day = utc_day()
        args = [
            _arg(limits.requests_per_minute),
            _arg(limits.tokens_per_minute),
            _arg(limits.usd_per_day),
            str(int(WINDOW_S * 1000)),
            str(tokens),
            _dollars(usd),
            uuid.uuid4().hex,
            str(_DAY_TTL_S),
            repr(USD_SLACK),
        ]
        keys = [self._minute_key(tenant), self._day_key(tenant, day)]
        reply = await self._run("reserve", self._reserve_script, keys, args)
        if reply is None:
            return self._fallback.reserve_now(tenant, limits, tokens, usd)
        verdict, window = reply_text(reply[0]), reply_text(reply[5])
        counters = Counters(
            requests=int(reply[1]),
            tokens=int(reply[2]),
            usd=float(reply[3]),
            window_reset_s=int(reply[4]) / 1000,
            day_reset_s=float(seconds_to_utc_midnight()),
        )
        if verdict == "ok":
            reservation = Reservation(
                tenant=tenant,
                limits=limits,
                tokens=tokens,
                usd=usd,
                window=window,
                day=day,
                in_redis=True,
            )
            return Admission(counters=counters, reservation=reservation)
        limit = _LIMITS[verdict]
        used = {"requests": counters.requests, "tokens": counters.tokens, "usd": counters.usd}
        need = {"requests": 0, "tokens": tokens, "usd": usd}[limit]
        retry = counters.day_reset_s if limit == "usd" else counters.window_reset_s
        refused = refusal(tenant, limit, used[limit], limits, math.ceil(retry), need=need)
        return Admission(counters=counters, refused=refused)

    async def settle(self, reservation: Reservation, *, tokens: int, usd: float) -> Counters | None:
        """Move the reservation to what was used, in Redis (or in process, where it was
        made while Redis was away)."""
        if not reservation.in_redis:
            return self._fallback.settle_now(reservation, tokens=tokens, usd=usd)
        limits, tenant = reservation.limits, reservation.tenant
        change = tokens - reservation.tokens if limits.tokens_per_minute is not None else 0
        dollars = usd - reservation.usd if limits.usd_per_day is not None else 0.0
        if change == 0 and dollars == 0:
            return None
        keys = [
            self._minute_key(tenant),
            self._day_key(tenant, reservation.day),
            self._day_key(tenant, utc_day()),
        ]
        args = [
            reservation.window,
            str(change),
            _dollars(dollars),
            str(int(WINDOW_S * 1000)),
            str(_DAY_TTL_S),
            uuid.uuid4().hex,
        ]
        reply = await self._run("settle", self._settle_script, keys, args)
        if reply is None:
            return None
        return Counters(
            requests=int(reply[0]),
            tokens=int(reply[1]),
            usd=float(reply[2]),
            window_reset_s=int(reply[3]) / 1000,
            day_reset_s=float(seconds_to_utc_midnight()),
        )

    async def aclose(self) -> None:
        """Close the connection if it is the limiter's own."""
        if self._owns:
            await self.connection.aclose()


def limiter_for(connection: RedisConnection | None) -> Limiter:
    """The limiter of a process: in its Redis if it has one (shared by every replica), else
    in process."""
    return RedisLimiter(connection) if connection is not None else MemoryLimiter()
