"""The FastAPI application factory. Nothing happens at import time."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from router.api.access import RateLimitHeaders
from router.api.http.body_size import BodySizeLimit
from router.api.http.errors import install_error_handlers
from router.api.http.request_ids import RequestIds
from router.api.responses import install_openapi
from router.api.routes import (
    chat,
    dashboard,
    feedback,
    health,
    messages,
    meta,
    observability,
    responses,
    route,
    tickets,
)
from router.api.services import Services
from router.api.settings import ServiceSettings
from router.auth.keys_reload import KeysHolder
from router.backends import Backends

__all__ = ["create_app", "create_app_from_env"]

log = logging.getLogger("tierroute.api")


def create_app(
    settings: ServiceSettings | None = None, *, backends: Backends | None = None
) -> FastAPI:
    """Build the app (``settings``: default from the environment); the API keys are read
    here, the policy loaded and models warmed when it starts (its lifespan)."""
    settings = settings or ServiceSettings()
    keys = KeysHolder.from_sources(settings.keys_file, settings.api_keys)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await Services.start(settings, keys, backends=backends)
        app.state.services = services  # read through router.api.deps, typed
        # what is loaded by now (litellm alone is ~1M objects) lives as long as the
        # process: out of the collector's full passes, which otherwise walk it all
        gc.collect()
        gc.freeze()
        policy = services.policies.current.policy
        log.info("tierroute ready: policy %s (%s)", policy.name, policy.version)
        if keys is None:
            log.warning("no API keys configured: every caller is trusted (loopback use only)")
        else:
            log.info("%d API keys from %s", len(keys.current), keys.current.source)
        try:
            yield
        finally:
            app.state.services = None
            await services.aclose()

    app = FastAPI(
        title="tierroute",
        version="0.1.0",
        summary="Tiered model routing: each request to the cheapest tier that answers it well.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    install_openapi(app)
    for module in (
        chat,
        messages,
        responses,
        route,
        tickets,
        feedback,
        meta,
        health,
        observability,
        dashboard,
    ):
        app.include_router(module.routes)
    app.mount("/ui/static", StaticFiles(directory=dashboard.STATIC), name="dashboard-static")
    app.add_middleware(RateLimitHeaders)  # x-ratelimit-*, also on the error handlers' 429s
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestIds)  # outermost of ours: even a 413 carries the request id
    return app


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (several workers): settings from the environment."""
    return create_app(ServiceSettings())
