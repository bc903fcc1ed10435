"""OpenAI Chat Completions on the wire: the request, checked (the answer's shape is in
:mod:`router.api.protocols.chat_out`)."""

from __future__ import annotations

import logging
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

from router.api.protocols.chat_parts import ContentPart
from router.api.protocols.chat_tools import (
    LegacyFunctionCall,
    LegacyFunctions,
    ToolChoice,
    Tools,
    check_tool_choice,
    check_tool_results,
    legacy_tool_choice,
)
from router.messages import MESSAGE_KEYS, PROTOCOL_KEYS, unpaired_surrogate
from router.policy.model import TIER_NAMES

__all__ = [
    "MAX_MESSAGES",
    "ChatCompletionIn",
    "ChatMessageIn",
    "PositiveJsonInt",
    "check_utf8",
    "json_integer",
]

log = logging.getLogger("tierroute.api")


class FunctionCall(BaseModel):
    """A function an assistant message called (OpenAI's deprecated ``function_call``)."""

    model_config = ConfigDict(extra="ignore", strict=True)
    name: str
    arguments: str


class FunctionToolCall(BaseModel):
    """A function tool an earlier assistant turn called."""

    model_config = ConfigDict(extra="ignore", strict=True)
    id: str
    type: Literal["function"]
    function: FunctionCall


class CustomCall(BaseModel):
    """What a custom tool was called with."""

    model_config = ConfigDict(extra="ignore", strict=True)
    name: str
    input: str


class CustomToolCall(BaseModel):
    """A custom tool an earlier assistant turn called."""

    model_config = ConfigDict(extra="ignore", strict=True)
    id: str
    type: Literal["custom"]
    custom: CustomCall


ToolCall = Annotated[FunctionToolCall | CustomToolCall, Field(discriminator="type")]


class AudioRef(BaseModel):
    """A previous audio answer of the model, by id."""

    model_config = ConfigDict(extra="ignore", strict=True)
    id: str


class ChatMessageIn(BaseModel):
    """One chat message, as the OpenAI API sends it (content: text, or typed parts).

    Keys the OpenAI protocol does not define (a client's own ``id`` or ``timestamp``,
    ``reasoning_content`` or ``annotations`` copied from an earlier answer) are dropped
    here, before any backend sees them, as unknown top-level fields are; so are keys of
    another role (a ``tool_call_id`` on a user message), once they validate. Refusing them
    would break clients written against OpenAI-compatible servers that ignore such keys;
    passing them on would have the provider refuse the call (OpenAI answers 400, which the
    caller would get as a 502 it cannot act on), hand the client's bookkeeping to a third
    party, and let one request succeed on one tier's provider and fail on another's.
    """

    model_config = ConfigDict(
        extra="ignore",
        strict=True,
        json_schema_extra={
            "if": {"properties": {"role": {"not": {"const": "assistant"}}}},
            "then": {
                "required": ["content"],
                "properties": {"content": {"anyOf": [{"type": "string"}, {"type": "array"}]}},
            },
        },
    )
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None
    name: str | None = None
    #: ``tool`` messages only: the call this message answers.
    tool_call_id: str | None = None
    #: ``assistant`` messages only (earlier turns of the conversation).
    tool_calls: list[ToolCall] | None = None
    function_call: FunctionCall | None = None
    refusal: str | None = None
    audio: AudioRef | None = None

    @model_validator(mode="before")
    @classmethod
    def _drop_unknown_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        unknown = [key for key in data if key not in PROTOCOL_KEYS]
        if unknown:
            log.debug("dropped message keys the OpenAI protocol does not define: %s", unknown)
            return {key: value for key, value in data.items() if key in PROTOCOL_KEYS}
        return data

    @model_validator(mode="after")
    def _as_the_role_has_it(self) -> ChatMessageIn:
        if self.content is None and self.role != "assistant":
            raise ValueError(f"a {self.role!r} message needs `content` (text or content parts)")
        for key in PROTOCOL_KEYS - MESSAGE_KEYS[self.role]:
            if getattr(self, key) is not None:
                setattr(self, key, None)  # another role's key: left out of every dump
        return self


