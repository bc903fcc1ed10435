"""Tools, logprobs and usage details in Chat Completions, through the unmodified ``openai``
SDK against ``tierroute serve``, with the stub (a real HTTP server) as the provider.

The main policy's small tier (``badtool-small``) calls tools with arguments that are not
JSON, so a tool call escalates to mid (``ok-mid``), whose calls fit the tool's schema; a
request with metadata ``priority: high`` starts on mid. Text answers quote the model, so
a test can tell which tier answered.
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
    "function": {
        "name": "lookup_order",
        "description": "Find an order by its id",
        "parameters": {
            "type": "object",
            "properties": {"order_id": {"type": "string"}},
            "required": ["order_id"],
        },
    },
}
ASK = [{"role": "user", "content": "Where is my order A-1001?"}]


def _tier(name: str, model: str, base: str, extra: str = "") -> str:
    return (
        f"  {name}:\n    model: openai/{model}\n    api_base: {base}\n    timeout_s: 10\n"
        "    price: {input_per_mtok: 1.0, output_per_mtok: 2.0, cached_input_per_mtok: 0.25}\n"
        f"    max_input_tokens: 4000\n    max_output_tokens: 64\n{extra}"
    )


@pytest.fixture(scope="module")
def service(stub: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = stub.base_url
    folder = tmp_path_factory.mktemp("tools")
    policy = folder / "policy.yaml"
    policy.write_text(
        "name: tools\ntiers:\n"
        + _tier("small", "badtool-small", base)
        + _tier("mid", "ok-mid", base)
        + _tier("reasoning", "ok-top", base)
        + "routing:\n  thresholds: {mid: 1.0, reasoning: 1.0}\n"
        "  rules:\n    - name: priority\n      when: {metadata: {priority: high}}\n"
        "      action: floor\n      tier: mid\n"
        "escalation: {max_steps: 2, signals: [length, refusal, tool_call]}\n"
        "cache: {enabled: false}\n"
    )
    with serve(policy, folder / "serve.log") as base_url:
        yield base_url


@pytest.fixture(scope="module")
def limited(stub: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """No tier reads images; small calls no tools and stops at its token limit; mid says
    8 prompt tokens came from its prompt cache; answers are cached."""
    base = stub.base_url
    folder = tmp_path_factory.mktemp("limited")
    policy = folder / "policy.yaml"
    no_images = "    capabilities: {images: false}\n"
    policy.write_text(
        "name: limited\ntiers:\n"
        + _tier("small", "length", base, "    capabilities: {tools: false, images: false}\n")
        + _tier("mid", "cached", base, no_images)
        + _tier("reasoning", "ok-top", base, no_images)
        + "routing:\n  thresholds: {mid: 1.0, reasoning: 1.0}\n"
        "escalation: {max_steps: 1}\n"
    )
    with serve(policy, folder / "serve.log") as base_url:
        yield base_url


def sdk(base: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{base}/v1", api_key="unused", max_retries=0, timeout=30)


def test_a_tool_call_whole_escalates_past_a_malformed_one(service: str, stub: StubServer) -> None:
    with sdk(service) as client:
        raw = client.chat.completions.with_raw_response.create(
            model="auto", messages=ASK, tools=[ORDER_TOOL], tool_choice="auto"
        )
    completion = raw.parse()
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    (call,) = choice.message.tool_calls or []
    assert call.type == "function" and call.function.name == "lookup_order"
    assert json.loads(call.function.arguments) == {"order_id": "A-1001"}
    assert raw.headers["x-tierroute-tier"] == "mid"
    assert raw.headers["x-tierroute-path"] == "small>mid"
    body = raw.http_response.json()
    assert body["tierroute"]["escalations"] == ["small->mid: tool_call"]
    sent = [b for b in stub.bodies if b.get("model") == "ok-mid" and b.get("tools")]
    assert sent and sent[-1]["tools"] == [ORDER_TOOL] and sent[-1]["tool_choice"] == "auto"


def test_a_tool_call_streamed_arrives_as_openai_sends_it(service: str) -> None:
    with sdk(service) as client:
        stream = client.chat.completions.create(
            model="reasoning",  # a tier that cannot escalate streams live
            messages=ASK,
            tools=[ORDER_TOOL],
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(stream)
    pieces = [c.choices[0].delta.tool_calls for c in chunks if c.choices]
    pieces = [p for p in pieces if p]
    first = pieces[0][0]
    assert first.index == 0 and first.id and first.type == "function"
    assert first.function is not None and first.function.name == "lookup_order"
    arguments = "".join(p[0].function.arguments or "" for p in pieces if p[0].function)
    assert json.loads(arguments) == {"order_id": "A-1001"}
    assert len(pieces) > 2  # the arguments came in parts, passed on as they came
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finishes[-1] == "tool_calls"
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0


def test_a_tool_call_checked_before_streaming_comes_whole(service: str) -> None:
    """small's call escalates; mid's is checked before anyone sees it, then replayed."""
    with sdk(service) as client:
        stream = client.chat.completions.create(
            model="auto", messages=ASK, tools=[ORDER_TOOL], stream=True
        )
        chunks = list(stream)
    pieces = [p for c in chunks if c.choices for p in c.choices[0].delta.tool_calls or ()]
    assert [p.function.name for p in pieces if p.function] == ["lookup_order"]
    assert pieces[0].function is not None
    assert json.loads(pieces[0].function.arguments or "") == {"order_id": "A-1001"}
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "tool_calls"


def test_a_tool_loop_stays_on_the_tier_that_issued_the_call(service: str) -> None:
    with sdk(service) as client:
        first = client.chat.completions.create(
            model="auto", messages=ASK, tools=[ORDER_TOOL], metadata={"priority": "high"}
        )
        call = (first.choices[0].message.tool_calls or [])[0]
        loop = [
            *ASK,
            first.choices[0].message.model_dump(exclude_none=True),
            {"role": "tool", "tool_call_id": call.id, "content": '{"status": "shipped"}'},
        ]
        # no metadata now: routed afresh, this would go to small
        raw = client.chat.completions.with_raw_response.create(
            model="auto", messages=loop, tools=[ORDER_TOOL]
        )
        second = raw.parse()
        made_up = [
            *ASK,
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_never_issued",
                        "type": "function",
                        "function": {"name": "lookup_order", "arguments": "{}"},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call_never_issued", "content": "shipped"},
        ]
        fresh = client.chat.completions.with_raw_response.create(
            model="auto", messages=made_up, tools=[ORDER_TOOL]
        )
    assert raw.headers["x-tierroute-tier"] == "mid"
    assert (
        second.choices[0].message.content == 'stub answer from ok-mid using {"status": "shipped"}'
    )
    reasons = raw.http_response.json()["tierroute"]
    assert reasons["tier"] == "mid"
    assert fresh.headers["x-tierroute-tier"] == "small"
    assert (
        fresh.parse().choices[0].message.content == "stub answer from badtool-small using shipped"
    )


def test_logprobs_pass_through_whole_and_streamed(service: str) -> None:
    with sdk(service) as client:
        whole = client.chat.completions.create(
            model="auto", messages=ASK, logprobs=True, top_logprobs=2
        )
        stream = client.chat.completions.create(
            model="mid", messages=ASK, logprobs=True, top_logprobs=1, stream=True
        )
        chunks = list(stream)
    logprobs = whole.choices[0].logprobs
    assert logprobs is not None and logprobs.content
    assert all(len(t.top_logprobs) == 2 for t in logprobs.content)
    assert "".join(t.token for t in logprobs.content) != ""
    streamed = [c.choices[0].logprobs for c in chunks if c.choices and c.choices[0].logprobs]
    assert streamed and all(p.content and len(p.content[0].top_logprobs) == 1 for p in streamed)


def test_the_deprecated_functions_are_answered_in_their_own_shape(service: str) -> None:
    with sdk(service) as client:
        completion = client.chat.completions.create(
            model="mid",
            messages=ASK,
            functions=[ORDER_TOOL["function"]],
            function_call={"name": "lookup_order"},
        )
    choice = completion.choices[0]
    assert choice.finish_reason == "function_call"
    assert choice.message.function_call is not None
    assert choice.message.function_call.name == "lookup_order"
    assert json.loads(choice.message.function_call.arguments) == {"order_id": "A-1001"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": 5}}}]},
            "parameters is not a valid JSON schema",
        ),
        (
            {"tools": [ORDER_TOOL], "tool_choice": {"type": "function", "function": {"name": "x"}}},
            "tool_choice names 'x', which is not among the tools offered (lookup_order)",
        ),
        (
            {
                "messages": [
                    *ASK,
                    {"role": "tool", "tool_call_id": "call_9", "content": "shipped"},
                ]
            },
            "tool_call_id 'call_9' answers no tool call of an earlier assistant message",
        ),
        ({"top_logprobs": 2}, "top_logprobs needs `logprobs: true`"),
    ],
    ids=["schema", "tool-choice", "unknown-call-id", "top-logprobs"],
)
def test_bad_tool_input_gets_a_400_that_says_what_to_fix(
    service: str, extra: dict[str, Any], message: str
) -> None:
    body = {"model": "auto", "messages": ASK, **extra}
    response = httpx.post(f"{service}/v1/chat/completions", json=body, timeout=30)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert message in error["message"]


def test_a_request_goes_to_a_tier_that_has_what_it_needs(limited: str) -> None:
    with sdk(limited) as client:
        raw = client.chat.completions.with_raw_response.create(
            model="auto", messages=ASK, tools=[ORDER_TOOL]
        )
    assert raw.headers["x-tierroute-tier"] == "mid"  # small calls no tools
    assert raw.parse().choices[0].finish_reason == "tool_calls"
    decision = httpx.post(
        f"{limited}/v1/chat/completions",
        json={"model": "small", "messages": ASK, "tools": [ORDER_TOOL]},
        timeout=30,
    )
    assert decision.status_code == 400
    assert "needs tools (it offers `tools`)" in decision.json()["error"]["message"]
    assert "small (openai/length)" in decision.json()["error"]["message"]


def test_an_image_no_tier_reads_gets_a_400_naming_the_capability_and_tiers(limited: str) -> None:
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
    messages = [{"role": "user", "content": [{"type": "text", "text": "What is it?"}, image]}]
    response = httpx.post(f"{limited}/v1/chat/completions", json={"messages": messages}, timeout=30)
    assert response.status_code == 400, response.text
    text = response.json()["error"]["message"]
    assert "needs images (a message has an image)" in text
    assert "small (openai/length), mid (openai/cached), reasoning (openai/ok-top)" in text


def test_an_answer_cut_by_the_callers_max_tokens_is_cached(limited: str) -> None:
    body = {"model": "auto", "messages": ASK, "max_tokens": 24, "temperature": 0}
    first = httpx.post(f"{limited}/v1/chat/completions", json=body, timeout=30)
    second = httpx.post(f"{limited}/v1/chat/completions", json=body, timeout=30)
    assert first.status_code == second.status_code == 200
    assert first.json()["choices"][0]["finish_reason"] == "length"
    assert first.headers["x-tierroute-cache"] == "miss"
    assert second.headers["x-tierroute-cache"] == "hit"
    assert second.headers["x-tierroute-path"] == "small"  # the tier whose answer it was


def test_cached_prompt_tokens_are_passed_on_and_priced_at_the_cached_rate(limited: str) -> None:
    with sdk(limited) as client:
        raw = client.chat.completions.with_raw_response.create(model="mid", messages=ASK)
    completion = raw.parse()
    usage = completion.usage
    assert usage is not None and usage.prompt_tokens_details is not None
    assert usage.prompt_tokens_details.cached_tokens == 8
    cost = raw.http_response.json()["tierroute"]["cost_usd"]
    # 11 prompt tokens, 8 of them cached (0.25/M), 3 at 1.0/M; 7 completion at 2.0/M
    assert cost == pytest.approx((3 * 1.0 + 8 * 0.25 + 7 * 2.0) / 1e6)


def test_langchain_bind_tools_runs_a_tool_loop(service: str) -> None:
    """LangChain's ``ChatOpenAI(...).bind_tools(...)``, unchanged, whole and streamed."""
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
    from langchain_core.tools import tool
    from langchain_openai import ChatOpenAI

    @tool
    def lookup_order(order_id: str) -> str:
        """Find an order by its id."""
        return '{"status": "shipped"}'

    chat = ChatOpenAI(
        model="auto", base_url=f"{service}/v1", api_key="unused", max_retries=0, timeout=30
    )
    bound = chat.bind_tools([lookup_order])
    question = HumanMessage("Where is my order A-1001?")
    called = bound.invoke([question])
    assert isinstance(called, AIMessage)
    (call,) = called.tool_calls
    assert call["name"] == "lookup_order" and call["args"] == {"order_id": "A-1001"}
    result = ToolMessage(lookup_order.invoke(call["args"]), tool_call_id=call["id"])
    answered = bound.invoke([question, called, result])
    # the loop came back to mid, the tier that issued the call
    assert answered.content == 'stub answer from ok-mid using {"status": "shipped"}'
    streamed = None
    for chunk in bound.stream([question]):
        streamed = chunk if streamed is None else streamed + chunk
    assert streamed is not None
    assert [c["name"] for c in streamed.tool_calls] == ["lookup_order"]
    assert streamed.tool_calls[0]["args"] == {"order_id": "A-1001"}
