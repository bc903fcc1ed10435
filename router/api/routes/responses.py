"""``POST /v1/responses`` (OpenAI's Responses API), whole or streamed, and
``GET /v1/responses/{id}``: a thin adapter between the Responses shapes (see
:mod:`router.api.protocols.responses`) and the :class:`~router.api.exchange.Exchange`.

Responses are stored (unless ``store: false``) for the policy's ``sessions.ttl_s``: in
Redis when the service has one, else in process. A stream is the Responses event sequence:
``response.created``, ``response.in_progress``; per output item ``response.output_item.added``,
its text (``response.content_part.added``, ``response.output_text.delta`` ...
``.done``, ``response.content_part.done``) or its call's arguments
(``response.function_call_arguments.delta`` ... ``.done``), ``response.output_item.done``;
then ``response.completed``. An error after the stream began is an ``error`` event.
"""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse, StreamingResponse

from router.api.access import CallerDep
from router.api.deps import LoadedPolicyDep
from router.api.exchange import ExchangeDep
from router.api.http.errors import error_response
from router.api.policy_reload import LoadedPolicy
from router.api.protocols.chat_tools import check_tool_results
from router.api.protocols.responses import ResponsesIn, chat_input, response_format
from router.api.protocols.responses_out import (
    StoredResponse,
    output_items,
    response_object,
    result_usage,
    usage_object,
)
from router.api.responses import SSE, errors
from router.api.routes.chat import result_headers, routing_info, streaming_headers
from router.backends.calls import Usage, merged_tool_calls
from router.engine.requests import RouteRequest, StreamingResult
from router.errors import (
    RequestError,
    TierrouteError,
    UnknownIdError,
    UnknownTierError,
    http_status_for,
)
from router.policy.model import TIER_NAMES, TierName

__all__ = ["routes"]

routes = APIRouter(prefix="/v1", tags=["responses"])
Status = Literal["in_progress", "completed", "incomplete", "failed"]


async def _stored(loaded: LoadedPolicy, ident: str) -> StoredResponse | None:
    sessions = loaded.router().sessions
    if sessions is None:
        return None
    raw = await sessions.get(f"resp:{ident}")
    return StoredResponse.model_validate_json(raw) if raw is not None else None


async def _store(loaded: LoadedPolicy, ident: str, stored: StoredResponse) -> None:
    sessions = loaded.router().sessions
    if sessions is not None:
        ttl = loaded.policy.sessions.ttl_s
        await sessions.set_many([f"resp:{ident}"], stored.model_dump_json(), ttl)


def _tier(model: str) -> TierName | None:
    if model == "auto":
        return None
    for tier in TIER_NAMES:
        if tier == model:
            return tier
    raise UnknownTierError(
        f"model {model!r} is not served here; use 'auto' or a tier: {', '.join(TIER_NAMES)}"
    )


async def _engine_request(
    body: ResponsesIn, loaded: LoadedPolicy
) -> tuple[RouteRequest, list[dict[str, Any]]]:
    earlier: list[dict[str, Any]] = []
    session: TierName | None = None
    if body.previous_response_id is not None:
        previous = await _stored(loaded, body.previous_response_id)
        if previous is None:
            raise UnknownIdError(
                f"previous_response_id {body.previous_response_id!r}: no stored response has "
                "that id (it expired, was sent with `store: false`, or never existed)"
            )
        earlier = previous.messages
        session = next((t for t in TIER_NAMES if t == previous.tier), None)
    messages = chat_input(body, earlier)
    try:
        check_tool_results(messages)
    except ValueError as exc:
        raise RequestError(f"input: {exc}") from exc
    request = RouteRequest(
        messages=messages,
        tier=_tier(body.model),
        metadata=body.metadata or {},
        max_tokens=body.max_output_tokens,
        temperature=body.temperature,
        top_p=body.top_p,
        response_format=response_format(body),
        tools=body.chat_tools(),
        tool_choice=body.chat_tool_choice(),
        parallel_tool_calls=body.parallel_tool_calls,
        reasoning=body.reasoning_budget(),
        session_tier=session,
        session=body.prompt_cache_key,
        session_scope=body.user,
    )
    return request, messages


