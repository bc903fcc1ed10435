"""The simulation as a readable text report or a Markdown document."""

from __future__ import annotations

from router.policy.model import TIER_NAMES
from router.simulate.formatting import count, flops, pct, ratio, steps, table, usd
from router.simulate.routing_errors import BreakEven
from router.simulate.scenario import RoutingCase, SimulationReport

__all__ = ["render_markdown", "render_text"]


def _heading(text: str, markdown: bool) -> str:
    return f"## {text}" if markdown else f"{text}\n{'-' * len(text)}"


def _tiers(report: SimulationReport, markdown: bool) -> str:
    headers = ["tier", "size", "output", "context", "params", "layers x width"]
    headers += ["tokens in/out", "FLOPs/ticket", "attention", "compute", "USD/ticket", "cost"]
    rows = []
    for name in TIER_NAMES:
        cost = report.costs.tiers[name]
        c = cost.compute
        rows.append(
            [
                name,
                f"{c.ratios.size:g}x",
                f"{c.ratios.tokens:g}x",
                f"{c.ratios.context:g}x",
                count(c.params),
                f"{c.layers:.1f} x {c.width:,.0f}",
                f"{c.input_tokens:,.0f}/{c.output_tokens:,.0f}",
                flops(c.flops),
                pct(c.attention_share, 2),
                ratio(cost.relative_compute),
                usd(cost.usd_per_ticket),
                ratio(cost.relative_cost),
            ]
        )
    basis = (
        "the policy's prices"
        if report.costs.basis == "price"
        else f"compute at ${report.costs.usd_per_pflop:g}/PFLOP"
    )
    note = (
        f"Relative to the small tier ('compute' in FLOPs, 'cost' in money from {basis}); "
        "'attention' is the share of FLOPs spent attending over the context."
    )
    heading = _heading("Cost per ticket, by tier", markdown)
    return f"{heading}\n\n{table(headers, rows, markdown=markdown)}\n\n{note}"


def _scenario(report: SimulationReport, markdown: bool) -> str:
    s, settings = report.scenario, report.settings
    mix = " / ".join(f"{t} {pct(settings.mix.shares[t])}" for t in TIER_NAMES)
    headers = ["serving", "USD/ticket", "vs small", "USD/hour", "PFLOP/hour", "sustained"]
    rows = [
        [
            label,
            usd(t.usd_per_ticket),
            ratio(t.relative_cost),
            usd(t.usd_per_hour),
            f"{t.pflop_per_hour:,.4g}",
            f"{t.sustained_tflops:,.4g} TFLOP/s",
        ]
        for label, t in (("tiered (perfect router)", s.tiered), ("all to reasoning", s.all_top))
    ]
    summary = (
        f"Tiered costs {pct(s.tiered_over_top)} of all-to-reasoning "
        f"({1 / s.tiered_over_top:.3g}x cheaper): {usd(s.usd_saved_per_hour)} saved per hour, "
        f"{s.all_top.pflop_per_hour - s.tiered.pflop_per_hour:,.4g} PFLOP per hour less."
    )
    title = f"Mix {mix} at {settings.rate_per_hour:,.6g} tickets/hour"
    return f"{_heading(title, markdown)}\n\n{table(headers, rows, markdown=markdown)}\n\n{summary}"


def _break_even(be: BreakEven) -> str:
    if be.verdict == "crosses" and be.accuracy is not None:
        return f"{be.accuracy:.4f}"
    if be.verdict == "cheaper_only_below" and be.accuracy is not None:
        return f"cheaper only below accuracy {be.accuracy:.4f} (the top tier is not the dearest)"
    if be.verdict == "cheaper_at_any_accuracy":
        return "none: cheaper at any accuracy"
    return "none: never cheaper"


def _miss_limit(case: RoutingCase) -> str:
    if case.max_miss_cost_usd is None:
        return "any (no failures)"
    return usd(case.max_miss_cost_usd)


def _routing_rows(cases: tuple[RoutingCase, RoutingCase]) -> list[list[str]]:
    def row(label: str, values: list[str]) -> list[str]:
        return [label, *values]

    o = [c.outcome for c in cases]
    return [
        row("expected USD/ticket", [usd(x.total_usd) for x in o]),
        row("  vs small tier", [ratio(c.relative_cost) for c in cases]),
        row("  vs all-to-reasoning", [pct(c.relative_to_top) for c in cases]),
        row("  USD/hour", [usd(c.usd_per_hour) for c in cases]),
        row("answered well", [pct(x.quality, 2) for x in o]),
        row("mistakes vs perfect router", [usd(x.total_usd - x.perfect_usd) for x in o]),
        row("  over-routing (cost)", [usd(x.over_routing_usd) for x in o]),
        row("  under-routing (cheaper 1st call)", [usd(x.under_routing_saving_usd) for x in o]),
        row("  escalation (paying again)", [usd(x.escalation_usd) for x in o]),
        row("  uncaught failures x miss cost", [usd(x.miss_cost_usd) for x in o]),
        row("first answer failed", [pct(x.failed_first, 2) for x in o]),
        row("recovered by escalation", [pct(x.recovered, 2) for x in o]),
        row("handed to a person", [pct(x.handoff, 2) for x in o]),
        row("  people (USD/ticket)", [usd(x.human_usd) for x in o]),
        row("answered badly (quality loss)", [pct(x.quality_loss, 2) for x in o]),
        row("break-even accuracy", [_break_even(c.break_even) for c in cases]),
        row("max miss cost to stay ahead", [_miss_limit(c) for c in cases]),
    ]


