"""API keys, their permissions and their limits (requests, tokens, dollars).

Keys come from a YAML keys file (:mod:`~router.auth.keys_file`, reloaded when it changes:
:mod:`~router.auth.keys_reload`) and from ``TIERROUTE_API_KEYS``
(:mod:`~router.auth.keys_env`). Limits are counted in process or in Redis
(:mod:`~router.auth.limits`, :mod:`~router.auth.limits_redis`): a request reserves what
it may use (:mod:`~router.auth.estimate`) and settles to what it used.
"""

from __future__ import annotations

from router.auth.estimate import Estimate, estimate_request
from router.auth.headers import rate_limit_headers
from router.auth.keys import KEY_PREFIX, KeyEntry, KeyLimits, KeyRing, hash_key, new_key
from router.auth.keys_env import ENV_KEYS, parse_env_keys
from router.auth.keys_file import add_entry, entry_yaml, load_keys, parse_keys
from router.auth.keys_reload import KeysHolder, combine
from router.auth.limits import (
    Admission,
    Counters,
    Limiter,
    MemoryLimiter,
    Reservation,
    build_limiter,
)

__all__ = [
    "ENV_KEYS",
    "KEY_PREFIX",
    "Admission",
    "Counters",
    "Estimate",
    "KeyEntry",
    "KeyLimits",
    "KeyRing",
    "KeysHolder",
    "Limiter",
    "MemoryLimiter",
    "Reservation",
    "add_entry",
    "build_limiter",
    "combine",
    "entry_yaml",
    "estimate_request",
    "hash_key",
    "load_keys",
    "new_key",
    "parse_env_keys",
    "parse_keys",
    "rate_limit_headers",
]
