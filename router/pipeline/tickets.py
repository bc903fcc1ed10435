"""A support ticket, wherever it comes from (HTTP, a batch file, a Redis stream)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from router.backends.calls import Usage
from router.engine.requests import RouteRequest, RouteResult
from router.policy.model import TierName

__all__ = ["Ticket", "TicketResult", "ticket_request", "ticket_result"]


class Ticket(BaseModel):
    """One support ticket: subject and body are the text; the rest feeds policy rules."""

    model_config = ConfigDict(extra="forbid", strict=True)
    id: str = Field(min_length=1, max_length=200)
    subject: str = ""
    body: str = Field(min_length=1)
    priority: str | None = None
    customer: dict[str, str] = Field(default_factory=dict)
    metadata: dict[str, str] = Field(default_factory=dict)
    tier: TierName | None = None


class TicketResult(BaseModel):
    """What became of a ticket: its answer and path, or the error that stopped it."""

    id: str
    tier: TierName | None = None
    score: float | None = None
    answer: str | None = None
    model: str | None = None
    usage: Usage = Field(default_factory=Usage)
    cost_usd: float = 0.0
    #: Cost of the calls made, per tier (a cascade pays every tier it called).
    cost_by_tier: dict[str, float] = Field(default_factory=dict)
    called: list[TierName] = Field(default_factory=list)
    escalations: list[str] = Field(default_factory=list)
    cache: str | None = None
    error: str | None = None


def ticket_request(ticket: Ticket) -> RouteRequest:
    """The engine's request for a ticket: subject and body as the user's message."""
    text = f"{ticket.subject}\n\n{ticket.body}" if ticket.subject else ticket.body
    metadata: dict[str, str] = {**ticket.customer, **ticket.metadata}
    if ticket.priority is not None:
        metadata["priority"] = ticket.priority
    return RouteRequest(
        messages=[{"role": "user", "content": text}], metadata=metadata, tier=ticket.tier
    )


def ticket_result(ticket_id: str, result: RouteResult, **extra: Any) -> TicketResult:
    """The record of an answered ticket."""
    return TicketResult(
        id=ticket_id,
        tier=result.tier,
        score=result.decision.score,
        answer=result.answer.content,
        model=result.answer.model,
        usage=result.usage,
        cost_usd=result.cost_usd,
        cost_by_tier=_cost_by_tier(result),
        called=result.called,
        escalations=result.escalations,
        cache=result.cache,
        **extra,
    )


def _cost_by_tier(result: RouteResult) -> dict[str, float]:
    costs: dict[str, float] = {}
    for attempt in result.attempts:
        costs[attempt.tier] = costs.get(attempt.tier, 0.0) + attempt.cost_usd
    return costs
