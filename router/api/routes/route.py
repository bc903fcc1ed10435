"""The decision alone: no model is called."""

from __future__ import annotations

from fastapi import APIRouter, Request

from router.api.access import CallerDep, reserve
from router.api.deps import RouterDep, ServicesDep
from router.api.exchange import named_session
from router.api.protocols.native import RouteIn
from router.api.responses import errors
from router.engine.decide import RouteDecision
from router.engine.requests import RouteRequest

routes = APIRouter(prefix="/v1", tags=["routing"])


@routes.post("/route", responses=errors(400, 401, 413, 429, 503))
async def route(
    body: RouteIn, router: RouterDep, services: ServicesDep, caller: CallerDep, http: Request
) -> RouteDecision:
    """Which tier a text or conversation goes to, and why: placed as a chat request would
    be (a tool loop on the tier that issued the call, a conversation on its tier, a tier
    that can read its images); counted against the caller's request limit, no tokens
    reserved."""
    await reserve(http, services.limiter, caller)
    if body.text is not None:
        return router.decide(body.text, body.metadata)
    messages = [m.model_dump(exclude_none=True) for m in body.messages or []]
    request = RouteRequest(messages=messages, metadata=body.metadata, session=named_session(http))
    return (await router.place(request)).decision
