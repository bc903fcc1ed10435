"""Commands about decisions: route, train, replay, policy check."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from router.cli.app import (
    main,
    policy_option,
    reports_errors,
)
from router.errors import ConfigError, TierrouteError, exit_code_for


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
    from router.engine.router import Router
    from router.policy.loading import load_policy

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


def _parse_metadata(pairs: tuple[str, ...]) -> dict[str, str]:
    metadata = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--meta")
        metadata[key.strip()] = value.strip()
    return metadata


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
@click.option(
    "--answer-model",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also fit the answer model (for the answer_gain escalation signal) on outcome data "
    "that recorded the cheaper tiers' answers, and write it here.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the training report as JSON.")
@reports_errors
def train(
    data: tuple[Path, ...],
    out: Path,
    cv_folds: int,
    c_value: float | None,
    answer_model: Path | None,
    as_json: bool,
) -> None:
    """Fit a difficulty classifier on outcome data or tier-labelled JSONL."""
    from classifiers.datasets import DataFormatError
    from classifiers.training import train_answer_model, train_classifier

    params = {"C": c_value} if c_value is not None else {}
    target = out
    try:
        report = train_classifier(list(data), out, cv_folds=cv_folds, params=params)
        if answer_model is not None:
            target = answer_model
            report.answer_model = train_answer_model(list(data), answer_model)
    except (DataFormatError, ValueError) as exc:
        raise ConfigError(str(exc)) from exc
    except OSError as exc:
        raise ConfigError(f"cannot write {target}: {exc.strerror or exc}") from exc
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
    if report.answer_model is not None:
        a = report.answer_model
        counts = ", ".join(f"{tier} {n}" for tier, n in a.examples.items())
        click.echo(f"answer model: examples per judged tier: {counts}; wrote {a.out}")


classifier_option = click.option(
    "--classifier",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Classifier file to decide with (default: the policy's).",
)


@main.command()
@click.option(
    "--data",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Outcome data (JSONL or .jsonl.gz) with recorded answers per tier.",
)
@policy_option
@classifier_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Decisions, one JSON line per row: id, final_tier, called (shadow calls too).",
)
@click.option(
    "--learn",
    is_flag=True,
    help="Stream the rows in file order as live traffic and learn from them as the "
    "service does (shadow judging, recalibration): only judged rows reveal scores.",
)
@click.option(
    "--learned-policy",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --learn: write the policy as learned at the end (for review).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="With --learn: sampling seed.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@reports_errors
def replay(
    data: Path,
    policy_path: Path,
    classifier: Path | None,
    out: Path | None,
    learn: bool,
    learned_policy: Path | None,
    seed: int,
    as_json: bool,
) -> None:
    """Run the real engine over outcome data, each tier answering with its recorded answer."""
    from classifiers.datasets import DataFormatError, read_outcomes

    try:
        rows = read_outcomes(data)
    except DataFormatError as exc:
        raise ConfigError(str(exc)) from exc
    if not rows:
        raise ConfigError(f"{data}: no rows")
    if learn:
        from router.cli.replay_learn_command import replay_and_learn

        replay_and_learn(rows, policy_path, classifier, out, learned_policy, seed, as_json)
        return
    if learned_policy is not None:
        raise click.UsageError("--learned-policy needs --learn")
    _replay_fixed(rows, policy_path, classifier, out, as_json)


def _replay_fixed(
    rows: list[Any], policy_path: Path, classifier: Path | None, out: Path | None, as_json: bool
) -> None:
    import asyncio

    from router.cli.replay_learn_command import write_decisions
    from router.offline.replay import build_replay_router, replay_rows, summarize

    router, mapping, top = build_replay_router(policy_path, rows, classifier)

    async def run() -> Any:
        try:
            return await replay_rows(router, rows, mapping)
        finally:
            await router.aclose()

    records = asyncio.run(run())
    write_decisions(out, records)
    summary = summarize(records, rows, top, router.policy.tier("reasoning").price)
    if as_json:
        click.echo(summary.model_dump_json(indent=2))
        return
    mix = ", ".join(f"{tier} {share:.1%}" for tier, share in summary.tier_mix.items())
    cost = (
        f"cost ${summary.cost_usd:.4f} = {summary.cost_share:.1%} of always-{top}"
        if summary.top_cost_usd
        else "no recorded costs"
    )
    click.echo(
        f"{summary.rows} rows: quality {summary.quality:.4f} = "
        f"{summary.quality_share:.1%} of always-{top} ({summary.top_quality:.4f}); {cost}; "
        f"{summary.top_call_share:.1%} of rows called {top}"
    )
    where = f"; decisions in {out}" if out is not None else ""
    click.echo(
        f"final tiers: {mix}; escalated {summary.escalation_rate:.1%}; "
        f"errors {summary.errors}{where}"
    )


@main.command("eval")
@click.option(
    "--data",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tier-labelled JSONL, or outcome data (2 or 3 tiers).",
)
@policy_option
@classifier_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the cost/quality (or PGR) curve as a PNG.",
)
@reports_errors
def eval_command(
    data: Path, policy_path: Path, classifier: Path | None, as_json: bool, plot: Path | None
) -> None:
    """Measure the decision: confusion matrix, APGR and CPT, or cost/quality curves."""
    from classifiers.datasets import DataFormatError
    from router.engine.router import Router
    from router.offline.evaluation import evaluate_file
    from router.policy.loading import load_policy

    loaded = load_policy(policy_path)
    scorer = None
    if classifier is not None:
        from classifiers.artifact import ArtifactError
        from classifiers.scorer import load_scorer

        try:
            scorer = load_scorer(classifier.resolve())
        except ArtifactError as exc:
            raise ConfigError(f"--classifier: {exc}") from exc
    try:
        report = evaluate_file(Router(loaded, scorer=scorer), data)
    except (DataFormatError, ValueError) as exc:
        raise ConfigError(str(exc)) from exc
    if plot is not None:
        from router.offline.eval_plot import write_eval_plot

        write_eval_plot(report, plot)
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    click.echo(f"{report.data}: {report.rows} rows ({report.kind})")
    if report.confusion is not None and report.accuracy is not None:
        click.echo(
            f"accuracy {report.accuracy:.3f}; confusion (rows true, columns routed; "
            f"{', '.join(report.tiers)}):"
        )
        for tier, row in zip(report.tiers, report.confusion, strict=True):
            click.echo(f"  {tier:>9}: {row}")
    if report.two_tier is not None:
        t = report.two_tier
        cpt = ", ".join(
            f"CPT({k}) {v:.1%}" if v is not None else f"CPT({k}) -" for k, v in t.cpt.items()
        )
        click.echo(
            f"APGR {t.apgr:.3f}; {cpt} (weak {t.weak_quality:.3f}, strong {t.strong_quality:.3f})"
        )
    if report.curve is not None and report.policy_point is not None:
        p = report.policy_point
        click.echo(
            f"policy thresholds {p.thresholds}: quality {p.quality_share:.1%}, "
            f"cost {p.cost_share:.1%} of the top tier"
        )
        click.echo("Pareto front (cost share -> quality share):")
        for point in report.curve:
            click.echo(
                f"  {point.cost_share:6.1%} -> {point.quality_share:6.1%}  "
                f"thresholds {point.thresholds}"
            )
    if plot is not None:
        click.echo(f"wrote {plot}")


@main.group()
def policy() -> None:
    """Work with policy files."""


@policy.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
def policy_check(files: tuple[Path, ...], as_json: bool) -> None:
    """Validate policy FILES: errors name the file, the line and the field."""
    from router.engine.readiness import serving_problems
    from router.policy.loading import load_policy, load_policy_scorer

    summaries = []
    worst = 0
    for file in files:
        try:
            loaded = load_policy(file)
            problems = serving_problems(loaded)
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