def json_integer(value: object) -> object:
    """``2.0`` is the integer 2 in JSON (and JSON Schema); ``true`` and ``"2"`` are not."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _one(value: object) -> object:
    if isinstance(value, bool):  # True == 1 in Python, not in JSON
        raise ValueError("Input should be 1")
    return json_integer(value)


#: An integer as JSON has it (strict otherwise: no booleans, no strings).
JsonInt = Annotated[int, BeforeValidator(json_integer)]
PositiveJsonInt = Annotated[int, Field(gt=0), BeforeValidator(json_integer)]

MAX_MESSAGES = 1000
#: OpenAI request fields tierroute does not serve: refused by name rather than ignored.
UNSUPPORTED_FIELDS = (
    "audio",
    "modalities",
    "prediction",
    "logit_bias",
)


def check_utf8(value: object, what: str) -> None:
    """Refuse text that cannot be encoded (lone surrogates from a JSON ``\\ud800``)."""
    bad = unpaired_surrogate(value)
    if bad is not None:
        raise ValueError(f"{what} contain an unpaired surrogate ({bad}); send valid UTF-8 text")


def check_response_format(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """``response_format`` must be OpenAI's shape, with a valid JSON schema if it has one."""
    if value is None:
        return None
    kind = value.get("type")
    if kind not in ("text", "json_object", "json_schema"):
        raise ValueError("type must be 'text', 'json_object' or 'json_schema'")
    if kind == "json_schema":
        spec = value.get("json_schema")
        if not isinstance(spec, dict) or not isinstance(spec.get("schema"), dict):
            raise ValueError("json_schema must be an object with a `schema` object")
        import jsonschema

        try:
            jsonschema.validators.validator_for(spec["schema"]).check_schema(spec["schema"])
        except jsonschema.SchemaError as exc:
            raise ValueError(
                f"json_schema.schema is not a valid JSON schema: {exc.message}"
            ) from exc
    return value


#: What the schema says of fields whose checks run in validators (the checks keep their own
#: messages, which name the fix, rather than a generic one).
_HAS_USER_MESSAGE: JsonDict = {
    "contains": {"type": "object", "properties": {"role": {"const": "user"}}, "required": ["role"]}
}
_RESPONSE_FORMAT: JsonDict = {
    "anyOf": [
        {
            "type": "object",
            "properties": {"type": {"enum": ["text", "json_object"]}},
            "required": ["type"],
        },
        {
            "type": "object",
            "properties": {
                "type": {"const": "json_schema"},
                "json_schema": {
                    "type": "object",
                    "properties": {"schema": {"type": "object"}},
                    "required": ["schema"],
                },
            },
            "required": ["type", "json_schema"],
        },
        {"type": "null"},
    ]
}


#: The validators' rules between fields, as the schema can say them (which tool a named
#: choice names, and which call a tool result answers, it cannot).
_BETWEEN_FIELDS: JsonDict = {
    "allOf": [
        {
            "not": {
                "properties": {"tools": {"type": "array"}, "functions": {"type": "array"}},
                "required": ["tools", "functions"],
            }
        },
        {
            "not": {
                "properties": {
                    "tool_choice": {"not": {"type": "null"}},
                    "function_call": {"not": {"type": "null"}},
                },
                "required": ["tool_choice", "function_call"],
            }
        },
        {
            "if": {
                "properties": {
                    "tool_choice": {"anyOf": [{"type": "object"}, {"enum": ["auto", "required"]}]}
                },
                "required": ["tool_choice"],
            },
            "then": {"properties": {"tools": {"type": "array"}}, "required": ["tools"]},
        },
        {
            "if": {
                "properties": {"top_logprobs": {"type": "integer"}},
                "required": ["top_logprobs"],
            },
            "then": {"properties": {"logprobs": {"const": True}}, "required": ["logprobs"]},
        },
    ]
}


