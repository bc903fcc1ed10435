"""OpenAI Chat Completions on the wire, the way back: the whole answer (choices, usage,
tierroute's routing); the stream's chunks are built in :mod:`router.api.routes.chat`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from router.policy.model import TierName

__all__ = [
    "ChatCompletionOut",
    "Choice",
    "ChoiceLogprobs",
    "ChoiceMessage",
    "CompletionTokensDetails",
    "PromptTokensDetails",
    "RoutingInfo",
    "ToolCallFunction",
    "ToolCallOut",
    "UsageOut",
]


class ToolCallFunction(BaseModel):
    """The function a tool call calls, and its arguments (JSON text)."""

    name: str
    arguments: str


class ToolCallOut(BaseModel):
    """A tool the answer calls."""

    id: str
    type: Literal["function"] = "function"
    function: ToolCallFunction


class ChoiceMessage(BaseModel):
    """The assistant's answer in a completion: text, or the tools it calls (or, for the
    deprecated ``functions``, the function it calls)."""

    role: Literal["assistant"] = "assistant"
    content: str | None
    tool_calls: list[ToolCallOut] | None = None
    function_call: ToolCallFunction | None = None


class ChoiceLogprobs(BaseModel):
    """The answer's tokens with their log-probabilities, as the model gave them."""

    content: list[dict[str, Any]] | None


class Choice(BaseModel):
    """One answer of a completion (tierroute always gives one) and why it ended."""

    index: int = 0
    message: ChoiceMessage
    finish_reason: str
    logprobs: ChoiceLogprobs | None = None


class PromptTokensDetails(BaseModel):
    """Prompt tokens the provider read from its prompt cache."""

    cached_tokens: int = 0


class CompletionTokensDetails(BaseModel):
    """Completion tokens spent reasoning."""

    reasoning_tokens: int = 0


class UsageOut(BaseModel):
    """Tokens of every call made for the answer (a cascade counts each tier it called)."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    prompt_tokens_details: PromptTokensDetails = Field(default_factory=PromptTokensDetails)
    completion_tokens_details: CompletionTokensDetails = Field(
        default_factory=CompletionTokensDetails
    )


class RoutingInfo(BaseModel):
    """What tierroute did for this response."""

    tier: TierName
    score: float
    called: list[TierName]
    escalations: list[str]
    cost_usd: float
    policy_version: str
    #: Whether the input was trimmed to fit the answering tier's input budget.
    trimmed_input: bool = False
    #: Whether the answer looped and was cut where the loop began (no tier above could
    #: answer instead).
    looped: bool = False


class ChatCompletionOut(BaseModel):
    """OpenAI chat completion, plus a ``tierroute`` block with the routing path."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: UsageOut
    tierroute: RoutingInfo
