"""The one Redis client's settings: read from the environment once, a cluster named by its
URL, passwords kept out of messages, a bad URL refused with what to write instead."""

from __future__ import annotations

import pytest

from router.errors import ConfigError
from router.stores.redis import RedisConnection, RedisSettings

pytestmark = pytest.mark.anyio


def test_settings_come_from_redis_url_and_tierroute_redis_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REDIS_URL", "redis+cluster://10.0.0.5:7000")
    monkeypatch.setenv("TIERROUTE_REDIS_TIMEOUT_S", "0.5")
    settings = RedisSettings()
    assert settings.enabled and settings.is_cluster and settings.timeout_s == 0.5
    assert settings.client_url() == "redis://10.0.0.5:7000"
    assert RedisSettings(url="").enabled is False  # an argument wins over the environment
    monkeypatch.setenv("TIERROUTE_REDIS_CLUSTER", "true")
    assert RedisSettings(url="redis://10.0.0.5:7000").is_cluster


def test_a_password_never_shows() -> None:
    settings = RedisSettings(url="rediss://app:s3cret@cache.example:6380/0")
    assert settings.shown() == "rediss://app:***@cache.example:6380/0"


async def test_a_url_that_is_not_redis_is_refused_saying_what_to_write() -> None:
    with pytest.raises(ConfigError, match=r"REDIS_URL 'http://h:1' is not a Redis URL: use"):
        RedisConnection(RedisSettings(url="http://h:1"))
    with pytest.raises(ConfigError, match="no Redis configured: set REDIS_URL"):
        RedisConnection(RedisSettings(url=""))
    connection = RedisConnection.from_url("redis+cluster://127.0.0.1:1", timeout_s=0.1)
    assert connection.is_cluster and connection.key("limit", "{t}") == "tierroute:limit:{t}"
    assert not connection.same_slot("{a}x", "{b}x") and connection.same_slot("{a}x", "{a}y")
    await connection.aclose()
