"""Anthropic's Messages API through the unmodified ``anthropic`` SDK against ``tierroute
serve``, with the stub (a real HTTP server speaking OpenAI's protocol) as the provider.

The policy: small (``badtool-small``) calls tools with arguments that are not JSON, so a
tool call escalates to mid (``ok-mid``); metadata ``priority: high`` starts on mid;
reasoning (``trickle``) never finishes, so a stream forced onto it breaks after it began.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anthropic
import httpx
import pytest

from tests.keyed_service import serve, write_keys
from tools.openai_stub import StubServer

ORDER_TOOL: dict[str, Any] = {
    "name": "lookup_order",
    "description": "Find an order by its id",
    "input_schema": {
        "type": "object",
        "properties": {"order_id": {"type": "string"}},
        "required": ["order_id"],
    },
}
ASK: list[Any] = [{"role": "user", "content": "Where is my order A-1001?"}]


def _tier(name: str, model: str, base: str, timeout: float = 10) -> str:
    return (
        f"  {name}:\n    model: openai/{model}\n    api_base: {base}\n    timeout_s: {timeout}\n"
        "    price: {input_per_mtok: 1.0, output_per_mtok: 2.0}\n"
        "    max_input_tokens: 4000\n    max_output_tokens: 64\n"
    )


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


@pytest.fixture(scope="module")
def policy_file(stub: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Any:
    base = stub.base_url
    policy = tmp_path_factory.mktemp("messages") / "policy.yaml"
    policy.write_text(
        "name: messages\ntiers:\n"
        + _tier("small", "badtool-small", base)
        + _tier("mid", "ok-mid", base)
        + _tier("reasoning", "trickle", base, timeout=1.5)
        + "routing:\n  thresholds: {mid: 1.0, reasoning: 1.0}\n"
        "  rules:\n    - name: priority\n      when: {metadata: {priority: high}}\n"
        "      action: floor\n      tier: mid\n"
        "escalation: {max_steps: 1, signals: [length, refusal, tool_call]}\n"
        "cache: {enabled: false}\n"
    )
    return policy


@pytest.fixture(scope="module")
def service(policy_file: Any) -> Iterator[str]:
    with serve(policy_file, policy_file.parent / "serve.log") as base:
        yield base


@pytest.fixture()
def client(service: str) -> Iterator[anthropic.Anthropic]:
    with anthropic.Anthropic(base_url=service, api_key="unused", max_retries=0) as sdk:
        yield sdk


def test_a_message_whole_with_the_model_the_client_was_set_up_with(
    client: anthropic.Anthropic,
) -> None:
    raw = client.messages.with_raw_response.create(
        model="claude-sonnet-4-5", max_tokens=64, messages=ASK, system="Be brief."
    )
    message = raw.parse()
    assert message.type == "message" and message.role == "assistant"
    assert [b.type for b in message.content] == ["text"]
    assert message.content[0].text == "stub answer from badtool-small"  # type: ignore[union-attr]
    assert message.stop_reason == "end_turn"
    assert message.usage.input_tokens == 11 and message.usage.output_tokens == 7
    assert raw.headers["x-tierroute-tier"] == "small"


def test_a_message_streamed_is_anthropics_event_sequence(client: anthropic.Anthropic) -> None:
    with client.messages.stream(model="mid", max_tokens=64, messages=ASK) as stream:
        events = [event.type for event in stream]
        final = stream.get_final_message()
    core = [e for e in events if e not in ("text",)]
    assert core[0] == "message_start"
    assert core[1] == "content_block_start"
    assert "content_block_delta" in core
    assert core[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert final.content[0].text == "stub answer from ok-mid"  # type: ignore[union-attr]
    assert final.stop_reason == "end_turn"


def test_tools_and_their_results_stay_on_the_tier_that_called(
    client: anthropic.Anthropic, stub: StubServer
) -> None:
    first = client.messages.create(
        model="auto",
        max_tokens=64,
        messages=ASK,
        tools=[ORDER_TOOL],  # type: ignore[list-item]
    )
    assert first.stop_reason == "tool_use"
    (use,) = [b for b in first.content if b.type == "tool_use"]
    assert use.name == "lookup_order" and use.input == {"order_id": "A-1001"}
    sent = [b for b in stub.bodies if b.get("model") == "ok-mid" and b.get("tools")]
    assert sent[-1]["tools"][0]["function"]["parameters"] == ORDER_TOOL["input_schema"]
    follow = [
        *ASK,
        {"role": "assistant", "content": [b.model_dump() for b in first.content]},
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "shipped"}],
        },
    ]
    raw = client.messages.with_raw_response.create(
        model="auto",
        max_tokens=64,
        messages=follow,
        tools=[ORDER_TOOL],  # type: ignore[list-item]
    )
    second = raw.parse()
    assert raw.headers["x-tierroute-tier"] == "mid"  # small would answer afresh
    assert second.content[0].text == "stub answer from ok-mid using shipped"  # type: ignore[union-attr]
    sent = [b for b in stub.bodies if b.get("model") == "ok-mid"][-1]
    assert sent["messages"][-1] == {"role": "tool", "tool_call_id": use.id, "content": "shipped"}
    assert sent["messages"][-2]["tool_calls"][0]["function"]["name"] == "lookup_order"


def test_a_tool_call_streamed_arrives_as_input_json_deltas(client: anthropic.Anthropic) -> None:
    with client.messages.stream(
        model="auto",
        max_tokens=64,
        messages=ASK,
        tools=[ORDER_TOOL],  # type: ignore[list-item]
        metadata={"priority": "high"},  # type: ignore[typeddict-unknown-key]
    ) as stream:
        events = list(stream)
        final = stream.get_final_message()
    starts = [e for e in events if e.type == "content_block_start"]
    assert starts and starts[0].content_block.type == "tool_use"  # type: ignore[union-attr]
    deltas = [e for e in events if e.type == "content_block_delta"]
    assert deltas and all(e.delta.type == "input_json_delta" for e in deltas)  # type: ignore[union-attr]
    (use,) = final.content
    assert use.type == "tool_use" and use.input == {"order_id": "A-1001"}
    assert final.stop_reason == "tool_use"


def test_count_tokens(client: anthropic.Anthropic) -> None:
    short = client.messages.count_tokens(model="auto", messages=ASK)
    longer = client.messages.count_tokens(
        model="auto",
        messages=ASK,
        system="Answer as a support agent.",
        tools=[ORDER_TOOL],  # type: ignore[list-item]
    )
    assert 0 < short.input_tokens < longer.input_tokens


def test_bad_input_is_refused_in_anthropics_error_shape(
    client: anthropic.Anthropic, service: str
) -> None:
    with pytest.raises(anthropic.BadRequestError) as missing:
        client.messages.create(model="auto", max_tokens=0, messages=ASK)
    body = missing.value.body
    assert isinstance(body, dict) and body["type"] == "error"
    assert body["error"]["type"] == "invalid_request_error"
    assert "max_tokens" in body["error"]["message"]
    unknown = [
        *ASK,
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_9"}]},
    ]
    response = httpx.post(
        f"{service}/v1/messages",
        json={"model": "auto", "max_tokens": 16, "messages": unknown},
        timeout=30,
    )
    assert response.status_code == 400
    assert (
        "tool_result for 'toolu_9', which no earlier tool_use block has"
        in (response.json()["error"]["message"])
    )
    bad_schema = {**ORDER_TOOL, "input_schema": {"type": "nonsense"}}
    response = httpx.post(
        f"{service}/v1/messages",
        json={"model": "auto", "max_tokens": 16, "messages": ASK, "tools": [bad_schema]},
        timeout=30,
    )
    assert response.status_code == 400
    assert "input_schema is not a valid JSON schema" in response.json()["error"]["message"]


def test_an_error_mid_stream_is_an_anthropic_error_event(client: anthropic.Anthropic) -> None:
    with (
        client.messages.stream(model="reasoning", max_tokens=64, messages=ASK) as stream,
        pytest.raises(anthropic.APIStatusError) as broken,
    ):
        for _ in stream:
            pass
    body = broken.value.body
    assert isinstance(body, dict) and body["type"] == "error"
    assert body["error"]["type"] == "api_error"  # a 504: the model did not finish in time
    assert "timed out" in body["error"]["message"]


def test_x_api_key_is_the_key(policy_file: Any) -> None:
    folder = policy_file.parent
    keys = write_keys(folder / "keys.yaml", {"app": {}})
    with serve(policy_file, folder / "keyed.log", keys=folder / "keys.yaml") as base:
        with anthropic.Anthropic(base_url=base, api_key=keys["app"], max_retries=0) as sdk:
            message = sdk.messages.create(model="auto", max_tokens=16, messages=ASK)
        assert message.content[0].text == "stub answer from badtool-small"  # type: ignore[union-attr]
        with (
            anthropic.Anthropic(base_url=base, api_key="sk-wrong", max_retries=0) as sdk,
            pytest.raises(anthropic.AuthenticationError) as denied,
        ):
            sdk.messages.create(model="auto", max_tokens=16, messages=ASK)
    body = denied.value.body
    assert isinstance(body, dict) and body["error"]["type"] == "authentication_error"
    assert json.dumps(body).count("API key") == 1


def test_an_error_mid_stream_is_each_openai_protocols_own_error_event(service: str) -> None:
    """The same broken stream (reasoning never finishes) through the OpenAI protocols: an
    ``error`` chunk in Chat Completions (the SDK raises it), an ``error`` event in the
    Responses stream."""
    import openai

    ask = "Where is my order A-1001?"
    with openai.OpenAI(base_url=f"{service}/v1", api_key="unused", max_retries=0) as sdk:
        with pytest.raises(openai.APIError) as broken:
            for _ in sdk.chat.completions.create(
                model="reasoning", messages=[{"role": "user", "content": ask}], stream=True
            ):
                pass
        assert "timed out" in broken.value.message
        events = list(sdk.responses.create(model="reasoning", input=ask, stream=True))
    kinds = [e.type for e in events]
    assert kinds[0] == "response.created" and kinds[-1] == "error"
    last = events[-1]
    assert last.type == "error" and "timed out" in last.message
    assert last.code == "504"
