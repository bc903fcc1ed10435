"""The response cache: Redis when ``REDIS_URL`` names one, else an in-process LRU.

Identical concurrent misses run the backend once (single flight: an in-process future,
and across processes a short Redis lock; the others wait for the stored answer). Redis
down or slow never fails a request: every Redis call has a short timeout, an error opens
a circuit for a moment (requests bypass the cache, a counter and a log line say so), and
the cache is used again as soon as Redis answers.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import secrets
import time
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

__all__ = [
    "CacheStats",
    "Lookup",
    "MemoryCache",
    "RedisCache",
    "ResponseCache",
    "build_cache",
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
            {"role": m.get("role"), "content": _normalized(m.get("content"))} for m in messages
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

    async def aclose(self) -> None:  # noqa: B027 - stores without connections need nothing
        """Release connections."""


class MemoryCache(ResponseCache):
    """An in-process LRU with per-entry expiry."""

    def __init__(self, *, max_entries: int = 10_000) -> None:
        super().__init__()
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[float, str]] = OrderedDict()

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
    """Redis through redis-py's asyncio client, with bounded timeouts and a circuit."""

    def __init__(
        self,
        url: str,
        *,
        timeout_s: float = 0.25,
        open_circuit_s: float = 1.0,
        lock_ms: int = 30_000,
        prefix: str = "tierroute:",
    ) -> None:
        super().__init__()
        import redis.asyncio as redis

        self._redis = redis.Redis.from_url(
            url,
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
            retry_on_timeout=False,
            decode_responses=True,
        )
        #: The Redis this cache uses (policy reload notices travel over it too).
        self.url = url
        self._open_circuit_s = open_circuit_s
        self._lock_ms = lock_ms
        self._prefix = prefix
        self._closed_until = 0.0

    def _available(self) -> bool:
        return time.monotonic() >= self._closed_until

    def _failed(self, action: str, exc: BaseException) -> None:
        self.stats.errors += 1
        self._closed_until = time.monotonic() + self._open_circuit_s
        log.warning(
            "redis cache %s failed (%s: %s); bypassing for %.1f s",
            action,
            type(exc).__name__,
            exc,
            self._open_circuit_s,
        )

    async def _call(
        self, action: str, call: Callable[[], Awaitable[Any]], *, even_if_open: bool = False
    ) -> tuple[bool, Any]:
        import redis.exceptions

        if not (even_if_open or self._available()):
            return False, None
        try:
            return True, await call()
        except (redis.exceptions.RedisError, OSError, TimeoutError) as exc:
            self._failed(action, exc)
            return False, None

    async def _get(self, key: str) -> tuple[bool, str | None]:
        """Whether Redis answered (not while the circuit is open), and the value."""
        return await self._call("get", lambda: self._redis.get(self._prefix + "r:" + key))

    async def get(self, key: str) -> str | None:
        """The value, or ``None`` when absent or when Redis fails."""
        ok, value = await self._get(key)
        return value if ok else None

    async def set(self, key: str, value: str, ttl_s: int) -> None:
        """Store with expiry; a failure is counted and logged."""
        await self._call("set", lambda: self._redis.set(self._prefix + "r:" + key, value, ex=ttl_s))

    async def _cross_process_flight(self, key: str, compute: Compute[T]) -> Lookup[T] | None:
        lock = self._prefix + "lock:" + key
        token = secrets.token_hex(8)
        ok, acquired = await self._call(
            "lock", lambda: self._redis.set(lock, token, nx=True, px=self._lock_ms)
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
                ok, held = await self._call("poll", lambda: self._redis.exists(lock))
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
        if await self._redis.get(lock) == token:
            await self._redis.delete(lock)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose()


def build_cache(enabled: bool, redis_url: str | None = None) -> ResponseCache | None:
    """The cache a service uses: Redis at ``redis_url`` (default ``$REDIS_URL``), else memory."""
    if not enabled:
        return None
    url = redis_url if redis_url is not None else os.environ.get("REDIS_URL")
    if url:
        return RedisCache(url)
    return MemoryCache()
