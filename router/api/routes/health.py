"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from router.api.protocols.native import HealthOut
from router.api.services import services_of

routes = APIRouter(tags=["health"])


@routes.get("/healthz")
async def healthz() -> HealthOut:
    """The process is up."""
    return HealthOut(status="ok")


@routes.get(
    "/readyz",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "Still starting."}},
)
async def readyz(request: Request) -> JSONResponse:
    """The policy is loaded and the models are ready (503 until then)."""
    ready = services_of(request.app) is not None
    return JSONResponse(
        status_code=200 if ready else 503, content={"status": "ready" if ready else "starting"}
    )
