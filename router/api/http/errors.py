"""Exception handlers: every error leaves as OpenAI-shaped JSON with a 4xx/5xx status."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from router.api.http.request_ids import REQUEST_ID_HEADER, current_request_id
from router.api.protocols.messages_out import anthropic_error
from router.api.services import services_of
from router.errors import AuthenticationError, RateLimited, TierrouteError, http_status_for

__all__ = ["error_response", "install_error_handlers"]

log = logging.getLogger("tierroute.api")
#: Paths whose errors come in Anthropic's shape.
ANTHROPIC_PATHS = ("/v1/messages",)


def error_response(
    status: int,
    message: str,
    kind: str,
    headers: Mapping[str, str] | None = None,
    *,
    path: str = "",
) -> JSONResponse:
    """The JSON body of an error, in the shape of the protocol of ``path``: Anthropic's for
    ``/v1/messages``, OpenAI's everywhere else."""
    if path.startswith(ANTHROPIC_PATHS):
        content: dict[str, object] = anthropic_error(status, message)
    else:
        content = {"error": {"message": message, "type": kind, "code": status}}
    return JSONResponse(status_code=status, content=content, headers=headers)


def _headers(exc: TierrouteError) -> dict[str, str] | None:
    if isinstance(exc, RateLimited):
        return {"Retry-After": str(exc.retry_after_s)}
    if isinstance(exc, AuthenticationError):
        return {"WWW-Authenticate": 'Bearer realm="tierroute"'}
    return None


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ()) if p != "body"]
        if error.get("type") == "json_invalid":
            return f"request body is not valid JSON: {error.get('ctx', {}).get('error', '')}"
        if error.get("type") == "missing" and not loc:
            return "request body is missing; send a JSON object"
        msg = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{'.'.join(loc) or 'body'}: {msg}")
    return "; ".join(parts[:5])


def _count(request: Request, kind: str, failures: list[tuple[str, str]] | None = None) -> None:
    services = services_of(request.app)
    if services is not None:
        services.metrics.observe_failure(kind, failures)


def install_error_handlers(app: FastAPI) -> None:
    """Map tierroute's exceptions (once, via :func:`http_status_for`) and FastAPI's own."""

    @app.exception_handler(TierrouteError)
    async def _tierroute(request: Request, exc: TierrouteError) -> JSONResponse:
        status = http_status_for(exc)
        _count(request, "rejected" if status < 500 else "failed", getattr(exc, "failures", None))
        log.warning("request failed: %s %s", status, type(exc).__name__)
        return error_response(
            status, str(exc), type(exc).__name__, _headers(exc), path=request.url.path
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        _count(request, "rejected")
        return error_response(
            400, _validation_message(exc), "invalid_request_error", path=request.url.path
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # with their headers: a 405 says which methods the path takes (Allow)
        return error_response(
            exc.status_code, str(exc.detail), "http_error", exc.headers, path=request.url.path
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Starlette answers this one outside the middleware, so the id is added here.
        _count(request, "failed")
        request_id = current_request_id()
        return error_response(
            500,
            f"internal error (request id {request_id}); the service log has the details",
            "internal_error",
            {REQUEST_ID_HEADER: request_id},
            path=request.url.path,
        )
