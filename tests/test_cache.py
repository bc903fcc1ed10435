"""The response cache against a real redis-server and a real HTTP model server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from router import Router, parse_policy
from router.api.app import create_app
from router.api.settings import ServiceSettings
from router.engine.requests import RouteRequest
from router.stores.cache import MemoryCache, RedisCache, cache_key
from router.stores.redis import RedisSettings
from tests.redis_server import RedisServer
from tools.openai_stub import StubServer

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def policy_text(base: str, model: str) -> str:
    tiers = "".join(
        f"  {name}:\n    model: openai/{model}\n    api_base: {base}\n    timeout_s: 10\n"
        f"    temperature: 0\n    price: {{input_per_mtok: 1, output_per_mtok: 1}}\n"
        f"    max_input_tokens: 4000\n    max_output_tokens: 32\n"
        for name in ("small", "mid", "reasoning")
    )
    return (
        f"name: cached\ntiers:\n{tiers}routing:\n  thresholds: {{mid: 1.0, reasoning: 1.0}}\n"
        "escalation: {max_steps: 0}\ncache: {ttl_s: {small: 60, mid: 60, reasoning: 60}}\n"
    )


def request(text: str = "How do I reset my password?", **extra: object) -> RouteRequest:
    return RouteRequest(messages=[{"role": "user", "content": text}], **extra)  # type: ignore[arg-type]


def test_key_normalizes_whitespace_and_separates_what_matters() -> None:
    base = {"policy_version": "v1", "tier": "small", "sampling": {"temperature": 0}}
    a = cache_key(messages=[{"role": "user", "content": "reset  my\npassword "}], **base)  # type: ignore[arg-type]
    b = cache_key(messages=[{"role": "user", "content": "reset my password"}], **base)  # type: ignore[arg-type]
    assert a == b
    other_tier = cache_key(
        messages=[{"role": "user", "content": "reset my password"}],
        policy_version="v1",
        tier="mid",
        sampling={"temperature": 0},
    )
    other_policy = cache_key(
        messages=[{"role": "user", "content": "reset my password"}],
        policy_version="v2",
        tier="small",
        sampling={"temperature": 0},
    )
    assert len({a, other_tier, other_policy}) == 3


def test_second_identical_request_is_a_hit_over_http(
    tmp_path: Path, stub: StubServer, any_redis: str
) -> None:
    redis_url = any_redis
    stub.calls.pop("cache-http", None)  # counted afresh for each Redis the test runs on
    policy = tmp_path / "p.yaml"
    policy.write_text(policy_text(stub.base_url, "cache-http"))
    settings = ServiceSettings(policy=policy, warm_models=False, redis=RedisSettings(url=redis_url))
    body = {"model": "auto", "messages": [{"role": "user", "content": "Where is my invoice?"}]}
    with TestClient(create_app(settings)) as client:
        first = client.post("/v1/chat/completions", json=body)
        second = client.post("/v1/chat/completions", json=body)
        hot = client.post("/v1/chat/completions", json={**body, "temperature": 0.7})
    assert first.headers["x-tierroute-cache"] == "miss"
    assert second.headers["x-tierroute-cache"] == "hit"
    assert hot.headers["x-tierroute-cache"] == "off"  # not deterministic: never cached
    assert second.json()["choices"] == first.json()["choices"]
    assert second.json()["tierroute"]["cost_usd"] == 0.0
    assert stub.calls["cache-http"] == 2  # the first and the hot one; the hit called nothing


async def test_twenty_concurrent_identical_requests_call_the_backend_once(
    stub: StubServer, any_redis: str
) -> None:
    redis_url = any_redis
    stub.calls.pop("delay-300", None)  # counted afresh for each Redis the test runs on
    policy = parse_policy(policy_text(stub.base_url, "delay-300"))
    # single flight is the point here, not the short timeouts: 20 first connections at
    # once can take longer than 0.25 s on a busy 2-core machine, and bypass would follow
    replicas = [
        Router(policy, cache=RedisCache.connect(redis_url, timeout_s=2.0)) for _ in range(2)
    ]
    try:
        results = await asyncio.gather(
            *(replicas[i % 2].handle(request("Concurrent question?")) for i in range(20))
        )
    finally:
        for replica in replicas:
            await replica.aclose()
    assert stub.calls["delay-300"] == 1
    assert sorted(r.cache for r in results) == ["hit"] * 19 + ["miss"]
    assert len({r.answer.content for r in results}) == 1


async def test_memory_cache_single_flight() -> None:
    cache = MemoryCache()
    calls = 0

    async def compute() -> tuple[str, str, int]:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.05)
        return "fresh", "stored", 60

    lookups = await asyncio.gather(*(cache.get_or_compute("k", compute) for _ in range(10)))
    assert calls == 1
    assert sorted(x.status for x in lookups) == ["hit"] * 9 + ["miss"]
    assert cache.stats.hits == 9 and cache.stats.misses == 1


async def test_redis_killed_mid_run_bypasses_then_recovers(
    stub: StubServer, redis_server: RedisServer, redis_url: str
) -> None:
    policy = parse_policy(policy_text(stub.base_url, "cache-outage"))
    cache = RedisCache.connect(redis_url, open_circuit_s=0.3)
    router = Router(policy, cache=cache)
    try:
        assert (await router.handle(request("Outage question?"))).cache == "miss"
        assert (await router.handle(request("Outage question?"))).cache == "hit"
        redis_server.kill()
        during = [await router.handle(request(f"Outage question {i}?")) for i in range(5)]
        assert all(r.answer.content for r in during)
        assert {r.cache for r in during} <= {"bypass", "miss"}
        assert "bypass" in {r.cache for r in during}
        assert cache.stats.errors >= 1
        redis_server.start()  # an empty Redis on the same port
        await asyncio.sleep(0.4)
        first = await router.handle(request("Outage question?"))
        second = await router.handle(request("Outage question?"))
        assert (first.cache, second.cache) == ("miss", "hit")
    finally:
        await router.aclose()
        if redis_server.process is None:
            redis_server.start()


async def test_answers_that_failed_the_checks_are_not_stored(stub: StubServer) -> None:
    text = policy_text(stub.base_url, "refuse").replace(
        "escalation: {max_steps: 0}", "escalation: {max_steps: 0, signals: [refusal]}"
    )
    router = Router(parse_policy(text), cache=MemoryCache())
    first = await router.handle(request("Refused question?"))
    second = await router.handle(request("Refused question?"))
    await router.aclose()
    assert first.answer.content == "I don't know." and (first.cache, second.cache) == (
        "miss",
        "miss",
    )


async def test_a_corrupt_stored_value_is_a_cache_error_not_a_failure(stub: StubServer) -> None:
    cache = MemoryCache()
    router = Router(parse_policy(policy_text(stub.base_url, "cache-corrupt")), cache=cache)
    first = await router.handle(request("Corrupt question?"))
    for key in list(cache._entries):
        await cache.set(key, '{"not": "an answer"}', 60)
    second = await router.handle(request("Corrupt question?"))
    await router.aclose()
    assert first.cache == "miss" and second.cache == "bypass"
    assert second.answer.content == first.answer.content
    assert cache.stats.errors == 1
