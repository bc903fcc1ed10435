"""`tierroute simulate` end to end: the installed CLI, its output and its errors.

The hand-worked numbers it checks are derived in tests/test_simulate.py.
"""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest

from router import Router, load_policy
from router.policy.model import TIER_NAMES
from tests.conftest import DEFAULT_POLICY, TIERROUTE
from tests.test_cli import LONG_REPORT
from tests.test_simulate import REL_MID, REL_MIX, REL_TOP, SEED_ARGS, SMALL_FLOPS, run, run_json

# --- the cost model ------------------------------------------------------------------


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


def test_cli_conversations_compare_sticky_with_afresh() -> None:
    result = run("--turns", "8", "--cached-input-share", "0.1", "--turn-correlation", "0.5")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Conversations of 8 turns: the prompt cache kept or thrown away" in text
    for row in ("each turn routed afresh", "sticky (sessions: up, never down)"):
        assert row in text
    assert "sticky, down when cheaper" in text and "input from cache" in text
    data = run_json("--turns", "8")
    sticky = data["conversations"]
    assert sticky["turns"] == 8
    assert sticky["saving"] == pytest.approx(
        1 - sticky["sticky"]["usd_per_conversation"] / sticky["afresh"]["usd_per_conversation"]
    )
    assert run_json()["conversations"] is None
    bad = run("--turns", "0")
    assert bad.returncode == 2 and "--turns" in bad.stderr


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
