"""``POST /v1/chat/completions``: OpenAI-compatible, streamed (SSE) or whole; a thin adapter
between the chat protocol's shapes and the :class:`~router.api.exchange.Exchange`."""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, StreamingResponse

from router.api.exchange import ExchangeDep
from router.api.protocols.chat import (
    ChatCompletionIn,
    ChatCompletionOut,
    Choice,
    ChoiceMessage,
    RoutingInfo,
    UsageOut,
)
from router.api.responses import SSE, errors
from router.backends.calls import Usage
from router.engine.requests import RouteRequest, RouteResult, StreamingResult
from router.errors import TierrouteError, UnknownTierError, http_status_for
from router.policy.model import TIER_NAMES, TierName

__all__ = ["result_headers", "routes", "streaming_headers", "to_route_request", "usage_out"]

routes = APIRouter(prefix="/v1", tags=["chat"])


def to_route_request(body: ChatCompletionIn) -> RouteRequest:
    """The engine's request for an OpenAI body; ``model`` picks auto-routing or a tier."""
    tier: TierName | None = None
    if body.model != "auto":
        if body.model not in TIER_NAMES:
            raise UnknownTierError(
                f"model {body.model!r} is not served here; use 'auto' or a tier: "
                f"{', '.join(TIER_NAMES)}"
            )
        tier = body.model
    stop = [body.stop] if isinstance(body.stop, str) else body.stop
    return RouteRequest(
        messages=[m.model_dump(exclude_none=True) for m in body.messages],
        tier=tier,
        metadata=body.metadata or {},
        max_tokens=body.max_completion_tokens or body.max_tokens,
        temperature=body.temperature,
        top_p=body.top_p,
        stop=stop,
        seed=body.seed,
        response_format=body.response_format,
    )


def _routing_headers(
    tier: str, score: float, escalations: int, called: list[str], cache: str, trimmed: bool
) -> dict[str, str]:
    return {
        "x-tierroute-cache": cache,
        "x-tierroute-tier": tier,
        "x-tierroute-score": f"{score:.4f}",
        "x-tierroute-escalations": str(escalations),
        "x-tierroute-path": ">".join(called),
        "x-tierroute-trimmed": "true" if trimmed else "false",
    }


def result_headers(result: RouteResult) -> dict[str, str]:
    """The decision of a whole result, in response headers."""
    return _routing_headers(
        result.tier,
        result.decision.score,
        len(result.escalations),
        list(result.called),
        result.cache,
        result.trimmed_input,
    )


def streaming_headers(result: StreamingResult) -> dict[str, str]:
    """The decision of a streamed result (known before its first byte), in headers."""
    return _routing_headers(
        result.tier,
        result.decision.score,
        result.escalation_count,
        list(result.called),
        result.cache,
        result.trimmed_input,
    )


def usage_out(usage: Usage) -> UsageOut:
    """Token counts in the chat protocol's shape."""
    return UsageOut(
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        total_tokens=usage.total_tokens,
    )


def _completion(result: RouteResult) -> ChatCompletionOut:
    return ChatCompletionOut(
        id=f"chatcmpl-{uuid.uuid4().hex}",
        created=int(time.time()),
        model=result.answer.model,
        choices=[
            Choice(
                message=ChoiceMessage(content=result.answer.content),
                finish_reason=result.answer.finish_reason,
            )
        ],
        usage=usage_out(result.usage),
        tierroute=RoutingInfo(
            tier=result.tier,
            score=result.decision.score,
            called=result.called,
            escalations=result.escalations,
            cost_usd=result.cost_usd,
            policy_version=result.decision.policy_version,
            trimmed_input=result.trimmed_input,
        ),
    )


def _sse(payload: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


async def _sse_stream(result: StreamingResult, include_usage: bool) -> AsyncIterator[bytes]:
    """The chat protocol's events for ``result``: chunks, the finish, usage if asked for,
    ``[DONE]``; an error after the stream began is an ``error`` event."""
    ident = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    model = result.attempts[-1].model if result.attempts else result.tier

    def chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
        return {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }

    yield _sse(chunk({"role": "assistant", "content": ""}, None))
    async with contextlib.aclosing(result.deltas) as deltas:
        try:
            async for delta in deltas:
                if delta.content:
                    yield _sse(chunk({"content": delta.content}, None))
                if delta.finish_reason is not None:
                    yield _sse(chunk({}, delta.finish_reason))
                    if include_usage and delta.usage is not None:
                        usage = usage_out(delta.usage).model_dump()
                        yield _sse({**chunk({}, None), "choices": [], "usage": usage})
            yield b"data: [DONE]\n\n"
        except TierrouteError as exc:
            status = http_status_for(exc)
            error = {"message": str(exc), "type": type(exc).__name__, "code": status}
            yield _sse({"error": error})
            yield b"data: [DONE]\n\n"


@routes.post(
    "/chat/completions",
    response_model=ChatCompletionOut,
    responses={**SSE, **errors(400, 401, 403, 413, 429, 502, 503, 504)},
)
async def chat_completions(body: ChatCompletionIn, exchange: ExchangeDep) -> Any:
    """Answer a chat; ``model: "auto"`` routes by policy, a tier name forces that tier (if the
    key may), ``Cache-Control: no-cache`` skips the response cache (if the key may)."""
    request = to_route_request(body)
    if body.stream:
        streaming = await exchange.stream(request)
        include_usage = bool((body.stream_options or {}).get("include_usage"))
        return StreamingResponse(
            _sse_stream(streaming, include_usage),
            media_type="text/event-stream",
            headers=streaming_headers(streaming),
        )
    result = await exchange.answer(request)
    return JSONResponse(_completion(result).model_dump(mode="json"), headers=result_headers(result))
