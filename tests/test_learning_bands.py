"""Segmenting by the classifier's difficulty band (``segment_by: [difficulty]``): traffic
with no category told apart by its score; the bands learned from the traffic, the
outcomes and requests counted before put into them."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from router import load_policy
from router.engine.learned import difficulty_band, segment_of
from router.learning.bands import Seen, band_cuts, rebanded_traffic
from router.learning.learner import Learner
from router.learning.outcomes import Outcome
from router.policy.base import segment_key
from router.policy.model import Policy
from tests.conftest import TIERROUTE
from tests.outcome_fixtures import difficulty_rows, write_outcomes

ROOT = Path(__file__).resolve().parent.parent
REPLAY_POLICY = ROOT / "policies" / "replay-mmlu-pro.yaml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TIERROUTE), *args], capture_output=True, text=True, timeout=300)


def _policy(**learning: object) -> Policy:
    base = load_policy(REPLAY_POLICY)
    data = base.model_dump(mode="json")
    data["learning"] = {
        "segment_by": ["difficulty"],
        "shadow": {"enabled": True},
        "recalibrate": {"enabled": True, "every": 10},
        **learning,
    }
    return base.revised(data)


def test_a_band_is_named_by_the_scores_it_holds() -> None:
    assert difficulty_band(0.1, [0.3, 0.6]) == "0-0.3"
    assert difficulty_band(0.3, [0.3, 0.6]) == "0.3-0.6"
    assert difficulty_band(0.99, [0.3, 0.6]) == "0.6-1"
    assert difficulty_band(1.0, [0.3, 0.6]) == "0.6-1"


def test_the_band_is_the_classifiers_not_the_callers_metadata() -> None:
    metadata = {"queue": " Billing ", "difficulty": "easy"}
    keys = ["queue", "difficulty"]
    assert segment_of(metadata, keys, 0.7, [0.5]) == {"queue": "billing", "difficulty": "0.5-1"}
    # bands not known yet: the request is of its queue alone
    assert segment_of(metadata, keys, 0.7, None) == {"queue": "billing"}


def test_bands_must_increase_inside_0_and_1() -> None:
    with pytest.raises(ValidationError, match="must increase"):
        _policy(difficulty_bands=[0.6, 0.3])
    with pytest.raises(ValidationError):
        _policy(difficulty_bands=[0.0, 0.5])


def test_cuts_are_quantiles_once_there_are_enough_scores() -> None:
    assert band_cuts([0.1] * 29, 3) is None
    assert band_cuts([0.5] * 100, 3) == [0.5]  # alike scores: one cut, not two equal ones
    cuts = band_cuts([i / 100 for i in range(1, 100)], 3)
    assert cuts == pytest.approx([0.3367, 0.6633], abs=1e-3)


def test_requests_counted_before_keep_their_totals_when_banded() -> None:
    key = segment_key({"queue": "billing"})
    traffic = {key: Counter({"small": 90, "reasoning": 10})}
    seen = [Seen(key, "small", 100, 0.2)] * 6 + [Seen(key, "small", 400, 0.8)] * 3
    seen += [Seen(key, "reasoning", 400, 0.8)]
    counted, lengths = rebanded_traffic(traffic, {}, seen, ["queue", "difficulty"], [0.5], 256)
    low = segment_key({"queue": "billing", "difficulty": "0-0.5"})
    high = segment_key({"queue": "billing", "difficulty": "0.5-1"})
    assert counted == {low: Counter({"small": 60}), high: Counter({"small": 30, "reasoning": 10})}
    assert list(lengths[low]) == [100] * 6 and list(lengths[high]) == [400] * 4


def _outcome(score: float, small_right: bool) -> Outcome:
    return Outcome(
        scores={"small": float(small_right), "mid": float(small_right), "reasoning": 1.0},
        input_tokens=200,
        difficulty=score,
        served="reasoning",
        routed="reasoning",
    )


def test_the_first_refit_learns_the_bands_and_routes_each_by_its_own() -> None:
    policy = _policy()
    learner = Learner()
    for i in range(300):
        easy = i % 2 == 0
        score = 0.1 + 0.2 * (i % 7) / 7 if easy else 0.7 + 0.2 * (i % 5) / 5
        learner.saw({}, "reasoning", 200, score)
        learner.add_outcome(_outcome(score, small_right=easy))
        for tier, usd in (("small", 2e-5), ("mid", 1.2e-4), ("reasoning", 5e-4)):
            learner.add_call(tier, 200, usd)
    recalibration = learner.recalibrate(policy)
    learned = recalibration.policy
    bands = learned.learning.difficulty_bands
    assert bands is not None and len(bands) == 2
    assert "difficulty bands learned, cut at" in recalibration.describe()
    # every outcome is in its band now, and so are the requests counted
    assert all("difficulty" in o.segment for o in learner.outcomes)
    assert sum(sum(c.values()) for c in learner.traffic.values()) == 300
    routing = learned.routing.learned
    assert routing is not None
    losses = {s.when["difficulty"]: s.loss["small"] for s in routing.segments}
    easiest, hardest = difficulty_band(0.1, bands), difficulty_band(0.9, bands)
    assert losses[easiest] < 0.1 < 0.9 < losses[hardest]
    # the next refit keeps them
    again = learner.recalibrate(learned)
    assert again.policy.learning.difficulty_bands == bands and not again.bands


def test_bands_the_policy_gives_are_kept() -> None:
    policy = _policy(difficulty_bands=[0.4])
    learner = Learner()
    for i in range(100):
        learner.saw({}, "reasoning", 200, i / 100)
        learner.add_outcome(_outcome(i / 100, small_right=i < 40))
        learner.add_call("reasoning", 200, 5e-4)
    recalibration = learner.recalibrate(policy)
    assert recalibration.policy.learning.difficulty_bands == [0.4]
    assert {o.segment["difficulty"] for o in learner.outcomes} == {"0-0.4", "0.4-1"}


def test_an_outcome_banded_by_other_cuts_is_put_in_its_band_by_its_score() -> None:
    learner = Learner()
    for i in range(100):
        stale = Outcome(**{**_outcome(i / 100, i < 40).__dict__, "segment": {"difficulty": "0-1"}})
        learner.add_outcome(stale)
        learner.add_call("reasoning", 200, 5e-4)
    learner.recalibrate(_policy(difficulty_bands=[0.4]))
    assert {o.segment["difficulty"] for o in learner.outcomes} == {"0-0.4", "0.4-1"}


def test_an_outcome_judged_after_the_bands_were_cut_goes_into_its_band_on_arrival() -> None:
    """A shadow judgement drawn before the first cut (its segment has no band) lands after
    it: it is counted in its band at once, not only at the next refit."""
    learner = Learner()
    for i in range(100):
        learner.add_outcome(_outcome(i / 100, i < 40))
        learner.add_call("reasoning", 200, 5e-4)
    learner.recalibrate(_policy(difficulty_bands=[0.4]))
    late = Outcome(**{**_outcome(0.9, False).__dict__, "segment": {}})
    learner.add_outcome(late)
    assert learner.outcomes[-1].segment == {"difficulty": "0.4-1"}
    assert learner.segment_outcomes({"difficulty": "0.4-1"}) == 61


@pytest.fixture(scope="module")
def banded(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list[dict], dict]:
    """``replay --learn`` on rows with no category from a policy that names no key to
    segment by: segmented by difficulty."""
    tmp = tmp_path_factory.mktemp("banded")
    data = write_outcomes(tmp / "rows.jsonl", difficulty_rows(600))
    out, written = tmp / "decisions.jsonl", tmp / "learned.yaml"
    plain = yaml.safe_load(REPLAY_POLICY.read_text())
    del plain["learning"], plain["replay"]  # no prior, no key to segment by
    policy = tmp / "plain.yaml"
    policy.write_text(yaml.safe_dump(plain))
    result = run(
        "replay", "--data", str(data), "--policy", str(policy), "--learn",
        "--out", str(out), "--learned-policy", str(written), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    decisions = [json.loads(line) for line in out.read_text().splitlines()]
    return json.loads(result.stdout), decisions, yaml.safe_load(written.read_text())


def test_replay_learn_segments_rows_with_no_category_by_difficulty(banded) -> None:
    summary, decisions, policy = banded
    assert policy["learning"]["segment_by"] == ["difficulty"]
    assert len(policy["learning"]["difficulty_bands"]) >= 1
    assert summary["difficulty_bands"] == policy["learning"]["difficulty_bands"]
    assert summary["segment_by"] == ["difficulty"]
    assert {"difficulty"} == {
        k for s in policy["routing"]["learned"]["segments"] for k in s["when"]
    }
    easy = [d for d in decisions if d["id"].startswith("easy")][150:]
    hard = [d for d in decisions if d["id"].startswith("hard")][100:]
    assert sum(d["final_tier"] == "small" for d in easy) / len(easy) > 0.8
    # the target is kept over the stream, not per row: its surplus is spent on a few
    assert sum(d["final_tier"] == "large" for d in hard) / len(hard) > 0.8
    losses = [s["loss"]["small"] for s in policy["routing"]["learned"]["segments"]]
    assert min(losses) < 0.1 and max(losses) > 0.5
    assert summary["whole"]["quality_share"] >= 0.95
    assert summary["whole"]["cost_share"] < 0.75
    assert summary["last_half"]["cost_share"] < 0.6


def test_calibrate_prior_cuts_the_bands_and_learns_each(tmp_path: Path) -> None:
    policy = tmp_path / "banded.yaml"
    written = _policy().model_dump(mode="json", exclude_none=True)
    written.pop("replay", None)
    policy.write_text(yaml.safe_dump(written))
    data = write_outcomes(tmp_path / "rows.jsonl", difficulty_rows(300))
    out = tmp_path / "prior.yaml"
    result = run("calibrate", "--data", str(data), "--policy", str(policy), "--prior",
                 "--write", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "the classifier's score cut at" in result.stdout
    learning = yaml.safe_load(out.read_text())["learning"]
    bands = learning["difficulty_bands"]
    segments = {s["when"]["difficulty"]: s["loss"]["small"] for s in learning["prior"]["segments"]}
    assert len(segments) == len(bands) + 1
    assert min(segments.values()) < 0.1 and max(segments.values()) > 0.5
    assert load_policy(out).learning.difficulty_bands == bands
