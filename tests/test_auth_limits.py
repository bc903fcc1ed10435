"""Per-key limits: windows, reservations, settling and messages in process; atomic across
replicas in a real Redis (concurrent reservations never pass a limit together); counted
in process while Redis is away."""

from __future__ import annotations

import asyncio

import pytest

from router.auth.keys import KeyLimits
from router.auth.limits import (
    Limiter,
    MemoryLimiter,
    Reservation,
    seconds_to_utc_midnight,
    utc_day,
)
from router.auth.limits_redis import RedisLimiter
from router.errors import ExceedsKeyLimit, RateLimited
from tests.redis_clients import async_client

pytestmark = pytest.mark.anyio

DAY_S = 86400


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def admitted(
    limiter: Limiter, tenant: str, limits: KeyLimits, *, tokens: int = 0, usd: float = 0.0
) -> Reservation:
    """The reservation of an admitted request (the refusal is raised)."""
    admission = await limiter.reserve(tenant, limits, tokens=tokens, usd=usd)
    if admission.refused is not None:
        raise admission.refused
    assert admission.reservation is not None
    return admission.reservation


async def test_memory_window_opens_with_the_first_request_and_lasts_a_minute() -> None:
    clock = Clock(1000.0)
    limiter = MemoryLimiter(clock=clock)
    limits = KeyLimits(requests_per_minute=2)
    await admitted(limiter, "ci", limits)
    clock.now += 20
    await admitted(limiter, "ci", limits)
    refused = await limiter.reserve("ci", limits)
    assert refused.reservation is None and refused.refused is not None
    assert refused.refused.retry_after_s == 40
    assert str(refused.refused) == (
        "request limit reached for key 'ci': 2 of 2 requests per minute used; "
        "the window resets in 40 s"
    )
    assert (refused.counters.requests, refused.counters.window_reset_s) == (2, 40)
    await admitted(limiter, "other", limits)  # each key counts alone
    clock.now += 40
    await admitted(limiter, "ci", limits)  # a new window


async def test_memory_reservations_refuse_what_does_not_fit_and_settle_to_what_was_used() -> None:
    clock = Clock(0.0)
    limiter = MemoryLimiter(clock=clock)
    limits = KeyLimits(tokens_per_minute=100)
    first = await admitted(limiter, "ci", limits, tokens=60)
    with pytest.raises(RateLimited) as refused:
        await admitted(limiter, "ci", limits, tokens=50)
    assert str(refused.value) == (
        "token limit reached for key 'ci': 60 tokens used or reserved this minute and this "
        "request may use up to 50 (limit 100 per minute); the window resets in 60 s"
    )
    after = await limiter.settle(first, tokens=18, usd=0.0)  # the unused 42 come back
    assert after is not None and after.tokens == 18 and after.requests == 1
    second = await admitted(limiter, "ci", limits, tokens=50)
    failed = await limiter.settle(second, tokens=0, usd=0.0)  # a failed call gives back all
    assert failed is not None and failed.tokens == 18
    third = await admitted(limiter, "ci", limits, tokens=80)
    over = await limiter.settle(third, tokens=90, usd=0.0)  # used more than it reserved
    assert over is not None and over.tokens == 108
    with pytest.raises(RateLimited, match="108 tokens used or reserved this minute"):
        await admitted(limiter, "ci", limits)
    with pytest.raises(ExceedsKeyLimit) as never:
        await limiter.reserve("ci", limits, tokens=101)
    assert str(never.value) == (
        "this request may use up to 101 tokens (its prompt and the longest answer it may "
        "get), more than key 'ci' may use in a minute (100); send a smaller max_tokens, or "
        "ask an admin to raise tokens_per_minute"
    )


