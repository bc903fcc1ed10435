"""The real service on the embedded model, reached by the unmodified ``openai`` SDK."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import httpx
import openai
import pytest

from tests.conftest import DEFAULT_POLICY, TIERROUTE
from tests.processes import running_server
from tools.openai_stub import free_port


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``tierroute serve`` on the embedded default, as the README starts it."""
    port = free_port()
    env = {**os.environ, "TIERROUTE_MAX_BODY_BYTES": str(1024 * 1024)}
    argv = [str(TIERROUTE), "serve", "--policy", str(DEFAULT_POLICY), "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with running_server(argv, f"{base}/readyz", log, env=env):
        yield base


@pytest.fixture()
def client(service: str) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(
        base_url=f"{service}/v1", api_key="unused", max_retries=0, timeout=120
    ) as sdk:
        yield sdk


def test_sdk_non_streamed_auto(client: openai.OpenAI) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="auto",
        messages=[{"role": "user", "content": "How do I reset my password?"}],
        max_tokens=24,
        temperature=0,
    )
    completion = raw.parse()
    assert completion.choices[0].message.content
    assert completion.choices[0].message.content.strip() != ""
    assert raw.headers["x-tierroute-tier"] in ("small", "mid")
    assert float(raw.headers["x-tierroute-score"]) >= 0
    assert raw.headers["x-tierroute-escalations"] in ("0", "1")
    assert completion.usage is not None and completion.usage.completion_tokens > 0
    assert completion.model == "embedded/smollm2-135m-instruct"


def test_sdk_streamed_auto(client: openai.OpenAI) -> None:
    stream = client.chat.completions.create(
        model="auto",
        stream=True,
        max_tokens=24,
        temperature=0,
        messages=[{"role": "user", "content": "What are your opening hours?"}],
        stream_options={"include_usage": True},
    )
    pieces, finish, usage = [], None, None
    for chunk in stream:
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            pieces.append(choice.delta.content or "")
            finish = choice.finish_reason or finish
    assert "".join(pieces).strip()
    assert finish in ("stop", "length")
    assert usage is not None and usage.completion_tokens > 0


def test_sdk_forced_tier_and_models(client: openai.OpenAI) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="reasoning",
        max_tokens=16,
        messages=[{"role": "user", "content": "Hi"}],
    )
    assert raw.headers["x-tierroute-tier"] == "reasoning"
    assert raw.parse().choices[0].message.content
    assert [m.id for m in client.models.list()] == ["auto", "small", "mid", "reasoning"]


def test_route_ticket_policy_and_health(service: str) -> None:
    decision = httpx.post(f"{service}/v1/route", json={"text": "How do I change my email?"}).json()
    assert decision["tier"] == "small" and decision["reasons"]
    by_messages = httpx.post(
        f"{service}/v1/route",
        json={
            "messages": [{"role": "user", "content": "Where is my invoice?"}],
            "metadata": {"priority": "urgent", "plan": "enterprise"},
        },
    ).json()
    assert by_messages["tier"] == "mid"
    ticket = httpx.post(
        f"{service}/v1/tickets",
        timeout=120,
        json={
            "id": "T-1",
            "subject": "Invoice",
            "body": "Where can I download my invoice?",
            "priority": "low",
            "customer": {"plan": "free"},
        },
    ).json()
    assert ticket["id"] == "T-1" and ticket["answer"].strip()
    assert ticket["tier"] in ("small", "mid") and ticket["called"][0] == ticket["decision"]["tier"]
    assert ticket["usage"]["total_tokens"] > 0 and ticket["cost_usd"] == 0.0
    policy = httpx.get(f"{service}/v1/policy").json()
    assert policy["policy"]["name"] == "embedded-default" and len(policy["version"]) == 12
    assert httpx.get(f"{service}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{service}/readyz").json() == {"status": "ready"}
    assert "/v1/chat/completions" in httpx.get(f"{service}/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        (b"{not json", 400, "request body is not valid JSON"),
        (
            {"model": "huge", "messages": [{"role": "user", "content": "x"}]},
            400,
            "model 'huge' is not served here; use 'auto' or a tier: small, mid, reasoning",
        ),
        (
            {"model": "auto", "max_tokens": -1, "messages": [{"role": "user", "content": "x"}]},
            400,
            "max_tokens: Input should be greater than 0",
        ),
        ({"model": "auto", "messages": []}, 400, "messages: List should have at least 1 item"),
        (
            {"model": "auto", "messages": [{"role": "system", "content": "x"}]},
            400,
            "at least one message with role 'user'",
        ),
        (
            {"model": "auto", "messages": [{"role": "wizard", "content": "x"}]},
            400,
            "messages.0.role: Input should be",
        ),
        (
            {"model": "auto", "n": 3, "messages": [{"role": "user", "content": "x"}]},
            400,
            "n: Input should be 1",
        ),
        (b"x" * (10 * 1024 * 1024), 413, "request body is larger than 1048576 bytes"),
    ],
    ids=[
        "bad-json",
        "unknown-tier",
        "negative-max-tokens",
        "empty-messages",
        "no-user",
        "bad-role",
        "n>1",
        "10MB",
    ],
)
def test_malformed_requests_get_4xx_with_a_message(
    service: str, body: object, status: int, fragment: str
) -> None:
    url = f"{service}/v1/chat/completions"
    if isinstance(body, bytes):
        response = httpx.post(url, content=body, headers={"content-type": "application/json"})
    else:
        response = httpx.post(url, json=body)
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"]["message"]


