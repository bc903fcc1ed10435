"""What the REST service needs to start: from arguments, else ``TIERROUTE_*`` variables
(and ``REDIS_URL``), read once per process by pydantic-settings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from router.auth.keys import KeyEntry
from router.auth.keys_env import parse_env_keys
from router.stores.redis import RedisSettings

__all__ = ["ServiceSettings"]

_DEFAULT_POLICY = Path(__file__).resolve().parents[2] / "policies" / "default.yaml"


class ServiceSettings(BaseSettings):
    """What the REST service needs to start. Each field is read from ``TIERROUTE_<FIELD>``
    where not given (``TIERROUTE_WARM`` for ``warm_models``); the Redis settings from
    ``REDIS_URL`` and ``TIERROUTE_REDIS_*`` (:class:`~router.stores.redis.RedisSettings`)."""

    model_config = SettingsConfigDict(env_prefix="TIERROUTE_", validate_by_name=True)

    policy: Path = _DEFAULT_POLICY
    max_body_bytes: int = Field(default=2 * 1024 * 1024, gt=0)
    #: Load the embedded models at start (readiness waits for them).
    warm_models: bool = Field(default=True, validation_alias=AliasChoices("TIERROUTE_WARM"))
    #: The Redis of the cache, limits, spend and reload notices; without a URL all are in
    #: process.
    redis: RedisSettings = Field(default_factory=RedisSettings)
    #: API keys file (hashes, permissions, limits); with neither it nor ``api_keys``
    #: there are no keys and every caller is trusted.
    keys_file: Path | None = None
    #: Keys given directly (``TIERROUTE_API_KEYS="name:secret[:admin],..."``), hashed as they
    #: are read (a bad entry raises :class:`~router.errors.KeysFileError` naming its
    #: position, never the secret); merged with the file's.
    api_keys: Annotated[list[KeyEntry], NoDecode] = Field(default_factory=list)
    #: Seconds between checks of the keys file for changes; 0 = never reloaded.
    keys_poll_s: float = Field(default=2.0, ge=0)
    #: Seconds between checks of the policy file for changes; 0 = only on request.
    policy_poll_s: float = Field(default=2.0, ge=0)
    #: Write prompt and answer text into the log (never by default).
    log_content: bool = False

    @field_validator("api_keys", mode="before")
    @classmethod
    def _parse_env_keys(cls, value: Any) -> Any:
        if isinstance(value, str):
            return parse_env_keys(value).entries if value.strip() else []
        return value

    @classmethod
    def from_env(cls) -> ServiceSettings:
        """Settings from the environment alone (what ``ServiceSettings()`` reads too)."""
        return cls()
