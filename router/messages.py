"""Reading chat messages (their content, the keys the protocol gives them), in one place for
the decision, the backends and inputs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

__all__ = [
    "MESSAGE_KEYS",
    "PROTOCOL_KEYS",
    "content_parts",
    "estimated_tokens",
    "text_of_messages",
    "unpaired_surrogate",
]

_SPEAKER = frozenset({"role", "content", "name"})

#: The keys each role's message has in the OpenAI chat protocol (the ``openai`` SDK's
#: ``ChatCompletion*MessageParam`` types). The ``function`` role (deprecated) is not served.
MESSAGE_KEYS: Mapping[str, frozenset[str]] = {
    "system": _SPEAKER,
    "developer": _SPEAKER,
    "user": _SPEAKER,
    "assistant": _SPEAKER | {"refusal", "tool_calls", "function_call", "audio"},
    "tool": frozenset({"role", "content", "tool_call_id"}),
}
#: The keys some role's message has: every other key is unknown to the protocol.
PROTOCOL_KEYS: frozenset[str] = frozenset().union(*MESSAGE_KEYS.values())


def content_parts(content: object) -> tuple[list[str], list[str]]:
    """The text pieces of a message's ``content`` (a string, OpenAI parts, or ``None``)
    and the kinds of any parts that are not text (``image_url``, ``input_audio``, ...)."""
    if content is None:
        return [], []
    if isinstance(content, str):
        return [content], []
    texts: list[str] = []
    others: list[str] = []
    for part in content if isinstance(content, list) else [content]:
        if isinstance(part, Mapping) and part.get("type") == "text":
            texts.append(str(part.get("text", "")))
        else:
            others.append(
                str(part.get("type")) if isinstance(part, Mapping) else type(part).__name__
            )
    return texts, others


def text_of_messages(messages: Iterable[Mapping[str, object]]) -> str:
    """The text the classifier scores for a chat: every user message's text, in order."""
    parts: list[str] = []
    for message in messages:
        if message.get("role") == "user":
            parts.extend(content_parts(message.get("content"))[0])
    return "\n".join(parts)


def unpaired_surrogate(value: object) -> str | None:
    """The first character of ``value`` that UTF-8 cannot encode (a lone surrogate from a
    JSON ``\\ud800``), escaped for a message; ``None`` when all of it encodes."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        return ascii(exc.object[exc.start : exc.end])
    return None


def estimated_tokens(text: str) -> int:
    """About four characters a token: an estimate made before any tokenizer runs."""
    return max(len(text) // 4, 1)
