"""Anthropic's Messages API on the wire: the request, its translation onto the engine's
(OpenAI-shaped) request (the answer back in Anthropic's shape: :mod:`messages_out`).

Translation, one way each: ``system`` becomes a system message; text blocks text parts;
``image`` blocks (base64 or URL) ``image_url`` parts; an assistant's ``tool_use`` blocks
its ``tool_calls`` (``input`` as JSON arguments); a user's ``tool_result`` blocks ``tool``
messages, in order, before the rest of that turn; ``thinking`` blocks of earlier turns are
dropped (no other provider reads them). ``tools`` become function tools (``input_schema``
as ``parameters``); ``tool_choice`` ``auto``/``any``/``tool``/``none`` become ``auto``/
``required``/the named function/``none``; ``thinking.budget_tokens`` is the reasoning
budget of tiers that reason. ``model``: a tier name forces that tier; any other name
(``auto``, or the Claude model a client was configured with) is routed by the policy, so
a client pointed at tierroute works unchanged.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict

from router.api.protocols.chat import PositiveJsonInt, check_utf8, json_integer
from router.api.protocols.chat_tools import check_json_schema
from router.api.protocols.messages_blocks import (
    Block,
    ImageBlock,
    TextBlock,
    ThinkingBlock,
    ToolResultBlock,
    ToolUseBlock,
    UrlSource,
)
from router.engine.requests import RouteRequest
from router.policy.model import TIER_NAMES, ReasoningBudget, TierName

__all__ = [
    "MessagesIn",
    "TokenCountIn",
    "TokenCountOut",
    "chat_messages",
    "chat_tools",
    "forced_tier",
    "to_route_request",
]


def _no_block(*kinds: str) -> JsonDict:
    block: JsonDict = {"properties": {"type": {"enum": list(kinds)}}, "required": ["type"]}
    return {"anyOf": [{"type": "string"}, {"type": "array", "items": {"not": block}}]}


class MessageIn(BaseModel):
    """One turn of the conversation: ``tool_use`` and thinking blocks are the assistant's,
    ``tool_result`` blocks the user's."""

    model_config = ConfigDict(
        extra="ignore",
        strict=True,
        json_schema_extra={
            "allOf": [
                {
                    "if": {"properties": {"role": {"const": "user"}}},
                    "then": {
                        "properties": {
                            "content": _no_block("tool_use", "thinking", "redacted_thinking")
                        }
                    },
                },
                {
                    "if": {"properties": {"role": {"const": "assistant"}}},
                    "then": {"properties": {"content": _no_block("tool_result")}},
                },
            ]
        },
    )
    role: Literal["user", "assistant"]
    content: str | Annotated[list[Block], Field(min_length=1)]


class ToolSpec(BaseModel):
    """A tool the model may call: its name, what it does, its input's JSON schema."""

    model_config = ConfigDict(extra="ignore", strict=True)
    name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    description: str | None = None
    input_schema: dict[str, Any]

    @field_validator("input_schema")
    @classmethod
    def _schema(cls, value: dict[str, Any]) -> dict[str, Any]:
        checked = check_json_schema(value, "input_schema")
        assert checked is not None
        return checked


class ToolChoiceIn(BaseModel):
    """Whether and which tool the model must call (``name``: with type ``tool``)."""

    model_config = ConfigDict(
        extra="ignore",
        strict=True,
        json_schema_extra={
            "if": {"properties": {"type": {"const": "tool"}}},
            "then": {"properties": {"name": {"type": "string"}}, "required": ["name"]},
        },
    )
    type: Literal["auto", "any", "tool", "none"]
    name: str | None = None
    disable_parallel_tool_use: bool | None = None

    @model_validator(mode="after")
    def _named(self) -> ToolChoiceIn:
        if self.type == "tool" and self.name is None:
            raise ValueError("tool_choice: type 'tool' needs the tool's `name`")
        return self


