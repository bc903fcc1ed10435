"""Per-key limits: windows, budgets and messages in process; atomic across replicas in a
real Redis; counted in process while Redis is away."""

from __future__ import annotations

import asyncio

import pytest

from router.auth.keys import KeyLimits
from router.auth.limits import MemoryLimiter, seconds_to_utc_midnight
from router.auth.limits_redis import RedisLimiter
from router.errors import RateLimited

pytestmark = pytest.mark.anyio


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def test_memory_window_opens_with_the_first_request_and_lasts_a_minute() -> None:
    clock = Clock(1000.0)
    limiter = MemoryLimiter(clock=clock)
    limits = KeyLimits(requests_per_minute=2)
    await limiter.admit("ci", limits)
    clock.now += 20
    await limiter.admit("ci", limits)
    with pytest.raises(RateLimited) as refused:
        await limiter.admit("ci", limits)
    assert refused.value.retry_after_s == 40
    assert str(refused.value) == (
        "request limit reached for key 'ci': 2 of 2 requests per minute used; "
        "the window resets in 40 s"
    )
    await limiter.admit("other", limits)  # each key counts alone
    clock.now += 40
    await limiter.admit("ci", limits)  # a new window


async def test_memory_tokens_and_dollars_are_charged_after_the_request() -> None:
    clock, wall = Clock(0.0), Clock(86400 * 20000 + 86400 - 3 * 3600 - 59)
    limiter = MemoryLimiter(clock=clock, wall_clock=wall)
    limits = KeyLimits(tokens_per_minute=100, usd_per_day=0.01)
    await limiter.admit("ci", limits)
    await limiter.charge("ci", limits, tokens=120, usd=0.004)
    with pytest.raises(RateLimited, match="token limit reached for key 'ci': 120 tokens used"):
        await limiter.admit("ci", limits)
    clock.now += 60
    await limiter.admit("ci", limits)
    await limiter.charge("ci", limits, tokens=10, usd=0.007)
    with pytest.raises(RateLimited) as refused:
        await limiter.admit("ci", limits)
    assert str(refused.value) == (
        "daily budget reached for key 'ci': $0.011000 spent today (limit $0.01 per UTC day); "
        "it resets at 00:00 UTC, in 3 h 1 min"
    )
    assert refused.value.retry_after_s == 3 * 3600 + 59
    wall.now += 3 * 3600 + 59  # midnight UTC: a new day
    await limiter.admit("ci", limits)


async def test_redis_admission_is_atomic_across_replicas(redis_url: str) -> None:
    replicas = [RedisLimiter(redis_url) for _ in range(2)]
    limits = KeyLimits(requests_per_minute=7)

    async def one(index: int) -> bool:
        try:
            await replicas[index % 2].admit("burst", limits)
        except RateLimited:
            return False
        return True

    try:
        admitted = await asyncio.gather(*(one(i) for i in range(40)))
        import redis.asyncio as redis

        async with redis.Redis.from_url(redis_url) as raw:
            ttl = await raw.pttl("tierroute:limit:{burst}:minute")
            counted = await raw.hget("tierroute:limit:{burst}:minute", "requests")
    finally:
        for replica in replicas:
            await replica.aclose()
    assert sum(admitted) == 7
    assert int(counted) == 7
    assert 0 < ttl <= 60_000


async def test_redis_tokens_and_dollars(redis_url: str) -> None:
    limiter = RedisLimiter(redis_url)
    limits = KeyLimits(tokens_per_minute=50, usd_per_day=0.002)
    try:
        await limiter.admit("ci", limits)
        await limiter.charge("ci", limits, tokens=60, usd=0.001)
        with pytest.raises(RateLimited) as tokens:
            await limiter.admit("ci", limits)
        await limiter.charge("ci", limits, tokens=0, usd=0.0015)
        with pytest.raises(RateLimited) as dollars:
            await limiter.admit("ci", limits)
        unlimited = KeyLimits(requests_per_minute=100)
        await limiter.charge("free", unlimited, tokens=10**6, usd=100.0)  # nothing to count
        await limiter.admit("free", unlimited)
    finally:
        await limiter.aclose()
    assert str(tokens.value).startswith(
        "token limit reached for key 'ci': 60 tokens used this minute (limit 50 per minute)"
    )
    assert 1 <= tokens.value.retry_after_s <= 60
    assert str(dollars.value).startswith("daily budget reached for key 'ci': $0.002500 spent")
    assert abs(dollars.value.retry_after_s - seconds_to_utc_midnight()) <= 2


async def test_redis_away_still_limits_in_process() -> None:
    limiter = RedisLimiter("redis://127.0.0.1:1/0")
    limits = KeyLimits(requests_per_minute=1)
    try:
        await limiter.admit("ci", limits)
        with pytest.raises(RateLimited, match="1 of 1 requests per minute used"):
            await limiter.admit("ci", limits)
    finally:
        await limiter.aclose()
    assert limiter.errors == 1  # the second check did not even try Redis (circuit open)
