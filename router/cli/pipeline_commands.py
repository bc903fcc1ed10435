"""The ticket pipeline: batch, enqueue, worker."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from router.cli.app import (
    F,
    main,
    policy_option,
    reports_errors,
)
from router.errors import BackendUnavailable, ConfigError


def _columns(value: str | None) -> tuple[str, ...]:
    return tuple(c.strip() for c in value.split(",") if c.strip()) if value else ()


def _mapping_options(func: F) -> F:
    for option in reversed(
        [
            click.option(
                "--id-column",
                default="id",
                show_default=True,
                help="Column (or JSON key) with the ticket id.",
            ),
            click.option(
                "--text-columns",
                default=None,
                metavar="A,B",
                help="Columns joined as the ticket text (default: subject + body, or text).",
            ),
            click.option(
                "--meta-columns",
                default=None,
                metavar="A,B",
                help="Columns passed as ticket metadata to policy rules.",
            ),
        ]
    ):
        func = option(func)
    return func


def _read_items(
    source: Path, id_column: str, text_columns: str | None, meta_columns: str | None
) -> list[Any]:
    """Every row of ``source`` as a ticket or a bad row, by the column mapping."""
    from router.pipeline.sources import ColumnMapping, read_tickets

    mapping = ColumnMapping(
        id_column=id_column,
        text_columns=_columns(text_columns),
        meta_columns=_columns(meta_columns),
    )
    return list(read_tickets(source, mapping))


def _build_router(policy_path: Path) -> Any:
    from router.engine.router import Router
    from router.policy.loading import load_policy
    from router.stores.cache import build_cache

    loaded = load_policy(policy_path)
    return Router(loaded, cache=build_cache(loaded.cache.enabled))


@main.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Results (JSONL), appended; ids answered there are skipped, failed ones tried again.",
)
@policy_option
@_mapping_options
@click.option("--concurrency", default=4, show_default=True, type=click.IntRange(1, 256))
@click.option("--progress/--no-progress", default=True, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@reports_errors
def batch(
    source: Path,
    out: Path,
    policy_path: Path,
    id_column: str,
    text_columns: str | None,
    meta_columns: str | None,
    concurrency: int,
    progress: bool,
    as_json: bool,
) -> None:
    """Answer a file of tickets (JSONL or CSV) into OUT; resumable, Ctrl-C loses nothing."""
    import asyncio

    from router.pipeline.batch import run_batch
    from router.pipeline.progress import batch_progress

    items = _read_items(source, id_column, text_columns, meta_columns)
    router = _build_router(policy_path)

    async def run() -> Any:
        try:
            with batch_progress(enabled=progress and not as_json) as on_progress:
                return await run_batch(
                    router, items, out, concurrency=concurrency, on_progress=on_progress
                )
        finally:
            await router.aclose()

    try:
        report = asyncio.run(run())
    except KeyboardInterrupt:
        click.echo(f"interrupted: every answered ticket is in {out}; run again to resume", err=True)
        sys.exit(130)
    if as_json:
        click.echo(report.model_dump_json(indent=2))
    else:
        click.echo(
            f"answered {report.answered}, failed {report.failed}, invalid rows "
            f"{report.invalid}, skipped (already in {out}) {report.skipped}, tried again "
            f"(failed before) {report.retried}, duplicate "
            f"ids {report.duplicates}; tiers {report.tier_mix}; cost "
            f"${report.cost_usd:.6f} (by tier called: "
            + ", ".join(f"{t} ${c:.6f}" for t, c in sorted(report.cost_by_tier.items()))
            + f"); {report.wall_s:.1f} s"
        )
    if report.invalid:
        sys.exit(2)
    if report.failed:
        sys.exit(3)


def _redis_url(value: str | None) -> str:
    url = value or os.environ.get("REDIS_URL")
    if not url:
        raise ConfigError("no Redis given: pass --redis-url or set REDIS_URL")
    return url


def _redis_client(url: str, **options: Any) -> Any:
    import redis.asyncio as redis

    try:
        return redis.Redis.from_url(url, **options)
    except ValueError as exc:
        raise ConfigError(f"--redis-url / REDIS_URL {url!r} is not a Redis URL: {exc}") from exc


def _redis_option(func: F) -> F:
    return click.option(
        "--redis-url", default=None, metavar="URL", help="Redis to use (default: $REDIS_URL)."
    )(func)


@main.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--stream", required=True, help="Redis stream to add the tickets to.")
@_redis_option
@_mapping_options
@reports_errors
def enqueue(
    source: Path,
    stream: str,
    redis_url: str | None,
    id_column: str,
    text_columns: str | None,
    meta_columns: str | None,
) -> None:
    """Add the tickets of SOURCE (JSONL or CSV) to a Redis stream for workers."""
    import asyncio

    from router.pipeline.sources import BadRow
    from router.pipeline.worker import enqueue_tickets

    items = _read_items(source, id_column, text_columns, meta_columns)
    bad = [item for item in items if isinstance(item, BadRow)]
    for row in bad:
        click.echo(f"error: {row.where}: {row.error}", err=True)
    tickets = [item for item in items if not isinstance(item, BadRow)]

    url = _redis_url(redis_url)

    async def run() -> int:
        import redis.exceptions

        client = _redis_client(url, decode_responses=False, socket_timeout=10)
        try:
            return await enqueue_tickets(client, stream, tickets)
        except (redis.exceptions.RedisError, OSError) as exc:
            raise BackendUnavailable(f"cannot add tickets to Redis at {url}: {exc}") from exc
        finally:
            await client.aclose()

    click.echo(f"enqueued {asyncio.run(run())} tickets on {stream}")
    if bad:
        sys.exit(2)


@main.command()
@click.option("--stream", required=True, help="Stream to read tickets from.")
@click.option("--group", required=True, help="Consumer group (workers that share the load).")
@click.option("--results", required=True, help="Stream that receives the results.")
@click.option("--dead-letter", default="", help="Dead-letter stream (default STREAM:dead).")
@click.option("--consumer", default=None, help="This worker's name (default host-pid).")
@click.option("--concurrency", default=4, show_default=True, type=click.IntRange(1, 256))
@click.option("--max-attempts", default=3, show_default=True, type=click.IntRange(1, 100))
@click.option(
    "--claim-idle-ms",
    default=30_000,
    show_default=True,
    type=click.IntRange(100),
    help="Reclaim entries other consumers left pending this long.",
)
@policy_option
@_redis_option
@reports_errors
def worker(
    stream: str,
    group: str,
    results: str,
    dead_letter: str,
    consumer: str | None,
    concurrency: int,
    max_attempts: int,
    claim_idle_ms: int,
    policy_path: Path,
    redis_url: str | None,
) -> None:
    """Answer tickets from a Redis stream as one consumer of a group (SIGTERM stops it)."""
    import asyncio
    import signal

    from router.pipeline.worker import StreamNames, StreamWorker, WorkerSettings

    names = StreamNames(stream=stream, group=group, results=results, dead_letter=dead_letter)
    settings = WorkerSettings(
        concurrency=concurrency, max_attempts=max_attempts, claim_idle_ms=claim_idle_ms
    )
    if consumer:
        settings = settings.model_copy(update={"consumer": consumer})
    url = _redis_url(redis_url)
    router = _build_router(policy_path)

    async def run() -> Any:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        client = _redis_client(url, decode_responses=False, socket_timeout=30)
        try:
            click.echo(
                f"worker {settings.consumer}: {stream} -> {results} (group {group})", err=True
            )
            return await StreamWorker(client, router, names, settings).run(stop)
        finally:
            await client.aclose()
            await router.aclose()

    stats = asyncio.run(run())
    click.echo(
        f"stopped: answered {stats.answered}, duplicates {stats.duplicates}, "
        f"retried {stats.retried}, dead-lettered {stats.dead}",
        err=True,
    )