class ThinkingIn(BaseModel):
    """Extended thinking: on with a token budget, or off."""

    model_config = ConfigDict(
        extra="ignore",
        strict=True,
        json_schema_extra={
            "if": {"properties": {"type": {"const": "enabled"}}},
            "then": {
                "properties": {"budget_tokens": {"type": "integer"}},
                "required": ["budget_tokens"],
            },
        },
    )
    type: Literal["enabled", "disabled"]
    budget_tokens: Annotated[int, Field(ge=1024), BeforeValidator(json_integer)] | None = None

    @model_validator(mode="after")
    def _budget(self) -> ThinkingIn:
        if self.type == "enabled" and self.budget_tokens is None:
            raise ValueError("thinking: type 'enabled' needs `budget_tokens` (at least 1024)")
        return self


#: ``tool_choice`` ``any`` and ``tool`` need tools (which tool it names, and which call a
#: tool result answers, the schema cannot say).
_CHOICE_NEEDS_TOOLS: JsonDict = {
    "if": {
        "properties": {
            "tool_choice": {
                "type": "object",
                "properties": {"type": {"enum": ["any", "tool"]}},
                "required": ["type"],
            }
        },
        "required": ["tool_choice"],
    },
    "then": {"properties": {"tools": {"type": "array", "minItems": 1}}, "required": ["tools"]},
}


def _check_blocks(messages: list[MessageIn]) -> None:
    """Each block in a turn of its role; every tool result after the tool use it answers."""
    issued: set[str] = set()
    for index, message in enumerate(messages):
        for block in _blocks(message):
            if isinstance(block, ToolUseBlock):
                if message.role != "assistant":
                    raise ValueError(f"messages[{index}]: tool_use blocks are the assistant's")
                issued.add(block.id)
            elif isinstance(block, ThinkingBlock) and message.role != "assistant":
                raise ValueError(f"messages[{index}]: thinking blocks are the assistant's")
            elif isinstance(block, ToolResultBlock):
                if message.role != "user":
                    raise ValueError(f"messages[{index}]: tool_result blocks are the user's")
                if block.tool_use_id not in issued:
                    raise ValueError(
                        f"messages[{index}]: tool_result for {block.tool_use_id!r}, which "
                        "no earlier tool_use block has; send the assistant turn with that "
                        "tool_use before its result"
                    )


class _Conversation(BaseModel):
    """What a messages request and a token count share."""

    model_config = ConfigDict(extra="ignore", strict=True, json_schema_extra=_CHOICE_NEEDS_TOOLS)
    model: str = Field(default="auto", min_length=1)
    messages: list[MessageIn] = Field(
        min_length=1,
        max_length=1000,
        json_schema_extra={
            "contains": {
                "type": "object",
                "properties": {"role": {"const": "user"}},
                "required": ["role"],
            }
        },
    )
    system: str | list[TextBlock] | None = None
    tools: list[ToolSpec] | None = Field(default=None, max_length=128)
    tool_choice: ToolChoiceIn | None = None

    @model_validator(mode="after")
    def _fits(self) -> _Conversation:
        if not any(m.role == "user" for m in self.messages):
            raise ValueError("messages must contain at least one message with role 'user'")
        check_utf8([m.model_dump() for m in self.messages], "messages")
        _check_blocks(self.messages)
        choice = self.tool_choice
        if choice is not None and choice.type in ("any", "tool") and not self.tools:
            raise ValueError(f"tool_choice {choice.type!r} needs `tools`")
        if choice is not None and choice.type == "tool":
            names = [t.name for t in self.tools or ()]
            if choice.name not in names:
                raise ValueError(
                    f"tool_choice names {choice.name!r}, which is not among the tools "
                    f"({', '.join(names)})"
                )
        return self


class MessagesIn(_Conversation):
    """``POST /v1/messages``: Anthropic's body."""

    max_tokens: PositiveJsonInt
    stop_sequences: list[str] | None = Field(default=None, max_length=16)
    stream: bool = False
    temperature: float | None = Field(default=None, ge=0, le=1)
    top_p: float | None = Field(default=None, gt=0, le=1)
    top_k: PositiveJsonInt | None = None
    thinking: ThinkingIn | None = None
    metadata: dict[str, Any] | None = None


class TokenCountIn(_Conversation):
    """``POST /v1/messages/count_tokens``."""

    thinking: ThinkingIn | None = None


class TokenCountOut(BaseModel):
    """How many input tokens the request is."""

    input_tokens: int


def _blocks(message: MessageIn) -> list[Any]:
    if isinstance(message.content, str):
        return [TextBlock(type="text", text=message.content)]
    return list(message.content)


