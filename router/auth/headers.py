"""``x-ratelimit-*`` response headers: where a key stands against its limits.

OpenAI's names for the minute limits, and the same pattern for the daily dollar budget
(which OpenAI does not have); only for the limits the key has::

    x-ratelimit-limit-requests: 60        x-ratelimit-limit-tokens: 50000
    x-ratelimit-remaining-requests: 59    x-ratelimit-remaining-tokens: 49100
    x-ratelimit-reset-requests: 41.5s     x-ratelimit-reset-tokens: 41.5s
    x-ratelimit-limit-usd: 5              (per UTC day)
    x-ratelimit-remaining-usd: 4.981230
    x-ratelimit-reset-usd: 3h12m5s

Remaining tokens and dollars leave out what requests still running have reserved; reset
is when the window (or the UTC day) starts afresh, written like OpenAI's (``1s``,
``6m0s``, ``850ms``).
"""

from __future__ import annotations

import math

from router.auth.keys import KeyLimits
from router.auth.limits import Counters

__all__ = ["duration", "rate_limit_headers"]


def duration(seconds: float) -> str:
    """``seconds`` as OpenAI writes a reset time: ``850ms``, ``41.5s``, ``6m0s``, ``3h1m5s``."""
    if seconds < 1:
        return f"{max(0, math.ceil(seconds * 1000))}ms"
    if seconds < 60:
        return f"{math.ceil(seconds * 10) / 10:g}s"
    whole = math.ceil(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes}m{secs}s" if hours else f"{minutes}m{secs}s"


def rate_limit_headers(limits: KeyLimits, counters: Counters) -> dict[str, str]:
    """The headers for a key with ``limits`` whose counters stand at ``counters``."""
    headers: dict[str, str] = {}
    if limits.requests_per_minute is not None:
        rpm = limits.requests_per_minute
        headers["x-ratelimit-limit-requests"] = str(rpm)
        headers["x-ratelimit-remaining-requests"] = str(max(0, rpm - counters.requests))
        headers["x-ratelimit-reset-requests"] = duration(counters.window_reset_s)
    if limits.tokens_per_minute is not None:
        tpm = limits.tokens_per_minute
        headers["x-ratelimit-limit-tokens"] = str(tpm)
        headers["x-ratelimit-remaining-tokens"] = str(max(0, tpm - counters.tokens))
        headers["x-ratelimit-reset-tokens"] = duration(counters.window_reset_s)
    if limits.usd_per_day is not None:
        budget = limits.usd_per_day
        headers["x-ratelimit-limit-usd"] = f"{budget:g}"
        headers["x-ratelimit-remaining-usd"] = f"{max(0.0, budget - counters.usd):.6f}"
        headers["x-ratelimit-reset-usd"] = duration(counters.day_reset_s)
    return headers
