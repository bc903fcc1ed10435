"""Prometheus metrics of one service process (its own registry, no globals).

Label values are bounded: tiers, outcomes, escalation reasons and error kinds come from
fixed sets, never from request content. With several uvicorn workers each process
exports its own numbers; scrape each, or run one worker per container.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from router.backends.calls import Attempt
from router.stores.cache import CacheStats

__all__ = ["Metrics"]

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
_DECISION_BUCKETS = (1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 1e-2, 0.1)


def _error_kind(reason: str | None) -> str:
    name = (reason or "").split(":", 1)[0]
    return {
        "BackendTimeout": "timeout",
        "BackendUnavailable": "unavailable",
        "ConfigError": "config",
    }.get(name, "error")


class _CacheCollector(Collector):
    """Cache counters read from the cache's own stats at scrape time, and the Redis
    failures of each store from the process's one circuit."""

    def __init__(
        self, stats: Callable[[], CacheStats | None], redis_failures: Callable[[], dict[str, int]]
    ) -> None:
        self._stats = stats
        self._redis_failures = redis_failures

    def collect(self) -> Iterator[CounterMetricFamily]:
        stats = self._stats()
        lookups = CounterMetricFamily(
            "tierroute_cache_lookups", "Cache lookups by result.", labels=["result"]
        )
        errors = CounterMetricFamily(
            "tierroute_cache_errors",
            "Cache operations that could not use Redis (it failed, or had just failed); "
            "requests went on without the cache.",
        )
        if stats is not None:
            lookups.add_metric(["hit"], stats.hits)
            lookups.add_metric(["miss"], stats.misses)
            lookups.add_metric(["bypass"], stats.bypasses)
            errors.add_metric([], stats.errors)
        redis = CounterMetricFamily(
            "tierroute_redis_errors",
            "Failed Redis calls, by the store that made them (cache, limits, spend, ...).",
            labels=["store"],
        )
        for store, count in sorted(self._redis_failures().items()):
            redis.add_metric([store], count)
        yield lookups
        yield errors
        yield redis


class Metrics:
    """The service's counters and histograms."""

    def __init__(
        self,
        cache_stats: Callable[[], CacheStats | None] = lambda: None,
        redis_failures: Callable[[], dict[str, int]] = dict,
    ) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "tierroute_requests",
            "Requests answered or failed, by final tier.",
            ["tier", "outcome"],
            registry=r,
        )
        self.tokens = Counter(
            "tierroute_tokens", "Tokens of model calls, by tier.", ["tier", "kind"], registry=r
        )
        self.cost = Counter(
            "tierroute_cost_usd", "Cost of model calls in USD, by tier.", ["tier"], registry=r
        )
        self.escalations = Counter(
            "tierroute_escalations",
            "Escalations to the next tier.",
            ["from_tier", "reason"],
            registry=r,
        )
        self.looped = Counter(
            "tierroute_looped_answers",
            "Final answers that looped and were cut where the loop began.",
            ["tier"],
            registry=r,
        )
        self.handoffs = Counter(
            "tierroute_handoffs",
            "Tickets handed to a person, by why (rule, unresolved).",
            ["reason"],
            registry=r,
        )
        self.backend_errors = Counter(
            "tierroute_backend_errors", "Failed model calls.", ["tier", "error"], registry=r
        )
        self.decision_seconds = Histogram(
            "tierroute_decision_seconds",
            "Routing decision time.",
            buckets=_DECISION_BUCKETS,
            registry=r,
        )
        self.first_token_seconds = Histogram(
            "tierroute_time_to_first_token_seconds",
            "Time to the first answer token.",
            ["tier"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.request_seconds = Histogram(
            "tierroute_request_seconds",
            "Whole request time.",
            ["tier"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.shadow_requests = Counter(
            "tierroute_shadow_requests",
            "Requests judged in the shadow (judged), or not although sampled (why).",
            ["outcome"],
            registry=r,
        )
        self.shadow_cost = Counter(
            "tierroute_shadow_cost_usd",
            "Cost of shadow calls and judge calls in USD, by tier.",
            ["tier"],
            registry=r,
        )
        self.recalibrations = Counter(
            "tierroute_recalibrations",
            "Refits of the learned routing, by what was done with them.",
            ["applied"],
            registry=r,
        )
        r.register(_CacheCollector(cache_stats, redis_failures))

    def observe(
        self,
        *,
        tier: str,
        cache: str,
        decision_s: float,
        attempts: list[Attempt],
        seconds: float,
        first_token_s: float,
        looped: bool = False,
    ) -> None:
        """Count one answered request: its calls, escalations, errors and latency, and
        whether its answer looped (and was cut)."""
        self.requests.labels(tier, "cached" if cache == "hit" else "answered").inc()
        if looped:
            self.looped.labels(tier).inc()
        self.decision_seconds.observe(decision_s)
        for attempt in attempts:
            if attempt.outcome == "failed":
                self.backend_errors.labels(attempt.tier, _error_kind(attempt.reason)).inc()
                continue
            self.tokens.labels(attempt.tier, "prompt").inc(attempt.usage.prompt_tokens)
            self.tokens.labels(attempt.tier, "completion").inc(attempt.usage.completion_tokens)
            self.cost.labels(attempt.tier).inc(attempt.cost_usd)
            if attempt.outcome == "escalated":
                self.escalations.labels(attempt.tier, attempt.reason or "unknown").inc()
        self.request_seconds.labels(tier).observe(seconds)
        self.first_token_seconds.labels(tier).observe(first_token_s)

    def observe_handoff(self, reasons: list[str]) -> None:
        """Count a ticket handed to a person (``reasons`` as the ticket result gives them:
        ``rule <name>``, ``unresolved: ...``; counted by their kind)."""
        for kind in dict.fromkeys(r.split(" ", 1)[0].rstrip(":") for r in reasons):
            self.handoffs.labels(kind).inc()

    def observe_failure(self, kind: str, failures: list[tuple[str, str]] | None = None) -> None:
        """Count a request that got no answer (``kind``: rejected, failed) and the calls
        that failed on its way (``(tier, reason)``)."""
        self.requests.labels("none", kind).inc()
        for tier, reason in failures or []:
            self.backend_errors.labels(tier, _error_kind(reason)).inc()

    def handoff_counts(self) -> dict[str, int]:
        """Tickets handed to a person since the process started, by why."""
        return {
            sample.labels["reason"]: int(sample.value)
            for family in self.handoffs.collect()
            for sample in family.samples
            if sample.name.endswith("_total")
        }

    def held(self) -> dict[str, int]:
        """How many label sets the metrics hold (bounded: labels come from fixed sets)."""
        sets = {
            (family.name, tuple(sorted((k, v) for k, v in sample.labels.items() if k != "le")))
            for family in self.registry.collect()
            for sample in family.samples
            if any(k != "le" for k in sample.labels)
        }
        return {"label_sets": len(sets)}

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes."""
        data: bytes = generate_latest(self.registry)
        return data
