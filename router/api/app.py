"""The FastAPI application factory. Nothing happens at import time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from router.api.access import RateLimitHeaders
from router.api.body_size import BodySizeLimit
from router.api.errors import install_error_handlers
from router.api.policy_reload import PolicyHolder
from router.api.request_ids import RequestIds
from router.api.responses import install_openapi
from router.api.routes import chat, health, meta, observability, route, tickets
from router.api.settings import ServiceSettings
from router.auth.keys_reload import KeysHolder
from router.auth.limits import build_limiter
from router.backends import Backends
from router.stores.cache import CacheStats, build_cache
from router.usage.metrics import Metrics
from router.usage.spend import build_spend_ledger

__all__ = ["create_app", "create_app_from_env"]

log = logging.getLogger("tierroute.api")


def create_app(
    settings: ServiceSettings | None = None, *, backends: Backends | None = None
) -> FastAPI:
    """Build the app; the API keys are read here, the policy loaded and models warmed in
    the lifespan."""
    settings = settings or ServiceSettings()
    keys = KeysHolder.from_sources(settings.keys_file, settings.api_keys)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redis_url = (
            settings.redis_url
            if settings.redis_url is not None
            else (os.environ.get("REDIS_URL") or "")
        )
        policies = PolicyHolder(
            settings.policy,
            store=build_cache(True, redis_url),
            backends=backends,
            warm=settings.warm_models,
        )
        app.state.ready = False
        await policies.load()
        app.state.policies = policies
        app.state.metrics = Metrics(lambda: _cache_stats(policies))
        app.state.spend = build_spend_ledger(redis_url or None)
        app.state.limiter = build_limiter(redis_url or None)
        watcher = (
            asyncio.create_task(policies.watch(settings.policy_poll_s))
            if settings.policy_poll_s > 0
            else None
        )
        keys_watcher = (
            asyncio.create_task(keys.watch(settings.keys_poll_s))
            if keys is not None and keys.file is not None and settings.keys_poll_s > 0
            else None
        )
        app.state.ready = True
        policy = policies.current.policy
        log.info("tierroute ready: policy %s (%s)", policy.name, policy.version)
        if keys is None:
            log.warning("no API keys configured: every caller is trusted (loopback use only)")
        else:
            log.info("%d API keys from %s", len(keys.current), keys.current.source)
        try:
            yield
        finally:
            for task in (watcher, keys_watcher):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
            await policies.aclose()
            await app.state.spend.aclose()
            await app.state.limiter.aclose()

    app = FastAPI(
        title="tierroute",
        version="0.1.0",
        summary="Tiered model routing: each request to the cheapest tier that answers it well.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.keys = keys
    install_error_handlers(app)
    install_openapi(app)
    for module in (chat, route, tickets, meta, health, observability):
        app.include_router(module.router)
    app.add_middleware(RateLimitHeaders)  # x-ratelimit-*, also on the error handlers' 429s
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestIds)  # outermost of ours: even a 413 carries the request id
    return app


def _cache_stats(policies: PolicyHolder) -> CacheStats | None:
    cache = policies.current.router.cache
    return cache.stats if cache is not None else None


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (several workers): settings from the environment."""
    return create_app(ServiceSettings.from_env())
