"""Request ids on every response and in every log line of the request; no keys, prompts
or answers in the log unless ``--log-content`` asks for them."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest
from fastapi.testclient import TestClient

from router.api.app import create_app
from router.api.http.logging_setup import RedactSecrets
from router.api.settings import ServiceSettings
from router.stores.redis import RedisSettings
from tests.keyed_service import serve, stub_policy, write_keys
from tools.openai_stub import StubServer

PROMPT = "MAGENTA-OKAPI-7731 how do I reset my password?"
GENERATED = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


@pytest.fixture()
def keyed(tmp_path: Path, stub: StubServer) -> Iterator[tuple[TestClient, dict[str, str]]]:
    policy = tmp_path / "policy.yaml"
    policy.write_text(stub_policy(stub.base_url))
    keys = write_keys(tmp_path / "keys.yaml", {"app": {}})
    settings = ServiceSettings(
        policy=policy,
        warm_models=False,
        redis=RedisSettings(url=""),
        keys_file=tmp_path / "keys.yaml",
        max_body_bytes=4096,
    )
    with TestClient(create_app(settings)) as client:
        yield client, {"authorization": f"Bearer {keys['app']}"}


def test_every_response_carries_the_callers_sane_id(
    keyed: tuple[TestClient, dict[str, str]],
) -> None:
    client, auth = keyed
    body = {"messages": [{"role": "user", "content": "hi"}]}
    mine = {"x-request-id": "client-42.a:b_c-d"}
    responses = [
        client.post("/v1/chat/completions", json=body, headers={**auth, **mine}),
        client.post("/v1/chat/completions", json=body, headers=mine),  # 401
        client.post("/v1/chat/completions", json={}, headers={**auth, **mine}),  # 400
        client.post(
            "/v1/chat/completions", content=b"x" * 5000, headers={**auth, **mine}
        ),  # 413, refused before the app
        client.get("/v1/nowhere", headers=mine),  # 404
        client.get("/healthz", headers=mine),
    ]
    with client.stream(
        "POST", "/v1/chat/completions", json={**body, "stream": True}, headers={**auth, **mine}
    ) as stream:
        stream.read()
        responses.append(stream)
    assert [r.status_code for r in responses] == [200, 401, 400, 413, 404, 200, 200]
    assert {r.headers["x-request-id"] for r in responses} == {"client-42.a:b_c-d"}


@pytest.mark.parametrize(
    "given",
    ["has space", "x" * 129, "../../etc", "-starts-with-dash", "ünïcode", "a\tb", ""],
)
def test_an_unusable_id_is_replaced(keyed: tuple[TestClient, dict[str, str]], given: str) -> None:
    client, _ = keyed
    chosen = client.get("/healthz", headers={"x-request-id": given.encode()}).headers[
        "x-request-id"
    ]
    assert GENERATED.match(chosen)


def test_without_an_id_each_request_gets_its_own(keyed: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = keyed
    ids = {client.get("/healthz").headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3 and all(GENERATED.match(i) for i in ids)


def lines_with(log: str, request_id: str) -> list[str]:
    return [line for line in log.splitlines() if f"[{request_id}]" in line]


def test_served_log_lines_carry_the_id_and_no_secrets(tmp_path: Path, stub: StubServer) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(stub_policy(stub.base_url))
    keys = write_keys(tmp_path / "keys.yaml", {"app": {}})
    log_path = tmp_path / "serve.log"
    wrong = "trk-wrongwrongwrongwrongwrong"
    with serve(policy, log_path, keys=tmp_path / "keys.yaml") as base:
        with openai.OpenAI(base_url=f"{base}/v1", api_key=keys["app"], max_retries=0) as sdk:
            raw = sdk.chat.completions.with_raw_response.create(
                model="auto",
                messages=[{"role": "user", "content": PROMPT}],
                extra_headers={"x-request-id": "rid-ok"},
            )
            stream = sdk.chat.completions.create(
                model="auto",
                stream=True,
                messages=[{"role": "user", "content": PROMPT}],
                extra_headers={"x-request-id": "rid-stream"},
            )
            streamed = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        refused = httpx.post(
            f"{base}/v1/chat/completions",
            json={"messages": [{"role": "user", "content": PROMPT}]},
            headers={"authorization": f"Bearer {wrong}", "x-request-id": "rid-wrong"},
        )
    assert raw.headers["x-request-id"] == "rid-ok" and refused.status_code == 401
    answer = raw.parse().choices[0].message.content
    assert answer == "stub answer from ok-small" and "ok-small" in streamed
    log = log_path.read_text()
    ok = lines_with(log, "rid-ok")
    assert len(ok) == 2, ok
    assert "tierroute.requests [rid-ok] answered: key=app tier=small path=small cache=off" in ok[0]
    assert ok[1].endswith('"POST /v1/chat/completions HTTP/1.1" 200 OK')
    assert "answered: key=app" in lines_with(log, "rid-stream")[-1]  # logged when it ended
    wrong_lines = lines_with(log, "rid-wrong")
    assert "request failed: 401 AuthenticationError" in wrong_lines[0]
    assert wrong_lines[1].endswith('"POST /v1/chat/completions HTTP/1.1" 401 Unauthorized')
    access = [line for line in log.splitlines() if " access [" in line]
    assert access and not [line for line in access if " access [-]" in line]
    for secret in (keys["app"], wrong, "MAGENTA-OKAPI", "stub answer from", "Bearer"):
        assert secret not in log, secret


def test_log_content_puts_prompt_and_answer_in_the_log(tmp_path: Path, stub: StubServer) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(stub_policy(stub.base_url))
    log_path = tmp_path / "serve.log"
    with serve(policy, log_path, args=("--log-content",)) as base:
        httpx.post(
            f"{base}/v1/chat/completions",
            json={"messages": [{"role": "user", "content": PROMPT}]},
            headers={"x-request-id": "rid-content", "authorization": "Bearer sk-abcdefghijklmn"},
        )
    log = log_path.read_text()
    (line,) = [x for x in lines_with(log, "rid-content") if "answered:" in x]
    assert line.endswith(f"prompt={PROMPT!r} answer='stub answer from ok-small'")
    assert "sk-abcdefghijklmn" not in log
    assert "no API keys configured: every caller that can reach 127.0.0.1 is trusted" in log
    assert "--log-content: prompts and answers go into the log" in log


def test_the_redaction_filter_masks_tokens_whoever_logs_them() -> None:
    record = logging.LogRecord(
        "x",
        logging.WARNING,
        __file__,
        1,
        "headers: %s; key %s; api_key=%s",
        ("Authorization: Bearer abc.def", "trk-0123456789abcdef", "s3cr3t"),
        None,
    )
    RedactSecrets().filter(record)
    assert record.getMessage() == (
        "headers: Authorization: Bearer [redacted]; key trk-[redacted]; api_key=[redacted]"
    )
