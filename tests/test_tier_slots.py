"""Back-pressure per tier: a tier at its concurrency limit refuses at once (the next tier
answers, or a forced request gets a clean 503) instead of queueing without bound."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from router.engine.requests import RouteRequest
from router.engine.router import Router
from router.errors import BackendUnavailable, http_status_for
from router.policy.loading import load_policy
from tools.openai_stub import StubServer


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def router_for(tmp_path: Path, stub: StubServer, max_waiting: int) -> Router:
    def tier(model: str, limits: str = "") -> str:
        return (
            f"    model: openai/{model}\n    api_base: {stub.base_url}\n    timeout_s: 5\n"
            "    price: {input_per_mtok: 1.0, output_per_mtok: 2.0}\n"
            f"    max_input_tokens: 4000\n    max_output_tokens: 64\n{limits}"
        )

    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "name: slots\ntiers:\n  small:\n"
        + tier("delay-400", f"    max_concurrency: 1\n    max_waiting: {max_waiting}\n")
        + "  mid:\n"
        + tier("ok-mid")
        + "  reasoning:\n"
        + tier("ok-reasoning")
        + "routing:\n  thresholds: {mid: 0.99, reasoning: 1.0}\n"
        + "escalation: {max_steps: 1, signals: [refusal]}\ncache: {enabled: false}\n"
    )
    return Router(load_policy(policy))


def request(forced: bool) -> RouteRequest:
    return RouteRequest(
        messages=[{"role": "user", "content": "How do I reset my password?"}],
        tier="small" if forced else None,
    )


async def outcomes(router: Router, n: int, forced: bool) -> list[object]:
    try:
        return await asyncio.gather(
            *(router.handle(request(forced)) for _ in range(n)), return_exceptions=True
        )
    finally:
        await router.aclose()


@pytest.mark.anyio
async def test_a_busy_forced_tier_is_a_clean_503_at_once(tmp_path: Path, stub: StubServer) -> None:
    results = await outcomes(router_for(tmp_path, stub, max_waiting=0), 3, forced=True)
    answered = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BackendUnavailable)]
    assert len(answered) == 1 and len(refused) == 2
    assert "tier 'small' is busy: 1 calls in flight (max_concurrency 1)" in str(refused[0])
    assert http_status_for(refused[0]) == 503


@pytest.mark.anyio
async def test_waiting_room_and_the_next_tier(tmp_path: Path, stub: StubServer) -> None:
    # one call runs, one waits for the slot, the third goes on to mid
    results = await outcomes(router_for(tmp_path, stub, max_waiting=1), 3, forced=False)
    tiers = sorted(r.tier for r in results)  # type: ignore[union-attr]
    assert tiers == ["mid", "small", "small"]


@pytest.mark.anyio
async def test_a_stream_holds_its_slot_until_it_ends(tmp_path: Path, stub: StubServer) -> None:
    router = router_for(tmp_path, stub, max_waiting=0)
    try:
        first = await router.stream(request(forced=True))
        with pytest.raises(BackendUnavailable, match="is busy"):
            await router.stream(request(forced=True))
        text = "".join([delta.content async for delta in first.deltas])
        assert text
        again = await router.stream(request(forced=True))  # the slot came back
        assert "".join([delta.content async for delta in again.deltas])
    finally:
        await router.aclose()
