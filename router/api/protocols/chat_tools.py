"""Tools in the OpenAI chat protocol: the function tools a request offers, which one it
must call, the deprecated ``functions`` / ``function_call`` pair, and the checks that a
tool schema is a JSON schema and that every tool result answers a call made before it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from router.json_schemas import schema_error

__all__ = [
    "FunctionSpec",
    "NamedToolChoice",
    "ToolChoice",
    "ToolIn",
    "check_tool_choice",
    "check_tool_results",
    "legacy_tool_choice",
]

#: The most tools one request may offer (OpenAI's limit).
MAX_TOOLS = 128


def check_json_schema(value: dict[str, Any] | None, what: str) -> dict[str, Any] | None:
    """``value`` if it is a JSON schema (an object that a JSON Schema validator accepts)."""
    if value is None:
        return None
    problem = schema_error(value)
    if problem is not None:
        raise ValueError(f"{what} is not a valid JSON schema: {problem}")
    return value


class FunctionSpec(BaseModel):
    """A function the model may call: its name, what it does, its parameters' schema."""

    model_config = ConfigDict(extra="ignore", strict=True)
    name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None

    @field_validator("parameters")
    @classmethod
    def _schema(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return check_json_schema(value, "parameters")


class ToolIn(BaseModel):
    """A function tool the request offers."""

    model_config = ConfigDict(extra="ignore", strict=True)
    type: Literal["function"]
    function: FunctionSpec


class NamedFunction(BaseModel):
    """The function a named tool choice names."""

    model_config = ConfigDict(extra="ignore", strict=True)
    name: str


class NamedToolChoice(BaseModel):
    """``tool_choice`` that makes the model call one function."""

    model_config = ConfigDict(extra="ignore", strict=True)
    type: Literal["function"]
    function: NamedFunction


ToolChoice = Literal["none", "auto", "required"] | NamedToolChoice
Tools = Annotated[list[ToolIn], Field(min_length=1, max_length=MAX_TOOLS)]
LegacyFunctions = Annotated[list[FunctionSpec], Field(min_length=1, max_length=MAX_TOOLS)]
LegacyFunctionCall = Literal["none", "auto"] | NamedFunction


def check_tool_choice(choice: ToolChoice | None, tools: Sequence[ToolIn] | None) -> None:
    """A named choice must name a tool the request offers; any choice needs tools."""
    if choice is None:
        return
    if not tools:
        if choice != "none":
            raise ValueError("tool_choice is set but the request offers no `tools`")
        return
    if isinstance(choice, NamedToolChoice):
        names = [t.function.name for t in tools]
        if choice.function.name not in names:
            raise ValueError(
                f"tool_choice names {choice.function.name!r}, which is not among the "
                f"tools offered ({', '.join(names)})"
            )


def legacy_tool_choice(call: LegacyFunctionCall | None) -> str | dict[str, Any] | None:
    """The deprecated ``function_call`` as a ``tool_choice``."""
    if call is None or isinstance(call, str):
        return call
    return {"type": "function", "function": {"name": call.name}}


def check_tool_results(messages: Sequence[Mapping[str, Any]]) -> None:
    """Every ``tool`` message answers a tool call of an assistant message before it."""
    issued: set[str] = set()
    for index, message in enumerate(messages):
        for call in message.get("tool_calls") or ():
            issued.add(str(call.get("id")))
        if message.get("role") == "tool":
            call_id = message.get("tool_call_id")
            if not call_id or call_id not in issued:
                raise ValueError(
                    f"messages[{index}]: tool_call_id {call_id!r} answers no tool call of an "
                    "earlier assistant message; send the assistant message with that call "
                    "before its result, and the call's id as `tool_call_id`"
                )
