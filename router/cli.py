"""The ``tierroute`` command line.

Heavy imports (scikit-learn, litellm, FastAPI) happen inside the commands that need
them, so ``tierroute route`` starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from router.errors import BackendUnavailable, ConfigError, TierrouteError, exit_code_for

__all__ = ["DEFAULT_POLICY", "main"]

DEFAULT_POLICY = Path(__file__).resolve().parent.parent / "policies" / "default.yaml"
F = TypeVar("F", bound=Callable[..., Any])


def _policy_default() -> str:
    return os.environ.get("TIERROUTE_POLICY", str(DEFAULT_POLICY))


def policy_option(func: F) -> F:
    """The ``--policy`` option every command that needs a policy shares."""
    return click.option(
        "--policy",
        "policy_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=_policy_default,
        show_default="$TIERROUTE_POLICY or policies/default.yaml",
        help="Policy YAML file.",
    )(func)


def reports_errors(func: F) -> F:
    """Turn tierroute's errors into a message on stderr and the mapped exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TierrouteError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exit_code_for(exc))

    return wrapper  # type: ignore[return-value]


def _parse_metadata(pairs: tuple[str, ...]) -> dict[str, str]:
    metadata = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--meta")
        metadata[key.strip()] = value.strip()
    return metadata


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tierroute")
def main() -> None:
    """tierroute: send each LLM request to the cheapest tier that answers it well."""


