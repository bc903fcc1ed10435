"""Serving without API keys: every caller is trusted (any tier, the admin endpoints),
which ``tierroute serve`` allows on loopback addresses only."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from router.api.app import create_app
from router.api.settings import ServiceSettings
from router.cli.serving_commands import is_loopback
from router.stores.redis import RedisSettings
from tests.conftest import DEFAULT_POLICY, TIERROUTE
from tests.keyed_service import stub_policy
from tools.openai_stub import StubServer


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TIERROUTE), *args], capture_output=True, text=True, timeout=60)


def test_without_keys_every_caller_is_trusted(tmp_path: Path, stub: StubServer) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(stub_policy(stub.base_url))
    settings = ServiceSettings(policy=policy, warm_models=False, redis=RedisSettings(url=""))
    body = {"model": "reasoning", "messages": [{"role": "user", "content": "hi"}]}
    with TestClient(create_app(settings)) as client:
        forced = client.post(
            "/v1/chat/completions", json=body, headers={"cache-control": "no-cache"}
        )
        assert forced.status_code == 200 and forced.headers["x-tierroute-tier"] == "reasoning"
        for path in ("/v1/policy", "/v1/spend", "/v1/models"):
            assert client.get(path).status_code == 200, path
        assert client.post("/v1/policy/reload").json()["changed"] is False


def test_serve_refuses_a_public_address_without_keys(tmp_path: Path) -> None:
    public = run("serve", "--policy", str(DEFAULT_POLICY), "--host", "0.0.0.0")
    assert public.returncode == 2
    assert public.stderr.startswith(
        "error: refusing to listen on 0.0.0.0 without API keys: anyone who can reach it could "
        "use the models and spend your budget."
    )
    empty = tmp_path / "keys.yaml"
    empty.write_text("keys: []\n")
    no_keys = run("serve", "--policy", str(DEFAULT_POLICY), "--keys", str(empty))
    assert no_keys.returncode == 2
    assert no_keys.stderr == f"error: {empty}: no keys in it; add one with `tierroute keys add`\n"
    broken = tmp_path / "broken.yaml"
    broken.write_text("keys:\n  - name: x\n    sha256: nope\n")
    refused = run("serve", "--keys", str(broken), "--host", "0.0.0.0")
    assert refused.returncode == 2 and f"error: {broken}:3: keys.0.sha256:" in refused.stderr


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("10.0.0.5", False),
        ("example.org", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
