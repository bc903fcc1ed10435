"""Dependencies shared by the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from router.engine import Router
from router.errors import BackendUnavailable

__all__ = ["RouterDep", "get_router"]


def get_router(request: Request) -> Router:
    """The router the app's lifespan built."""
    router: Router | None = getattr(request.app.state, "router", None)
    if router is None:
        raise BackendUnavailable("the service is still starting; retry shortly")
    return router


RouterDep = Annotated[Router, Depends(get_router)]