def test_route_needs_exactly_one_input(service: str) -> None:
    response = httpx.post(
        f"{service}/v1/route", json={"text": "a", "messages": [{"role": "user", "content": "b"}]}
    )
    assert response.status_code == 400
    assert "give exactly one of `text` or `messages`" in response.json()["error"]["message"]
    assert httpx.get(f"{service}/v1/nothing").status_code == 404


@pytest.mark.parametrize(
    ("path", "body", "status", "fragment"),
    [
        (
            "/v1/chat/completions",
            {"messages": [{"role": "user", "content": "a \ud800"}]},
            400,
            "contain an unpaired surrogate ('\\ud800'); send valid UTF-8 text",
        ),
        ("/v1/route", {"text": "a \ud800"}, 400, "text: Input should be a valid string"),
        (
            "/v1/tickets",
            {"id": "T", "body": "a \ud800"},
            400,
            "body: Input should be a valid string",
        ),
        (
            "/v1/chat/completions",
            {
                "messages": [{"role": "user", "content": "x"}],
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {"schema": {"type": "bogus"}},
                },
            },
            400,
            "json_schema.schema is not a valid JSON schema",
        ),
        (
            "/v1/chat/completions",
            {
                "messages": [{"role": "user", "content": "x"}],
                "response_format": {"type": "json_schema", "json_schema": "abc"},
            },
            400,
            "json_schema must be an object with a `schema` object",
        ),
        (
            "/v1/chat/completions",
            {"messages": [{"role": "user", "content": "x"}], "response_format": {"type": "yaml"}},
            400,
            "type must be 'text', 'json_object' or 'json_schema'",
        ),
        (
            "/v1/chat/completions",
            {
                "messages": [{"role": "user", "content": "x"}],
                "tools": [{"type": "function", "function": {"name": "f"}}],
            },
            400,
            "this request needs tools (it offers `tools`), which no tier it may go to can do: "
            "small (embedded/smollm2-135m-instruct)",
        ),
        (
            "/v1/chat/completions",
            {"messages": [{"role": "user", "content": "x"}], "logprobs": True},
            400,
            "this request needs logprobs (it asks for `logprobs`), which no tier it may go to "
            "can do",
        ),
        (
            "/v1/chat/completions",
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [
                            {"type": "text", "text": "What is this?"},
                            {"type": "image_url", "image_url": {"url": "http://127.0.0.1:1/x.png"}},
                        ],
                    }
                ]
            },
            400,
            "this request needs images (a message has an image), which no tier it may go to can do",
        ),
        (
            "/v1/chat/completions",
            {"messages": [{"role": "user", "content": "x"}] * 1001},
            400,
            "messages: List should have at most 1000 items",
        ),
    ],
    ids=[
        "surrogate-chat",
        "surrogate-route",
        "surrogate-ticket",
        "bad-schema",
        "schema-string",
        "bad-format-type",
        "tools",
        "logprobs",
        "image-part",
        "too-many-messages",
    ],
)
def test_more_bad_bodies_get_400(
    service: str,
    path: str,
    body: dict,
    status: int,  # type: ignore[type-arg]
    fragment: str,
) -> None:
    raw = json.dumps(body, ensure_ascii=True)  # keeps the lone surrogate as \ud800
    response = httpx.post(
        f"{service}{path}", content=raw, headers={"content-type": "application/json"}, timeout=120
    )
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"]["message"]


def test_chunked_body_over_the_limit_is_413(service: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"model": "auto", "messages": [{"role": "user", "content": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}]}'

    response = httpx.post(
        f"{service}/v1/chat/completions",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert "request body is larger than 1048576 bytes" in response.json()["error"]["message"]


def test_text_parts_and_null_assistant_content_are_answered(service: str) -> None:
    response = httpx.post(
        f"{service}/v1/chat/completions",
        timeout=120,
        json={
            "model": "small",
            "max_tokens": 8,
            "messages": [
                {"role": "user", "content": [{"type": "text", "text": "Hi"}]},
                {"role": "assistant", "content": None},
                {"role": "user", "content": [{"type": "text", "text": "Say hello."}]},
            ],
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["choices"][0]["message"]["content"].strip()


def test_policy_endpoint_hides_server_addresses(service: str) -> None:
    policy = httpx.get(f"{service}/v1/policy").json()["policy"]
    assert all(policy["tiers"][t]["api_base"] is None for t in ("small", "mid", "reasoning"))


def test_the_dashboard_opens_on_the_embedded_default(service: str) -> None:
    """No set-up: the page, its chart library and its data come from the service; the
    unpriced embedded tiers are costed by the simulator's compute model."""
    from selenium.webdriver.common.by import By

    from tests.browser import chromium, wait_for

    httpx.post(
        f"{service}/v1/chat/completions",
        json={"model": "auto", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 8},
        timeout=120,
    ).raise_for_status()
    with chromium() as browser:
        browser.get(f"{service}/ui#overview")
        count = lambda b: b.find_element(By.ID, "ov-requests").text  # noqa: E731
        wait_for(browser, lambda b: count(b) not in ("-", "0"), "the requests on the overview")
        assert "compute USD" in browser.find_element(By.ID, "ov-cost-label").text
        assert browser.execute_script("return typeof Chart") == "function"
        browser.get(f"{service}/ui#economics")
        wait_for(
            browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#ec-result tbody tr"), "a result"
        )
