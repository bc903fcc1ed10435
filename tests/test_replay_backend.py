"""The replay backend serves recorded answers by row id, through the real engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from router import Router, parse_policy
from router.api.app import create_app
from router.api.settings import ServiceSettings
from router.engine.requests import RouteRequest
from router.errors import BackendUnavailable
from router.messages import estimated_tokens

pytestmark = pytest.mark.anyio

ROWS = [
    {
        "id": "q/1",
        "prompt": "What is 2+2?",
        "scores": {"small": 1, "mid": 1, "large": 1},
        "cost_usd": {"small": 0.001, "mid": 0.01, "large": 0.1},
        "responses": {"small": "The answer is (B).", "mid": "It is 4. The answer is (B)."},
    },
    {
        "id": "q/2",
        "prompt": "Prove it.",
        "scores": {"small": 0, "mid": 1, "large": 1},
        "cost_usd": {"small": 0.002, "mid": 0.02, "large": 0.2},
        "responses": {"small": "I don't know.", "mid": "By induction. The answer is (C)."},
    },
]


def policy_text(data: Path) -> str:
    tiers = "".join(
        f"  {name}:\n    model: replay/{data_tier}\n    max_input_tokens: 1000\n"
        f"    max_output_tokens: 100\n    price: {{input_per_mtok: 0, output_per_mtok: 0}}\n"
        for name, data_tier in (("small", "small"), ("mid", "mid"), ("reasoning", "large"))
    )
    return (
        f"name: replay\ntiers:\n{tiers}routing:\n  thresholds: {{mid: 1.0, reasoning: 1.0}}\n"
        f"escalation: {{max_steps: 2, signals: [refusal]}}\nreplay: {{data: {data}}}\n"
    )


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in ROWS))
    return path


async def test_recorded_answer_and_cost(data: Path) -> None:
    router = Router(parse_policy(policy_text(data)))
    result = await router.handle(
        RouteRequest(
            messages=[{"role": "user", "content": "What is 2+2?"}], metadata={"row_id": "q/1"}
        )
    )
    assert result.tier == "small" and result.answer.content == "The answer is (B)."
    assert result.cost_usd == pytest.approx(0.001)


async def test_recorded_refusal_escalates_and_the_cascade_pays_twice(data: Path) -> None:
    router = Router(parse_policy(policy_text(data)))
    result = await router.handle(
        RouteRequest(
            messages=[{"role": "user", "content": "Prove it."}], metadata={"row_id": "q/2"}
        )
    )
    assert result.tier == "mid"
    assert result.answer.content == "By induction. The answer is (C)."
    assert result.called == ["small", "mid"]
    assert result.escalations == ["small->mid: refusal"]
    assert result.cost_usd == pytest.approx(0.002 + 0.02)


async def test_top_tier_without_recorded_text_says_so(data: Path) -> None:
    router = Router(parse_policy(policy_text(data)))
    result = await router.handle(
        RouteRequest(
            tier="reasoning",
            messages=[{"role": "user", "content": "x"}],
            metadata={"row_id": "q/2"},
        )
    )
    assert result.answer.content == "[recorded answer of tier large not stored]"
    assert result.cost_usd == pytest.approx(0.2)


async def test_a_call_with_no_recorded_cost_is_priced_on_its_recorded_answer_alone(
    tmp_path: Path,
) -> None:
    # no costs recorded: the tier's price on the prompt and the recorded answer; where no
    # answer was recorded, on the prompt alone (its marker is not an answer to price)
    rows = [{k: v for k, v in row.items() if k != "cost_usd"} for row in ROWS]
    path = tmp_path / "uncosted.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    text = policy_text(path).replace(
        "input_per_mtok: 0, output_per_mtok: 0", "input_per_mtok: 1e6, output_per_mtok: 1e6"
    )
    router = Router(parse_policy(text))
    prompt = [{"role": "user", "content": "What is 2+2?"}]  # 3 tokens, about 4 characters each
    for tier, output_tokens in (
        ("small", estimated_tokens("The answer is (B).")),
        ("reasoning", 0),
    ):
        result = await router.handle(
            RouteRequest(tier=tier, messages=prompt, metadata={"row_id": "q/1"})
        )
        assert result.answer.usage is not None
        assert result.answer.usage.completion_tokens == output_tokens
        assert result.cost_usd == pytest.approx(estimated_tokens("What is 2+2?") + output_tokens)


async def test_unknown_row_fails_cleanly(data: Path) -> None:
    router = Router(parse_policy(policy_text(data)))
    with pytest.raises(BackendUnavailable, match="row 'nope' is not in the replay data"):
        await router.handle(
            RouteRequest(messages=[{"role": "user", "content": "x"}], metadata={"row_id": "nope"})
        )


def test_replay_over_http_with_row_id_in_metadata(data: Path, tmp_path: Path) -> None:
    policy = tmp_path / "replay.yaml"
    policy.write_text(policy_text(data.relative_to(tmp_path)))
    with TestClient(create_app(ServiceSettings(policy=policy, warm_models=False))) as client:
        response = client.post(
            "/v1/chat/completions",
            json={
                "model": "auto",
                "metadata": {"row_id": "q/2"},
                "messages": [{"role": "user", "content": "Prove it."}],
            },
        )
    assert response.status_code == 200, response.text
    assert response.headers["x-tierroute-path"] == "small>mid"
    assert response.json()["tierroute"]["cost_usd"] == pytest.approx(0.022)
