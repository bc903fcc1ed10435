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

import csv
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from router import Router, load_policy
from router.errors import RequestError
from router.policy import TIER_NAMES
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
from tests.test_cli import LONG_REPORT

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


def test_cli_seed_scenario_json() -> None:
    data = run_json(*SEED_ARGS)
    tiers = data["costs"]["tiers"]
    assert tiers["small"]["compute"]["flops"] == pytest.approx(SMALL_FLOPS)
    assert tiers["mid"]["relative_cost"] == pytest.approx(REL_MID, abs=1e-4)
    assert tiers["reasoning"]["relative_cost"] == pytest.approx(REL_TOP, abs=1e-4)
    assert tiers["reasoning"]["compute"]["input_tokens"] == 2500
    assert tiers["reasoning"]["compute"]["output_tokens"] == 750
    scenario = data["scenario"]
    assert scenario["tiered"]["relative_cost"] == pytest.approx(REL_MIX, abs=1e-4)
    assert scenario["tiered_over_top"] == pytest.approx(0.14774, abs=1e-5)
    assert scenario["tiered"]["pflop_per_hour"] == pytest.approx(77.774, abs=1e-2)
    assert scenario["all_top"]["usd_per_hour"] == pytest.approx(2.63213, abs=1e-4)
    text = " ".join(data["assumptions"])
    for stated in (
        "2·N + 2·n_layers·d_model·context",
        "N = 8B parameters, 32 layers, width 4096",
        "500 input and 150 output tokens",
        "mid 3, 2, 2; reasoning 10, 5, 5",
        "$0.005 per PFLOP",
        "1,000 tickets per hour",
        "fails with probability 1 (--under-fail)",
        "costs $0 (--miss-cost)",
    ):
        assert stated in text
    # model cost alone: even random routing beats all-to-reasoning on this mix
    assert (
        data["routing"]["without_escalation"]["break_even"]["verdict"] == "cheaper_at_any_accuracy"
    )


def test_cli_break_even_with_a_miss_cost() -> None:
    # small ticket $5.22769e-5, so a $0.25 miss = 4782.2 small tickets. No escalation,
    # in small-ticket units: total(1) = 7.43865; total(0) = 0.6·(6.01228 + 50.3498)/2
    # + 0.3·(1 + 50.3498)/2 + 0.1·(1 + 6.01228)/2 = 24.96166, quality loss 0.3·0.5 + 0.1 = 0.25
    # -> with misses 24.96166 + 0.25·4782.2 = 1220.51;
    #    p* = (1220.51 - 50.3498) / (1220.51 - 7.43865)
    data = run_json(*SEED_ARGS, "--miss-cost", "0.25", "--escalation-recall", "0")
    expected = (1220.51 - 50.3498) / (1220.51 - 7.43865)  # 0.96463
    break_even_point = data["routing"]["without_escalation"]["break_even"]
    assert break_even_point["verdict"] == "crosses"
    assert break_even_point["accuracy"] == pytest.approx(expected, abs=1e-4)


def test_cli_text_report_and_accuracy_option() -> None:
    result = run(*SEED_ARGS, "--accuracy", "0.8", "--rate", "20/min")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Mix small 60.0% / mid 30.0% / reasoning 10.0% at 1,200 tickets/hour" in out
    assert "Tiered costs 14.8% of all-to-reasoning (6.77x cheaper)" in out
    assert "Router mistakes (confusion: symmetric, accuracy 0.8" in out
    assert "Assumptions" in out and "Break-even router accuracy" in out


