"""Plot an evaluation: PGR vs strong calls (two tiers) or quality vs cost (three)."""

from __future__ import annotations

from pathlib import Path

from router.errors import ConfigError
from router.offline.evaluation import EvalReport

__all__ = ["write_eval_plot"]


def write_eval_plot(report: EvalReport, path: Path) -> None:
    """Write ``report``'s curve to ``path`` (PNG)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ConfigError("--plot needs matplotlib: run `pip install matplotlib`") from exc
    fig, ax = plt.subplots(figsize=(8, 5))
    if report.two_tier is not None:
        xs, ys = zip(*report.two_tier.curve, strict=True)
        ax.plot(xs, ys, label=f"router (APGR {report.two_tier.apgr:.3f})")
        ax.plot([0, 1], [0, 1], "--", color="grey", label="random")
        ax.set_xlabel(f"share of calls to the strong tier ({report.tiers[-1]})")
        ax.set_ylabel("performance gap recovered (PGR)")
    elif report.curve is not None:
        ax.plot(
            [p.cost_share for p in report.curve],
            [p.quality_share for p in report.curve],
            marker=".",
            label="thresholds on the Pareto front",
        )
        if report.policy_point is not None:
            ax.plot(
                [report.policy_point.cost_share],
                [report.policy_point.quality_share],
                "r*",
                markersize=14,
                label="the policy's thresholds",
            )
        ax.set_xlabel(f"cost, share of always-{report.tiers[-1]}")
        ax.set_ylabel(f"quality, share of always-{report.tiers[-1]}")
    else:
        raise ConfigError("tier-labelled data has no curve to plot; drop --plot")
    ax.set_title(f"tierroute eval: {Path(report.data).name} ({report.rows} rows)")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
