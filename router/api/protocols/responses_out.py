"""OpenAI's Responses API on the wire, the way back: the response object (output items,
usage) and what is stored of it for ``previous_response_id``."""

from __future__ import annotations

import time
import uuid
from typing import Any, Literal

from pydantic import BaseModel

from router.api.protocols.responses import ResponsesIn
from router.engine.requests import RouteResult

__all__ = [
    "StoredResponse",
    "output_items",
    "response_object",
    "result_usage",
    "usage_object",
]


class StoredResponse(BaseModel):
    """What is kept of a response for ``previous_response_id`` and ``GET``: the whole
    conversation as chat messages, the tier that answered, the response object."""

    messages: list[dict[str, Any]]
    tier: str
    response: dict[str, Any]


def output_items(content: str, tool_calls: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The answer as output items: a message with its text, a function call per call."""
    items: list[dict[str, Any]] = []
    if content or not tool_calls:
        items.append(
            {
                "type": "message",
                "id": f"msg_{uuid.uuid4().hex}",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "output_text", "text": content, "annotations": []}],
            }
        )
    for call in tool_calls or ():
        function = call.get("function") or {}
        items.append(
            {
                "type": "function_call",
                "id": f"fc_{uuid.uuid4().hex}",
                "call_id": call.get("id") or f"call_{uuid.uuid4().hex[:24]}",
                "name": function.get("name") or "",
                "arguments": function.get("arguments") or "",
                "status": "completed",
            }
        )
    return items


def response_object(
    ident: str,
    body: ResponsesIn,
    *,
    model: str,
    status: Literal["in_progress", "completed", "incomplete", "failed"],
    output: list[dict[str, Any]],
    usage: dict[str, Any] | None,
    routing: dict[str, Any] | None,
    created_at: int | None = None,
) -> dict[str, Any]:
    """The Responses API's response object."""
    return {
        "id": ident,
        "object": "response",
        "created_at": created_at or int(time.time()),
        "status": status,
        "error": None,
        "incomplete_details": {"reason": "max_output_tokens"} if status == "incomplete" else None,
        "instructions": body.instructions,
        "max_output_tokens": body.max_output_tokens,
        "model": model,
        "output": output,
        "parallel_tool_calls": body.parallel_tool_calls
        if body.parallel_tool_calls is not None
        else True,
        "previous_response_id": body.previous_response_id,
        "reasoning": {"effort": body.reasoning.effort if body.reasoning else None},
        "store": body.store,
        "temperature": body.temperature,
        "text": {"format": (body.text.format.model_dump(by_alias=True, exclude_none=True))}
        if body.text is not None and body.text.format is not None
        else {"format": {"type": "text"}},
        "tool_choice": body.tool_choice.model_dump()
        if isinstance(body.tool_choice, BaseModel)
        else body.tool_choice or "auto",
        "tools": [t.model_dump(exclude_none=True) for t in body.tools or ()],
        "top_p": body.top_p,
        "usage": usage,
        "metadata": body.metadata or {},
        "tierroute": routing,
    }


def usage_object(prompt: int, completion: int, cached: int, reasoning: int) -> dict[str, Any]:
    """The Responses API's usage block."""
    return {
        "input_tokens": prompt,
        "input_tokens_details": {"cached_tokens": cached},
        "output_tokens": completion,
        "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": prompt + completion,
    }


def result_usage(result: RouteResult) -> dict[str, Any]:
    """Usage of every call a whole result made."""
    usage = result.usage
    return usage_object(
        usage.prompt_tokens, usage.completion_tokens, usage.cached_tokens, usage.reasoning_tokens
    )
