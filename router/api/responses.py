"""The error responses each route documents in the OpenAPI schema, all of one shape
(:class:`~router.api.protocols.native.ErrorOut`), and the schema's clean-up: FastAPI documents a
422 validation error for every route with parameters, which tierroute never sends (it
answers 400, see :mod:`router.api.http.errors`)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from router.api.protocols.native import ErrorOut, ReloadErrorOut

__all__ = ["SSE", "errors", "install_openapi"]

_WHAT = {
    400: "The request cannot be served as sent; the message says what to fix.",
    401: "No API key, or one the service does not know (only when it has keys).",
    403: "The API key may not do this (force that tier, bypass the cache, admin).",
    413: "The body is too large, or the input is over the token budget of the tier asked for.",
    404: "The id given is not known (e.g. feedback on an answer the decision log lacks).",
    422: "The policy file is invalid or cannot serve; nothing changed.",
    429: "A per-key limit is used up; the Retry-After header says when to try again.",
    502: "The model call failed.",
    503: (
        "No deployment could take the request, the service is still starting, or a store it "
        "needs (Redis) did not answer."
    ),
    504: "The model did not answer in time.",
}

#: ``text/event-stream`` as a second content type of a 200 (``stream: true``); as OpenAPI
#: 3.1 has it, the schema is that of one event: its data is a chunk as JSON (OpenAI's
#: ``chat.completion.chunk``, or ``{"error": ...}``), or ``[DONE]`` at the end.
SSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The completion; with `stream: true`, server-sent events of chunks.",
        "content": {
            "text/event-stream": {
                "schema": {
                    "type": "object",
                    "properties": {"event": {"type": "string"}, "data": {"type": "string"}},
                    "required": ["data"],
                }
            }
        },
    }
}


def errors(*codes: int, shape: type[BaseModel] | None = None) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route that answers ``codes`` with an error (``shape``: the
    protocol's error body, OpenAI's by default)."""
    return {
        code: {
            "model": shape or (ReloadErrorOut if code == 422 else ErrorOut),
            "description": _WHAT[code],
        }
        for code in codes
    }


def _without_validation_422(schema: dict[str, Any]) -> dict[str, Any]:
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses", {})
            documented = responses.get("422", {}).get("content", {}).get("application/json", {})
            if documented.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
                del responses["422"]
    components = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    return schema


def install_openapi(app: FastAPI) -> None:
    """Serve the OpenAPI schema without the 422s FastAPI would add on its own."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _without_validation_422(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    summary=app.summary,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
