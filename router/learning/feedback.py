"""Feedback from a helpdesk or a user, and the quality score the policy gives it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from router.policy.model import FeedbackSettings

__all__ = ["Feedback", "feedback_score"]


class Feedback(BaseModel):
    """``POST /v1/feedback``: what became of one answer, by request id or ticket id."""

    model_config = ConfigDict(extra="forbid")
    request_id: str | None = Field(default=None, min_length=1)
    ticket_id: str | None = Field(default=None, min_length=1)
    kind: Literal["resolved", "reopened", "handed_to_human", "csat", "thumbs", "score"]
    #: csat: 1..5; thumbs: "up"/"down" (or true/false); score: 0..1; none for the others.
    value: bool | int | float | str | None = None

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
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError("value: csat is an integer from 1 to 5")
        return settings.csat[value]
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
