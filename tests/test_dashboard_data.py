"""What the dashboard computes, without a browser: policy text edits that keep the file
as written, the preview of a proposed policy on logged decisions, the quality/cost curve
from logged outcomes, the overview's aggregates and the economics inputs."""

from __future__ import annotations

import time

import pytest
import yaml

from router.dashboard.cost_basis import CostBasis, cost_basis
from router.dashboard.economics import EconomicsIn, economics
from router.dashboard.overview import overview
from router.dashboard.policy_text import PolicyEdits, edit_policy_text
from router.dashboard.preview import preview
from router.dashboard.quality_curve import quality_curve
from router.errors import RequestError
from router.policy.loading import parse_policy
from router.policy.model import Price
from router.stores.decision_log import DecisionRecord, OutcomeRecord
from router.usage.quantiles import quantile

_PRICED = "price: {input_per_mtok: %s, output_per_mtok: %s}"


def _policy_text(mid: float = 0.3, reasoning: float = 0.7, extra: str = "") -> str:
    tiers = "".join(
        f"  {tier}:\n    model: openai/m-{tier}\n    {_PRICED % (p, p)}\n"
        "    max_input_tokens: 4000\n    max_output_tokens: 64\n"
        for tier, p in (("small", 1), ("mid", 10), ("reasoning", 100))
    )
    return (
        f"name: p  # the policy\ntiers:\n{tiers}routing:\n  thresholds:\n"
        f"    mid: {mid}   # mid from here\n    reasoning: {reasoning}\n"
        "  rules:\n    - name: vip\n      when: {metadata: {plan: vip}}\n      action: floor\n"
        "      tier: mid\nescalation: {max_steps: 1, signals: [length]}\n" + extra
    )


def _record(n: int, score: float, decided: str, final: str, **fields: object) -> DecisionRecord:
    called: list[str] = fields.pop("called", [decided] if decided == final else [decided, final])  # type: ignore[assignment]
    values: dict[str, object] = {
        "request_id": f"r{n}",
        "policy_version": "v",
        "decided_tier": decided,
        "final_tier": final,
        "called": called,
        "score": score,
        "cost_usd": sum({"small": 0.001, "mid": 0.01, "reasoning": 0.1}[t] for t in called),
        "latency_s": 0.1 * (n + 1),
        "cache": "miss",
        "input_tokens": 1000,
        "output_tokens": 0,
        **fields,
    }
    return DecisionRecord.model_validate(values)


PRICES = CostBasis(
    "price",
    {
        t: Price(input_per_mtok=p, output_per_mtok=p)
        for t, p in (("small", 1.0), ("mid", 10.0), ("reasoning", 100.0))
    },
    {},
)


def test_an_edit_keeps_the_rest_of_the_file_as_written() -> None:
    source = _policy_text()
    edited = edit_policy_text(
        source, PolicyEdits(mid=0.45, max_steps=2, signals=["length", "refusal"])
    )
    assert not edited.rewritten
    assert "    mid: 0.45   # mid from here\n" in edited.source
    assert "name: p  # the policy" in edited.source
    assert "escalation: {max_steps: 2, signals: [length, refusal]}" in edited.source
    assert parse_policy(edited.source).routing.thresholds.mid == 0.45


def test_a_missing_key_is_added_to_its_mapping() -> None:
    block = _policy_text().replace(
        "escalation: {max_steps: 1, signals: [length]}", "escalation:\n  signals: [length]\n"
    )
    edited = edit_policy_text(block, PolicyEdits(max_steps=2))
    assert not edited.rewritten
    assert "escalation:\n  signals: [length]\n  max_steps: 2\n" in edited.source
    flow = _policy_text().replace("{max_steps: 1, signals: [length]}", "{max_steps: 1}")
    edited = edit_policy_text(flow, PolicyEdits(signals=["refusal"]))
    assert not edited.rewritten and "{max_steps: 1, signals: [refusal]}" in edited.source
    assert parse_policy(edited.source).escalation.signals == ["refusal"]
    assert "# mid from here" in edited.source


def test_a_block_list_is_written_out_anew_and_says_so() -> None:
    source = _policy_text().replace(
        "escalation: {max_steps: 1, signals: [length]}",
        "escalation:\n  signals:\n    - length\n",
    )
    edited = edit_policy_text(source, PolicyEdits(signals=["refusal"]))
    assert edited.rewritten
    assert parse_policy(edited.source).escalation.signals == ["refusal"]


def test_text_that_is_not_yaml_is_refused() -> None:
    with pytest.raises(yaml.YAMLError):
        edit_policy_text("tiers: [", PolicyEdits(mid=0.2))


