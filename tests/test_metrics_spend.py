"""/metrics after real requests, and spend accounting (in process and in real Redis)."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from router.api.app import create_app
from router.api.settings import ServiceSettings
from router.backends.calls import Attempt, Usage
from router.stores.redis import RedisSettings
from router.usage.spend import RedisSpend, tenant_of, today
from tools.openai_stub import StubServer

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_counters_move_by_the_right_amounts(tmp_path: Path, stub: StubServer) -> None:
    def tier(model: str) -> str:
        return (
            f"    model: openai/{model}\n    api_base: {stub.base_url}\n    timeout_s: 5\n"
            "    temperature: 0\n    price: {input_per_mtok: 1.0, output_per_mtok: 2.0}\n"
            "    max_input_tokens: 4000\n    max_output_tokens: 64\n"
        )

    policy = tmp_path / "p.yaml"
    policy.write_text(
        f"name: m\ntiers:\n  small:\n{tier('length')}  mid:\n{tier('ok-mid')}"
        f"  reasoning:\n{tier('fail500')}"
        "routing:\n  thresholds: {mid: 1.0, reasoning: 1.0}\n"
        "escalation: {max_steps: 1, signals: [length]}\n"
    )
    settings = ServiceSettings(policy=policy, warm_models=False, redis=RedisSettings(url=""))
    auth = {"authorization": "Bearer k1"}
    body = {"model": "auto", "messages": [{"role": "user", "content": "Where is my invoice?"}]}
    with TestClient(create_app(settings)) as client:
        assert client.post("/v1/chat/completions", json=body, headers=auth).status_code == 200
        again = client.post("/v1/chat/completions", json=body, headers=auth)
        assert again.headers["x-tierroute-cache"] == "hit"
        assert client.post("/v1/chat/completions", json={**body, "model": "x"}).status_code == 400
        assert (
            client.post(
                "/v1/chat/completions",
                json={**body, "model": "reasoning"},
                headers={"authorization": "Bearer k2"},
            ).status_code
            == 503
        )
        scraped = client.get("/metrics")
        spend = client.get("/v1/spend").json()
        bad_day = client.get("/v1/spend", params={"day": "yesterday"})
    assert scraped.headers["content-type"].startswith("text/plain")
    found = samples(scraped.text)
    assert value(found, "tierroute_requests_total", tier="mid", outcome="answered") == 1
    assert value(found, "tierroute_requests_total", tier="mid", outcome="cached") == 1
    assert value(found, "tierroute_requests_total", tier="none", outcome="rejected") == 1
    assert value(found, "tierroute_requests_total", tier="none", outcome="failed") == 1
    # the stub reports 11 prompt and 7 completion tokens per call
    assert value(found, "tierroute_tokens_total", tier="small", kind="prompt") == 11
    assert value(found, "tierroute_tokens_total", tier="mid", kind="completion") == 7
    assert value(found, "tierroute_cost_usd_total", tier="small") == pytest.approx(25e-6)
    assert value(found, "tierroute_cost_usd_total", tier="mid") == pytest.approx(25e-6)
    assert value(found, "tierroute_escalations_total", from_tier="small", reason="length") == 1
    assert value(found, "tierroute_backend_errors_total", tier="reasoning", error="error") == 1
    assert value(found, "tierroute_cache_lookups_total", result="hit") == 1
    assert value(found, "tierroute_cache_lookups_total", result="miss") == 1
    assert value(found, "tierroute_decision_seconds_count") == 2
    assert value(found, "tierroute_request_seconds_count", tier="mid") == 2
    k1 = "key-" + hashlib.sha256(b"k1").hexdigest()[:12]
    assert spend["day"] == today() and set(spend["tenants"]) == {k1}
    assert spend["tenants"][k1]["small"]["cost_usd"] == pytest.approx(25e-6)
    assert spend["tenants"][k1]["mid"]["calls"] == 1
    assert bad_day.status_code == 400


async def test_redis_spend_counts_concurrent_requests_exactly(redis_url: str) -> None:
    ledger = RedisSpend.connect(redis_url)
    attempt = Attempt(
        tier="small",
        model="m",
        outcome="answered",
        latency_ms=1,
        usage=Usage(prompt_tokens=3, completion_tokens=2),
        cost_usd=0.001,
    )
    try:
        await asyncio.gather(*(ledger.record("acme", [attempt]) for _ in range(50)))
        await ledger.record("other", [attempt.model_copy(update={"tier": "mid"})])
        day = await ledger.day(today())
        one = await ledger.day(today(), "acme")
    finally:
        await ledger.aclose()
    assert day.tenants["acme"]["small"].calls == 50
    assert day.tenants["acme"]["small"].prompt_tokens == 150
    assert day.tenants["acme"]["small"].cost_usd == pytest.approx(0.05)
    assert set(day.tenants) == {"acme", "other"} and set(one.tenants) == {"acme"}


def test_tenant_is_a_hash_never_the_key() -> None:
    assert tenant_of(None) == "anonymous"
    assert tenant_of("Basic abc") == "anonymous"
    tenant = tenant_of("Bearer sk-secret")
    assert tenant.startswith("key-") and "secret" not in tenant


async def test_redis_spend_down_never_fails_a_request_and_reads_say_so() -> None:
    from router.errors import CacheError

    ledger = RedisSpend.connect("redis://127.0.0.1:1/0")
    attempt = Attempt(
        tier="small",
        model="m",
        outcome="answered",
        latency_ms=1,
        usage=Usage(prompt_tokens=1, completion_tokens=1),
        cost_usd=0.001,
    )
    try:
        await ledger.record("acme", [attempt])
        await ledger.record("acme", [attempt])  # inside the open circuit: not even tried
        assert ledger.errors == 1
        with pytest.raises(CacheError, match="spend is kept in Redis, which did not answer"):
            await ledger.day(today())
    finally:
        await ledger.aclose()
