"""Every input of a simulation, with the seed scenario's values as defaults."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from router.policy.model import TierName
from router.simulate.cost_model import SEED_RATIOS, BaseModelSpec, TierRatios
from router.simulate.inputs import Mix
from router.simulate.routing_errors import Confusion, ErrorModel

__all__ = ["SEED_MIX", "SimulationSettings"]

#: The seed scenario's ticket mix: 60% simple, 30% moderate, 10% complex.
SEED_MIX = Mix(shares={"small": 0.6, "mid": 0.3, "reasoning": 0.1}, source="seed scenario")


class _Frozen(BaseModel):
    """Immutable, and no keys beyond the fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SimulationSettings(_Frozen):
    """Every input of a simulation."""

    base: BaseModelSpec = Field(default_factory=BaseModelSpec)
    ratios: dict[TierName, TierRatios] = Field(default_factory=lambda: dict(SEED_RATIOS))
    mix: Mix = SEED_MIX
    rate_per_hour: Annotated[float, Field(gt=0)] = 1000.0
    basis: Literal["auto", "compute", "price"] = "auto"
    usd_per_pflop: Annotated[float, Field(gt=0)] = 0.005
    confusion: Confusion = Field(default_factory=lambda: Confusion.symmetric(0.9))
    errors: ErrorModel = Field(default_factory=lambda: ErrorModel(escalation_recall=0.5))
    #: Turns per conversation: above 1, the report adds what sticky sessions save.
    turns: Annotated[int, Field(ge=1, le=1000)] = 1
    #: Cached input's price as a share of fresh input's (else the policy's cached price,
    #: else 0.1).
    cached_input_share: Annotated[float, Field(ge=0, le=1)] | None = None
    #: The chance a turn's own tier is the turn before's (else drawn from the mix).
    turn_correlation: Annotated[float, Field(ge=0, le=1)] = 0.5
