"""HTTP request and response bodies, one model per direction."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from router.decide import RouteDecision
from router.policy import TierName

__all__ = [
    "ChatCompletionIn",
    "ChatCompletionOut",
    "ChatMessageIn",
    "ErrorOut",
    "ModelList",
    "RouteIn",
    "TicketOut",
]


class ChatMessageIn(BaseModel):
    """One chat message, as the OpenAI API sends it."""

    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[dict[str, Any]] | None = None
    name: str | None = None


class ChatCompletionIn(BaseModel):
    """``POST /v1/chat/completions``: OpenAI's body; ``model`` is ``auto`` or a tier name."""

    model_config = ConfigDict(extra="ignore")
    model: str = "auto"
    messages: list[ChatMessageIn] = Field(min_length=1)
    max_tokens: int | None = Field(default=None, gt=0)
    max_completion_tokens: int | None = Field(default=None, gt=0)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, gt=0, le=1)
    n: Literal[1] = 1
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    stop: str | list[str] | None = None
    seed: int | None = None
    response_format: dict[str, Any] | None = None
    metadata: dict[str, str] | None = None
    user: str | None = None

    @model_validator(mode="after")
    def _has_user_text(self) -> ChatCompletionIn:
        if not any(m.role == "user" for m in self.messages):
            raise ValueError("messages must contain at least one message with role 'user'")
        return self


class ChoiceMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: ChoiceMessage
    finish_reason: str


class UsageOut(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class RoutingInfo(BaseModel):
    """What tierroute did for this response."""

    tier: TierName
    score: float
    called: list[TierName]
    escalations: list[str]
    cost_usd: float
    policy_version: str


class ChatCompletionOut(BaseModel):
    """OpenAI chat completion, plus a ``tierroute`` block with the routing path."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: UsageOut
    tierroute: RoutingInfo


class RouteIn(BaseModel):
    """``POST /v1/route``: give ``text`` or ``messages`` (not both), and ticket metadata."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(default=None, min_length=1)
    messages: list[ChatMessageIn] | None = Field(default=None, min_length=1)
    metadata: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_input(self) -> RouteIn:
        if (self.text is None) == (self.messages is None):
            raise ValueError("give exactly one of `text` or `messages`")
        return self


class TicketOut(BaseModel):
    """The answer to a ticket and how it was reached."""

    id: str
    answer: str
    tier: TierName
    score: float
    model: str
    finish_reason: str
    usage: UsageOut
    cost_usd: float
    called: list[TierName]
    escalations: list[str]
    decision: RouteDecision


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "tierroute"
    backing_model: str | None = None


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class ErrorBody(BaseModel):
    message: str
    type: str
    code: int


class ErrorOut(BaseModel):
    """Every error: OpenAI's shape, ``{"error": {"message", "type", "code"}}``."""

    error: ErrorBody
