"""The cost simulator: simulate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from router.cli.app import (
    main,
    policy_option,
    reports_errors,
)
from router.errors import ConfigError

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
@click.option(
    "--human-cost",
    type=click.FloatRange(min=0),
    default=None,
    metavar="USD",
    help="A person's cost per ticket handed over (the rung above the top tier: a failure "
    "caught with no escalation step left goes to them) [default: no human rung].",
)
@click.option(
    "--turns",
    type=click.IntRange(1, 1000),
    default=1,
    show_default=True,
    help="Turns per conversation: above 1, also what keeping a conversation on its tier saves.",
)
@click.option(
    "--cached-input-share",
    type=_FRACTION,
    default=None,
    help="Cached input's price as a share of fresh input's [default: the policy's cached "
    "price, else 0.1].",
)
@click.option(
    "--turn-correlation",
    type=_FRACTION,
    default=0.5,
    show_default=True,
    help="Chance a turn needs the tier the turn before needed (else drawn from the mix).",
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
    from router.policy.loading import load_policy
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
