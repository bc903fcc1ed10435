"""On a real local Redis Cluster (3 masters, 3 replicas): spend, reload notices between
replicas on different nodes, and the stream worker through a master's death. The cache
and limits tests run on the cluster too (``any_redis`` in their modules)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from router.backends.calls import Attempt, Usage
from router.engine.router import Router
from router.errors import ConfigError
from router.pipeline.worker import StreamNames, StreamWorker
from router.policy.loading import load_policy
from router.stores.redis import RedisConnection, RedisSettings
from router.usage.spend import RedisSpend, today
from tests.conftest import TIERROUTE
from tests.keyed_service import serve, stub_policy
from tests.redis_clients import sync_client
from tests.redis_cluster import RedisClusterNodes
from tests.test_batch import write_policy
from tools.openai_stub import StubServer

pytestmark = pytest.mark.anyio

STREAM, RESULTS, GROUP = "{tickets}:in", "{tickets}:out", "answerers"


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def wait_for(check: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


async def test_spend_counts_every_tenant_on_its_node(redis_cluster: RedisClusterNodes) -> None:
    redis_cluster.flush()
    ledger = RedisSpend.connect(redis_cluster.url)
    attempt = Attempt(
        tier="small",
        model="m",
        outcome="answered",
        latency_ms=1,
        usage=Usage(prompt_tokens=3, completion_tokens=2),
        cost_usd=0.001,
    )
    tenants = [f"tenant-{i}" for i in range(12)]  # keys spread over the three masters
    try:
        await asyncio.gather(*(ledger.record(t, [attempt]) for t in tenants for _ in range(5)))
        day = await ledger.day(today())
        one = await ledger.day(today(), "tenant-3")
    finally:
        await ledger.aclose()
    masters = {redis_cluster.master_for_key(f"tierroute:spend:{today()}:{t}") for t in tenants}
    assert len(masters) > 1  # the scan read every master, not one
    assert set(day.tenants) == set(tenants) and set(one.tenants) == {"tenant-3"}
    assert all(spend["small"].calls == 5 for spend in day.tenants.values())
    assert day.tenants["tenant-0"]["small"].cost_usd == pytest.approx(0.005)


def test_a_reload_reaches_a_replica_that_listens_on_another_node(
    tmp_path: Path, stub: StubServer, redis_cluster: RedisClusterNodes
) -> None:
    a_file, b_file = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for file in (a_file, b_file):
        file.write_text(stub_policy(stub.base_url, "ok-one"))
    first, second = redis_cluster.master_ports()[:2]
    body = {"model": "auto", "messages": [{"role": "user", "content": "Password reset?"}]}
    no_watcher = ("--policy-poll", "0")
    with (
        serve(
            a_file, tmp_path / "a.log", redis_url=redis_cluster.url_for(first), args=no_watcher
        ) as a,
        serve(
            b_file, tmp_path / "b.log", redis_url=redis_cluster.url_for(second), args=no_watcher
        ) as b,
        httpx.Client(base_url=a, timeout=30) as client_a,
        httpx.Client(base_url=b, timeout=30) as client_b,
    ):
        listening = "listening for policy reload notices on Redis channel"
        wait_for(lambda: listening in (tmp_path / "b.log").read_text(), 20, "b to listen")
        for file in (a_file, b_file):
            file.write_text(stub_policy(stub.base_url, "ok-two"))
        assert client_a.post("/v1/policy/reload").json()["changed"] is True

        def served_by_b() -> str:
            answer = client_b.post("/v1/chat/completions", json=body).json()
            return str(answer["choices"][0]["message"]["content"])

        wait_for(lambda: served_by_b() == "stub answer from ok-two", 10, "b to reload")


async def test_the_worker_refuses_stream_names_in_different_slots(
    tmp_path: Path, stub: StubServer, redis_cluster: RedisClusterNodes
) -> None:
    connection = RedisConnection(RedisSettings(url=redis_cluster.url))
    router = Router(load_policy(write_policy(tmp_path / "p.yaml", stub.base_url)))
    try:
        names = StreamNames(stream="tickets", group=GROUP, results="results")
        with pytest.raises(ConfigError, match=r"must share a hash slot: give the streams one"):
            StreamWorker(connection, router, names)
        StreamWorker(connection, router, StreamNames(stream=STREAM, group=GROUP, results=RESULTS))
    finally:
        await router.aclose()
        await connection.aclose()


def start_worker(policy: Path, url: str, name: str, log: Path) -> subprocess.Popen[bytes]:
    argv = [str(TIERROUTE), "worker", "--stream", STREAM, "--group", GROUP, "--results"]
    argv += [RESULTS, "--consumer", name, "--concurrency", "2", "--claim-idle-ms", "1500"]
    argv += ["--policy", str(policy), "--redis-url", url]
    with log.open("wb") as handle:
        return subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ})


def _offsets(cluster: RedisClusterNodes, master: int) -> tuple[int, list[int]]:
    info = str(cluster.command(master, "INFO", "replication"))
    offset = int(re.search(r"master_repl_offset:(\d+)", info).group(1))  # type: ignore[union-attr]
    return offset, [int(r) for r in re.findall(r"slave\d+:.*?offset=(\d+)", info)]


def replicated(cluster: RedisClusterNodes, master: int, written: int | None = None) -> bool:
    """Whether every replica of ``master`` has all it wrote: up to ``written`` (the master's
    offset after the writes; its pings move it on after that), else the current offset."""
    offset, replicas = _offsets(cluster, master)
    upto = offset if written is None else written
    return bool(replicas) and all(r >= upto for r in replicas)


def test_a_master_killed_during_a_worker_run_loses_no_ticket_and_answers_none_twice(
    tmp_path: Path, stub: StubServer, redis_cluster_alone: RedisClusterNodes
) -> None:
    cluster = redis_cluster_alone
    policy = write_policy(tmp_path / "p.yaml", stub.base_url, small_model="delay-100")
    source = tmp_path / "tickets.jsonl"
    ids = [f"t{i:03d}" for i in range(150)]
    source.write_text("".join(json.dumps({"id": i, "body": f"question {i}"}) + "\n" for i in ids))
    enqueued = subprocess.run(
        [str(TIERROUTE), "enqueue", str(source), "--stream", STREAM, "--redis-url", cluster.url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert enqueued.returncode == 0, enqueued.stderr
    master = cluster.master_for_key(STREAM)  # the node of the streams (one hash tag)
    # the replica has acknowledged every write so far (WAIT), then its offset is the master's
    cluster.command(master, "WAIT", "1", "20000")
    written, _ = _offsets(cluster, master)
    wait_for(lambda: replicated(cluster, master, written), 30, "the tickets to reach the replica")
    client = sync_client(cluster.url, decode_responses=True)
    workers = [start_worker(policy, cluster.url, f"w{n}", tmp_path / f"w{n}.log") for n in (1, 2)]
    try:
        wait_for(lambda: client.xlen(RESULTS) >= 30, 120, "30 results")
        cluster.kill_master(master)  # SIGKILL: whatever it had not yet replicated is gone
        promoted = cluster.wait_failover(master)
        client.close()
        client = sync_client(cluster.url_for(promoted), decode_responses=True)
        wait_for(lambda: client.xlen(RESULTS) >= len(ids), 240, "every result")
        time.sleep(2.0)  # a ticket answered twice would show up as an extra result now
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)
    logs = "\n".join((tmp_path / f"w{n}.log").read_text() for n in (1, 2))
    assert all(w.returncode == 0 for w in workers), logs
    answered = [fields["id"] for _, fields in client.xrange(RESULTS)]
    dead = client.xlen(f"{STREAM}:dead")
    client.close()
    assert sorted(answered) == ids  # none lost, none twice
    assert dead == 0
