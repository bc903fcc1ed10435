"""A support ticket, wherever it comes from (HTTP, a batch file, a Redis stream)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from router.backends.calls import Usage
from router.engine.requests import RouteRequest, RouteResult
from router.policy.model import Policy, TierName

__all__ = ["Draft", "Ticket", "TicketResult", "handoff_reasons", "ticket_request", "ticket_result"]


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
    #: The ticket this message continues (a customer's follow-up): a thread stays on its
    #: tier (up, never down) and shares one budget (the policy's ``handoff.ticket_*``).
    thread_id: str | None = Field(default=None, min_length=1, max_length=200)


class Draft(BaseModel):
    """An answer a tier gave on the ticket's way (what a person starts from)."""

    tier: TierName
    answer: str


class TicketResult(BaseModel):
    """What became of a ticket: its answer and path, or the error that stopped it; handed
    to a person (``status: handoff``), with the drafts and why."""

    id: str
    status: Literal["answered", "handoff", "failed"] = "answered"
    #: Why a person answers it: ``rule <name>``, ``unresolved: <signal>``.
    handoff_reasons: list[str] = Field(default_factory=list)
    drafts: list[Draft] = Field(default_factory=list)
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
    #: The answer looped and was cut where the loop began (no tier above could answer).
    looped: bool = False
    #: Seconds to the first text of each tier's answer, where the backend streamed it.
    first_token_s: dict[str, float] = Field(default_factory=dict)
    cache: str | None = None
    error: str | None = None

    @model_validator(mode="after")
    def _failed(self) -> TicketResult:
        if self.error is not None:
            self.status = "failed"
        return self


def ticket_request(ticket: Ticket) -> RouteRequest:
    """The engine's request for a ticket: subject and body as the user's message."""
    text = f"{ticket.subject}\n\n{ticket.body}" if ticket.subject else ticket.body
    metadata: dict[str, str] = {**ticket.customer, **ticket.metadata}
    if ticket.priority is not None:
        metadata["priority"] = ticket.priority
    return RouteRequest(
        messages=[{"role": "user", "content": text}],
        metadata=metadata,
        tier=ticket.tier,
        session=f"ticket:{ticket.thread_id}" if ticket.thread_id else None,
    )


def handoff_reasons(result: RouteResult, policy: Policy) -> list[str]:
    """Why ``result``'s ticket goes to a person (empty: the answer stands)."""
    reasons = []
    rule = result.decision.handoff_rule
    if rule is not None:
        reasons.append(f"rule {rule}")
    if policy.handoff.unresolved and result.unresolved is not None:
        reasons.append(f"unresolved: {result.unresolved} on {result.tier}")
    return reasons


def ticket_result(
    ticket_id: str,
    result: RouteResult,
    policy: Policy,
    *,
    also: list[str] | None = None,
    **extra: Any,
) -> TicketResult:
    """The record of an answered ticket, or of one handed to a person (``also``: more
    reasons to, such as its spent budget)."""
    reasons = [*handoff_reasons(result, policy), *(also or [])]
    return TicketResult(
        id=ticket_id,
        status="handoff" if reasons else "answered",
        handoff_reasons=reasons,
        drafts=[Draft(tier=t, answer=a) for t, a in result.drafts] if reasons else [],
        tier=result.tier,
        score=result.decision.score,
        answer=result.answer.content,
        model=result.answer.model,
        usage=result.usage,
        cost_usd=result.cost_usd,
        cost_by_tier=_cost_by_tier(result),
        called=result.called,
        escalations=result.escalations,
        looped=result.answer.looped,
        first_token_s=_first_token_s(result),
        cache=result.cache,
        **extra,
    )


def _cost_by_tier(result: RouteResult) -> dict[str, float]:
    costs: dict[str, float] = {}
    for attempt in result.attempts:
        costs[attempt.tier] = costs.get(attempt.tier, 0.0) + attempt.cost_usd
    return costs


def _first_token_s(result: RouteResult) -> dict[str, float]:
    return {
        attempt.tier: round(attempt.first_token_ms / 1000, 6)
        for attempt in result.attempts
        if attempt.first_token_ms is not None
    }
