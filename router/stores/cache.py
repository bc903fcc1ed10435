"""The response cache: in Redis when the process has one, else an in-process LRU.

Identical concurrent misses run the backend once (single flight: an in-process future,
and across processes a short Redis lock; the others wait for the stored answer). Redis
down or slow never fails a request: every call goes through the process's one Redis
client (:mod:`router.stores.redis`) with its short timeouts and its circuit (requests
bypass the cache while it is open; a counter and a log line say so), and the cache is
used again as soon as Redis answers.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import secrets
import time
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

if TYPE_CHECKING:
    from router.stores.redis import RedisConnection

__all__ = [
    "CacheStats",
    "Lookup",
    "MemoryCache",
    "RedisCache",
    "ResponseCache",
    "cache_for",
    "cache_key",
]

log = logging.getLogger("tierroute.cache")
T = TypeVar("T")
Compute = Callable[[], Awaitable[tuple[T, str | None, int]]]


def _normalized(content: object) -> object:
    if isinstance(content, str):
        return " ".join(content.split())
    if isinstance(content, list):
        return [_normalized(part) for part in content]
    if isinstance(content, dict):
        return {key: _normalized(value) for key, value in sorted(content.items())}
    return content


def cache_key(
    *,
    policy_version: str,
    tier: str,
    messages: Sequence[Mapping[str, Any]],
    sampling: Mapping[str, Any],
) -> str:
    """Key of a request: policy version, tier, whitespace-normalized messages, sampling."""
    material = {
        "format": 1,  # bump when the stored value changes shape
        "policy": policy_version,
        "tier": tier,
        "messages": [
            {
                "role": m.get("role"),
                "content": _normalized(m.get("content")),
                **{k: m[k] for k in ("name", "tool_calls", "tool_call_id") if m.get(k)},
            }
            for m in messages
        ],
        "sampling": {k: v for k, v in sorted(sampling.items()) if v is not None},
    }
    digest = hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode())
    return digest.hexdigest()


@dataclass
class CacheStats:
    """Counters since start; metrics read them."""

    hits: int = 0
    misses: int = 0
    #: Operations that could not use the store: Redis failed, or had failed a moment
    #: before (for the cache or another store: the process has one circuit).
    errors: int = 0
    bypasses: int = 0


@dataclass
class Lookup(Generic[T]):
    """How a lookup ended: ``stored`` on a hit, ``computed`` on a miss or bypass."""

    status: Literal["hit", "miss", "bypass"]
    stored: str | None = None
    computed: T | None = None


@dataclass
class _Flights:
    """In-process single flight: one future per key being computed."""

    running: dict[str, asyncio.Future[None]] = field(default_factory=dict)


class ResponseCache(ABC):
    """What the engine needs of a cache."""

    def __init__(self) -> None:
        self.stats = CacheStats()
        self._flights = _Flights()

    @abstractmethod
    async def get(self, key: str) -> str | None:
        """The stored value, or ``None`` (also when the store fails)."""

    @abstractmethod
    async def set(self, key: str, value: str, ttl_s: int) -> None:
        """Store ``value`` for ``ttl_s`` seconds (failures are counted, not raised)."""

    async def _cross_process_flight(self, key: str, compute: Compute[T]) -> Lookup[T] | None:
        """Hook for stores shared between processes; ``None`` = not handled here."""
        return None

    async def _get(self, key: str) -> tuple[bool, str | None]:
        """Whether the store answered, and the value (stores that can fail say so)."""
        return True, await self.get(key)

    async def lookup(self, key: str) -> Lookup[None]:
        """What is stored for ``key``, counted: ``hit`` with the value, ``miss``, or
        ``bypass`` when the store failed or is being skipped after a failure (a streamed
        answer, which starts before it could be stored for others, looks up this way)."""
        ok, stored = await self._get(key)
        if not ok:
            self.stats.bypasses += 1
            return Lookup("bypass")
        if stored is None:
            self.stats.misses += 1
            return Lookup("miss")
        self.stats.hits += 1
        return Lookup("hit", stored=stored)

    async def get_or_compute(self, key: str, compute: Compute[T]) -> Lookup[T]:
        """The stored value, or compute it once however many callers ask at the same time."""
        stored = await self.get(key)
        if stored is not None:
            self.stats.hits += 1
            return Lookup("hit", stored=stored)
        running = self._flights.running.get(key)
        if running is not None:
            await asyncio.shield(running)
            stored = await self.get(key)
            if stored is not None:
                self.stats.hits += 1
                return Lookup("hit", stored=stored)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._flights.running[key] = future
        try:
            shared = await self._cross_process_flight(key, compute)
            if shared is not None:
                return shared
            result, value, ttl = await compute()
            if value is not None:
                await self.set(key, value, ttl)
            self.stats.misses += 1
            return Lookup("miss", computed=result)
        finally:
            self._flights.running.pop(key, None)
            future.set_result(None)

    def held(self) -> dict[str, int]:
        """How much its bounded state holds (for memory probes): answers being computed."""
        return {"in_flight": len(self._flights.running)}

    async def aclose(self) -> None:  # noqa: B027 - stores without connections need nothing
        """Release connections."""


class MemoryCache(ResponseCache):
    """An in-process LRU with per-entry expiry."""

    def __init__(self, *, max_entries: int = 10_000) -> None:
        super().__init__()
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[float, str]] = OrderedDict()

    def held(self) -> dict[str, int]:
        """Answers being computed, and answers stored (at most ``max_entries``)."""
        return {**super().held(), "entries": len(self._entries)}

    async def get(self, key: str) -> str | None:
        """The value if present and not expired."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires < time.monotonic():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    async def set(self, key: str, value: str, ttl_s: int) -> None:
        """Store, evicting the least recently used entry when full."""
        self._entries[key] = (time.monotonic() + ttl_s, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


class RedisCache(ResponseCache):
    """Answers in Redis, shared by every replica: ``<prefix>r:<key>``, and a lock
    ``<prefix>lock:<key>`` while one process computes a missing answer."""

    def __init__(
        self, connection: RedisConnection, *, lock_ms: int = 30_000, owns: bool = False
    ) -> None:
        super().__init__()
        self.connection = connection
        self._lock_ms = lock_ms
        self._owns = owns

    @classmethod
    def connect(cls, url: str, **settings: Any) -> RedisCache:
        """A cache with a Redis connection of its own (closed with it); ``settings``:
        :class:`~router.stores.redis.RedisSettings` fields (``timeout_s``, ...)."""
        from router.stores.redis import RedisConnection

        return cls(RedisConnection.from_url(url, **settings), owns=True)

    def _key(self, kind: str, key: str) -> str:
        return self.connection.key(kind, key)

    async def _call(
        self, action: str, call: Callable[[], Awaitable[Any]], *, even_if_open: bool = False
    ) -> tuple[bool, Any]:
        ok, value = await self.connection.guarded(
            "cache", action, call, instead="requests bypass the cache", even_if_open=even_if_open
        )
        if not ok:  # Redis failed now, or just before for another store (one circuit)
            self.stats.errors += 1
        return ok, value

    async def _get(self, key: str) -> tuple[bool, str | None]:
        """Whether Redis answered (not while the circuit is open), and the value."""
        redis = self.connection.client
        ok, value = await self._call("get", lambda: redis.get(self._key("r", key)))
        return ok, _text(value)

    async def get(self, key: str) -> str | None:
        """The value, or ``None`` when absent or when Redis fails."""
        ok, value = await self._get(key)
        return value if ok else None

    async def set(self, key: str, value: str, ttl_s: int) -> None:
        """Store with expiry; a failure is counted and logged."""
        redis = self.connection.client
        await self._call("set", lambda: redis.set(self._key("r", key), value, ex=ttl_s))

    async def _cross_process_flight(self, key: str, compute: Compute[T]) -> Lookup[T] | None:
        redis = self.connection.client
        lock = self._key("lock", key)
        token = secrets.token_hex(8)
        ok, acquired = await self._call(
            "lock", lambda: redis.set(lock, token, nx=True, px=self._lock_ms)
        )
        if not ok:
            self.stats.bypasses += 1
            result, _, _ = await compute()
            return Lookup("bypass", computed=result)
        if not acquired:
            deadline = time.monotonic() + self._lock_ms / 1000
            while time.monotonic() < deadline:
                await asyncio.sleep(0.02)
                stored = await self.get(key)
                if stored is not None:
                    self.stats.hits += 1
                    return Lookup("hit", stored=stored)
                ok, held = await self._call("poll", lambda: redis.exists(lock))
                if not ok or not held:
                    break
            return None
        try:
            result, value, ttl = await compute()
            if value is not None:
                await self.set(key, value, ttl)
        finally:
            # even while the circuit is open (another call failed meanwhile): a lock left
            # behind would keep every other request for this key waiting for lock_ms
            await self._call("unlock", lambda: self._release(lock, token), even_if_open=True)
        self.stats.misses += 1
        return Lookup("miss", computed=result)

    async def _release(self, lock: str, token: str) -> None:
        redis = self.connection.client
        if _text(await redis.get(lock)) == token:
            await redis.delete(lock)

    async def aclose(self) -> None:
        """Close the connection if it is the cache's own (not the process's shared one)."""
        if self._owns:
            await self.connection.aclose()


def _text(value: Any) -> str | None:
    """A reply as text, or ``None`` (no value)."""
    from router.stores.redis import reply_text

    return None if value is None else reply_text(value)


def cache_for(connection: RedisConnection | None) -> ResponseCache:
    """The response cache of a process: in its Redis if it has one, else in memory."""
    return RedisCache(connection) if connection is not None else MemoryCache()
