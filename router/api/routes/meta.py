"""The tiers as models, the policy in force, and reloading it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from router.api.access import AdminDep, CallerDep
from router.api.deps import PoliciesDep, RouterDep
from router.api.policy_reload import ReloadOutcome
from router.api.protocols.native import ModelCard, ModelList
from router.api.responses import errors
from router.errors import ConfigError
from router.policy.model import TIER_NAMES

routes = APIRouter(prefix="/v1", tags=["policy"])


@routes.get("/models", responses=errors(401, 503))
async def list_models(router: RouterDep, caller: CallerDep) -> ModelList:
    """``auto`` (routed by policy) and each tier, with the model behind it."""
    cards = [ModelCard(id="auto")]
    cards += [ModelCard(id=t, backing_model=router.policy.tier(t).model) for t in TIER_NAMES]
    return ModelList(data=cards)


@routes.get("/policy", responses=errors(401, 403, 503))
async def get_policy(router: RouterDep, admin: AdminDep) -> dict[str, Any]:
    """The policy in force, with its version and the classifier's (admin keys only)."""
    return {
        "version": router.policy.version,
        "classifier_version": router.scorer.version,
        "policy": _redacted(router.policy.model_dump(mode="json")),
    }


@routes.post(
    "/policy/reload",
    response_model=ReloadOutcome,
    responses=errors(401, 403, 422, 503),
)
async def reload_policy(policies: PoliciesDep, admin: AdminDep) -> Any:
    """Load the policy file again and put it in force if it is valid and can serve; if
    not, 422 with every problem (file:line: field: message) and the old policy serves on.
    Requests already running finish on the policy they started with."""
    try:
        return await policies.reload("POST /v1/policy/reload")
    except ConfigError as exc:
        problems = str(exc).splitlines()
        message = (
            f"policy not reloaded; version {policies.current.policy.version} keeps serving. "
            f"{len(problems)} problem(s):\n{exc}"
        )
        return JSONResponse(
            status_code=422,
            content={
                "error": {
                    "message": message,
                    "type": type(exc).__name__,
                    "code": 422,
                    "problems": problems,
                }
            },
        )


def _redacted(value: Any) -> Any:
    """The policy without server addresses (``api_base``): callers need not know them."""
    if isinstance(value, dict):
        return {k: ("<set>" if k == "api_base" and v else _redacted(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    return value
