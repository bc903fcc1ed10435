"""API keys: who may call the service, what each key may do, and its limits.

Keys are never stored: the keys file holds the SHA-256 of each key (``tierroute keys
add`` makes a key and writes its entry), and a request's ``Authorization: Bearer <key>``
is hashed and looked up. The keys are long random strings, so a plain SHA-256 is enough
(the same scheme as GitHub's and Stripe's tokens); no salt is needed for a lookup.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from router.policy.model import TierName

__all__ = [
    "KEY_PREFIX",
    "KeyEntry",
    "KeyLimits",
    "KeyRing",
    "KeysFile",
    "hash_key",
    "is_valid_name",
    "new_key",
]

#: Generated keys start with this, so secret scanners and log redaction can spot them.
KEY_PREFIX = "trk-"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def new_key() -> str:
    """A fresh random key (256 bits)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def is_valid_name(name: str) -> bool:
    """Whether ``name`` may name a key: letters, digits and ``. _ -``, at most 64."""
    return bool(_NAME.match(name))


def hash_key(key: str) -> str:
    """The SHA-256 (hex) of ``key``: what the keys file holds."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KeyLimits(_Strict):
    """Per-key limits; a limit left out is not enforced."""

    requests_per_minute: Annotated[int, Field(gt=0)] | None = None
    tokens_per_minute: Annotated[int, Field(gt=0)] | None = None
    usd_per_day: Annotated[float, Field(gt=0)] | None = None

    @property
    def any_set(self) -> bool:
        """Whether any limit is set."""
        return any(v is not None for v in self.model_dump().values())


class KeyEntry(_Strict):
    """One key: its name, the hash of the key, its permissions and limits."""

    name: str
    sha256: str
    admin: bool = False
    force_tiers: list[TierName] = Field(default_factory=list)
    bypass_cache: bool = False
    limits: KeyLimits = Field(default_factory=KeyLimits)

    @field_validator("name")
    @classmethod
    def _a_name(cls, value: str) -> str:
        if not is_valid_name(value):
            raise ValueError(
                "use letters, digits and . _ - (at most 64, starting with a letter or digit)"
            )
        return value

    @field_validator("sha256", mode="before")
    @classmethod
    def _a_hash(cls, value: object) -> object:
        if isinstance(value, str) and _HEX64.match(value.strip().lower()):
            return value.strip().lower()
        raise ValueError(
            "must be the SHA-256 of the key (64 hex digits), never the key itself; "
            "`tierroute keys hash` prints it"
        )

    def may_force(self, tier: TierName) -> bool:
        """Whether this key may ask for ``tier`` instead of ``auto``."""
        return self.admin or tier in self.force_tiers

    def may_bypass_cache(self) -> bool:
        """Whether this key may ask for an answer that skips the cache."""
        return self.admin or self.bypass_cache

    def describe(self) -> str:
        """One line for people: name, permissions, limits."""
        can = ["admin"] if self.admin else []
        can += [f"force {','.join(self.force_tiers)}"] if self.force_tiers else []
        can += ["bypass cache"] if self.bypass_cache else []
        limits = ", ".join(f"{k}={v}" for k, v in self.limits.model_dump().items() if v is not None)
        return f"{self.name}: {'; '.join(can) or 'auto only'}; limits: {limits or 'none'}"


class KeysFile(_Strict):
    """The keys file: ``keys:`` then one entry per key."""

    keys: list[KeyEntry] = Field(default_factory=list)


class KeyRing:
    """The configured keys, looked up by the hash of a presented key."""

    def __init__(self, entries: list[KeyEntry], *, source: str = "<keys>") -> None:
        self.source = source
        self.entries = list(entries)
        self._by_hash = {entry.sha256: entry for entry in entries}

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, key: str) -> KeyEntry | None:
        """The entry of ``key``, or ``None`` when it is not configured."""
        return self._by_hash.get(hash_key(key))
