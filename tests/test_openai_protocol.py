"""The direct OpenAI-protocol client: the same requests as litellm's, the same answers, and
clear errors — against real HTTP servers."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from router.api.app import create_app
from router.api.settings import ServiceSettings
from router.backends import Backends
from router.policy.model import Deployment, ReasoningBudget
from tools.openai_stub import StubServer

QUESTION = [{"role": "user", "content": "How do I reset my password?"}]


def policy_text(base: str, *, client: str, extra: str = "") -> str:
    tiers = "".join(
        f"  {name}:\n    model: openai/ok-{name}\n    api_base: {base}\n    client: {client}\n"
        "    price: {input_per_mtok: 1.0, output_per_mtok: 2.0}\n"
        f"    max_input_tokens: 4000\n    max_output_tokens: 64\n    temperature: 0.2\n{extra}"
        for name in ("small", "mid", "reasoning")
    )
    return (
        f"name: direct\ntiers:\n{tiers}"
        "routing:\n  thresholds: {mid: 0.99, reasoning: 1.0}\n"
        "escalation: {max_steps: 0}\n"
    )


def client_for(tmp_path: Path, text: str) -> TestClient:
    policy = tmp_path / "policy.yaml"
    policy.write_text(text)
    return TestClient(create_app(ServiceSettings(policy=policy, warm_models=False)))


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def test_which_backend_calls_a_deployment() -> None:
    kind = Backends.kind_for
    assert kind(Deployment(model="openai/m", api_base="http://127.0.0.1:1/v1")) == "openai"
    assert kind(Deployment(model="openai/m", api_base="http://x/v1", client="litellm")) == "litellm"
    assert kind(Deployment(model="openai/m", api_base="http://x/v1"), reasoning=True) == "litellm"
    assert kind(Deployment(model="openai/gpt-4o-mini")) == "litellm"  # hosted OpenAI: litellm
    assert kind(Deployment(model="hosted_vllm/m", api_base="http://x/v1")) == "litellm"
    assert kind(Deployment(model="embedded/smollm2-135m")) == "embedded"
    assert ReasoningBudget(effort="low")  # (a budget on a tier makes ``reasoning`` true)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_the_direct_client_sends_what_litellm_sends(
    tmp_path: Path, stub: StubServer, stream: bool
) -> None:
    """Same policy, ``client: auto`` and ``client: litellm``: the model server receives the
    same request, and the caller gets the same answer."""
    request = {
        "model": "small",
        "messages": QUESTION,
        "max_tokens": 32,
        "top_p": 0.9,
        "seed": 7,
        "stop": ["\n\n"],
        "stream": stream,
    }
    received: dict[str, dict[str, Any]] = {}
    answers: dict[str, str] = {}
    for client in ("auto", "litellm"):
        with client_for(tmp_path, policy_text(stub.base_url, client=client)) as app:
            before = len(stub.bodies)
            response = app.post("/v1/chat/completions", json=request)
            assert response.status_code == 200, response.text
            assert len(stub.bodies) == before + 1
            received[client] = stub.bodies[-1]
            answers[client] = _content(response.text, stream)
    assert received["auto"] == received["litellm"]
    assert received["auto"]["model"] == "ok-small"
    assert received["auto"]["temperature"] == 0.2
    assert answers["auto"] == answers["litellm"]
    assert answers["auto"].strip() == "stub answer from ok-small"


def _content(text: str, stream: bool) -> str:
    if not stream:
        return str(json.loads(text)["choices"][0]["message"]["content"])
    pieces = []
    for line in text.splitlines():
        if line.startswith("data: {"):
            for choice in json.loads(line[6:]).get("choices", []):
                pieces.append(choice["delta"].get("content") or "")
    return "".join(pieces)


class _Recorder(BaseHTTPRequestHandler):
    """A model server that records request headers and answers with a fixed status and body."""

    status: ClassVar[int] = 200
    body: ClassVar[bytes] = b""
    headers_seen: ClassVar[list[dict[str, str]]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", "0")))
        type(self).headers_seen.append(dict(self.headers))
        self.send_response(self.status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def recorder() -> Iterator[tuple[type[_Recorder], str]]:
    handler = type("Recorder", (_Recorder,), {"headers_seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield handler, f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_the_key_goes_in_the_authorization_header(
    tmp_path: Path, recorder: tuple[type[_Recorder], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    handler, base = recorder
    handler.body = json.dumps(
        {
            "choices": [{"message": {"content": "ok"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 1},
        }
    ).encode()
    monkeypatch.setenv("TEST_MODEL_KEY", "sk-test-123")
    text = policy_text(base, client="auto", extra="    api_key_env: TEST_MODEL_KEY\n")
    with client_for(tmp_path, text) as app:
        response = app.post("/v1/chat/completions", json={"messages": QUESTION})
    assert response.status_code == 200, response.text
    usage = response.json()["usage"]
    assert usage == {
        "prompt_tokens": 3,
        "completion_tokens": 1,
        "total_tokens": 4,
        "prompt_tokens_details": {"cached_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0},
    }
    assert handler.headers_seen[0]["Authorization"] == "Bearer sk-test-123"


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (
            400,
            b'{"error": {"message": "max_tokens is too large", "type": "invalid_request_error"}}',
            "openai/ok-small failed (HTTP 400): max_tokens is too large",
        ),
        (429, b'{"error": "slow down"}', "openai/ok-small is rate-limited (HTTP 429): slow down"),
        (200, b"<html>gateway</html>", "openai/ok-small answered with a body that is not JSON"),
        (200, b'{"object": "list"}', "openai/ok-small answered without a choice"),
    ],
    ids=["400", "429", "not-json", "no-choices"],
)
def test_a_bad_answer_is_a_clean_error_naming_the_model(
    tmp_path: Path,
    recorder: tuple[type[_Recorder], str],
    status: int,
    body: bytes,
    expected: str,
) -> None:
    handler, base = recorder
    handler.status, handler.body = status, body
    with client_for(tmp_path, policy_text(base, client="auto")) as app:
        response = app.post("/v1/chat/completions", json={"model": "small", "messages": QUESTION})
    assert response.status_code == 503
    message = response.json()["error"]["message"]
    assert expected in message and "Traceback" not in message
