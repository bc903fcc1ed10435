"""Prices of tiers: from the policy, else from litellm's local price map."""

from __future__ import annotations

from router.backends.calls import Usage
from router.errors import ConfigError
from router.messages import estimated_tokens
from router.policy.model import Price, Tier

__all__ = ["cost_usd", "estimated_cost_usd", "tier_price"]


def tier_price(tier: Tier) -> Price:
    """The tier's price per 1M tokens (policy first, then litellm's map)."""
    if tier.price is not None:
        return tier.price
    from router.backends.hosted import litellm_price

    price = litellm_price(tier.model)
    if price is None:
        raise ConfigError(
            f"no price known for model {tier.model!r}: give the tier a "
            "`price: {input_per_mtok: ..., output_per_mtok: ...}`"
        )
    return price


def cost_usd(price: Price, usage: Usage) -> float:
    """What ``usage`` costs at ``price`` (prompt tokens read from the provider's prompt
    cache at its cached rate)."""
    cached = min(usage.cached_tokens, usage.prompt_tokens)
    cached_rate = (
        price.cached_input_per_mtok
        if price.cached_input_per_mtok is not None
        else price.input_per_mtok
    )
    return (
        (usage.prompt_tokens - cached) * price.input_per_mtok
        + cached * cached_rate
        + usage.completion_tokens * price.output_per_mtok
    ) / 1e6


def estimated_cost_usd(price: Price, prompt: str, output_tokens: int) -> float:
    """What a call with ``prompt`` and ``output_tokens`` of answer would cost at ``price``."""
    return cost_usd(
        price, Usage(prompt_tokens=estimated_tokens(prompt), completion_tokens=output_tokens)
    )
