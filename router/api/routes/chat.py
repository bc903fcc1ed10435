"""``POST /v1/chat/completions``: OpenAI-compatible, streamed (SSE) or whole."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from router.api.access import CallerDep, authorize
from router.api.accounting import account_result, account_stream, logs_content
from router.api.deps import GenerationDep
from router.api.responses import SSE, errors
from router.api.schemas import (
    ChatCompletionIn,
    ChatCompletionOut,
    Choice,
    ChoiceMessage,
    RoutingInfo,
    UsageOut,
)
from router.engine.requests import RouteRequest, RouteResult, StreamingResult
from router.errors import TierrouteError, UnknownTierError, http_status_for
from router.policy.model import TIER_NAMES, TierName

router = APIRouter(prefix="/v1", tags=["chat"])


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


def routing_headers(
    tier: str, score: float, escalations: int, called: list[str], cache: str
) -> dict[str, str]:
    """The decision, in response headers."""
    return {
        "x-tierroute-cache": cache,
        "x-tierroute-tier": tier,
        "x-tierroute-score": f"{score:.4f}",
        "x-tierroute-escalations": str(escalations),
        "x-tierroute-path": ">".join(called),
    }


def result_headers(result: RouteResult) -> dict[str, str]:
    """The decision of a whole (non-streamed) result, in response headers."""
    return routing_headers(
        result.tier,
        result.decision.score,
        len(result.escalations),
        list(result.called),
        result.cache,
    )


def _completion(result: RouteResult) -> ChatCompletionOut:
    usage = result.usage
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
        usage=UsageOut(
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            total_tokens=usage.total_tokens,
        ),
        tierroute=RoutingInfo(
            tier=result.tier,
            score=result.decision.score,
            called=result.called,
            escalations=result.escalations,
            cost_usd=result.cost_usd,
            policy_version=result.decision.policy_version,
        ),
    )


def _sse(payload: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


async def _sse_stream(
    result: StreamingResult,
    include_usage: bool,
    http: Request,
    request: RouteRequest,
    started: float,
) -> AsyncIterator[bytes]:
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
    first_token_s: float | None = None
    pieces: list[str] | None = [] if logs_content(http) else None
    try:
        async for delta in result.deltas:
            if first_token_s is None and delta.content:
                first_token_s = time.perf_counter() - started
            if delta.content:
                if pieces is not None:
                    pieces.append(delta.content)
                yield _sse(chunk({"content": delta.content}, None))
            if delta.finish_reason is not None:
                yield _sse(chunk({}, delta.finish_reason))
                if include_usage and delta.usage is not None:
                    usage = {
                        "prompt_tokens": delta.usage.prompt_tokens,
                        "completion_tokens": delta.usage.completion_tokens,
                        "total_tokens": delta.usage.total_tokens,
                    }
                    yield _sse(
                        {
                            "id": ident,
                            "object": "chat.completion.chunk",
                            "created": created,
                            "model": model,
                            "choices": [],
                            "usage": usage,
                        }
                    )
        yield b"data: [DONE]\n\n"
    except TierrouteError as exc:
        status = http_status_for(exc)
        yield _sse({"error": {"message": str(exc), "type": type(exc).__name__, "code": status}})
        yield b"data: [DONE]\n\n"
    finally:  # also when the client went away: what was called is counted and billed
        elapsed = time.perf_counter() - started
        await account_stream(
            http,
            request=request,
            tier=result.tier,
            cache=result.cache,
            decision_s=result.decision_s,
            attempts=result.attempts,
            started=started,
            first_token_s=first_token_s if first_token_s is not None else elapsed,
            answer="".join(pieces) if pieces is not None else None,
        )


@router.post(
    "/chat/completions",
    response_model=ChatCompletionOut,
    responses={**SSE, **errors(400, 401, 403, 413, 429, 502, 503, 504)},
)
async def chat_completions(
    body: ChatCompletionIn, generation: GenerationDep, caller: CallerDep, http: Request
) -> Any:
    """Answer a chat; ``model: "auto"`` routes by policy, a tier name forces that tier (if the
    key may), ``Cache-Control: no-cache`` skips the response cache (if the key may)."""
    started = time.perf_counter()
    request = to_route_request(body)
    bypass = await authorize(http, caller, request)
    engine = generation.engine(bypass_cache=bypass)
    if body.stream:
        streaming = await engine.stream(request)
        called = [a.tier for a in streaming.attempts]
        headers = routing_headers(
            streaming.tier,
            streaming.decision.score,
            streaming.escalation_count,
            list(dict.fromkeys(called)),
            streaming.cache,
        )
        include_usage = bool((body.stream_options or {}).get("include_usage"))
        return StreamingResponse(
            _sse_stream(streaming, include_usage, http, request, started),
            media_type="text/event-stream",
            headers=headers,
        )
    result = await engine.handle(request)
    await account_result(http, result, started, request=request)
    headers = result_headers(result)
    return JSONResponse(_completion(result).model_dump(mode="json"), headers=headers)
