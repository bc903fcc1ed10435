"""``tierroute calibrate --prior``: what learning from traffic starts from, fitted on
outcome data (per segment, each cheaper tier's loss against the top tier) and written
into the policy as ``learning.prior``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from router.errors import ConfigError

if TYPE_CHECKING:
    from router.policy.model import Policy

__all__ = ["calibrate_prior"]


def calibrate_prior(data: Path, policy_path: Path, out: Path | None, as_json: bool) -> None:
    """Fit the prior on ``data``, print it per segment, write the policy if asked."""
    from classifiers.datasets import DataFormatError, read_jsonl, read_outcomes
    from router.learning.fitting.prior import fit_prior
    from router.learning.from_rows import learner_from_rows
    from router.policy.loading import load_policy, policy_data_at

    policy = load_policy(policy_path)
    try:
        read_outcomes(data)  # every row checked, file:line: field on the first bad one
        raw = list(read_jsonl(data))
    except DataFormatError as exc:
        raise ConfigError(str(exc)) from exc
    segment_by = list(policy.learning.segment_by)
    if not segment_by and any(row.get("category") for _, row in raw):
        segment_by = ["category"]
    scores, bands = _difficulty(policy, raw, segment_by)
    rows = [
        {**row, "segment": _segment(data, number, row, segment_by, score, bands)}
        for (number, row), score in zip(raw, scores, strict=True)
    ]
    try:
        learner = learner_from_rows(rows)
        prior = fit_prior(
            learner.outcomes, learner.calls, policy, source=f"{data.name}, {len(rows)} rows"
        )
    except ValueError as exc:
        raise ConfigError(f"{data}: {exc}") from exc
    if out is not None:
        written = policy_data_at(policy, out)
        written["learning"]["segment_by"] = segment_by
        if bands:
            written["learning"]["difficulty_bands"] = bands
        written["learning"]["prior"] = prior.model_dump(mode="json", exclude_none=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(written, sort_keys=False), encoding="utf-8")
    if as_json:
        click.echo(prior.model_dump_json(indent=2))
        return
    by = ", ".join(segment_by) or "nothing (one segment)"
    if bands:
        by += f" (the classifier's score cut at {', '.join(f'{c:g}' for c in bands)})"
    click.echo(f"prior on {len(rows)} rows of {data}, segmented by {by}:")
    for segment in prior.segments:
        name = ", ".join(segment.when.values()) or "all traffic"
        losses = ", ".join(f"{t} {loss:+.3f}" for t, loss in segment.loss.items())
        click.echo(
            f"  {name}: {segment.outcomes} rows; loss against the top tier: {losses} "
            f"(the top tier scores {segment.top_score:.3f})"
        )
    if out is not None:
        click.echo(f"wrote {out}")


def _difficulty(
    policy: Policy, raw: list[tuple[int, dict[str, object]]], keys: list[str]
) -> tuple[list[float | None], list[float] | None]:
    """Where the policy segments by difficulty: each row's score by the policy's classifier
    (as the decision scores its prompt), and the bands' cuts: the policy's, else quantiles
    of the rows' scores."""
    from router.policy.model import DIFFICULTY

    if DIFFICULTY not in keys:
        return [None] * len(raw), None
    from router.learning.bands import band_cuts, prompt_difficulty
    from router.policy.loading import load_policy_scorer

    scorer = load_policy_scorer(policy)
    scores: list[float | None] = [
        prompt_difficulty(scorer, str(row.get("prompt", ""))) for _, row in raw
    ]
    settings = policy.learning
    bands = settings.difficulty_bands or band_cuts(
        [s for s in scores if s is not None], settings.difficulty_band_count
    )
    return scores, bands


def _segment(
    data: Path,
    number: int,
    row: dict[str, object],
    keys: list[str],
    score: float | None = None,
    bands: list[float] | None = None,
) -> dict[str, str]:
    """The row's segment: each key from its ``segment`` object or a field of that name,
    normalized as a request's metadata is (so live traffic of it finds the prior); the
    difficulty band by its ``score``."""
    from router.engine.learned import segment_of
    from router.policy.model import DIFFICULTY

    given = row.get("segment")
    fields = given if isinstance(given, dict) else {}
    segment: dict[str, object] = {}
    for key in keys:
        if key == DIFFICULTY:
            continue
        value = fields.get(key, row.get(key))
        if value is None or isinstance(value, dict | list):
            raise ConfigError(
                f"{data}:{number}: no {key!r} to segment by (learning.segment_by): give it "
                f'as a field or in "segment"'
            )
        segment[key] = value
    return segment_of(segment, keys, score, bands)
