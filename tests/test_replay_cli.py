"""`tierroute replay`: the real engine over outcome data, decisions in the data's names."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DEFAULT_POLICY, TIERROUTE

ROWS = [
    # easy: small answers; recorded costs small < mid < large
    {
        "id": "r1",
        "prompt": "How do I reset my password?",
        "scores": {"small": 1, "mid": 1, "large": 1},
        "cost_usd": {"small": 1.0, "mid": 4.0, "large": 10.0},
        "responses": {"small": "Go to Settings.", "mid": "Settings > Password."},
    },
    # small refuses: the cascade pays small + mid
    {
        "id": "r2",
        "prompt": "Where can I download my invoice?",
        "scores": {"small": 0, "mid": 1, "large": 1},
        "cost_usd": {"small": 1.0, "mid": 4.0, "large": 10.0},
        "responses": {"small": "I don't know.", "mid": "Billing > Invoices."},
    },
]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TIERROUTE), *args], capture_output=True, text=True, timeout=120)


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "outcomes.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in ROWS))
    return path


def test_replay_writes_decisions_and_a_summary(tmp_path: Path, data: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(
        DEFAULT_POLICY.read_text().replace(
            "signals: [length, refusal, schema]", "signals: [refusal]"
        )
    )
    out = tmp_path / "decisions.jsonl"
    result = run(
        "replay", "--data", str(data), "--policy", str(policy), "--out", str(out), "--json"
    )
    assert result.returncode == 0, result.stderr
    decisions = [json.loads(line) for line in out.read_text().splitlines()]
    assert decisions == [
        {"id": "r1", "final_tier": "small", "called": ["small"]},
        {"id": "r2", "final_tier": "mid", "called": ["small", "mid"]},
    ]
    summary = json.loads(result.stdout)
    assert summary["quality_share"] == 1.0
    assert summary["cost_share"] == pytest.approx((1.0 + 1.0 + 4.0) / 20.0)
    assert summary["escalation_rate"] == 0.5
    assert summary["tier_mix"] == {"mid": 0.5, "small": 0.5}


def test_replay_bad_data_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "prompt": "p", "scores": {"small": 2}}\n')
    result = run("replay", "--data", str(bad), "--out", str(tmp_path / "o.jsonl"))
    assert result.returncode == 2
    assert f"{bad}:1: scores.small: Input should be less than or equal to 1" in result.stderr
