"""tierroute's own endpoints on the wire (route, tickets, models, health) and the error
shape every route answers with (OpenAI's)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from router.api.protocols.chat import MAX_MESSAGES, ChatMessageIn, check_utf8
from router.api.protocols.chat_out import UsageOut
from router.engine.decide import RouteDecision
from router.pipeline.tickets import Draft
from router.policy.model import TierName

__all__ = [
    "ErrorOut",
    "HealthOut",
    "ModelCard",
    "ModelList",
    "ReloadErrorOut",
    "RouteIn",
    "TicketOut",
]


class RouteIn(BaseModel):
    """``POST /v1/route``: give ``text`` or ``messages`` (not both), and ticket metadata."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "oneOf": [
                {"required": ["text"], "properties": {"text": {"type": "string"}}},
                {"required": ["messages"], "properties": {"messages": {"type": "array"}}},
            ]
        },
    )
    text: str | None = Field(default=None, min_length=1)
    messages: list[ChatMessageIn] | None = Field(
        default=None, min_length=1, max_length=MAX_MESSAGES
    )
    metadata: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_input(self) -> RouteIn:
        if (self.text is None) == (self.messages is None):
            raise ValueError("give exactly one of `text` or `messages`")
        check_utf8([self.text, [m.model_dump() for m in self.messages or []]], "text or messages")
        return self


class TicketOut(BaseModel):
    """The answer to a ticket and how it was reached."""

    id: str
    #: ``None`` when the ticket went to a person before any model was asked.
    answer: str | None
    tier: TierName
    score: float
    model: str | None
    finish_reason: str | None
    usage: UsageOut
    cost_usd: float
    called: list[TierName]
    escalations: list[str]
    decision: RouteDecision
    #: Whether the ticket was trimmed to fit the answering tier's input budget.
    trimmed_input: bool = False
    #: ``handoff``: a person answers it; ``answer`` is the last draft.
    status: Literal["answered", "handoff"] = "answered"
    handoff_reasons: list[str] = Field(default_factory=list)
    drafts: list[Draft] = Field(default_factory=list)
    #: Whether the answer looped and was cut where the loop began.
    looped: bool = False


class ModelCard(BaseModel):
    """``auto`` or a tier, as OpenAI's ``/v1/models`` lists models; with the model behind it."""

    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "tierroute"
    backing_model: str | None = None


class ModelList(BaseModel):
    """``GET /v1/models``: ``auto`` and the tiers."""

    object: Literal["list"] = "list"
    data: list[ModelCard]


class ErrorBody(BaseModel):
    """What went wrong (``message`` says what to fix), the error's class, the HTTP status."""

    message: str
    type: str
    code: int


class ErrorOut(BaseModel):
    """Every error: OpenAI's shape, ``{"error": {"message", "type", "code"}}``."""

    error: ErrorBody


class ReloadErrorBody(ErrorBody):
    """A refused reload: one ``file:line: field: message`` per problem."""

    problems: list[str]


class ReloadErrorOut(BaseModel):
    """A refused reload: the error, with one ``file:line: field: message`` per problem."""

    error: ReloadErrorBody


class HealthOut(BaseModel):
    """``/healthz`` and ``/readyz``."""

    status: Literal["ok", "ready", "starting"]
