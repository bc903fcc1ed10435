"""What the routes use, built once when the app starts and closed when it stops.

One :class:`Services` per process: the settings, the API keys, the policy in force, the
metrics, the spend ledger, the limiter and the process's one Redis connection (the
cache, limits, spend and reload notices all go through it). The routes reach it through
the typed dependencies of :mod:`router.api.deps`, never through ``app.state`` directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from fastapi import FastAPI

from router.api.learning_loop import LearningLoop
from router.api.policy_reload import PolicyHolder
from router.api.settings import ServiceSettings
from router.auth.keys_reload import KeysHolder
from router.auth.limits import Limiter
from router.auth.limits_redis import limiter_for
from router.backends import Backends
from router.stores.cache import CacheStats, cache_for
from router.stores.decision_log import DecisionLog, decision_log_for
from router.stores.notices import ReloadNotices
from router.stores.redis import RedisConnection
from router.stores.sessions import sessions_for
from router.usage.metrics import Metrics
from router.usage.spend import SpendLedger, spend_ledger_for

__all__ = ["Services", "services_of"]

log = logging.getLogger("tierroute.api")


@dataclass
class Services:
    """The service's parts (see the module docstring)."""

    settings: ServiceSettings
    keys: KeysHolder | None
    policies: PolicyHolder
    metrics: Metrics
    spend: SpendLedger
    limiter: Limiter
    redis: RedisConnection | None
    learning: LearningLoop
    decisions: DecisionLog
    _watchers: list[asyncio.Task[None]] = field(default_factory=list)

    @classmethod
    async def start(
        cls,
        settings: ServiceSettings,
        keys: KeysHolder | None,
        *,
        backends: Backends | None = None,
    ) -> Services:
        """Connect (lazily) to Redis, load the policy and warm its models, start the file
        watchers. A policy that cannot serve raises: the service does not start."""
        redis = RedisConnection(settings.redis) if settings.redis.enabled else None
        policies = PolicyHolder(
            settings.policy,
            store=cache_for(redis),
            notices=ReloadNotices(redis) if redis is not None else None,
            backends=backends,
            warm=settings.warm_models,
            sessions=sessions_for(redis),
        )
        try:
            await policies.load()
        except BaseException:
            await policies.aclose()
            if redis is not None:
                await redis.aclose()
            raise
        metrics = Metrics(
            lambda: _cache_stats(policies),
            lambda: dict(redis.circuit.failures) if redis is not None else {},
        )
        spend = spend_ledger_for(redis)
        limiter = limiter_for(redis)
        services = cls(
            settings=settings,
            keys=keys,
            policies=policies,
            metrics=metrics,
            spend=spend,
            limiter=limiter,
            redis=redis,
            learning=LearningLoop(policies, spend, metrics, limiter=limiter),
            decisions=decision_log_for(redis, policies.current.policy),
        )
        services.learning.decisions = services.decisions
        services.learning.start()
        services._watch()
        return services

    def _watch(self) -> None:
        if self.settings.policy_poll_s > 0:
            self._watchers.append(
                asyncio.create_task(self.policies.watch(self.settings.policy_poll_s))
            )
        keys = self.keys
        if keys is not None and keys.file is not None and self.settings.keys_poll_s > 0:
            self._watchers.append(asyncio.create_task(keys.watch(self.settings.keys_poll_s)))

    async def aclose(self) -> None:
        """Stop the watchers; close the stores, the backends and the Redis connection."""
        for task in self._watchers:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.learning.aclose()
        await self.decisions.aclose()
        await self.policies.aclose()
        await self.spend.aclose()
        await self.limiter.aclose()
        if self.redis is not None:
            await self.redis.aclose()


def _cache_stats(policies: PolicyHolder) -> CacheStats | None:
    cache = policies.current.cached.cache
    return cache.stats if cache is not None else None


def services_of(app: FastAPI) -> Services | None:
    """The app's services, once its lifespan has built them (``None`` while starting)."""
    services: Services | None = getattr(app.state, "services", None)
    return services
