"""`tierroute train --answer-model`, `calibrate` and `replay` end to end on a built fixture,
and the calibration's cascade arithmetic on hand-worked rows."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from router.offline.calibration_search import Setting, simulate
from router.offline.calibration_signals import RowSignals
from tests.conftest import TIERROUTE
from tests.outcome_fixtures import outcome_rows, write_outcomes

POLICY = """\
name: fixture-replay
tiers:
  small:
    model: replay/small
    price: {input_per_mtok: 0.4, output_per_mtok: 0.4}
    max_input_tokens: 4000
    max_output_tokens: 400
  mid:
    model: replay/mid
    price: {input_per_mtok: 2.4, output_per_mtok: 2.4}
    max_input_tokens: 4000
    max_output_tokens: 400
  reasoning:
    model: replay/large
    price: {input_per_mtok: 10.0, output_per_mtok: 10.0}
    max_input_tokens: 4000
    max_output_tokens: 400
routing:
  classifier: builtin:tickets
  thresholds: {mid: 0.35, reasoning: 0.65}
escalation:
  max_steps: 2
  signals: [refusal]
cache: {enabled: false}
replay: {data: outcomes.jsonl}
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TIERROUTE), *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with the data, a policy, and a classifier + answer model trained on it."""
    root = tmp_path_factory.mktemp("calibrate")
    write_outcomes(root / "outcomes.jsonl", outcome_rows(120))
    (root / "policy.yaml").write_text(POLICY)
    result = run(
        "train",
        "--data",
        str(root / "outcomes.jsonl"),
        "--out",
        str(root / "classifier.json"),
        "--answer-model",
        str(root / "answers.json"),
        "--cv",
        "0",
    )
    assert result.returncode == 0, result.stderr
    assert "answer model: examples per judged tier: small 120, mid 240" in result.stdout
    return root


def test_calibrated_policy_replays_to_the_figures_calibrate_promised(trained: Path) -> None:
    tuned = trained / "tuned" / "policy.yaml"
    plot = trained / "curve.png"
    result = run(
        "calibrate",
        "--data",
        str(trained / "outcomes.jsonl"),
        "--policy",
        str(trained / "policy.yaml"),
        "--classifier",
        str(trained / "classifier.json"),
        "--answer-model",
        str(trained / "answers.json"),
        "--target-quality",
        "0.95",
        "--write",
        str(tuned),
        "--plot",
        str(plot),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    chosen = report["chosen"]
    assert report["reached"] and chosen["quality_share"] >= 0.95
    # the answers tell the kinds apart, so the cascade is far cheaper than always-large
    assert chosen["cost_share"] < 0.5
    assert report["curve"] and plot.stat().st_size > 1000
    text = tuned.read_text()
    assert "answer_gain" in text and "classifier: ../classifier.json" in text
    assert run("policy", "check", str(tuned)).returncode == 0
    out = trained / "decisions.jsonl"
    replayed = run(
        "replay",
        "--data",
        str(trained / "outcomes.jsonl"),
        "--policy",
        str(tuned),
        "--out",
        str(out),
        "--json",
    )
    assert replayed.returncode == 0, replayed.stderr
    summary = json.loads(replayed.stdout)
    assert summary["quality_share"] == pytest.approx(chosen["quality_share"], abs=1e-9)
    assert summary["cost_share"] == pytest.approx(chosen["cost_share"], abs=1e-9)
    decisions = [json.loads(line) for line in out.read_text().splitlines()]
    assert any(len(d["called"]) > 1 for d in decisions)  # the cascade escalated some


def test_cross_validated_calibration_and_an_unreachable_target(trained: Path) -> None:
    args = [
        "calibrate",
        "--data",
        str(trained / "outcomes.jsonl"),
        "--policy",
        str(trained / "policy.yaml"),
        "--classifier",
        str(trained / "classifier.json"),
        "--answer-model",
        str(trained / "answers.json"),
    ]
    result = run(*args, "--target-quality", "0.9", "--cv", "3", "--confidence", "0.8")
    assert result.returncode == 0, result.stderr
    assert "3-fold out-of-fold models" in result.stdout
    assert "target 0.9 reached" in result.stdout
    unreachable = run(*args, "--target-quality", "1.9")
    assert unreachable.returncode == 1
    assert "NOT reached" in unreachable.stdout


def test_calibrate_refuses_tier_labelled_data(trained: Path) -> None:
    labelled = trained / "labelled.jsonl"
    labelled.write_text('{"text": "reset my password", "tier": "small"}\n')
    result = run(
        "calibrate",
        "--data",
        str(labelled),
        "--policy",
        str(trained / "policy.yaml"),
        "--target-quality",
        "0.95",
    )
    assert result.returncode != 0
    assert f"{labelled}:1: id: Field required" in result.stderr


def test_answer_gain_without_an_answer_model_is_a_policy_error(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(POLICY.replace("signals: [refusal]", "signals: [refusal, answer_gain]"))
    result = run("policy", "check", str(policy))
    assert result.returncode != 0
    assert "answer_gain signal needs `answer_model: FILE`" in result.stderr


def _signals(**overrides: np.ndarray) -> RowSignals:
    """Three rows with hand-picked signals; small < mid < reasoning in cost."""
    base = {
        "difficulty": np.array([0.1, 0.5, 0.9]),
        "start_for": np.array([[0, 1, 2]] * 3),
        "fires": np.zeros((3, 2), dtype=bool),
        "gain_small": np.array([-0.2, 0.6, 0.6]),
        "gain_mid_after_small": np.array([0.0, 0.1, 0.8]),
        "gain_mid_alone": np.array([0.0, 0.1, 0.8]),
        "next_cost": np.array([[2.0, 10.0]] * 3),
        "score": np.array([[1, 1, 1], [0, 1, 1], [0, 0, 1]], dtype=float),
        "cost": np.array([[1.0, 2.0, 10.0]] * 3),
    }
    base.update(overrides)
    return RowSignals(**base)


def test_simulated_cascade_matches_hand_worked_paths() -> None:
    # everyone starts small; small escalates when gain x $10 >= $2, mid when gain x $20 >= $10
    outcome = simulate(_signals(), Setting(1.0, 1.0, 10.0, 20.0), max_steps=2)
    assert outcome.final.tolist() == [0, 1, 2]
    assert outcome.cost.tolist() == [1.0, 3.0, 13.0]
    assert outcome.escalated.tolist() == [False, True, True]
    # one step only: the hard row stops at mid
    one = simulate(_signals(), Setting(1.0, 1.0, 10.0, 20.0), max_steps=1)
    assert one.final.tolist() == [0, 1, 1]
    # thresholds start rows higher: mid from 0.4, reasoning from 0.8; no answer values
    start = simulate(_signals(), Setting(0.4, 0.8, 0.0, 0.0), max_steps=2)
    assert start.final.tolist() == [0, 1, 2]
    assert start.cost.tolist() == [1.0, 2.0, 10.0]
    # another signal (e.g. a refusal) escalates whatever the answer model says
    fires = np.array([[True, False], [False, False], [False, False]])
    forced = simulate(_signals(fires=fires), Setting(1.0, 1.0, 0.0, 0.0), max_steps=2)
    assert forced.final.tolist() == [1, 0, 0]
