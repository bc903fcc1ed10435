"""``POST /v1/feedback``: what became of an answer (resolved, reopened, CSAT, ...), kept in
the decision log as an outcome of the tier that answered."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from router.api.access import CallerDep, reserve
from router.api.deps import LoadedPolicyDep, ServicesDep
from router.api.http.errors import error_response
from router.api.responses import errors
from router.learning.feedback import Feedback, record_feedback

routes = APIRouter(prefix="/v1", tags=["learning"])


class FeedbackOut(BaseModel):
    """The feedback as kept: for which request and tier, and the score it gave."""

    request_id: str
    ticket_id: str | None
    tier: str
    kind: str
    score: float


@routes.post("/feedback", response_model=FeedbackOut, responses=errors(400, 401, 404, 429, 503))
async def feedback(
    body: Feedback,
    services: ServicesDep,
    loaded: LoadedPolicyDep,
    caller: CallerDep,
    http: Request,
) -> JSONResponse:
    """Feedback on one answer, by its request id (``x-request-id``) or its ticket id."""
    await reserve(http, services.limiter, caller)
    kept = await record_feedback(services.decisions, loaded.policy.learning.feedback, body)
    if isinstance(kept, str):
        return error_response(404, kept, "not_found_error")
    decision, score = kept
    await services.learning.feedback(decision, score)
    out = FeedbackOut(
        request_id=decision.request_id,
        ticket_id=decision.ticket_id,
        tier=decision.final_tier,
        kind=body.kind,
        score=score,
    )
    return JSONResponse(out.model_dump())