def _assistant(content: str, calls: list[dict[str, Any]] | None) -> dict[str, Any]:
    turn: dict[str, Any] = {"role": "assistant", "content": content or None}
    if calls:
        turn["tool_calls"] = calls
    return turn


class _Events:
    """Numbered server-sent events of one response."""

    def __init__(self) -> None:
        self.sequence = 0

    def __call__(self, kind: str, payload: dict[str, Any]) -> bytes:
        data = {"type": kind, "sequence_number": self.sequence, **payload}
        self.sequence += 1
        return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


class _ResponseStream:
    """One streamed response: its output items as they open, and the events of each."""

    def __init__(
        self,
        ident: str,
        body: ResponsesIn,
        result: StreamingResult,
        loaded: LoadedPolicy,
        messages: list[dict[str, Any]],
    ) -> None:
        self.ident, self.body, self.result = ident, body, result
        self.loaded, self.messages = loaded, messages
        self.event = _Events()
        self.model = result.attempts[-1].model if result.attempts else result.tier
        self.created = int(time.time())
        self.text: list[str] = []
        self.pieces: list[dict[str, Any]] = []
        self.message_id = f"msg_{uuid.uuid4().hex}"
        #: per tool call (its stream index): its output index and item id
        self.calls: dict[int, tuple[int, str]] = {}
        self.outputs = 0

    def snapshot(self, status: Status, output: list[dict[str, Any]], usage: Any) -> dict[str, Any]:
        return response_object(
            self.ident,
            self.body,
            model=self.model,
            status=status,
            output=output,
            usage=usage,
            routing=None,
            created_at=self.created,
        )

    def opening(self) -> list[bytes]:
        head = {"response": self.snapshot("in_progress", [], None)}
        return [self.event("response.created", head), self.event("response.in_progress", head)]

    def on_text(self, piece: str) -> list[bytes]:
        events = []
        where = {"item_id": self.message_id, "output_index": 0, "content_index": 0}
        if not self.text:
            item = {
                "type": "message",
                "id": self.message_id,
                "status": "in_progress",
                "role": "assistant",
                "content": [],
            }
            part = {"type": "output_text", "text": "", "annotations": []}
            added = {"output_index": 0, "item": item}
            events.append(self.event("response.output_item.added", added))
            events.append(self.event("response.content_part.added", {**where, "part": part}))
            self.outputs = 1
        self.text.append(piece)
        events.append(self.event("response.output_text.delta", {**where, "delta": piece}))
        return events

    def on_tool_piece(self, piece: dict[str, Any]) -> list[bytes]:
        events = []
        self.pieces.append(piece)
        index = int(piece.get("index", 0))
        function = piece.get("function") or {}
        if index not in self.calls:
            item_id = f"fc_{uuid.uuid4().hex}"
            self.calls[index] = (self.outputs, item_id)
            item = {
                "type": "function_call",
                "id": item_id,
                "call_id": piece.get("id") or "",
                "name": function.get("name") or "",
                "arguments": "",
                "status": "in_progress",
            }
            added = {"output_index": self.outputs, "item": item}
            events.append(self.event("response.output_item.added", added))
            self.outputs += 1
        if function.get("arguments"):
            position, item_id = self.calls[index]
            delta = {"item_id": item_id, "output_index": position, "delta": function["arguments"]}
            events.append(self.event("response.function_call_arguments.delta", delta))
        return events

    async def on_finish(self, finish: str, used: Usage | None) -> list[bytes]:
        events = []
        content = "".join(self.text)
        calls = merged_tool_calls(self.pieces) if self.pieces else None
        output = output_items(content, calls)
        if self.text:
            output[0]["id"] = self.message_id
            where = {"item_id": self.message_id, "output_index": 0, "content_index": 0}
            part = output[0]["content"][0]
            events.append(self.event("response.output_text.done", {**where, "text": content}))
            events.append(self.event("response.content_part.done", {**where, "part": part}))
            done = {"output_index": 0, "item": output[0]}
            events.append(self.event("response.output_item.done", done))
        items = [o for o in output if o["type"] == "function_call"]
        for (position, item_id), item in zip(self.calls.values(), items, strict=False):
            item["id"] = item_id
            args = {"item_id": item_id, "output_index": position, "arguments": item["arguments"]}
            events.append(self.event("response.function_call_arguments.done", args))
            done = {"output_index": position, "item": item}
            events.append(self.event("response.output_item.done", done))
        usage = usage_object(
            used.prompt_tokens if used else 0,
            used.completion_tokens if used else 0,
            used.cached_tokens if used else 0,
            used.reasoning_tokens if used else 0,
        )
        status: Status = "incomplete" if finish == "length" else "completed"
        final = self.snapshot(status, output if self.text or calls else [], usage)
        if self.body.store:
            turn = _assistant(content, calls)
            stored = StoredResponse(
                messages=[*self.messages, turn], tier=self.result.tier, response=final
            )
            await _store(self.loaded, self.ident, stored)
        kind = "response.incomplete" if status == "incomplete" else "response.completed"
        events.append(self.event(kind, {"response": final}))
        return events

    async def events(self) -> AsyncIterator[bytes]:
        for opening in self.opening():
            yield opening
        async with contextlib.aclosing(self.result.deltas) as deltas:
            try:
                async for delta in deltas:
                    out = self.on_text(delta.content) if delta.content else []
                    for piece in delta.tool_calls or ():
                        out += self.on_tool_piece(piece)
                    if delta.finish_reason is not None:
                        out += await self.on_finish(delta.finish_reason, delta.usage)
                    for event in out:
                        yield event
            except TierrouteError as exc:
                error = {"code": str(http_status_for(exc)), "message": str(exc), "param": None}
                yield self.event("error", error)