async def test_memory_a_window_or_day_that_ended_took_its_reservation_with_it() -> None:
    clock, wall = Clock(0.0), Clock(DAY_S * 20000 + DAY_S - 30)
    limiter = MemoryLimiter(clock=clock, wall_clock=wall)
    limits = KeyLimits(tokens_per_minute=100, usd_per_day=1.0)
    early = await admitted(limiter, "ci", limits, tokens=40, usd=0.5)
    late = await admitted(limiter, "ci", limits, tokens=40, usd=0.4)
    clock.now += 60
    wall.now += 60  # a new minute and a new UTC day
    released = await limiter.settle(early, tokens=10, usd=0.1)  # nothing to give back
    assert released is not None and (released.tokens, released.usd) == (0, 0.0)
    charged = await limiter.settle(late, tokens=55, usd=0.6)  # only what it used beyond
    assert charged is not None and charged.tokens == 15
    assert charged.usd == pytest.approx(0.2)


async def test_memory_daily_budget() -> None:
    wall = Clock(DAY_S * 20000 + DAY_S - 3 * 3600 - 59)
    limiter = MemoryLimiter(wall_clock=wall)
    limits = KeyLimits(usd_per_day=0.01)
    first = await admitted(limiter, "ci", limits, usd=0.006)
    await limiter.settle(first, tokens=0, usd=0.004)
    second = await admitted(limiter, "ci", limits, usd=0.006)  # 0.004 + 0.006 fits exactly
    await limiter.settle(second, tokens=0, usd=0.007)
    with pytest.raises(RateLimited) as refused:
        await admitted(limiter, "ci", limits)
    assert str(refused.value) == (
        "daily budget reached for key 'ci': $0.011000 spent or reserved today "
        "(limit $0.01 per UTC day); it resets at 00:00 UTC, in 3 h 1 min"
    )
    assert refused.value.retry_after_s == 3 * 3600 + 59
    with pytest.raises(ExceedsKeyLimit, match=r"may cost up to \$0.020000 .* \(\$0.01\); "):
        await limiter.reserve("ci", limits, usd=0.02)
    wall.now += 3 * 3600 + 59  # midnight UTC: a new day
    await admitted(limiter, "ci", limits, usd=0.01)


async def test_redis_admission_is_atomic_across_replicas(any_redis: str) -> None:
    redis_url = any_redis
    replicas = [RedisLimiter.connect(redis_url) for _ in range(2)]
    limits = KeyLimits(requests_per_minute=7)

    async def one(index: int) -> bool:
        admission = await replicas[index % 2].reserve("burst", limits)
        return admission.refused is None

    try:
        admitted_ = await asyncio.gather(*(one(i) for i in range(40)))
        async with async_client(redis_url) as raw:
            ttl = await raw.pttl("tierroute:limit:{burst}:minute")
            counted = await raw.hget("tierroute:limit:{burst}:minute", "requests")
    finally:
        for replica in replicas:
            await replica.aclose()
    assert sum(admitted_) == 7
    assert int(counted) == 7
    assert 0 < ttl <= 60_000


async def test_redis_concurrent_reservations_never_pass_token_or_dollar_limits(
    any_redis: str,
) -> None:
    """Forty requests at once on two replicas, each reserving 30 tokens (or $0.00015):
    exactly as many are admitted as fit, so what they use cannot pass the limit."""
    redis_url = any_redis
    replicas = [RedisLimiter.connect(redis_url) for _ in range(2)]
    tokens = KeyLimits(tokens_per_minute=200)
    dollars = KeyLimits(usd_per_day=0.001)

    async def one(index: int, tenant: str, limits: KeyLimits) -> Reservation | None:
        tokens_, usd = (30, 0.0) if tenant == "tok" else (0, 0.00015)
        admission = await replicas[index % 2].reserve(tenant, limits, tokens=tokens_, usd=usd)
        return admission.reservation

    try:
        by_tokens = await asyncio.gather(*(one(i, "tok", tokens) for i in range(40)))
        by_dollars = await asyncio.gather(*(one(i, "usd", dollars) for i in range(40)))
        held = [r for r in by_tokens if r is not None]
        spent = [r for r in by_dollars if r is not None]
        settled = await asyncio.gather(
            *(replicas[i % 2].settle(r, tokens=18, usd=0.0) for i, r in enumerate(held))
        )
        paid = await asyncio.gather(
            *(replicas[i % 2].settle(r, tokens=0, usd=0.0001) for i, r in enumerate(spent))
        )
    finally:
        for replica in replicas:
            await replica.aclose()
    assert (len(held), len(spent)) == (6, 6)  # 6 x 30 <= 200 < 7 x 30; 6 x 0.00015 <= 0.001
    assert min(c.tokens for c in settled if c is not None) == 6 * 18
    assert min(c.usd for c in paid if c is not None) == pytest.approx(0.0006)


