"""``POST /v1/tickets``: answer one support ticket."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from router.api.access import CallerDep, authorize
from router.api.accounting import account_result
from router.api.deps import GenerationDep
from router.api.responses import errors
from router.api.routes.chat import result_headers
from router.api.schemas import TicketOut, UsageOut
from router.pipeline.tickets import Ticket, ticket_request

router = APIRouter(prefix="/v1", tags=["tickets"])


@router.post(
    "/tickets",
    response_model=TicketOut,
    responses=errors(400, 401, 403, 413, 429, 502, 503, 504),
)
async def answer_ticket(
    ticket: Ticket, generation: GenerationDep, caller: CallerDep, http: Request
) -> JSONResponse:
    """The answer, tier, usage, cost and escalation path of one ticket."""
    started = time.perf_counter()
    request = ticket_request(ticket)
    bypass = await authorize(http, caller, request)
    result = await generation.engine(bypass_cache=bypass).handle(request)
    await account_result(http, result, started, request=request)
    usage = result.usage
    out = TicketOut(
        id=ticket.id,
        answer=result.answer.content,
        tier=result.tier,
        score=result.decision.score,
        model=result.answer.model,
        finish_reason=result.answer.finish_reason,
        usage=UsageOut(
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            total_tokens=usage.total_tokens,
        ),
        cost_usd=result.cost_usd,
        called=result.called,
        escalations=result.escalations,
        decision=result.decision,
    )
    headers = result_headers(result)
    return JSONResponse(out.model_dump(mode="json"), headers=headers)
