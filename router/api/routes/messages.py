"""``POST /v1/messages`` (Anthropic's Messages API), whole or streamed, and
``POST /v1/messages/count_tokens``: a thin adapter between Anthropic's shapes (see
:mod:`router.api.protocols.messages`) and the :class:`~router.api.exchange.Exchange`.

A stream is Anthropic's event sequence: ``message_start``; per content block (text, or one
``tool_use`` per tool call) ``content_block_start``, its ``content_block_delta`` events
(``text_delta``, ``input_json_delta``) and ``content_block_stop``; ``message_delta`` with
the stop reason and usage; ``message_stop``. An error after the stream began is an
``error`` event in Anthropic's shape.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, StreamingResponse

from router.api.deps import LoadedPolicyDep
from router.api.exchange import ExchangeDep
from router.api.protocols.messages import (
    MessagesIn,
    TokenCountIn,
    TokenCountOut,
    chat_messages,
    chat_tools,
    forced_tier,
)
from router.api.protocols.messages import to_route_request as to_engine_request
from router.api.protocols.messages_out import (
    AnthropicErrorOut,
    MessageOut,
    anthropic_error,
    message_out,
    stop_reason,
    usage_out,
)
from router.api.responses import SSE, errors
from router.api.routes.chat import result_headers, routing_info, streaming_headers
from router.engine.requests import RouteRequest, StreamingResult
from router.errors import TierrouteError, http_status_for

__all__ = ["routes"]

routes = APIRouter(prefix="/v1", tags=["messages"])


def _event(name: str, payload: dict[str, Any]) -> bytes:
    return f"event: {name}\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


class _Blocks:
    """The content blocks of a streamed message: which one is open, and its index."""

    def __init__(self) -> None:
        self.index = -1
        self.open: str | None = None  # "text", or the tool call's stream index

    def start(self, block: dict[str, Any], key: str) -> list[bytes]:
        events = self.stop()
        self.index += 1
        self.open = key
        start = {"type": "content_block_start", "index": self.index, "content_block": block}
        return [*events, _event("content_block_start", start)]

    def delta(self, delta: dict[str, Any]) -> bytes:
        payload = {"type": "content_block_delta", "index": self.index, "delta": delta}
        return _event("content_block_delta", payload)

    def stop(self) -> list[bytes]:
        if self.open is None:
            return []
        self.open = None
        return [_event("content_block_stop", {"type": "content_block_stop", "index": self.index})]


async def _stream(ident: str, result: StreamingResult) -> AsyncIterator[bytes]:
    model = result.attempts[-1].model if result.attempts else result.tier
    head: dict[str, Any] = {
        "id": ident,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 0, "output_tokens": 0},
    }
    yield _event("message_start", {"type": "message_start", "message": head})
    blocks = _Blocks()
    async with contextlib.aclosing(result.deltas) as deltas:
        try:
            async for delta in deltas:
                if delta.content:
                    if blocks.open != "text":
                        for event in blocks.start({"type": "text", "text": ""}, "text"):
                            yield event
                    yield blocks.delta({"type": "text_delta", "text": delta.content})
                for piece in delta.tool_calls or ():
                    key = f"tool:{piece.get('index', 0)}"
                    function = piece.get("function") or {}
                    if blocks.open != key:
                        block: dict[str, Any] = {
                            "type": "tool_use",
                            "id": piece.get("id") or f"toolu_{uuid.uuid4().hex[:24]}",
                            "name": function.get("name") or "",
                            "input": {},
                        }
                        for event in blocks.start(block, key):
                            yield event
                    if function.get("arguments"):
                        partial = {
                            "type": "input_json_delta",
                            "partial_json": function["arguments"],
                        }
                        yield blocks.delta(partial)
                if delta.finish_reason is not None:
                    for event in blocks.stop():
                        yield event
                    used = delta.usage
                    usage = usage_out(
                        used.prompt_tokens if used else 0,
                        used.completion_tokens if used else 0,
                        used.cached_tokens if used else 0,
                    ).model_dump()
                    end = {
                        "type": "message_delta",
                        "delta": {
                            "stop_reason": stop_reason(delta.finish_reason),
                            "stop_sequence": None,
                        },
                        "usage": usage,
                    }
                    yield _event("message_delta", end)
            yield _event("message_stop", {"type": "message_stop"})
        except TierrouteError as exc:
            yield _event("error", anthropic_error(http_status_for(exc), str(exc)))


@routes.post(
    "/messages",
    response_model=MessageOut,
    responses={
        **SSE,
        **errors(400, 401, 403, 413, 429, 502, 503, 504, shape=AnthropicErrorOut),
    },
)
async def messages(body: MessagesIn, exchange: ExchangeDep) -> Any:
    """Answer an Anthropic Messages request; ``model``: a tier name forces that tier, any
    other is routed by the policy. Errors come in Anthropic's shape."""
    request = to_engine_request(body)
    ident = f"msg_{uuid.uuid4().hex[:24]}"
    if body.stream:
        streaming = await exchange.stream(request)
        return StreamingResponse(
            _stream(ident, streaming),
            media_type="text/event-stream",
            headers=streaming_headers(streaming),
        )
    result = await exchange.answer(request)
    out = message_out(ident, result, routing_info(result).model_dump(mode="json"))
    return JSONResponse(out.model_dump(mode="json"), headers=result_headers(result))


@routes.post(
    "/messages/count_tokens",
    response_model=TokenCountOut,
    responses=errors(400, 401, 403, 413, shape=AnthropicErrorOut),
)
async def count_tokens(
    body: TokenCountIn, loaded: LoadedPolicyDep, exchange: ExchangeDep
) -> TokenCountOut:
    """How many input tokens the request is for the tier it would go to (the system
    prompt, the messages and the tools)."""
    request = RouteRequest(
        messages=chat_messages(body), tier=forced_tier(body.model), tools=chat_tools(body)
    )
    exchange.caller.check_tier(request.tier)
    router = loaded.router()
    decided = await router.place(request)
    tokens = await asyncio.to_thread(router.count_input_tokens, request, decided.decision.tier)
    return TokenCountOut(input_tokens=tokens)