@main.command()
@click.argument("text")
@policy_option
@click.option(
    "--meta",
    "meta",
    multiple=True,
    metavar="KEY=VALUE",
    help="Ticket metadata for policy rules, e.g. --meta priority=urgent.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
@reports_errors
def route(text: str, policy_path: Path, meta: tuple[str, ...], as_json: bool) -> None:
    """Decide the tier for TEXT (no model is called); '-' reads TEXT from stdin."""
    from router.engine import Router
    from router.policy_loading import load_policy

    if text == "-":
        text = sys.stdin.read()
    decision = Router(load_policy(policy_path)).decide(text, _parse_metadata(meta))
    if as_json:
        click.echo(decision.model_dump_json(indent=2))
        return
    probabilities = ", ".join(f"{t} {p:.2f}" for t, p in decision.probabilities.items())
    click.echo(f"tier: {decision.tier}   difficulty: {decision.score:.3f}")
    click.echo(f"P(tier suffices): {probabilities}")
    for reason in decision.reasons:
        click.echo(f"  - {reason.kind}: {reason.detail}")
    top = ", ".join(f"{f.feature} ({f.contribution:+.2f})" for f in decision.features)
    click.echo(f"top features: {top}")
    click.echo(f"policy {decision.policy_version}, classifier {decision.classifier_version}")


@main.command()
@click.option(
    "--data",
    "data",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Training file (JSONL or .jsonl.gz): tier-labelled or outcome data. Repeatable.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the classifier (JSON).",
)
@click.option(
    "--cv",
    "cv_folds",
    default=5,
    show_default=True,
    help="Cross-validation folds for the report (0 = none).",
)
@click.option("--C", "c_value", type=float, default=None, help="Inverse regularization strength.")
@click.option("--json", "as_json", is_flag=True, help="Print the training report as JSON.")
@reports_errors
def train(
    data: tuple[Path, ...], out: Path, cv_folds: int, c_value: float | None, as_json: bool
) -> None:
    """Fit a difficulty classifier on outcome data or tier-labelled JSONL."""
    from classifiers.datasets import DataFormatError
    from classifiers.training import train_classifier

    params = {"C": c_value} if c_value is not None else {}
    try:
        report = train_classifier(list(data), out, cv_folds=cv_folds, params=params)
    except (DataFormatError, ValueError) as exc:
        raise ConfigError(str(exc)) from exc
    except OSError as exc:
        raise ConfigError(f"cannot write {out}: {exc.strerror or exc}") from exc
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    click.echo(f"trained on {report.examples} examples: {report.tier_counts}")
    if report.cv_accuracy is not None:
        click.echo(f"{report.cv_folds}-fold cross-validated accuracy: {report.cv_accuracy:.3f}")
        click.echo("confusion (rows true, columns predicted; " + ", ".join(report.tiers) + "):")
        for tier, row in zip(report.tiers, report.cv_confusion or [], strict=False):
            click.echo(f"  {tier:>9}: {row}")
    click.echo(f"wrote {report.out}")


@main.command()
@policy_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="uvicorn worker processes.",
)
@reports_errors
def serve(policy_path: Path, host: str, port: int, workers: int) -> None:
    """Run the OpenAI-compatible REST service."""
    from router.policy_checks import policy_problems
    from router.policy_loading import load_policy

    problems = policy_problems(load_policy(policy_path))  # fail here, not in a worker
    if problems:
        raise ConfigError("\n".join(f"{policy_path}: {p}" for p in problems))
    os.environ["TIERROUTE_POLICY"] = str(policy_path.resolve())
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import uvicorn

    click.echo(f"tierroute: serving policy {policy_path} on http://{host}:{port}/v1", err=True)
    uvicorn.run(
        "router.api.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


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


def _build_router(policy_path: Path) -> Any:
    from router.cache import build_cache
    from router.engine import Router
    from router.policy_loading import load_policy

    loaded = load_policy(policy_path)
    return Router(loaded, cache=build_cache(loaded.cache.enabled))


@main.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Results (JSONL), appended; ids already there are skipped.",
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
    from router.pipeline.sources import ColumnMapping, read_tickets

    mapping = ColumnMapping(
        id_column=id_column,
        text_columns=_columns(text_columns),
        meta_columns=_columns(meta_columns),
    )
    items = list(read_tickets(source, mapping))
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
            f"{report.invalid}, skipped (already in {out}) {report.skipped}, duplicate "
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

    from router.pipeline.sources import BadRow, ColumnMapping, read_tickets
    from router.pipeline.worker import enqueue_tickets

    mapping = ColumnMapping(
        id_column=id_column,
        text_columns=_columns(text_columns),
        meta_columns=_columns(meta_columns),
    )
    items = list(read_tickets(source, mapping))
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


_POSITIVE = click.FloatRange(min=0, min_open=True)
_FRACTION = click.FloatRange(0, 1)


@main.command()
@policy_option
@click.option(
    "--mix",
    default=None,
    metavar="S,M,R",
    help="Share of tickets per tier (small,mid,reasoning), summing to 1 [default: 0.6,0.3,0.1].",
)
@click.option(
    "--tickets",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Tickets (JSONL or CSV: text, or subject/body): the mix is the router's decisions.",
)
@click.option("--rate", default="1000/h", show_default=True, help="Tickets per h, min or s.")
@click.option(
    "--size-ratio", default="1,3,10", show_default=True, help="Model size per tier vs the base."
)
@click.option(
    "--token-ratio", default="1,2,5", show_default=True, help="Output tokens per tier vs the base."
)
@click.option(
    "--context-ratio", default="1,2,5", show_default=True, help="Input tokens per tier vs the base."
)
@click.option("--base-params", type=_POSITIVE, default=8e9, show_default=True)
@click.option("--base-layers", type=_POSITIVE, default=32, show_default=True)
@click.option("--base-width", type=_POSITIVE, default=4096, show_default=True)
@click.option("--base-input-tokens", type=_POSITIVE, default=500, show_default=True)
@click.option("--base-output-tokens", type=_POSITIVE, default=150, show_default=True)
@click.option(
    "--basis",
    type=click.Choice(["auto", "compute", "price"]),
    default="auto",
    show_default=True,
    help="Money from the policy's prices, from compute, or prices if every tier has one.",
)
@click.option("--usd-per-pflop", type=_POSITIVE, default=0.005, show_default=True)
@click.option(
    "--accuracy",
    type=_FRACTION,
    default=None,
    help="Router accuracy, errors split evenly [default: 0.9].",
)
@click.option(
    "--confusion",
    "confusion_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help='Confusion JSON {"tiers", "matrix"} or `tierroute train --json` output.',
)
@click.option("--under-fail", type=_FRACTION, default=1.0, show_default=True)
@click.option("--escalation-recall", type=_FRACTION, default=0.5, show_default=True)
@click.option(
    "--escalation-steps",
    type=click.IntRange(0, 2),
    default=None,
    help="Escalation steps [default: the policy's escalation.max_steps].",
)
@click.option(
    "--miss-cost",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    metavar="USD",
    help="Cost of one ticket answered badly (uncaught failure).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write a Markdown report here.",
)
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write a PNG of cost vs router accuracy here.",
)
@reports_errors
def simulate(
    policy_path: Path,
    as_json: bool,
    report_path: Path | None,
    plot_path: Path | None,
    **options: Any,
) -> None:
    """Cost model: tier costs, tiered vs all-to-top, break-even router accuracy, misroutes."""
    from router.policy_loading import load_policy
    from router.simulate import render_markdown, render_text
    from router.simulate import simulate as run_simulation
    from router.simulate.options import SimulateOptions, settings_from_options

    loaded = load_policy(policy_path)
    settings = settings_from_options(SimulateOptions(**options), loaded)
    report = run_simulation(settings, loaded, policy_label=f"{loaded.name!r} ({policy_path})")
    if report_path is not None:
        try:
            report_path.write_text(render_markdown(report), encoding="utf-8")
        except OSError as exc:
            raise ConfigError(
                f"--report: cannot write {report_path}: {exc.strerror or exc}"
            ) from exc
    if plot_path is not None:
        from router.simulate.plot import write_plot

        write_plot(report, plot_path)
    if as_json:
        click.echo(report.model_dump_json(indent=2))
    else:
        click.echo(render_text(report), nl=False)


