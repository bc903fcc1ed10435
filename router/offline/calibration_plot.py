"""Plot a calibration: the cost/quality front and the chosen setting."""

from __future__ import annotations

from pathlib import Path

from router.errors import ConfigError
from router.offline.calibration import CalibrationResult

__all__ = ["write_calibration_plot"]


def write_calibration_plot(result: CalibrationResult, path: Path, *, title: str) -> None:
    """Write ``result``'s curve to ``path`` (PNG)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ConfigError("--plot needs matplotlib: run `pip install matplotlib`") from exc
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.plot(
        [p.cost_share for p in result.curve],
        [p.quality_share for p in result.curve],
        marker=".",
        label="settings on the cost/quality front",
    )
    ax.axhline(result.target_quality, ls="--", color="grey", label="target quality")
    ax.plot(
        [result.chosen.cost_share],
        [result.chosen.quality_share],
        "r*",
        markersize=14,
        label="chosen",
    )
    ax.set_xlabel("cost, share of always-top")
    ax.set_ylabel("quality, share of always-top")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
