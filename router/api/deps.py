"""Typed dependencies of the routes: the services, the policy in force, its router.

All are ``async def``: they do no I/O, and FastAPI would run a plain ``def`` dependency in
a worker thread, a hop per request that costs more than the dependency itself. The
caller (:mod:`router.api.access`) and the exchange (:mod:`router.api.exchange`) have
their dependencies next to what they build.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from router.api.policy_reload import LoadedPolicy, PolicyHolder
from router.api.services import Services, services_of
from router.engine.router import Router
from router.errors import BackendUnavailable

__all__ = [
    "LoadedPolicyDep",
    "PoliciesDep",
    "RouterDep",
    "ServicesDep",
    "get_loaded_policy",
    "get_router",
    "get_services",
]


async def get_services(request: Request) -> Services:
    """The services the app's lifespan built (503 while the service is starting)."""
    services = services_of(request.app)
    if services is None:
        raise BackendUnavailable("the service is still starting; retry shortly")
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_policies(services: ServicesDep) -> PolicyHolder:
    """The holder of the policy in force (it reloads it)."""
    return services.policies


PoliciesDep = Annotated[PolicyHolder, Depends(get_policies)]


async def get_loaded_policy(policies: PoliciesDep) -> LoadedPolicy:
    """The policy in force when the request started; the request keeps it to the end."""
    return policies.current


LoadedPolicyDep = Annotated[LoadedPolicy, Depends(get_loaded_policy)]


async def get_router(loaded: LoadedPolicyDep) -> Router:
    """The router (with the response cache) of the policy in force."""
    return loaded.cached


RouterDep = Annotated[Router, Depends(get_router)]
