"""Request ids: one per request, in the ``X-Request-ID`` response header and in every log
line written while the request is served.

A caller's own ``X-Request-ID`` is kept when it is sane (1-128 characters of letters,
digits and ``._:-``); anything else is replaced by a fresh id, so a caller cannot write
arbitrary text into the logs.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

__all__ = ["REQUEST_ID_HEADER", "RequestIdFilter", "RequestIds", "current_request_id"]

REQUEST_ID_HEADER = "x-request-id"
_SANE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
_REQUEST_ID: ContextVar[str] = ContextVar("tierroute_request_id", default="-")


def current_request_id() -> str:
    """The id of the request being served (``-`` outside a request)."""
    return _REQUEST_ID.get()


def _chosen(scope: dict[str, Any]) -> str:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER.encode():
            given = str(value.decode("latin-1"))
            if _SANE.match(given):
                return given
            break
    return uuid.uuid4().hex


class RequestIds:
    """ASGI middleware: choose the request's id, keep it in a context variable for the
    log filter, and add it to the response headers.

    The variable is set in the task that serves the request (servers run one task per
    request), and deliberately not reset when the app returns: the server's own log lines
    about the request (the access line, a crash report) are written after that.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _chosen(scope)
        _REQUEST_ID.set(request_id)
        header = (REQUEST_ID_HEADER.encode(), request_id.encode())

        async def send_with_id(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), header]}
            await send(message)

        await self.app(scope, receive, send_with_id)


class RequestIdFilter(logging.Filter):
    """Give every log record a ``request_id`` attribute (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _REQUEST_ID.get()
        return True
