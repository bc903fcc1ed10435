"""Conversations stay on their tier (the provider's prompt cache is kept): named by the
``x-tierroute-session`` header or ``prompt_cache_key``, else by their opening messages
(scoped by ``user``); they may move up, never down. Through the real ``openai`` and
``anthropic`` SDKs against ``tierroute serve``, the stub (a real HTTP server) as provider.

Every tier answers ``stub answer from <model>``, so a test can tell which tier answered;
routed afresh, every question here goes to small. Each test asks its own question, so the
conversations of different tests never meet.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import anthropic
import httpx
import openai
import pytest

from tests.keyed_service import serve
from tests.stub_policies import stub_tier
from tools.openai_stub import StubServer


def _policy(base: str, sessions: str = "", mid_price: str | None = None) -> str:
    priced = {"price": mid_price} if mid_price else {}
    return (
        "name: sessions\ntiers:\n"
        + stub_tier("small", "ok-small", base)
        + stub_tier("mid", "ok-mid", base, **priced)
        + stub_tier("reasoning", "ok-top", base)
        + "routing:\n  thresholds: {mid: 1.0, reasoning: 1.0}\n"
        "  rules:\n    - name: priority\n      when: {metadata: {priority: high}}\n"
        "      action: floor\n      tier: mid\n"
        "cache: {enabled: false}\n" + sessions
    )


@pytest.fixture(scope="module")
def service(stub: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("sessions")
    policy = folder / "policy.yaml"
    policy.write_text(_policy(stub.base_url))
    with serve(policy, folder / "serve.log") as url:
        yield url


@pytest.fixture(scope="module")
def unsticky(stub: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("unsticky")
    policy = folder / "policy.yaml"
    policy.write_text(_policy(stub.base_url, "sessions: {conversations: false}\n"))
    with serve(policy, folder / "serve.log") as url:
        yield url


@pytest.fixture(scope="module")
def thrifty(stub: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Mid costs 50 times small, its cached input half its input: a conversation on mid
    moves down when its turn needs only small (it costs less there, history and all)."""
    folder = tmp_path_factory.mktemp("thrifty")
    policy = folder / "policy.yaml"
    dear = "{input_per_mtok: 50.0, output_per_mtok: 100.0, cached_input_per_mtok: 25.0}"
    policy.write_text(
        _policy(stub.base_url, "sessions: {move_down: when_cheaper}\n", mid_price=dear)
    )
    with serve(policy, folder / "serve.log") as url:
        yield url