def test_cli_prices_from_the_policy(tmp_path: Path) -> None:
    zero = "price: {input_per_mtok: 0.0, output_per_mtok: 0.0}"
    text = DEFAULT_POLICY.read_text()
    for prices in (
        "{input_per_mtok: 0.1, output_per_mtok: 0.4}",
        "{input_per_mtok: 0.5, output_per_mtok: 2.0}",
        "{input_per_mtok: 2.0, output_per_mtok: 8.0}",
    ):
        text = text.replace(zero, f"price: {prices}", 1)
    policy = tmp_path / "priced.yaml"
    policy.write_text(text)
    data = run_json("--policy", str(policy))
    tiers = data["costs"]["tiers"]
    assert data["costs"]["basis"] == "price"
    # small 500·0.1/1e6 + 150·0.4/1e6 = $1.1e-4; mid 1000·0.5 + 300·2 = $1.1e-3;
    # reasoning 2500·2 + 750·8 = $1.1e-2 -> 1x, 10x, 100x; mix 0.6 + 3 + 10 = 13.6x
    assert tiers["small"]["usd_per_ticket"] == pytest.approx(1.1e-4)
    assert [tiers[t]["relative_cost"] for t in TIER_NAMES] == pytest.approx([1, 10, 100])
    assert data["scenario"]["tiered_over_top"] == pytest.approx(0.136)
    assert data["scenario"]["tiered"]["usd_per_hour"] == pytest.approx(1.496)  # 1000·1.496e-3
    broken = run("--basis", "price")  # the default policy's prices are zero
    assert broken.returncode == 2
    assert "--basis price: policy 'embedded-default'" in broken.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--mix", "0.5,0.3,0.1"), "error: --mix: the shares must sum to 1 (within 1e-6), got 0.9"),
        (
            ("--mix", "0.6,0.4"),
            "error: --mix: give 3 comma-separated numbers (small,mid,reasoning), got 2",
        ),
        (
            ("--size-ratio", "1,-3,10"),
            "error: --size-ratio: every value must be a finite number > 0",
        ),
        (
            ("--rate", "fast"),
            "error: --rate: 'fast' is not a rate; give a number > 0 per h, min or s",
        ),
        (
            ("--mix", "0.6,0.3,0.1", "--tickets", "x.jsonl"),
            "error: --mix and --tickets: give one of them",
        ),
        (
            ("--accuracy", "0.9", "--confusion", "x.json"),
            "error: --accuracy and --confusion: give one",
        ),
    ],
)
def test_cli_bad_input_exits_2_naming_the_option(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(message), result.stderr


def test_cli_confusion_file_of_the_wrong_shape(tmp_path: Path) -> None:
    path = tmp_path / "confusion.json"
    path.write_text(json.dumps({"tiers": list(TIER_NAMES), "matrix": [[1, 0, 0], [0, 1, 0]]}))
    result = run("--confusion", str(path))
    assert result.returncode == 2
    assert result.stderr == (
        f"error: --confusion: {path}: the matrix must be 3x3 "
        "(rows = true tier, columns = routed tier)\n"
    )
    path.write_text(
        json.dumps({"tiers": list(TIER_NAMES), "matrix": [[8, 1, 1], [1, 8, 1], [0, 2, 8]]})
    )
    data = run_json("--confusion", str(path))
    assert data["routing"]["confusion"]["matrix"][2] == pytest.approx([0.0, 0.2, 0.8])
    assert data["routing"]["accuracy"] == pytest.approx(0.8)  # 0.6·0.8 + 0.3·0.8 + 0.1·0.8


def test_cli_plot_and_markdown_report(tmp_path: Path) -> None:
    png, md = tmp_path / "cost.png", tmp_path / "report.md"
    result = run(*SEED_ARGS, "--miss-cost", "0.25", "--plot", str(png), "--report", str(md))
    assert result.returncode == 0, result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000
    report = md.read_text()
    assert report.startswith("# tierroute simulate — policy 'embedded-default'")
    assert "| tier | size |" in report and "## Assumptions" in report


def test_cli_tickets_use_the_routers_decisions(tmp_path: Path) -> None:
    tickets = [
        {"subject": "Password", "body": "How do I reset my password?"},
        {"text": "Where can I download my invoice?"},
        {"body": LONG_REPORT},
        {"body": "Where is my invoice?", "priority": "urgent", "metadata": {"plan": "enterprise"}},
    ]
    path = tmp_path / "tickets.jsonl"
    path.write_text("".join(json.dumps(t) + "\n" for t in tickets))
    router = Router(load_policy(DEFAULT_POLICY))
    decided = [
        router.decide("Password\n\nHow do I reset my password?").tier,
        router.decide("Where can I download my invoice?").tier,
        router.decide(LONG_REPORT).tier,
        router.decide("Where is my invoice?", {"priority": "urgent", "plan": "enterprise"}).tier,
    ]
    assert decided[2:] == ["reasoning", "mid"]  # the rule on metadata moved the last one up
    data = run_json("--tickets", str(path))
    mix = data["settings"]["mix"]
    assert mix["tickets"] == 4
    assert mix["shares"] == {t: pytest.approx(decided.count(t) / 4) for t in TIER_NAMES}
    csv_path = tmp_path / "tickets.csv"
    with csv_path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "text"])
        writer.writeheader()
        writer.writerow({"id": "1", "text": "How do I reset my password?"})
        writer.writerow({"id": "2", "text": LONG_REPORT})
    shares = run_json("--tickets", str(csv_path))["settings"]["mix"]["shares"]
    assert shares == {"small": 0.5, "mid": 0.0, "reasoning": 0.5}


def test_help_lists_simulate() -> None:
    result = subprocess.run([str(TIERROUTE), "--help"], capture_output=True, text=True, timeout=60)
    assert "simulate" in result.stdout
    assert run("--help").returncode == 0


def test_ratios_model_rejects_nonpositive() -> None:
    with pytest.raises(ValueError, match="greater than 0"):
        TierRatios(size=0, tokens=1, context=1)


def test_break_even_when_the_top_tier_is_not_the_dearest() -> None:
    model = ErrorModel(under_fail=1.0, escalation_recall=0.0, escalation_steps=1, miss_cost_usd=0)
    result = break_even([1.0, 10.0, 2.0], [0.0, 1.0, 0.0], model)
    assert result.verdict == "cheaper_only_below"
    assert result.accuracy is not None and 0 < result.accuracy < 1
