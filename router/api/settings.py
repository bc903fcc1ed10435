"""Service settings, from arguments or ``TIERROUTE_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

__all__ = ["ServiceSettings"]

_DEFAULT_POLICY = Path(__file__).resolve().parents[2] / "policies" / "default.yaml"


class ServiceSettings(BaseModel):
    """What the REST service needs to start."""

    policy: Path = _DEFAULT_POLICY
    max_body_bytes: int = Field(default=2 * 1024 * 1024, gt=0)
    warm_models: bool = True
    #: Redis for the response cache; ``None`` = ``$REDIS_URL``, "" = in-process cache.
    redis_url: str | None = None

    @classmethod
    def from_env(cls) -> ServiceSettings:
        """Settings from ``TIERROUTE_POLICY``, ``TIERROUTE_MAX_BODY_BYTES``, ``TIERROUTE_WARM``."""
        values: dict[str, object] = {}
        if "TIERROUTE_POLICY" in os.environ:
            values["policy"] = os.environ["TIERROUTE_POLICY"]
        if "TIERROUTE_MAX_BODY_BYTES" in os.environ:
            values["max_body_bytes"] = os.environ["TIERROUTE_MAX_BODY_BYTES"]
        if "TIERROUTE_WARM" in os.environ:
            values["warm_models"] = os.environ["TIERROUTE_WARM"] not in ("0", "false", "no")
        return cls.model_validate(values)
