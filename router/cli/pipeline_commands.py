"""The ticket pipeline: batch, enqueue, worker."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from router.cli.app import (
    F,
    main,
    policy_option,
    reports_errors,
)
from router.errors import BackendUnavailable, ConfigError

if TYPE_CHECKING:
    from router.pipeline.batch import BatchReport


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


def _connect(url: str | None, *, required: bool) -> Any:
    """The process's one Redis connection (``--redis-url``, else ``$REDIS_URL``), or
    ``None`` without one (a :class:`ConfigError` when one is ``required``)."""
    from router.stores.redis import RedisConnection, RedisSettings

    settings = RedisSettings(url=url) if url else RedisSettings()
    if not settings.enabled:
        if required:
            raise ConfigError("no Redis given: pass --redis-url or set REDIS_URL")
        return None
    return RedisConnection(settings)


def _build_router(policy_path: Path, connection: Any) -> Any:
    """The router of the policy, its response cache and its conversations (ticket threads)
    in ``connection``'s Redis if any, else in process."""
    from router.engine.router import Router
    from router.policy.loading import load_policy
    from router.stores.cache import cache_for
    from router.stores.sessions import sessions_for

    loaded = load_policy(policy_path)
    cache = cache_for(connection) if loaded.cache.enabled else None
    return Router(loaded, cache=cache, sessions=sessions_for(connection))


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
    from router.stores.decision_log import decision_log_for

    items = _read_items(source, id_column, text_columns, meta_columns)
    connection = _connect(None, required=False)
    router = _build_router(policy_path, connection)

    async def run() -> Any:
        decisions = decision_log_for(connection, router.policy)
        try:
            with batch_progress(enabled=progress and not as_json) as on_progress:
                return await run_batch(
                    router,
                    items,
                    out,
                    concurrency=concurrency,
                    on_progress=on_progress,
                    decisions=decisions,
                )
        finally:
            await decisions.aclose()
            await router.aclose()
            if connection is not None:
                await connection.aclose()

    try:
        report = asyncio.run(run())
    except KeyboardInterrupt:
        click.echo(f"interrupted: every answered ticket is in {out}; run again to resume", err=True)
        sys.exit(130)
    if as_json:
        click.echo(report.model_dump_json(indent=2))
    else:
        click.echo(
            f"answered {report.answered} (handed to a person {report.handoffs}), failed "
            f"{report.failed}, invalid rows "
            f"{report.invalid}, skipped (already in {out}) {report.skipped}, tried again "
            f"(failed before) {report.retried}, duplicate "
            f"ids {report.duplicates}; tiers {report.tier_mix}; cost "
            f"${report.cost_usd:.6f} (by tier called: "
            + ", ".join(f"{t} ${c:.6f}" for t, c in sorted(report.cost_by_tier.items()))
            + f"); escalated {report.escalated} (reasons {report.escalation_reasons}); "
            f"looping answers {report.looping_answers} ({report.looped_final} final answers "
            f"cut where the loop began); {report.wall_s:.1f} s" + _first_token_line(report)
        )
    if report.invalid:
        sys.exit(2)
    if report.failed:
        sys.exit(3)


def _first_token_line(report: BatchReport) -> str:
    """``; first token p50/p99: small 0.41/0.90 s, ...`` (empty when no tier said)."""
    if not report.first_token:
        return ""
    return "; first token p50/p99: " + ", ".join(
        f"{tier} {q.p50_s:.2f}/{q.p99_s:.2f} s"
        for tier, q in report.first_token.items()
        if q.p50_s is not None and q.p99_s is not None
    )


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

    connection = _connect(redis_url, required=True)

    async def run() -> int:
        from router.stores.redis import redis_errors

        try:
            return await enqueue_tickets(connection, stream, tickets)
        except redis_errors() as exc:
            where = connection.settings.shown()
            raise BackendUnavailable(f"cannot add tickets to Redis at {where}: {exc}") from exc
        finally:
            await connection.aclose()

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
    from router.stores.decision_log import decision_log_for

    names = StreamNames(stream=stream, group=group, results=results, dead_letter=dead_letter)
    settings = WorkerSettings(
        concurrency=concurrency, max_attempts=max_attempts, claim_idle_ms=claim_idle_ms
    )
    if consumer:
        settings = settings.model_copy(update={"consumer": consumer})
    connection = _connect(redis_url, required=True)
    router = _build_router(policy_path, connection)

    async def run() -> Any:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        try:
            click.echo(
                f"worker {settings.consumer}: {stream} -> {results} (group {group})", err=True
            )
            decisions = decision_log_for(connection, router.policy)
            worker = StreamWorker(connection, router, names, settings, decisions=decisions)
            try:
                return await worker.run(stop)
            finally:
                await decisions.aclose()
        finally:
            await router.aclose()
            await connection.aclose()

    stats = asyncio.run(run())
    click.echo(
        f"stopped: answered {stats.answered}, duplicates {stats.duplicates}, "
        f"retried {stats.retried}, dead-lettered {stats.dead}, handed to a person "
        f"{stats.handed_off}",
        err=True,
    )
