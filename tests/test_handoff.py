"""The human rung and ticket threads: a handoff rule, an answer still unreliable at the
top, a thread that stays on its tier and spends one budget; through ``POST /v1/tickets``,
``tierroute batch`` and a Redis Streams worker, the stub (a real HTTP server) as provider.

Every stub tier answers ``stub answer from <model>``; ``length`` stops at its token limit.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from tests.conftest import TIERROUTE
from tests.keyed_service import serve
from tests.stub_policies import stub_tier
from tests.test_worker import start_worker, wait_for
from tools.openai_stub import StubServer

LEGAL = "We are preparing a lawsuit about the missing refund."


def write_policy(path: Path, base: str, reasoning: str = "ok-top", budget: str = "") -> Path:
    path.write_text(
        "name: handoff\ntiers:\n"
        + stub_tier("small", "ok-small", base)
        + stub_tier("mid", "ok-mid", base)
        + stub_tier("reasoning", reasoning, base)
        + "routing:\n  thresholds: {mid: 1.0, reasoning: 1.0}\n  rules:\n"
        "    - {name: legal, when: {keywords: [lawsuit]}, action: handoff}\n"
        "    - {name: priority, when: {metadata: {priority: high}}, action: floor, tier: mid}\n"
        "    - {name: hard, when: {keywords: [kernel]}, action: pin, tier: reasoning}\n"
        "escalation: {max_steps: 1}\ncache: {enabled: false}\n"
        f"handoff: {{unresolved: true{budget}}}\n"
    )
    return path


@pytest.fixture(scope="module")
def service(stub: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """reasoning stops at its token limit: an answer it gives is unresolved; a thread may
    spend 50 tokens."""
    folder = tmp_path_factory.mktemp("handoff")
    policy = write_policy(
        folder / "policy.yaml", stub.base_url, reasoning="length", budget=", ticket_tokens: 50"
    )
    with serve(policy, folder / "serve.log") as url:
        yield url


def _ticket(url: str, **fields: object) -> dict:  # type: ignore[type-arg]
    body = {"id": uuid.uuid4().hex[:8], "body": "How do I change my plan?", **fields}
    response = httpx.post(f"{url}/v1/tickets", json=body, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_handoff_rule_gives_the_ticket_to_a_person_with_the_draft(service: str) -> None:
    out = _ticket(service, body=LEGAL)
    assert out["status"] == "handoff"
    assert out["handoff_reasons"] == ["rule legal"]
    assert out["drafts"] == [{"tier": "small", "answer": "stub answer from ok-small"}]
    assert out["decision"]["reasons"][1]["kind"] == "handoff"
    plain = _ticket(service)
    assert plain["status"] == "answered" and plain["handoff_reasons"] == []
    assert plain["drafts"] == []
    metrics = httpx.get(f"{service}/metrics").text
    assert 'tierroute_handoffs_total{reason="rule"}' in metrics


def test_an_answer_still_unreliable_at_the_top_goes_to_a_person(service: str) -> None:
    out = _ticket(service, body="My kernel panics on boot.")
    assert out["tier"] == "reasoning" and out["finish_reason"] == "length"
    assert out["status"] == "handoff"
    assert out["handoff_reasons"] == ["unresolved: length on reasoning"]
    assert 'tierroute_handoffs_total{reason="unresolved"}' in httpx.get(f"{service}/metrics").text


def test_a_thread_stays_on_its_tier_and_spends_one_budget(service: str, stub: StubServer) -> None:
    thread = f"T-{uuid.uuid4().hex[:6]}"
    first = _ticket(service, thread_id=thread, priority="high")
    follow_up = _ticket(service, thread_id=thread, body="Thanks. And the invoice?")
    elsewhere = _ticket(service, thread_id=f"{thread}-other")
    assert (first["tier"], follow_up["tier"], elsewhere["tier"]) == ("mid", "mid", "small")
    # each answer uses 18 tokens (the stub says so): the third spends the 50 it may
    spent = [first["usage"]["total_tokens"], follow_up["usage"]["total_tokens"]]
    assert spent == [18, 18]
    third = _ticket(service, thread_id=thread, body="One more question.")
    assert third["status"] == "handoff"
    assert third["handoff_reasons"][0].startswith("budget: ")
    assert third["drafts"] == [{"tier": "mid", "answer": "stub answer from ok-mid"}]
    calls = len(stub.bodies)
    fourth = _ticket(service, thread_id=thread, body="Hello?")
    assert fourth["status"] == "handoff" and fourth["answer"] is None
    assert fourth["called"] == [] and len(stub.bodies) == calls  # no model was asked


def test_batch_results_say_handoff_and_a_rerun_keeps_them(tmp_path: Path, stub: StubServer) -> None:
    policy = write_policy(tmp_path / "p.yaml", stub.base_url)
    source = tmp_path / "tickets.jsonl"
    source.write_text(
        json.dumps({"id": "legal", "body": LEGAL})
        + "\n"
        + json.dumps({"id": "plain", "body": "How do I change my plan?"})
        + "\n"
    )
    out = tmp_path / "answers.jsonl"
    command = [str(TIERROUTE), "batch", str(source), "-o", str(out), "--policy", str(policy)]
    first = subprocess.run([*command, "--json"], capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["answered"] == 2 and report["handoffs"] == 1
    lines = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert lines["legal"]["status"] == "handoff"
    assert lines["legal"]["handoff_reasons"] == ["rule legal"]
    assert lines["legal"]["drafts"][0]["answer"] == "stub answer from ok-small"
    assert lines["plain"]["status"] == "answered"
    again = subprocess.run([*command, "--json"], capture_output=True, text=True, timeout=120)
    assert json.loads(again.stdout)["skipped"] == 2


def test_a_worker_puts_handed_off_tickets_on_the_human_stream(
    tmp_path: Path, stub: StubServer, redis_url: str
) -> None:
    policy = write_policy(tmp_path / "p.yaml", stub.base_url)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    client.xadd("tickets", {"ticket": json.dumps({"id": "legal", "body": LEGAL})})
    client.xadd("tickets", {"ticket": json.dumps({"id": "plain", "body": "Hi, how do I pay?"})})
    worker = start_worker(policy, redis_url, "w1", tmp_path / "w1.log")
    try:
        wait_for(lambda: client.xlen("results") >= 2, 60, "2 results")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    human = client.xrange("tickets:human")
    assert [fields["id"] for _, fields in human] == ["legal"]
    record = json.loads(human[0][1]["result"])
    assert record["status"] == "handoff" and record["drafts"]
    assert "handed to a person 1" in (tmp_path / "w1.log").read_text()
    client.close()
