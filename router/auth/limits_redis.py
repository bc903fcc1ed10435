"""Per-key limits in Redis, shared by every replica; each check is one Lua script.

Keys (the ``{tenant}`` hash tag keeps a key's counters in one Redis Cluster slot):

- ``<prefix>limit:{<tenant>}:minute`` — a hash of ``requests`` and ``tokens`` that
  expires 60 s after the key's first request of the window;
- ``<prefix>limit:{<tenant>}:usd:<YYYY-MM-DD>`` — dollars spent that UTC day (kept 2 days).

Admission reads every limit and counts the request in one script, so concurrent
requests on any number of replicas never get past a limit together. When Redis fails,
the limits are counted in process for a moment (a circuit, like the cache's), and a log
line says so: a Redis outage neither fails requests nor lifts the limits.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any

from router.auth.keys import KeyLimits
from router.auth.limits import (
    WINDOW_S,
    Limiter,
    LimitName,
    MemoryLimiter,
    refusal,
    seconds_to_utc_midnight,
)
from router.spend import today

__all__ = ["RedisLimiter"]

log = logging.getLogger("tierroute.limits")

# KEYS: minute hash, day dollars.  ARGV: rpm, tpm, usd limit (-1 = none), window ms.
# Returns {verdict, used, window ms left}; verdict 'ok' or the name of the limit hit.
_ADMIT = """
local window = tonumber(ARGV[4])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then left = window end
local usd_limit = tonumber(ARGV[3])
if usd_limit >= 0 then
  local spent = tonumber(redis.call('GET', KEYS[2]) or '0')
  if spent >= usd_limit then return {'usd', tostring(spent), left} end
end
local tpm = tonumber(ARGV[2])
if tpm >= 0 then
  local used = tonumber(redis.call('HGET', KEYS[1], 'tokens') or '0')
  if used >= tpm then return {'tokens', tostring(used), left} end
end
local rpm = tonumber(ARGV[1])
if rpm >= 0 then
  local made = tonumber(redis.call('HGET', KEYS[1], 'requests') or '0')
  if made >= rpm then return {'requests', tostring(made), left} end
end
redis.call('HINCRBY', KEYS[1], 'requests', 1)
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], window) end
return {'ok', '0', left}
"""

# KEYS: minute hash, day dollars.  ARGV: tokens, dollars, window ms, day key TTL s.
_CHARGE = """
local tokens = tonumber(ARGV[1])
if tokens > 0 then
  redis.call('HINCRBY', KEYS[1], 'tokens', tokens)
  if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
end
if tonumber(ARGV[2]) > 0 then
  redis.call('INCRBYFLOAT', KEYS[2], ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
return 1
"""

_DAY_TTL_S = 2 * 86400
_LIMITS: dict[str, LimitName] = {"requests": "requests", "tokens": "tokens", "usd": "usd"}


def _arg(limit: float | None) -> str:
    return "-1" if limit is None else repr(limit)


class RedisLimiter(Limiter):
    """Limits counted in Redis (redis-py asyncio, scripts sent once and run by SHA)."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "tierroute:",
        timeout_s: float = 0.25,
        open_circuit_s: float = 1.0,
    ) -> None:
        import redis.asyncio as redis

        self._redis = redis.Redis.from_url(
            url,
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
            retry_on_timeout=False,
            decode_responses=True,
        )
        self._admit = self._redis.register_script(_ADMIT)
        self._charge = self._redis.register_script(_CHARGE)
        self._prefix = prefix
        self._open_circuit_s = open_circuit_s
        self._closed_until = 0.0
        self._fallback = MemoryLimiter()
        #: Redis failures since start (each one counted in process for a moment).
        self.errors = 0

    def _keys(self, tenant: str) -> list[str]:
        base = f"{self._prefix}limit:{{{tenant}}}"
        return [f"{base}:minute", f"{base}:usd:{today()}"]

    def _failed(self, action: str, exc: BaseException) -> None:
        self.errors += 1
        self._closed_until = time.monotonic() + self._open_circuit_s
        log.warning(
            "rate limits: Redis %s failed (%s: %s); counting in process for %.1f s",
            action,
            type(exc).__name__,
            exc,
            self._open_circuit_s,
        )

    async def _run(self, action: str, script: Any, keys: list[str], args: list[str]) -> Any:
        """The script's reply, or ``None`` when Redis is unavailable (circuit open or failed)."""
        import redis.exceptions

        if time.monotonic() < self._closed_until:
            return None
        try:
            return await script(keys=keys, args=args)
        except (redis.exceptions.RedisError, OSError, TimeoutError) as exc:
            self._failed(action, exc)
            return None

    async def admit(self, tenant: str, limits: KeyLimits) -> None:
        """Check every limit and count the request, atomically across replicas."""
        args = [
            _arg(limits.requests_per_minute),
            _arg(limits.tokens_per_minute),
            _arg(limits.usd_per_day),
            str(int(WINDOW_S * 1000)),
        ]
        reply = await self._run("admit", self._admit, self._keys(tenant), args)
        if reply is None:
            self._fallback.admit_now(tenant, limits)
            return
        verdict, used, left_ms = str(reply[0]), float(reply[1]), int(reply[2])
        if verdict == "ok":
            return
        limit = _LIMITS[verdict]
        retry = seconds_to_utc_midnight() if limit == "usd" else max(1, math.ceil(left_ms / 1000))
        raise refusal(tenant, limit, used, limits, retry)

    async def charge(self, tenant: str, limits: KeyLimits, *, tokens: int, usd: float) -> None:
        """Add tokens (if the key has a token limit) and dollars (if it has a budget)."""
        tokens = tokens if limits.tokens_per_minute is not None else 0
        usd = usd if limits.usd_per_day is not None else 0.0
        if tokens <= 0 and usd <= 0:
            return
        args = [str(tokens), f"{usd:.15f}", str(int(WINDOW_S * 1000)), str(_DAY_TTL_S)]
        if await self._run("charge", self._charge, self._keys(tenant), args) is None:
            self._fallback.charge_now(tenant, tokens=tokens, usd=usd)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose()
