"""``learning.recalibrate.models_every``: the live service refits its classifier and its
answer model on the judged requests its decision log kept with their texts, and puts
those that do better in force with the learned routing, against the real app and a real
HTTP server standing in for the tiers."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from router.engine.learned import difficulty_band
from router.errors import PolicyError
from router.policy.loading import load_policy
from tests.decision_log_fixtures import log_judged_texts, worded_ticket
from tests.live_learning import learning_client, reloaded_after
from tools.openai_stub import StubServer


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def test_the_live_service_refits_its_models_on_the_judged_texts_it_logged(
    tmp_path: Path, stub: StubServer
) -> None:
    learning = (
        "learning:\n  segment_by: [difficulty]\n  shadow: {enabled: true, warmup: 5}\n"
        "  recalibrate: {every: 5, apply: reload, models_every: 5}\n"
        "  log: {path: decisions.jsonl, include_text: true}\n"
    )
    # what the log kept from earlier traffic: hard tickets (one product's) need mid
    log_judged_texts(tmp_path / "decisions.jsonl", 480)
    with learning_client(tmp_path, stub.base_url, learning) as client:
        services = reloaded_after(client, 5, seconds=180)  # the refits train in a thread
        policy = services.policies.current.policy
        lines = services.learning.recalibrations
        assert any(line.startswith("classifier refit on") for line in lines), lines
        assert any(line.startswith("answer model refit on") for line in lines), lines
        assert policy.routing.classifier == str(tmp_path / "policy.refit-5.classifier.json"), lines
        assert policy.escalation.answer_model == str(tmp_path / "policy.refit-5.answers.json")
        assert policy.learning.difficulty_bands and policy.routing.learned is not None
        # the learner goes on from the log's outcomes, re-scored by the new classifier
        assert len(services.learning.learner.outcomes) >= 480
        # by the new classifier's bands, a hard ticket goes past the small tier
        rng = random.Random(7)
        hard = client.post("/v1/route", json={"text": worded_ticket(rng, hard=True)}).json()
        easy = client.post("/v1/route", json={"text": worded_ticket(rng, hard=False)}).json()
        assert hard["tier"] != "small" and hard["reasons"][0]["kind"] == "learned", hard
        bands = policy.learning.difficulty_bands
        loss = {s.when["difficulty"]: s.loss["small"] for s in policy.routing.learned.segments}
        hard_band = difficulty_band(hard["score"], bands)
        assert loss[hard_band] > 0.5 > 0.2 > loss[difficulty_band(easy["score"], bands)], loss


def test_refitting_the_models_live_needs_the_texts_kept(tmp_path: Path, stub: StubServer) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "name: no-texts\nlearning:\n  recalibrate: {models_every: 100}\n"
        "  log: {include_text: false}\n"
    )
    with pytest.raises(PolicyError, match=r"set learning\.log\.include_text: true"):
        load_policy(policy)
