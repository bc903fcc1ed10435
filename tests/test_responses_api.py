"""OpenAI's Responses API through the unmodified ``openai`` SDK against ``tierroute serve``,
with the stub (a real HTTP server) as the provider.

The policy: small (``badtool-small``) calls tools with arguments that are not JSON, so a
tool call escalates to mid (``ok-mid``); metadata ``priority: high`` starts on mid.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from tests.keyed_service import serve
from tools.openai_stub import StubServer

ORDER_TOOL: dict[str, Any] = {
    "type": "function",
    "name": "lookup_order",
    "description": "Find an order by its id",
    "parameters": {
        "type": "object",
        "properties": {"order_id": {"type": "string"}},
        "required": ["order_id"],
    },
}


def _tier(name: str, model: str, base: str) -> str:
    return (
        f"  {name}:\n    model: openai/{model}\n    api_base: {base}\n    timeout_s: 10\n"
        "    price: {input_per_mtok: 1.0, output_per_mtok: 2.0}\n"
        "    max_input_tokens: 4000\n    max_output_tokens: 64\n"
    )


@pytest.fixture(scope="module")
def service(stub: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = stub.base_url
    folder = tmp_path_factory.mktemp("responses")
    policy = folder / "policy.yaml"
    policy.write_text(
        "name: responses\ntiers:\n"
        + _tier("small", "badtool-small", base)
        + _tier("mid", "ok-mid", base)
        + _tier("reasoning", "ok-top", base)
        + "routing:\n  thresholds: {mid: 1.0, reasoning: 1.0}\n"
        "  rules:\n    - name: priority\n      when: {metadata: {priority: high}}\n"
        "      action: floor\n      tier: mid\n"
        "escalation: {max_steps: 2, signals: [length, refusal, tool_call]}\n"
        "cache: {enabled: false}\n"
    )
    with serve(policy, folder / "serve.log") as url:
        yield url


@pytest.fixture()
def client(service: str) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{service}/v1", api_key="unused", max_retries=0) as sdk:
        yield sdk


def test_a_response_whole(client: openai.OpenAI, stub: StubServer) -> None:
    raw = client.responses.with_raw_response.create(
        model="auto", input="Where is my order?", instructions="Be brief.", max_output_tokens=32
    )
    response = raw.parse()
    assert response.status == "completed"
    assert response.output_text == "stub answer from badtool-small"
    assert response.usage is not None and response.usage.total_tokens == 18
    assert raw.headers["x-tierroute-tier"] == "small"
    sent = stub.bodies[-1]
    assert sent["messages"][0] == {"role": "system", "content": "Be brief."}
    assert sent["max_tokens"] == 32


def test_a_response_streamed_is_the_responses_event_sequence(client: openai.OpenAI) -> None:
    with client.responses.stream(model="mid", input="Where is my order?") as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_response()
    assert kinds[:2] == ["response.created", "response.in_progress"]
    assert kinds[2:4] == ["response.output_item.added", "response.content_part.added"]
    assert "response.output_text.delta" in kinds
    assert kinds[-4:] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert final.output_text == "stub answer from ok-mid"


def test_a_function_call_and_its_output_through_previous_response_id(
    client: openai.OpenAI, stub: StubServer
) -> None:
    first = client.responses.create(
        model="auto",
        input="Where is my order A-1001?",
        tools=[ORDER_TOOL],  # type: ignore[list-item]
    )
    (call,) = [item for item in first.output if item.type == "function_call"]
    assert call.name == "lookup_order" and json.loads(call.arguments) == {"order_id": "A-1001"}
    raw = client.responses.with_raw_response.create(
        model="auto",
        previous_response_id=first.id,
        input=[{"type": "function_call_output", "call_id": call.call_id, "output": "shipped"}],
        tools=[ORDER_TOOL],  # type: ignore[list-item]
    )
    second = raw.parse()
    assert raw.headers["x-tierroute-tier"] == "mid"  # the tier the conversation is on
    assert second.output_text == "stub answer from ok-mid using shipped"
    sent = [b for b in stub.bodies if b.get("model") == "ok-mid"][-1]["messages"]
    assert sent[0] == {"role": "user", "content": "Where is my order A-1001?"}
    assert sent[1]["tool_calls"][0]["id"] == call.call_id
    assert sent[2] == {"role": "tool", "tool_call_id": call.call_id, "content": "shipped"}
    kept = client.responses.retrieve(second.id)
    assert kept.output_text == second.output_text


def test_a_function_call_streamed_arrives_as_argument_deltas(client: openai.OpenAI) -> None:
    with client.responses.stream(
        model="reasoning",
        input="Where is my order A-1001?",
        tools=[ORDER_TOOL],  # type: ignore[list-item]
    ) as stream:
        events = list(stream)
        final = stream.get_final_response()
    kinds = [e.type for e in events]
    assert kinds.count("response.function_call_arguments.delta") > 1
    assert "response.function_call_arguments.done" in kinds
    (call,) = [item for item in final.output if item.type == "function_call"]
    assert json.loads(call.arguments) == {"order_id": "A-1001"}


def test_a_conversation_continued_keeps_its_history(
    client: openai.OpenAI, stub: StubServer
) -> None:
    first = client.responses.create(
        model="auto", input="My order is late.", metadata={"priority": "high"}
    )
    second = client.responses.create(
        model="auto", previous_response_id=first.id, input="It was due Monday."
    )
    sent = stub.bodies[-1]
    assert sent["model"] == "ok-mid"  # stays on mid, though routed afresh it would be small
    roles = [(m["role"], m["content"]) for m in sent["messages"]]
    assert roles == [
        ("user", "My order is late."),
        ("assistant", "stub answer from ok-mid"),
        ("user", "It was due Monday."),
    ]
    assert second.previous_response_id == first.id


def test_text_format_json_schema_reaches_the_provider(
    client: openai.OpenAI, stub: StubServer
) -> None:
    schema = {"type": "object", "properties": {"answer": {"type": "string"}}}
    client.responses.create(
        model="mid",
        input="yes or no?",
        text={"format": {"type": "json_schema", "name": "verdict", "schema": schema}},
    )
    sent = stub.bodies[-1]["response_format"]
    assert sent == {"type": "json_schema", "json_schema": {"name": "verdict", "schema": schema}}


def test_unknown_ids_get_clear_errors(client: openai.OpenAI, service: str) -> None:
    with pytest.raises(openai.NotFoundError) as unknown:
        client.responses.create(model="auto", previous_response_id="resp_nope", input="hi")
    assert "previous_response_id 'resp_nope': no stored response has that id" in str(unknown.value)
    with pytest.raises(openai.NotFoundError):
        client.responses.retrieve("resp_nope")
    orphan = [{"type": "function_call_output", "call_id": "call_9", "output": "x"}]
    response = httpx.post(
        f"{service}/v1/responses", json={"input": [{"role": "user", "content": "hi"}, *orphan]}
    )
    assert response.status_code == 400
    assert "answers no tool call of an earlier assistant message" in response.text
    bad_tool = {**ORDER_TOOL, "parameters": {"type": 7}}
    response = httpx.post(f"{service}/v1/responses", json={"input": "hi", "tools": [bad_tool]})
    assert response.status_code == 400 and "not a valid JSON schema" in response.text