async def test_redis_settling_messages_and_ended_windows(any_redis: str) -> None:
    redis_url = any_redis

    limiter = RedisLimiter.connect(redis_url)
    limits = KeyLimits(tokens_per_minute=100, usd_per_day=0.002)
    try:
        first = await admitted(limiter, "ci", limits, tokens=70, usd=0.0015)
        tokens = await limiter.reserve("ci", limits, tokens=40)
        dollars = await limiter.reserve("ci", limits, tokens=10, usd=0.001)
        back = await limiter.settle(first, tokens=18, usd=0.0005)
        assert back is not None and (back.requests, back.tokens) == (1, 18)
        assert back.usd == pytest.approx(0.0005)
        with pytest.raises(ExceedsKeyLimit, match="more than key 'ci' may use in a minute"):
            await limiter.reserve("ci", limits, tokens=101)
        unlimited = KeyLimits(requests_per_minute=100)  # tokens and dollars are not counted
        free = await admitted(limiter, "free", unlimited, tokens=10**6, usd=100.0)
        assert (free.tokens, free.usd) == (0, 0.0)
        # the minute ends while a request runs: its reservation went with the window
        running = await admitted(limiter, "ci", limits, tokens=50)
        async with async_client(redis_url) as raw:
            await raw.delete("tierroute:limit:{ci}:minute")
        quiet = await limiter.settle(running, tokens=20, usd=0.0)
        loud = await limiter.settle(running, tokens=65, usd=0.0)  # 15 beyond: counted anew
        # a reservation of yesterday: only what it used beyond it is counted, today
        yesterday = Reservation("ci", limits, 0, 0.0004, "gone", "2000-01-01", in_redis=True)
        today = await limiter.settle(yesterday, tokens=0, usd=0.0006)
        async with async_client(redis_url) as raw:
            old_day = await raw.exists("tierroute:limit:{ci}:usd:2000-01-01")
    finally:
        await limiter.aclose()
    assert tokens.refused is not None and str(tokens.refused).startswith(
        "token limit reached for key 'ci': 70 tokens used or reserved this minute and this "
        "request may use up to 40 (limit 100 per minute); the window resets in "
    )
    assert 1 <= tokens.refused.retry_after_s <= 60
    assert dollars.refused is not None and str(dollars.refused).startswith(
        "daily budget reached for key 'ci': $0.001500 spent or reserved today and this "
        "request may cost up to $0.001000 (limit $0.002 per UTC day)"
    )
    assert abs(dollars.refused.retry_after_s - seconds_to_utc_midnight()) <= 2
    assert quiet is not None and (quiet.tokens, quiet.requests) == (0, 0)
    assert loud is not None and loud.tokens == 15 and 59 < loud.window_reset_s <= 60
    assert today is not None and today.usd == pytest.approx(0.0005 + 0.0002)
    assert old_day == 0 and utc_day() != "2000-01-01"


async def test_redis_away_still_limits_in_process() -> None:
    limiter = RedisLimiter.connect("redis://127.0.0.1:1/0")
    limits = KeyLimits(requests_per_minute=1, tokens_per_minute=50)
    try:
        held = await admitted(limiter, "ci", limits, tokens=30)
        refused = await limiter.reserve("ci", limits, tokens=30)
        after = await limiter.settle(held, tokens=10, usd=0.0)  # settled where it was made
    finally:
        await limiter.aclose()
    assert refused.refused is not None
    assert str(refused.refused).startswith("token limit reached for key 'ci': 30 tokens used")
    assert after is not None and after.tokens == 10
    assert limiter.errors == 1  # the later steps did not even try Redis (circuit open)
