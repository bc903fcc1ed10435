"""How the service logs: every line carries the request id, and secrets never get out.

Log lines hold what happened (status, tier, tokens, cost, time), never API keys, prompt
text or answer text; ``tierroute serve --log-content`` adds prompt and answer text to the
one line per answered request. As a second guard, a filter masks anything that looks
like a bearer token or an API key in any line, whoever wrote it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

__all__ = ["RedactSecrets", "uvicorn_log_config"]

_SECRETS = (
    (re.compile(r"(?i)(bearer\s+)[^\s\"',;]+"), r"\1[redacted]"),
    (re.compile(r"\b(trk|sk)-[A-Za-z0-9_-]{8,}"), r"\1-[redacted]"),
    (re.compile(r"(?i)(api[_-]?key[\"']?\s*[:=]\s*[\"']?)[^\s\"',;]+"), r"\1[redacted]"),
)


def _redacted(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Mask bearer tokens and API-key-shaped strings in a record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _redacted(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_UVICORN = "uvicorn.logging"
_LINE = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_ACCESS = (
    '%(asctime)s %(levelname)s access [%(request_id)s] %(client_addr)s "%(request_line)s" '
    "%(status_code)s"
)


def uvicorn_log_config(level: str = "INFO") -> dict[str, Any]:
    """``logging.config.dictConfig`` settings for ``uvicorn.run(log_config=...)``: uvicorn's,
    tierroute's and every other logger's lines with the request id, secrets masked."""
    filters = ["request_id", "redact"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "router.api.http.request_ids.RequestIdFilter"},
            "redact": {"()": "router.api.http.logging_setup.RedactSecrets"},
        },
        "formatters": {
            "default": {
                "()": "uvicorn.logging.DefaultFormatter",
                "fmt": _LINE,
                "use_colors": False,
            },
            "access": {
                "()": "uvicorn.logging.AccessFormatter",
                "fmt": _ACCESS,
                "use_colors": False,
            },
        },
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "filters": filters,
                "stream": "ext://sys.stderr",
            },
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "access",
                "filters": filters,
                "stream": "ext://sys.stdout",
            },
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": ["access"], "level": level, "propagate": False},
            "tierroute": {"handlers": ["default"], "level": level, "propagate": False},
        },
        "root": {"handlers": ["default"], "level": "WARNING"},
    }