@routes.post("/responses", responses={**SSE, **errors(400, 401, 403, 404, 413, 429, 502, 503, 504)})
async def create_response(body: ResponsesIn, loaded: LoadedPolicyDep, exchange: ExchangeDep) -> Any:
    """Answer a Responses API request; ``model: "auto"`` routes by policy, a tier name
    forces that tier; ``previous_response_id`` continues a stored conversation on its tier."""
    request, messages = await _engine_request(body, loaded)
    ident = f"resp_{uuid.uuid4().hex}"
    if body.stream:
        streaming = await exchange.stream(request)
        return StreamingResponse(
            _ResponseStream(ident, body, streaming, loaded, messages).events(),
            media_type="text/event-stream",
            headers=streaming_headers(streaming),
        )
    result = await exchange.answer(request)
    answer = result.answer
    status: Status = "incomplete" if answer.finish_reason == "length" else "completed"
    out = response_object(
        ident,
        body,
        model=answer.model,
        status=status,
        output=output_items(answer.content, answer.tool_calls),
        usage=result_usage(result),
        routing=routing_info(result).model_dump(mode="json"),
    )
    if body.store:
        turn = _assistant(answer.content, answer.tool_calls)
        stored = StoredResponse(messages=[*messages, turn], tier=result.tier, response=out)
        await _store(loaded, ident, stored)
    return JSONResponse(out, headers=result_headers(result))


@routes.get("/responses/{response_id}", responses=errors(401, 404))
async def get_response(response_id: str, loaded: LoadedPolicyDep, caller: CallerDep) -> Any:
    """A stored response, by id."""
    stored = await _stored(loaded, response_id)
    if stored is None:
        return error_response(
            404,
            f"no stored response has id {response_id!r} (it expired, was sent with "
            "`store: false`, or never existed)",
            "not_found_error",
        )
    return JSONResponse(stored.response)
