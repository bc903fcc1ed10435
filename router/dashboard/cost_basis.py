"""What one request costs on each tier, for the dashboard's money figures.

With a price on every tier (hosted models) a request costs its tokens at the tier's
price. The embedded default prices its tiers at zero; its figures are then in the
simulator's compute dollars (``tierroute simulate``'s seed model sizes, USD per PFLOP),
one ticket's compute per request, so the tiers still differ as their compute does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from router.policy.model import TIER_NAMES, Policy, Price
from router.simulate.cost_model import cost_table, policy_prices, tier_compute
from router.simulate.settings import SimulationSettings

__all__ = ["CostBasis", "cost_basis"]


@dataclass(frozen=True)
class CostBasis:
    """How the dashboard puts a price on a request (see the module docstring)."""

    kind: Literal["price", "compute"]
    prices: dict[str, Price] | None
    per_request: dict[str, float]

    @property
    def label(self) -> str:
        """What the money figures are, for the page."""
        if self.kind == "price":
            return "USD at the tiers' prices"
        return "compute USD (the tiers have no price: the simulator's seed compute model)"

    def usd(self, tier: str, input_tokens: int, output_tokens: int) -> float:
        """What a request of these tokens costs on ``tier``."""
        if self.prices is None:
            return self.per_request.get(tier, 0.0)
        price = self.prices.get(tier)
        if price is None:
            return 0.0
        usd: float = input_tokens * price.input_per_mtok + output_tokens * price.output_per_mtok
        return usd / 1e6


def cost_basis(policy: Policy) -> CostBasis:
    """The basis for ``policy``: its prices if every tier has one, else compute."""
    prices = policy_prices(policy)
    if prices is not None:
        return CostBasis("price", {str(t): p for t, p in prices.items()}, {})
    settings = SimulationSettings()
    computes = {t: tier_compute(t, settings.base, settings.ratios[t]) for t in TIER_NAMES}
    table = cost_table(computes, prices=None, usd_per_pflop=settings.usd_per_pflop)
    return CostBasis("compute", None, {t: table.usd(t) for t in TIER_NAMES})
