"""The decision log's record of one routed request, built the same way wherever it was
answered: the API (every protocol), the batch and the stream workers (so feedback by
ticket id finds a worker's answer too)."""

from __future__ import annotations

import time
import uuid

from router.engine.learned import segment_of
from router.engine.requests import RouteRequest, RouteResult, StreamingResult
from router.engine.router import Router
from router.messages import estimated_tokens, text_of_messages
from router.pipeline.threads import Answer
from router.policy.model import Policy
from router.stores.decision_log import DecisionLog, DecisionRecord

__all__ = ["decision_record", "logged_answer"]

#: Reasons that place a request other than by its score (kept in the decision log).
_PLACED_BY = frozenset({"forced", "tool_loop", "session", "capability", "shadow"})


def decision_record(
    policy: Policy,
    request: RouteRequest,
    result: RouteResult | StreamingResult,
    *,
    request_id: str,
    ticket_id: str | None,
    seconds: float,
    answer: str | None,
    first_token_s: float | None = None,
) -> DecisionRecord:
    """The record of ``request`` answered by ``result`` under ``policy`` (prompt and answer
    only if the policy keeps them)."""
    settings = policy.learning
    text = text_of_messages(request.messages)
    decision = result.decision
    return DecisionRecord(
        request_id=request_id,
        ticket_id=ticket_id or request.metadata.get("ticket_id"),
        policy_version=policy.version,
        decided_tier=decision.tier,
        final_tier=result.tier,
        called=list(result.called),
        escalations=[a.reason or "" for a in result.attempts if a.outcome == "escalated"],
        score=decision.score,
        probabilities={str(t): p for t, p in decision.probabilities.items()},
        cost_usd=sum(a.cost_usd for a in result.attempts),
        latency_s=round(seconds, 6),
        cache=result.cache,
        segment=segment_of(
            request.metadata, settings.segment_by, decision.score, settings.difficulty_bands
        ),
        input_tokens=estimated_tokens(text),
        output_tokens=next(
            (a.usage.completion_tokens for a in reversed(result.attempts) if a.outcome != "failed"),
            0,
        ),
        first_token_s=round(first_token_s if first_token_s is not None else seconds, 6),
        classifier_tier=decision.classifier_tier,
        rules=[r.rule for r in decision.reasons if r.rule is not None],
        placed_by=list(dict.fromkeys(r.kind for r in decision.reasons if r.kind in _PLACED_BY)),
        prompt=text if settings.log.include_text else None,
        answer=answer if settings.log.include_text else None,
    )


def logged_answer(router: Router, log: DecisionLog, ticket_id: str) -> Answer:
    """The router's answer to a ticket's request, its record appended to ``log`` (when the
    policy keeps a log) under a request id of its own."""

    async def answer(request: RouteRequest) -> RouteResult:
        started = time.perf_counter()
        result = await router.handle(request)
        policy = router.policy
        if policy.learning.log.enabled:
            record = decision_record(
                policy,
                request,
                result,
                request_id=f"ticket-{uuid.uuid4().hex}",
                ticket_id=ticket_id,
                seconds=time.perf_counter() - started,
                answer=result.answer.content,
                first_token_s=result.answer.first_token_s,
            )
            await log.append(record)
        return result

    return answer
