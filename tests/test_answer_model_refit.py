"""`tierroute calibrate --from-log --refit-answer-model`: an answer model refitted on the
judged answers the decision log kept, adopted only where it tells held-out answers the
next tier improves on better than the answer model in use."""

from __future__ import annotations

import random
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from classifiers.answers.model import load_answer_scorer
from tests.conftest import TIERROUTE
from tests.decision_log_fixtures import (
    COMMITTED,
    HEDGED,
    calibrate_from_log,
    log_judged,
    log_judged_texts,
    logged_policy,
    record,
    worded_ticket,
)  # fmt: skip
from tools.openai_stub import StubServer


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def _refit(policy: Path, out: Path, model: Path) -> subprocess.CompletedProcess[str]:
    return calibrate_from_log(policy, "--write", str(out), "--refit-answer-model", str(model))


def test_an_answer_model_refit_is_adopted_where_none_told_the_answers_apart(
    tmp_path: Path, stub: StubServer
) -> None:
    policy = logged_policy(tmp_path, stub.base_url)
    log_judged_texts(tmp_path / "decisions.jsonl", 400)
    out, model = tmp_path / "learned.yaml", tmp_path / "answers.json"
    done = _refit(policy, out, model)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "answer model refit on" in done.stdout and "adopted" in done.stdout, done.stdout
    assert "against 0.500" in done.stdout  # no answer model in use: no better than chance
    assert "until escalation.signals includes answer_gain" in done.stdout
    written = yaml.safe_load(out.read_text())
    assert written["escalation"]["answer_model"] == str(model.resolve())
    # the refit expects the mid tier to do better on a hedged answer than a committed one
    scorer = load_answer_scorer(model)
    prompt = worded_ticket(random.Random(1), hard=False)
    assert scorer.expected_gain("small", prompt, HEDGED) > 0.5
    assert scorer.expected_gain("small", prompt, COMMITTED) < 0.2
    # refitted again against the model it wrote, on the same log: no better, so kept
    again = _refit(out, tmp_path / "again.yaml", tmp_path / "again.json")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "kept the answer model in use" in again.stdout, again.stdout
    assert not (tmp_path / "again.json").exists()
    kept = yaml.safe_load((tmp_path / "again.yaml").read_text())
    assert (tmp_path / kept["escalation"]["answer_model"]).resolve() == model.resolve()


def test_an_answer_model_refit_needs_the_answers_kept(tmp_path: Path, stub: StubServer) -> None:
    policy = logged_policy(tmp_path, stub.base_url)
    log_judged(tmp_path / "decisions.jsonl", [(record(i), 1.0) for i in range(300)])
    done = _refit(policy, tmp_path / "learned.yaml", tmp_path / "answers.json")
    assert done.returncode != 0
    assert "0 judged requests with their prompt and answers" in done.stderr
    assert "learning.log.include_text" in done.stderr
    assert not (tmp_path / "answers.json").exists()


def test_refit_options_need_the_log() -> None:
    done = subprocess.run(
        [str(TIERROUTE), "calibrate", "--data", "x.jsonl", "--refit-answer-model", "a.json"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--refit-answer-model refits on the decision log: add --from-log" in done.stderr
