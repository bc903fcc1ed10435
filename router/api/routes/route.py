"""The decision alone: no model is called."""

from __future__ import annotations

from fastapi import APIRouter, Request

from router.api.access import CallerDep, admit
from router.api.deps import RouterDep
from router.api.responses import errors
from router.api.schemas import RouteIn
from router.engine.decide import RouteDecision

router = APIRouter(prefix="/v1", tags=["routing"])


@router.post("/route", responses=errors(400, 401, 413, 429, 503))
async def route(
    body: RouteIn, engine: RouterDep, caller: CallerDep, http: Request
) -> RouteDecision:
    """Which tier a text or conversation goes to, and why."""
    await admit(http, caller)
    if body.text is not None:
        return engine.decide(body.text, body.metadata)
    messages = [m.model_dump(exclude_none=True) for m in body.messages or []]
    return engine.decide_messages(messages, body.metadata)
