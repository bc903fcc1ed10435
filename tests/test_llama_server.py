"""A tier served by a real llama.cpp OpenAI-compatible server process, by ``api_base``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from router.api.app import create_app
from router.api.settings import ServiceSettings
from router.backends.embedded import resolve_gguf
from tests.conftest import DEFAULT_POLICY
from tests.processes import running_server
from tools.openai_stub import free_port


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    gguf = resolve_gguf("embedded/smollm2-135m-instruct")
    argv = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--model_alias",
        "smollm2",
        "--n_ctx",
        "2048",
    ]
    base = f"http://127.0.0.1:{port}/v1"
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with running_server(argv, f"{base}/models", log, timeout_s=60):
        yield base


def test_tier_routed_to_llama_cpp_server(tmp_path: Path, llama_server: str) -> None:
    text = DEFAULT_POLICY.read_text()
    marker = "  reasoning:\n    model: embedded/smollm2-135m-instruct\n"
    assert marker in text
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        text.replace(
            marker, f"  reasoning:\n    model: openai/smollm2\n    api_base: {llama_server}\n"
        ).replace(
            "builtin:tickets",
            str(Path(DEFAULT_POLICY).parent.parent / "classifiers" / "models" / "tickets.json"),
        )
    )
    app = create_app(ServiceSettings(policy=policy, warm_models=False))
    with TestClient(app) as client:
        response = client.post(
            "/v1/chat/completions",
            json={
                "model": "reasoning",
                "max_tokens": 16,
                "temperature": 0,
                "messages": [{"role": "user", "content": "Say hello."}],
            },
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert response.headers["x-tierroute-tier"] == "reasoning"
    assert body["model"] == "openai/smollm2"
    assert body["choices"][0]["message"]["content"].strip()
    assert body["usage"]["completion_tokens"] > 0
