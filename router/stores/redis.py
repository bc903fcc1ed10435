"""The one Redis client of a process, its settings and its failure circuit.

Every part that keeps state in Redis (the response cache, policy reload notices, the
per-key limits, the spend ledger, the ticket stream worker) uses the
:class:`RedisConnection` built here, once per process, from :class:`RedisSettings`: one
connection pool (for a Redis Cluster, one cluster client with a pool per node), the same
bounded timeouts for every command, and one circuit. When a call fails the circuit opens
for ``open_circuit_s``: the stores that can go on without Redis (cache, limits, spend,
notices) skip it meanwhile, and a log line names the store, the command, the error and
what happens instead; the first call after that tries Redis again.

A URL with the scheme ``redis+cluster://`` (or ``rediss+cluster://``), or
``cluster=True``, names a Redis Cluster: any one node is enough to find the others.
Keys that one script or transaction touches together carry a hash tag (``{tenant}``) so
they live in one slot of the cluster.

redis-py is imported when a connection is built, never by importing this module: the
CLI's fast paths (``tierroute route``) do not pay for it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from router.errors import ConfigError

__all__ = ["Circuit", "RedisConnection", "RedisSettings", "redis_errors", "reply_text"]

log = logging.getLogger("tierroute.redis")
T = TypeVar("T")

_CLUSTER_SCHEMES = {"redis+cluster": "redis", "rediss+cluster": "rediss"}
_SCHEMES = {"redis", "rediss", "unix", *_CLUSTER_SCHEMES}


class RedisSettings(BaseSettings):
    """Where Redis is, and how long anything waits for it: read from ``REDIS_URL`` and
    ``TIERROUTE_REDIS_CLUSTER``, ``TIERROUTE_REDIS_TIMEOUT_S``,
    ``TIERROUTE_REDIS_OPEN_CIRCUIT_S``, ``TIERROUTE_REDIS_PREFIX`` where not given."""

    model_config = SettingsConfigDict(
        env_prefix="TIERROUTE_REDIS_", frozen=True, validate_by_name=True, extra="forbid"
    )

    #: ``redis://host:port/db``, ``rediss://`` (TLS), ``unix://``, or
    #: ``redis+cluster://host:port`` for a Redis Cluster; empty: no Redis (in-process stores).
    url: str = Field(default="", validation_alias=AliasChoices("REDIS_URL"))
    #: The URL names a Redis Cluster (implied by a ``+cluster`` scheme).
    cluster: bool = False
    #: Seconds to connect and to wait for any reply.
    timeout_s: float = Field(default=0.25, gt=0)
    #: Seconds Redis is skipped after a failure (by the stores that can go on without it).
    open_circuit_s: float = Field(default=1.0, ge=0)
    #: Prefix of every key and channel tierroute writes (not of the ticket streams, which
    #: the operator names).
    prefix: str = "tierroute:"

    @property
    def enabled(self) -> bool:
        """Whether a Redis is configured."""
        return bool(self.url)

    @property
    def is_cluster(self) -> bool:
        """Whether the URL names a Redis Cluster."""
        return self.cluster or urlsplit(self.url).scheme in _CLUSTER_SCHEMES

    def client_url(self) -> str:
        """The URL as redis-py takes it (``+cluster`` dropped from the scheme)."""
        parts = urlsplit(self.url)
        scheme = _CLUSTER_SCHEMES.get(parts.scheme, parts.scheme)
        return urlunsplit(parts._replace(scheme=scheme))

    def shown(self) -> str:
        """The URL without its password, for logs and errors."""
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))


def redis_errors() -> tuple[type[BaseException], ...]:
    """What a Redis call raises when Redis is away, slow or refuses (a cluster moving its
    slots included)."""
    import redis.exceptions

    return (redis.exceptions.RedisError, OSError, TimeoutError)


def reply_text(value: Any) -> str:
    """A reply as text (replies are bytes; ``None`` stays ``"None"``, so check it first)."""
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)


class Circuit:
    """After a failed call Redis is skipped for ``open_s`` seconds; the first call after
    that tries it again. Failures are counted per store."""

    def __init__(self, open_s: float) -> None:
        self.open_s = open_s
        self._closed_until = 0.0
        #: Failed calls since start, per store (``cache``, ``limits``, ...).
        self.failures: dict[str, int] = {}

    def is_open(self) -> bool:
        """Whether Redis is being skipped now."""
        return time.monotonic() < self._closed_until

    def trip(self, store: str, action: str, exc: BaseException, instead: str) -> None:
        """Count a failure of ``store``'s ``action``, open the circuit and say so."""
        self.failures[store] = self.failures.get(store, 0) + 1
        self._closed_until = time.monotonic() + self.open_s
        log.warning(
            "%s: Redis %s failed (%s: %s); %s for %.1f s",
            store,
            action,
            type(exc).__name__,
            exc,
            instead,
            self.open_s,
        )


