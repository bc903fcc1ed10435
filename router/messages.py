"""Reading chat messages (their content, the keys the protocol gives them), in one place for
the decision, the backends and inputs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "MESSAGE_KEYS",
    "PROTOCOL_KEYS",
    "content_parts",
    "estimated_tokens",
    "needed_capabilities",
    "text_of_messages",
    "tool_loop_call_ids",
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


def needed_capabilities(
    messages: Iterable[Mapping[str, object]],
    tools: object,
    response_format: Mapping[str, object] | None,
    logprobs: bool = False,
) -> dict[str, str]:
    """What a request needs of the model that answers it (``tools``, ``images``,
    ``json_schema``, ``logprobs``), each with why."""
    needs: dict[str, str] = {}
    if logprobs:
        needs["logprobs"] = "it asks for `logprobs`"
    if tools:
        needs["tools"] = "it offers `tools`"
    for message in messages:
        if message.get("role") == "tool" or message.get("tool_calls"):
            needs.setdefault("tools", "its messages carry tool calls and their results")
        if "image_url" in content_parts(message.get("content"))[1]:
            needs.setdefault("images", "a message has an image")
    if response_format and response_format.get("type") == "json_schema":
        needs["json_schema"] = "it asks for a `json_schema` response format"
    return needs


def tool_loop_call_ids(messages: Sequence[Mapping[str, object]]) -> list[str]:
    """The ids of the tool calls a conversation continues: the results it ends with (and
    the calls they answer), or the calls of an assistant turn it ends with; empty when the
    conversation does not continue a tool loop."""
    ids: list[str] = []
    index = len(messages) - 1
    while index >= 0 and messages[index].get("role") == "tool":
        call_id = messages[index].get("tool_call_id")
        if isinstance(call_id, str):
            ids.append(call_id)
        index -= 1
    if index >= 0 and messages[index].get("role") == "assistant":
        calls = messages[index].get("tool_calls")
        for call in calls if isinstance(calls, list) else []:
            if isinstance(call, Mapping) and isinstance(call.get("id"), str):
                ids.append(str(call["id"]))
    return list(dict.fromkeys(ids))
