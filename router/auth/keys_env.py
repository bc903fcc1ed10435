"""API keys given directly in the environment, for deployments without a keys file.

``TIERROUTE_API_KEYS`` holds entries separated by commas (or newlines)::

    TIERROUTE_API_KEYS="ops:trk-9sd...:admin, support-bot:trk-Q2x..."

Each entry is ``name:secret`` (a key that routes with ``model: auto``, no limits) or
``name:secret:admin`` (an admin key, see :mod:`router.auth.keys_file`). A secret is at
least 16 characters without ``,``, ``:`` or spaces (``tierroute keys env NAME`` makes
one). Secrets are hashed (SHA-256) as they are read and only the hashes are kept; an
error names the variable and the entry's position, never the secret. Keys that need
tiers, cache bypass or limits go in the keys file.
"""

from __future__ import annotations

import re

from router.auth.keys import KeyEntry, KeyRing, hash_key, is_valid_name
from router.errors import KeysFileError

__all__ = ["ENV_KEYS", "MIN_SECRET_CHARS", "env_entry", "parse_env_keys"]

#: The environment variable that holds keys directly.
ENV_KEYS = "TIERROUTE_API_KEYS"
MIN_SECRET_CHARS = 16
_SECRET = re.compile(r"^[^\s,:]+$")
_FORMAT = "write name:secret or name:secret:admin"

Problem = tuple[str, int | None, str, str]


def env_entry(name: str, secret: str, *, admin: bool = False) -> str:
    """One entry of ``TIERROUTE_API_KEYS``."""
    return f"{name}:{secret}:admin" if admin else f"{name}:{secret}"


def _entry(source: str, position: int, text: str) -> tuple[KeyEntry | None, list[Problem]]:
    """The entry at ``position`` (1-based), or the problems with it (never echoing a secret)."""
    field = f"entry {position}"
    parts = text.split(":")
    if len(parts) < 2:
        return None, [(source, None, field, f"no ':' in it; {_FORMAT}")]
    if len(parts) > 3:
        return None, [(source, None, field, f"{len(parts)} ':'-separated fields; {_FORMAT}")]
    name, secret = parts[0].strip(), parts[1].strip()
    problems: list[Problem] = []
    if not is_valid_name(name):
        problems.append(
            (
                source,
                None,
                field,
                "the name is not valid: use letters, digits and . _ - (at most 64, starting "
                "with a letter or digit)",
            )
        )
    else:
        field = f"entry {position} ({name!r})"
    if len(parts) == 3 and parts[2].strip() != "admin":
        problems.append((source, None, field, f"the third field may only be 'admin'; {_FORMAT}"))
    if not _SECRET.match(secret):
        problems.append((source, None, field, "the secret is empty or holds spaces"))
    elif len(secret) < MIN_SECRET_CHARS:
        problems.append(
            (
                source,
                None,
                field,
                f"the secret has {len(secret)} characters; use at least {MIN_SECRET_CHARS} "
                f"(`tierroute keys env {name if is_valid_name(name) else 'NAME'}` makes one)",
            )
        )
    if problems:
        return None, problems
    return KeyEntry(name=name, sha256=hash_key(secret), admin=len(parts) == 3), []


def parse_env_keys(value: str, *, source: str = ENV_KEYS) -> KeyRing:
    """The keys in ``value`` (the text of ``TIERROUTE_API_KEYS``), hashed.

    Raises :class:`~router.errors.KeysFileError` naming ``source`` and the position of
    every bad entry (counted from 1, blank entries included).
    """
    entries: list[KeyEntry] = []
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    by_hash: dict[str, int] = {}
    for position, text in enumerate(re.split(r"[,\n]", value), start=1):
        if not text.strip():
            continue
        entry, wrong = _entry(source, position, text.strip())
        problems += wrong
        if entry is None:
            continue
        field = f"entry {position} ({entry.name!r})"
        if entry.name in positions:
            message = f"the name is already used by entry {positions[entry.name]}; names are unique"
            problems.append((source, None, field, message))
        elif entry.sha256 in by_hash:
            message = f"the same secret as entry {by_hash[entry.sha256]}; give each key its own"
            problems.append((source, None, field, message))
        positions.setdefault(entry.name, position)
        by_hash.setdefault(entry.sha256, position)
        entries.append(entry)
    if problems:
        raise KeysFileError(problems)
    if not entries:
        raise KeysFileError([(source, None, "(value)", f"set but holds no keys; {_FORMAT}")])
    return KeyRing(entries, source=source)