class RedisConnection:
    """The process's Redis client (a single node or a cluster) and its circuit.

    Replies are bytes (``decode_responses`` off): a ticket that is not UTF-8 must reach
    the worker to be dead-lettered, not break the read that fetched it.
    """

    def __init__(self, settings: RedisSettings) -> None:
        if not settings.enabled:
            raise ConfigError("no Redis configured: set REDIS_URL (or pass --redis-url)")
        scheme = urlsplit(settings.url).scheme
        if scheme not in _SCHEMES:
            raise ConfigError(
                f"REDIS_URL {settings.shown()!r} is not a Redis URL: use redis://HOST:PORT/DB, "
                "rediss:// for TLS, unix:///path, or redis+cluster://HOST:PORT for a cluster"
            )
        self.settings = settings
        self.circuit = Circuit(settings.open_circuit_s)
        self.client: Any = self._client(settings)
        self._initialized = not settings.is_cluster

    @classmethod
    def from_url(cls, url: str, **settings: Any) -> RedisConnection:
        """A connection to ``url``; ``settings``: other :class:`RedisSettings` fields."""
        return cls(RedisSettings(url=url, **settings))

    @staticmethod
    def _client(settings: RedisSettings) -> Any:
        from redis.asyncio.retry import Retry
        from redis.backoff import ExponentialWithJitterBackoff

        options: dict[str, Any] = {
            "socket_timeout": settings.timeout_s,
            "socket_connect_timeout": settings.timeout_s,
            "decode_responses": False,
        }
        try:
            if settings.is_cluster:
                from redis.asyncio.cluster import RedisCluster

                # a few retries (not redis-py's ten): enough to follow a moved slot or a
                # promoted replica, while a call still gives up within about a second
                retry = Retry(ExponentialWithJitterBackoff(base=0.01, cap=0.25), retries=3)
                return RedisCluster.from_url(settings.client_url(), retry=retry, **options)
            import redis.asyncio as redis

            # one quick retry: a pooled connection a restarted Redis closed is replaced
            retry = Retry(ExponentialWithJitterBackoff(base=0.01, cap=0.05), retries=1)
            return redis.Redis.from_url(settings.client_url(), retry=retry, **options)
        except ValueError as exc:
            raise ConfigError(f"REDIS_URL {settings.shown()!r}: {exc}") from exc

    @property
    def is_cluster(self) -> bool:
        """Whether this is a Redis Cluster."""
        return self.settings.is_cluster

    def key(self, *parts: str) -> str:
        """A key (or channel) of tierroute's: the prefix, then ``parts`` joined by ``:``."""
        return self.settings.prefix + ":".join(parts)

    async def guarded(
        self,
        store: str,
        action: str,
        call: Callable[[], Awaitable[T]],
        *,
        instead: str,
        even_if_open: bool = False,
    ) -> tuple[bool, T | None]:
        """``(True, reply)``, or ``(False, None)`` when the circuit is open or the call
        failed (then the circuit opens, and the log says ``instead``: what the store does
        without Redis). ``even_if_open``: try even while the circuit is open."""
        if self.circuit.is_open() and not even_if_open:
            return False, None
        try:
            await self._initialize()
            return True, await call()
        except redis_errors() as exc:
            self.circuit.trip(store, action, exc, instead)
            return False, None

    async def _initialize(self) -> None:
        """A cluster client learns the slots before its first concurrent use: redis-py's
        asyncio cluster client, first used by many commands at once, can hand a command a
        connection that another one is closing."""
        if not self._initialized:
            await self.client.initialize()
            self._initialized = True

    def register_script(self, source: str) -> Any:
        """A Lua script, sent once and then run by its SHA (on a cluster, on the node that
        owns its keys, which must share one slot)."""
        return self.client.register_script(source)

    def same_slot(self, *keys: str) -> bool:
        """Whether ``keys`` hash to one slot of a cluster (always true on a single node)."""
        if not self.is_cluster:
            return True
        from redis.crc import key_slot

        return len({key_slot(k.encode()) for k in keys}) == 1

    async def pubsub(self) -> Any:
        """A Pub/Sub of its own connection (a cluster's: on one node; a message published
        on any node reaches subscribers on every node)."""
        await self._initialize()
        return self.client.pubsub()

    async def publish(self, channel: str, message: str) -> int:
        """PUBLISH; the number of subscribers that got it (on a cluster, those on the node
        that took it)."""
        await self._initialize()
        return int(await self.client.publish(channel, message))

    async def aclose(self) -> None:
        """Close every connection."""
        await self.client.aclose()
