"""The decision alone: no model is called."""

from __future__ import annotations

from fastapi import APIRouter, Request

from router.api.access import CallerDep, reserve
from router.api.deps import RouterDep, ServicesDep
from router.api.protocols.native import RouteIn
from router.api.responses import errors
from router.engine.decide import RouteDecision

routes = APIRouter(prefix="/v1", tags=["routing"])


@routes.post("/route", responses=errors(400, 401, 413, 429, 503))
async def route(
    body: RouteIn, router: RouterDep, services: ServicesDep, caller: CallerDep, http: Request
) -> RouteDecision:
    """Which tier a text or conversation goes to, and why (counted against the caller's
    request limit; it reserves no tokens)."""
    await reserve(http, services.limiter, caller)
    if body.text is not None:
        return router.decide(body.text, body.metadata)
    messages = [m.model_dump(exclude_none=True) for m in body.messages or []]
    return router.decide_messages(messages, body.metadata)
