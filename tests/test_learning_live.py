"""Learning while serving, against the real app and a real HTTP server standing in for
the tiers: shadow judging after the caller has its answer, its daily budget, and
recalibration every N outcomes, hot-reloaded or written for review."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from router.api.app import create_app
from router.api.services import services_of
from router.api.settings import ServiceSettings
from router.stores.redis import RedisSettings
from tests.conftest import TIERROUTE
from tests.live_learning import (
    QUESTION,
    ask,
    judged_once,
    learning_client,
    reloaded_after,
    tier_yaml,
    wait_until,
)  # fmt: skip
from tools.openai_stub import StubServer


def test_shadow_judging_runs_after_the_caller_has_its_answer(
    tmp_path: Path, stub: StubServer
) -> None:
    learning = (
        "learning:\n  segment_by: [queue]\n  shadow: {enabled: true, warmup: 5, serve_top: false}\n"
    )
    with learning_client(tmp_path, stub.base_url, learning, slow=400) as client:
        body, seconds, unjudged, outcome = judged_once(client, forced="small")
        # the caller got the small tier's answer without waiting for the slow other tiers
        assert body["choices"][0]["message"]["content"] == "The answer is (A)."
        assert seconds < unjudged + 0.2 < 0.4
        # closed-form: compared exactly with the top tier's final answer
        assert dict(outcome.scores) == {"small": 0.0, "mid": 1.0, "reasoning": 1.0}
        assert outcome.served == "small"
        assert outcome.segment == {"queue": "sso"}
        metrics = client.get("/metrics").text
        assert 'tierroute_shadow_requests_total{outcome="judged"} 1.0' in metrics
        assert 'tierroute_shadow_cost_usd_total{tier="mid"}' in metrics


def test_a_judged_request_is_answered_by_the_top_tier_and_the_routed_one_is_judged(
    tmp_path: Path, stub: StubServer
) -> None:
    """``shadow.serve_top`` (the default): the top tier must answer a judged request for
    the judge anyway, so the caller gets its answer; the tier routing chose and the others
    answer after, off the request path (here they are the slow ones). What answering with
    the top tier cost over the routed tier is learning's, in the shadow spend."""
    learning = "learning:\n  segment_by: [queue]\n  shadow: {enabled: true, warmup: 5}\n"
    with learning_client(
        tmp_path, stub.base_url, learning, slow=400, slow_tiers=("small", "mid"), top_price=10.0
    ) as client:
        body, seconds, unjudged, outcome = judged_once(client, forced="reasoning")
        assert body["choices"][0]["message"]["content"] == "The answer is (C)."
        assert seconds < unjudged + 0.2 < 0.4
        assert dict(outcome.scores) == {"small": 0.0, "mid": 1.0, "reasoning": 1.0}
        assert outcome.served == "reasoning" and outcome.routed == "small"
        metrics = client.get("/metrics").text
        assert 'tierroute_shadow_cost_usd_total{tier="small"}' in metrics
        assert 'tierroute_shadow_cost_usd_total{tier="reasoning"}' in metrics  # the premium


