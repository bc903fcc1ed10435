"""What one ticket costs on each tier: forward-pass compute, and money.

Compute follows Kaplan et al. (2020): a forward pass costs about
``2·N + 2·n_layers·d_model·ctx`` FLOPs per token, the first term for the weights and
the second for attention over ``ctx`` earlier tokens. A ticket is a prefill of ``I``
input tokens (each sees on average ``I/2`` of them) and a decode of ``O`` output
tokens (each sees ``I + O/2``), which sums to exactly::

    FLOPs per ticket = 2·N·T + L·d·T²,   T = I + O

Money comes either from the policy's prices (USD per million tokens, times the tier's
tokens) or from compute at an assumed price per PFLOP.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from router.policy.model import TIER_NAMES, Policy, Price, TierName

__all__ = [
    "SEED_RATIOS",
    "BaseModelSpec",
    "CostBasis",
    "CostTable",
    "TierCompute",
    "TierCost",
    "TierRatios",
    "cost_table",
    "policy_prices",
    "tier_compute",
]

Positive = Annotated[float, Field(gt=0)]
CostBasis = Literal["compute", "price"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BaseModelSpec(_Frozen):
    """The reference model (size ratio 1) and a reference ticket's tokens."""

    params: Positive = 8e9
    layers: Positive = 32
    width: Positive = 4096
    input_tokens: Positive = 500
    output_tokens: Positive = 150


class TierRatios(_Frozen):
    """A tier relative to the reference: model size, output tokens, input (context) tokens."""

    size: Positive
    tokens: Positive
    context: Positive


#: The seed scenario: the complex tier has a 10x model, 5x the output, 5x the context.
SEED_RATIOS: dict[TierName, TierRatios] = {
    "small": TierRatios(size=1, tokens=1, context=1),
    "mid": TierRatios(size=3, tokens=2, context=2),
    "reasoning": TierRatios(size=10, tokens=5, context=5),
}


class TierCompute(_Frozen):
    """One tier's model shape, tokens per ticket and forward FLOPs per ticket."""

    tier: TierName
    ratios: TierRatios
    params: float
    layers: float
    width: float
    input_tokens: float
    output_tokens: float
    prefill_flops: float
    decode_flops: float
    flops: float
    attention_share: float


def tier_compute(tier: TierName, base: BaseModelSpec, ratios: TierRatios) -> TierCompute:
    """Forward FLOPs per ticket for a tier ``ratios`` times the reference."""
    scale = ratios.size ** (1 / 3)  # layers and width each; N ∝ L·d² scales by size
    params = base.params * ratios.size
    layers, width = base.layers * scale, base.width * scale
    n_in, n_out = base.input_tokens * ratios.context, base.output_tokens * ratios.tokens
    attention = 2 * layers * width  # FLOPs per token per token of context
    prefill = n_in * (2 * params + attention * n_in / 2)
    decode = n_out * (2 * params + attention * (n_in + n_out / 2))
    total = prefill + decode
    linear = 2 * params * (n_in + n_out)
    return TierCompute(
        tier=tier,
        ratios=ratios,
        params=params,
        layers=layers,
        width=width,
        input_tokens=n_in,
        output_tokens=n_out,
        prefill_flops=prefill,
        decode_flops=decode,
        flops=total,
        attention_share=(total - linear) / total,
    )


class TierCost(_Frozen):
    """One tier's cost per ticket: compute, money, and both relative to the small tier."""

    compute: TierCompute
    usd_per_ticket: float
    relative_compute: float
    relative_cost: float


class CostTable(_Frozen):
    """Every tier's cost per ticket, on one basis (compute or the policy's prices)."""

    basis: CostBasis
    usd_per_pflop: float | None
    prices: dict[TierName, Price] | None
    tiers: dict[TierName, TierCost]

    def usd(self, tier: TierName) -> float:
        """USD per ticket on ``tier``."""
        return self.tiers[tier].usd_per_ticket

    def usd_vector(self) -> list[float]:
        """USD per ticket of every tier, cheapest tier first."""
        return [self.usd(t) for t in TIER_NAMES]


def policy_prices(policy: Policy) -> dict[TierName, Price] | None:
    """The policy's prices if every tier has a non-zero one, else None."""
    prices: dict[TierName, Price] = {}
    for name in TIER_NAMES:
        price = policy.tier(name).price
        if price is None or price.input_per_mtok + price.output_per_mtok <= 0:
            return None
        prices[name] = price
    return prices


def cost_table(
    computes: dict[TierName, TierCompute],
    *,
    prices: dict[TierName, Price] | None,
    usd_per_pflop: float,
) -> CostTable:
    """Cost per ticket of every tier: from ``prices`` if given, else compute times USD/PFLOP."""
    small = computes[TIER_NAMES[0]].flops
    usd: dict[TierName, float] = {}
    for name, compute in computes.items():
        if prices is None:
            usd[name] = compute.flops / 1e15 * usd_per_pflop
        else:
            price = prices[name]
            usd[name] = (
                compute.input_tokens * price.input_per_mtok
                + compute.output_tokens * price.output_per_mtok
            ) / 1e6
    base_usd = usd[TIER_NAMES[0]]
    return CostTable(
        basis="compute" if prices is None else "price",
        usd_per_pflop=usd_per_pflop if prices is None else None,
        prices=prices,
        tiers={
            name: TierCost(
                compute=compute,
                usd_per_ticket=usd[name],
                relative_compute=compute.flops / small,
                relative_cost=usd[name] / base_usd,
            )
            for name, compute in computes.items()
        },
    )
