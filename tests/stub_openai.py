"""A real HTTP server that speaks the OpenAI chat protocol and misbehaves on request.

The model name picks the behaviour: ``ok-*`` answers, ``fail500`` answers 500,
``slow`` sleeps past any sane timeout, ``length`` stops at the token limit,
``refuse`` says it does not know, ``json`` answers a JSON object, ``notjson`` does
not, ``delay-<ms>`` answers after that many milliseconds, ``lowconf`` answers with
low token log-probabilities when asked for them, ``trickle`` never finishes (a chunk or
a byte every half second). Calls are counted per model and request bodies kept, so tests
can assert on what was called and sent. Like OpenAI, it answers 400 to a message key the
chat protocol does not define for the message's role.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

__all__ = ["StubServer", "free_port"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: Per role, the keys a message may have (OpenAI's chat protocol), as OpenAI checks them.
_SPEAKER = {"role", "content", "name"}
_MESSAGE_KEYS = {
    "system": _SPEAKER,
    "developer": _SPEAKER,
    "user": _SPEAKER,
    "assistant": _SPEAKER | {"refusal", "tool_calls", "function_call", "audio"},
    "tool": {"role", "content", "tool_call_id"},
}


def _unknown_message_key(body: dict[str, Any]) -> Response | None:
    """OpenAI's 400 for the first message key it does not know, if any."""
    for index, message in enumerate(body.get("messages") or []):
        allowed = _MESSAGE_KEYS.get(message.get("role"), set())
        unknown = [key for key in message if key not in allowed]
        if unknown:
            text = f"Additional properties are not allowed ('{unknown[0]}' was unexpected)"
            return JSONResponse(
                {
                    "error": {
                        "message": f"{text} - 'messages.{index}'",
                        "type": "invalid_request_error",
                    }
                },
                status_code=400,
            )
    return None


def _refusal(model: str, body: dict[str, Any]) -> Response | None:
    """An error answer: a 500 from ``fail500``, a 400 for a message key OpenAI does not know."""
    if model == "fail500":
        return JSONResponse({"error": {"message": "boom", "type": "server_error"}}, status_code=500)
    return _unknown_message_key(body)


def _completion(model: str, content: str, finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish,
            }
        ],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
    }


def _chunks(model: str, content: str) -> list[bytes]:
    base = {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
    }
    out = []
    for word in content.split(" "):
        out.append(
            {
                **base,
                "choices": [{"index": 0, "delta": {"content": word + " "}, "finish_reason": None}],
            }
        )
    out.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    out.append(
        {
            **base,
            "choices": [],
            "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
        }
    )
    return [f"data: {json.dumps(c)}\n\n".encode() for c in out] + [b"data: [DONE]\n\n"]


async def _trickle(model: str, stream: bool) -> AsyncIterator[bytes]:
    """Never finish: an SSE chunk (or one byte of a JSON body) every half second."""
    if stream:
        base = {
            "id": "chatcmpl-stub",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": model,
        }
        for _ in range(120):
            chunk = {
                **base,
                "choices": [{"index": 0, "delta": {"content": "."}, "finish_reason": None}],
            }
            yield f"data: {json.dumps(chunk)}\n\n".encode()
            await asyncio.sleep(0.5)
        return
    for byte in json.dumps(_completion(model, "too late")).encode():
        yield bytes([byte])
        await asyncio.sleep(0.5)


class StubServer:
    """Run the stub on a free loopback port in a background thread."""

    def __init__(self) -> None:
        self.port = free_port()
        self.calls: Counter[str] = Counter()
        self.bodies: list[dict[str, Any]] = []
        app = Starlette(routes=[Route("/v1/chat/completions", self._chat, methods=["POST"])])
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def _chat(self, request: Request) -> Response:
        body = await request.json()
        model = str(body.get("model", ""))
        self.calls[model] += 1
        self.bodies.append(body)
        refused = _refusal(model, body)
        if refused is not None:
            return refused
        if model == "slow":
            await asyncio.sleep(30)
        if model == "trickle":
            return StreamingResponse(
                _trickle(model, bool(body.get("stream"))), media_type="text/event-stream"
            )
        if model.startswith("delay-"):
            await asyncio.sleep(int(model.split("-")[1]) / 1000)
        if model == "length":
            return JSONResponse(_completion(model, "This answer was cut off at the", "length"))
        if model == "refuse":
            return JSONResponse(_completion(model, "I don't know."))
        if model == "json":
            return JSONResponse(_completion(model, '{"answer": "yes"}'))
        if model == "notjson":
            return JSONResponse(_completion(model, "yes, probably"))
        if model == "lowconf":
            reply = _completion(model, "Maybe try turning it off and on.")
            if body.get("logprobs"):
                tokens = [
                    {"token": t, "logprob": -4.0, "bytes": None, "top_logprobs": []}
                    for t in ("Maybe", " try", " turning")
                ]
                reply["choices"][0]["logprobs"] = {"content": tokens}
            return JSONResponse(reply)
        content = f"stub answer from {model}"
        if body.get("stream"):
            return StreamingResponse(iter(_chunks(model, content)), media_type="text/event-stream")
        return JSONResponse(_completion(model, content))

    def __enter__(self) -> StubServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("stub server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
