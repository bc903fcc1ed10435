"""Which conversation a request continues, as a key that names it without holding its text.

A conversation keeps its tier (and so the provider's prompt cache) while it lasts. It is
named by the caller when the caller can (a session header, OpenAI's ``prompt_cache_key``),
else by its opening: the system prompt, the first user message and the first answer to it,
which every later turn of the same conversation sends again unchanged. The end user
(OpenAI's ``user``, Anthropic's ``metadata.user_id``) scopes the opening, so two users
who open alike are two conversations. A first turn has no key before it is answered; its
answer makes one (:func:`conversation_key` with ``answer``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from router.messages import content_parts

__all__ = ["answer_message", "conversation_key"]

_OPENING_ROLES = frozenset({"system", "developer", "user", "assistant"})


def _arguments(value: object) -> object:
    """Tool-call arguments compared by meaning, not spacing (Anthropic sends them as an
    object that becomes JSON again)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _normal(message: Mapping[str, object]) -> list[Any]:
    texts, _ = content_parts(message.get("content"))
    calls = message.get("tool_calls")
    named = []
    for call in calls if isinstance(calls, list) else []:
        if isinstance(call, Mapping):
            function = call.get("function")
            function = function if isinstance(function, Mapping) else {}
            named.append(
                [call.get("id"), function.get("name"), _arguments(function.get("arguments"))]
            )
    return [message.get("role"), "".join(texts).strip(), named]


def _opening(messages: Sequence[Mapping[str, object]]) -> list[Mapping[str, object]] | None:
    """The messages up to the first answer to the first user message, or ``None`` when
    the conversation has no answer yet."""
    seen_user = False
    for index, message in enumerate(messages):
        role = message.get("role")
        if role == "user":
            seen_user = True
        elif role == "assistant" and seen_user:
            return [m for m in messages[: index + 1] if m.get("role") in _OPENING_ROLES]
    return None


def conversation_key(
    messages: Sequence[Mapping[str, object]],
    *,
    session: str | None = None,
    scope: str | None = None,
    answer: Mapping[str, object] | None = None,
) -> str | None:
    """The key of the conversation ``messages`` belong to (``answer`` appended, when the
    request has been answered), or ``None`` while it has no answer and no named session."""
    if session:
        digest = hashlib.sha256(b"session\0" + session.encode("utf-8", "replace")).hexdigest()
        return f"conv:s:{digest[:40]}"
    opening = _opening([*messages, answer] if answer is not None else messages)
    if opening is None:
        return None
    payload = json.dumps([scope, [_normal(m) for m in opening]], ensure_ascii=False, default=str)
    digest = hashlib.sha256(payload.encode("utf-8", "replace")).hexdigest()
    return f"conv:o:{digest[:40]}"


def answer_message(content: str, tool_calls: list[dict[str, Any]] | None) -> dict[str, Any]:
    """An answer as the assistant message the caller sends back next turn."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return message
