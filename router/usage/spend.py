"""Spend accounting per tenant and tier, in day windows (UTC).

In Redis (shared by every replica) the counters are one hash per tenant and day, moved
with HINCRBYFLOAT/HINCRBY in one MULTI, so concurrent requests never lose an update;
without Redis, in process. A Redis failure is logged and counted, never raised.
"""

from __future__ import annotations

import hashlib
import logging
import time
from abc import ABC, abstractmethod
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from router.backends.calls import Attempt
from router.errors import CacheError

__all__ = [
    "MemorySpend",
    "RedisSpend",
    "SpendLedger",
    "TierSpend",
    "build_spend_ledger",
    "tenant_of",
    "today",
]

log = logging.getLogger("tierroute.spend")
_RETENTION_S = 90 * 86400


class TierSpend(BaseModel):
    """What one tenant spent on one tier in one day."""

    cost_usd: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0


class DaySpend(BaseModel):
    """``GET /v1/spend``: per tenant, per tier, for one day."""

    day: str
    tenants: dict[str, dict[str, TierSpend]] = Field(default_factory=dict)


def today() -> str:
    """The UTC day, ``YYYY-MM-DD``."""
    return datetime.now(UTC).strftime("%Y-%m-%d")


def tenant_of(authorization: str | None) -> str:
    """A stable tenant id for an ``Authorization: Bearer`` key (a hash, never the key)."""
    if not authorization or not authorization.lower().startswith("bearer "):
        return "anonymous"
    key = authorization.split(" ", 1)[1].strip()
    return "key-" + hashlib.sha256(key.encode()).hexdigest()[:12] if key else "anonymous"


def _increments(attempts: list[Attempt]) -> dict[str, dict[str, float]]:
    by_tier: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for attempt in attempts:
        if attempt.outcome == "failed":
            continue
        fields = by_tier[attempt.tier]
        fields["cost_usd"] += attempt.cost_usd
        fields["prompt_tokens"] += attempt.usage.prompt_tokens
        fields["completion_tokens"] += attempt.usage.completion_tokens
        fields["calls"] += 1
    return by_tier


class SpendLedger(ABC):
    """Where spend is counted."""

    errors = 0

    @abstractmethod
    async def record(self, tenant: str, attempts: list[Attempt]) -> None:
        """Add the calls of one request to ``tenant``'s spend today."""

    @abstractmethod
    async def day(self, day: str, tenant: str | None = None) -> DaySpend:
        """Spend of ``day`` (all tenants, or one)."""

    async def aclose(self) -> None:  # noqa: B027 - in-process ledgers hold nothing
        """Release connections."""


class MemorySpend(SpendLedger):
    """Counters in this process, kept as long as Redis keeps them (90 days): a day older
    than that is dropped when a new day starts, so a process that runs for months does
    not grow by a day of counters every day."""

    def __init__(self) -> None:
        self._days: dict[str, dict[str, dict[str, TierSpend]]] = defaultdict(
            lambda: defaultdict(dict)
        )

    def _forget_old_days(self, now: str) -> None:
        start = datetime.strptime(now, "%Y-%m-%d").replace(tzinfo=UTC).timestamp()
        oldest = datetime.fromtimestamp(start - _RETENTION_S, UTC).strftime("%Y-%m-%d")
        for day in [day for day in self._days if day < oldest]:
            del self._days[day]

    async def record(self, tenant: str, attempts: list[Attempt]) -> None:
        """Add to today's counters."""
        now = today()
        if now not in self._days:
            self._forget_old_days(now)
        tiers = self._days[now][tenant]
        for tier, fields in _increments(attempts).items():
            spend = tiers.setdefault(tier, TierSpend())
            spend.cost_usd += fields["cost_usd"]
            spend.prompt_tokens += int(fields["prompt_tokens"])
            spend.completion_tokens += int(fields["completion_tokens"])
            spend.calls += int(fields["calls"])

    async def day(self, day: str, tenant: str | None = None) -> DaySpend:
        """A copy of the day's counters."""
        tenants = self._days.get(day, {})
        chosen = {t: v for t, v in tenants.items() if tenant is None or t == tenant}
        return DaySpend(day=day, tenants={t: dict(v) for t, v in chosen.items()})


class RedisSpend(SpendLedger):
    """Counters in Redis: ``<prefix>spend:<day>:<tenant>`` hashes of ``<tier>:<field>``."""

    def __init__(self, url: str, *, prefix: str = "tierroute:", timeout_s: float = 0.25) -> None:
        import redis.asyncio as redis

        self._redis = redis.Redis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s, decode_responses=True
        )
        self._prefix = prefix
        self._closed_until = 0.0  # after a failure, skip Redis for a moment (a circuit)

    def _key(self, day: str, tenant: str) -> str:
        return f"{self._prefix}spend:{day}:{tenant}"

    async def record(self, tenant: str, attempts: list[Attempt]) -> None:
        """HINCRBYFLOAT/HINCRBY in one transaction; failures are logged, not raised."""
        import redis.exceptions

        increments = _increments(attempts)
        if not increments or time.monotonic() < self._closed_until:
            return
        key = self._key(today(), tenant)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                for tier, fields in increments.items():
                    pipe.hincrbyfloat(key, f"{tier}:cost_usd", fields["cost_usd"])
                    for name in ("prompt_tokens", "completion_tokens", "calls"):
                        pipe.hincrby(key, f"{tier}:{name}", int(fields[name]))
                pipe.expire(key, _RETENTION_S)
                await pipe.execute()
        except (redis.exceptions.RedisError, OSError, TimeoutError) as exc:
            self.errors += 1
            self._closed_until = time.monotonic() + 1.0
            log.warning("spend not recorded in Redis (%s: %s)", type(exc).__name__, exc)

    async def day(self, day: str, tenant: str | None = None) -> DaySpend:
        """Read the day's hashes (SCAN over tenants when none is named)."""
        import redis.exceptions

        try:
            return await self._read_day(day, tenant)
        except (redis.exceptions.RedisError, OSError, TimeoutError) as exc:
            raise CacheError(f"spend is kept in Redis, which did not answer: {exc}") from exc

    async def _read_day(self, day: str, tenant: str | None) -> DaySpend:
        if tenant is not None:
            keys = [self._key(day, tenant)]
        else:
            keys = [k async for k in self._redis.scan_iter(match=self._key(day, "*"), count=500)]
        result = DaySpend(day=day)
        for key in sorted(keys):
            raw: dict[Any, Any] = await self._redis.hgetall(key)
            if not raw:
                continue
            tiers: dict[str, TierSpend] = {}
            for field, value in raw.items():
                tier, name = field.split(":", 1)
                spend = tiers.setdefault(tier, TierSpend())
                setattr(spend, name, float(value) if name == "cost_usd" else int(value))
            result.tenants[key.rsplit(":", 1)[1]] = tiers
        return result

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose()


def build_spend_ledger(redis_url: str | None) -> SpendLedger:
    """Redis when a URL is given, else in process."""
    return RedisSpend(redis_url) if redis_url else MemorySpend()
