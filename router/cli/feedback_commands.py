"""``tierroute feedback import``: a helpdesk export's outcomes into the decision log."""

from __future__ import annotations

import asyncio
import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from router.cli.app import main, policy_option, reports_errors
from router.errors import ConfigError, StoreUnavailable
from router.learning.feedback import Feedback

_FIELDS = ("request_id", "ticket_id", "kind", "value")


@main.group("feedback")
def feedback_group() -> None:
    """Feedback on answers (resolved, reopened, handed to a human, CSAT, thumbs, score)."""


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        left, sep, right = value.partition("=")
        if not sep or not left or not right:
            raise click.BadParameter(f"{value!r}: write FROM=TO", param_hint=option)
        pairs[left] = right
    return pairs


def _rows(path: Path, kind: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    if kind == "csv":
        reader = csv.DictReader(text.splitlines())
        return [(number + 2, dict(row)) for number, row in enumerate(reader)]
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                rows.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                rows.append((number, {"__error__": f"not JSON: {exc.msg}"}))
    return rows


def _value(raw: object) -> object:
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        for cast in (int, float):
            try:
                return cast(text)
            except ValueError:
                pass
        return text
    return raw


def _feedback_of(
    row: dict[str, Any], column_of: dict[str, str], kind_of: dict[str, str]
) -> Feedback | str:
    """The row as feedback, or what is wrong with it."""
    if "__error__" in row:
        return str(row["__error__"])
    fields: dict[str, object] = {}
    for column, raw in row.items():
        field = column_of.get(column, column)
        if field in _FIELDS and raw not in (None, ""):
            fields[field] = _value(raw)
    if "kind" in fields:
        fields["kind"] = kind_of.get(str(fields["kind"]), fields["kind"])
    try:
        return Feedback.model_validate(fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "row"
        return f"{where}: {error['msg']}"


@feedback_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@policy_option
@click.option("--format", "kind", type=click.Choice(["csv", "jsonl"]), default=None,
              help="Default: by the file's suffix.")  # fmt: skip
@click.option("--map", "columns", multiple=True, metavar="COLUMN=FIELD",
              help="A column of the file for a field: request_id, ticket_id, kind or value, "
              "e.g. --map ticket=ticket_id --map status=kind --map rating=value.")  # fmt: skip
@click.option("--kind-map", "kinds", multiple=True, metavar="VALUE=KIND",
              help="A value of the kind column for a kind (resolved, reopened, "
              "handed_to_human, csat, thumbs, score), e.g. --kind-map solved=resolved.",
              )  # fmt: skip
@reports_errors
def import_feedback(
    file: Path,
    policy_path: Path,
    kind: str | None,
    columns: tuple[str, ...],
    kinds: tuple[str, ...],
) -> None:
    """Import FILE (CSV or JSONL): every row lands in the decision log or is reported with
    its line; the exit code is 1 when any row was refused."""
    from router.learning.feedback import record_feedback
    from router.policy.loading import load_policy
    from router.stores.decision_log import decision_log_for
    from router.stores.redis import RedisConnection, RedisSettings

    column_of = _pairs(columns, "--map")
    bad = sorted(set(column_of.values()) - set(_FIELDS))
    if bad:
        raise click.BadParameter(f"unknown field {bad[0]!r}: map onto {', '.join(_FIELDS)}")
    kind_of = _pairs(kinds, "--kind-map")
    rows = _rows(file, kind or ("csv" if file.suffix.lower() == ".csv" else "jsonl"))
    policy = load_policy(policy_path)
    settings = RedisSettings()
    refused: Counter[str] = Counter()
    stopped_at: list[int] = []

    async def run() -> int:
        redis = RedisConnection(settings) if settings.enabled else None
        log = decision_log_for(redis, policy)
        landed = 0
        try:
            for number, row in rows:
                parsed = _feedback_of(row, column_of, kind_of)
                problem = parsed if isinstance(parsed, str) else None
                if problem is None:
                    assert not isinstance(parsed, str)
                    try:
                        kept = await record_feedback(log, policy.learning.feedback, parsed)
                    except StoreUnavailable as exc:
                        click.echo(f"{file}:{number}: {exc}", err=True)
                        stopped_at.append(number)
                        break
                    problem = kept if isinstance(kept, str) else None
                if problem is not None:
                    reason = "unknown id" if problem.startswith("no answer") else "bad row"
                    refused[reason] += 1
                    click.echo(f"{file}:{number}: {problem}", err=True)
                    continue
                landed += 1
        finally:
            await log.aclose()
            if redis is not None:
                await redis.aclose()
        return landed

    landed = asyncio.run(run())
    why = ", ".join(f"{n} {reason}" for reason, n in sorted(refused.items())) or "none"
    click.echo(f"{len(rows)} rows read, {landed} landed, refused: {why}")
    if stopped_at:
        click.echo(
            f"stopped at line {stopped_at[0]}: the rows from there on were not imported; "
            "import those again once the decision log's Redis answers",
            err=True,
        )
        raise SystemExit(3)
    if refused:
        raise SystemExit(1)
