"""What each tier's call costs, per tier ``per_call + per_token x input tokens``: fitted on
the calls made, else the prior's (fitted on outcome data), else the tier's price."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from router.learning.fitting.judged import Floats
from router.learning.outcomes import CallCost, Outcome
from router.policy.model import TIER_NAMES, LearnedCost, Policy, TierName

__all__ = ["MIN_OWN_CALLS", "expected_costs", "fit_costs", "token_costs"]

#: Calls of a tier needed before they outweigh the prior's cost for it.
MIN_OWN_CALLS = 30


def fit_costs(
    calls: Sequence[CallCost],
    policy: Policy,
    known: Mapping[TierName, LearnedCost] | None = None,
    recent: int = 4000,
) -> dict[TierName, LearnedCost]:
    """Per tier, ``cost = per_call + per_token x input tokens`` by least squares over its
    most recent calls; a tier with fewer than ``MIN_OWN_CALLS`` takes its ``known`` cost
    where there is one (the prior's: a few calls fit a slope badly), and one with fewer
    than 3 keeps its price."""
    known = known or {}
    result: dict[TierName, LearnedCost] = {}
    for tier in TIER_NAMES:
        seen = [c for c in calls if c.tier == tier][-recent:]
        if len(seen) < MIN_OWN_CALLS and tier in known:
            result[tier] = known[tier]
            continue
        if len(seen) < 3:
            continue
        x = np.array([c.input_tokens for c in seen], dtype=float)
        y = np.array([c.cost_usd for c in seen], dtype=float)
        per_token = 0.0
        if float(np.var(x)) > 0:
            per_token = max(float(np.cov(x, y, bias=True)[0, 1] / np.var(x)), 0.0)
        per_call = max(float(np.mean(y) - per_token * np.mean(x)), 0.0)
        if per_call == 0.0 and per_token == 0.0 and policy.tier(tier).price is not None:
            continue  # a tier that costs nothing here keeps its price
        result[tier] = LearnedCost(per_call_usd=per_call, per_input_token_usd=per_token)
    return result


def expected_costs(
    outcomes: Sequence[Outcome], policy: Policy, costs: dict[TierName, LearnedCost]
) -> Floats:
    """The expected cost of each tier's call for each outcome's request (rows x tiers)."""
    return token_costs(np.array([o.input_tokens for o in outcomes], dtype=float), policy, costs)


def token_costs(tokens: Floats, policy: Policy, costs: dict[TierName, LearnedCost]) -> Floats:
    """The expected cost of each tier's call for requests of ``tokens`` input tokens (rows x
    tiers): as learned, else the tier's price on the input and the expected output."""
    columns = []
    for tier in TIER_NAMES:
        if tier in costs:
            columns.append(costs[tier].per_call_usd + costs[tier].per_input_token_usd * tokens)
            continue
        price = policy.tier(tier).price
        out = policy.escalation.expected_output_tokens.get(tier, 256)
        if price is None:
            columns.append(np.zeros_like(tokens))
        else:
            columns.append((price.input_per_mtok * tokens + price.output_per_mtok * out) / 1e6)
    return np.stack(columns, axis=1).reshape(len(tokens), len(TIER_NAMES))
