"""The exception tree of tierroute, mapped once to HTTP status codes and CLI exit codes.

::

    TierrouteError                  base; never raised itself
    ├── ConfigError                 a file the operator wrote is wrong       exit 2
    │   ├── PolicyError             policy YAML: names file, line and field  exit 2
    │   ├── ClassifierError         classifier artifact missing or corrupt   exit 2
    │   └── KeysFileError           API keys YAML: names file, line, field   exit 2
    ├── RequestError                the caller sent something unusable       HTTP 400, exit 2
    │   ├── UnknownTierError        a tier name that the policy lacks        HTTP 400
    │   ├── UnknownIdError          an id it does not have (stored response) HTTP 404
    │   ├── CapabilityMissing       needs tools/images/... no tier can do    HTTP 400
    │   └── BudgetExceeded          input over the tier's token budget       HTTP 413
    │       └── ExceedsKeyLimit     one request over a key's limit           HTTP 413
    ├── PermissionDenied            the API key may not do that              HTTP 403, exit 4
    │   ├── AuthenticationError     no API key, or an unknown one            HTTP 401
    │   └── RateLimited             a per-key limit is used up (Retry-After) HTTP 429
    ├── BackendError                the model call failed                    HTTP 502, exit 3
    │   ├── BackendTimeout          ... by timing out                        HTTP 504
    │   └── BackendUnavailable      ... no deployment could take it          HTTP 503
    ├── CacheError                  the cache failed (callers bypass it)     HTTP 503
    └── StoreUnavailable            the decision log (Redis) did not answer  HTTP 503, exit 3

Errors of libraries underneath (litellm, redis, llama.cpp, PyYAML, pydantic) are
translated where they are called, with ``raise OurError(...) from exc``.
"""

from __future__ import annotations

__all__ = [
    "AuthenticationError",
    "BackendError",
    "BackendTimeout",
    "BackendUnavailable",
    "BudgetExceeded",
    "CacheError",
    "CapabilityMissing",
    "ClassifierError",
    "ConfigError",
    "ExceedsKeyLimit",
    "KeysFileError",
    "PermissionDenied",
    "PolicyError",
    "RateLimited",
    "RequestError",
    "StoreUnavailable",
    "TierrouteError",
    "UnknownIdError",
    "UnknownTierError",
    "exit_code_for",
    "http_status_for",
]


class TierrouteError(Exception):
    """Base of every error tierroute raises on purpose."""


Problem = tuple[str, int | None, str, str]


def _problem_lines(problems: list[Problem]) -> str:
    lines = []
    for file, line, field, message in problems:
        where = f"{file}:{line}" if line is not None else file
        lines.append(f"{where}: {field}: {message}")
    return "\n".join(lines)


class ConfigError(TierrouteError):
    """A configuration file the operator wrote cannot be used."""


class PolicyError(ConfigError):
    """A policy file is invalid.

    ``problems`` holds one ``(file, line, field, message)`` tuple per problem found,
    so a user sees every mistake at once.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(_problem_lines(problems))


class ClassifierError(ConfigError):
    """A classifier artifact is missing, corrupt or of an unknown format."""


class KeysFileError(ConfigError):
    """The API keys file is invalid; ``problems`` as in :class:`PolicyError`."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(_problem_lines(problems))


class RequestError(TierrouteError):
    """The caller's request cannot be served as sent; the message says what to fix."""


class UnknownTierError(RequestError):
    """A tier was named that the policy does not define."""


class UnknownIdError(RequestError):
    """The request names something by an id the service does not have (any more)."""


class CapabilityMissing(RequestError):
    """The request needs something (tools, images, a JSON schema) its tier cannot do."""


class BudgetExceeded(RequestError):
    """The input is larger than the tier's input-token budget allows."""


class ExceedsKeyLimit(BudgetExceeded):
    """One request may use more tokens or dollars than its key's limit allows in a whole
    window (minute or day), so it could never be admitted; a smaller ``max_tokens`` helps."""


class PermissionDenied(TierrouteError):
    """The caller's API key is not allowed to do this."""


class AuthenticationError(PermissionDenied):
    """No API key was sent, or one the service does not know."""


class RateLimited(PermissionDenied):
    """A per-key limit (requests or tokens per minute, USD per day) is used up.

    ``retry_after_s`` is when the caller may try again (the ``Retry-After`` header).
    """

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = max(1, retry_after_s)


class BackendError(TierrouteError):
    """A model backend failed to answer."""


class BackendTimeout(BackendError):
    """A model backend did not answer within its timeout."""


class BackendUnavailable(BackendError):
    """No deployment (tier, fallbacks, next tiers) could take the request.

    ``failures`` lists ``(tier, reason)`` of every call that failed on the way.
    """

    def __init__(self, message: str, failures: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.failures = failures or []


class CacheError(TierrouteError):
    """The response cache failed; callers bypass the cache and go on."""


class StoreUnavailable(TierrouteError):
    """A store the request needs (the decision log in Redis) did not answer: nothing was
    found or kept; the request may be sent again."""


# The one mapping from error class to HTTP status and CLI exit code. Most specific first.
_HTTP_STATUS: tuple[tuple[type[TierrouteError], int], ...] = (
    (BudgetExceeded, 413),
    (UnknownIdError, 404),
    (RequestError, 400),
    (AuthenticationError, 401),
    (RateLimited, 429),
    (PermissionDenied, 403),
    (BackendTimeout, 504),
    (BackendUnavailable, 503),
    (BackendError, 502),
    (CacheError, 503),
    (StoreUnavailable, 503),
    (ConfigError, 500),
)

_EXIT_CODE: tuple[tuple[type[TierrouteError], int], ...] = (
    (ConfigError, 2),
    (RequestError, 2),
    (PermissionDenied, 4),
    (BackendError, 3),
    (CacheError, 3),
    (StoreUnavailable, 3),
)


def http_status_for(error: TierrouteError) -> int:
    """Return the HTTP status code that ``error`` is answered with."""
    for cls, status in _HTTP_STATUS:
        if isinstance(error, cls):
            return status
    return 500


def exit_code_for(error: TierrouteError) -> int:
    """Return the CLI exit code for ``error`` (never 0)."""
    for cls, code in _EXIT_CODE:
        if isinstance(error, cls):
            return code
    return 1
