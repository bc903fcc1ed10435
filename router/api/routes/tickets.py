"""``POST /v1/tickets``: answer one support ticket."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from router.api.exchange import ExchangeDep
from router.api.protocols.native import TicketOut
from router.api.responses import errors
from router.api.routes.chat import result_headers, usage_out
from router.pipeline.tickets import Ticket, ticket_request

routes = APIRouter(prefix="/v1", tags=["tickets"])


@routes.post(
    "/tickets",
    response_model=TicketOut,
    responses=errors(400, 401, 403, 413, 429, 502, 503, 504),
)
async def answer_ticket(ticket: Ticket, exchange: ExchangeDep) -> JSONResponse:
    """The answer, tier, usage, cost and escalation path of one ticket."""
    exchange.ticket_id = ticket.id
    result = await exchange.answer(ticket_request(ticket))
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
    )
    return JSONResponse(out.model_dump(mode="json"), headers=result_headers(result))
