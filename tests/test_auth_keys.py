"""The keys file (errors name file, line and field; hashes only) and the ``tierroute keys``
and ``serve`` commands as a user runs them."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from router.auth.keys import KeyEntry, KeyLimits, hash_key, new_key
from router.auth.keys_file import add_entry, load_keys, parse_keys
from router.errors import ConfigError, KeysFileError
from tests.conftest import TIERROUTE

HASH = hash_key("trk-example")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TIERROUTE), *args], capture_output=True, text=True, input=stdin, timeout=60
    )


def test_a_valid_file_and_what_each_key_may_do(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(
        "keys:\n"
        f"  - name: ops\n    sha256: {HASH.upper()}\n    admin: true\n"
        f"  - name: ci\n    sha256: {hash_key('other')}\n    force_tiers: [mid]\n"
        "    limits: {requests_per_minute: 10, usd_per_day: 2.5}\n"
    )
    ring = load_keys(path)
    ops, ci = ring.entries
    assert ring.find("trk-example") == ops and ops.sha256 == HASH  # stored lower-case
    assert ring.find("trk-unknown") is None
    assert ops.may_force("reasoning") and ops.may_bypass_cache()
    assert ci.may_force("mid") and not ci.may_force("small") and not ci.may_bypass_cache()
    assert ci.limits == KeyLimits(requests_per_minute=10, usd_per_day=2.5)
    assert not ops.limits.any_set and ci.limits.any_set


def test_every_mistake_is_named_by_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(
        "keys:\n"
        "  - name: a b\n"
        "    sha256: trk-my-real-secret-key\n"
        "  - name: ci\n"
        f"    sha256: {HASH}\n"
        "    force_tiers: [large]\n"
        "    limits: {rpm: 3}\n"
        "    cache: true\n"
    )
    with pytest.raises(KeysFileError) as error:
        load_keys(path)
    assert str(error.value).splitlines() == [
        f"{path}:2: keys.0.name: use letters, digits and . _ - (at most 64, starting with a "
        "letter or digit) (got 'a b')",
        f"{path}:3: keys.0.sha256: must be the SHA-256 of the key (64 hex digits), never the "
        "key itself; `tierroute keys hash` prints it",
        f"{path}:6: keys.1.force_tiers.0: Input should be 'small', 'mid' or 'reasoning' "
        "(got 'large')",
        f"{path}:7: keys.1.limits.rpm: unknown key; allowed keys here: requests_per_minute, "
        "tokens_per_minute, usd_per_day",
        f"{path}:8: keys.1.cache: unknown key; allowed keys here: name, sha256, admin, "
        "force_tiers, bypass_cache, limits",
    ]
    assert "secret" not in str(error.value)


def test_duplicates_syntax_and_shape_errors(tmp_path: Path) -> None:
    with pytest.raises(KeysFileError) as twice:
        parse_keys(
            f"keys:\n  - name: a\n    sha256: {HASH}\n  - name: a\n    sha256: {HASH}\n",
            source="k.yaml",
        )
    assert str(twice.value).splitlines() == [
        "k.yaml:4: keys.1.name: name 'a' is already used on line 2; names are unique",
        "k.yaml:5: keys.1.sha256: the same key is already on line 3 (as 'a'); give each key once",
    ]
    with pytest.raises(KeysFileError, match=r"^k.yaml:3: \(syntax\): not valid YAML"):
        parse_keys("keys:\n  - name: [a\n", source="k.yaml")
    with pytest.raises(KeysFileError, match=r"^k.yaml:1: \(top level\): a keys file is a YAML"):
        parse_keys("- a\n", source="k.yaml")
    with pytest.raises(KeysFileError, match=r"^missing.yaml: \(file\): no such file$"):
        load_keys("missing.yaml")
    assert len(parse_keys("")) == 0


def test_add_entry_keeps_the_file_and_refuses_what_it_cannot_append(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    first = KeyEntry(name="ops", sha256=hash_key(new_key()), admin=True)
    add_entry(path, first)
    assert path.read_text().startswith("# tierroute API keys: SHA-256 hashes only")
    path.write_text(path.read_text() + "  # the on-call team\n")
    second = KeyEntry(
        name="ci",
        sha256=hash_key(new_key()),
        force_tiers=["small", "mid"],
        limits=KeyLimits(tokens_per_minute=1000),
    )
    add_entry(path, second)
    assert "# the on-call team" in path.read_text()
    assert load_keys(path).entries == [first, second]
    with pytest.raises(ConfigError, match="a key named 'ci' is already there"):
        add_entry(path, second.model_copy(update={"sha256": HASH}))
    with pytest.raises(ConfigError, match=r"this key is already there \(as 'ops'\)"):
        add_entry(path, first.model_copy(update={"name": "ops2"}))
    inline = tmp_path / "inline.yaml"
    inline.write_text("keys: []\n")
    with pytest.raises(ConfigError, match="add this entry to it by hand:\n  - name: ops\n"):
        add_entry(inline, first)
    assert inline.read_text() == "keys: []\n"


def test_keys_add_prints_the_key_once_and_stores_only_its_hash(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    made = run("keys", "add", "ci", "--file", str(path), "--force-tier", "mid", "--rpm", "5")
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert key.startswith("trk-") and len(key) > 40
    assert key not in path.read_text()
    assert hashlib.sha256(key.encode()).hexdigest() in path.read_text()
    assert "the key (on stdout) is shown this once" in made.stderr
    entry = load_keys(path).find(key)
    assert entry is not None and entry.force_tiers == ["mid"]
    assert entry.limits.requests_per_minute == 5
    as_json = run("keys", "add", "ops", "--file", str(path), "--admin", "--json")
    made_json = json.loads(as_json.stdout)
    assert load_keys(path).find(made_json["key"]) is not None
    bad = run("keys", "add", "no good", "--file", str(path))
    assert bad.returncode == 2 and "Invalid value for NAME: use letters, digits" in bad.stderr
    hashed = run("keys", "hash", stdin=key + "\n")
    assert hashed.stdout.strip() == hashlib.sha256(key.encode()).hexdigest()
    entry_text = run("keys", "hash", "--name", "mine", stdin=key).stdout
    assert entry_text == f"  - name: mine\n    sha256: {hash_key(key)}\n"


def test_keys_check(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(f"keys:\n  - name: ops\n    sha256: {HASH}\n    admin: true\n")
    bad.write_text("keys:\n  - name: ci\n")
    result = run("keys", "check", str(good), str(bad))
    assert result.returncode == 2
    assert f"{good}: ok, 1 key(s)\n  ops: admin; limits: none\n" == result.stdout
    assert f"error: {bad}:2: keys.0.sha256: required field is missing" in result.stderr
