"""The cost model and routing simulator, checked against numbers worked out by hand.

The seed scenario (issue 6): 60% simple, 30% moderate, 10% complex tickets, 1,000 an
hour; the complex tier has a 10x model, 5x the output and 5x the context; mid is 3x,
2x, 2x. Reference model: N = 8e9, 32 layers, width 4096; 500 input + 150 output tokens.

FLOPs per ticket = prefill + decode
                 = I·(2N + 2·L·d·I/2) + O·(2N + 2·L·d·(I + O/2))
                 = 2·N·T + L·d·T²,  T = I + O.

small:     N = 8e9,  L·d = 32·4096 = 131,072,        T = 650
           2·N·T = 1.04e13;  L·d·T² = 131,072 · 422,500 = 5.537792e10
           total = 1.045537792e13 FLOPs (10.46 TFLOP)
mid:       N = 2.4e10, L·d = 131,072 · 3^(2/3) = 272,640.8,  T = 1,000 + 300 = 1,300
           2·N·T = 6.24e13;  L·d·T² = 272,640.8 · 1.69e6 = 4.60763e11
           total = 6.286076e13  ->  relative 6.01228
reasoning: N = 8e10, L·d = 131,072 · 10^(2/3) = 608,384.1,  T = 2,500 + 750 = 3,250
           2·N·T = 5.2e14;  L·d·T² = 608,384.1 · 10,562,500 = 6.426057e12
           total = 5.264261e14  ->  relative 50.3498

mix:       0.6·1 + 0.3·6.01228 + 0.1·50.3498 = 0.6 + 1.80368 + 5.03497 = 7.43865
           vs all-to-reasoning: 7.43865 / 50.3498 = 0.14774 (6.77x cheaper)
per hour:  1,000 · 7.43865 · 1.045538e13 = 7.7774e16 FLOPs = 77.77 PFLOP/h (21.6 TFLOP/s)
           all to reasoning: 1,000 · 5.264261e14 = 526.43 PFLOP/h (146.2 TFLOP/s)
money:     at $0.005/PFLOP: small 0.01045538 PFLOP · 0.005 = $5.2277e-5 per ticket;
           tiered $0.38887/h, all to reasoning $2.63213/h
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from router import load_policy
from router.errors import RequestError
from router.policy.model import TIER_NAMES
from router.simulate import SimulationSettings, simulate
from router.simulate.cost_model import SEED_RATIOS, BaseModelSpec, TierRatios, tier_compute
from router.simulate.inputs import load_confusion, parse_mix, parse_rate, parse_triple
from router.simulate.routing_errors import (
    Confusion,
    ErrorModel,
    break_even,
    cost_curve,
    expected_outcome,
    max_miss_cost,
)
from tests.conftest import DEFAULT_POLICY, TIERROUTE

SEED_ARGS = (
    "--mix",
    "0.6,0.3,0.1",
    "--rate",
    "1000/h",
    "--size-ratio",
    "1,3,10",
    "--token-ratio",
    "1,2,5",
    "--context-ratio",
    "1,2,5",
)
SMALL_FLOPS = 1.045537792e13
REL_MID, REL_TOP, REL_MIX = 6.01228, 50.3498, 7.43865


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TIERROUTE), "simulate", *args], capture_output=True, text=True, timeout=120
    )


def run_json(*args: str) -> dict[str, Any]:
    result = run(*args, "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# --- the cost model ------------------------------------------------------------------


def test_small_tier_flops_by_hand() -> None:
    small = tier_compute("small", BaseModelSpec(), SEED_RATIOS["small"])
    # prefill 500·(1.6e10 + 262,144·250) = 8.032768e12; decode 150·(1.6e10 + 262,144·575)
    assert small.prefill_flops == pytest.approx(8.032768e12)
    assert small.decode_flops == pytest.approx(2.42260992e12)
    assert small.flops == pytest.approx(SMALL_FLOPS)
    assert small.attention_share == pytest.approx(5.537792e10 / SMALL_FLOPS)


def test_seed_relative_costs_by_hand() -> None:
    base = BaseModelSpec()
    flops = {t: tier_compute(t, base, SEED_RATIOS[t]).flops for t in TIER_NAMES}
    assert flops["mid"] / flops["small"] == pytest.approx(REL_MID, abs=1e-4)
    assert flops["reasoning"] / flops["small"] == pytest.approx(REL_TOP, abs=1e-4)
    # with no attention term it would be exactly size x tokens: 10 · 5 = 50
    no_attention = tier_compute(
        "reasoning", base.model_copy(update={"layers": 1e-12}), SEED_RATIOS["reasoning"]
    )
    assert no_attention.flops / (2 * 8e9 * 650) == pytest.approx(50.0)


def test_seed_scenario_in_python() -> None:
    report = simulate(SimulationSettings(), load_policy(DEFAULT_POLICY), policy_label="default")
    scenario = report.scenario
    assert report.costs.basis == "compute"  # the default policy's prices are all zero
    assert scenario.tiered.relative_cost == pytest.approx(REL_MIX, abs=1e-4)
    assert scenario.all_top.relative_cost == pytest.approx(REL_TOP, abs=1e-4)
    assert scenario.tiered_over_top == pytest.approx(0.14774, abs=1e-5)
    assert scenario.tiered.pflop_per_hour == pytest.approx(77.774, abs=1e-2)
    assert scenario.all_top.pflop_per_hour == pytest.approx(526.43, abs=1e-2)
    assert scenario.tiered.usd_per_hour == pytest.approx(0.38887, abs=1e-4)
    assert scenario.all_top.usd_per_hour == pytest.approx(2.63213, abs=1e-4)


# --- routing errors on a small example -------------------------------------------------

COSTS = [1.0, 4.0, 10.0]  # USD per ticket: small, mid, reasoning
MIX = [0.5, 0.3, 0.2]
MEASURED = Confusion(
    source="hand",
    matrix=[[0.8, 0.2, 0.0], [0.1, 0.9, 0.0], [0.0, 0.5, 0.5]],
)


def test_expectations_without_escalation() -> None:
    outcome = expected_outcome(COSTS, MIX, MEASURED, ErrorModel())
    # perfect: 0.5·1 + 0.3·4 + 0.2·10 = 3.7
    assert outcome.perfect_usd == pytest.approx(3.7)
    # over-routing: small -> mid, 0.5·0.2·(4 - 1) = 0.3
    assert outcome.over_routing_usd == pytest.approx(0.3)
    # under-routing: mid -> small 0.3·0.1·(1 - 4) = -0.09; reasoning -> mid 0.2·0.5·(4 - 10) = -0.6
    assert outcome.under_routing_saving_usd == pytest.approx(-0.69)
    assert outcome.escalation_usd == 0
    assert outcome.cost_usd == pytest.approx(3.31)
    # every under-routed ticket fails: 0.03 + 0.1
    assert outcome.quality_loss == pytest.approx(0.13)
    assert outcome.quality == pytest.approx(0.87)
    # all-to-reasoning costs 10: misses may cost up to (10 - 3.31) / 0.13 each
    assert max_miss_cost(outcome, 10.0) == pytest.approx(51.461538)


def test_expectations_with_escalation_and_miss_cost() -> None:
    model = ErrorModel(escalation_recall=0.5, escalation_steps=1, miss_cost_usd=2.0)
    outcome = expected_outcome(COSTS, MIX, MEASURED, model)
    # mid -> small: 1 + 0.5·4 = 3 (half caught, re-asked on mid); reasoning -> mid: 4 + 0.5·10 = 9
    # escalation cost: 0.03·(3 - 1) + 0.1·(9 - 4) = 0.06 + 0.5 = 0.56
    assert outcome.escalation_usd == pytest.approx(0.56)
    assert outcome.cost_usd == pytest.approx(3.87)
    # half of the 0.13 failures recovered
    assert outcome.failed_first == pytest.approx(0.13)
    assert outcome.recovered == pytest.approx(0.065)
    assert outcome.quality_loss == pytest.approx(0.065)
    assert outcome.miss_cost_usd == pytest.approx(0.13)  # 0.065 · $2
    assert outcome.total_usd == pytest.approx(4.0)


def test_escalation_climbs_one_tier_per_step() -> None:
    always_low = Confusion(source="hand", matrix=[[1, 0, 0], [0, 1, 0], [1, 0, 0]])
    only_hard = [0.0, 0.0, 1.0]
    two = expected_outcome(
        COSTS, only_hard, always_low, ErrorModel(escalation_recall=1, escalation_steps=2)
    )
    assert (two.cost_usd, two.quality) == (pytest.approx(15.0), pytest.approx(1.0))  # 1 + 4 + 10
    one = expected_outcome(
        COSTS, only_hard, always_low, ErrorModel(escalation_recall=1, escalation_steps=1)
    )
    assert (one.cost_usd, one.quality) == (
        pytest.approx(5.0),
        pytest.approx(0.0),
    )  # paid twice, lost
    # a cheap answer that fails only half the time: 1 + 0.5·(4 + 0.5·10) = 5.5, always good
    half = ErrorModel(under_fail=0.5, escalation_recall=1, escalation_steps=2)
    assert expected_outcome(COSTS, only_hard, always_low, half).cost_usd == pytest.approx(5.5)


def test_break_even_by_hand_and_on_the_curve() -> None:
    # total(1) = 3.7. At p = 0 (errors split evenly): small 7, mid (1 + 10)/2 = 5.5,
    # reasoning (1 + 4)/2 = 2.5 -> 0.5·7 + 0.3·5.5 + 0.2·2.5 = 5.65 < 10: cheaper at any p
    free = break_even(COSTS, MIX, ErrorModel())
    assert free.verdict == "cheaper_at_any_accuracy" and free.accuracy is None
    assert free.total_at_zero_usd == pytest.approx(5.65)
    # quality loss at p = 0: 0.3·0.5 + 0.2·1 = 0.35; at $40 a miss total(0) = 5.65 + 14 = 19.65
    # p* = (19.65 - 10) / (19.65 - 3.7) = 9.65 / 15.95
    model = ErrorModel(miss_cost_usd=40)
    costly = break_even(COSTS, MIX, model)
    assert costly.verdict == "crosses"
    assert costly.accuracy == pytest.approx(9.65 / 15.95)
    p = 9.65 / 15.95
    below, at, above = cost_curve(COSTS, MIX, model, [p - 0.01, p, p + 0.01])
    assert below > 10 > above and at == pytest.approx(10)
    # with escalation (recall 0.5, 1 step) at p = 0: mid (3 + 10)/2 = 6.5, loss 0.25;
    # reasoning (3 + 9)/2 = 6, loss (1 + 0.5)/2 = 0.75 -> cost 3.5 + 1.95 + 1.2 = 6.65,
    # loss 0.075 + 0.15 = 0.225 -> total(0) = 6.65 + 9 = 15.65; p* = 5.65 / 11.95
    escalating = ErrorModel(miss_cost_usd=40, escalation_recall=0.5, escalation_steps=1)
    assert break_even(COSTS, MIX, escalating).accuracy == pytest.approx(5.65 / 11.95)
    # only hard tickets: a perfect router merely ties with all-to-top
    assert break_even(COSTS, [0, 0, 1], model).verdict == "never_cheaper"


# --- input parsing ---------------------------------------------------------------------


def test_parsers_name_the_option_and_what_is_allowed(tmp_path: Path) -> None:
    assert parse_mix("0.6,0.3,0.1").vector() == [0.6, 0.3, 0.1]
    assert parse_rate("1000/h") == 1000 and parse_rate("20/min") == 1200
    assert parse_rate("0.5/s") == 1800 and parse_rate("250") == 250
    with pytest.raises(RequestError, match=r"^--mix: give 3 comma-separated numbers"):
        parse_mix("0.6,0.4")
    with pytest.raises(RequestError, match=r"^--mix: the shares must sum to 1 \(within 1e-6\)"):
        parse_mix("0.6,0.3,0.2")
    with pytest.raises(
        RequestError, match=r"^--token-ratio: every value must be a finite number > 0"
    ):
        parse_triple("1,0,5", "--token-ratio")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"tiers": ["small", "mid"], "matrix": [[1, 0], [0, 1]]}))
    with pytest.raises(
        RequestError, match=r"^--confusion: .*`tiers` must name small,mid,reasoning"
    ):
        load_confusion(bad)


def test_confusion_from_train_report_with_other_tier_order(tmp_path: Path) -> None:
    path = tmp_path / "train.json"
    report = {
        "tiers": ["reasoning", "small", "mid"],
        "cv_confusion": [[9, 0, 1], [0, 8, 2], [1, 1, 8]],
    }
    path.write_text(json.dumps(report))
    confusion = load_confusion(path)
    # reordered to small, mid, reasoning; each row divided by its count
    assert confusion.matrix == [
        pytest.approx([0.8, 0.2, 0.0]),
        pytest.approx([0.1, 0.8, 0.1]),
        pytest.approx([0.0, 0.1, 0.9]),
    ]


# --- the command line ------------------------------------------------------------------


def test_ratios_model_rejects_nonpositive() -> None:
    with pytest.raises(ValueError, match="greater than 0"):
        TierRatios(size=0, tokens=1, context=1)


def test_break_even_when_the_top_tier_is_not_the_dearest() -> None:
    model = ErrorModel(under_fail=1.0, escalation_recall=0.0, escalation_steps=1, miss_cost_usd=0)
    result = break_even([1.0, 10.0, 2.0], [0.0, 1.0, 0.0], model)
    assert result.verdict == "cheaper_only_below"
    assert result.accuracy is not None and 0 < result.accuracy < 1


def _token_prices() -> dict[Any, Any]:
    from router.simulate.conversations import TokenPrices

    return {
        "small": TokenPrices(input=1.0, cached_input=0.25, output=2.0),
        "mid": TokenPrices(input=4.0, cached_input=1.0, output=8.0),
        "reasoning": TokenPrices(input=10.0, cached_input=1.0, output=20.0),
    }


def test_conversations_by_hand() -> None:
    """Two turns, half small and half mid, 100 new input and 50 answer tokens a turn, so
    the second turn resends 150 tokens of history.

    turn 1, both ways: 0.5·(100·1 + 50·2) + 0.5·(100·4 + 50·8) = 500.
    afresh, turn 2: 500 + 150·(0.5·(0.5·0.25 + 0.5·1) + 0.5·(0.5·1 + 0.5·4)) = 734.375.
    sticky, turn 2: small 0.25, mid 0.75 (0.5 stayed, 0.25 moved up):
        0.25·200 + 0.75·800 + 150·(0.25·0.25 + 0.5·1 + 0.25·4) = 884.375.
    all to reasoning: 2000, then 2000 + 150·1 = 2150.
    With correlation 1 a conversation never changes tier: both ways
        500 + 500 + 150·(0.5·0.25 + 0.5·1) = 1093.75.
    """
    from router.simulate.conversations import stickiness

    ratios = {t: TierRatios(size=1, tokens=1, context=1) for t in TIER_NAMES}
    base = BaseModelSpec(input_tokens=100, output_tokens=50)
    mix = [0.5, 0.5, 0.0]
    prices = _token_prices()
    independent = stickiness(
        turns=2, mix=mix, correlation=0.0, base=base, ratios=ratios, prices=prices
    )
    assert independent.afresh.usd_per_conversation == pytest.approx(1234.375)
    assert independent.sticky.usd_per_conversation == pytest.approx(1384.375)
    assert independent.all_top.usd_per_conversation == pytest.approx(4150.0)
    assert independent.saving == pytest.approx(1 - 1384.375 / 1234.375)
    assert independent.sticky.tier_shares["mid"] == pytest.approx((0.5 + 0.75) / 2)
    # 150 of 350 input tokens are history; sticky reads 0.75 of it from the cache
    assert independent.sticky.cached_input_share == pytest.approx(0.75 * 150 / 350)
    correlated = stickiness(
        turns=2, mix=mix, correlation=1.0, base=base, ratios=ratios, prices=prices
    )
    assert correlated.afresh.usd_per_conversation == pytest.approx(1093.75)
    assert correlated.sticky.usd_per_conversation == pytest.approx(1093.75)


def test_stickiness_pays_when_tiers_cost_alike_not_when_far_apart() -> None:
    policy = load_policy("policies/default.yaml")
    close = {
        t: TierRatios(size=size, tokens=1, context=1)
        for t, size in zip(TIER_NAMES, (1, 1.5, 2), strict=True)
    }
    alike = simulate(
        SimulationSettings(turns=20, ratios=close), policy, policy_label="default"
    ).conversations
    seed = simulate(SimulationSettings(turns=20), policy, policy_label="default").conversations
    assert alike is not None and seed is not None
    assert alike.saving > 0.2  # the history cached, and the tiers differ little
    assert seed.saving < 0  # kept on reasoning (10x the model, 5x the answer): dearer
    assert seed.saving_down_when_cheaper > seed.saving
    assert seed.sticky.tier_shares["reasoning"] > seed.afresh.tier_shares["reasoning"]
    assert seed.all_top.cached_input_share > seed.afresh.cached_input_share
    single = simulate(SimulationSettings(), policy, policy_label="default")
    assert single.conversations is None


def test_a_human_rung_by_hand() -> None:
    """Costs 1, 2, 10; every ticket is truly mid (mix 0, 1, 0) and the router always says
    small. Small always fails and escalation catches half; with no step left, the caught
    half goes to a person at $5: cost = 1 (small) + 0.5 * 5 (people) = 3.5, handed over
    0.5, answered well 0.5. Without the human rung the caught half is lost too."""
    always_small = Confusion(source="always small", matrix=[[1, 0, 0]] * 3)
    model = ErrorModel(
        under_fail=1.0, escalation_recall=0.5, escalation_steps=0, human_cost_usd=5.0
    )
    outcome = expected_outcome([1.0, 2.0, 10.0], [0.0, 1.0, 0.0], always_small, model)
    assert outcome.cost_usd == pytest.approx(3.5)
    assert outcome.human_usd == pytest.approx(2.5)
    assert outcome.handoff == pytest.approx(0.5)
    assert outcome.quality == pytest.approx(0.5)
    assert outcome.recovered == pytest.approx(0.0)
    without = model.model_copy(update={"human_cost_usd": None})
    lost = expected_outcome([1.0, 2.0, 10.0], [0.0, 1.0, 0.0], always_small, without)
    assert lost.cost_usd == pytest.approx(1.0) and lost.quality == pytest.approx(0.0)
