"""The decision log (local file and real Redis), `POST /v1/feedback` and `tierroute log
export`, against the real app and a real HTTP server standing in for the tiers."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from router.api.app import create_app
from router.api.settings import ServiceSettings
from router.stores.decision_log import (
    LocalDecisionLog,
    OutcomeRecord,
    RedisDecisionLog,
)
from router.stores.outcome_export import outcome_rows
from router.stores.redis import RedisConnection, RedisSettings
from tests.conftest import TIERROUTE
from tests.decision_log_fixtures import logged_policy as _policy
from tests.decision_log_fixtures import record as _record
from tests.keyed_service import write_keys
from tests.redis_server import RedisServer
from tools.openai_stub import StubServer


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def test_the_local_log_is_bounded_and_finds_requests_and_tickets(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    log = LocalDecisionLog(path, max_records=50)
    for i in range(200):
        asyncio.run(log.append(_record(i, ticket=f"t{i % 7}")))
    segments = sorted(tmp_path.glob("log.jsonl*"))
    kept = [line for segment in segments for line in segment.read_text().splitlines()]
    assert 45 <= len(kept) <= 50, len(kept)  # the newest 90-100%, in segment files
    assert len(path.read_text().splitlines()) <= 5
    assert asyncio.run(log.decision("r199")) is not None
    assert asyncio.run(log.decision("r0")) is None  # dropped with the oldest
    assert asyncio.run(log.latest_for_ticket("t3")).request_id == "r199"  # type: ignore[union-attr]
    reopened = LocalDecisionLog(path, max_records=50)  # the index is rebuilt from the file
    assert asyncio.run(reopened.decision("r199")) is not None
    newest = asyncio.run(reopened.recent(3))
    assert [r.request_id for r in newest] == ["r197", "r198", "r199"]


def test_a_torn_line_in_the_local_log_loses_that_record_only(tmp_path: Path) -> None:
    """A process killed while writing leaves half a line: the log still opens (and the
    service still starts), with every other record."""
    path = tmp_path / "log.jsonl"
    whole = [_record(i).model_dump_json() for i in range(3)]
    path.write_text(f"{whole[0]}\n{whole[1][:40]}\n[1, 2]\n{whole[2]}\n")
    log = LocalDecisionLog(path, max_records=50)
    assert [r.request_id for r in asyncio.run(log.recent(10))] == ["r0", "r2"]
    assert len(asyncio.run(log.records())) == 2


def test_the_newest_records_come_oldest_first_from_a_time_on(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    """What the dashboard reads: the newest records, bounded by count and by time."""

    async def run() -> None:
        connection = RedisConnection.from_url(redis_server.url, prefix="recent-test:")
        logs = [LocalDecisionLog(tmp_path / "log.jsonl", 100), RedisDecisionLog(connection, 100)]
        for log in logs:
            for i in range(10):
                await log.append(_record(i))
            await asyncio.sleep(0.05)
            cut = time.time()
            await log.append(_record(10))
            await log.append(OutcomeRecord(request_id="r10", tier="small", score=1.0, source="x"))
            assert [r.request_id for r in await log.recent(3)] == ["r9", "r10", "r10"]
            assert [r.kind for r in await log.recent(2, since=cut)] == ["decision", "outcome"]
            assert len(await log.recent(100, since=cut)) == 2
            assert len(await log.recent(100)) == 12
        await connection.aclose()

    asyncio.run(run())


def test_the_redis_log_is_a_bounded_stream(redis_server: RedisServer) -> None:
    async def run() -> None:
        connection = RedisConnection.from_url(redis_server.url)
        log = RedisDecisionLog(connection, max_records=100)
        for i in range(500):
            await log.append(_record(i, ticket="t1"))
        await log.append(OutcomeRecord(request_id="r499", tier="small", score=1.0, source="x"))
        assert len(await connection.client.keys("*")) > 0
        records = await log.records()
        assert len(records) < 300  # MAXLEN ~ 100 (trimmed by whole nodes)
        assert (await log.decision("r499")) is not None
        assert (await log.latest_for_ticket("t1")).request_id == "r499"  # type: ignore[union-attr]
        rows = outcome_rows(records)
        assert [r["id"] for r in rows] == ["r499"]
        await connection.aclose()

    asyncio.run(run())


def test_every_request_leaves_a_record_without_its_text(tmp_path: Path, stub: StubServer) -> None:
    policy = _policy(tmp_path, stub.base_url)
    with TestClient(create_app(ServiceSettings(policy=policy, warm_models=False))) as client:
        whole = client.post(
            "/v1/chat/completions",
            json={"model": "auto", "messages": [{"role": "user", "content": "Reset my password"}],
                  "metadata": {"queue": "Billing"}},
        )  # fmt: skip
        streamed = client.post(
            "/v1/chat/completions",
            json={"model": "auto", "stream": True,
                  "messages": [{"role": "user", "content": "Reset my password"}]},
        )  # fmt: skip
        ticket = client.post("/v1/tickets", json={"id": "T-7", "body": "Where is my invoice?"})
    assert whole.status_code == streamed.status_code == ticket.status_code == 200
    records = [json.loads(line) for line in (tmp_path / "decisions.jsonl").read_text().splitlines()]
    assert [r["request_id"] for r in records] == [
        whole.headers["x-request-id"],
        streamed.headers["x-request-id"],
        ticket.headers["x-request-id"],
    ]
    assert records[0]["segment"] == {"queue": "billing"}
    assert records[0]["final_tier"] == "small" and records[0]["called"] == ["small"]
    assert records[2]["ticket_id"] == "T-7"
    assert all(r["prompt"] is None and r["answer"] is None for r in records)


def test_feedback_of_each_kind_lands_with_the_policys_score(
    tmp_path: Path, stub: StubServer
) -> None:
    policy = _policy(tmp_path, stub.base_url, "  feedback: {reopened: 0.1}\n")
    with TestClient(create_app(ServiceSettings(policy=policy, warm_models=False))) as client:
        answer = client.post(
            "/v1/chat/completions",
            json={"model": "auto", "messages": [{"role": "user", "content": "Hi there"}]},
        )
        request_id = answer.headers["x-request-id"]
        client.post("/v1/tickets", json={"id": "T-9", "body": "Where is my invoice?"})
        cases = [
            ({"kind": "resolved"}, 1.0),
            ({"kind": "reopened"}, 0.1),
            ({"kind": "handed_to_human"}, 0.0),
            ({"kind": "csat", "value": 4}, 0.75),
            ({"kind": "thumbs", "value": "down"}, 0.0),
            ({"kind": "score", "value": 0.6}, 0.6),
        ]
        for body, score in cases:
            got = client.post("/v1/feedback", json={"request_id": request_id, **body})
            assert got.status_code == 200, got.text
            assert got.json() == {
                "request_id": request_id, "ticket_id": None, "tier": "small",
                "kind": body["kind"], "score": score,
            }  # fmt: skip
        by_ticket = client.post("/v1/feedback", json={"ticket_id": "T-9", "kind": "resolved"})
        assert by_ticket.status_code == 200 and by_ticket.json()["ticket_id"] == "T-9"
        unknown = client.post("/v1/feedback", json={"request_id": "nope", "kind": "resolved"})
        assert unknown.status_code == 404
        assert "no answer with request id 'nope'" in unknown.json()["error"]["message"]
        bad = client.post(
            "/v1/feedback", json={"request_id": request_id, "kind": "csat", "value": 9}
        )
        assert 400 <= bad.status_code < 500
        assert "csat" in bad.json()["error"]["message"]
        both = client.post(
            "/v1/feedback", json={"request_id": request_id, "ticket_id": "T-9", "kind": "resolved"}
        )
        assert 400 <= both.status_code < 500
        assert "exactly one of request_id" in both.json()["error"]["message"]
    env = {**os.environ}
    env.pop("REDIS_URL", None)
    exported = subprocess.run(
        [str(TIERROUTE), "log", "export", "--policy", str(policy), "--format", "outcomes"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    mine = next(r for r in rows if r["id"] == request_id)
    assert mine["served"] == "small"
    assert mine["scores"]["small"] == pytest.approx((1.0 + 0.1 + 0 + 0.75 + 0 + 0.6) / 6)
    records = subprocess.run(
        [str(TIERROUTE), "log", "export", "--policy", str(policy), "--since", "2999-01-01"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert records.returncode == 0 and records.stdout == ""
    bad_since = subprocess.run(
        [str(TIERROUTE), "log", "export", "--policy", str(policy), "--since", "yesterday"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert bad_since.returncode != 0 and "--since" in bad_since.stderr


def test_feedback_needs_a_key_when_keys_are_configured(tmp_path: Path, stub: StubServer) -> None:
    policy = _policy(tmp_path, stub.base_url)
    keys = write_keys(tmp_path / "keys.yaml", {"desk": {}})
    settings = ServiceSettings(
        policy=policy,
        warm_models=False,
        redis=RedisSettings(url=""),
        keys_file=tmp_path / "keys.yaml",
    )
    auth = {"authorization": f"Bearer {keys['desk']}"}
    body = {"request_id": "nope", "kind": "resolved"}
    with TestClient(create_app(settings)) as client:
        assert client.post("/v1/feedback", json=body).status_code == 401
        wrong = {"authorization": "Bearer tr-not-a-key"}
        assert client.post("/v1/feedback", json=body, headers=wrong).status_code == 401
        assert client.post("/v1/feedback", json=body, headers=auth).status_code == 404


def test_feedback_import_maps_a_helpdesk_export_and_reports_bad_rows(
    tmp_path: Path, stub: StubServer
) -> None:
    policy = _policy(tmp_path, stub.base_url)
    log = LocalDecisionLog(tmp_path / "decisions.jsonl", max_records=1000)
    for i in range(3):
        asyncio.run(log.append(_record(i, ticket=f"T-{i}")))
    export = tmp_path / "helpdesk.csv"
    export.write_text(
        "ticket,status,rating\nT-0,solved,\nT-1,csat,5\nT-404,solved,\nT-2,csat,9\nT-2,reopened,\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    done = subprocess.run(
        [str(TIERROUTE), "feedback", "import", str(export), "--policy", str(policy),
         "--map", "ticket=ticket_id", "--map", "status=kind", "--map", "rating=value",
         "--kind-map", "solved=resolved"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert "5 rows read, 3 landed, refused: 1 bad row, 1 unknown id" in done.stdout
    assert f"{export}:4: no answer with ticket id 'T-404'" in done.stderr
    assert f"{export}:5: " in done.stderr and "csat" in done.stderr
    records = asyncio.run(LocalDecisionLog(tmp_path / "decisions.jsonl", 1000).records())
    scores = {(r.request_id, r.score) for r in records if isinstance(r, OutcomeRecord)}
    assert scores == {("r0", 1.0), ("r1", 1.0), ("r2", 0.0)}
    jsonl = tmp_path / "helpdesk.jsonl"
    jsonl.write_text('{"request_id": "r1", "kind": "thumbs", "value": "up"}\nnot json\n')
    again = subprocess.run(
        [str(TIERROUTE), "feedback", "import", str(jsonl), "--policy", str(policy)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert again.returncode == 1
    assert "2 rows read, 1 landed" in again.stdout
    assert f"{jsonl}:2: not JSON" in again.stderr


def test_feedback_while_the_logs_redis_is_down_is_refused_not_lost(
    tmp_path: Path, stub: StubServer
) -> None:
    """With the decision log in Redis and Redis gone, feedback gets a 503 that says so
    (not a 404: the id may be known), the answer path still works, and an import stops at
    the first row it cannot keep, naming the line to import again from."""
    policy = _policy(tmp_path, stub.base_url)
    server = RedisServer()
    server.start()
    settings = ServiceSettings(
        policy=policy, warm_models=False, redis=RedisSettings(url=server.url)
    )
    try:
        with TestClient(create_app(settings)) as client:
            answer = client.post(
                "/v1/chat/completions",
                json={"model": "auto", "messages": [{"role": "user", "content": "Hi there"}]},
            )
            request_id = answer.headers["x-request-id"]
            body = {"request_id": request_id, "kind": "resolved"}
            assert client.post("/v1/feedback", json=body).status_code == 200
            server.kill()
            down = client.post("/v1/feedback", json=body)
            assert down.status_code == 503, down.text
            error = down.json()["error"]
            assert "Redis" in error["message"] and "try again" in error["message"], error
            by_ticket = client.post("/v1/feedback", json={"ticket_id": "T-1", "kind": "resolved"})
            assert by_ticket.status_code == 503, by_ticket.text
            still = client.post(
                "/v1/chat/completions",
                json={"model": "auto", "messages": [{"role": "user", "content": "Hi again"}]},
            )
            assert still.status_code == 200, still.text
    finally:
        server.kill()
    export = tmp_path / "helpdesk.jsonl"
    export.write_text(
        '{"request_id": "r1", "kind": "resolved"}\n{"request_id": "r2", "kind": "resolved"}\n'
    )
    env = {**os.environ, "REDIS_URL": server.url}
    done = subprocess.run(
        [str(TIERROUTE), "feedback", "import", str(export), "--policy", str(policy)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 3, (done.stdout, done.stderr)
    assert f"{export}:1: the decision log is kept in Redis" in done.stderr
    assert "stopped at line 1" in done.stderr and "2 rows read, 0 landed" in done.stdout