def _miss_costs(report: SimulationReport, markdown: bool) -> str:
    rows = [
        [
            usd(m.miss_cost_usd),
            f"{m.times_top_cost:g}x",
            _break_even(m.without_escalation),
            _break_even(m.with_escalation),
        ]
        for m in report.routing.break_even_by_miss_cost
    ]
    headers = ["miss cost", "x all-to-top ticket", "no escalation", "escalation"]
    return (
        "Break-even router accuracy (symmetric errors) if each badly answered ticket cost:\n\n"
        + table(headers, rows, markdown=markdown)
    )


def _routing(report: SimulationReport, markdown: bool) -> str:
    r = report.routing
    esc = r.with_escalation.errors
    headers = ["router with mistakes", "no escalation"]
    headers.append(f"escalation (recall {esc.escalation_recall:g}, {steps(esc.escalation_steps)})")
    cases = (r.without_escalation, r.with_escalation)
    confusion = table(
        ["true \\ routed", *TIER_NAMES],
        [
            [t, *(f"{x:.3f}" for x in row)]
            for t, row in zip(TIER_NAMES, r.confusion.matrix, strict=True)
        ],
        markdown=markdown,
    )
    lost = r.without_escalation.outcome.quality_loss
    gained = r.with_escalation.outcome.recovered
    extra = r.with_escalation.outcome.total_usd - r.without_escalation.outcome.total_usd
    recovered = (
        f"Escalation recovers {pct(gained / lost if lost else 0.0)} of the under-routing "
        f"failures ({pct(gained, 2)} of tickets) for {usd(extra)} more per ticket "
        f"({pct(extra / r.without_escalation.outcome.total_usd)})."
    )
    title = (
        f"Router mistakes (confusion: {r.confusion.source}; accuracy on this mix {pct(r.accuracy)})"
    )
    return "\n\n".join(
        [
            _heading(title, markdown),
            confusion,
            table(headers, _routing_rows(cases), markdown=markdown),
            recovered,
            _miss_costs(report, markdown),
        ]
    )


def _conversations(report: SimulationReport, markdown: bool) -> str | None:
    c = report.conversations
    if c is None:
        return None
    headers = ["conversation routing", "USD/conversation", "USD/turn", "vs all-to-reasoning"]
    headers += ["input from cache", *(f"turns on {t}" for t in TIER_NAMES)]
    rows = [
        [
            label,
            usd(case.usd_per_conversation),
            usd(case.usd_per_turn),
            pct(case.relative_to_top),
            pct(case.cached_input_share),
            *(pct(case.tier_shares[t]) for t in TIER_NAMES),
        ]
        for label, case in (
            ("each turn routed afresh", c.afresh),
            ("sticky (sessions: up, never down)", c.sticky),
            ("sticky, down when cheaper", c.down_when_cheaper),
            ("all to reasoning", c.all_top),
        )
    ]

    def verdict(saving: float) -> str:
        return f"{'saves' if saving >= 0 else 'costs'} {pct(abs(saving))}"

    summary = (
        f"Against routing every turn afresh, keeping each conversation on its tier "
        f"{verdict(c.saving)} (`sessions.move_down: never`, the default), and moving it down "
        f"only when that is cheaper {verdict(c.saving_down_when_cheaper)} "
        "(`move_down: when_cheaper`): the history read from the prompt cache, against "
        "answers kept on a dearer tier than the turn needs. Stickiness pays when the tiers' "
        "prices are close and conversations long; far apart, a conversation kept on the top "
        "tier pays more for its answers than the cache saves."
    )
    title = f"Conversations of {c.turns} turns: the prompt cache kept or thrown away"
    return f"{_heading(title, markdown)}\n\n{table(headers, rows, markdown=markdown)}\n\n{summary}"


def _assumptions(report: SimulationReport, markdown: bool) -> str:
    items = "\n".join(f"{i}. {a}" for i, a in enumerate(report.assumptions, start=1))
    return f"{_heading('Assumptions', markdown)}\n\n{items}"


def _render(report: SimulationReport, markdown: bool) -> str:
    title = f"tierroute simulate — policy {report.policy}"
    head = f"# {title}" if markdown else f"{title}\n{'=' * len(title)}"
    parts = [
        head,
        _tiers(report, markdown),
        _scenario(report, markdown),
        _routing(report, markdown),
        _conversations(report, markdown),
        _assumptions(report, markdown),
    ]
    return "\n\n".join(p for p in parts if p is not None) + "\n"


def render_text(report: SimulationReport) -> str:
    """The report as aligned plain text."""
    return _render(report, markdown=False)


def render_markdown(report: SimulationReport) -> str:
    """The report as a Markdown document."""
    return _render(report, markdown=True)
