"""What a request may use, estimated before any model is called, for the reservation of
its key's token and dollar limits (:mod:`router.auth.limits`).

Per tier called: the prompt at about four characters a token (every message's text and
the tier's system prompt, plus :data:`TOKENS_PER_MESSAGE` for each message; never more
than the tier's ``max_input_tokens``, which no call exceeds; the whole input budget when
the prompt holds images or audio), plus the most the answer may use (the request's
``max_tokens``, never above the tier's ``max_output_tokens``). Dollars are those tokens
at the tier's price. A request with ``model: auto`` starts on the tier the policy decides
and may escalate up to ``escalation.max_steps`` times: it reserves what its most
expensive possible path may use, so an escalation never passes the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from router.backends.calls import Usage
from router.engine.answering.budgets import output_budget
from router.engine.answering.escalation import may_escalate
from router.engine.pricing import cost_usd, tier_price
from router.engine.requests import RouteRequest
from router.messages import content_parts, estimated_tokens
from router.policy.model import TIER_NAMES, Policy, TierName

__all__ = ["TOKENS_PER_MESSAGE", "Estimate", "estimate_request", "possible_tiers"]

#: Tokens a chat template adds around each message (role, separators), about.
TOKENS_PER_MESSAGE = 4


@dataclass(frozen=True)
class Estimate:
    """The most a request is expected to use: tokens and dollars, over the tiers it may call."""

    tokens: int
    usd: float
    tiers: tuple[TierName, ...]


def possible_tiers(policy: Policy, request: RouteRequest, start: TierName) -> list[TierName]:
    """The tiers that may answer a request that starts on ``start`` (a forced tier: that
    one; else ``start`` and every tier above it, of which at most ``max_steps + 1``
    answer: a failed call uses nothing and the next tier takes over)."""
    if request.tier is not None:
        return [request.tier]
    return list(TIER_NAMES[TIER_NAMES.index(start) :])


def _calls(policy: Policy, request: RouteRequest) -> int:
    """How many tiers may answer one request (each escalation adds one)."""
    if request.tier is not None or not may_escalate(policy):
        return 1
    return policy.escalation.max_steps + 1


def _tier_usage(policy: Policy, request: RouteRequest, tier: TierName) -> Usage:
    spec = policy.tier(tier)
    texts: list[str] = []
    media = False
    has_system = False
    for message in request.messages:
        parts, others = content_parts(message.get("content"))
        texts += parts
        media = media or bool(others)
        has_system = has_system or message.get("role") == "system"
    messages = len(request.messages)
    if spec.system_prompt and not has_system:
        texts.append(spec.system_prompt)
        messages += 1
    prompt = estimated_tokens("\n".join(texts)) + TOKENS_PER_MESSAGE * messages
    prompt = spec.max_input_tokens if media else min(prompt, spec.max_input_tokens)
    return Usage(prompt_tokens=prompt, completion_tokens=output_budget(request.max_tokens, spec))


def estimate_request(
    policy: Policy, request: RouteRequest, start: TierName, *, with_usd: bool = True
) -> Estimate:
    """What ``request``, starting on tier ``start``, may use (``with_usd=False`` skips the
    prices, for keys without a dollar limit)."""
    tiers = possible_tiers(policy, request, start)
    usages = {tier: _tier_usage(policy, request, tier) for tier in tiers}
    calls = _calls(policy, request)
    tokens = sorted((u.total_tokens for u in usages.values()), reverse=True)[:calls]
    usd = 0.0
    if with_usd:
        costs = [cost_usd(tier_price(policy.tier(t)), usages[t]) for t in tiers]
        usd = sum(sorted(costs, reverse=True)[:calls])
    return Estimate(tokens=sum(tokens), usd=usd, tiers=tuple(tiers))
