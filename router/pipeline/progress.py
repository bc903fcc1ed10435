"""A rich progress bar for batch runs: tickets done, tier mix, running cost."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from router.pipeline.batch import BatchReport
from router.pipeline.batch import Progress as OnProgress

__all__ = ["batch_progress"]


@contextmanager
def batch_progress(*, enabled: bool) -> Iterator[OnProgress | None]:
    """Yield a progress callback that draws on stderr (``None`` when disabled)."""
    if not enabled:
        yield None
        return
    bar = Progress(
        TextColumn("[bold]tickets"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[mix]}  ${task.fields[cost]:.6f}"),
        console=Console(stderr=True),
    )
    task = bar.add_task("batch", total=None, mix="", cost=0.0)

    def update(report: BatchReport, total: int) -> None:
        done = report.answered + report.failed + report.invalid
        mix = " ".join(f"{tier}:{n}" for tier, n in sorted(report.tier_mix.items()))
        if report.failed or report.invalid:
            mix += f" errors:{report.failed + report.invalid}"
        bar.update(task, total=total, completed=done, mix=mix, cost=report.cost_usd)

    with bar:
        yield update