def sdk(base: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{base}/v1", api_key="unused", max_retries=0, timeout=30)


def _ask() -> list[dict[str, Any]]:
    return [
        {"role": "system", "content": "You answer support tickets."},
        {"role": "user", "content": f"My invoice {uuid.uuid4().hex[:8]} looks wrong."},
    ]


def _tier_of(client: openai.OpenAI, messages: list[dict[str, Any]], **extra: Any) -> str:
    raw = client.chat.completions.with_raw_response.create(model="auto", messages=messages, **extra)  # type: ignore[call-overload]
    return str(raw.headers["x-tierroute-tier"])


def _continued(opening: list[dict[str, Any]], answer: str) -> list[dict[str, Any]]:
    return [
        *opening,
        {"role": "assistant", "content": answer},
        {"role": "user", "content": "Thanks. And can I get a copy by mail?"},
    ]


def test_a_conversation_stays_on_its_tier_by_its_opening(service: str) -> None:
    opening = _ask()
    with sdk(service) as client:
        first = client.chat.completions.create(model="mid", messages=opening)  # type: ignore[arg-type]
        answer = first.choices[0].message.content or ""
        assert answer == "stub answer from ok-mid"
        follow_up = _continued(opening, answer)
        raw = client.chat.completions.with_raw_response.create(
            model="auto",
            messages=follow_up,  # type: ignore[arg-type]
        )
        # the same follow-up after another answer is another conversation: routed afresh
        other = _tier_of(client, _continued(opening, "stub answer from ok-small"))
    assert raw.headers["x-tierroute-tier"] == "mid"
    reasons = raw.http_response.json()["tierroute"]
    assert reasons["tier"] == "mid"
    assert other == "small"


def test_the_end_user_scopes_a_conversation(service: str) -> None:
    opening = _ask()
    with sdk(service) as client:
        client.chat.completions.create(model="mid", messages=opening, user="alice")  # type: ignore[arg-type]
        follow_up = _continued(opening, "stub answer from ok-mid")
        alice = _tier_of(client, follow_up, user="alice")
        bob = _tier_of(client, follow_up, user="bob")
    assert (alice, bob) == ("mid", "small")


def test_a_named_session_stays_on_its_tier_and_moves_up_not_down(service: str) -> None:
    named = {"x-tierroute-session": f"ticket-{uuid.uuid4().hex}"}
    with sdk(service) as client:
        start = _tier_of(client, _ask(), extra_headers=named)
        up = _tier_of(client, _ask(), extra_headers=named, metadata={"priority": "high"})
        stays = _tier_of(client, _ask(), extra_headers=named)
        elsewhere = _tier_of(client, _ask(), extra_headers={"x-tierroute-session": "another"})
        key = f"cache-{uuid.uuid4().hex}"
        by_key = [
            _tier_of(client, _ask(), prompt_cache_key=key, metadata={"priority": "high"}),
            _tier_of(client, _ask(), prompt_cache_key=key),
        ]
    assert (start, up, stays, elsewhere) == ("small", "mid", "mid", "small")
    assert by_key == ["mid", "mid"]


def test_a_streamed_answer_keeps_its_conversation(service: str) -> None:
    opening = _ask()
    with sdk(service) as client:
        stream = client.chat.completions.create(model="mid", messages=opening, stream=True)  # type: ignore[arg-type]
        answer = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        assert answer == "stub answer from ok-mid"
        assert _tier_of(client, _continued(opening, answer)) == "mid"


def test_route_explains_the_session(service: str) -> None:
    named = {"x-tierroute-session": f"s-{uuid.uuid4().hex}"}
    with sdk(service) as client:
        _tier_of(client, _ask(), extra_headers=named, metadata={"priority": "high"})
    body = {"messages": [{"role": "user", "content": "Hello again"}]}
    decided = httpx.post(f"{service}/v1/route", json=body, headers=named).json()
    fresh = httpx.post(f"{service}/v1/route", json=body).json()
    assert decided["tier"] == "mid"
    assert decided["reasons"][0]["kind"] == "session"
    assert "'mid'" in decided["reasons"][0]["detail"]
    assert fresh["tier"] == "small"
    too_long = httpx.post(
        f"{service}/v1/chat/completions",
        json={"model": "auto", "messages": body["messages"]},
        headers={"x-tierroute-session": "x" * 600},
    )
    assert too_long.status_code == 400
    assert "x-tierroute-session: at most 512 characters" in too_long.json()["error"]["message"]


def test_an_anthropic_conversation_stays_on_its_tier(service: str) -> None:
    question = f"My invoice {uuid.uuid4().hex[:8]} looks wrong."
    with anthropic.Anthropic(base_url=service, api_key="unused", max_retries=0) as client:
        first = client.messages.create(
            model="mid",
            max_tokens=64,
            system="You answer support tickets.",
            messages=[{"role": "user", "content": question}],
            metadata={"user_id": "carol"},
        )
        said = "".join(b.text for b in first.content if b.type == "text")
        raw = client.messages.with_raw_response.create(
            model="auto",
            max_tokens=64,
            system="You answer support tickets.",
            messages=[
                {"role": "user", "content": question},
                {"role": "assistant", "content": said},
                {"role": "user", "content": "Thanks. And by mail?"},
            ],
            metadata={"user_id": "carol"},
        )
    assert raw.headers["x-tierroute-tier"] == "mid"


def test_conversations_can_be_switched_off(unsticky: str) -> None:
    opening = _ask()
    named = {"x-tierroute-session": f"s-{uuid.uuid4().hex}"}
    with sdk(unsticky) as client:
        client.chat.completions.create(model="mid", messages=opening, extra_headers=named)  # type: ignore[arg-type]
        follow_up = _continued(opening, "stub answer from ok-mid")
        assert _tier_of(client, follow_up, extra_headers=named) == "small"


def test_a_conversation_moves_down_when_that_is_cheaper(thrifty: str, service: str) -> None:
    """The same conversation: with ``move_down: when_cheaper`` and mid 50 times dearer it
    goes down to small; by default (equal prices there too) it stays on mid."""
    for url, expected in ((thrifty, "small"), (service, "mid")):
        opening = _ask()
        with sdk(url) as client:
            client.chat.completions.create(model="mid", messages=opening)  # type: ignore[arg-type]
            raw = client.chat.completions.with_raw_response.create(
                model="auto",
                messages=_continued(opening, "stub answer from ok-mid"),  # type: ignore[arg-type]
            )
        assert raw.headers["x-tierroute-tier"] == expected
        reason = raw.http_response.json()["tierroute"]
        assert reason["tier"] == expected
