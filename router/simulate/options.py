"""The options of ``tierroute simulate`` as one model, and the settings they make."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from router.engine.answering.escalation import may_escalate
from router.errors import RequestError
from router.policy.model import TIER_NAMES, Policy, TierName
from router.simulate.cost_model import BaseModelSpec, TierRatios
from router.simulate.inputs import (
    load_confusion,
    mix_from_tickets,
    parse_mix,
    parse_rate,
    parse_triple,
)
from router.simulate.routing_errors import Confusion, ErrorModel
from router.simulate.scenario import SEED_MIX, SimulationSettings

__all__ = ["DEFAULT_ACCURACY", "SimulateOptions", "settings_from_options"]

#: Router accuracy assumed when neither --accuracy nor --confusion is given.
DEFAULT_ACCURACY = 0.9
Positive = Annotated[float, Field(gt=0)]
Fraction = Annotated[float, Field(ge=0, le=1)]


class SimulateOptions(BaseModel):
    """The command's options as given (comma lists and rates still unparsed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    mix: str | None = None
    tickets: Path | None = None
    rate: str = "1000/h"
    size_ratio: str = "1,3,10"
    token_ratio: str = "1,2,5"
    context_ratio: str = "1,2,5"
    base_params: Positive = 8e9
    base_layers: Positive = 32
    base_width: Positive = 4096
    base_input_tokens: Positive = 500
    base_output_tokens: Positive = 150
    basis: Literal["auto", "compute", "price"] = "auto"
    usd_per_pflop: Positive = 0.005
    accuracy: Fraction | None = None
    confusion_path: Path | None = None
    under_fail: Fraction = 1.0
    escalation_recall: Fraction = 0.5
    escalation_steps: Annotated[int, Field(ge=0, le=2)] | None = None
    miss_cost: Annotated[float, Field(ge=0)] = 0.0
    human_cost: Annotated[float, Field(ge=0)] | None = None
    turns: Annotated[int, Field(ge=1, le=1000)] = 1
    cached_input_share: Fraction | None = None
    turn_correlation: Fraction = 0.5


def _ratios(options: SimulateOptions) -> dict[TierName, TierRatios]:
    sizes = parse_triple(options.size_ratio, "--size-ratio")
    tokens = parse_triple(options.token_ratio, "--token-ratio")
    contexts = parse_triple(options.context_ratio, "--context-ratio")
    return {
        tier: TierRatios(size=s, tokens=o, context=c)
        for tier, s, o, c in zip(TIER_NAMES, sizes, tokens, contexts, strict=True)
    }


def _confusion(options: SimulateOptions) -> Confusion:
    if options.accuracy is not None and options.confusion_path is not None:
        raise RequestError("--accuracy and --confusion: give one of them, not both")
    if options.confusion_path is not None:
        return load_confusion(options.confusion_path)
    return Confusion.symmetric(DEFAULT_ACCURACY if options.accuracy is None else options.accuracy)


def _escalation_steps(options: SimulateOptions, policy: Policy) -> int:
    if options.escalation_steps is not None:
        return options.escalation_steps
    return policy.escalation.max_steps if may_escalate(policy) else 0


def settings_from_options(options: SimulateOptions, policy: Policy) -> SimulationSettings:
    """Parse and check the options (errors name the option) into simulation settings."""
    if options.mix is not None and options.tickets is not None:
        raise RequestError(
            "--mix and --tickets: give one of them (--tickets takes the mix from the "
            "router's decisions)"
        )
    if options.tickets is not None:
        mix = mix_from_tickets(options.tickets, policy)
    else:
        mix = SEED_MIX if options.mix is None else parse_mix(options.mix)
    return SimulationSettings(
        base=BaseModelSpec(
            params=options.base_params,
            layers=options.base_layers,
            width=options.base_width,
            input_tokens=options.base_input_tokens,
            output_tokens=options.base_output_tokens,
        ),
        ratios=_ratios(options),
        mix=mix,
        rate_per_hour=parse_rate(options.rate),
        basis=options.basis,
        usd_per_pflop=options.usd_per_pflop,
        confusion=_confusion(options),
        errors=ErrorModel(
            under_fail=options.under_fail,
            escalation_recall=options.escalation_recall,
            escalation_steps=_escalation_steps(options, policy),
            miss_cost_usd=options.miss_cost,
            human_cost_usd=options.human_cost,
        ),
        turns=options.turns,
        cached_input_share=options.cached_input_share,
        turn_correlation=options.turn_correlation,
    )
