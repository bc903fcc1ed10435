"""Clients the tests inspect Redis with, for a single node or a cluster alike: a URL with
the scheme ``redis+cluster://`` (as the service takes it) gives a cluster client."""

from __future__ import annotations

from typing import Any

import redis
import redis.asyncio
import redis.asyncio.cluster

__all__ = ["async_client", "sync_client"]

_CLUSTER = "redis+cluster://"


def _plain(url: str) -> str:
    return "redis://" + url.removeprefix(_CLUSTER)


def sync_client(url: str, **options: Any) -> Any:
    """A blocking client of the Redis (or Redis Cluster) at ``url``."""
    if url.startswith(_CLUSTER):
        return redis.RedisCluster.from_url(_plain(url), **options)
    return redis.Redis.from_url(url, **options)


def async_client(url: str, **options: Any) -> Any:
    """An asyncio client of the Redis (or Redis Cluster) at ``url``."""
    if url.startswith(_CLUSTER):
        return redis.asyncio.cluster.RedisCluster.from_url(_plain(url), **options)
    return redis.asyncio.Redis.from_url(url, **options)
