"""Keys given in ``TIERROUTE_API_KEYS``: the format, errors that name the entry but never
the secret, merging with the keys file, ``tierroute keys env|check``, and ``serve`` on a
public address with keys from the environment alone."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest

from router.api.settings import ServiceSettings
from router.auth.keys import KeyEntry, KeyRing, hash_key, new_key
from router.auth.keys_env import parse_env_keys
from router.auth.keys_reload import combine
from router.errors import KeysFileError
from tests.conftest import DEFAULT_POLICY, TIERROUTE
from tests.keyed_service import serve, stub_policy, write_keys
from tools.openai_stub import StubServer

OPS, BOT = "trk-ops-0123456789abcdef", "bot-secret-0123456789"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TIERROUTE_")}
    return subprocess.run(
        [str(TIERROUTE), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**environment, **(env or {})},
    )


def test_entries_are_name_secret_and_an_optional_admin() -> None:
    ring = parse_env_keys(f" ops:{OPS}:admin ,\n bot:{BOT},\n")
    ops, bot = ring.entries
    assert ring.source == "TIERROUTE_API_KEYS"
    assert ops == KeyEntry(name="ops", sha256=hash_key(OPS), admin=True)
    assert bot == KeyEntry(name="bot", sha256=hash_key(BOT))  # routes with auto, no limits
    assert ring.find(BOT) == bot and ring.find("bot") is None
    assert OPS not in repr(ring.entries) and BOT not in repr(ring.entries)  # hashes only


def test_errors_name_the_variable_and_the_position_never_the_secret() -> None:
    secrets = ["trk-no-name-at-all-xyz", "short", "sec:ret:with:colons", "has space-0123456789"]
    value = (
        f"{secrets[0]},, a b:{BOT}, ops:{secrets[1]}, x:{secrets[2]}, ci:{OPS}:root, "
        f"ok:{OPS}, ok:{BOT}, again:{OPS}, sp:{secrets[3]}"
    )
    with pytest.raises(KeysFileError) as error:
        parse_env_keys(value)
    assert str(error.value).splitlines() == [
        "TIERROUTE_API_KEYS: entry 1: no ':' in it; write name:secret or name:secret:admin",
        "TIERROUTE_API_KEYS: entry 3: the name is not valid: use letters, digits and . _ - "
        "(at most 64, starting with a letter or digit)",
        "TIERROUTE_API_KEYS: entry 4 ('ops'): the secret has 5 characters; use at least 16 "
        "(`tierroute keys env ops` makes one)",
        "TIERROUTE_API_KEYS: entry 5: 5 ':'-separated fields; write name:secret or "
        "name:secret:admin",
        "TIERROUTE_API_KEYS: entry 6 ('ci'): the third field may only be 'admin'; write "
        "name:secret or name:secret:admin",
        "TIERROUTE_API_KEYS: entry 8 ('ok'): the name is already used by entry 7; names are unique",
        "TIERROUTE_API_KEYS: entry 9 ('again'): the same secret as entry 7; give each key its own",
        "TIERROUTE_API_KEYS: entry 10 ('sp'): the secret is empty or holds spaces",
    ]
    assert not any(secret in str(error.value) for secret in [*secrets, OPS, BOT])
    with pytest.raises(KeysFileError, match=r"^TIERROUTE_API_KEYS: \(value\): set but holds no"):
        parse_env_keys(" , ,")


def test_file_and_environment_merge_and_a_name_or_key_in_both_is_refused() -> None:
    file = KeyRing([KeyEntry(name="ops", sha256=hash_key(OPS), admin=True)], source="keys.yaml")
    env = parse_env_keys(f"bot:{BOT}")
    merged = combine(file, env)
    assert merged is not None and [e.name for e in merged.entries] == ["ops", "bot"]
    assert merged.source == "keys.yaml and TIERROUTE_API_KEYS"
    assert combine(None, env) is env and combine(file, None) is file and combine(None, None) is None
    with pytest.raises(KeysFileError) as twice:
        combine(file, parse_env_keys(f"ops:{BOT}, other:{OPS}"))
    assert str(twice.value).splitlines() == [
        "TIERROUTE_API_KEYS: key 'ops': the name 'ops' is also in keys.yaml; a name is used "
        "once across the keys file and the environment",
        "TIERROUTE_API_KEYS: key 'other': the same key is also in keys.yaml (as 'ops')",
    ]


def test_service_settings_read_and_hash_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIERROUTE_API_KEYS", f"ops:{OPS}:admin")
    monkeypatch.setenv("TIERROUTE_KEYS_POLL_S", "0.5")
    settings = ServiceSettings.from_env()
    assert settings.api_keys == [KeyEntry(name="ops", sha256=hash_key(OPS), admin=True)]
    assert settings.keys_poll_s == 0.5
    monkeypatch.setenv("TIERROUTE_API_KEYS", "ops:tiny")
    with pytest.raises(KeysFileError, match="entry 1 \\('ops'\\): the secret has 4 characters"):
        ServiceSettings.from_env()
    monkeypatch.setenv("TIERROUTE_API_KEYS", "  ")
    assert ServiceSettings.from_env().api_keys == []  # blank is unset


def test_keys_env_and_keys_check(tmp_path: Path) -> None:
    made = run("keys", "env", "bot", "--admin")
    assert made.returncode == 0, made.stderr
    name, secret, admin = made.stdout.strip().split(":")
    assert (name, admin) == ("bot", "admin") and secret.startswith("trk-") and len(secret) > 40
    assert "the key is shown this once" in made.stderr
    assert run("keys", "env", "no good").returncode == 2
    path = tmp_path / "keys.yaml"
    write_keys(path, {"ops": {"admin": True}})
    both = run("keys", "check", str(path), env={"TIERROUTE_API_KEYS": made.stdout.strip()})
    assert both.returncode == 0, both.stderr
    assert both.stdout == (
        f"{path}: ok, 1 key(s)\n  ops: admin; limits: none\n"
        "TIERROUTE_API_KEYS: ok, 1 key(s)\n  bot: admin; limits: none\n"
    )
    clash = run("keys", "check", str(path), env={"TIERROUTE_API_KEYS": f"ops:{OPS}"})
    assert clash.returncode == 2
    assert clash.stderr == (
        f"error: TIERROUTE_API_KEYS: key 'ops': the name 'ops' is also in {path}; a name is "
        "used once across the keys file and the environment\n"
    )
    nothing = run("keys", "check")
    assert nothing.returncode == 2 and "give keys files to check, or set TIERROUTE_API_KEYS" in (
        nothing.stderr
    )


def test_serve_refuses_a_bad_variable_without_showing_the_secret() -> None:
    refused = run(
        "serve", "--policy", str(DEFAULT_POLICY), env={"TIERROUTE_API_KEYS": "ops:pa55word"}
    )
    assert refused.returncode == 2
    assert refused.stderr == (
        "error: TIERROUTE_API_KEYS: entry 1 ('ops'): the secret has 8 characters; use at "
        "least 16 (`tierroute keys env ops` makes one)\n"
    )


def test_keys_from_the_environment_alone_serve_a_public_address(tmp_path: Path) -> None:
    with StubServer() as stub:
        (tmp_path / "policy.yaml").write_text(stub_policy(stub.base_url))
        env = {"TIERROUTE_API_KEYS": f"ops:{OPS}:admin,bot:{BOT}"}
        log = tmp_path / "serve.log"
        with (
            serve(tmp_path / "policy.yaml", log, env=env, args=("--host", "0.0.0.0")) as base,
            httpx.Client(base_url=base, timeout=30) as client,
        ):
            body = {"messages": [{"role": "user", "content": "hi"}]}
            anonymous = client.post("/v1/chat/completions", json=body)
            unknown = client.post("/v1/chat/completions", json=body, headers=bearer(new_key()))
            answered = client.post("/v1/chat/completions", json=body, headers=bearer(BOT))
            not_admin = client.get("/v1/policy", headers=bearer(BOT))
            admin = client.get("/v1/policy", headers=bearer(OPS))
    assert (anonymous.status_code, unknown.status_code) == (401, 401)
    assert answered.status_code == 200, answered.text
    assert (not_admin.status_code, admin.status_code) == (403, 200)
    text = log.read_text()
    assert "tierroute: 2 API key(s) from TIERROUTE_API_KEYS (admin: ops)" in text
    assert OPS not in text and BOT not in text


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}
