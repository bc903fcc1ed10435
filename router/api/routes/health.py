"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
async def readyz(request: Request) -> JSONResponse:
    """The policy is loaded and the models are ready (503 until then)."""
    ready = bool(getattr(request.app.state, "ready", False))
    return JSONResponse(
        status_code=200 if ready else 503, content={"status": "ready" if ready else "starting"}
    )
