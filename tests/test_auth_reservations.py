"""Reservations end to end (``tierroute serve`` over the stub, limits in a real Redis):
concurrent requests cannot together pass a token limit, a failed call gives back all it
reserved, a stream settles to what it used when it ends."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import httpx
import openai
import pytest

from tests.keyed_service import serve, stub_policy, write_keys
from tests.redis_server import RedisServer
from tools.openai_stub import StubServer

HI = [{"role": "user", "content": "How do I reset my password?"}]
SLOW = "delay-2000"  # every request of a burst is still running when the last one arrives


class Service:
    def __init__(self, base: str, keys: dict[str, str], stub: StubServer) -> None:
        self.base = base
        self.keys = keys
        self.stub = stub

    def auth(self, name: str) -> dict[str, str]:
        return {"authorization": f"Bearer {self.keys[name]}"}

    def remaining_tokens(self, name: str) -> int:
        """The key's tokens left after one more quick request (forced to ``reasoning``)."""
        reply = httpx.post(
            f"{self.base}/v1/chat/completions",
            json={"model": "reasoning", "messages": HI, "max_tokens": 20},
            headers=self.auth(name),
            timeout=30,
        )
        assert reply.status_code == 200, reply.text
        return int(reply.headers["x-ratelimit-remaining-tokens"])


@pytest.fixture(scope="module")
def service(
    tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer
) -> Iterator[Service]:
    home = tmp_path_factory.mktemp("reservations")
    (home / "policy.yaml").write_text(stub_policy("{base}", SLOW, mid="fail500"))
    tiers = ["mid", "reasoning"]
    keys = write_keys(
        home / "keys.yaml",
        {
            "burst": {"force_tiers": tiers, "limits": {"tokens_per_minute": 200}},
            "failing": {"force_tiers": tiers, "limits": {"tokens_per_minute": 100}},
            "streamer": {"force_tiers": tiers, "limits": {"tokens_per_minute": 100}},
            "leaver": {"force_tiers": tiers, "limits": {"tokens_per_minute": 100}},
        },
    )
    if redis_server.process is None:
        redis_server.start()
    redis_server.flush()
    with StubServer() as stub:
        policy = home / "policy.yaml"
        policy.write_text(policy.read_text().replace("{base}", stub.base_url))
        with serve(
            policy, home / "serve.log", keys=home / "keys.yaml", redis_url=redis_server.url
        ) as base:
            yield Service(base, keys, stub)


def test_concurrent_requests_cannot_together_pass_the_token_limit(service: Service) -> None:
    """Twelve requests at once, each reserving 50 tokens (10 of prompt, max_tokens 40)
    against 200 per minute: four run, eight get 429 at once; charging after the call
    instead would have let all twelve run (each sees nothing used yet) and use 216."""

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=30) as client:
            return await asyncio.gather(
                *(
                    client.post(
                        f"{service.base}/v1/chat/completions",
                        json={"messages": HI, "max_tokens": 40},
                        headers=service.auth("burst"),
                    )
                    for _ in range(12)
                )
            )

    replies = asyncio.run(burst())
    assert sorted(r.status_code for r in replies) == [200] * 4 + [429] * 8
    assert service.stub.calls[SLOW] == 4
    refused = next(r for r in replies if r.status_code == 429)
    assert refused.json()["error"]["message"].startswith(
        "token limit reached for key 'burst': 200 tokens used or reserved this minute and "
        "this request may use up to 50 (limit 200 per minute)"
    )
    assert refused.headers["x-ratelimit-remaining-tokens"] == "0"
    # the four used 18 tokens each; what they reserved beyond that came back
    assert service.remaining_tokens("burst") == 200 - 4 * 18 - 18


def test_a_failed_call_gives_back_all_it_reserved(service: Service) -> None:
    failed = httpx.post(
        f"{service.base}/v1/chat/completions",
        json={"model": "mid", "messages": HI, "max_tokens": 20},
        headers=service.auth("failing"),
        timeout=30,
    )
    assert failed.status_code == 503
    assert failed.headers["x-ratelimit-remaining-tokens"] == "100"  # released before the 503
    assert service.remaining_tokens("failing") == 100 - 18


def test_a_stream_settles_to_what_it_used_when_it_ends(service: Service) -> None:
    client = openai.OpenAI(
        base_url=f"{service.base}/v1", api_key=service.keys["streamer"], max_retries=0
    )
    with client:
        raw = client.chat.completions.with_raw_response.create(
            model="reasoning",
            messages=HI,  # type: ignore[arg-type]
            max_tokens=20,
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(raw.parse())
    assert raw.headers["x-ratelimit-remaining-tokens"] == "70"  # 30 held while it streams
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens == 18
    assert service.remaining_tokens("streamer") == 100 - 18 - 18


def test_a_stream_the_caller_walks_away_from_holds_nothing(service: Service) -> None:
    """The caller hangs up while its stream waits for the model (the small tier answers
    after 2 s): when the request ends, its reservation (30 tokens) does not stay held."""
    with (
        pytest.raises(httpx.ReadTimeout),
        httpx.stream(
            "POST",
            f"{service.base}/v1/chat/completions",
            json={"messages": HI, "max_tokens": 20, "stream": True},
            headers=service.auth("leaver"),
            timeout=httpx.Timeout(10, read=0.5),
        ) as response,
    ):
        response.read()
    deadline = time.monotonic() + 15
    remaining = -1
    while time.monotonic() < deadline:
        # the request ends once the model's answer finds the caller gone; a decision alone
        # shows the key's tokens left without using any
        decided = httpx.post(
            f"{service.base}/v1/route", json={"text": "hi"}, headers=service.auth("leaver")
        )
        remaining = int(decided.headers["x-ratelimit-remaining-tokens"])
        if remaining in (100, 100 - 18):  # given back, or charged what the model used
            break
        assert remaining == 100 - 30  # held while the request runs
        time.sleep(0.25)
    assert remaining in (100, 100 - 18)


def test_a_decision_alone_reserves_nothing_but_shows_the_limits(service: Service) -> None:
    decided = httpx.post(
        f"{service.base}/v1/route", json={"text": "hi"}, headers=service.auth("failing")
    )
    assert decided.status_code == 200
    assert decided.headers["x-ratelimit-limit-tokens"] == "100"
    assert decided.headers["x-ratelimit-remaining-tokens"] == "82"  # as the last answer left
