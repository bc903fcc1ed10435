"""``POST /v1/tickets``: answer one support ticket."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from router.api.exchange import ExchangeDep
from router.api.protocols.native import TicketOut
from router.api.responses import errors
from router.api.routes.chat import result_headers, usage_out
from router.backends.calls import Usage
from router.engine.requests import RouteRequest, RouteResult
from router.pipeline.threads import answer_ticket as ticket_way
from router.pipeline.tickets import Ticket, ticket_request

routes = APIRouter(prefix="/v1", tags=["tickets"])


@routes.post(
    "/tickets",
    response_model=TicketOut,
    responses=errors(400, 401, 403, 413, 429, 502, 503, 504),
)
async def answer_ticket(ticket: Ticket, exchange: ExchangeDep) -> JSONResponse:
    """The answer, tier, usage, cost and escalation path of one ticket; ``status:
    handoff`` when a person answers it (a handoff rule matched, its answer still looked
    unreliable at the top of the ladder, or its thread spent the ticket's budget), with
    the drafts and why. A thread whose budget is already spent gets no model call."""
    exchange.ticket_id = ticket.id
    router = exchange.loaded.router()
    answered: list[RouteResult] = []

    async def answer(request: RouteRequest) -> RouteResult:
        answered.append(await exchange.answer(request))
        return answered[-1]

    record = await ticket_way(router, ticket, answer)
    if record.status == "handoff":
        exchange.services.metrics.observe_handoff(record.handoff_reasons)
    if not answered:  # the thread's budget was spent: nothing was asked
        decision = router.decide_request(ticket_request(ticket)).decision
        out = TicketOut(
            id=ticket.id,
            answer=None,
            tier=decision.tier,
            score=decision.score,
            model=None,
            finish_reason=None,
            usage=usage_out(Usage()),
            cost_usd=0.0,
            called=[],
            escalations=[],
            decision=decision,
            status="handoff",
            handoff_reasons=record.handoff_reasons,
        )
        return JSONResponse(out.model_dump(mode="json"))
    result = answered[-1]
    out = TicketOut(
        id=ticket.id,
        answer=result.answer.content,
        tier=result.tier,
        score=result.decision.score,
        model=result.answer.model,
        finish_reason=result.answer.finish_reason,
        usage=usage_out(result.usage),
        cost_usd=result.cost_usd,
        called=result.called,
        escalations=result.escalations,
        decision=result.decision,
        trimmed_input=result.trimmed_input,
        status="handoff" if record.status == "handoff" else "answered",
        handoff_reasons=record.handoff_reasons,
        drafts=record.drafts,
        looped=result.answer.looped,
    )
    return JSONResponse(out.model_dump(mode="json"), headers=result_headers(result))
