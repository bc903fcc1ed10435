"""Spend accounting per tenant and tier, in day windows (UTC).

In Redis (shared by every replica) the counters are one hash per tenant and day, moved
with HINCRBYFLOAT/HINCRBY in one script, so concurrent requests never lose an update (and
a Redis Cluster runs it on the node of that one key); without Redis, in process. A Redis
failure is logged and counted, never raised.
"""

from __future__ import annotations

import hashlib
import logging
from abc import ABC, abstractmethod
from collections import defaultdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from router.backends.calls import Attempt
from router.errors import CacheError
from router.stores.redis import redis_errors, reply_text

if TYPE_CHECKING:
    from router.stores.redis import RedisConnection

__all__ = [
    "MemorySpend",
    "RedisSpend",
    "SpendLedger",
    "TierSpend",
    "spend_ledger_for",
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
    """Where spend is counted: per tenant, per tier, per UTC day (in process or in Redis)."""

    @property
    def errors(self) -> int:
        """Updates that could not be recorded since start."""
        return 0

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

    def held(self) -> dict[str, int]:
        """Days kept (at most 90) and tenant-days counted in them."""
        days = list(self._days.values())
        return {"days": len(days), "tenant_days": sum(len(tenants) for tenants in days)}

    async def day(self, day: str, tenant: str | None = None) -> DaySpend:
        """A copy of the day's counters."""
        tenants = self._days.get(day, {})
        chosen = {t: v for t, v in tenants.items() if tenant is None or t == tenant}
        return DaySpend(day=day, tenants={t: dict(v) for t, v in chosen.items()})


# KEYS: the day's hash.  ARGV: TTL s, then (field, increment) pairs; a field ending in
# ":cost_usd" moves by HINCRBYFLOAT, the others by HINCRBY.
_RECORD = """
for i = 2, #ARGV, 2 do
  if string.sub(ARGV[i], -9) == ':cost_usd' then
    redis.call('HINCRBYFLOAT', KEYS[1], ARGV[i], ARGV[i + 1])
  else
    redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
"""


class RedisSpend(SpendLedger):
    """Counters in Redis: ``<prefix>spend:<day>:<tenant>`` hashes of ``<tier>:<field>``."""

    def __init__(self, connection: RedisConnection, *, owns: bool = False) -> None:
        self.connection = connection
        self._record = connection.register_script(_RECORD)
        self._owns = owns

    @classmethod
    def connect(cls, url: str, **settings: Any) -> RedisSpend:
        """A ledger with a Redis connection of its own (closed with it)."""
        from router.stores.redis import RedisConnection

        return cls(RedisConnection.from_url(url, **settings), owns=True)

    @property
    def errors(self) -> int:
        """Redis failures of the ledger since start (those requests' spend was not counted)."""
        return self.connection.circuit.failures.get("spend", 0)

    def _key(self, day: str, tenant: str) -> str:
        return self.connection.key("spend", day, tenant)

    async def record(self, tenant: str, attempts: list[Attempt]) -> None:
        """Move the day's counters in one script; failures are logged, not raised."""
        increments = _increments(attempts)
        if not increments:
            return
        args: list[str] = [str(_RETENTION_S)]
        for tier, fields in increments.items():
            args += [f"{tier}:cost_usd", repr(fields["cost_usd"])]
            for name in ("prompt_tokens", "completion_tokens", "calls"):
                args += [f"{tier}:{name}", str(int(fields[name]))]
        key = self._key(today(), tenant)
        await self.connection.guarded(
            "spend",
            "record",
            lambda: self._record(keys=[key], args=args),
            instead="spend is not recorded",
        )

    async def day(self, day: str, tenant: str | None = None) -> DaySpend:
        """Read the day's hashes (SCAN over tenants when none is named)."""
        try:
            return await self._read_day(day, tenant)
        except redis_errors() as exc:
            raise CacheError(f"spend is kept in Redis, which did not answer: {exc}") from exc

    async def _read_day(self, day: str, tenant: str | None) -> DaySpend:
        redis = self.connection.client
        if tenant is not None:
            keys = [self._key(day, tenant)]
        else:
            keys = [
                reply_text(k) async for k in redis.scan_iter(match=self._key(day, "*"), count=500)
            ]
        result = DaySpend(day=day)
        for key in sorted(set(keys)):
            raw: dict[Any, Any] = await redis.hgetall(key)
            if not raw:
                continue
            tiers: dict[str, TierSpend] = {}
            for field, value in raw.items():
                tier, name = reply_text(field).split(":", 1)
                spend = tiers.setdefault(tier, TierSpend())
                setattr(spend, name, float(value) if name == "cost_usd" else int(value))
            result.tenants[key.rsplit(":", 1)[1]] = tiers
        return result

    async def aclose(self) -> None:
        """Close the connection if it is the ledger's own."""
        if self._owns:
            await self.connection.aclose()


def spend_ledger_for(connection: RedisConnection | None) -> SpendLedger:
    """The spend ledger of a process: in its Redis if it has one, else in process."""
    return RedisSpend(connection) if connection is not None else MemorySpend()
