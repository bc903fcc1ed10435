"""What judging a request in the shadow is expected to cost, before it is judged: what
the daily budget reserves for it."""

from __future__ import annotations

from router.engine.learned import expected_call_usd
from router.policy.model import TIER_NAMES, Policy, TierName

__all__ = ["expected_judging_usd", "top_premium_usd"]


def expected_judging_usd(
    policy: Policy, tiers: tuple[TierName, ...], served: TierName, tokens: int
) -> float:
    """What judging one request is expected to cost: the tiers asked, and a judge call per
    answer (a closed-form request costs less: no judge calls)."""
    asked = [t for t in tiers if t != served]
    calls = sum(expected_call_usd(policy, t, tokens) for t in asked)
    judge = policy.learning.shadow.judge_tier
    return calls + len(tiers) * expected_call_usd(policy, judge, tokens)


def top_premium_usd(policy: Policy, routed: TierName, tokens: int) -> float:
    """What answering with the top tier is expected to cost over the routed tier."""
    top = expected_call_usd(policy, TIER_NAMES[-1], tokens)
    return max(top - expected_call_usd(policy, routed, tokens), 0.0)
