"""OpenAI's Responses API on the wire: the request, its translation onto the engine's
request (the response object back: :mod:`router.api.protocols.responses_out`).

Translation: ``instructions`` becomes a system message; ``input`` (a string, or items)
chat messages: message items (``input_text``/``output_text``/``input_image`` parts),
``function_call`` items an assistant turn's tool calls (consecutive calls in one turn),
``function_call_output`` items ``tool`` messages; ``reasoning`` items are dropped. Function
``tools`` become chat function tools; ``text.format`` the ``response_format``;
``reasoning.effort`` the reasoning budget of tiers that reason; ``max_output_tokens`` the
caller's ``max_tokens``. With ``previous_response_id`` the stored conversation comes
first, and the request stays on (or above) the tier that answered it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from router.api.protocols.chat import PositiveJsonInt, check_response_format, check_utf8
from router.api.protocols.chat_tools import FunctionSpec
from router.policy.model import TIER_NAMES, ReasoningBudget

__all__ = ["ResponsesIn", "chat_input", "response_format"]


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)


class InputText(_Item):
    """Text given to the model (``output_text``: an earlier answer's)."""

    type: Literal["input_text", "output_text"]
    text: str


class InputImage(_Item):
    """An image by URL (or ``data:`` URL)."""

    type: Literal["input_image"]
    image_url: str
    detail: Literal["auto", "low", "high"] | None = None


Part = Annotated[InputText | InputImage, Field(discriminator="type")]


class MessageItem(_Item):
    """A message of the conversation."""

    type: Literal["message"] = "message"
    role: Literal["user", "system", "developer", "assistant"]
    content: str | list[Part]


class FunctionCallItem(_Item):
    """A function the model called earlier."""

    type: Literal["function_call"]
    call_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    arguments: str


class FunctionCallOutputItem(_Item):
    """What a called function returned."""

    type: Literal["function_call_output"]
    call_id: str = Field(min_length=1)
    output: str


class ReasoningItem(_Item):
    """An earlier answer's reasoning (dropped: no other model reads it)."""

    type: Literal["reasoning"]


Item = MessageItem | FunctionCallItem | FunctionCallOutputItem | ReasoningItem
#: Reasoning items are dropped, so the input must hold something else.
_NOT_ONLY_REASONING = {
    "contains": {
        "not": {
            "type": "object",
            "properties": {"type": {"const": "reasoning"}},
            "required": ["type"],
        }
    }
}


class FunctionTool(FunctionSpec):
    """A function tool (the Responses API's flat shape)."""

    type: Literal["function"]


class NamedFunctionChoice(_Item):
    """``tool_choice`` that names one function."""

    type: Literal["function"]
    name: str


class ReasoningIn(_Item):
    """How hard a reasoning model thinks."""

    effort: Literal["minimal", "low", "medium", "high"] | None = None


class TextFormat(_Item):
    """``text.format``: plain text, a JSON object, or JSON matching a schema."""

    type: Literal["text", "json_object", "json_schema"]
    name: str | None = None
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    strict: bool | None = None


class TextIn(_Item):
    """How the answer's text is shaped."""

    format: TextFormat | None = None


_CHOICE_NEEDS_TOOLS: JsonDict = {
    "allOf": [
        {
            "if": {
                "properties": {
                    "tool_choice": {"anyOf": [{"type": "object"}, {"enum": ["required"]}]}
                },
                "required": ["tool_choice"],
            },
            "then": {
                "properties": {"tools": {"type": "array", "minItems": 1}},
                "required": ["tools"],
            },
        },
        {
            "if": {
                "properties": {
                    "text": {
                        "type": "object",
                        "properties": {
                            "format": {
                                "type": "object",
                                "properties": {"type": {"const": "json_schema"}},
                                "required": ["type"],
                            }
                        },
                        "required": ["format"],
                    }
                },
                "required": ["text"],
            },
            "then": {
                "properties": {
                    "text": {
                        "properties": {
                            "format": {
                                "properties": {"schema": {"type": "object"}},
                                "required": ["schema"],
                            }
                        }
                    }
                }
            },
        },
    ]
}


class ResponsesIn(BaseModel):
    """``POST /v1/responses``: OpenAI's body; ``model`` is ``auto`` or a tier name."""

    model_config = ConfigDict(extra="ignore", strict=True, json_schema_extra=_CHOICE_NEEDS_TOOLS)
    model: str = Field(default="auto", json_schema_extra={"enum": ["auto", *TIER_NAMES]})
    input: (
        str
        | Annotated[
            list[Item], Field(min_length=1, max_length=1000, json_schema_extra=_NOT_ONLY_REASONING)
        ]
    )
    instructions: str | None = None
    tools: list[FunctionTool] | None = Field(default=None, max_length=128)
    tool_choice: Literal["none", "auto", "required"] | NamedFunctionChoice | None = None
    parallel_tool_calls: bool | None = None
    max_output_tokens: PositiveJsonInt | None = None
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, gt=0, le=1)
    reasoning: ReasoningIn | None = None
    text: TextIn | None = None
    stream: bool = False
    store: bool = True
    previous_response_id: str | None = None
    metadata: dict[str, str] | None = None
    #: The end user: it scopes the conversation a request continues.
    user: str | None = Field(default=None, max_length=512)
    #: Names the conversation (OpenAI's prompt-cache key): it stays on its tier.
    prompt_cache_key: str | None = Field(default=None, max_length=512)

    @model_validator(mode="after")
    def _fits(self) -> ResponsesIn:
        check_utf8(self.model_dump(include={"input", "instructions"}), "input")
        if isinstance(self.input, list) and all(isinstance(i, ReasoningItem) for i in self.input):
            raise ValueError(
                "input holds only reasoning items, which are dropped: send a message or a "
                "function_call_output with them"
            )
        choice = self.tool_choice
        if choice in ("required",) or isinstance(choice, NamedFunctionChoice):
            names = [t.name for t in self.tools or ()]
            if not names:
                raise ValueError("tool_choice needs `tools`")
            if isinstance(choice, NamedFunctionChoice) and choice.name not in names:
                raise ValueError(
                    f"tool_choice names {choice.name!r}, which is not among the tools "
                    f"({', '.join(names)})"
                )
        check_response_format(response_format(self))
        return self

    def chat_tools(self) -> list[dict[str, Any]] | None:
        """The tools as chat function tools."""
        if not self.tools:
            return None
        return [
            {"type": "function", "function": t.model_dump(exclude={"type"}, exclude_none=True)}
            for t in self.tools
        ]

    def chat_tool_choice(self) -> str | dict[str, Any] | None:
        """``tool_choice`` in the chat protocol's shape."""
        choice = self.tool_choice
        if isinstance(choice, NamedFunctionChoice):
            return {"type": "function", "function": {"name": choice.name}}
        return choice if self.tools else None

    def reasoning_budget(self) -> ReasoningBudget | None:
        """``reasoning.effort`` as a reasoning budget (``minimal`` counts as low)."""
        effort = self.reasoning.effort if self.reasoning is not None else None
        if effort is None:
            return None
        return ReasoningBudget(effort="low" if effort == "minimal" else effort)


