"""Where conversations stay: which tier issued a tool call (so the tool loop comes back
to it), which tier a conversation is on, and what a ticket thread has spent, kept for a
while, in Redis when the process has one, else in process.

A pin that cannot be read (Redis down) is a request routed afresh, never a failed one:
every Redis call goes through the process's guarded client and its circuit.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from router.stores.redis import RedisConnection

__all__ = ["MemorySessions", "RedisSessions", "SessionStore", "sessions_for"]


class SessionStore(ABC):
    """Pins: a key (a tool call's id) to the tier it stays on, each for a time."""

    @abstractmethod
    async def get(self, key: str) -> str | None:
        """The tier pinned for ``key``, or ``None`` (also when the store fails)."""

    @abstractmethod
    async def set_many(self, keys: list[str], tier: str, ttl_s: int) -> None:
        """Pin every key of ``keys`` to ``tier`` for ``ttl_s`` seconds."""

    @abstractmethod
    async def add(self, key: str, amounts: dict[str, float], ttl_s: int) -> dict[str, float]:
        """Add ``amounts`` to the totals kept under ``key`` (a ticket thread's spend, kept
        ``ttl_s`` seconds after its last change); the totals now (``{}`` if the store
        failed: nothing is known spent)."""

    def held(self) -> dict[str, int]:
        """How much its bounded state holds (for memory probes)."""
        return {}


class MemorySessions(SessionStore):
    """Pins in this process: at most ``max_entries``, the oldest dropped first."""

    def __init__(self, *, max_entries: int = 100_000) -> None:
        self.max_entries = max_entries
        self._pins: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._totals: OrderedDict[str, tuple[float, dict[str, float]]] = OrderedDict()

    async def get(self, key: str) -> str | None:
        """The pinned tier if not expired."""
        entry = self._pins.get(key)
        if entry is None:
            return None
        expires, tier = entry
        if expires < time.monotonic():
            del self._pins[key]
            return None
        return tier

    async def set_many(self, keys: list[str], tier: str, ttl_s: int) -> None:
        """Pin, dropping the oldest pins past ``max_entries``."""
        expires = time.monotonic() + ttl_s
        for key in keys:
            self._pins[key] = (expires, tier)
            self._pins.move_to_end(key)
        while len(self._pins) > self.max_entries:
            self._pins.popitem(last=False)

    async def add(self, key: str, amounts: dict[str, float], ttl_s: int) -> dict[str, float]:
        """Add to the totals in this process (bounded like the pins)."""
        expires = time.monotonic() + ttl_s
        entry = self._totals.get(key)
        totals = dict(entry[1]) if entry is not None and entry[0] >= time.monotonic() else {}
        for name, amount in amounts.items():
            totals[name] = totals.get(name, 0.0) + amount
        self._totals[key] = (expires, totals)
        self._totals.move_to_end(key)
        while len(self._totals) > self.max_entries:
            self._totals.popitem(last=False)
        return totals

    def held(self) -> dict[str, int]:
        """Pins and totals held."""
        return {"pins": len(self._pins), "totals": len(self._totals)}


class RedisSessions(SessionStore):
    """Pins in Redis (``<prefix>pin:<key>``), shared by every replica."""

    def __init__(self, connection: RedisConnection) -> None:
        self.connection = connection

    async def get(self, key: str) -> str | None:
        """The pinned tier, or ``None`` when absent or when Redis fails."""
        from router.stores.redis import reply_text

        redis = self.connection.client
        name = self.connection.key("pin", key)
        ok, value = await self.connection.guarded(
            "sessions", "get", lambda: redis.get(name), instead="the request is routed afresh"
        )
        return reply_text(value) if ok and value is not None else None

    async def set_many(self, keys: list[str], tier: str, ttl_s: int) -> None:
        """Pin each key (one command each: on a cluster they live in different slots)."""
        redis = self.connection.client
        for key in keys:
            name = self.connection.key("pin", key)
            await self.connection.guarded(
                "sessions",
                "set",
                lambda name=name: redis.set(name, tier, ex=ttl_s),  # type: ignore[misc]
                instead="the tool loop is routed afresh",
            )

    async def add(self, key: str, amounts: dict[str, float], ttl_s: int) -> dict[str, float]:
        """HINCRBYFLOAT each amount on ``<prefix>total:<key>`` (shared by every replica and
        worker), then EXPIRE it; with no amounts, read the totals."""
        from router.stores.redis import reply_text

        redis = self.connection.client
        name = self.connection.key("total", key)

        async def add_all() -> dict[str, float]:
            if not amounts:
                held = await redis.hgetall(name)
                return {reply_text(k): float(reply_text(v)) for k, v in held.items()}
            totals = {k: float(await redis.hincrbyfloat(name, k, v)) for k, v in amounts.items()}
            await redis.expire(name, ttl_s)
            return totals

        ok, totals = await self.connection.guarded(
            "sessions", "add", add_all, instead="the ticket's spend is not counted"
        )
        return totals if ok and isinstance(totals, dict) else {}


def sessions_for(connection: RedisConnection | None) -> SessionStore:
    """The pins of a process: in its Redis if it has one, else in memory."""
    return RedisSessions(connection) if connection is not None else MemorySessions()
