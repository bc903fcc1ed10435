"""Fallbacks and escalation against a real HTTP server that fails on purpose."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from router.api.app import create_app
from router.api.settings import ServiceSettings
from tools.openai_stub import StubServer


def tier(model: str, base: str, *, timeout: float = 5, fallbacks: str = "", extra: str = "") -> str:
    return (
        f"    model: openai/{model}\n    api_base: {base}\n    timeout_s: {timeout}\n"
        f"    price: {{input_per_mtok: 1.0, output_per_mtok: 2.0}}\n"
        f"    max_input_tokens: 4000\n    max_output_tokens: 64\n{extra}{fallbacks}"
    )


def fallback(model: str, base: str, timeout: float = 5) -> str:
    return (
        f"      - model: openai/{model}\n        api_base: {base}\n        timeout_s: {timeout}\n"
    )


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def client_for(
    tmp_path: Path,
    small: str,
    mid: str,
    reasoning: str,
    escalation: str = "escalation: {max_steps: 2, signals: [length, refusal]}\n",
) -> TestClient:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "name: stub\ntiers:\n  small:\n"
        + small
        + "  mid:\n"
        + mid
        + "  reasoning:\n"
        + reasoning
        + "routing:\n  thresholds: {mid: 0.99, reasoning: 1.0}\n"
        + escalation
    )
    return TestClient(create_app(ServiceSettings(policy=policy, warm_models=False)))


def ask(client: TestClient, model: str = "auto") -> dict:  # type: ignore[type-arg]
    response = client.post(
        "/v1/chat/completions",
        json={
            "model": model,
            "messages": [{"role": "user", "content": "How do I reset my password?"}],
        },
    )
    return {"status": response.status_code, "headers": response.headers, "body": response.json()}


def test_500_then_fallback_then_escalation_on_length(tmp_path: Path, stub: StubServer) -> None:
    base = stub.base_url
    small = tier("fail500", base, fallbacks="    fallbacks:\n" + fallback("length", base))
    with client_for(tmp_path, small, tier("ok-mid", base), tier("ok-top", base)) as client:
        got = ask(client)
    assert got["status"] == 200
    assert got["headers"]["x-tierroute-tier"] == "mid"
    assert got["headers"]["x-tierroute-escalations"] == "1"
    assert got["headers"]["x-tierroute-path"] == "small>mid"
    body = got["body"]
    assert body["choices"][0]["message"]["content"] == "stub answer from ok-mid"
    assert body["tierroute"]["escalations"] == ["small->mid: length"]
    assert body["tierroute"]["called"] == ["small", "mid"]
    # a cascade pays for every call that answered: length (11 in, 7 out) + ok-mid (11, 7)
    assert body["tierroute"]["cost_usd"] == pytest.approx(2 * (11 * 1.0 + 7 * 2.0) / 1e6)
    usage = {k: body["usage"][k] for k in ("prompt_tokens", "completion_tokens", "total_tokens")}
    assert usage == {"prompt_tokens": 22, "completion_tokens": 14, "total_tokens": 36}


def test_timeout_then_next_tier_and_refusal_escalates(tmp_path: Path, stub: StubServer) -> None:
    base = stub.base_url
    small = tier("slow", base, timeout=1)
    with client_for(tmp_path, small, tier("refuse", base), tier("ok-top", base)) as client:
        got = ask(client)
    assert got["status"] == 200
    assert got["headers"]["x-tierroute-tier"] == "reasoning"
    assert got["body"]["tierroute"]["escalations"] == ["mid->reasoning: refusal"]
    assert got["body"]["tierroute"]["called"] == ["small", "mid", "reasoning"]


def test_everything_fails_is_a_clean_503(tmp_path: Path, stub: StubServer) -> None:
    base = stub.base_url
    bad = tier("fail500", base)
    with client_for(tmp_path, bad, bad, tier("slow", base, timeout=1)) as client:
        got = ask(client)
    assert got["status"] == 503
    message = got["body"]["error"]["message"]
    assert message.startswith("every deployment failed (small/openai/fail500: BackendError")
    assert "reasoning/openai/slow: BackendTimeout" in message


def test_forced_tier_does_not_escalate(tmp_path: Path, stub: StubServer) -> None:
    base = stub.base_url
    with client_for(
        tmp_path, tier("ok-small", base), tier("length", base), tier("ok-top", base)
    ) as client:
        got = ask(client, model="mid")
    assert got["status"] == 200
    assert got["headers"]["x-tierroute-tier"] == "mid"
    assert got["body"]["choices"][0]["finish_reason"] == "length"
    assert got["body"]["tierroute"]["escalations"] == []


def test_streaming_through_litellm_backend(tmp_path: Path, stub: StubServer) -> None:
    base = stub.base_url
    with (
        client_for(
            tmp_path,
            tier("ok-small", base),
            tier("ok-mid", base),
            tier("ok-top", base),
            escalation="escalation: {max_steps: 0}\n",
        ) as client,
        client.stream(
            "POST",
            "/v1/chat/completions",
            json={"model": "auto", "stream": True, "messages": [{"role": "user", "content": "hi"}]},
        ) as response,
    ):
        assert response.status_code == 200, response.read()
        assert response.headers["x-tierroute-tier"] == "small"
        text = "".join(response.iter_text())
    assert "stub" in text and "from" in text and text.rstrip().endswith("data: [DONE]")


def test_low_logprob_escalates(tmp_path: Path, stub: StubServer) -> None:
    base = stub.base_url
    escalation = "escalation: {max_steps: 1, signals: [low_logprob], min_mean_logprob: -2.0}\n"
    with client_for(
        tmp_path,
        tier("lowconf", base),
        tier("ok-mid", base),
        tier("ok-top", base),
        escalation=escalation,
    ) as client:
        got = ask(client)
    assert got["body"]["tierroute"]["escalations"] == ["small->mid: low_logprob"]
    asked = [b for b in stub.bodies if b["model"] == "lowconf"]
    assert asked and asked[-1]["logprobs"] is True


def test_failed_json_schema_escalates(tmp_path: Path, stub: StubServer) -> None:
    base = stub.base_url
    schema = {
        "type": "json_schema",
        "json_schema": {"name": "a", "schema": {"type": "object", "required": ["answer"]}},
    }
    with client_for(
        tmp_path,
        tier("notjson", base),
        tier("json", base),
        tier("ok-top", base),
        escalation="escalation: {max_steps: 1, signals: [schema]}\n",
    ) as client:
        response = client.post(
            "/v1/chat/completions",
            json={
                "model": "auto",
                "response_format": schema,
                "messages": [{"role": "user", "content": "Answer in JSON"}],
            },
        )
    body = response.json()
    assert body["tierroute"]["escalations"] == ["small->mid: schema"]
    assert body["choices"][0]["message"]["content"] == '{"answer": "yes"}'


def test_reasoning_budget_only_for_models_that_take_it(tmp_path: Path, stub: StubServer) -> None:
    base = stub.base_url
    effort = "    reasoning: {effort: high}\n"
    top = tier("o3-mini", base, extra=effort)
    with client_for(
        tmp_path, tier("ok-small", base, extra=effort), tier("ok-mid", base), top
    ) as client:
        ask(client, model="reasoning")
        ask(client, model="small")
    by_model = {b["model"]: b for b in stub.bodies}
    assert by_model["o3-mini"]["reasoning_effort"] == "high"
    assert "reasoning_effort" not in by_model["ok-small"]
    assert by_model["ok-small"]["max_tokens"] == 64


def test_max_tokens_is_clamped_to_the_tier_budget(tmp_path: Path, stub: StubServer) -> None:
    base = stub.base_url
    with client_for(
        tmp_path, tier("clamp-small", base), tier("ok-mid", base), tier("ok-top", base)
    ) as client:
        client.post(
            "/v1/chat/completions",
            json={
                "model": "small",
                "max_tokens": 5000,
                "messages": [{"role": "user", "content": "hi"}],
            },
        )
    assert [b["max_tokens"] for b in stub.bodies if b["model"] == "clamp-small"] == [64]


def test_a_trickling_server_is_cut_off_by_the_total_timeout(
    tmp_path: Path, stub: StubServer
) -> None:
    base = stub.base_url
    small = tier("trickle", base, timeout=2, fallbacks="    fallbacks:\n" + fallback("ok-fb", base))
    with client_for(tmp_path, small, tier("ok-mid", base), tier("ok-top", base)) as client:
        started = time.monotonic()
        got = ask(client)
        whole = time.monotonic() - started
        assert got["status"] == 200
        assert got["body"]["choices"][0]["message"]["content"] == "stub answer from ok-fb"
        assert whole < 8
        started = time.monotonic()
        with client.stream(
            "POST",
            "/v1/chat/completions",
            json={
                "model": "small",
                "stream": True,
                "messages": [{"role": "user", "content": "hi"}],
            },
        ) as response:
            text = "".join(response.iter_text())
        assert time.monotonic() - started < 8
    assert '"type": "BackendTimeout"' in text and '"code": 504' in text
    assert text.rstrip().endswith("data: [DONE]")


def test_length_cut_by_the_callers_max_tokens_does_not_escalate(
    tmp_path: Path, stub: StubServer
) -> None:
    base = stub.base_url
    with client_for(
        tmp_path, tier("length", base), tier("ok-mid", base), tier("ok-top", base)
    ) as client:
        capped = client.post(
            "/v1/chat/completions",
            json={
                "model": "auto",
                "max_tokens": 8,
                "messages": [{"role": "user", "content": "hi"}],
            },
        )
        budget = ask(client)
    assert capped.json()["tierroute"]["escalations"] == []
    assert budget["body"]["tierroute"]["escalations"] == ["small->mid: length"]


def test_input_over_a_reject_budget_goes_to_a_tier_it_fits(
    tmp_path: Path, stub: StubServer
) -> None:
    base = stub.base_url
    tight = tier("ok-small", base).replace("max_input_tokens: 4000", "max_input_tokens: 20")
    with client_for(tmp_path, tight, tier("ok-mid", base), tier("ok-top", base)) as client:
        long = " ".join(["word"] * 200)
        routed = client.post(
            "/v1/chat/completions",
            json={"model": "auto", "messages": [{"role": "user", "content": long}]},
        )
        forced = client.post(
            "/v1/chat/completions",
            json={"model": "small", "messages": [{"role": "user", "content": long}]},
        )
    assert routed.status_code == 200 and routed.headers["x-tierroute-tier"] == "mid"
    assert forced.status_code == 413
    assert (
        "tier 'small' allows 20 (tiers.small.max_input_tokens); shorten it by"
        in (forced.json()["error"]["message"])
    )


def test_stream_keeps_the_answer_when_the_escalation_target_fails(
    tmp_path: Path, stub: StubServer
) -> None:
    base = stub.base_url
    bad = tier("fail500", base)
    with client_for(tmp_path, tier("length", base), bad, bad) as client:
        whole = ask(client)
        with client.stream(
            "POST",
            "/v1/chat/completions",
            json={
                "model": "auto",
                "stream": True,
                "messages": [{"role": "user", "content": "How do I reset my password?"}],
            },
        ) as response:
            assert response.status_code == 200
            assert response.headers["x-tierroute-tier"] == "small"
            text = "".join(response.iter_text())
    assert whole["status"] == 200 and whole["headers"]["x-tierroute-tier"] == "small"
    assert "This answer was cut off at the" in text


def test_a_trimmed_input_says_so_whole_and_streamed(tmp_path: Path, stub: StubServer) -> None:
    base = stub.base_url
    tight = tier("ok-small", base, extra="    input_overflow: trim\n").replace(
        "max_input_tokens: 4000", "max_input_tokens: 40"
    )
    long = {"model": "auto", "messages": [{"role": "user", "content": " ".join(["w"] * 400)}]}
    short = {"model": "auto", "messages": [{"role": "user", "content": "hi"}]}
    with client_for(tmp_path, tight, tier("ok-mid", base), tier("ok-top", base)) as client:
        whole = client.post("/v1/chat/completions", json=long)
        untouched = client.post("/v1/chat/completions", json=short)
        streamed = client.post("/v1/chat/completions", json={**long, "stream": True})
    assert whole.status_code == 200 and whole.headers["x-tierroute-tier"] == "small"
    assert whole.headers["x-tierroute-trimmed"] == "true"
    assert whole.json()["tierroute"]["trimmed_input"] is True
    assert untouched.headers["x-tierroute-trimmed"] == "false"
    assert not untouched.json()["tierroute"]["trimmed_input"]
    assert streamed.status_code == 200 and streamed.headers["x-tierroute-trimmed"] == "true"
    assert "stub answer from ok-small" in streamed.text
