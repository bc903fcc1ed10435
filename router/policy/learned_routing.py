"""The learned routing a policy carries: what each tier loses against the top tier, per
segment, what its calls cost, the exchange rate between the two, and which escalation
signals pay for each tier's answers."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from router.policy.base import EscalationSignal, Share, TierName
from router.policy.base import Strict as _Strict

__all__ = ["LearnedCost", "LearnedEscalation", "LearnedRouting", "LearnedSegment", "Loss"]


#: Quality lost against the top tier, per answer (-1..1: a tier may do better than the top).
Loss = Annotated[float, Field(ge=-1, le=1)]


class LearnedCost(_Strict):
    """What one call of a tier costs, as learned from the calls it made."""

    per_call_usd: Annotated[float, Field(ge=0)] = 0.0
    per_input_token_usd: Annotated[float, Field(ge=0)] = 0.0


class LearnedSegment(_Strict):
    """Traffic whose metadata has these values, and what each tier loses on it."""

    when: dict[str, str]
    loss: dict[TierName, Loss]
    outcomes: Annotated[int, Field(ge=0)] = 0
    #: The mean log of its requests' input tokens (the loss is theirs on average; a longer
    #: request loses ``length_slope`` more per unit of log above it).
    log_tokens: float | None = None


class LearnedEscalation(_Strict):
    """Whether escalating a tier's answer on one signal paid, on the judged requests where
    it fired on that tier's answer: the next tier's mean gain there, valued at the
    exchange rate, against what asking the next tier cost."""

    escalate: bool
    #: The next tier's score minus this tier's, on average where the signal fired.
    gain: Loss
    outcomes: Annotated[int, Field(ge=0)] = 0


class LearnedRouting(_Strict):
    """Routing learned from outcomes (``tierroute calibrate --from-log``, online
    recalibration, ``replay --learn``): each request goes to the tier with the least
    ``expected cost + exchange_usd x expected quality lost``; rules still apply after it.

    ``exchange_usd`` is what one whole correct answer is worth: the price at which the
    stated quality target is met with the stated confidence on the outcomes behind it.
    """

    exchange_usd: Annotated[float, Field(ge=0)]
    #: Quality lost against the top tier where no segment says otherwise.
    loss: dict[TierName, Loss]
    segments: list[LearnedSegment] = Field(default_factory=list)
    #: How calls are priced before they are made; a tier not listed uses its price.
    cost: dict[TierName, LearnedCost] = Field(default_factory=dict)
    outcomes: Annotated[int, Field(ge=0)] = 0
    #: What all traffic's evidence counted for in a segment (outcomes), as fitted.
    segment_prior: Annotated[float, Field(ge=0)] = 10.0
    #: The estimate behind it: quality share of the top tier's, its lower bound at the
    #: stated confidence, and the cost share of the top tier's.
    quality_share: Share | None = None
    quality_lower_bound: Share | None = None
    cost_share: Annotated[float, Field(ge=0)] | None = None
    #: Per tier and signal, whether the signal escalates that tier's answers, as measured
    #: (in place of ``escalation.signals`` for that tier and signal; a pair not listed
    #: had too few outcomes to tell, and the policy's own setting stands).
    escalation: dict[TierName, dict[EscalationSignal, LearnedEscalation]] = Field(
        default_factory=dict
    )
    #: The share of each tier's answers that escalate (by those signals): the losses
    #: count the next tier's answer there, and routing counts its call that often.
    escalated: dict[TierName, Share] = Field(default_factory=dict)
    #: How much more each cheaper tier loses per unit of log input tokens above its
    #: segment's mean (longer requests of a segment are harder).
    length_slope: dict[TierName, Loss] = Field(default_factory=dict)
    #: All traffic's mean log input tokens (for a segment that has none of its own).
    log_tokens: float | None = None
