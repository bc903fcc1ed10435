"""Hot reload of the keys file: new keys, revoked keys (401) and changed limits take effect
without a restart; a broken file, or one that leaves no key, is refused and logged once,
and the keys in force serve on; keys from ``TIERROUTE_API_KEYS`` stay."""

from __future__ import annotations

import logging
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from router.api.app import create_app
from router.api.settings import ServiceSettings
from router.auth.keys import KeyEntry, hash_key, new_key
from router.auth.keys_file import entry_yaml
from router.stores.redis import RedisSettings
from tests.conftest import TIERROUTE
from tests.keyed_service import serve, stub_policy, write_keys
from tools.openai_stub import StubServer

BODY = {"messages": [{"role": "user", "content": "How do I reset my password?"}]}


def wait_for(condition: Callable[[], bool], timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def status(client: TestClient | httpx.Client, key: str) -> int:
    headers = {"authorization": f"Bearer {key}"}
    return client.post("/v1/chat/completions", json=BODY, headers=headers).status_code


def replace(path: Path, text: str) -> None:
    """Write ``path`` as editors and deploy tools do: a new file moved into place (the
    watcher never sees it half-written)."""
    temp = path.with_suffix(".tmp")
    temp.write_text(text)
    os.replace(temp, path)


def messages(caplog: pytest.LogCaptureFixture, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if text in r.getMessage()]


def test_the_file_is_reloaded_when_it_changes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "keys.yaml"
    keys = write_keys(path, {"ops": {"admin": True}, "app": {}})
    with StubServer() as stub:
        (tmp_path / "policy.yaml").write_text(stub_policy(stub.base_url))
        settings = ServiceSettings(
            policy=tmp_path / "policy.yaml",
            warm_models=False,
            redis=RedisSettings(url=""),
            keys_file=path,
            keys_poll_s=0.05,
        )
        with TestClient(create_app(settings)) as client, caplog.at_level(logging.INFO, "tierroute"):
            assert status(client, keys["app"]) == 200
            ops = path.read_text().split("  - name: app")[0]
            replace(path, ops)  # app revoked
            wait_for(lambda: status(client, keys["app"]) == 401)
            assert status(client, keys["ops"]) == 200
            replace(path, ops + "  - name: app\n    sha256: not-a-hash\n")
            wait_for(lambda: bool(messages(caplog, "API keys not reloaded")))
            time.sleep(0.3)  # several more polls of the same broken file
            assert (status(client, keys["ops"]), status(client, keys["app"])) == (200, 401)
            replace(path, "keys: []\n")  # would lock everyone out
            wait_for(lambda: len(messages(caplog, "API keys not reloaded")) == 2)
            assert status(client, keys["ops"]) == 200
            fresh = new_key()
            limited = KeyEntry.model_validate(
                {"name": "app", "sha256": hash_key(fresh), "limits": {"requests_per_minute": 1}}
            )
            replace(path, ops + entry_yaml(limited))  # app is back, with a new key and a limit
            wait_for(lambda: status(client, fresh) == 200)
            assert (status(client, fresh), status(client, keys["app"])) == (429, 401)
    refused = messages(caplog, "API keys not reloaded")
    assert len(refused) == 2
    assert refused[0].startswith(
        "API keys not reloaded (the file changed); the 1 keys in force keep serving:\n"
        f"{path}:6: keys.1.sha256: must be the SHA-256 of the key"
    )
    assert refused[1].endswith(
        f"{path}: no keys in it; every caller would be refused (to revoke "
        "every key on purpose, stop the service)"
    )
    reloaded = messages(caplog, "API keys reloaded")
    assert reloaded == [
        f"API keys reloaded (the file changed): 1 keys from {path}; removed: app",
        f"API keys reloaded (the file changed): 2 keys from {path}; added: app",
    ]
    assert not any(keys["app"] in r.getMessage() or fresh in r.getMessage() for r in caplog.records)


def test_served_keys_reload_next_to_the_environment_keys(tmp_path: Path) -> None:
    """``tierroute serve`` with an empty keys file (allowed: the environment holds keys),
    ``tierroute keys add`` while it runs, then a revocation and a clash with the
    environment's names."""
    path = tmp_path / "keys.yaml"
    path.write_text("")
    ops = new_key()
    log = tmp_path / "serve.log"
    with StubServer() as stub:
        (tmp_path / "policy.yaml").write_text(stub_policy(stub.base_url))
        with (
            serve(
                tmp_path / "policy.yaml",
                log,
                keys=path,
                args=("--keys-poll", "0.1"),
                env={"TIERROUTE_API_KEYS": f"ops:{ops}:admin"},
            ) as base,
            httpx.Client(base_url=base, timeout=30) as client,
        ):
            assert status(client, ops) == 200
            added = subprocess.run(
                [str(TIERROUTE), "keys", "add", "bot", "--file", str(path)],
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            )
            bot = added.stdout.strip()
            wait_for(lambda: status(client, bot) == 200)
            replace(path, "")
            wait_for(lambda: status(client, bot) == 401)  # revoked without a restart
            write_keys(path, {"ops": {}})  # the environment has an 'ops'
            wait_for(lambda: "API keys not reloaded" in log.read_text())
            assert status(client, ops) == 200
    text = log.read_text()
    assert "tierroute: 1 API key(s) from " + f"{path} and TIERROUTE_API_KEYS (admin: ops)" in text
    assert "API keys reloaded (the file changed): 2 keys from " in text
    assert "TIERROUTE_API_KEYS: key 'ops': the name 'ops' is also in " in text
    assert ops not in text and bot not in text
