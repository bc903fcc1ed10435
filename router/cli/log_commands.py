"""``tierroute log export``: the decision log as records, or as outcome rows."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import click

from router.cli.app import main, policy_option, reports_errors
from router.errors import ConfigError


@main.group("log")
def log_group() -> None:
    """The decision log (a Redis stream when REDIS_URL is set, else the local file)."""


def _since(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            "give unix seconds or an ISO time, e.g. 2026-12-01T00:00:00", param_hint="--since"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


@log_group.command("export")
@policy_option
@click.option("--since", default=None, help="Only records from then on (unix seconds or ISO).")
@click.option(
    "--format",
    "kind",
    type=click.Choice(["records", "outcomes"]),
    default="records",
    show_default=True,
    help="records: every record as kept; outcomes: one row per request whose outcome is "
    "known, in the outcome format replay, calibrate, eval and train read (with the prompt "
    "and each judged tier's answer as `responses` where learning.log.include_text kept "
    "them).",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Default: stdout."
)
@reports_errors
def export(policy_path: Path, since: str | None, kind: str, out: Path | None) -> None:
    """Write the decision log's records, or its outcome rows, as JSON lines."""
    from router.policy.loading import load_policy
    from router.stores.decision_log import decision_log_for
    from router.stores.outcome_export import outcome_rows
    from router.stores.redis import RedisConnection, RedisSettings

    policy = load_policy(policy_path)
    settings = RedisSettings()

    async def read() -> list[str]:
        redis = RedisConnection(settings) if settings.enabled else None
        log = decision_log_for(redis, policy)
        try:
            records = await log.records(_since(since))
        finally:
            await log.aclose()
            if redis is not None:
                await redis.aclose()
        if kind == "records":
            return [r.model_dump_json() for r in records]
        return [json.dumps(row) for row in outcome_rows(records)]

    lines = asyncio.run(read())
    text = "".join(line + "\n" for line in lines)
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{out}: cannot write: {exc}") from exc
    click.echo(f"wrote {len(lines)} {kind} to {out}", err=True)
