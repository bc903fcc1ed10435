"""Prometheus metrics and spend."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from router.api.access import AdminDep
from router.api.deps import ServicesDep
from router.api.responses import errors
from router.errors import RequestError
from router.usage.spend import DaySpend, today

routes = APIRouter(tags=["observability"])


@routes.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {
            "description": "Prometheus text format.",
            "content": {CONTENT_TYPE_LATEST.split(";")[0]: {"schema": {"type": "string"}}},
        }
    },
)
async def metrics(services: ServicesDep) -> Response:
    """Prometheus text exposition of this process's counters."""
    return Response(services.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)


@routes.get("/v1/spend", responses=errors(400, 401, 403, 503))
async def spend(
    services: ServicesDep,
    admin: AdminDep,
    day: Annotated[
        str | None,
        Query(
            description="UTC day, YYYY-MM-DD (default today)",
            json_schema_extra={"pattern": r"^\d{4}-\d{2}-\d{2}$"},
        ),
    ] = None,
    tenant: Annotated[str | None, Query(description="One tenant (default all)")] = None,
) -> DaySpend:
    """Spend per tenant (API key name) and tier for one day (admin keys only)."""
    day = today() if day is None else day
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        raise RequestError(f"day must look like 2026-01-31, got {day!r}")
    return await services.spend.day(day, tenant)