def test_the_preview_re_decides_logged_requests_under_the_proposal() -> None:
    current = parse_policy(_policy_text())
    proposed = parse_policy(_policy_text(mid=0.5))
    records = [
        _record(0, 0.1, "small", "small"),
        _record(1, 0.4, "mid", "mid"),
        _record(2, 0.4, "mid", "mid"),
        # escalated from small on length, recorded
        _record(3, 0.2, "small", "mid", escalations=["length"], cost_usd=0.011),
        # a vip: the rule keeps it on mid whatever the thresholds
        _record(4, 0.4, "mid", "mid", rules=["vip"], classifier_tier="mid"),
        # a tool loop stays where it went
        _record(5, 0.4, "mid", "mid", placed_by=["tool_loop"]),
    ]
    result = preview(records, current, proposed, PRICES)
    assert result.requests == 6 and result.re_decided == 5
    assert result.current.decided == {"small": 2 / 6, "mid": 4 / 6, "reasoning": 0.0}
    # the two plain 0.4 requests move down to small; the vip and the tool loop do not
    assert result.proposed.decided == {"small": 4 / 6, "mid": 2 / 6, "reasoning": 0.0}
    assert result.changed == 2
    # on small they escalate as logged small requests did: one of two, on length
    assert result.proposed.final["mid"] == pytest.approx((2 + 2 * 0.5 + 1) / 6)
    assert result.proposed.cost_usd < result.current.cost_usd
    assert any("tool loop" in note for note in result.notes)


def test_switching_a_signal_off_stops_its_escalations() -> None:
    current = parse_policy(_policy_text())
    proposed = parse_policy(_policy_text().replace("signals: [length]", "signals: [refusal]"))
    records = [_record(0, 0.1, "small", "mid", escalations=["length"], cost_usd=0.011)]
    result = preview(records, current, proposed, PRICES)
    assert result.current.final["mid"] == 1.0 and result.current.cost_usd == 0.011
    assert result.proposed.final["small"] == 1.0
    assert result.proposed.cost_usd == pytest.approx(0.001)


def test_the_quality_curve_needs_outcomes_on_every_tier() -> None:
    policy = parse_policy(_policy_text())
    records: list[DecisionRecord | OutcomeRecord] = []
    for n, (score, small_ok) in enumerate([(0.1, 1.0), (0.2, 1.0), (0.5, 0.0), (0.9, 0.0)]):
        records.append(_record(n, score, "small", "small"))
        for tier, value in (("small", small_ok), ("mid", 1.0), ("reasoning", 1.0)):
            records.append(
                OutcomeRecord(request_id=f"r{n}", tier=tier, score=value, source="shadow")
            )
    assert quality_curve(records[:1], policy, policy, PRICES) is None
    curve = quality_curve(records, policy, parse_policy(_policy_text(0.0, 0.0)), PRICES)
    assert curve is not None and curve.rows == 4
    assert curve.proposed.quality_share == 1.0 and curve.proposed.cost_share == 1.0
    assert curve.current.quality_share == 1.0  # the easy two on small, the rest above
    assert curve.current.cost_share < 1.0
    costs = [p.cost_share for p in curve.front]
    assert costs == sorted(costs) and curve.front[-1].quality_share == 1.0


def test_the_overview_counts_the_window_and_prices_all_to_top() -> None:
    now = time.time()
    old = _record(9, 0.1, "small", "small", time=now - 7200)
    records = [
        _record(0, 0.1, "small", "small", cost_usd=0.001, time=now - 10),
        _record(1, 0.2, "small", "mid", escalations=["length"], cost_usd=0.011, time=now - 5),
        _record(2, 0.1, "small", "small", cache="hit", called=[], time=now - 1),
        old,
    ]
    shown = overview(records, PRICES, handoffs={"rule": 2}, log_enabled=True, now=now)
    assert shown.requests == 3 and shown.counts == {"small": 2, "mid": 1, "reasoning": 0}
    assert shown.spent_usd == pytest.approx(0.012)
    assert shown.all_top_usd == pytest.approx(0.2)  # two answered requests, 1000 tokens each
    assert shown.escalations == {"length": 1} and shown.escalated_requests == 1
    assert shown.cache_hit_rate == pytest.approx(1 / 3)
    assert sum(shown.per_tier["small"]) == 2 and shown.per_tier["small"][-1] == 2
    assert shown.latency["small"].count == 2 and shown.handoffs == {"rule": 2}
    assert quantile([3.0, 1.0, 2.0], 0.5) == 2.0 and quantile([], 0.5) is None


def test_unpriced_tiers_are_costed_by_compute() -> None:
    basis = cost_basis(
        parse_policy(
            _policy_text().replace("m-", "embedded/x-").replace(_PRICED % (1, 1), _PRICED % (0, 0))
        )
    )
    assert basis.kind == "compute"
    assert basis.usd("small", 0, 0) < basis.usd("mid", 0, 0) < basis.usd("reasoning", 0, 0)


def test_economics_takes_the_simulators_inputs() -> None:
    policy = parse_policy(_policy_text())
    result = economics(EconomicsIn(miss_cost_times_top=10), policy)
    assert [c.label for c in result.curves] == ["without escalation", "with escalation"]
    assert result.report.settings.errors.miss_cost_usd > 0
    assert all(c.break_even is not None for c in result.curves)
    with pytest.raises(RequestError, match="must sum to 1"):
        economics(EconomicsIn(mix="0.5,0.5,0.5"), policy)
