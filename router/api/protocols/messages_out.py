"""Anthropic's Messages API on the wire, the way back: the answer in Anthropic's shape
(content blocks, stop reason, usage) and errors in Anthropic's error shape."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel

from router.engine.requests import RouteResult

__all__ = [
    "AnthropicErrorOut",
    "MessageOut",
    "anthropic_error",
    "error_type_for",
    "message_out",
    "stop_reason",
    "tool_input",
    "usage_out",
]

_STOP = {"stop": "end_turn", "length": "max_tokens", "tool_calls": "tool_use"}


def stop_reason(finish: str) -> str:
    """Anthropic's ``stop_reason`` for a finish reason."""
    return _STOP.get(finish, "refusal" if finish == "content_filter" else "end_turn")


class UsageOut(BaseModel):
    """Tokens of every call made (input read from a prompt cache counted apart)."""

    input_tokens: int
    output_tokens: int
    cache_read_input_tokens: int = 0
    cache_creation_input_tokens: int = 0


def usage_out(prompt: int, completion: int, cached: int) -> UsageOut:
    """Anthropic's usage: ``input_tokens`` are those not read from the cache."""
    cached = min(cached, prompt)
    return UsageOut(
        input_tokens=prompt - cached, output_tokens=completion, cache_read_input_tokens=cached
    )


def tool_input(arguments: str) -> dict[str, Any]:
    """A tool call's JSON arguments as ``input`` (an object; anything else is wrapped)."""
    try:
        value = json.loads(arguments or "{}")
    except json.JSONDecodeError:
        return {"arguments": arguments}
    return value if isinstance(value, dict) else {"value": value}


class MessageOut(BaseModel):
    """Anthropic's message, plus a ``tierroute`` block with the routing path."""

    id: str
    type: Literal["message"] = "message"
    role: Literal["assistant"] = "assistant"
    model: str
    content: list[dict[str, Any]]
    stop_reason: str
    stop_sequence: str | None = None
    usage: UsageOut
    tierroute: dict[str, Any]


def message_out(ident: str, result: RouteResult, routing: dict[str, Any]) -> MessageOut:
    """The whole answer as an Anthropic message."""
    answer = result.answer
    content: list[dict[str, Any]] = []
    if answer.content:
        content.append({"type": "text", "text": answer.content})
    for call in answer.tool_calls or ():
        function = call.get("function") or {}
        content.append(
            {
                "type": "tool_use",
                "id": call.get("id") or "",
                "name": function.get("name") or "",
                "input": tool_input(function.get("arguments") or ""),
            }
        )
    usage = result.usage
    return MessageOut(
        id=ident,
        model=answer.model,
        content=content,
        stop_reason=stop_reason(answer.finish_reason),
        usage=usage_out(usage.prompt_tokens, usage.completion_tokens, usage.cached_tokens),
        tierroute=routing,
    )


_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    503: "overloaded_error",
    529: "overloaded_error",
}


def error_type_for(status: int) -> str:
    """Anthropic's error type for an HTTP status."""
    return _ERROR_TYPES.get(status, "api_error")


class AnthropicErrorDetail(BaseModel):
    """What went wrong: the error's type (``invalid_request_error``, ...) and what to fix."""

    type: str
    message: str


class AnthropicErrorOut(BaseModel):
    """An error in Anthropic's shape."""

    type: Literal["error"] = "error"
    error: AnthropicErrorDetail


def anthropic_error(status: int, message: str) -> dict[str, Any]:
    """An error in Anthropic's shape."""
    return {"type": "error", "error": {"type": error_type_for(status), "message": message}}
