"""The FastAPI application factory. Nothing happens at import time."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from router.api.errors import install_error_handlers
from router.api.limits import BodySizeLimit
from router.api.routes import chat, health, meta, observability, route, tickets
from router.api.settings import ServiceSettings
from router.backends import Backends
from router.cache import build_cache
from router.engine import Router
from router.errors import ConfigError
from router.metrics import Metrics
from router.policy import TIER_NAMES
from router.policy_checks import policy_problems
from router.policy_loading import load_policy
from router.spend import build_spend_ledger

__all__ = ["create_app", "create_app_from_env"]

log = logging.getLogger("tierroute.api")


async def _warm(router: Router) -> None:
    from router.backends.embedded import EmbeddedBackend

    for name in TIER_NAMES:
        model = router.policy.tier(name).model
        backend = router.backends.for_model(model)
        if isinstance(backend, EmbeddedBackend):
            await backend.warm(model)


def create_app(
    settings: ServiceSettings | None = None, *, backends: Backends | None = None
) -> FastAPI:
    """Build the app; the policy is loaded and models warmed in the lifespan."""
    settings = settings or ServiceSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        policy = load_policy(settings.policy)
        problems = policy_problems(policy)
        if problems:
            raise ConfigError(f"{settings.policy}: " + "; ".join(problems))
        redis_url = (
            settings.redis_url
            if settings.redis_url is not None
            else (os.environ.get("REDIS_URL") or "")
        )
        router = Router(
            policy,
            backends=backends,
            cache=build_cache(policy.cache.enabled, redis_url),
        )
        app.state.metrics = Metrics(lambda: router.cache.stats if router.cache else None)
        app.state.spend = build_spend_ledger(redis_url or None)
        app.state.ready = False
        app.state.router = router
        if settings.warm_models:
            await _warm(router)
        app.state.ready = True
        log.info("tierroute ready: policy %s (%s)", router.policy.name, router.policy.version)
        try:
            yield
        finally:
            await router.aclose()
            await app.state.spend.aclose()

    app = FastAPI(
        title="tierroute",
        version="0.1.0",
        summary="Tiered model routing: each request to the cheapest tier that answers it well.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    for module in (chat, route, tickets, meta, health, observability):
        app.include_router(module.router)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (several workers): settings from the environment."""
    return create_app(ServiceSettings.from_env())
