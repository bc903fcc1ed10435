"""`tierroute calibrate --from-log`: the learned routing fitted on the decision log's
outcomes (segments, difficulty bands), and a classifier refitted on its judged prompts,
adopted only where it does better."""

from __future__ import annotations

import json
import os
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TIERROUTE
from tests.decision_log_fixtures import calibrate_from_log, worded_ticket
from tests.decision_log_fixtures import log_judged as _log_judged
from tests.decision_log_fixtures import logged_policy as _policy
from tests.decision_log_fixtures import record as _record
from tools.openai_stub import StubServer


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def _calibrate_from_log(policy: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return calibrate_from_log(policy, "--write", str(out), timeout=60)


def test_calibrate_from_log_learns_difficulty_bands_from_the_logged_scores(
    tmp_path: Path, stub: StubServer
) -> None:
    policy = _policy(tmp_path, stub.base_url)
    policy.write_text(policy.read_text().replace("segment_by: [queue]", "segment_by: [difficulty]"))
    judged = []
    for i in range(120):
        easy = i % 2 == 0
        score = 0.1 + i / 1000 if easy else 0.8 + i / 1000
        judged.append((_record(i).model_copy(update={"score": score}), float(easy)))
    _log_judged(tmp_path / "decisions.jsonl", judged)
    out = tmp_path / "learned.yaml"
    done = _calibrate_from_log(policy, out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "difficulty bands learned, cut at" in done.stdout
    import yaml

    written = yaml.safe_load(out.read_text())
    bands = written["learning"]["difficulty_bands"]
    segments = {
        s["when"]["difficulty"]: s["loss"]["small"]
        for s in written["routing"]["learned"]["segments"]
    }
    assert len(segments) == len(bands) + 1
    assert min(segments.values()) < 0.1 < 0.5 < max(segments.values())


def test_calibrate_from_log_refits_the_classifier_where_it_tells_requests_apart_better(
    tmp_path: Path, stub: StubServer
) -> None:
    policy = _policy(tmp_path, stub.base_url)
    policy.write_text(policy.read_text().replace("segment_by: [queue]", "segment_by: [difficulty]"))
    judged, rng = [], random.Random(0)
    for i in range(480):
        hard = i % 3 == 0
        prompt = worded_ticket(rng, hard)
        judged.append((_record(i).model_copy(update={"prompt": prompt}), float(not hard)))
    _log_judged(tmp_path / "decisions.jsonl", judged)
    out, classifier = tmp_path / "learned.yaml", tmp_path / "refit.json"
    done = calibrate_from_log(policy, "--write", str(out), "--refit-classifier", str(classifier))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "adopted" in done.stdout and classifier.exists(), done.stdout
    import yaml

    written = yaml.safe_load(out.read_text())
    assert written["routing"]["classifier"] == str(classifier.resolve())
    segments = {
        s["when"]["difficulty"]: s["loss"]["small"]
        for s in written["routing"]["learned"]["segments"]
    }
    assert min(segments.values()) < 0.1 < 0.5 < max(segments.values())
    # the written policy routes by the refit: a hard ticket goes past the small tier
    routed = subprocess.run(
        [str(TIERROUTE), "route", "--policy", str(out), "--json", worded_ticket(rng, hard=True)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert routed.returncode == 0, routed.stderr
    assert json.loads(routed.stdout)["tier"] != "small"


def test_a_classifier_refit_needs_judged_prompts(tmp_path: Path, stub: StubServer) -> None:
    policy = _policy(tmp_path, stub.base_url)
    policy.write_text(policy.read_text().replace("segment_by: [queue]", "segment_by: [difficulty]"))
    _log_judged(tmp_path / "decisions.jsonl", [(_record(i), 1.0) for i in range(50)])
    done = calibrate_from_log(policy, "--refit-classifier", str(tmp_path / "refit.json"))
    assert done.returncode != 0
    assert "0 judged requests with their prompts" in done.stderr
    assert "learning.log.include_text" in done.stderr
    assert not (tmp_path / "refit.json").exists()


def test_calibrate_from_log_fits_the_learned_routing(tmp_path: Path, stub: StubServer) -> None:
    policy = _policy(tmp_path, stub.base_url)
    judged = []
    for i in range(120):
        queue = "billing" if i % 2 else "outage"
        record = _record(i).model_copy(
            update={"segment": {"queue": queue}, "input_tokens": 200, "cost_usd": 1e-4}
        )
        judged.append((record, 1.0 if queue == "billing" else 0.0))
    _log_judged(tmp_path / "decisions.jsonl", judged)
    out = tmp_path / "learned.yaml"
    done = _calibrate_from_log(policy, out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "120 requests with outcomes; recalibrated on 120 outcomes" in done.stdout
    import yaml

    learned = yaml.safe_load(out.read_text())["routing"]["learned"]
    segments = {s["when"]["queue"]: s["loss"]["small"] for s in learned["segments"]}
    assert segments["billing"] < 0.1 < 0.5 < segments["outage"]
    check = subprocess.run(
        [str(TIERROUTE), "policy", "check", str(out)], capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0, check.stdout + check.stderr
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    both = subprocess.run(
        [str(TIERROUTE), "calibrate", "--from-log", "--data", "x", "--policy", str(policy)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert both.returncode != 0 and "not both" in both.stderr