class ChatCompletionIn(BaseModel):
    """``POST /v1/chat/completions``: OpenAI's body; ``model`` is ``auto`` or a tier name."""

    model_config = ConfigDict(extra="ignore", strict=True, json_schema_extra=_BETWEEN_FIELDS)
    model: str = Field(default="auto", json_schema_extra={"enum": ["auto", *TIER_NAMES]})
    messages: list[ChatMessageIn] = Field(
        min_length=1, max_length=MAX_MESSAGES, json_schema_extra=_HAS_USER_MESSAGE
    )
    max_tokens: PositiveJsonInt | None = None
    max_completion_tokens: PositiveJsonInt | None = None
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, gt=0, le=1)
    n: Annotated[Literal[1], BeforeValidator(_one)] = 1
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    stop: str | list[str] | None = None
    seed: JsonInt | None = None
    response_format: dict[str, Any] | None = Field(default=None, json_schema_extra=_RESPONSE_FORMAT)
    metadata: dict[str, str] | None = None
    #: The end user: it scopes the conversation a request continues.
    user: str | None = Field(default=None, max_length=512)
    #: Names the conversation (OpenAI's prompt-cache key): it stays on its tier.
    prompt_cache_key: str | None = Field(default=None, max_length=512)
    tools: Tools | None = None
    tool_choice: ToolChoice | None = None
    parallel_tool_calls: bool | None = None
    #: The deprecated form of ``tools`` and ``tool_choice`` (answered in its own shape).
    functions: LegacyFunctions | None = None
    function_call: LegacyFunctionCall | None = None
    logprobs: bool | None = None
    top_logprobs: Annotated[int, Field(ge=0, le=20), BeforeValidator(json_integer)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _refuse_unsupported(cls, data: Any) -> Any:
        if isinstance(data, dict):
            given = [k for k in UNSUPPORTED_FIELDS if data.get(k) not in (None, False, [], {})]
            if given:
                raise ValueError(
                    f"{', '.join(given)}: not supported by tierroute; remove "
                    f"{'it' if len(given) == 1 else 'them'} from the request"
                )
        return data

    @field_validator("response_format")
    @classmethod
    def _format(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return check_response_format(value)

    @model_validator(mode="after")
    def _has_user_text(self) -> ChatCompletionIn:
        if not any(m.role == "user" for m in self.messages):
            raise ValueError("messages must contain at least one message with role 'user'")
        check_utf8([m.model_dump() for m in self.messages], "messages")
        return self

    @model_validator(mode="after")
    def _tools_fit(self) -> ChatCompletionIn:
        if self.functions is not None and self.tools is not None:
            raise ValueError("send `tools` or the deprecated `functions`, not both")
        if self.function_call is not None and self.tool_choice is not None:
            raise ValueError("send `tool_choice` or the deprecated `function_call`, not both")
        check_tool_choice(self.tool_choice, self.tools)
        if self.function_call is not None and not isinstance(self.function_call, str):
            names = [f.name for f in self.functions or ()]
            if self.function_call.name not in names:
                raise ValueError(
                    f"function_call names {self.function_call.name!r}, which is not among "
                    f"the functions offered ({', '.join(names) or 'none'})"
                )
        if self.top_logprobs is not None and not self.logprobs:
            raise ValueError("top_logprobs needs `logprobs: true`")
        check_tool_results([m.model_dump(exclude_none=True) for m in self.messages])
        return self

    @property
    def legacy_functions(self) -> bool:
        """Whether the request speaks the deprecated ``functions`` (and is answered so)."""
        return self.functions is not None

    def tool_specs(self) -> list[dict[str, Any]] | None:
        """The tools offered, as the chat protocol sends them (``functions`` as tools)."""
        if self.tools is not None:
            return [t.model_dump(exclude_none=True) for t in self.tools]
        if self.functions is not None:
            return [
                {"type": "function", "function": f.model_dump(exclude_none=True)}
                for f in self.functions
            ]
        return None

    def tool_choice_spec(self) -> str | dict[str, Any] | None:
        """``tool_choice`` as sent (the deprecated ``function_call`` as one)."""
        if isinstance(self.tool_choice, BaseModel):
            return self.tool_choice.model_dump()
        if self.tool_choice is not None:
            return self.tool_choice
        return legacy_tool_choice(self.function_call)
