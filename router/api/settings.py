"""Service settings, from arguments or ``TIERROUTE_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

__all__ = ["ServiceSettings"]

_DEFAULT_POLICY = Path(__file__).resolve().parents[2] / "policies" / "default.yaml"
_NO = ("0", "false", "no", "off")


class ServiceSettings(BaseModel):
    """What the REST service needs to start."""

    policy: Path = _DEFAULT_POLICY
    max_body_bytes: int = Field(default=2 * 1024 * 1024, gt=0)
    warm_models: bool = True
    #: Redis for the response cache; ``None`` = ``$REDIS_URL``, "" = in-process cache.
    redis_url: str | None = None
    #: API keys file (hashes, permissions, limits); ``None`` = no keys, every caller trusted.
    keys_file: Path | None = None
    #: Seconds between checks of the policy file for changes; 0 = only on request.
    policy_poll_s: float = Field(default=2.0, ge=0)
    #: Write prompt and answer text into the log (never by default).
    log_content: bool = False

    @classmethod
    def from_env(cls) -> ServiceSettings:
        """Settings from ``TIERROUTE_POLICY``, ``TIERROUTE_MAX_BODY_BYTES``, ``TIERROUTE_WARM``,
        ``TIERROUTE_KEYS_FILE``, ``TIERROUTE_POLICY_POLL_S`` and ``TIERROUTE_LOG_CONTENT``."""
        values: dict[str, object] = {}
        names = {
            "policy": "TIERROUTE_POLICY",
            "max_body_bytes": "TIERROUTE_MAX_BODY_BYTES",
            "keys_file": "TIERROUTE_KEYS_FILE",
            "policy_poll_s": "TIERROUTE_POLICY_POLL_S",
        }
        for field, name in names.items():
            if os.environ.get(name):
                values[field] = os.environ[name]
        if "TIERROUTE_WARM" in os.environ:
            values["warm_models"] = os.environ["TIERROUTE_WARM"].lower() not in _NO
        if "TIERROUTE_LOG_CONTENT" in os.environ:
            values["log_content"] = os.environ["TIERROUTE_LOG_CONTENT"].lower() not in _NO
        return cls.model_validate(values)
