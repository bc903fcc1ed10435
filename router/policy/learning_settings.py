"""The policy's ``learning`` section: the decision log, what feedback is worth, shadow
judging and recalibration."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from router.policy.base import Share, TierName
from router.policy.base import Strict as _Strict

__all__ = [
    "DecisionLogSettings",
    "FeedbackKind",
    "FeedbackSettings",
    "LearningSettings",
    "RecalibrationSettings",
    "ShadowSettings",
]

FeedbackKind = Literal["resolved", "reopened", "handed_to_human", "csat", "thumbs", "score"]


class DecisionLogSettings(_Strict):
    """Every routed request leaves one record (a Redis stream when Redis is configured,
    an append-only file otherwise), bounded to ``max_records``."""

    enabled: bool = True
    max_records: Annotated[int, Field(gt=0)] = 100_000
    #: The local store (relative to the policy file); default: the state directory.
    path: str | None = None
    #: Keep the prompt and the answers too (off: privacy by default).
    include_text: bool = False


class FeedbackSettings(_Strict):
    """How each kind of feedback maps to a quality score (0..1) for the tier that answered."""

    resolved: Share = 1.0
    reopened: Share = 0.0
    handed_to_human: Share = 0.0
    thumbs_up: Share = 1.0
    thumbs_down: Share = 0.0
    #: CSAT 1..5 -> score.
    csat: dict[Annotated[int, Field(ge=1, le=5)], Share] = Field(
        default_factory=lambda: {1: 0.0, 2: 0.25, 3: 0.5, 4: 0.75, 5: 1.0}
    )

    @field_validator("csat")
    @classmethod
    def _every_csat(cls, value: dict[int, float]) -> dict[int, float]:
        missing = sorted(set(range(1, 6)) - set(value))
        if missing:
            raise ValueError(f"give a score for every CSAT value 1..5; missing: {missing}")
        return value


_JUDGE_PROMPT = (
    "You grade a support answer. Reply with one number from 0 to 1: 1 if the answer "
    "fully and correctly resolves the request, 0 if it is wrong or useless."
)


class ShadowSettings(_Strict):
    """Shadow judging: after the caller has its answer, the other tiers answer a sample of
    requests too and a judge scores every answer; the verdicts become outcomes."""

    enabled: bool = False
    #: The largest share of requests judged (where the router is least sure and asking
    #: is cheap) ...
    max_rate: Share = 0.5
    #: ... and the smallest (where it is sure).
    min_rate: Share = 0.02
    #: How much a request is judged for what it could teach: the chance is this times
    #: (the answers a wrong choice there would cost, at the exchange rate) / (what the
    #: shadow calls cost), within ``min_rate``..``max_rate``.
    explore: Annotated[float, Field(ge=0)] = 1.0
    #: Judging every request until this many outcomes exist ...
    warmup: Annotated[int, Field(ge=0)] = 20
    #: ... and a segment's requests at ``max_rate`` until it has this many.
    segment_warmup: Annotated[int, Field(ge=0)] = 20
    daily_budget_usd: Annotated[float, Field(ge=0)] = 1.0
    #: Shadow spend is kept near this share of what sending every request to the top
    #: tier would cost (after the warm-up; over it, requests are judged at ``min_rate``).
    max_spend_share: Annotated[float, Field(ge=0)] = 0.1
    #: A judged request is answered by the top tier, which must answer it for the judge
    #: anyway: the caller gets the best answer for what judging costs, and the cheaper
    #: tiers answer in the shadow. Off: the routed tier answers, the top tier in the shadow.
    serve_top: bool = True
    judge_tier: TierName = "reasoning"
    judge_prompt: Annotated[str, Field(min_length=1)] = _JUDGE_PROMPT
    #: Compare final answers exactly where the request is closed-form (a choice, a number).
    closed_form: bool = True


class RecalibrationSettings(_Strict):
    """Refit the learned routing every ``every`` new outcomes."""

    enabled: bool = True
    every: Annotated[int, Field(gt=0)] = 10
    #: ``reload`` swaps the new policy in; ``review`` writes it to ``review_path``.
    apply: Literal["reload", "review"] = "review"
    review_path: str | None = None


class LearningSettings(_Strict):
    """Learning from traffic: the decision log, feedback, shadow judging, recalibration."""

    #: The share of the top tier's quality to keep ...
    target_quality: Annotated[float, Field(gt=0, le=1)] = 0.95
    #: ... with this confidence (one-sided lower bound).
    confidence: Annotated[float, Field(ge=0.5, lt=1)] = 0.9
    #: Metadata keys whose values are learned apart (e.g. a helpdesk queue).
    segment_by: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    #: What all traffic's evidence counts for in a segment, in outcomes (the segment
    #: leans on it until it has its own); estimated from the outcomes when not given.
    segment_prior: Annotated[float, Field(ge=0)] | None = None
    log: DecisionLogSettings = Field(default_factory=DecisionLogSettings)
    feedback: FeedbackSettings = Field(default_factory=FeedbackSettings)
    shadow: ShadowSettings = Field(default_factory=ShadowSettings)
    recalibrate: RecalibrationSettings = Field(default_factory=RecalibrationSettings)
