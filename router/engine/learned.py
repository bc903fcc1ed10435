"""The learned routing's choice: the tier with the least expected cost plus the quality it
is expected to lose, priced at the policy's learned exchange rate.

Pure, like the rest of the decision: a function of (text, metadata, policy).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from router.messages import estimated_tokens
from router.policy.model import DIFFICULTY, TIER_NAMES, LearnedRouting, Policy, TierName

__all__ = [
    "LearnedChoice",
    "difficulty_band",
    "expected_call_usd",
    "learned_choice",
    "segment_loss",
    "segment_of",
]


@dataclass(frozen=True)
class LearnedChoice:
    """The tier chosen, and each tier's expected cost, expected loss and value."""

    tier: TierName
    cost_usd: dict[TierName, float]
    loss: dict[TierName, float]
    #: cost + exchange x loss: the least wins.
    value: dict[TierName, float]
    segment: dict[str, str]

    @property
    def margin_usd(self) -> float:
        """How much worse the runner-up is than the tier chosen (0: a coin toss)."""
        ordered = sorted(self.value.values())
        return ordered[1] - ordered[0] if len(ordered) > 1 else float("inf")

    def detail(self, exchange_usd: float) -> str:
        """The choice, said in a line."""
        parts = ", ".join(
            f"{tier} ${self.cost_usd[tier]:.6f} + loss {self.loss[tier]:+.3f}"
            for tier in TIER_NAMES
        )
        where = ", ".join(f"{k}={v}" for k, v in self.segment.items()) or "all traffic"
        return f"learned ({where}; one answer = ${exchange_usd:.6f}): {parts} -> {self.tier}"


def difficulty_band(score: float, bands: Sequence[float]) -> str:
    """The band of the classifier's ``score`` between the cuts ``bands``, e.g. "0.41-0.57"."""
    edges = [0.0, *bands, 1.0]
    at = min(bisect.bisect_right(bands, score), len(bands))
    return f"{edges[at]:g}-{edges[at + 1]:g}"


def segment_of(
    metadata: Mapping[str, object],
    keys: Sequence[str],
    score: float | None = None,
    bands: Sequence[float] | None = None,
) -> dict[str, str]:
    """The request's values of the policy's ``segment_by`` keys (normalized); ``difficulty``
    is the band of the classifier's ``score``, where the bands are known."""
    segment = {}
    for key in keys:
        if key == DIFFICULTY:
            if score is not None and bands:
                segment[key] = difficulty_band(score, bands)
        elif key in metadata:
            segment[key] = str(metadata[key]).strip().lower()
    return segment


def segment_loss(
    learned: LearnedRouting, segment: Mapping[str, str], input_tokens: int | None = None
) -> dict[TierName, float]:
    """Each tier's expected loss for ``segment``: the first learned segment it matches, or
    all traffic's; for a request of ``input_tokens``, more where it is longer than the
    segment's mean (as learned)."""
    loss = dict(learned.loss)
    mean_log = learned.log_tokens
    for known in learned.segments:
        if known.when and all(segment.get(k) == v for k, v in known.when.items()):
            loss.update(known.loss)
            mean_log = known.log_tokens if known.log_tokens is not None else mean_log
            break
    loss[TIER_NAMES[-1]] = 0.0
    if input_tokens is not None and mean_log is not None and learned.length_slope:
        above = math.log(max(input_tokens, 1)) - mean_log
        for tier, slope in learned.length_slope.items():
            if tier in loss and tier != TIER_NAMES[-1]:
                loss[tier] += slope * above
    return {tier: loss.get(tier, 0.0) for tier in TIER_NAMES}


def expected_call_usd(policy: Policy, tier: TierName, input_tokens: int) -> float:
    """A call's expected cost before it is made: learned, or the tier's price on the input
    and the expected output."""
    learned = policy.routing.learned
    if learned is not None and tier in learned.cost:
        cost = learned.cost[tier]
        return cost.per_call_usd + cost.per_input_token_usd * input_tokens
    price = policy.tier(tier).price
    if price is None:
        return 0.0
    output = policy.escalation.expected_output_tokens.get(tier, 256)
    return (price.input_per_mtok * input_tokens + price.output_per_mtok * output) / 1e6


def learned_choice(
    text: str, metadata: Mapping[str, object], policy: Policy, score: float | None = None
) -> LearnedChoice:
    """The learned routing's tier for ``text`` of the classifier's difficulty ``score``
    (the policy must have a learned routing)."""
    learned = policy.routing.learned
    assert learned is not None
    settings = policy.learning
    segment = segment_of(metadata, settings.segment_by, score, settings.difficulty_bands)
    tokens = estimated_tokens(text)
    loss = segment_loss(learned, segment, tokens)
    call = {tier: expected_call_usd(policy, tier, tokens) for tier in TIER_NAMES}
    # a tier's answer that escalates also pays for the next tier's call
    cost = {
        tier: call[tier] + learned.escalated.get(tier, 0.0) * call[TIER_NAMES[i + 1]]
        if i + 1 < len(TIER_NAMES)
        else call[tier]
        for i, tier in enumerate(TIER_NAMES)
    }
    value = {tier: cost[tier] + learned.exchange_usd * loss[tier] for tier in TIER_NAMES}
    best = min(TIER_NAMES, key=lambda tier: (value[tier], -TIER_NAMES.index(tier)))
    return LearnedChoice(tier=best, cost_usd=cost, loss=loss, value=value, segment=segment)
