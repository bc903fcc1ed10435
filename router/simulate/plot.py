"""Cost per ticket against router accuracy, as a PNG (matplotlib, imported lazily)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from router.errors import ConfigError
from router.policy.model import TIER_NAMES
from router.simulate.formatting import pct, steps, usd
from router.simulate.routing_errors import cost_curve
from router.simulate.scenario import RoutingCase, SimulationReport

__all__ = ["write_plot"]

_POINTS = 201
_LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5}


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError as exc:
        raise ConfigError(
            "--plot needs matplotlib, which is not installed: run "
            "`pip install 'tierroute[serve]'` (or `pip install matplotlib`)"
        ) from exc
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _curve(
    ax: Any, report: SimulationReport, case: RoutingCase, label: str, style: tuple[str, int]
) -> float:
    """Draw one tiered curve and its break-even point; return the curve's highest value."""
    color, label_offset = style
    costs, mix = report.costs.usd_vector(), report.settings.mix.vector()
    xs = [i / (_POINTS - 1) for i in range(_POINTS)]
    ys = [y / costs[-1] for y in cost_curve(costs, mix, case.errors, xs)]
    be = case.break_even
    if be.accuracy is not None:
        label += f" — break-even at accuracy {be.accuracy:.3f}"
    ax.plot(xs, ys, color=color, linewidth=2.2, label=label)
    if be.accuracy is not None:
        ax.axvline(be.accuracy, color=color, linestyle=":", linewidth=1.2)
        ax.plot([be.accuracy], [1.0], "o", color=color, markersize=8, zorder=5)
        ax.annotate(
            f"break-even {be.accuracy:.3f}",
            xy=(be.accuracy, 1.0),
            xytext=(-8, label_offset),
            textcoords="offset points",
            ha="right",
            va="center",
            color=color,
            fontsize=9,
            fontweight="bold",
            bbox=_LABEL_BOX,
            zorder=7,
            arrowprops={"arrowstyle": "-", "color": color, "linewidth": 0.8},
        )
    return max(ys)


def _subtitle(report: SimulationReport) -> str:
    mix = "/".join(pct(report.settings.mix.shares[t], 0) for t in TIER_NAMES)
    errors = report.routing.with_escalation.errors
    miss = (
        f"miss cost {usd(errors.miss_cost_usd)} per uncaught failure"
        if errors.miss_cost_usd
        else "model cost only (no miss cost)"
    )
    return (
        f"mix {mix} (small/mid/reasoning), under-routed answers fail with "
        f"p={errors.under_fail:g}, {miss}"
    )


def write_plot(report: SimulationReport, out: Path) -> None:
    """Write the cost-versus-accuracy chart of ``report`` to ``out`` (PNG)."""
    plt = _pyplot()
    r = report.routing
    esc = r.with_escalation.errors
    fig, ax = plt.subplots(figsize=(9, 5.6), dpi=110)
    try:
        ax.axhline(1.0, color="black", linewidth=1.6, label="all to reasoning (= 1)")
        highest = _curve(ax, report, r.without_escalation, "tiered, no escalation", ("tab:red", 22))
        esc_label = (
            f"tiered, escalation (recall {esc.escalation_recall:g}, {steps(esc.escalation_steps)})"
        )
        highest = max(highest, _curve(ax, report, r.with_escalation, esc_label, ("tab:blue", -22)))
        points = [c.relative_to_top for c in (r.without_escalation, r.with_escalation)]
        ax.plot(
            [r.accuracy] * 2,
            points,
            marker="*",
            color="tab:green",
            markersize=13,
            linestyle="none",
            zorder=6,
            label=f"this router, accuracy {r.accuracy:.3f}: {pct(points[0])} (no escalation)"
            f" / {pct(points[1])} (escalation) of all-to-reasoning",
        )
        random = 1 / len(TIER_NAMES)
        ax.axvline(random, color="grey", linestyle="--", linewidth=0.8)
        ax.text(
            random,
            0.98,
            " random router",
            color="grey",
            fontsize=8,
            va="top",
            transform=ax.get_xaxis_transform(),
            bbox=_LABEL_BOX,
            zorder=7,
        )
        if all(
            c.break_even.verdict == "cheaper_at_any_accuracy"
            for c in (r.without_escalation, r.with_escalation)
        ):
            ax.annotate(
                "no break-even: tiered is cheaper at every accuracy",
                xy=(0.66, 1.0),
                xytext=(0, -6),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=9,
            )
        top = max(*points, 1.0)
        ax.set_ylim(0, max(2.0, 1.15 * top) if highest > 2.0 else 1.12 * max(highest, top))
        ax.set_xlim(0, 1)
        ax.set_xlabel("router accuracy p (share routed to the true tier; errors split evenly)")
        misses = " (incl. misses)" if esc.miss_cost_usd else ""
        ax.set_ylabel(f"expected cost per ticket{misses} / all-to-reasoning")
        fig.suptitle("Tiered routing: cost per ticket vs router accuracy", fontweight="bold")
        ax.set_title(_subtitle(report), fontsize=9)
        ax.grid(alpha=0.3)
        ax.legend(loc="best", fontsize=8.5, framealpha=0.95)
        fig.tight_layout()
        try:
            fig.savefig(out, format="png")
        except OSError as exc:
            raise ConfigError(f"--plot: cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        plt.close(fig)
