"""Redis killed (SIGKILL) and restarted on the same port while ``tierroute serve`` is under
load: the response cache, the per-key limits and the spend ledger all live in that Redis,
and none of them may fail or stall a request. While Redis is away the cache says ``bypass``,
streamed or not; once it is back the cache is used again (hits and misses)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.keyed_service import serve, stub_policy, write_keys
from tests.redis_server import RedisServer
from tools.openai_stub import StubServer

pytestmark = pytest.mark.anyio

CONCURRENCY = 6
PROMPTS = 12  # few enough that the same question comes back and can be a cache hit
KILL_AT_S, RESTART_AT_S, STOP_AT_S = 3.0, 6.0, 10.0


@dataclass(frozen=True)
class Sent:
    asked_s: float
    at_s: float
    streamed: bool
    status: int
    cache: str
    ok: bool
    took_s: float


@pytest.fixture()
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


async def load(base: str, key: str, started: float, sent: list[Sent]) -> None:
    """Ask until STOP_AT_S, CONCURRENCY at a time; every fourth request streamed."""
    counter = 0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal counter
        while time.monotonic() - started < STOP_AT_S:
            counter += 1
            number = counter
            body = {
                "model": "auto",
                "temperature": 0,
                "messages": [{"role": "user", "content": f"Question {number % PROMPTS}?"}],
                "stream": number % 4 == 0,
            }
            asked = time.monotonic()
            response = await client.post("/v1/chat/completions", json=body)
            text = response.text
            ok = response.status_code == 200 and "stub" in text and "ok-small" in text
            if body["stream"]:
                ok = ok and text.rstrip().endswith("data: [DONE]") and '"error"' not in text
            cache = response.headers.get("x-tierroute-cache", "?")
            done = time.monotonic()
            sent.append(
                Sent(
                    asked - started,
                    done - started,
                    body["stream"],
                    response.status_code,
                    cache,
                    ok,
                    done - asked,
                )
            )

    headers = {"authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(CONCURRENCY)))


async def test_killing_redis_mid_run_fails_no_request(
    tmp_path: Path, stub: StubServer, redis_alone: RedisServer
) -> None:
    (tmp_path / "policy.yaml").write_text(stub_policy(stub.base_url))
    # limits are counted in Redis too: they must fall back, not fail the request
    keys = write_keys(
        tmp_path / "keys.yaml", {"load": {"limits": {"requests_per_minute": 100_000}}}
    )
    with serve(
        tmp_path / "policy.yaml",
        tmp_path / "serve.log",
        keys=tmp_path / "keys.yaml",
        redis_url=redis_alone.url,
    ) as base:
        sent: list[Sent] = []
        started = time.monotonic()
        traffic = asyncio.create_task(load(base, keys["load"], started, sent))
        await asyncio.sleep(KILL_AT_S)
        redis_alone.kill()  # SIGKILL: no goodbye to its clients
        killed_at = time.monotonic() - started
        await asyncio.sleep(RESTART_AT_S - KILL_AT_S)
        redis_alone.start()  # same port, empty
        restarted_at = time.monotonic() - started
        await traffic
        metrics = httpx.get(f"{base}/metrics", timeout=10).text

    bad = [s for s in sent if not s.ok]
    slowest = max(s.took_s for s in sent)
    before = Counter(s.cache for s in sent if s.at_s < killed_at)
    down = [s for s in sent if killed_at < s.asked_s and s.at_s < restarted_at]
    during = Counter(s.cache for s in down)
    after = Counter(s.cache for s in sent if s.at_s > restarted_at)
    print(
        f"sent {len(sent)} requests, {len(bad)} failed, slowest {slowest:.2f} s; cache before "
        f"the kill {dict(before)}, while Redis was down {dict(during)}, after the restart "
        f"{dict(after)}"
    )
    assert len(sent) > 100
    assert bad == []
    # nobody waits on a lock that a request left in Redis while the circuit was open
    assert slowest < 5
    assert before["hit"] > 0 and before["miss"] > 0
    # asked and answered while Redis was down: every lookup failed or was skipped, and the
    # cache says so whether the answer was streamed or not
    assert {s.cache for s in down if s.streamed} == {"bypass"}
    assert {s.cache for s in down if not s.streamed} == {"bypass"}
    # the cache works again: the restarted Redis is empty, so each answer it serves was
    # stored after the restart by a miss
    assert after["hit"] > 0 and after["miss"] > 0
    errors = [
        line for line in metrics.splitlines() if line.startswith("tierroute_cache_errors_total")
    ]
    assert errors and float(errors[0].split()[-1]) > 0, metrics
