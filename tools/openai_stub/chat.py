"""The OpenAI chat-completions protocol as the stub speaks it: what it reads from a request
(and the 400 OpenAI gives for a message key the protocol does not define for the role),
and the answers it writes, whole or as server-sent events."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass
from typing import Any

from tools.openai_stub import tool_calls

__all__ = [
    "BENCHMARK_COMPLETION",
    "ChatRequest",
    "completion",
    "error_body",
    "events",
    "read_chat",
    "trickle_events",
]

#: Per role, the keys a message may have (OpenAI's chat protocol), as OpenAI checks them.
_SPEAKER = frozenset({"role", "content", "name"})
_MESSAGE_KEYS = {
    "system": _SPEAKER,
    "developer": _SPEAKER,
    "user": _SPEAKER,
    "assistant": _SPEAKER | {"refusal", "tool_calls", "function_call", "audio"},
    "tool": frozenset({"role", "content", "tool_call_id"}),
}
_USAGE = {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}
#: Tool-call ids, unique in the process.
_SERIAL = itertools.count(1)


def usage(cached_tokens: int = 0) -> dict[str, Any]:
    """The stub's usage block (with the prompt tokens read from a prompt cache)."""
    if not cached_tokens:
        return _USAGE
    return {
        **_USAGE,
        "prompt_tokens_details": {"cached_tokens": cached_tokens},
        "completion_tokens_details": {"reasoning_tokens": 0},
    }


#: The benchmarks' answer (model ``stub``), byte for byte what they have always measured.
BENCHMARK_COMPLETION = json.dumps(
    {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 1767225600,
        "model": "stub",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": "Open Settings, choose Security, then Reset password.",
                },
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 24, "completion_tokens": 11, "total_tokens": 35},
    }
).encode()


@dataclass(frozen=True, slots=True)
class ChatRequest:
    """What the stub needs from a chat request."""

    model: str
    stream: bool
    logprobs: bool
    #: The 400's body when a message has a key the protocol does not define for its role.
    invalid: bytes | None = None
    #: The tool the answer calls, if the request offers tools (see :mod:`.tool_calls`).
    tool_call: dict[str, Any] | None = None
    #: The result of a tool the conversation ends with.
    tool_result: str | None = None
    top_logprobs: int = 0


def read_chat(payload: Any) -> ChatRequest | None:
    """The request in a parsed body, or ``None`` when it is not a JSON object."""
    if not isinstance(payload, dict):
        return None
    model = str(payload.get("model", ""))
    top = payload.get("top_logprobs")
    return ChatRequest(
        model=model,
        stream=bool(payload.get("stream")),
        logprobs=bool(payload.get("logprobs")),
        invalid=_unknown_message_key(payload.get("messages")),
        tool_call=tool_calls.call_for(payload, model, next(_SERIAL)),
        tool_result=tool_calls.tool_result(payload),
        top_logprobs=top if isinstance(top, int) else 0,
    )


def _unknown_message_key(messages: Any) -> bytes | None:
    """OpenAI's 400 for the first message key it does not know, if any."""
    for index, message in enumerate(messages if isinstance(messages, list) else []):
        if not isinstance(message, dict):
            return error_body(f"'messages.{index}' is not an object", "invalid_request_error")
        allowed = _MESSAGE_KEYS.get(str(message.get("role")), frozenset())
        unknown = [key for key in message if key not in allowed]
        if unknown:
            text = f"Additional properties are not allowed ('{unknown[0]}' was unexpected)"
            return error_body(f"{text} - 'messages.{index}'", "invalid_request_error")
    return None


def error_body(message: str, kind: str) -> bytes:
    """An OpenAI error object."""
    return json.dumps({"error": {"message": message, "type": kind}}).encode()


def _token(text: str, logprob: float, top: int = 0) -> dict[str, Any]:
    alternatives = [
        {"token": text if i == 0 else f"{text}~{i}", "logprob": logprob - i, "bytes": None}
        for i in range(top)
    ]
    return {"token": text, "logprob": logprob, "bytes": None, "top_logprobs": alternatives}


def completion(
    model: str,
    content: str,
    *,
    finish: str = "stop",
    logprob_tokens: tuple[str, ...] = (),
    logprob: float = 0.0,
    top_logprobs: int = 0,
    tool_call: dict[str, Any] | None = None,
    cached_tokens: int = 0,
) -> bytes:
    """A whole chat completion; with ``logprob_tokens``, their log-probabilities; with
    ``tool_call``, a call of that tool instead of text."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_call is not None:
        message = {"role": "assistant", "content": None, "tool_calls": [tool_call]}
        finish = "tool_calls"
    choice: dict[str, Any] = {"index": 0, "message": message, "finish_reason": finish}
    if logprob_tokens:
        choice["logprobs"] = {"content": [_token(t, logprob, top_logprobs) for t in logprob_tokens]}
    return json.dumps(
        {
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [choice],
            "usage": usage(cached_tokens),
        }
    ).encode()


def tool_call_events(model: str, call: dict[str, Any]) -> list[bytes]:
    """Server-sent events of one tool call as OpenAI streams it: the call's id, type and
    name with empty arguments, the arguments in pieces, the finish, the usage, ``[DONE]``."""
    base = {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
    }
    opening = {
        "index": 0,
        "id": call["id"],
        "type": "function",
        "function": {"name": call["function"]["name"], "arguments": ""},
    }
    chunks: list[dict[str, Any]] = [
        {
            **base,
            "choices": [
                {
                    "index": 0,
                    "delta": {"role": "assistant", "content": None, "tool_calls": [opening]},
                    "finish_reason": None,
                }
            ],
        }
    ]
    arguments = call["function"]["arguments"]
    for start in range(0, len(arguments), 8):
        piece = {"index": 0, "function": {"arguments": arguments[start : start + 8]}}
        chunks.append(
            {
                **base,
                "choices": [{"index": 0, "delta": {"tool_calls": [piece]}, "finish_reason": None}],
            }
        )
    chunks.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]})
    chunks.append({**base, "choices": [], "usage": _USAGE})
    return [*(b"data: %b\n\n" % json.dumps(c).encode() for c in chunks), b"data: [DONE]\n\n"]


def events(
    model: str,
    content: str,
    *,
    finish: str = "stop",
    complete: bool = True,
    logprob: float | None = None,
    top_logprobs: int = 0,
    cached_tokens: int = 0,
) -> list[bytes]:
    """Server-sent events of ``content``, word by word (with a log-probability per piece
    unless ``logprob`` is ``None``); if ``complete``, then the finish reason, the usage and
    ``[DONE]``."""
    base = {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
    }
    words = content.split(" ")
    chunks: list[dict[str, Any]] = []
    for piece in (words[0], *(" " + w for w in words[1:])):
        choice: dict[str, Any] = {"index": 0, "delta": {"content": piece}, "finish_reason": None}
        if logprob is not None:
            choice["logprobs"] = {"content": [_token(piece, logprob, top_logprobs)]}
        chunks.append({**base, "choices": [choice]})
    if complete:
        chunks.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
        chunks.append({**base, "choices": [], "usage": usage(cached_tokens)})
    out = [b"data: %b\n\n" % json.dumps(c).encode() for c in chunks]
    return [*out, b"data: [DONE]\n\n"] if complete else out


def trickle_events(model: str, count: int) -> list[bytes]:
    """``count`` events of one dot each, with no end: a stream that never finishes."""
    chunk = {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": {"content": "."}, "finish_reason": None}],
    }
    return [b"data: %b\n\n" % json.dumps(chunk).encode()] * count
