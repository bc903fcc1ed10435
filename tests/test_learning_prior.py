"""``learning.prior``: outcomes known before the traffic (``tierroute calibrate --prior``
fits them on outcome data), counted at every refit beside the traffic's own, so a segment
they know needs no warm-up; a prior of other segments changes nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from router import load_policy
from router.learning.fitting.fit import fit_learned
from router.learning.fitting.prior import fit_prior
from router.learning.learner import Learner
from router.learning.outcomes import CallCost, Outcome
from router.policy.learning_settings import LearningPrior
from router.policy.model import LearnedRouting, Policy
from tests.conftest import TIERROUTE
from tests.outcome_fixtures import segmented_rows, write_outcomes

ROOT = Path(__file__).resolve().parent.parent
REPLAY_POLICY = ROOT / "policies" / "replay-mmlu-pro.yaml"
DEFAULT_POLICY = ROOT / "policies" / "default.yaml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TIERROUTE), *args], capture_output=True, text=True, timeout=300)


def _policy(prior: LearningPrior | None = None) -> Policy:
    data = load_policy(DEFAULT_POLICY).model_dump(mode="json")
    data["learning"]["segment_by"] = ["queue"]
    data["learning"]["prior"] = prior.model_dump(mode="json") if prior else None
    return Policy.model_validate(data)


def _judged(queue: str, small_right: float, n: int, tokens: int = 200) -> list[Outcome]:
    """``n`` requests of ``queue`` judged on every tier; the small tier right in a share."""
    return [
        Outcome(
            scores={"small": float(i < small_right * n), "mid": 1.0, "reasoning": 1.0},
            input_tokens=tokens,
            segment={"queue": queue},
        )
        for i in range(n)
    ]


def _calls(n: int) -> list[CallCost]:
    prices = {"small": 1e-7, "mid": 6e-7, "reasoning": 2.5e-6}
    return [CallCost(t, 100 + i, p * (100 + i)) for i in range(n) for t, p in prices.items()]


def test_the_prior_is_each_segments_losses_and_what_calls_cost() -> None:
    outcomes = _judged("billing", 1.0, 40) + _judged("outage", 0.25, 40)
    prior = fit_prior(outcomes, _calls(40), _policy(), source="history.jsonl")
    by = {s.when["queue"]: s for s in prior.segments}
    assert by["billing"].outcomes == 40 and by["billing"].loss == {"small": 0.0, "mid": 0.0}
    assert by["outage"].loss["small"] == pytest.approx(0.75)
    assert by["outage"].top_score == 1.0
    assert prior.spread["small"] > 0
    assert prior.cost["reasoning"].per_input_token_usd == pytest.approx(2.5e-6)
    assert prior.outcomes == 80 and prior.outcomes_in({"queue": "outage"}) == 40
    assert prior.outcomes_in({"queue": "sso"}) == 0
    with pytest.raises(ValueError, match="nothing to learn"):
        fit_prior([Outcome(scores={"small": 1.0}, input_tokens=10)], [], _policy())


def test_a_prior_is_checked_as_it_is_read() -> None:
    segment = {"when": {"queue": "a"}, "outcomes": 5, "loss": {"small": 0.1}, "top_score": 1}
    with pytest.raises(ValidationError, match="given twice"):
        LearningPrior(segments=[segment, segment])
    with pytest.raises(ValidationError, match="against the top tier"):
        LearningPrior(segments=[{**segment, "loss": {"reasoning": 0.1}}])
    with pytest.raises(ValidationError):
        LearningPrior(weight=0, segments=[segment])


def test_a_segment_the_prior_knows_is_routed_by_it_from_a_few_outcomes() -> None:
    history = _judged("billing", 1.0, 200) + _judged("outage", 0.0, 200)
    prior = fit_prior(history, _calls(40), _policy())
    # the traffic so far: a few judged requests, every tier right in both queues
    own = _judged("billing", 1.0, 10) + _judged("outage", 1.0, 10)
    traffic = {
        (("queue", "billing"),): {"reasoning": 10},
        (("queue", "outage"),): {"reasoning": 10},
    }
    without = fit_learned(own, _calls(40), _policy(), traffic).learned
    known = fit_learned(own, _calls(40), _policy(prior), traffic).learned
    loss = {s.when["queue"]: s.loss["small"] for s in known.segments}
    assert loss["billing"] < 0.05 and loss["outage"] > 0.9  # the prior's 200 outweigh 10
    assert {s.when["queue"]: s.outcomes for s in known.segments} == {"billing": 210, "outage": 210}
    alone = {s.when["queue"]: s.loss["small"] for s in without.segments}
    assert alone["outage"] < 0.3  # without it: what 10 outcomes say


def test_a_prior_of_other_segments_changes_nothing() -> None:
    prior = fit_prior(_judged("billing", 1.0, 200), _calls(40), _policy())
    own = _judged("sso", 0.9, 30) + _judged("export", 0.5, 30)
    traffic = {(("queue", "sso"),): {"small": 90}, (("queue", "export"),): {"reasoning": 90}}
    without = fit_learned(own, _calls(40), _policy(), traffic).learned
    known = fit_learned(own, _calls(40), _policy(prior), traffic).learned
    assert known.exchange_usd == without.exchange_usd
    assert known.quality_share == without.quality_share
    assert known.cost == without.cost  # the prior's call costs are its traffic's
    mine = {s.when["queue"]: s.loss for s in known.segments if s.when["queue"] != "billing"}
    assert mine == {s.when["queue"]: s.loss for s in without.segments}


def test_a_segment_the_prior_knows_needs_no_warm_up() -> None:
    prior = fit_prior(_judged("billing", 1.0, 50), _calls(10), _policy())
    learner = Learner()
    for outcome in _judged("other", 1.0, 30):
        learner.add_outcome(outcome)
    settings = _policy(prior).learning
    assert not learner.warming_up({"queue": "billing"}, settings)
    assert learner.warming_up({"queue": "sso"}, settings)
    assert learner.known_in({"queue": "billing"}, settings) == 50


def _served(served: dict[str, int], mid_right: float = 1.0, target: float = 0.95) -> LearnedRouting:
    """A refit on 40 judged billing requests (small right half the time, mid
    ``mid_right``), after billing was served by the tiers ``served`` counts."""
    data = _policy().model_dump(mode="json")
    data["learning"]["target_quality"] = target
    learner = Learner()
    for call in _calls(40):
        learner.add_call(call.tier, call.input_tokens, call.cost_usd)
    for outcome in _judged("billing", 0.5, 40):
        outcome.scores["mid"] = float(len(learner.outcomes) < mid_right * 40)
        learner.add_outcome(outcome)
    for tier, n in served.items():
        for _ in range(n):
            learner.saw({"queue": "billing"}, tier)
    return learner.recalibrate(Policy.model_validate(data)).fit.learned


def test_the_promise_counts_the_traffic_served_at_what_it_got() -> None:
    # 30 of 400 requests served by small, which lost half of them: 15 answers of 800
    # (the 400 served, and as many to come)
    lost = _served({"small": 30, "reasoning": 370}).quality_share
    topped = _served({"reasoning": 400}).quality_share
    assert lost is not None and topped is not None
    assert lost == pytest.approx(topped - 15 / 800, abs=0.005)
    # what the top tier served beyond what the target needs is spent on the traffic to
    # come (mid answers it, at the least rate), and what mid lost is made up (the top tier)
    spent, made_up = _served({"reasoning": 400}, 0.9, 0.9), _served({"mid": 400}, 0.9, 0.9)
    assert spent.exchange_usd < made_up.exchange_usd


@pytest.fixture(scope="module")
def history_policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A replay policy whose prior is fitted on an earlier month of the same queues."""
    tmp = tmp_path_factory.mktemp("prior")
    history = write_outcomes(tmp / "history.jsonl", segmented_rows(200, seed=1))
    policy = tmp / "with-prior.yaml"
    result = run(
        "calibrate", "--data", str(history), "--prior", "--policy", str(REPLAY_POLICY),
        "--write", str(policy),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "billing: 200 rows; loss against the top tier: small +0.000, mid +0.000" in (
        result.stdout
    )
    assert f"wrote {policy}" in result.stdout
    return policy


def test_calibrate_prior_writes_it_into_the_policy(history_policy: Path) -> None:
    data = yaml.safe_load(history_policy.read_text())
    assert data["learning"]["segment_by"] == ["category"]
    prior = data["learning"]["prior"]
    assert prior["source"] == "history.jsonl, 400 rows"
    by = {s["when"]["category"]: s for s in prior["segments"]}
    assert by["outage"]["loss"] == {"small": 1.0, "mid": 1.0}
    check = run("policy", "check", str(history_policy))
    assert check.returncode == 0, check.stdout + check.stderr


def test_replay_learn_starts_from_the_prior(tmp_path: Path, history_policy: Path) -> None:
    data = write_outcomes(tmp_path / "rows.jsonl", segmented_rows(300))

    def learn(policy: Path) -> dict:
        result = run("replay", "--data", str(data), "--policy", str(policy), "--learn", "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    cold, warm = learn(REPLAY_POLICY), learn(history_policy)
    # no warm-up per queue: fewer judged, and the target kept from the first ticket on
    # for less than learning it cold costs (the prior knows outage tickets fail on the
    # small tier: only the dearest few go there, as far as the target allows)
    assert warm["shadowed"] < cold["shadowed"]
    assert warm["whole"]["quality_share"] >= 0.95
    assert warm["whole"]["cost_share"] < cold["whole"]["cost_share"]


def test_calibrate_prior_says_what_is_wrong(tmp_path: Path) -> None:
    rows = segmented_rows(5)
    for row in rows:
        del row["category"]
    data = write_outcomes(tmp_path / "rows.jsonl", rows)
    queues = tmp_path / "queues.yaml"
    written = yaml.safe_load(DEFAULT_POLICY.read_text())
    written.setdefault("learning", {})["segment_by"] = ["queue"]
    queues.write_text(yaml.safe_dump(written))
    result = run("calibrate", "--data", str(data), "--prior", "--policy", str(queues))
    assert result.returncode != 0
    assert f"{data}:1: no 'queue' to segment by" in result.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "prompt": "x", "scores": {"small": 2}}\n')
    result = run("calibrate", "--data", str(bad), "--prior", "--policy", str(DEFAULT_POLICY))
    assert result.returncode != 0 and f"{bad}:1: scores.small" in result.stderr
    result = run("calibrate", "--prior", "--policy", str(DEFAULT_POLICY))
    assert result.returncode != 0 and "--prior fits on --data FILE" in result.stderr


def test_the_priors_segments_are_normalized_as_requests_metadata_is(tmp_path: Path) -> None:
    from router.cli.calibrate_prior import _segment

    row: dict[str, object] = {"category": " Billing ", "segment": {"queue": "SSO"}}
    segment = _segment(tmp_path / "h.jsonl", 1, row, ["category", "queue"])
    assert segment == {"category": "billing", "queue": "sso"}