def test_where_texts_are_kept_every_judged_answer_is_logged_and_exported(
    tmp_path: Path, stub: StubServer
) -> None:
    """``log.include_text``: the shadow tiers' answers are kept with their verdicts, so
    ``log export --format outcomes`` writes them as ``responses`` (what an answer model is
    trained on); without it, no text is kept."""
    learning = (
        "learning:\n  segment_by: [queue]\n  shadow: {enabled: true, warmup: 5}\n"
        "  log: {path: decisions.jsonl, include_text: true}\n"
    )
    with learning_client(tmp_path, stub.base_url, learning) as client:
        judged_once(client, forced="reasoning")
    policy = tmp_path / "policy.yaml"
    exported = subprocess.run(
        [str(TIERROUTE), "log", "export", "--policy", str(policy), "--format", "outcomes"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    (row,) = [json.loads(line) for line in exported.stdout.splitlines()]
    assert row["prompt"] == QUESTION
    assert row["scores"] == {"small": 0.0, "mid": 1.0, "large": 1.0}
    assert row["responses"] == {
        "small": "The answer is (A).", "mid": "The answer is (C).", "large": "The answer is (C).",
    }  # fmt: skip
    kept = (tmp_path / "decisions.jsonl").read_text()
    (tmp_path / "decisions.jsonl").unlink()
    with learning_client(tmp_path, stub.base_url, learning.replace("true}", "false}")) as client:
        judged_once(client, forced="reasoning")
    assert "The answer is" in kept
    assert "The answer is" not in (tmp_path / "decisions.jsonl").read_text()


def test_the_daily_budget_stops_shadow_calls(tmp_path: Path, stub: StubServer) -> None:
    learning = "learning:\n  shadow: {enabled: true, daily_budget_usd: 0.0000001}\n"
    before = stub.counts().get("answer-C", 0)
    with learning_client(tmp_path, stub.base_url, learning) as client:
        services = services_of(client.app)  # type: ignore[arg-type]
        assert services is not None
        for _ in range(3):
            ask(client)
        time.sleep(0.2)
        assert services.learning.judged == 0
        assert services.learning.spent_today() == 0.0
        assert (
            'tierroute_shadow_requests_total{outcome="over_budget"} 3.0'
            in client.get("/metrics").text
        )
    assert stub.counts().get("answer-C", 0) == before


def test_recalibration_hot_reloads_the_learned_routing(tmp_path: Path, stub: StubServer) -> None:
    learning = (
        "learning:\n  segment_by: [queue]\n  shadow: {enabled: true, warmup: 5}\n"
        "  recalibrate: {every: 5, apply: reload}\n"
    )
    with learning_client(tmp_path, stub.base_url, learning) as client:
        services = reloaded_after(client, 5)
        policy = services.policies.current.policy
        assert policy.routing.learned is not None
        assert policy.routing.learned.outcomes == 5
        assert services.learning.recalibrations[0].startswith("recalibrated on 5 outcomes")
        # the small tier was always wrong here: the next request goes to a tier that is not
        decided = client.post(
            "/v1/route", json={"text": QUESTION, "metadata": {"queue": "sso"}}
        ).json()
        assert decided["tier"] != "small"
        assert decided["reasons"][0]["kind"] == "learned"
        body, _ = ask(client)
        assert body["choices"][0]["message"]["content"] == "The answer is (C)."
        assert 'tierroute_recalibrations_total{applied="reload"}' in client.get("/metrics").text
        # shadow spend is in the spend ledger under its own tenant
        today = dt.datetime.now(dt.UTC).date().isoformat()
        spend = client.get("/v1/spend", params={"day": today}).json()
        assert sum(t["cost_usd"] for t in spend["tenants"]["shadow"].values()) > 0


def test_the_live_service_learns_difficulty_bands_and_logs_each_requests_band(
    tmp_path: Path, stub: StubServer
) -> None:
    learning = (
        "learning:\n  segment_by: [queue, difficulty]\n  difficulty_band_count: 2\n"
        "  shadow: {enabled: true, warmup: 5}\n  recalibrate: {every: 5, apply: reload}\n"
        "  log: {path: decisions.jsonl}\n"
    )
    with learning_client(tmp_path, stub.base_url, learning) as client:
        services = services_of(client.app)  # type: ignore[arg-type]
        assert services is not None
        for _ in range(40):
            ask(client)
            if services.policies.current.policy.learning.difficulty_bands:
                break
        wait_until(lambda: bool(services.policies.current.policy.learning.difficulty_bands))
        policy = services.policies.current.policy
        bands = policy.learning.difficulty_bands
        assert any("difficulty bands learned" in line for line in services.learning.recalibrations)
        wait_until(lambda: policy.routing.learned is not None)
        # the learner's outcomes are in their bands; new requests are logged with theirs
        assert all("difficulty" in o.segment for o in services.learning.learner.outcomes)
        body, _ = ask(client)
        request_id = body["id"]
        logged = (tmp_path / "decisions.jsonl").read_text().splitlines()
        records = [json.loads(line) for line in logged if '"decided_tier"' in line]
        assert records[-1]["segment"]["queue"] == "sso"
        assert records[-1]["segment"]["difficulty"].count("-") == 1, records[-1]["segment"]
        assert bands is not None and request_id


def test_a_prior_in_the_policy_counts_at_every_refit(tmp_path: Path, stub: StubServer) -> None:
    """``learning.prior`` (as ``calibrate --prior`` writes it): a queue it knows needs no
    warm-up, and the refit counts its outcomes beside the traffic's own."""
    learning = (
        "learning:\n  segment_by: [queue]\n  shadow: {enabled: true, warmup: 5}\n"
        "  recalibrate: {every: 5, apply: reload}\n"
        "  prior:\n    source: last month\n    segments:\n"
        "      - {when: {queue: sso}, outcomes: 200, top_score: 1.0,\n"
        "         loss: {small: 0.0, mid: 0.0}}\n"
    )
    with learning_client(tmp_path, stub.base_url, learning, top_price=5.0) as client:
        services = reloaded_after(client, 5)
        assert services.learning.recalibrations[0].startswith(
            "recalibrated on 5 outcomes (and 200 known before, in the prior)"
        )
        policy = services.policies.current.policy
        assert policy.routing.learned is not None
        sso = next(s for s in policy.routing.learned.segments if s.when == {"queue": "sso"})
        assert sso.outcomes == 205
        learner = services.learning.learner
        assert not learner.warming_up({"queue": "sso"}, policy.learning)
        assert learner.warming_up({"queue": "billing"}, policy.learning)
        # the five judged here found the small tier wrong; the prior's 200 found it right,
        # and outweigh them (a queue it does not know goes by the five alone)
        assert sso.loss["small"] < 0.1
        assert policy.routing.learned.loss["small"] > 0.5


def test_recalibration_learns_which_escalations_pay(tmp_path: Path, stub: StubServer) -> None:
    """The small tier says it does not know, and the policy does not escalate on that;
    judging shows mid answers right there, so the refit turns the signal on for small."""
    learning = (
        "learning:\n  shadow: {enabled: true, warmup: 10, serve_top: false}\n"
        "  recalibrate: {every: 10, apply: reload}\n"
    )
    escalation = "{max_steps: 1, signals: []}"
    with learning_client(
        tmp_path, stub.base_url, learning, small="refuse", escalation=escalation
    ) as client:
        services = reloaded_after(client, 10)
        first = services.learning.learner.outcomes[0]
        # the served answer's signals come from the exchange, the others' from judging
        assert dict(first.signals) == {"small": ("refusal",), "mid": (), "reasoning": ()}
        assert (
            "small on refusal: escalate (the next tier +1.00 on 10 judged)"
            in (services.learning.recalibrations[0])
        )
        learned = services.policies.current.policy.routing.learned
        assert learned is not None
        assert learned.escalation["small"]["refusal"].escalate


@pytest.mark.parametrize(
    ("signals", "escalate"),
    [([], True), (["refusal"], False)],
    ids=["learned-on", "learned-off"],
)
def test_learned_escalation_applies_to_requests(
    tmp_path: Path, stub: StubServer, signals: list[str], escalate: bool
) -> None:
    """A learned signal escalates a tier's answers though the policy leaves it off, and
    one learned not to pay does not, though the policy turns it on."""
    policy = tmp_path / "policy.yaml"
    learned = {
        "exchange_usd": 1.0,
        "loss": {"small": 0.0, "mid": 0.0},
        "escalation": {"small": {"refusal": {"escalate": escalate, "gain": 0.5, "outcomes": 9}}},
    }
    policy.write_text(
        "name: learned-escalation\ntiers:\n  small:\n"
        + tier_yaml("refuse", stub.base_url, 0.1)
        + "  mid:\n"
        + tier_yaml("answer-C", stub.base_url)
        + "  reasoning:\n"
        + tier_yaml("answer-C", stub.base_url, 10.0)
        + "routing:\n  thresholds: {mid: 0.99, reasoning: 1.0}\n"
        + f"  learned: {json.dumps(learned)}\n"
        + f"escalation: {{max_steps: 1, signals: {json.dumps(signals)}}}\n"
        + "cache: {enabled: false}\n"
    )
    with TestClient(create_app(ServiceSettings(policy=policy, warm_models=False))) as client:
        response = client.post(
            "/v1/chat/completions",
            json={"model": "auto", "messages": [{"role": "user", "content": QUESTION}]},
        )
    assert response.status_code == 200, response.text
    content = response.json()["choices"][0]["message"]["content"]
    if escalate:
        assert content == "The answer is (C)."  # mid's, after small refused
        assert response.headers["x-tierroute-tier"] == "mid"
        assert response.headers["x-tierroute-escalations"] == "1"
    else:
        assert content != "The answer is (C)."  # small's own answer stands
        assert response.headers["x-tierroute-tier"] == "small"


def test_recalibration_for_review_writes_the_policy_and_keeps_serving(
    tmp_path: Path, stub: StubServer
) -> None:
    review = tmp_path / "review.yaml"
    learning = (
        "learning:\n  shadow: {enabled: true, warmup: 3}\n"
        f"  recalibrate: {{every: 3, apply: review, review_path: {review}}}\n"
    )
    with learning_client(tmp_path, stub.base_url, learning) as client:
        services = services_of(client.app)  # type: ignore[arg-type]
        assert services is not None
        version = services.policies.current.policy.version
        for _ in range(3):
            ask(client)
        wait_until(review.exists)
        assert services.policies.current.policy.version == version
        assert "learned:" in review.read_text()


def test_the_daily_budget_is_shared_by_processes_on_one_redis(
    tmp_path: Path, stub: StubServer, redis_url: str
) -> None:
    """Two replicas on one Redis: together they spend no more than one day's shadow
    budget, each judge job reserving what it may cost before its first call (each alone
    would have spent its own budget)."""
    policy = tmp_path / "policy.yaml"
    dear = (
        "    price: {input_per_mtok: 1000.0, output_per_mtok: 2000.0}\n"
        "    max_input_tokens: 4000\n    max_output_tokens: 64\n"
    )
    tiers = "".join(
        f"  {name}:\n    model: openai/{model}\n    api_base: {stub.base_url}\n" + dear
        for name, model in (("small", "answer-A"), ("mid", "answer-C"), ("reasoning", "answer-C"))
    )
    policy.write_text(
        f"name: shared-budget\ntiers:\n{tiers}"
        "routing:\n  thresholds: {mid: 0.99, reasoning: 1.0}\n"
        "escalation:\n  max_steps: 0\n  signals: []\n"
        "  expected_output_tokens: {small: 8, mid: 8, reasoning: 8}\n"
        "cache: {enabled: false}\n"
        "learning:\n  shadow: {enabled: true, warmup: 1000, daily_budget_usd: 0.6}\n"
    )
    settings = ServiceSettings(policy=policy, warm_models=False, redis=RedisSettings(url=redis_url))
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two:
        loops = [services_of(c.app).learning for c in (one, two)]  # type: ignore[arg-type, union-attr]
        for _ in range(8):
            for client in (one, two):
                ask(client)
                time.sleep(0.05)  # the job starts (and reserves) before the next request
        wait_until(lambda: all(loop._queue.empty() for loop in loops))
        time.sleep(0.3)
        spent = sum(loop.budget.spent_usd for loop in loops)
        judged = sum(loop.judged for loop in loops)
        job_cost = spent / judged
        # alone, each replica would have judged all 8 of its requests within its own 0.6
        assert 8 * job_cost <= 0.6 < 16 * job_cost, job_cost
        assert 2 <= judged < 16 and spent <= 0.6, (judged, spent)
        refused = [
            'tierroute_shadow_requests_total{outcome="over_budget"}' in c.get("/metrics").text
            for c in (one, two)
        ]
        assert any(refused), refused


def test_feedback_on_an_answer_reaches_the_learner(tmp_path: Path, stub: StubServer) -> None:
    """Feedback by request id becomes an outcome of the tier that answered, in its
    segment, for the next refit (shadow judging off: it is learned all the same)."""
    learning = "learning:\n  segment_by: [queue]\n"
    with learning_client(tmp_path, stub.base_url, learning) as client:
        services = services_of(client.app)  # type: ignore[arg-type]
        assert services is not None
        response = client.post(
            "/v1/chat/completions",
            json={
                "model": "auto",
                "messages": [{"role": "user", "content": QUESTION}],
                "metadata": {"queue": "sso"},
            },
        )
        request_id = response.headers["x-request-id"]
        kept = client.post(
            "/v1/feedback", json={"request_id": request_id, "kind": "csat", "value": 4}
        )
        assert kept.status_code == 200, kept.text
        outcome = services.learning.learner.outcomes[-1]
        assert dict(outcome.scores) == {"small": 0.75}
        assert outcome.served == "small" and outcome.segment == {"queue": "sso"}
        assert services.learning.learner.segment_outcomes({"queue": "sso"}) == 0


def test_a_conversation_judged_on_the_top_tier_goes_on_from_the_routed_tier(
    tmp_path: Path, stub: StubServer
) -> None:
    """The top tier answered a judged turn for the judge; the conversation is not moved
    to the top tier for it, nor to the tiers that answered in the shadow: it goes on
    where routing put it."""
    learning = "learning:\n  shadow: {enabled: true, warmup: 5}\n"
    named = {"x-tierroute-session": "ticket-judged"}
    with learning_client(tmp_path, stub.base_url, learning) as client:
        response = client.post(
            "/v1/chat/completions",
            json={"model": "auto", "messages": [{"role": "user", "content": QUESTION}]},
            headers=named,
        )
        assert response.status_code == 200, response.text
        assert response.headers["x-tierroute-tier"] == "reasoning"
        services = services_of(client.app)  # type: ignore[arg-type]
        assert services is not None
        wait_until(lambda: services.learning.judged == 1)  # small and mid answered too
        body = {"messages": [{"role": "user", "content": "And a second question"}]}
        decided = client.post("/v1/route", json=body, headers=named).json()
        assert decided["tier"] == "small", decided
