"""What the learner learns from: outcomes (how well tiers answered one request) and the
cost of every call made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from router.policy.base import segment_key
from router.policy.model import EscalationSignal, TierName

__all__ = ["CallCost", "Outcome", "segment_key"]


@dataclass(frozen=True)
class Outcome:
    """The scores (0..1) of the tiers whose answers to one request were judged."""

    scores: Mapping[TierName, float]
    input_tokens: int
    segment: Mapping[str, str] = field(default_factory=dict)
    #: The classifier's difficulty score of the request (its band is learned apart where
    #: the policy segments by ``difficulty``).
    difficulty: float | None = None
    #: 1 / the chance the request had of being judged: what it stands for.
    weight: float = 1.0
    #: The tier whose answer the caller got.
    served: TierName | None = None
    #: The tier routing chose for it (the same as ``served`` unless a judged request
    #: was answered by the top tier); what the requests it stands for got.
    routed: TierName | None = None
    #: The escalation signals each judged tier's answer showed (on or not in the policy).
    signals: Mapping[TierName, tuple[EscalationSignal, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class CallCost:
    """What one call of a tier cost, for a prompt of ``input_tokens``."""

    tier: TierName
    input_tokens: int
    cost_usd: float
