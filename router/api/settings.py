"""Service settings, from arguments or ``TIERROUTE_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

from router.auth.keys import KeyEntry
from router.auth.keys_env import ENV_KEYS, parse_env_keys

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
    #: API keys file (hashes, permissions, limits); with neither it nor ``api_keys``
    #: there are no keys and every caller is trusted.
    keys_file: Path | None = None
    #: Keys given directly (``TIERROUTE_API_KEYS``), already hashed; merged with the file's.
    api_keys: list[KeyEntry] = Field(default_factory=list)
    #: Seconds between checks of the keys file for changes; 0 = never reloaded.
    keys_poll_s: float = Field(default=2.0, ge=0)
    #: Seconds between checks of the policy file for changes; 0 = only on request.
    policy_poll_s: float = Field(default=2.0, ge=0)
    #: Write prompt and answer text into the log (never by default).
    log_content: bool = False

    @classmethod
    def from_env(cls) -> ServiceSettings:
        """Settings from ``TIERROUTE_POLICY``, ``TIERROUTE_MAX_BODY_BYTES``, ``TIERROUTE_WARM``,
        ``TIERROUTE_KEYS_FILE``, ``TIERROUTE_API_KEYS`` (hashed as it is read; a bad entry
        raises :class:`~router.errors.KeysFileError` naming its position),
        ``TIERROUTE_KEYS_POLL_S``, ``TIERROUTE_POLICY_POLL_S`` and ``TIERROUTE_LOG_CONTENT``."""
        values: dict[str, object] = {}
        names = {
            "policy": "TIERROUTE_POLICY",
            "max_body_bytes": "TIERROUTE_MAX_BODY_BYTES",
            "keys_file": "TIERROUTE_KEYS_FILE",
            "policy_poll_s": "TIERROUTE_POLICY_POLL_S",
            "keys_poll_s": "TIERROUTE_KEYS_POLL_S",
        }
        for field, name in names.items():
            if os.environ.get(name):
                values[field] = os.environ[name]
        if os.environ.get(ENV_KEYS, "").strip():
            values["api_keys"] = parse_env_keys(os.environ[ENV_KEYS]).entries
        if "TIERROUTE_WARM" in os.environ:
            values["warm_models"] = os.environ["TIERROUTE_WARM"].lower() not in _NO
        if "TIERROUTE_LOG_CONTENT" in os.environ:
            values["log_content"] = os.environ["TIERROUTE_LOG_CONTENT"].lower() not in _NO
        return cls.model_validate(values)
