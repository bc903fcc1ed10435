"""What every part of the policy's models shares: the tier names, a share, strictness."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "TIER_NAMES",
    "EscalationSignal",
    "SegmentKey",
    "Share",
    "Strict",
    "TierName",
    "segment_key",
]

TierName = Literal["small", "mid", "reasoning"]
#: The tiers in cost order, cheapest first.
TIER_NAMES: tuple[TierName, ...] = ("small", "mid", "reasoning")
#: What says a cheaper tier's answer is unreliable (and the next tier should answer).
EscalationSignal = Literal[
    "length", "refusal", "low_logprob", "schema", "tool_call", "answer_gain", "repetition"
]
#: A share, 0..1.
Share = Annotated[float, Field(ge=0, le=1)]
#: A segment (metadata key -> value) as a hashable key.
SegmentKey = tuple[tuple[str, str], ...]


def segment_key(segment: Mapping[str, str]) -> SegmentKey:
    """A segment as a hashable key (its items, sorted)."""
    return tuple(sorted(segment.items()))


class Strict(BaseModel):
    """A policy section: unknown fields are errors, and it never changes once built."""

    model_config = ConfigDict(extra="forbid", frozen=True)