@main.command()
@click.option(
    "--data",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Outcome data (JSONL or .jsonl.gz) with recorded answers per tier.",
)
@policy_option
@click.option(
    "--classifier",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Classifier file to route with (default: the policy's).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Decisions, one JSON line per row: id, final_tier, called.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@reports_errors
def replay(
    data: Path, policy_path: Path, classifier: Path | None, out: Path, as_json: bool
) -> None:
    """Run the real engine over outcome data, each tier answering with its recorded answer."""
    import asyncio

    from classifiers.datasets import DataFormatError, read_outcomes
    from router.offline.replay import build_replay_router, replay_rows, summarize

    try:
        rows = read_outcomes(data)
    except DataFormatError as exc:
        raise ConfigError(str(exc)) from exc
    if not rows:
        raise ConfigError(f"{data}: no rows")
    router, mapping, top = build_replay_router(policy_path, rows, classifier)

    async def run() -> Any:
        try:
            return await replay_rows(router, rows, mapping)
        finally:
            await router.aclose()

    records = asyncio.run(run())
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as sink:
        for record in records:
            sink.write(
                json.dumps(
                    {"id": record.id, "final_tier": record.final_tier, "called": record.called}
                )
                + "\n"
            )
    summary = summarize(records, rows, top)
    if as_json:
        click.echo(summary.model_dump_json(indent=2))
        return
    mix = ", ".join(f"{tier} {share:.1%}" for tier, share in summary.tier_mix.items())
    click.echo(
        f"{summary.rows} rows: quality {summary.quality:.4f} = "
        f"{summary.quality_share:.1%} of always-{top} ({summary.top_quality:.4f}); "
        f"cost ${summary.cost_usd:.4f} = {summary.cost_share:.1%} of always-{top}"
    )
    click.echo(
        f"final tiers: {mix}; escalated {summary.escalation_rate:.1%}; "
        f"errors {summary.errors}; decisions in {out}"
    )


@main.group()
def policy() -> None:
    """Work with policy files."""


@policy.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
def policy_check(files: tuple[Path, ...], as_json: bool) -> None:
    """Validate policy FILES: errors name the file, the line and the field."""
    from router.engine import load_policy_scorer
    from router.policy_checks import policy_problems
    from router.policy_loading import load_policy

    summaries = []
    worst = 0
    for file in files:
        try:
            loaded = load_policy(file)
            problems = policy_problems(loaded)
            if problems:
                raise ConfigError("\n".join(f"{file}: {p}" for p in problems))
            scorer = load_policy_scorer(loaded)
        except TierrouteError as exc:
            click.echo(f"error: {exc}", err=True)
            worst = max(worst, exit_code_for(exc))
            summaries.append({"file": str(file), "ok": False, "error": str(exc)})
            continue
        summaries.append(
            {
                "file": str(file),
                "ok": True,
                "name": loaded.name,
                "version": loaded.version,
                "classifier": scorer.version,
                "rules": len(loaded.routing.rules),
            }
        )
    if as_json:
        click.echo(json.dumps(summaries, indent=2))
    else:
        for summary in summaries:
            if summary["ok"]:
                click.echo(
                    f"{summary['file']}: ok (policy {summary['name']!r}, "
                    f"version {summary['version']}, {summary['rules']} rules)"
                )
    if worst:
        sys.exit(worst)


if __name__ == "__main__":  # pragma: no cover
    main()
