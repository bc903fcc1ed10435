"""Fault injection under the ticket pipeline: ``tierroute batch`` and ``tierroute worker``
(the real CLI) against a model server that fails a share of its calls on purpose.

No ticket is lost: after a run, every ticket has exactly one line in the output (its answer,
or its failure with a reason), and a rerun once the server has recovered answers the failed
ones. A worker redelivers what failed until it is answered, and dead-letters, with the
reason, what keeps failing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.conftest import TIERROUTE
from tools.openai_stub import FaultPlan, FaultStub

TIMEOUT_S = 2.0


def pipeline_policy(path: Path, base: str, reasoning: str = "chaos-reasoning") -> Path:
    """Three tiers of one deployment each on the fault stub; tickets saying "explode" are
    pinned to the top tier."""

    def tier(name: str, model: str) -> str:
        return (
            f"  {name}:\n    model: openai/{model}\n    api_base: {base}\n"
            f"    timeout_s: {TIMEOUT_S}\n"
            "    price: {input_per_mtok: 1.0, output_per_mtok: 1.0}\n"
            "    max_input_tokens: 4000\n    max_output_tokens: 32\n"
        )

    path.write_text(
        "name: chaos-pipeline\ntiers:\n"
        + tier("small", "chaos-small")
        + tier("mid", "chaos-mid")
        + tier("reasoning", reasoning)
        + "routing:\n  thresholds: {mid: 1.0, reasoning: 1.0}\n  rules:\n"
        "    - {name: explode, when: {keywords: [explode]}, action: pin, tier: reasoning}\n"
        "escalation: {max_steps: 0}\ncache: {enabled: false}\n"
    )
    return path


def correct(record: dict[str, Any]) -> bool:
    model = str(record.get("model") or "").removeprefix("openai/")
    return record.get("error") is None and record.get("answer") == f"stub answer from {model}"


@pytest.fixture()
def stub() -> Iterator[FaultStub]:
    with FaultStub() as server:
        yield server


def run_batch(source: Path, out: Path, policy: Path) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [
            str(TIERROUTE),
            "batch",
            str(source),
            "-o",
            str(out),
            "--policy",
            str(policy),
            "--concurrency",
            "4",
            "--no-progress",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.stdout, done.stderr
    return done.returncode, json.loads(done.stdout)


def lines_by_id(out: Path) -> dict[str, dict[str, Any]]:
    records = [json.loads(line) for line in out.read_text().splitlines()]
    by_id = {r["id"]: r for r in records}
    assert len(by_id) == len(records), "a ticket has more than one line"
    return by_id


def test_batch_records_every_ticket_and_a_rerun_completes_it(
    tmp_path: Path, stub: FaultStub
) -> None:
    policy = pipeline_policy(tmp_path / "p.yaml", stub.base_url)
    tickets = [f"t{i:02d}" for i in range(60)]
    rows = [json.dumps({"id": t, "body": f"Where is invoice {t}?"}) for t in tickets]
    rows += ["{not json", json.dumps({"id": "empty", "body": ""})]  # two invalid rows
    source = tmp_path / "tickets.jsonl"
    source.write_text("\n".join(rows) + "\n")
    out = tmp_path / "out.jsonl"

    # 55% of calls fail; a ticket fails when all three tiers do (about one in six)
    stub.plan = FaultPlan(error500=0.3, slow=0.05, reset=0.1, truncated=0.1, slow_s=2 * TIMEOUT_S)
    code, first = run_batch(source, out, policy)
    faults = stub.counts()["faults_total"]
    records = lines_by_id(out)
    assert code == 2  # invalid rows (and failed tickets) make it non-zero
    assert set(records) == {*tickets, "line-61", "empty"}  # every ticket has its line
    failed = {t for t in tickets if records[t]["error"] is not None}
    assert first["answered"] == 60 - len(failed) and first["failed"] == len(failed) > 0
    assert all(correct(records[t]) for t in tickets if t not in failed)
    for ticket in failed:
        assert records[ticket]["error"].startswith("BackendUnavailable: every deployment failed")
        assert records[ticket]["answer"] is None
    assert "not valid JSON" in records["line-61"]["error"]
    assert "body: String should have at least 1 character" in records["empty"]["error"]

    stub.plan = FaultPlan()  # the model server recovers
    code, second = run_batch(source, out, policy)
    records = lines_by_id(out)
    assert code == 2  # the invalid rows are still invalid
    assert second["skipped"] == 60 - len(failed)
    assert second["retried"] == len(failed) + 2
    assert second["answered"] == len(failed) and second["failed"] == 0
    assert all(correct(records[t]) for t in tickets)
    print(
        f"batch: 60 tickets + 2 invalid rows; {faults} faults injected; first run answered "
        f"{first['answered']}, failed {first['failed']}; rerun answered {second['answered']}; "
        "lost 0"
    )


def start_worker(policy: Path, redis_url: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:
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
                "--concurrency",
                "4",
                "--max-attempts",
                "10",
                "--claim-idle-ms",
                "200",
                "--policy",
                str(policy),
                "--redis-url",
                redis_url,
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env={**os.environ},
        )


def test_worker_redelivers_until_answered_and_dead_letters_with_a_reason(
    tmp_path: Path, stub: FaultStub, redis_url: str
) -> None:
    # the top tier is down: tickets pinned to it ("explode") can never be answered
    policy = pipeline_policy(tmp_path / "p.yaml", stub.base_url, reasoning="down-reasoning")
    # 45% of calls fail; an attempt fails when both working tiers do (about one in five)
    stub.plan = FaultPlan(error500=0.25, slow=0.05, reset=0.1, truncated=0.05, slow_s=2 * TIMEOUT_S)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    tickets = [f"w{i:02d}" for i in range(60)]
    poison = ["explode-1", "explode-2"]
    for ticket in tickets:
        client.xadd("tickets", {"ticket": json.dumps({"id": ticket, "body": f"invoice {ticket}"})})
    for ticket in poison:
        client.xadd("tickets", {"ticket": json.dumps({"id": ticket, "body": "please explode"})})
    log = tmp_path / "worker.log"
    worker = start_worker(policy, redis_url, log)
    try:
        deadline = time.monotonic() + 120
        while client.xlen("results") + client.xlen("tickets:dead") < len(tickets) + len(poison):
            assert time.monotonic() < deadline, (
                log.read_text()[-3000:],
                client.xlen("results"),
                client.xpending_range("tickets", "answerers", "-", "+", 100),
            )
            assert worker.poll() is None, log.read_text()[-3000:]
            time.sleep(0.2)
        time.sleep(0.5)  # a duplicate result would show up now
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    assert worker.returncode == 0, log.read_text()[-3000:]
    results = [json.loads(fields["result"]) for _, fields in client.xrange("results")]
    dead = {
        json.loads(fields["ticket"])["id"]: fields["error"]
        for _, fields in client.xrange("tickets:dead")
    }
    answered = [r["id"] for r in results]
    assert sorted(answered) == tickets  # each once, none lost
    assert all(correct(r) for r in results)
    assert set(dead) == set(poison)
    for reason in dead.values():
        assert reason.startswith("failed 10 times; last: BackendUnavailable: every deployment")
        assert "reasoning/openai/down-reasoning: BackendError" in reason
    assert client.xpending("tickets", "answerers")["pending"] == 0
    summary = log.read_text().strip().splitlines()[-1]
    retried = int(summary.split("retried ")[1].split(",")[0])
    assert summary.startswith("stopped: answered 60, duplicates 0,") and retried > 0
    counts = stub.counts()
    print(
        f"worker: 60 tickets + 2 poison; {counts['faults_total']} faults injected "
        f"({counts['faults']}) in {counts['requests']} calls; {summary}; lost 0"
    )
    client.close()
