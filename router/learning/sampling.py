"""Which requests to judge, and which tiers to ask: judging is paid for, so it goes where
the router is least sure (near the point where another tier would win), and asks only the
tiers that could change the decision."""

from __future__ import annotations

import math
from dataclasses import dataclass

from router.engine.decide import RouteReason
from router.engine.learned import LearnedChoice
from router.engine.requests import Decided
from router.policy.model import TIER_NAMES, ShadowSettings, TierName

__all__ = ["ShadowPlan", "answered_by_top", "shadow_plan"]


@dataclass(frozen=True)
class ShadowPlan:
    """The chance of judging a request, and the tiers to ask when it is (besides the
    ones that already answered it)."""

    chance: float
    tiers: tuple[TierName, ...]


def shadow_plan(
    settings: ShadowSettings,
    choice: LearnedChoice | None,
    exchange_usd: float,
    *,
    outcomes: int,
    segment_outcomes: int,
) -> ShadowPlan:
    """The plan for one request: every tier while warming up (or with nothing learned),
    and at ``max_rate`` in a segment with fewer than ``segment_warmup`` outcomes;
    afterwards the top tier and the runner-up, with a chance that is highest where the
    runner-up is within the segment's uncertainty of the choice and asking is cheap."""
    if choice is None or outcomes < settings.warmup or exchange_usd <= 0:
        return ShadowPlan(1.0 if outcomes < settings.warmup else settings.max_rate, TIER_NAMES)
    if segment_outcomes < settings.segment_warmup:
        # a segment new to the learner: all traffic's estimate may not hold there
        return ShadowPlan(settings.max_rate, TIER_NAMES)
    ordered = sorted(TIER_NAMES, key=lambda tier: choice.value[tier])
    runner_up = ordered[1]
    tiers = tuple(t for t in TIER_NAMES if t in (TIER_NAMES[-1], runner_up, choice.tier))
    asked = [t for t in tiers if t != choice.tier]
    cost = sum(choice.cost_usd[t] for t in asked)
    # how far the runner-up is, in quality points, against how well the segment is known
    gap = (choice.value[runner_up] - choice.value[choice.tier]) / exchange_usd
    spread = 0.5 / math.sqrt(segment_outcomes + 1)
    # what knowing better is worth here (the answers a wrong choice would cost), against
    # what asking costs
    at_stake = exchange_usd * spread * math.exp(-0.5 * (gap / spread) ** 2)
    chance = settings.explore * at_stake / cost if cost > 0 else settings.max_rate
    chance = min(max(chance, settings.min_rate), settings.max_rate)
    return ShadowPlan(chance, tiers)


def answered_by_top(decided: Decided) -> Decided:
    """``decided`` moved to the top tier, for a request that will be judged: the top tier
    must answer it for the judge anyway (``shadow.serve_top``)."""
    top = TIER_NAMES[-1]
    why = RouteReason(
        kind="shadow",
        detail=f"judged in the shadow: {top!r} answers, {decided.decision.tier!r} "
        "(routing's choice) and the others answer after",
    )
    decision = decided.decision.model_copy(
        update={"tier": top, "reasons": [why, *decided.decision.reasons]}
    )
    return Decided(decision, decided.seconds, floor=decided.floor, routed=decided.decision.tier)
