"""Every assumption behind a simulation, in words, with the option that changes it."""

from __future__ import annotations

from router.policy.model import TIER_NAMES
from router.simulate.cost_model import CostTable
from router.simulate.formatting import count, pct, steps, usd
from router.simulate.settings import SimulationSettings

__all__ = ["assumptions"]


def _money(costs: CostTable, policy_label: str) -> str:
    if costs.prices is not None:
        prices = "; ".join(
            f"{t} ${p.input_per_mtok:g} in / ${p.output_per_mtok:g} out"
            for t, p in costs.prices.items()
        )
        return (
            f"Money per ticket = policy {policy_label} prices per 1M tokens times the "
            f"tier's tokens ({prices}); relative costs follow these prices, compute is shown "
            "alongside."
        )
    return (
        f"Money from compute at ${costs.usd_per_pflop:g} per PFLOP (--usd-per-pflop; the "
        "default $0.005 is one H100 at $2.50/h sustaining ~140 TFLOP/s, ~14% of its dense BF16 "
        "peak, as batched decoding does); the policy's "
        "prices are not used (--basis compute, or not every tier has a non-zero `price`)."
    )


def _mix(settings: SimulationSettings) -> str:
    shares = ", ".join(f"{t} {pct(settings.mix.shares[t])}" for t in TIER_NAMES)
    if settings.mix.tickets is not None:
        return (
            f"Mix: {shares} — the router's own decisions on {settings.mix.tickets} tickets "
            f"({settings.mix.source}), taken as the tickets' true tiers."
        )
    return f"Mix (true tier of each ticket): {shares} ({settings.mix.source})."


def _confusion(settings: SimulationSettings) -> str:
    if settings.confusion.source.startswith("symmetric"):
        p = settings.confusion.matrix[0][0]
        return (
            f"Router confusion: accuracy {p:g} on every tier, each error split evenly between "
            "the two other tiers (--accuracy, or --confusion FILE for a measured matrix)."
        )
    return (
        f"Router confusion from {settings.confusion.source} (rows = true tier, columns = "
        "routed tier, each row normalized to sum to 1)."
    )


def assumptions(settings: SimulationSettings, costs: CostTable, policy_label: str) -> list[str]:
    """The assumptions, one sentence each, in the order the report uses them."""
    base, errors = settings.base, settings.errors
    ratios = "; ".join(
        f"{t} {r.size:g}, {r.tokens:g}, {r.context:g}" for t, r in settings.ratios.items()
    )
    miss = (
        f"An uncaught failure costs {usd(errors.miss_cost_usd)} (--miss-cost) on top of the "
        "tickets' model cost."
    )
    if errors.miss_cost_usd == 0:
        miss += " With 0 only model cost counts; quality loss is reported beside it."
    if errors.human_cost_usd is None:
        miss += " No human rung (--human-cost): a failure caught with no step left is lost."
    else:
        miss += (
            f" A failure caught with no escalation step left goes to a person at "
            f"{usd(errors.human_cost_usd)} per ticket (--human-cost) and is answered well."
        )
    return [
        "Forward-pass compute per token ≈ 2·N + 2·n_layers·d_model·context FLOPs (Kaplan et "
        "al. 2020); embeddings, batching, KV-cache reuse and memory-bandwidth limits are "
        "ignored, so compute is a proxy for cost, not for latency.",
        f"Reference model (size ratio 1): N = {count(base.params)} parameters, {base.layers:g} "
        f"layers, width {base.width:g}; a reference ticket has {base.input_tokens:g} input and "
        f"{base.output_tokens:g} output tokens (--base-params, --base-layers, --base-width, "
        "--base-input-tokens, --base-output-tokens).",
        "A tier with size ratio s has s·N parameters, its layers and width each scaled by "
        "s^(1/3), so layers x width scales by s^(2/3).",
        "A tier's input tokens = reference times its context ratio, its output tokens = reference "
        "times its token ratio: token use belongs to the tier (prompting, budgets, reasoning), "
        "so every ticket a tier answers costs that tier's per-ticket cost.",
        "Prefill tokens attend on average to half the input, decode tokens to the input plus "
        "half the output, so FLOPs per ticket = 2·N·T + n_layers·d_model·T², "
        "T = input + output tokens.",
        f"Ratios (size, output tokens, context) per tier: {ratios} (--size-ratio, "
        "--token-ratio, --context-ratio).",
        _money(costs, policy_label),
        f"Rate: {settings.rate_per_hour:,.6g} tickets per hour (--rate).",
        _mix(settings),
        "All-to-top baseline: every ticket goes to the reasoning tier and is answered well.",
        _confusion(settings),
        "A ticket routed to its true tier or higher is answered well (over-routing costs only "
        "money); routed lower, its answer fails with probability "
        f"{errors.under_fail:g} (--under-fail).",
        f"Escalation: a failed answer is caught with probability {errors.escalation_recall:g} "
        "(--escalation-recall) and asked again one tier up, at most "
        f"{steps(errors.escalation_steps)} (--escalation-steps; default the policy's "
        "escalation.max_steps); every call is paid, and good answers never escalate. "
        "'No escalation' figures use recall 0.",
        miss,
        "Break-even accuracy: the accuracy p of a symmetric confusion at which the expected "
        "cost per ticket (plus miss cost) equals all-to-top; that cost is linear in p, so p "
        "is solved exactly.",
        *_conversations(settings),
    ]


def _conversations(settings: SimulationSettings) -> list[str]:
    if settings.turns <= 1:
        return []
    base = settings.base
    return [
        f"Conversations of {settings.turns} turns (--turns): each turn's own tier (where "
        "the router would send it alone) is the turn before's with probability "
        f"{settings.turn_correlation:g} (--turn-correlation), else drawn from the mix; a "
        "turn adds the reference ticket's input tokens and "
        f"resends the history, {base.input_tokens + base.output_tokens:g} tokens per earlier "
        "turn (its question and a reference-sized answer). The history is read from the "
        "provider's prompt cache only on the tier that answered the turn before; cached "
        "input costs the policy's `cached_input_per_mtok` where given, else "
        f"{'0.1' if settings.cached_input_share is None else f'{settings.cached_input_share:g}'}"
        " of the input price (--cached-input-share). Sticky: a conversation stays on the "
        "highest tier it has been on (tierroute's sessions); afresh: every turn on its own "
        "tier.",
    ]
