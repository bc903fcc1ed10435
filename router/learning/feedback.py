"""Feedback from a helpdesk or a user, and the quality score the policy gives it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from router.policy.model import FeedbackSettings
from router.stores.decision_log import DecisionLog, DecisionRecord, OutcomeRecord

__all__ = ["Feedback", "feedback_score", "record_feedback"]


def _schema(schema: dict[str, Any]) -> None:
    """The body's schema as the validator has it: one id (a string, never null), and the
    value that fits the kind."""
    for name in ("request_id", "ticket_id"):
        schema["properties"][name] = {"type": "string", "minLength": 1}
    schema.update(_RULES)


_RULES: dict[str, Any] = {
    "allOf": [
        {
            "oneOf": [
                {"required": ["request_id"], "not": {"required": ["ticket_id"]}},
                {"required": ["ticket_id"], "not": {"required": ["request_id"]}},
            ]
        },
        {
            "oneOf": [
                {
                    "properties": {"kind": {"enum": ["resolved", "reopened", "handed_to_human"]}},
                    "not": {"required": ["value"]},
                },
                {
                    "properties": {
                        "kind": {"const": "csat"},
                        "value": {"type": "integer", "minimum": 1, "maximum": 5},
                    },
                    "required": ["value"],
                },
                {
                    "properties": {
                        "kind": {"const": "thumbs"},
                        "value": {"enum": ["up", "down", True, False]},
                    },
                    "required": ["value"],
                },
                {
                    "properties": {
                        "kind": {"const": "score"},
                        "value": {"type": "number", "minimum": 0, "maximum": 1},
                    },
                    "required": ["value"],
                },
            ]
        },
    ]
}


class Feedback(BaseModel):
    """``POST /v1/feedback``: what became of one answer, by request id or ticket id."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_schema)

    request_id: str | None = Field(default=None, min_length=1)
    ticket_id: str | None = Field(default=None, min_length=1)
    kind: Literal["resolved", "reopened", "handed_to_human", "csat", "thumbs", "score"]
    #: csat: 1..5; thumbs: "up"/"down" (or true/false); score: 0..1; none for the others.
    value: bool | int | float | str | None = None

    @field_validator("request_id", "ticket_id", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("leave it out instead of null")
        return value

    @model_validator(mode="after")
    def _one_id_and_a_value_that_fits(self) -> Feedback:
        if (self.request_id is None) == (self.ticket_id is None):
            raise ValueError(
                "give exactly one of request_id (the answer's x-request-id) or ticket_id"
            )
        needs = {"csat": "an integer 1..5", "thumbs": '"up" or "down"', "score": "a number 0..1"}
        if self.kind in needs and self.value is None:
            raise ValueError(f"value: kind {self.kind!r} needs a value: {needs[self.kind]}")
        if self.kind not in needs and self.value is not None:
            raise ValueError(f"value: kind {self.kind!r} takes no value")
        feedback_score(FeedbackSettings(), self)  # the value must fit its kind
        return self


def feedback_score(settings: FeedbackSettings, feedback: Feedback) -> float:
    """The quality score (0..1) ``feedback`` gives the tier that answered."""
    value = feedback.value
    if feedback.kind == "csat":
        whole = isinstance(value, int | float) and not isinstance(value, bool) and value % 1 == 0
        if not whole or not 1 <= value <= 5:  # type: ignore[operator]
            raise ValueError("value: csat is an integer from 1 to 5")
        return settings.csat[int(value)]  # type: ignore[arg-type]
    if feedback.kind == "thumbs":
        if value in (True, "up"):
            return settings.thumbs_up
        if value in (False, "down"):
            return settings.thumbs_down
        raise ValueError('value: thumbs is "up" or "down" (or true/false)')
    if feedback.kind == "score":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ValueError("value: score is a number from 0 to 1")
        return float(value)
    scores = {
        "resolved": settings.resolved,
        "reopened": settings.reopened,
        "handed_to_human": settings.handed_to_human,
    }
    return scores[feedback.kind]


async def record_feedback(
    log: DecisionLog, settings: FeedbackSettings, feedback: Feedback
) -> tuple[DecisionRecord, float] | str:
    """Keep ``feedback`` in ``log`` as an outcome of the tier that answered: the decision
    and the score, or why it cannot be kept (the id is unknown). Raises
    :class:`StoreUnavailable` when the log's Redis does not answer (nothing kept)."""
    if feedback.request_id is not None:
        decision = await log.decision(feedback.request_id)
        what = f"request id {feedback.request_id!r}"
    else:
        assert feedback.ticket_id is not None
        decision = await log.latest_for_ticket(feedback.ticket_id)
        what = f"ticket id {feedback.ticket_id!r}"
    if decision is None:
        return (
            f"no answer with {what} in the decision log: send the x-request-id of an answer "
            "(or the ticket id of a /v1/tickets request) this service gave"
        )
    score = feedback_score(settings, feedback)
    await log.append(
        required=True,
        record=OutcomeRecord(
            request_id=decision.request_id,
            tier=decision.final_tier,
            score=score,
            source=f"feedback:{feedback.kind}",
            value=feedback.value,
        ),
    )
    return decision, score
