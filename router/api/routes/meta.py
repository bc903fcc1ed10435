"""The tiers as models, and the policy in force."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from router.api.deps import RouterDep
from router.api.schemas import ModelCard, ModelList
from router.policy import TIER_NAMES

router = APIRouter(prefix="/v1", tags=["policy"])


@router.get("/models")
async def list_models(engine: RouterDep) -> ModelList:
    """``auto`` (routed by policy) and each tier, with the model behind it."""
    cards = [ModelCard(id="auto")]
    cards += [ModelCard(id=t, backing_model=engine.policy.tier(t).model) for t in TIER_NAMES]
    return ModelList(data=cards)


@router.get("/policy")
async def get_policy(engine: RouterDep) -> dict[str, Any]:
    """The policy in force, with its version and the classifier's."""
    return {
        "version": engine.policy.version,
        "classifier_version": engine.scorer.version,
        "policy": _redacted(engine.policy.model_dump(mode="json")),
    }


def _redacted(value: Any) -> Any:
    """The policy without server addresses (``api_base``): callers need not know them."""
    if isinstance(value, dict):
        return {k: ("<set>" if k == "api_base" and v else _redacted(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    return value
