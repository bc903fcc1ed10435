"""`tierroute batch`: answers, errors, resume, interruption — run as the real CLI."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TIERROUTE
from tools.openai_stub import StubServer


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def write_policy(path: Path, base: str, small_model: str = "ok-small") -> Path:
    def tier(model: str) -> str:
        return (
            f"    model: openai/{model}\n    api_base: {base}\n    timeout_s: 10\n"
            "    price: {input_per_mtok: 1.0, output_per_mtok: 1.0}\n"
            "    max_input_tokens: 4000\n    max_output_tokens: 32\n"
        )

    path.write_text(
        f"name: batch\ntiers:\n  small:\n{tier(small_model)}  mid:\n{tier('ok-mid')}"
        f"  reasoning:\n{tier('fail500')}"
        "routing:\n  thresholds: {mid: 1.0, reasoning: 1.0}\n  rules:\n"
        "    - {name: explode, when: {keywords: [explode]}, action: pin, tier: reasoning}\n"
        "escalation: {max_steps: 0}\ncache: {enabled: false}\n"
    )
    return path


def run_batch(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TIERROUTE), "batch", *args, "--no-progress"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def results(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_jsonl_answers_failures_invalid_rows_and_resume(tmp_path: Path, stub: StubServer) -> None:
    policy = write_policy(tmp_path / "p.yaml", stub.base_url)
    source = tmp_path / "tickets.jsonl"
    source.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "subject": "Invoice", "body": "Where is my invoice?"}),
                json.dumps({"id": 2, "text": "Reset password please", "priority": "low"}),
                json.dumps({"id": "c", "body": "please explode"}),
                "{broken json",
                json.dumps({"id": "e", "body": ""}),
                json.dumps({"id": "a", "body": "duplicate id"}),
            ]
        )
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    first = run_batch(str(source), "-o", str(out), "--policy", str(policy), "--json")
    assert first.returncode == 2, first.stderr  # invalid rows make the exit code non-zero
    report = json.loads(first.stdout)
    assert (report["answered"], report["failed"], report["invalid"], report["duplicates"]) == (
        2,
        1,
        2,
        1,
    )
    by_id = {r["id"]: r for r in results(out)}
    assert set(by_id) == {"a", "2", "c", "line-4", "e"}
    assert by_id["a"]["answer"] == "stub answer from ok-small" and by_id["a"]["tier"] == "small"
    assert by_id["a"]["cost_usd"] > 0 and by_id["a"]["usage"]["prompt_tokens"] == 11
    assert by_id["c"]["error"].startswith("BackendUnavailable: every deployment failed")
    assert by_id["line-4"]["error"] == (
        f"{source}:4: not valid JSON: Expecting property name enclosed in double quotes"
    )
    assert by_id["e"]["error"] == f"{source}:5: body: String should have at least 1 character"
    again = run_batch(str(source), "-o", str(out), "--policy", str(policy), "--json")
    assert json.loads(again.stdout)["answered"] == 0
    # a, 2 and the duplicate "a" are done; c, line-4 and e failed and are tried again
    assert json.loads(again.stdout)["skipped"] == 3
    assert json.loads(again.stdout)["retried"] == 3
    assert sorted(r["id"] for r in results(out)) == ["2", "a", "c", "e", "line-4"]


def test_csv_with_column_mapping_and_a_torn_last_line(tmp_path: Path, stub: StubServer) -> None:
    policy = write_policy(tmp_path / "p.yaml", stub.base_url)
    source = tmp_path / "tickets.csv"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ticket_no", "subject", "body", "priority"])
        for i in range(6):
            writer.writerow([f"T{i}", f"Subject {i}", f"Line one\nline two of ticket {i}", "low"])
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "T0", "answer": "earlier"}) + "\n" + '{"id": "T1", "ans')
    result = run_batch(
        str(source),
        "-o",
        str(out),
        "--policy",
        str(policy),
        "--id-column",
        "ticket_no",
        "--text-columns",
        "subject,body",
        "--meta-columns",
        "priority",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answered"] == 5
    rows = results(out)
    assert next(r["id"] for r in rows) == "T0" and sorted(r["id"] for r in rows) == [
        f"T{i}" for i in range(6)
    ]
    fresh = tmp_path / "fresh.jsonl"
    bad = run_batch(
        str(source),
        "-o",
        str(fresh),
        "--policy",
        str(policy),
        "--id-column",
        "ticket_no",
        "--text-columns",
        "nope",
    )
    assert bad.returncode == 2
    first = results(fresh)[0]
    assert first["id"] == "T0"
    assert (
        first["error"] == f"{source}:2: no column nope (have: ticket_no, subject, body, priority)"
    )


def test_interrupted_run_loses_nothing_and_resumes(tmp_path: Path, stub: StubServer) -> None:
    policy = write_policy(tmp_path / "p.yaml", stub.base_url, small_model="delay-100")
    source = tmp_path / "tickets.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"t{i}", "body": f"question {i}"}) + "\n" for i in range(40))
    )
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [
            str(TIERROUTE),
            "batch",
            str(source),
            "-o",
            str(out),
            "--policy",
            str(policy),
            "--concurrency",
            "2",
            "--no-progress",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a shell that runs this suite in the background ignores SIGINT, and children
        # inherit that; Ctrl-C is what this test is about, so give it back its default
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or len(results(out)) < 6):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "run again to resume" in stderr
    partial = results(out)
    assert 6 <= len(partial) < 40
    resumed = run_batch(str(source), "-o", str(out), "--policy", str(policy), "--json")
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["answered"] == 40 - len(partial)
    ids = [r["id"] for r in results(out)]
    assert sorted(ids) == sorted(f"t{i}" for i in range(40)) and len(ids) == 40


def test_encodings_boms_and_foreign_output_files(tmp_path: Path, stub: StubServer) -> None:
    policy = write_policy(tmp_path / "p.yaml", stub.base_url)
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffid,text\nB1,Where is my invoice?\n".encode())
    out = tmp_path / "out.jsonl"
    result = run_batch(str(bom), "-o", str(out), "--policy", str(policy), "--json")
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in results(out)] == ["B1"]
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"id,text\nL1,caf\xe9\n")
    bad = run_batch(str(latin), "-o", str(tmp_path / "o2.jsonl"), "--policy", str(policy))
    assert bad.returncode == 2 and f"{latin}:2: not UTF-8; save the file as UTF-8" in bad.stderr
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(b'{"id": "ok", "body": "fine"}\n{"id": "x", "body": "caf\xe9"}\n')
    third = tmp_path / "o3.jsonl"
    run_batch(str(mixed), "-o", str(third), "--policy", str(policy))
    by_id = {r["id"]: r for r in results(third)}
    assert by_id["ok"]["answer"] and by_id["line-2"]["error"].endswith(
        "not UTF-8 (byte 25 of the line)"
    )
    foreign = tmp_path / "notes.csv"
    foreign.write_text("id,text\nsomething,else\n")
    refused = run_batch(str(bom), "-o", str(foreign), "--policy", str(policy))
    assert refused.returncode == 2 and "not a tierroute result line" in refused.stderr
    assert foreign.read_text() == "id,text\nsomething,else\n"
