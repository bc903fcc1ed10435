"""The learned routing's choice: the tier with the least expected cost plus the quality it
is expected to lose, priced at the policy's learned exchange rate.

Pure, like the rest of the decision: a function of (text, metadata, policy).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from router.messages import estimated_tokens
from router.policy.model import TIER_NAMES, LearnedRouting, Policy, TierName

__all__ = ["LearnedChoice", "expected_call_usd", "learned_choice", "segment_loss", "segment_of"]


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


def segment_of(metadata: Mapping[str, object], keys: list[str]) -> dict[str, str]:
    """The request's values of the policy's ``segment_by`` keys (normalized)."""
    return {key: str(metadata[key]).strip().lower() for key in keys if key in metadata}


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


def learned_choice(text: str, metadata: Mapping[str, object], policy: Policy) -> LearnedChoice:
    """The learned routing's tier for ``text`` (the policy must have one)."""
    learned = policy.routing.learned
    assert learned is not None
    segment = segment_of(metadata, policy.learning.segment_by)
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
