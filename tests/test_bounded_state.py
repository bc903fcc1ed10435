"""What the long-running parts hold stays within its bounds, as each reports it (``held()``,
which the soak benchmark's memory probe reads)."""

from __future__ import annotations

import pytest

from router import Router
from router.auth.keys import KeyLimits
from router.auth.limits import MemoryLimiter
from router.backends.calls import Attempt, Usage
from router.policy.loading import load_policy_scorer
from router.stores.cache import MemoryCache
from router.usage.metrics import Metrics
from router.usage.spend import MemorySpend

pytestmark = pytest.mark.anyio


async def test_the_memory_cache_holds_at_most_max_entries() -> None:
    cache = MemoryCache(max_entries=3)
    for i in range(10):
        await cache.set(f"k{i}", "v", 60)
    assert cache.held() == {"in_flight": 0, "entries": 3}


def test_the_scorer_keeps_at_most_word_cache_size_words(default_router: Router) -> None:
    scorer = load_policy_scorer(default_router.policy)  # its own caches
    scorer.word_cache_size = 5
    for i in range(50):
        scorer.score(f"word{i} other{i} third{i}")
    assert scorer.held() == {"word_cache": 5}


def test_metrics_count_label_sets_not_requests() -> None:
    metrics = Metrics()
    attempt = Attempt(tier="small", model="m", outcome="answered", latency_ms=1.0, usage=Usage())
    held = []
    for _ in range(100):
        metrics.observe(
            tier="small",
            cache="off",
            decision_s=0.0,
            attempts=[attempt],
            seconds=0.1,
            first_token_s=0.1,
        )
        held.append(metrics.held()["label_sets"])
    assert held[0] > 0 and set(held) == {held[0]}


async def test_spend_and_limits_hold_one_entry_per_tenant() -> None:
    spend, limiter = MemorySpend(), MemoryLimiter()
    attempt = Attempt(tier="small", model="m", outcome="answered", latency_ms=1.0, cost_usd=0.1)
    limits = KeyLimits(requests_per_minute=100, usd_per_day=10)
    for _ in range(5):
        for tenant in ("a", "b"):
            await spend.record(tenant, [attempt])
            await limiter.reserve(tenant, limits, usd=0.01)
    assert spend.held() == {"days": 1, "tenant_days": 2}
    assert limiter.held() == {"minute_keys": 2, "usd_keys": 2}
