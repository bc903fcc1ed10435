"""API keys, their permissions and their limits (requests, tokens, dollars)."""

from __future__ import annotations

from router.auth.keys import KEY_PREFIX, KeyEntry, KeyLimits, KeyRing, hash_key, new_key
from router.auth.keys_file import add_entry, entry_yaml, load_keys, parse_keys
from router.auth.limits import Limiter, MemoryLimiter, build_limiter

__all__ = [
    "KEY_PREFIX",
    "KeyEntry",
    "KeyLimits",
    "KeyRing",
    "Limiter",
    "MemoryLimiter",
    "add_entry",
    "build_limiter",
    "entry_yaml",
    "hash_key",
    "load_keys",
    "new_key",
    "parse_keys",
]
