"""``tierroute replay --learn``: the rows streamed as live traffic, learning as it goes."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
import yaml
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from classifiers.datasets import OutcomeRow
from router.learning.fitting.escalation_fit import describe_escalation
from router.offline.replay import ReplayRecord, ReplaySummary, replay_setup
from router.offline.replay_learn import (
    LearningRun,
    LearningSummary,
    learning_defaults,
    replay_learning,
    summarize_learning,
)
from router.policy.loading import load_policy
from router.policy.model import Policy

__all__ = ["replay_and_learn", "write_decisions"]


def write_decisions(out: Path | None, records: Iterable[ReplayRecord]) -> None:
    """One JSON line per row: ``id``, ``final_tier``, ``called`` (shadow calls included)."""
    if out is None:
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as sink:
        for record in records:
            line = {"id": record.id, "final_tier": record.final_tier, "called": record.called}
            sink.write(json.dumps(line) + "\n")


def replay_and_learn(
    rows: list[OutcomeRow],
    policy_path: Path,
    classifier: Path | None,
    out: Path | None,
    learned_policy: Path | None,
    seed: int,
    as_json: bool,
) -> None:
    """Run the learning replay, write what was asked for, print the summary."""
    policy, backends, mapping, top = replay_setup(policy_path, rows, classifier)
    policy = learning_defaults(policy, rows)
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("replay --learn"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[note]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=as_json or not console.is_terminal,
    )

    async def run() -> LearningRun:
        try:
            with progress:
                task = progress.add_task("rows", total=len(rows), note="")
                return await replay_learning(
                    policy,
                    rows,
                    mapping,
                    backends,
                    seed=seed,
                    on_record=lambda _: progress.advance(task),
                    on_recalibration=lambda line: progress.update(task, note=line[:60]),
                )
        finally:
            await backends.aclose()

    learning = asyncio.run(run())
    write_decisions(out, learning.records)
    if learned_policy is not None and learning.policy is not None:
        _write_learned(policy_path, learning.policy, learned_policy)
    summary = summarize_learning(learning, rows, top, policy.tier("reasoning").price)
    if as_json:
        click.echo(summary.model_dump_json(indent=2))
        return
    for line in _report(summary, top, out, learned_policy):
        click.echo(line)


def _write_learned(policy_path: Path, learned: Policy, out: Path) -> None:
    """The policy file as given, with the learning settings and the learned routing."""
    data = load_policy(policy_path).model_dump(mode="json", exclude_none=True)
    data["learning"] = learned.learning.model_dump(mode="json", exclude_none=True)
    data["routing"]["learned"] = (
        learned.routing.learned.model_dump(mode="json", exclude_none=True)
        if learned.routing.learned is not None
        else None
    )
    _rebase_paths(data, policy_path.resolve().parent, out.resolve().parent)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _rebase_paths(data: dict[str, Any], source: Path, target: Path) -> None:
    """The policy's relative file paths, from ``target`` instead of ``source``."""
    places = [
        (data.get("replay"), "data"),
        (data.get("routing"), "classifier"),
        (data.get("escalation"), "answer_model"),
        (data.get("learning", {}).get("log"), "path"),
        (data.get("learning", {}).get("recalibrate"), "review_path"),
    ]
    for section, key in places:
        value = section.get(key) if isinstance(section, dict) else None
        if not isinstance(value, str) or value.startswith("builtin:") or Path(value).is_absolute():
            continue
        assert isinstance(section, dict)
        section[key] = os.path.relpath(source / value, target)


def _shares(name: str, s: ReplaySummary, top: str) -> str:
    mix = ", ".join(f"{tier} {share:.1%}" for tier, share in s.tier_mix.items())
    return (
        f"{name}: {s.rows} rows, quality {s.quality_share:.1%} of always-{top}, "
        f"cost {s.cost_share:.1%} of always-{top} (shadow calls and escalations paid); "
        f"final tiers {mix}"
    )


def _report(
    summary: LearningSummary, top: str, out: Path | None, learned_policy: Path | None
) -> list[str]:
    lines = [
        _shares("whole stream", summary.whole, top),
        _shares("last half", summary.last_half, top),
        f"judged {summary.shadowed} rows in the shadow ({summary.shadow_cost_share:.1%} of "
        f"always-{top}'s cost); recalibrated {summary.recalibrations} times",
    ]
    if summary.estimated_quality_share is not None:
        lines.append(
            f"the learned routing promises {summary.estimated_quality_share:.1%} of "
            f"always-{top}'s quality, at least {summary.estimated_lower_bound or 0:.1%} with "
            f"{summary.confidence:.0%} confidence"
        )
    if summary.delivered_quality_share is not None:
        se = summary.delivered_standard_error or 0.0
        lines.append(
            f"delivered to callers on the judged rows: {summary.delivered_quality_share:.1%} "
            f"(+/- {se:.1%})"
        )
    if summary.segment_by:
        cuts = summary.difficulty_bands
        bands = (
            f" (the classifier's score cut at {', '.join(f'{c:g}' for c in cuts)})" if cuts else ""
        )
        lines.append(f"learned apart by {', '.join(summary.segment_by)}{bands}")
    learned = [
        describe_escalation(tier, signal, e)
        for tier, signals in summary.escalation.items()
        for signal, e in signals.items()
    ]
    if learned:
        lines.append("escalation learned: " + "; ".join(learned))
    if out is not None:
        lines.append(f"decisions in {out}")
    if learned_policy is not None:
        lines.append(f"learned policy in {learned_policy}")
    return lines
