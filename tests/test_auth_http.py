"""API keys, permissions and per-key limits end to end: ``tierroute serve --keys`` with
limits counted in a real Redis, called by the unmodified ``openai`` SDK and by httpx
(reservations of tokens and dollars, ``x-ratelimit-*`` headers); the app without Redis.
The app without keys, and ``serve`` refusing a public address without them:
``tests/test_serve_without_keys.py``."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest
from fastapi.testclient import TestClient

from router.api.app import create_app
from router.api.settings import ServiceSettings
from router.auth.limits import seconds_to_utc_midnight
from router.stores.redis import RedisSettings
from tests.keyed_service import serve, stub_policy, write_keys
from tests.redis_server import RedisServer
from tools.openai_stub import StubServer

HI = [{"role": "user", "content": "How do I reset my password?"}]
KEY_SPECS = {
    "ops": {"admin": True},
    "plain": {},
    "midonly": {"force_tiers": ["mid"]},
    "nocache": {"bypass_cache": True},
    "rpm3": {"limits": {"requests_per_minute": 3}},
    "tpm100": {"limits": {"tokens_per_minute": 100}},
    "usd": {"limits": {"usd_per_day": 9e-5}},
    "burst5": {"limits": {"requests_per_minute": 5}},
}


class Service:
    def __init__(self, base: str, keys: dict[str, str], stub: StubServer) -> None:
        self.base = base
        self.keys = keys
        self.stub = stub

    def sdk(self, name: str | None, **headers: str) -> openai.OpenAI:
        key = self.keys[name] if name is not None else "not-a-configured-key"
        return openai.OpenAI(
            base_url=f"{self.base}/v1",
            api_key=key,
            max_retries=0,
            timeout=30,
            default_headers=headers or None,
        )

    def auth(self, name: str) -> dict[str, str]:
        return {"authorization": f"Bearer {self.keys[name]}"}


@pytest.fixture(scope="module")
def service(
    tmp_path_factory: pytest.TempPathFactory, stub: StubServer, redis_server: RedisServer
) -> Iterator[Service]:
    home = tmp_path_factory.mktemp("auth")
    (home / "policy.yaml").write_text(stub_policy(stub.base_url))
    keys = write_keys(home / "keys.yaml", KEY_SPECS)
    if redis_server.process is None:
        redis_server.start()
    with serve(
        home / "policy.yaml",
        home / "serve.log",
        keys=home / "keys.yaml",
        redis_url=redis_server.url,
    ) as base:
        yield Service(base, keys, stub)


def chat(client: openai.OpenAI, model: str = "auto", **extra: object) -> str:
    completion = client.chat.completions.create(model=model, messages=HI, **extra)  # type: ignore[call-overload]
    return str(completion.choices[0].message.content)


def test_no_key_and_an_unknown_key_are_401(service: Service) -> None:
    with pytest.raises(openai.AuthenticationError) as unknown:
        chat(service.sdk(None))
    assert unknown.value.status_code == 401
    assert unknown.value.body == {
        "message": "the API key is not known here; check it, or ask an admin for one "
        "(`tierroute keys add`)",
        "type": "AuthenticationError",
        "code": 401,
    }
    missing = httpx.post(f"{service.base}/v1/chat/completions", json={"messages": HI})
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == 'Bearer realm="tierroute"'
    assert missing.json()["error"]["message"] == (
        "an API key is required: send the header `Authorization: Bearer <key>` "
        "(or `x-api-key: <key>`)"
    )
    for path in ("/v1/models", "/v1/policy", "/v1/spend"):
        assert httpx.get(f"{service.base}{path}").status_code == 401, path
    assert httpx.post(f"{service.base}/v1/route", json={"text": "hi"}).status_code == 401
    ticket = httpx.post(f"{service.base}/v1/tickets", json={"id": "T", "body": "hi"})
    assert ticket.status_code == 401


def test_health_metrics_and_openapi_need_no_key(service: Service) -> None:
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json"):
        assert httpx.get(f"{service.base}{path}").status_code == 200, path


def test_a_plain_key_routes_but_may_not_force_a_tier(service: Service) -> None:
    with service.sdk("plain") as client:
        assert chat(client) == "stub answer from ok-small"
        assert [m.id for m in client.models.list()] == ["auto", "small", "mid", "reasoning"]
        with pytest.raises(openai.PermissionDeniedError) as refused:
            chat(client, model="mid")
    assert refused.value.status_code == 403
    assert refused.value.body["message"] == (  # type: ignore[index]
        "key 'plain' may not force tier 'mid' (tiers it may force: none); send model 'auto', "
        "or ask an admin to add 'mid' to the key's force_tiers"
    )
    ticket = httpx.post(
        f"{service.base}/v1/tickets",
        json={"id": "T-1", "body": "Where is my invoice?", "tier": "reasoning"},
        headers=service.auth("plain"),
    )
    assert ticket.status_code == 403


def test_force_tiers_allow_exactly_the_listed_tiers_and_admin_all(service: Service) -> None:
    with service.sdk("midonly") as client:
        assert chat(client, model="mid") == "stub answer from ok-mid"
        with pytest.raises(openai.PermissionDeniedError, match="tiers it may force: mid"):
            chat(client, model="reasoning")
    with service.sdk("ops") as client:
        assert chat(client, model="reasoning") == "stub answer from ok-top"


def test_cache_bypass_needs_permission(service: Service) -> None:
    body = {"model": "auto", "temperature": 0, "messages": [{"role": "user", "content": "bypass?"}]}
    url = f"{service.base}/v1/chat/completions"
    first = httpx.post(url, json=body, headers=service.auth("plain"))
    again = httpx.post(url, json=body, headers=service.auth("plain"))
    assert (first.headers["x-tierroute-cache"], again.headers["x-tierroute-cache"]) == (
        "miss",
        "hit",
    )
    no_cache = {"cache-control": "no-cache"}
    refused = httpx.post(url, json=body, headers={**service.auth("plain"), **no_cache})
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == (
        "key 'plain' may not bypass the cache (Cache-Control: no-cache); drop the header, "
        "or ask an admin for bypass_cache: true on the key"
    )
    calls = service.stub.calls["ok-small"]
    with service.sdk("nocache", **no_cache) as client:
        raw = client.chat.completions.with_raw_response.create(
            model="auto",
            temperature=0,
            messages=body["messages"],  # type: ignore[arg-type]
        )
    assert raw.headers["x-tierroute-cache"] == "off"
    assert service.stub.calls["ok-small"] == calls + 1  # answered afresh, not from the cache


def test_admin_endpoints_need_an_admin_key(service: Service) -> None:
    for method, path in (
        ("GET", "/v1/policy"),
        ("GET", "/v1/spend"),
        ("POST", "/v1/policy/reload"),
    ):
        plain = httpx.request(method, f"{service.base}{path}", headers=service.auth("plain"))
        assert plain.status_code == 403, path
        assert plain.json()["error"]["message"] == (
            f"key 'plain' is not an admin key; {method} {path} needs one"
        )
        admin = httpx.request(method, f"{service.base}{path}", headers=service.auth("ops"))
        assert admin.status_code == 200, (path, admin.text)
    spend = httpx.get(f"{service.base}/v1/spend", headers=service.auth("ops")).json()
    assert "plain" in spend["tenants"]  # spend is counted under the key's name
    assert all(not name.startswith("trk-") for name in spend["tenants"])


RESET = re.compile(r"\d+ms|\d+(\.\d)?s|1m0s")  # a minute window: OpenAI's duration format


def limit_headers(headers: httpx.Headers) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.startswith("x-ratelimit-")}


def test_requests_per_minute_then_429_with_retry_after(service: Service) -> None:
    with service.sdk("rpm3") as client:
        remaining = []
        for _ in range(3):
            raw = client.chat.completions.with_raw_response.create(model="auto", messages=HI)  # type: ignore[arg-type]
            shown = limit_headers(raw.headers)
            remaining.append(shown["x-ratelimit-remaining-requests"])
            assert shown["x-ratelimit-limit-requests"] == "3", shown
            assert RESET.fullmatch(shown["x-ratelimit-reset-requests"]), shown
            assert not any("tokens" in k or "usd" in k for k in shown)  # only the key's limits
        with pytest.raises(openai.RateLimitError) as refused:
            chat(client)
    assert remaining == ["2", "1", "0"]
    response = refused.value.response
    assert response.status_code == 429
    assert limit_headers(response.headers)["x-ratelimit-remaining-requests"] == "0"
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= 60
    message = refused.value.body["message"]  # type: ignore[index]
    assert re.fullmatch(
        r"request limit reached for key 'rpm3': 3 of 3 requests per minute used; "
        r"the window resets in (\d+) s",
        message,
    ), message
    assert abs(int(message.rsplit(" ", 2)[1]) - retry_after) <= 1


def test_tokens_are_reserved_before_the_call_and_settled_after(service: Service) -> None:
    """The prompt ("How do I reset my password?": 6 tokens, 4 for the message) and
    max_tokens 20 reserve 30 tokens; each answer uses 18 (the stub's usage)."""
    url = f"{service.base}/v1/chat/completions"
    body = {"messages": HI, "max_tokens": 20}
    shown = []
    for _ in range(4):
        answered = httpx.post(url, json=body, headers=service.auth("tpm100"))
        assert answered.status_code == 200, answered.text
        shown.append(limit_headers(answered.headers))
    refused = httpx.post(url, json=body, headers=service.auth("tpm100"))  # 72 + 30 > 100
    smaller = httpx.post(url, json={**body, "max_tokens": 10}, headers=service.auth("tpm100"))
    too_large = httpx.post(
        url,
        json={"messages": [{"role": "user", "content": "x" * 400}]},
        headers=service.auth("tpm100"),
    )
    assert [s["x-ratelimit-remaining-tokens"] for s in shown] == ["82", "64", "46", "28"]
    assert shown[0]["x-ratelimit-limit-tokens"] == "100"
    assert RESET.fullmatch(shown[0]["x-ratelimit-reset-tokens"]), shown[0]
    assert "x-ratelimit-limit-requests" not in shown[0]  # the key has no request limit
    assert refused.status_code == 429
    assert refused.json()["error"]["message"].startswith(
        "token limit reached for key 'tpm100': 72 tokens used or reserved this minute and this "
        "request may use up to 30 (limit 100 per minute); the window resets in "
    )
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert limit_headers(refused.headers)["x-ratelimit-remaining-tokens"] == "28"
    assert smaller.status_code == 200  # 72 + 20 fits
    assert smaller.headers["x-ratelimit-remaining-tokens"] == "10"
    assert too_large.status_code == 413
    assert too_large.json()["error"] == {
        "message": "this request may use up to 168 tokens (its prompt and the longest answer "
        "it may get), more than key 'tpm100' may use in a minute (100); send a smaller "
        "max_tokens, or ask an admin to raise tokens_per_minute",
        "type": "ExceedsKeyLimit",
        "code": 413,
    }


def test_daily_budget_is_reserved_too_and_resets_at_utc_midnight(service: Service) -> None:
    """max_tokens 20 reserves $50e-6 at the policy's prices; each answer costs $25e-6."""
    with service.sdk("usd") as client:
        raw = client.chat.completions.with_raw_response.create(
            model="auto",
            messages=HI,  # type: ignore[arg-type]
            max_tokens=20,
        )
        chat(client, max_tokens=20)  # $25e-6 + $50e-6 <= $90e-6: admitted, now $50e-6
        with pytest.raises(openai.RateLimitError) as refused:
            chat(client, max_tokens=20)  # $50e-6 + $50e-6 > $90e-6
        expected = seconds_to_utc_midnight()
    first = limit_headers(raw.headers)
    assert (first["x-ratelimit-limit-usd"], first["x-ratelimit-remaining-usd"]) == (
        "9e-05",
        "0.000065",
    )
    assert re.fullmatch(r"(\d+h)?(\d+m)?\d+s", first["x-ratelimit-reset-usd"]), first
    message = refused.value.body["message"]  # type: ignore[index]
    assert message.startswith(
        "daily budget reached for key 'usd': $0.000050 spent or reserved today and this "
        "request may cost up to $0.000050 (limit $9e-05 per UTC day); it resets at 00:00 UTC, in "
    ), message
    headers = refused.value.response.headers
    assert abs(int(headers["retry-after"]) - expected) <= 5
    assert limit_headers(headers)["x-ratelimit-remaining-usd"] == "0.000040"


def test_concurrent_requests_never_pass_the_limit_together(service: Service) -> None:
    async def burst() -> list[int]:
        async with httpx.AsyncClient(timeout=30) as client:
            replies = await asyncio.gather(
                *(
                    client.post(
                        f"{service.base}/v1/chat/completions",
                        json={"messages": HI},
                        headers=service.auth("burst5"),
                    )
                    for _ in range(12)
                )
            )
        return sorted(r.status_code for r in replies)

    assert asyncio.run(burst()) == [200] * 5 + [429] * 7


def test_the_call_goes_where_the_policy_says_whatever_the_body_says(service: Service) -> None:
    with StubServer() as elsewhere:
        with service.sdk("plain") as client:
            answer = client.chat.completions.create(
                model="auto",
                messages=[{"role": "user", "content": "hi", "api_base": elsewhere.base_url}],  # type: ignore[misc,list-item]
                extra_body={
                    "api_base": elsewhere.base_url,
                    "base_url": elsewhere.base_url,
                    "api_key": "sk-elsewhere",
                    "custom_llm_provider": "openai",
                    "metadata": {"api_base": elsewhere.base_url},
                },
            )
        assert sum(elsewhere.calls.values()) == 0
    assert answer.choices[0].message.content == "stub answer from ok-small"
    assert service.stub.bodies[-1]["model"] == "ok-small"


def test_without_redis_limits_are_counted_in_process(tmp_path: Path, stub: StubServer) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(stub_policy(stub.base_url))
    keys = write_keys(tmp_path / "keys.yaml", {"ci": {"limits": {"requests_per_minute": 2}}})
    settings = ServiceSettings(
        policy=policy,
        warm_models=False,
        redis=RedisSettings(url=""),
        keys_file=tmp_path / "keys.yaml",
    )
    auth = {"authorization": f"Bearer {keys['ci']}"}
    body = {"messages": [{"role": "user", "content": "hi"}]}
    with TestClient(create_app(settings)) as client:
        codes = [
            client.post("/v1/chat/completions", json=body, headers=auth).status_code
            for _ in range(3)
        ]
        refused = client.post("/v1/chat/completions", json=body, headers=auth)
    assert codes == [200, 200, 429]
    assert 1 <= int(refused.headers["retry-after"]) <= 60
