"""A request is decided once: the engine answers by the decision handed to it (the one the
route made, and reserved the caller's limits for), whole and streamed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from router.engine.requests import Decided, RouteRequest
from router.engine.router import Router
from router.policy.loading import load_policy
from tools.openai_stub import StubServer

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def router_for(tmp_path: Path, stub: StubServer) -> Router:
    def tier(model: str) -> str:
        return (
            f"    model: openai/{model}\n    api_base: {stub.base_url}\n    timeout_s: 5\n"
            "    price: {input_per_mtok: 1.0, output_per_mtok: 2.0}\n"
            "    max_input_tokens: 4000\n    max_output_tokens: 64\n"
        )

    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "name: decided\ntiers:\n  small:\n"
        + tier("ok-small")
        + "  mid:\n"
        + tier("ok-mid")
        + "  reasoning:\n"
        + tier("ok-reasoning")
        + "routing:\n  thresholds: {mid: 0.99, reasoning: 1.0}\n"
        + "escalation: {max_steps: 0}\ncache: {enabled: false}\n"
    )
    return Router(load_policy(policy))


REQUEST = RouteRequest(messages=[{"role": "user", "content": "How do I reset my password?"}])


async def test_the_engine_answers_by_the_decision_it_is_given(
    tmp_path: Path, stub: StubServer
) -> None:
    router = router_for(tmp_path, stub)
    try:
        own = router.decide_request(REQUEST)
        assert own.decision.tier == "small" and own.seconds > 0
        given = Decided(own.decision.model_copy(update={"tier": "mid"}), seconds=0.25)
        whole = await router.handle(REQUEST, given)
        streamed = await router.stream(REQUEST, given)
        text = "".join([delta.content async for delta in streamed.deltas])
    finally:
        await router.aclose()
    assert (whole.tier, whole.decision_s, whole.answer.content) == (
        "mid",
        0.25,
        "stub answer from ok-mid",
    )
    assert (streamed.tier, streamed.decision_s, text.strip()) == (
        "mid",
        0.25,
        "stub answer from ok-mid",
    )


async def test_a_forced_tier_is_decided_with_the_classifier_score_kept(
    tmp_path: Path, stub: StubServer
) -> None:
    router = router_for(tmp_path, stub)
    forced = router.decide_request(REQUEST.model_copy(update={"tier": "reasoning"}))
    auto = router.decide_request(REQUEST)
    await router.aclose()
    assert forced.decision.tier == "reasoning" and forced.decision.score == auto.decision.score
    assert forced.decision.reasons[0].kind == "forced"
