"""The economics page: the simulator's seed scenario with the page's inputs, and its
cost-against-accuracy curves with their break-even points (what ``tierroute simulate
--plot`` draws)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from router.policy.model import Policy
from router.simulate.options import SimulateOptions, settings_from_options
from router.simulate.routing_errors import cost_curve
from router.simulate.scenario import RoutingCase, SimulationReport, simulate

__all__ = ["Economics", "EconomicsIn", "economics"]

_POINTS = 51
Fraction = Annotated[float, Field(ge=0, le=1)]


class EconomicsIn(BaseModel):
    """The page's inputs: those of ``tierroute simulate`` that take no file."""

    model_config = ConfigDict(extra="forbid")
    mix: str = "0.6,0.3,0.1"
    rate: str = "1000/h"
    size_ratio: str = "1,3,10"
    token_ratio: str = "1,2,5"
    context_ratio: str = "1,2,5"
    basis: Literal["auto", "compute", "price"] = "auto"
    accuracy: Fraction = 0.9
    escalation_recall: Fraction = 0.5
    miss_cost: Annotated[float, Field(ge=0)] = 0.0
    #: The miss cost as a multiple of an all-to-top ticket's cost (in place of miss_cost).
    miss_cost_times_top: Annotated[float, Field(ge=0, le=1e6)] | None = None
    human_cost: Annotated[float, Field(ge=0)] | None = None


class Curve(BaseModel):
    """Total cost per ticket (as a share of all-to-top's) at each router accuracy."""

    label: str
    accuracy: list[float]
    relative_to_top: list[float]
    break_even: float | None
    verdict: str


class Economics(BaseModel):
    """The report and its curves."""

    report: SimulationReport
    curves: list[Curve]


def _curve(report: SimulationReport, case: RoutingCase, label: str) -> Curve:
    costs, mix = report.costs.usd_vector(), report.settings.mix.vector()
    xs = [i / (_POINTS - 1) for i in range(_POINTS)]
    ys = [y / costs[-1] for y in cost_curve(costs, mix, case.errors, xs)]
    return Curve(
        label=label,
        accuracy=xs,
        relative_to_top=ys,
        break_even=case.break_even.accuracy,
        verdict=case.break_even.verdict,
    )


def economics(inputs: EconomicsIn, policy: Policy) -> Economics:
    """The simulation for ``inputs`` (errors name the input, as the command's do)."""
    options = SimulateOptions(**inputs.model_dump(exclude={"miss_cost_times_top"}))
    settings = settings_from_options(options, policy)
    report = simulate(settings, policy, policy_label=policy.name)
    if inputs.miss_cost_times_top is not None:
        miss = inputs.miss_cost_times_top * report.costs.usd_vector()[-1]
        errors = settings.errors.model_copy(update={"miss_cost_usd": miss})
        settings = settings.model_copy(update={"errors": errors})
        report = simulate(settings, policy, policy_label=policy.name)
    return Economics(
        report=report,
        curves=[
            _curve(report, report.routing.without_escalation, "without escalation"),
            _curve(report, report.routing.with_escalation, "with escalation"),
        ],
    )
