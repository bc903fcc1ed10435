"""The whole simulation: settings in, one report (every number and assumption) out."""

from __future__ import annotations

from router.errors import ConfigError
from router.policy.model import TIER_NAMES, Policy
from router.simulate.assumptions import assumptions
from router.simulate.conversations import Stickiness, stickiness, token_prices
from router.simulate.cost_model import (
    CostTable,
    cost_table,
    policy_prices,
    tier_compute,
)
from router.simulate.inputs import Mix
from router.simulate.routing_errors import (
    BreakEven,
    Confusion,
    ErrorModel,
    Outcome,
    break_even,
    expected_outcome,
    max_miss_cost,
)
from router.simulate.settings import SEED_MIX, SimulationSettings, _Frozen

__all__ = [
    "SEED_MIX",
    "MissCostBreakEven",
    "RoutingAnalysis",
    "RoutingCase",
    "Scenario",
    "SimulationReport",
    "SimulationSettings",
    "Throughput",
    "simulate",
]

#: Miss costs (as multiples of an all-to-top ticket's cost) for the break-even table.
_MISS_COST_MULTIPLES = (0.0, 1.0, 10.0, 100.0, 1000.0)


class Throughput(_Frozen):
    """One way of serving the mix: cost per ticket and per hour at the rate."""

    usd_per_ticket: float
    relative_cost: float
    flops_per_ticket: float
    usd_per_hour: float
    pflop_per_hour: float
    sustained_tflops: float


class Scenario(_Frozen):
    """The mix served by a perfect router against everything on the top tier."""

    tiered: Throughput
    all_top: Throughput
    tiered_over_top: float
    saving: float
    usd_saved_per_hour: float


class RoutingCase(_Frozen):
    """A router with the given confusion, under one escalation setting."""

    errors: ErrorModel
    outcome: Outcome
    relative_cost: float
    relative_to_top: float
    usd_per_hour: float
    break_even: BreakEven
    max_miss_cost_usd: float | None


class MissCostBreakEven(_Frozen):
    """Break-even accuracy if an uncaught failure cost ``miss_cost_usd``."""

    miss_cost_usd: float
    times_top_cost: float
    without_escalation: BreakEven
    with_escalation: BreakEven


class RoutingAnalysis(_Frozen):
    """What the router's mistakes cost, without and with escalation."""

    confusion: Confusion
    accuracy: float
    without_escalation: RoutingCase
    with_escalation: RoutingCase
    break_even_by_miss_cost: list[MissCostBreakEven]


class SimulationReport(_Frozen):
    """Everything ``tierroute simulate`` prints."""

    policy: str
    assumptions: list[str]
    settings: SimulationSettings
    costs: CostTable
    scenario: Scenario
    routing: RoutingAnalysis
    #: Multi-turn conversations routed afresh vs kept on their tier (``turns`` > 1).
    conversations: Stickiness | None = None


def _throughput(usd: float, flops: float, small_usd: float, rate: float) -> Throughput:
    return Throughput(
        usd_per_ticket=usd,
        relative_cost=usd / small_usd,
        flops_per_ticket=flops,
        usd_per_hour=usd * rate,
        pflop_per_hour=flops * rate / 1e15,
        sustained_tflops=flops * rate / 3600 / 1e12,
    )


def _scenario(costs: CostTable, mix: Mix, rate: float) -> Scenario:
    small_usd = costs.usd(TIER_NAMES[0])
    top = costs.tiers[TIER_NAMES[-1]]
    usd = sum(mix.shares[t] * costs.usd(t) for t in TIER_NAMES)
    flops = sum(mix.shares[t] * costs.tiers[t].compute.flops for t in TIER_NAMES)
    tiered = _throughput(usd, flops, small_usd, rate)
    all_top = _throughput(top.usd_per_ticket, top.compute.flops, small_usd, rate)
    return Scenario(
        tiered=tiered,
        all_top=all_top,
        tiered_over_top=usd / top.usd_per_ticket,
        saving=1 - usd / top.usd_per_ticket,
        usd_saved_per_hour=all_top.usd_per_hour - tiered.usd_per_hour,
    )


def _case(costs: CostTable, settings: SimulationSettings, errors: ErrorModel) -> RoutingCase:
    usd, mix = costs.usd_vector(), settings.mix.vector()
    outcome = expected_outcome(usd, mix, settings.confusion, errors)
    return RoutingCase(
        errors=errors,
        outcome=outcome,
        relative_cost=outcome.total_usd / usd[0],
        relative_to_top=outcome.total_usd / usd[-1],
        usd_per_hour=outcome.total_usd * settings.rate_per_hour,
        break_even=break_even(usd, mix, errors),
        max_miss_cost_usd=max_miss_cost(outcome, usd[-1]),
    )


def _by_miss_cost(costs: CostTable, settings: SimulationSettings) -> list[MissCostBreakEven]:
    usd, mix = costs.usd_vector(), settings.mix.vector()
    rows = []
    for times in _MISS_COST_MULTIPLES:
        miss = times * usd[-1]
        errors = settings.errors.model_copy(update={"miss_cost_usd": miss})
        without = errors.model_copy(update={"escalation_recall": 0.0})
        rows.append(
            MissCostBreakEven(
                miss_cost_usd=miss,
                times_top_cost=times,
                without_escalation=break_even(usd, mix, without),
                with_escalation=break_even(usd, mix, errors),
            )
        )
    return rows


def simulate(
    settings: SimulationSettings, policy: Policy, *, policy_label: str
) -> SimulationReport:
    """Run the cost model, the seed comparison and the routing-error analysis."""
    prices = policy_prices(policy) if settings.basis != "compute" else None
    if settings.basis == "price" and prices is None:
        raise ConfigError(
            f"--basis price: policy {policy_label} does not give a non-zero "
            "`price` to every tier; use --basis compute (or auto)"
        )
    computes = {t: tier_compute(t, settings.base, settings.ratios[t]) for t in TIER_NAMES}
    costs = cost_table(computes, prices=prices, usd_per_pflop=settings.usd_per_pflop)
    without = settings.errors.model_copy(update={"escalation_recall": 0.0})
    routing = RoutingAnalysis(
        confusion=settings.confusion,
        accuracy=settings.confusion.accuracy(settings.mix.vector()),
        without_escalation=_case(costs, settings, without),
        with_escalation=_case(costs, settings, settings.errors),
        break_even_by_miss_cost=_by_miss_cost(costs, settings),
    )
    return SimulationReport(
        policy=policy_label,
        assumptions=assumptions(settings, costs, policy_label),
        settings=settings,
        costs=costs,
        scenario=_scenario(costs, settings.mix, settings.rate_per_hour),
        routing=routing,
        conversations=stickiness(
            turns=settings.turns,
            mix=settings.mix.vector(),
            correlation=settings.turn_correlation,
            base=settings.base,
            ratios=settings.ratios,
            prices=token_prices(costs, settings.cached_input_share),
        )
        if settings.turns > 1
        else None,
    )
