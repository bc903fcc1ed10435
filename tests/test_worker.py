"""Redis Streams workers: two real worker processes, one killed mid-way, a poison ticket."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from router.api.app import create_app
from router.api.settings import ServiceSettings
from router.stores.redis import RedisSettings
from tests.conftest import TIERROUTE
from tests.test_batch import write_policy
from tools.openai_stub import StubServer


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def start_worker(policy: Path, redis_url: str, name: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [
                str(TIERROUTE),
                "worker",
                "--stream",
                "tickets",
                "--group",
                "answerers",
                "--results",
                "results",
                "--consumer",
                name,
                "--concurrency",
                "2",
                "--max-attempts",
                "3",
                "--claim-idle-ms",
                "1000",
                "--policy",
                str(policy),
                "--redis-url",
                redis_url,
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env={**os.environ},
        )


def wait_for(check: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_workers_one_killed_every_ticket_answered_once(
    tmp_path: Path, stub: StubServer, redis_url: str
) -> None:
    policy = write_policy(tmp_path / "p.yaml", stub.base_url, small_model="delay-150")
    source = tmp_path / "tickets.jsonl"
    lines = [json.dumps({"id": f"t{i:03d}", "body": f"question number {i}"}) for i in range(200)]
    lines.append(json.dumps({"id": "poison", "body": "this one will explode every time"}))
    source.write_text("\n".join(lines) + "\n")
    enqueued = subprocess.run(
        [str(TIERROUTE), "enqueue", str(source), "--stream", "tickets", "--redis-url", redis_url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert enqueued.returncode == 0, enqueued.stderr
    assert "enqueued 201 tickets on tickets" in enqueued.stdout
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    client.xadd("tickets", {"ticket": "{not json"})
    raw = redis.Redis.from_url(redis_url)
    raw.xadd("tickets", {"ticket": b'{"id": "latin1", "body": "caf\xe9"}'})  # not UTF-8
    raw.close()

    first = start_worker(policy, redis_url, "w1", tmp_path / "w1.log")
    second = start_worker(policy, redis_url, "w2", tmp_path / "w2.log")
    try:
        wait_for(lambda: client.xlen("results") >= 40, 120, "40 results")
        first.send_signal(signal.SIGKILL)  # no goodbye: its pending entries must be reclaimed
        first.wait(timeout=10)
        wait_for(
            lambda: client.xlen("results") >= 200 and client.xlen("tickets:dead") >= 3,
            180,
            "200 results and 3 dead letters",
        )
        time.sleep(1.5)  # anything still in flight would show up as an extra result now
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=60)
        if first.poll() is None:
            first.kill()
    assert second.returncode == 0, (tmp_path / "w2.log").read_text()

    results = client.xrange("results")
    ids = [fields["id"] for _, fields in results]
    assert len(ids) == 200 and len(set(ids)) == 200
    assert set(ids) == {f"t{i:03d}" for i in range(200)}
    answers = [json.loads(fields["result"]) for _, fields in results]
    odd = [a for a in answers if a["answer"] != "stub answer from delay-150" or a["error"]]
    assert odd == []
    assert client.scard("results:done") == 200
    raw = redis.Redis.from_url(redis_url)
    dead = sorted(fields[b"error"].decode() for _, fields in raw.xrange("tickets:dead"))
    poison = next(f for _, f in raw.xrange("tickets:dead") if f[b"error"].startswith(b"failed"))
    raw.close()
    assert [reason.split(";")[0] for reason in dead] == [
        "failed 3 times",
        "not a ticket: Invalid JSON: key must be a string at line 1 column 2",
        "not a ticket: not UTF-8",
    ]
    assert json.loads(poison[b"ticket"])["id"] == "poison"
    assert client.xpending("tickets", "answerers")["pending"] == 0
    assert "stopped: answered" in (tmp_path / "w2.log").read_text()
    client.close()


def test_a_workers_answers_are_in_the_decision_log_and_take_feedback_by_ticket_id(
    tmp_path: Path, stub: StubServer, redis_url: str
) -> None:
    """A worker leaves a decision record for each ticket it answers, in the Redis the API
    reads: the helpdesk's outcome for a ticket, sent by its id, lands on the tier that
    answered it, and the log exports it as an outcome row."""
    policy = write_policy(tmp_path / "p.yaml", stub.base_url)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    for ticket in ("T-1", "T-2"):
        client.xadd("tickets", {"ticket": json.dumps({"id": ticket, "body": f"help {ticket}"})})
    worker = start_worker(policy, redis_url, "w1", tmp_path / "w1.log")
    try:
        wait_for(lambda: client.xlen("results") >= 2, 120, "2 results")
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    assert worker.returncode == 0, (tmp_path / "w1.log").read_text()
    answered = {
        json.loads(f["result"])["id"]: json.loads(f["result"]) for _, f in client.xrange("results")
    }
    client.close()

    settings = ServiceSettings(policy=policy, warm_models=False, redis=RedisSettings(url=redis_url))
    with TestClient(create_app(settings)) as api:
        landed = api.post("/v1/feedback", json={"ticket_id": "T-2", "kind": "resolved"})
        assert landed.status_code == 200, landed.text
        assert landed.json()["tier"] == answered["T-2"]["tier"]
        unknown = api.post("/v1/feedback", json={"ticket_id": "T-3", "kind": "resolved"})
        assert unknown.status_code == 404, unknown.text
    exported = subprocess.run(
        [str(TIERROUTE), "log", "export", "--format", "outcomes", "--policy", str(policy)],
        capture_output=True, text=True, env={**os.environ, "REDIS_URL": redis_url}, timeout=60,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    rows = [json.loads(line) for line in exported.stdout.splitlines() if line.strip()]
    assert len(rows) == 1 and rows[0]["scores"] == {answered["T-2"]["tier"]: 1.0}, rows
