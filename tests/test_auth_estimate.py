"""What a request reserves of its key's limits: the prompt at four characters a token, the
longest answer it may get, on every tier it may reach, at the policy's prices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from router.auth.estimate import estimate_request
from router.engine.requests import RouteRequest
from router.policy.loading import load_policy
from router.policy.model import Policy

POLICY = """\
name: estimate
tiers:
  small:
    model: openai/a
    api_base: http://127.0.0.1:9/v1
    price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
    max_input_tokens: 50
    max_output_tokens: 100
    input_overflow: trim
  mid:
    model: openai/b
    api_base: http://127.0.0.1:9/v1
    price: {input_per_mtok: 3.0, output_per_mtok: 6.0}
    max_input_tokens: 4000
    max_output_tokens: 300
    system_prompt: Be brief.
  reasoning:
    model: openai/c
    api_base: http://127.0.0.1:9/v1
    price: {input_per_mtok: 10.0, output_per_mtok: 40.0}
    max_input_tokens: 4000
    max_output_tokens: 1000
routing:
  thresholds: {mid: 0.5, reasoning: 0.9}
escalation: {max_steps: 1, signals: [length]}
"""


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    path = tmp_path_factory.mktemp("estimate") / "policy.yaml"
    path.write_text(POLICY)
    return load_policy(path)


def request(content: Any = "x" * 40, **fields: Any) -> RouteRequest:
    return RouteRequest(messages=[{"role": "user", "content": content}], **fields)


def test_a_forced_tier_reserves_its_prompt_and_longest_answer(policy: Policy) -> None:
    small = estimate_request(policy, request(tier="small"), "small")
    # 40 characters = 10 tokens, 4 for the message, and up to 100 tokens of answer
    assert (small.tokens, small.tiers) == (114, ("small",))
    assert small.usd == pytest.approx((14 * 1.0 + 100 * 2.0) / 1e6)
    mid = estimate_request(policy, request(tier="mid", max_tokens=50), "mid")
    # the tier's system prompt is part of the prompt: 50 characters, 2 messages
    assert mid.tokens == 12 + 8 + 50
    assert mid.usd == pytest.approx((20 * 3.0 + 50 * 6.0) / 1e6)
    capped = estimate_request(policy, request(tier="mid", max_tokens=5000), "mid")
    assert capped.tokens == 20 + 300  # never more than the tier's output budget


def test_auto_reserves_the_most_expensive_path_it_may_take(policy: Policy) -> None:
    auto = estimate_request(policy, request(), "small")
    # it may reach any tier above small, and answer on at most max_steps + 1 = 2 of them
    assert auto.tiers == ("small", "mid", "reasoning")
    assert auto.tokens == (14 + 1000) + (20 + 300)
    assert auto.usd == pytest.approx((14 * 10.0 + 1000 * 40.0 + 20 * 3.0 + 300 * 6.0) / 1e6)
    top = estimate_request(policy, request(), "reasoning")
    assert (top.tokens, top.tiers) == (1014, ("reasoning",))
    no_prices = estimate_request(policy, request(), "small", with_usd=False)
    assert (no_prices.tokens, no_prices.usd) == (auto.tokens, 0.0)


def test_prompts_are_capped_by_the_input_budget_and_media_take_all_of_it(
    policy: Policy, tmp_path: Path
) -> None:
    long = estimate_request(policy, request("x" * 400, tier="small"), "small")
    assert long.tokens == 50 + 100  # no call sends more than max_input_tokens
    image = [
        {"type": "text", "text": "what is this?"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
    ]
    assert estimate_request(policy, request(image, tier="small"), "small").tokens == 150
    quiet = tmp_path / "quiet.yaml"
    quiet.write_text(POLICY.replace("signals: [length]", "signals: []"))
    one_call = estimate_request(load_policy(quiet), request(), "small")
    # without escalation one tier answers, but a failed call passes to the next tier
    assert one_call.tokens == 1014
