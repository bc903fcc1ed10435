"""`tierroute replay --learn`: outcome data streamed as live traffic, learned from only
through shadow judging, and everything it called paid for."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import TIERROUTE
from tests.outcome_fixtures import looping_rows, segmented_rows, write_outcomes

ROOT = Path(__file__).resolve().parent.parent
REPLAY_POLICY = ROOT / "policies" / "replay-mmlu-pro.yaml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TIERROUTE), *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def learned(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list[dict], Path]:
    tmp = tmp_path_factory.mktemp("learn")
    rows = segmented_rows(300)
    data = write_outcomes(tmp / "rows.jsonl", rows)
    out = tmp / "decisions.jsonl"
    policy = tmp / "learned.yaml"
    result = run(
        "replay", "--data", str(data), "--policy", str(REPLAY_POLICY), "--learn",
        "--out", str(out), "--learned-policy", str(policy), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    decisions = [json.loads(line) for line in out.read_text().splitlines()]
    return json.loads(result.stdout), decisions, policy


def test_every_row_has_a_decision_in_file_order_with_what_it_called(learned) -> None:
    summary, decisions, _ = learned
    assert [d["id"] for d in decisions] == [r["id"] for r in segmented_rows(300)]
    assert all(set(d) == {"id", "final_tier", "called"} for d in decisions)
    assert all(d["final_tier"] in d["called"] for d in decisions)
    shadowed = [d for d in decisions if len(d["called"]) > 1]
    # the warm-up judges every tier; later only some rows are judged
    assert all(set(d["called"]) == {"small", "mid", "large"} for d in decisions[:20])
    assert summary["shadowed"] == pytest.approx(len(shadowed), abs=5)
    assert 20 <= summary["shadowed"] < len(decisions) / 2


def test_it_learns_where_the_small_tier_is_enough_and_keeps_the_quality(learned) -> None:
    summary, decisions, _ = learned
    billing = [d for d in decisions if d["id"].startswith("billing")][100:]
    outage = [d for d in decisions if d["id"].startswith("outage")][100:]
    assert sum(d["final_tier"] == "small" for d in billing) / len(billing) > 0.9
    assert sum(d["final_tier"] == "large" for d in outage) / len(outage) > 0.9
    whole = summary["whole"]
    assert whole["quality_share"] >= 0.95
    # everything paid: the shadow calls are in the cost, and it still saves
    assert summary["shadow_cost_share"] > 0
    assert whole["cost_share"] < 0.75
    assert summary["last_half"]["rows"] == 300
    assert summary["recalibrations"] >= 3
    assert summary["estimated_lower_bound"] <= summary["estimated_quality_share"]
    assert summary["confidence"] == 0.95


def test_the_learned_policy_is_written_for_review_and_is_valid(learned) -> None:
    _, _, policy = learned
    data = yaml.safe_load(policy.read_text())
    learned_routing = data["routing"]["learned"]
    segments = {s["when"]["category"]: s["loss"] for s in learned_routing["segments"]}
    assert segments["billing"]["small"] < 0.2  # cautious: known from a few outcomes
    assert segments["outage"]["small"] > 0.5
    assert data["learning"]["segment_by"] == ["category"]
    check = run("policy", "check", str(policy))
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_shadow_budget_cuts_shadow_spend(tmp_path: Path, learned) -> None:
    unlimited, _, _ = learned
    data = write_outcomes(tmp_path / "rows.jsonl", segmented_rows(300))
    policy = tmp_path / "p.yaml"
    written = yaml.safe_load(REPLAY_POLICY.read_text())
    written["replay"]["data"] = str(data)
    written["learning"]["shadow"] = {"max_spend_share": 0.01, "min_rate": 0.0}
    policy.write_text(yaml.safe_dump(written))
    result = run("replay", "--data", str(data), "--policy", str(policy), "--learn", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    # over its share, a row is judged only at min_rate (0 here): the warm-ups are paid
    # (the first 50 outcomes of each segment: ``billing`` then ``outage``)
    assert summary["shadowed"] == 100
    assert summary["shadow_cost_share"] < unlimited["shadow_cost_share"]


def test_learned_policy_needs_learn(tmp_path: Path) -> None:
    data = write_outcomes(tmp_path / "rows.jsonl", segmented_rows(5))
    result = run(
        "replay", "--data", str(data), "--policy", str(REPLAY_POLICY),
        "--learned-policy", str(tmp_path / "x.yaml"),
    )  # fmt: skip
    assert result.returncode != 0
    assert "--learned-policy needs --learn" in result.stderr


def test_it_learns_which_escalations_pay_and_routes_with_them(tmp_path: Path) -> None:
    """The small tier is wrong exactly when its answer loops. The policy does not escalate
    on loops; judging shows that mid answers those right, so the loops escalate, and the
    small tier (escalating a third of its answers) is then the cheapest way to the target."""
    rows = looping_rows(300)
    data = write_outcomes(tmp_path / "rows.jsonl", rows)
    out, policy = tmp_path / "decisions.jsonl", tmp_path / "learned.yaml"
    result = run(
        "replay", "--data", str(data), "--policy", str(REPLAY_POLICY), "--learn",
        "--out", str(out), "--learned-policy", str(policy), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    learned = yaml.safe_load(policy.read_text())["routing"]["learned"]
    assert learned["escalation"]["small"]["repetition"]["escalate"] is True
    # (measured on the judged rows: a sample, so within its error)
    assert learned["escalated"]["small"] == pytest.approx(1 / 3, abs=0.1)
    check = run("policy", "check", str(policy))
    assert check.returncode == 0, check.stdout + check.stderr
    decisions = [json.loads(line) for line in out.read_text().splitlines()]
    late = [(row, d) for row, d in zip(rows, decisions, strict=True)][200:]
    routed = [(row, d) for row, d in late if len(d["called"]) <= 2]  # not judged
    assert len(routed) > 50
    for row, decision in routed:
        loops = row["scores"]["small"] == 0
        assert decision["called"] == (["small", "mid"] if loops else ["small"])
    summary = json.loads(result.stdout)
    assert summary["last_half"]["quality_share"] >= 0.95
    # cheaper than mid for every row (0.24 of large), with the judging paid for
    assert summary["last_half"]["cost_share"] < 0.24
