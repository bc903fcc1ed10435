"""``POST /v1/feedback``: what became of an answer (resolved, reopened, CSAT, ...), kept in
the decision log as an outcome of the tier that answered."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from router.api.access import CallerDep, reserve
from router.api.deps import LoadedPolicyDep, ServicesDep
from router.api.errors import error_response
from router.api.responses import errors
from router.learning.feedback import Feedback, feedback_score
from router.stores.decision_log import OutcomeRecord

routes = APIRouter(prefix="/v1", tags=["learning"])


class FeedbackOut(BaseModel):
    """The feedback as kept: for which request and tier, and the score it gave."""

    request_id: str
    ticket_id: str | None
    tier: str
    kind: str
    score: float


@routes.post("/feedback", response_model=FeedbackOut, responses=errors(400, 401, 404, 429))
async def feedback(
    body: Feedback,
    services: ServicesDep,
    loaded: LoadedPolicyDep,
    caller: CallerDep,
    http: Request,
) -> JSONResponse:
    """Feedback on one answer, by its request id (``x-request-id``) or its ticket id."""
    await reserve(http, services.limiter, caller)
    log = services.decisions
    if body.request_id is not None:
        decision = await log.decision(body.request_id)
        what = f"request id {body.request_id!r}"
    else:
        assert body.ticket_id is not None
        decision = await log.latest_for_ticket(body.ticket_id)
        what = f"ticket id {body.ticket_id!r}"
    if decision is None:
        return error_response(
            404,
            f"no answer with {what} in the decision log: send the x-request-id of an answer "
            "(or the ticket id of a /v1/tickets request) this service gave",
            "not_found_error",
        )
    score = feedback_score(loaded.policy.learning.feedback, body)
    await log.append(
        OutcomeRecord(
            request_id=decision.request_id,
            tier=decision.final_tier,
            score=score,
            source=f"feedback:{body.kind}",
            value=body.value,
        )
    )
    out = FeedbackOut(
        request_id=decision.request_id,
        ticket_id=decision.ticket_id,
        tier=decision.final_tier,
        kind=body.kind,
        score=score,
    )
    return JSONResponse(out.model_dump())