def response_format(body: ResponsesIn) -> dict[str, Any] | None:
    """``text.format`` as the chat protocol's ``response_format``."""
    fmt = body.text.format if body.text is not None else None
    if fmt is None or fmt.type == "text":
        return None
    if fmt.type == "json_object":
        return {"type": "json_object"}
    spec: dict[str, Any] = {"name": fmt.name or "answer", "schema": fmt.schema_}
    if fmt.strict is not None:
        spec["strict"] = fmt.strict
    return {"type": "json_schema", "json_schema": spec}


def _content(parts: str | list[Any]) -> str | list[dict[str, Any]]:
    if isinstance(parts, str):
        return parts
    if all(isinstance(p, InputText) for p in parts):
        return "\n".join(p.text for p in parts)
    return [
        {"type": "text", "text": p.text}
        if isinstance(p, InputText)
        else {"type": "image_url", "image_url": {"url": p.image_url}}
        for p in parts
    ]


def chat_input(body: ResponsesIn, earlier: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conversation as chat messages: ``earlier`` (a previous response's), then the
    instructions and the input."""
    out = [dict(m) for m in earlier if m.get("role") != "system"]
    if body.instructions:
        out.insert(0, {"role": "system", "content": body.instructions})
    if isinstance(body.input, str):
        out.append({"role": "user", "content": body.input})
        return out
    for item in body.input:
        if isinstance(item, MessageItem):
            role = "system" if item.role == "developer" else item.role
            out.append({"role": role, "content": _content(item.content)})
        elif isinstance(item, FunctionCallItem):
            call = {
                "id": item.call_id,
                "type": "function",
                "function": {"name": item.name, "arguments": item.arguments},
            }
            last = out[-1] if out else None
            if last is not None and last.get("role") == "assistant" and last.get("tool_calls"):
                last["tool_calls"] = [*last["tool_calls"], call]
            else:
                out.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif isinstance(item, FunctionCallOutputItem):
            out.append({"role": "tool", "tool_call_id": item.call_id, "content": item.output})
    return out
