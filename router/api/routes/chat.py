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
from router.api.protocols.chat import ChatCompletionIn
from router.api.protocols.chat_out import (
    ChatCompletionOut,
    Choice,
    ChoiceLogprobs,
    ChoiceMessage,
    CompletionTokensDetails,
    PromptTokensDetails,
    RoutingInfo,
    ToolCallOut,
    UsageOut,
)
from router.api.responses import SSE, errors
from router.backends.calls import ModelAnswer, StreamDelta, Usage
from router.engine.requests import RouteRequest, RouteResult, StreamingResult
from router.errors import TierrouteError, UnknownTierError, http_status_for
from router.policy.model import TIER_NAMES, TierName

__all__ = [
    "result_headers",
    "routes",
    "routing_info",
    "streaming_headers",
    "to_route_request",
    "usage_out",
]

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
        tools=body.tool_specs(),
        tool_choice=body.tool_choice_spec(),
        parallel_tool_calls=body.parallel_tool_calls,
        logprobs=bool(body.logprobs),
        top_logprobs=body.top_logprobs,
        session=body.prompt_cache_key,
        session_scope=body.user,
    )


def _routing_headers(
    tier: str,
    score: float,
    escalations: int,
    called: list[str],
    cache: str,
    trimmed: bool,
    looped: bool = False,
) -> dict[str, str]:
    return {
        "x-tierroute-looped": "true" if looped else "false",
        "x-tierroute-cache": cache,
        "x-tierroute-tier": tier,
        "x-tierroute-score": f"{score:.4f}",
        "x-tierroute-escalations": str(escalations),
        # a cached answer names the tier whose answer it was
        "x-tierroute-path": ">".join(called) or (tier if cache == "hit" else ""),
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
        result.answer.looped,
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
        prompt_tokens_details=PromptTokensDetails(cached_tokens=usage.cached_tokens),
        completion_tokens_details=CompletionTokensDetails(reasoning_tokens=usage.reasoning_tokens),
    )


def _message(answer: ModelAnswer, legacy: bool) -> tuple[ChoiceMessage, str]:
    """The answer as the chat protocol's message, and its finish reason (the deprecated
    ``functions`` get the first call as ``function_call``)."""
    calls = [ToolCallOut.model_validate(c) for c in answer.tool_calls or ()]
    content = answer.content if answer.content or not calls else None
    if legacy and calls:
        message = ChoiceMessage(content=content, function_call=calls[0].function)
        return message, "function_call"
    return ChoiceMessage(content=content, tool_calls=calls or None), answer.finish_reason


def routing_info(result: RouteResult) -> RoutingInfo:
    """What tierroute did for a whole answer (the ``tierroute`` block of each protocol)."""
    return RoutingInfo(
        tier=result.tier,
        score=result.decision.score,
        called=result.called,
        escalations=result.escalations,
        cost_usd=result.cost_usd,
        policy_version=result.decision.policy_version,
        trimmed_input=result.trimmed_input,
        looped=result.answer.looped,
    )


def _completion(result: RouteResult, body: ChatCompletionIn) -> ChatCompletionOut:
    message, finish = _message(result.answer, body.legacy_functions)
    logprobs = ChoiceLogprobs(content=result.answer.logprobs) if body.logprobs else None
    return ChatCompletionOut(
        id=f"chatcmpl-{uuid.uuid4().hex}",
        created=int(time.time()),
        model=result.answer.model,
        choices=[Choice(message=message, finish_reason=finish, logprobs=logprobs)],
        usage=usage_out(result.usage),
        tierroute=routing_info(result),
    )


def _sse(payload: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


def _stream_delta(delta: StreamDelta, legacy: bool) -> dict[str, Any]:
    """A piece of the answer as a chunk's ``delta``: text, tool-call pieces exactly as
    the model sent them (or, for the deprecated ``functions``, ``function_call`` pieces)."""
    out: dict[str, Any] = {}
    if delta.content:
        out["content"] = delta.content
    if delta.tool_calls:
        if legacy:
            out["function_call"] = delta.tool_calls[0].get("function") or {}
        else:
            out["tool_calls"] = delta.tool_calls
    return out


async def _sse_stream(
    result: StreamingResult, body: ChatCompletionIn, include_usage: bool
) -> AsyncIterator[bytes]:
    """The chat protocol's events for ``result``: chunks, the finish, usage if asked for,
    ``[DONE]``; an error after the stream began is an ``error`` event."""
    legacy = body.legacy_functions
    ident = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    model = result.attempts[-1].model if result.attempts else result.tier

    def chunk(
        delta: dict[str, Any], finish: str | None, logprobs: list[Any] | None = None
    ) -> dict[str, Any]:
        choice: dict[str, Any] = {"index": 0, "delta": delta, "finish_reason": finish}
        if body.logprobs:
            choice["logprobs"] = {"content": logprobs} if logprobs is not None else None
        return {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [choice],
        }

    yield _sse(chunk({"role": "assistant", "content": ""}, None))
    called = False
    async with contextlib.aclosing(result.deltas) as deltas:
        try:
            async for delta in deltas:
                piece = _stream_delta(delta, legacy)
                called = called or bool(delta.tool_calls)
                if piece:
                    yield _sse(chunk(piece, None, delta.logprobs))
                if delta.finish_reason is not None:
                    finish = "function_call" if legacy and called else delta.finish_reason
                    yield _sse(chunk({}, finish))
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
            _sse_stream(streaming, body, include_usage),
            media_type="text/event-stream",
            headers=streaming_headers(streaming),
        )
    result = await exchange.answer(request)
    return JSONResponse(
        _completion(result, body).model_dump(mode="json"), headers=result_headers(result)
    )
