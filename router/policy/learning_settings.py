"""The policy's ``learning`` section: the decision log, what feedback is worth, shadow
judging and recalibration."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from router.policy.base import TIER_NAMES, SegmentKey, Share, TierName, segment_key
from router.policy.base import Strict as _Strict
from router.policy.learned_routing import LearnedCost, Loss

__all__ = [
    "DIFFICULTY",
    "DecisionLogSettings",
    "FeedbackKind",
    "FeedbackSettings",
    "LearningPrior",
    "LearningSettings",
    "PriorSegment",
    "RecalibrationSettings",
    "ShadowSettings",
]

#: The ``segment_by`` key whose value is the classifier's difficulty band (not metadata).
DIFFICULTY = "difficulty"

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
    #: ... and a segment's requests at ``max_rate`` until it has this many (a segment
    #: judged a few times that merely looked good would be sent cheap and lose more).
    segment_warmup: Annotated[int, Field(ge=0)] = 50
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
    #: Every this many judged requests, refit the classifier (where ``segment_by`` names
    #: ``difficulty``) and the answer model on the judged requests the log kept with their
    #: texts (``learning.log.include_text``); each adopted only where it does better on
    #: held-out ones than the one in use. Off when not given.
    models_every: Annotated[int, Field(gt=0)] | None = None


class PriorSegment(_Strict):
    """What is known of one segment before its traffic: each cheaper tier's mean loss
    against the top tier over ``outcomes`` requests judged on every tier it names."""

    when: dict[Annotated[str, Field(min_length=1)], str] = Field(default_factory=dict)
    outcomes: Annotated[int, Field(ge=1)]
    loss: dict[TierName, Loss]
    #: The top tier's mean score there.
    top_score: Share
    #: Evenly spaced quantiles of its requests' input tokens (what its calls cost, until
    #: the traffic's own requests tell).
    input_tokens: list[Annotated[int, Field(ge=0)]] = Field(default_factory=list)

    @field_validator("loss")
    @classmethod
    def _cheaper_tiers(cls, value: dict[TierName, float]) -> dict[TierName, float]:
        if TIER_NAMES[-1] in value:
            raise ValueError(f"a loss is against the top tier; {TIER_NAMES[-1]!r} has none")
        return value


class LearningPrior(_Strict):
    """Outcomes known before the traffic, per segment (``tierroute calibrate --prior``
    fits them on outcome data): every refit counts them beside the traffic's own judged
    outcomes, so a segment they know needs no warm-up and is routed by them at once."""

    #: Where they come from (the outcome file and its rows), for the reader.
    source: str | None = None
    #: What one of them counts for against one judged outcome of the traffic (below 1:
    #: the traffic's own outcomes outweigh them sooner).
    weight: Annotated[float, Field(gt=0, le=1)] = 1.0
    #: The variance of one outcome's loss within its segment, per cheaper tier.
    spread: dict[TierName, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)
    #: What each tier's call cost there, per prompt length (until the traffic's own
    #: calls are enough to tell).
    cost: dict[TierName, LearnedCost] = Field(default_factory=dict)
    #: How much more each cheaper tier loses per unit of log input tokens above its
    #: segment's mean ...
    length_slope: dict[TierName, Loss] = Field(default_factory=dict)
    #: ... and the variance of log input tokens within a segment (what the slope counts
    #: for, with the outcomes).
    log_tokens_variance: Annotated[float, Field(ge=0)] = 0.0
    segments: list[PriorSegment] = Field(default_factory=list)

    _counts: dict[SegmentKey, int] = PrivateAttr(default_factory=dict)

    @field_validator("segments")
    @classmethod
    def _distinct(cls, value: list[PriorSegment]) -> list[PriorSegment]:
        seen: set[SegmentKey] = set()
        for segment in value:
            key = segment_key(segment.when)
            if key in seen:
                raise ValueError(f"segment {dict(key)} is given twice")
            seen.add(key)
        return value

    def model_post_init(self, __context: object) -> None:
        self._counts = {segment_key(s.when): int(self.weight * s.outcomes) for s in self.segments}

    @property
    def outcomes(self) -> int:
        """What the prior counts for in all, in outcomes."""
        return sum(self._counts.values())

    def outcomes_in(self, segment: Mapping[str, str]) -> int:
        """What the prior counts for in ``segment``, in outcomes (0 where it does not know it)."""
        return self._counts.get(segment_key(segment), 0)


class LearningSettings(_Strict):
    """Learning from traffic: the decision log, feedback, shadow judging, recalibration."""

    #: The share of the top tier's quality to keep ...
    target_quality: Annotated[float, Field(gt=0, le=1)] = 0.95
    #: ... with this confidence (one-sided lower bound).
    confidence: Annotated[float, Field(ge=0.5, lt=1)] = 0.95
    #: Metadata keys whose values are learned apart (e.g. a helpdesk queue).
    segment_by: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    #: Where ``segment_by`` names ``difficulty``: the classifier scores that cut its
    #: bands (increasing, in 0..1). Not given: learned at the first refit as quantiles of
    #: the scores of the traffic seen, ``difficulty_band_count`` bands, then kept.
    difficulty_bands: list[Annotated[float, Field(gt=0, lt=1)]] | None = None
    difficulty_band_count: Annotated[int, Field(ge=2, le=10)] = 3
    #: What all traffic's evidence counts for in a segment, in outcomes (the segment
    #: leans on it until it has its own); estimated from the outcomes when not given.
    segment_prior: Annotated[float, Field(ge=0)] | None = None
    log: DecisionLogSettings = Field(default_factory=DecisionLogSettings)
    feedback: FeedbackSettings = Field(default_factory=FeedbackSettings)
    shadow: ShadowSettings = Field(default_factory=ShadowSettings)
    recalibrate: RecalibrationSettings = Field(default_factory=RecalibrationSettings)
    prior: LearningPrior | None = None

    @field_validator("difficulty_bands")
    @classmethod
    def _increasing(cls, value: list[float] | None) -> list[float] | None:
        if value is not None and any(b <= a for a, b in pairwise(value)):
            raise ValueError(f"difficulty bands must increase: {value}")
        return value

    @model_validator(mode="after")
    def _models_need_texts(self) -> LearningSettings:
        if self.recalibrate.models_every is not None and not (
            self.log.enabled and self.log.include_text
        ):
            raise ValueError(
                "recalibrate.models_every refits the models on the judged requests' texts: "
                "set learning.log.include_text: true (and keep the log enabled)"
            )
        return self

    @property
    def banded(self) -> bool:
        """Whether requests are segmented by their difficulty band."""
        return DIFFICULTY in self.segment_by
