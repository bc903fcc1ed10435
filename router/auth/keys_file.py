"""Read and write the keys file (YAML); every error names the file, line and field.

::

    keys:
      - name: ops                # shown in logs and in /v1/spend
        sha256: 9f86d081...      # SHA-256 of the key (`tierroute keys add` writes it)
        admin: true              # /v1/policy, /v1/policy/reload, /v1/spend; and all below
        force_tiers: [mid]       # tiers it may ask for by name (`auto` is always allowed)
        bypass_cache: false      # may send `Cache-Control: no-cache`
        limits: {requests_per_minute: 60, tokens_per_minute: 50000, usd_per_day: 5}
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from router.auth.keys import KeyEntry, KeyLimits, KeyRing, KeysFile
from router.errors import ConfigError, KeysFileError, PolicyError
from router.policy.yaml_source import YamlDocument, load_yaml_document, parse_yaml_text

__all__ = ["add_entry", "entry_yaml", "load_keys", "parse_keys"]

Problem = tuple[str, int | None, str, str]
_SECRET_FIELDS = ("sha256",)


def _parent_model(loc: tuple[str | int, ...]) -> type[BaseModel]:
    """The model whose field ``loc`` names: the file, an entry, or an entry's limits."""
    if len(loc) <= 1:
        return KeysFile
    return KeyLimits if "limits" in loc[:-1] else KeyEntry


def _message(error: Any, loc: tuple[str | int, ...]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = ", ".join(_parent_model(loc).model_fields)
        return f"unknown key; allowed keys here: {allowed}"
    if kind == "missing":
        return "required field is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    secret = any(str(p) in _SECRET_FIELDS for p in loc)  # never echo what may be a key
    if "input" in error and kind not in ("model_type", "dict_type", "list_type") and not secret:
        message = f"{message} (got {error['input']!r})"
    return message


def _problems(doc: YamlDocument, exc: ValidationError) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
        field = ".".join(str(p) for p in loc) or "(top level)"
        problems.append((doc.source, doc.line_of(loc), field, _message(error, loc)))
    return problems


def _duplicates(doc: YamlDocument, parsed: KeysFile) -> list[Problem]:
    problems: list[Problem] = []
    names: dict[str, int] = {}
    hashes: dict[str, int] = {}
    for index, entry in enumerate(parsed.keys):
        if entry.name in names:
            first = doc.line_of(("keys", names[entry.name], "name"))
            message = f"name {entry.name!r} is already used on line {first}; names are unique"
            problems.append(
                (doc.source, doc.line_of(("keys", index, "name")), f"keys.{index}.name", message)
            )
        names.setdefault(entry.name, index)
        if entry.sha256 in hashes:
            earlier = parsed.keys[hashes[entry.sha256]]
            first = doc.line_of(("keys", hashes[entry.sha256], "sha256"))
            message = (
                f"the same key is already on line {first} (as {earlier.name!r}); give each key once"
            )
            problems.append(
                (
                    doc.source,
                    doc.line_of(("keys", index, "sha256")),
                    f"keys.{index}.sha256",
                    message,
                )
            )
        hashes.setdefault(entry.sha256, index)
    return problems


def _validate(doc: YamlDocument) -> KeyRing:
    if doc.data is None:
        return KeyRing([], source=doc.source)
    if not isinstance(doc.data, dict):
        raise KeysFileError(
            [(doc.source, 1, "(top level)", "a keys file is a YAML mapping: `keys:` and a list")]
        )
    try:
        parsed = KeysFile.model_validate(doc.data)
    except ValidationError as exc:
        raise KeysFileError(_problems(doc, exc)) from exc
    duplicates = _duplicates(doc, parsed)
    if duplicates:
        raise KeysFileError(duplicates)
    return KeyRing(parsed.keys, source=doc.source)


def _keys_error(exc: PolicyError) -> KeysFileError:
    """YAML-level problems (syntax, duplicate keys, aliases) reported for a keys file."""
    return KeysFileError(
        [(f, ln, fld, msg.replace("in a policy", "here")) for f, ln, fld, msg in exc.problems]
    )


def load_keys(path: str | Path) -> KeyRing:
    """The keys configured in the file at ``path``.

    Raises :class:`~router.errors.KeysFileError` naming the file, line and field of
    every problem.
    """
    try:
        doc = load_yaml_document(path)
    except PolicyError as exc:
        raise _keys_error(exc) from exc
    return _validate(doc)


def parse_keys(text: str, *, source: str = "<keys>") -> KeyRing:
    """The keys configured in YAML ``text``."""
    try:
        doc = parse_yaml_text(text, source)
    except PolicyError as exc:
        raise _keys_error(exc) from exc
    return _validate(doc)


def entry_yaml(entry: KeyEntry) -> str:
    """``entry`` as an item of the ``keys:`` list (two-space indent, defaults left out)."""
    lines = [f"  - name: {entry.name}", f"    sha256: {entry.sha256}"]
    if entry.admin:
        lines.append("    admin: true")
    if entry.force_tiers:
        lines.append(f"    force_tiers: [{', '.join(entry.force_tiers)}]")
    if entry.bypass_cache:
        lines.append("    bypass_cache: true")
    limits = {k: v for k, v in entry.limits.model_dump().items() if v is not None}
    if limits:
        lines.append("    limits:")
        lines += [f"      {name}: {value}" for name, value in limits.items()]
    return "\n".join(lines) + "\n"


_HEADER = (
    "# tierroute API keys: SHA-256 hashes only, never the keys themselves.\n"
    "# Add one with `tierroute keys add NAME --file THIS_FILE`.\n"
)


def add_entry(path: str | Path, entry: KeyEntry) -> None:
    """Append ``entry`` to the keys file at ``path`` (created if missing), keeping what the
    file holds (comments too); refuse a name or key that is already there."""
    path = Path(path)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    ring = parse_keys(old, source=str(path))
    for existing in ring.entries:
        if existing.name == entry.name:
            raise ConfigError(f"{path}: a key named {entry.name!r} is already there")
        if existing.sha256 == entry.sha256:
            raise ConfigError(f"{path}: this key is already there (as {existing.name!r})")
    if not ring.entries and "keys:" not in old:
        base = old if old.strip() else _HEADER
        text = base + ("" if base.endswith("\n") else "\n") + "keys:\n" + entry_yaml(entry)
    else:
        text = old + ("" if old.endswith("\n") else "\n") + entry_yaml(entry)
    try:
        written = parse_keys(text, source=str(path))
    except KeysFileError:
        written = None
    if written is None or [e.name for e in written.entries] != [
        *(e.name for e in ring.entries),
        entry.name,
    ]:
        raise ConfigError(
            f"{path}: cannot append to the `keys:` list automatically (it is not the file's "
            f"last block, or is written inline); add this entry to it by hand:\n"
            + entry_yaml(entry)
        )
    _write_atomically(path, text)


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file: readers never see half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
