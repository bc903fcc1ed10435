"""Dependencies shared by the routes.

All are ``async def``: they do no I/O, and FastAPI would run a plain ``def`` dependency in
a worker thread, a hop per request that costs more than the dependency itself.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from router.api.policy_reload import Generation, PolicyHolder
from router.engine.router import Router
from router.errors import BackendUnavailable

__all__ = ["GenerationDep", "PoliciesDep", "RouterDep", "get_generation", "get_router"]


async def get_policies(request: Request) -> PolicyHolder:
    """The policy holder the app's lifespan built."""
    policies: PolicyHolder | None = getattr(request.app.state, "policies", None)
    if policies is None:
        raise BackendUnavailable("the service is still starting; retry shortly")
    return policies


PoliciesDep = Annotated[PolicyHolder, Depends(get_policies)]


async def get_generation(policies: PoliciesDep) -> Generation:
    """The policy in force when the request started; the request keeps it to the end."""
    return policies.current


GenerationDep = Annotated[Generation, Depends(get_generation)]


async def get_router(generation: GenerationDep) -> Router:
    """The (cached) router of the policy in force."""
    return generation.router


RouterDep = Annotated[Router, Depends(get_router)]