def _image_part(block: ImageBlock) -> dict[str, Any]:
    source = block.source
    url = (
        source.url
        if isinstance(source, UrlSource)
        else f"data:{source.media_type};base64,{source.data}"
    )
    return {"type": "image_url", "image_url": {"url": url}}


def _parts(blocks: list[Any]) -> str | list[dict[str, Any]]:
    """Text and image blocks as chat content (plain text when it is all text)."""
    if all(isinstance(b, TextBlock) for b in blocks):
        return "\n".join(b.text for b in blocks)
    return [
        {"type": "text", "text": b.text} if isinstance(b, TextBlock) else _image_part(b)
        for b in blocks
    ]


def _tool_result(block: ToolResultBlock) -> dict[str, Any]:
    content = block.content
    text = (
        content
        if isinstance(content, str)
        else "\n".join(b.text for b in content if isinstance(b, TextBlock))
    )
    if block.is_error:
        text = f"(the tool failed) {text}"
    return {"role": "tool", "tool_call_id": block.tool_use_id, "content": text}


def chat_messages(body: _Conversation) -> list[dict[str, Any]]:
    """The conversation as chat messages (see the module docstring)."""
    out: list[dict[str, Any]] = []
    if body.system:
        system = (
            body.system if isinstance(body.system, str) else "\n".join(b.text for b in body.system)
        )
        out.append({"role": "system", "content": system})
    for message in body.messages:
        blocks = [b for b in _blocks(message) if not isinstance(b, ThinkingBlock)]
        if message.role == "assistant":
            texts = [b.text for b in blocks if isinstance(b, TextBlock)]
            calls = [
                {
                    "id": b.id,
                    "type": "function",
                    "function": {"name": b.name, "arguments": json.dumps(b.input)},
                }
                for b in blocks
                if isinstance(b, ToolUseBlock)
            ]
            if not texts and not calls:
                continue  # only thinking: nothing another model reads
            turn: dict[str, Any] = {"role": "assistant", "content": "\n".join(texts) or None}
            if calls:
                turn["tool_calls"] = calls
            out.append(turn)
            continue
        out.extend(_tool_result(b) for b in blocks if isinstance(b, ToolResultBlock))
        rest = [b for b in blocks if isinstance(b, TextBlock | ImageBlock)]
        if rest:
            out.append({"role": "user", "content": _parts(rest)})
    return out


def chat_tools(body: _Conversation) -> list[dict[str, Any]] | None:
    """The tools as function tools."""
    if not body.tools:
        return None
    return [
        {
            "type": "function",
            "function": {
                "name": t.name,
                **({"description": t.description} if t.description else {}),
                "parameters": t.input_schema,
            },
        }
        for t in body.tools
    ]


def _tool_choice(choice: ToolChoiceIn | None) -> str | dict[str, Any] | None:
    if choice is None:
        return None
    if choice.type == "tool":
        return {"type": "function", "function": {"name": choice.name}}
    return {"auto": "auto", "any": "required", "none": "none"}[choice.type]


def forced_tier(model: str) -> TierName | None:
    """The tier ``model`` names, or ``None`` (routed by the policy)."""
    return next((t for t in TIER_NAMES if t == model), None)


def to_route_request(body: MessagesIn) -> RouteRequest:
    """The engine's request for an Anthropic body."""
    choice = body.tool_choice
    reasoning = None
    if body.thinking is not None and body.thinking.type == "enabled":
        reasoning = ReasoningBudget(budget_tokens=body.thinking.budget_tokens)
    metadata = {
        k: str(v) for k, v in (body.metadata or {}).items() if isinstance(v, str | int | float)
    }
    return RouteRequest(
        messages=chat_messages(body),
        tier=forced_tier(body.model),
        metadata=metadata,
        max_tokens=body.max_tokens,
        temperature=body.temperature,
        top_p=body.top_p,
        stop=body.stop_sequences,
        tools=chat_tools(body),
        tool_choice=_tool_choice(choice) if body.tools else None,
        parallel_tool_calls=False
        if choice is not None and choice.disable_parallel_tool_use
        else None,
        reasoning=reasoning,
        session_scope=metadata.get("user_id"),
    )
