"""``tierroute calibrate``: choose a policy's thresholds and escalation values on outcome data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from router.cli.app import main, policy_option, reports_errors
from router.errors import ConfigError

if TYPE_CHECKING:
    from router.offline.calibration import CalibrationResult


@main.command()
@click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Outcome data (JSONL or .jsonl.gz) to calibrate on.",
)
@click.option(
    "--from-log",
    is_flag=True,
    help="Instead of --data: fit the learned routing on the decision log's outcomes "
    "(shadow verdicts and feedback; Redis when REDIS_URL is set, else the local file).",
)
@click.option(
    "--refit-classifier",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --from-log: also refit the classifier on the judged prompts (kept when "
    "learning.log.include_text is on); written here and put in the policy only if its "
    "difficulty bands tell held-out judged requests apart better than the one in use.",
)
@click.option(
    "--refit-answer-model",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --from-log: also refit the answer model (the answer_gain escalation "
    "signal's) on the judged requests' answers (kept when learning.log.include_text is "
    "on); written here and put in the policy only if it tells held-out answers the next "
    "tier improves on better than the one in use.",
)
@click.option(
    "--prior",
    "fit_prior",
    is_flag=True,
    help="With --data: instead of thresholds, fit learning.prior, what learning from "
    "traffic starts from (per segment, each tier's loss against the top tier), and write "
    "it into the policy.",
)
@policy_option
@click.option(
    "--classifier",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Classifier file (default: the policy's).",
)
@click.option(
    "--answer-model",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Answer model for the answer_gain escalation signal (default: the policy's, if any).",
)
@click.option(
    "--target-quality",
    type=click.FloatRange(0.0, 2.0, min_open=True),
    default=None,
    help="Share of the top tier's quality to keep, e.g. 0.95 (with --from-log: default "
    "the policy's learning.target_quality).",
)
@click.option(
    "--cv",
    "cv_folds",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Refit the classifier and answer model on K folds of the data so every row is "
    "judged by models that never saw it; use it when the models were trained on this data.",
)
@click.option(
    "--confidence",
    type=click.FloatRange(0.0, 1.0, max_open=True),
    default=0.99,
    show_default=True,
    help="Require the target in this share of bootstrap resamples of the data, not just on "
    "average: the margin that makes the promise hold on questions the calibration never "
    "saw (0: the average alone).",
)
@click.option(
    "--write",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the calibrated policy (YAML) here.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the cost/quality curve as a PNG.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@reports_errors
def calibrate(
    data: Path | None,
    from_log: bool,
    refit_classifier: Path | None,
    refit_answer_model: Path | None,
    fit_prior: bool,
    policy_path: Path,
    classifier: Path | None,
    answer_model: Path | None,
    target_quality: float | None,
    cv_folds: int,
    confidence: float | None,
    out: Path | None,
    plot: Path | None,
    as_json: bool,
) -> None:
    """Choose thresholds and escalation values that reach a target quality at least cost
    (or, with --from-log, the learned routing from the decision log's outcomes; with
    --prior, what learning starts from)."""
    if from_log:
        if data is not None or fit_prior:
            raise click.UsageError("give --data (with or without --prior) or --from-log, not both")
        from router.cli.calibrate_from_log import calibrate_from_log

        calibrate_from_log(
            policy_path, target_quality, out, as_json, refit_classifier, refit_answer_model
        )
        return
    for given, option in ((refit_classifier, "classifier"), (refit_answer_model, "answer-model")):
        if given is not None:
            raise click.UsageError(f"--refit-{option} refits on the decision log: add --from-log")
    if fit_prior:
        if data is None:
            raise click.UsageError("--prior fits on --data FILE: give it")
        from router.cli.calibrate_prior import calibrate_prior

        calibrate_prior(data, policy_path, out, as_json)
        return
    if data is None or target_quality is None:
        raise click.UsageError("--data and --target-quality are required (or --from-log)")
    _calibrate_on_data(
        data, policy_path, classifier, answer_model, target_quality, cv_folds, confidence,
        out, plot, as_json,
    )  # fmt: skip


def _calibrate_on_data(
    data: Path,
    policy_path: Path,
    classifier: Path | None,
    answer_model: Path | None,
    target_quality: float,
    cv_folds: int,
    confidence: float | None,
    out: Path | None,
    plot: Path | None,
    as_json: bool,
) -> None:
    from classifiers.artifact import resolve_classifier_path
    from classifiers.datasets import DataFormatError, read_outcomes
    from router.offline.calibration import calibrate as run_calibration
    from router.offline.calibration import write_calibrated_policy
    from router.policy.loading import load_policy

    if cv_folds == 1:
        raise click.BadParameter("use 0 (no refitting) or at least 2 folds", param_hint="--cv")
    loaded = load_policy(policy_path)
    try:
        rows = read_outcomes(data)
    except DataFormatError as exc:
        raise ConfigError(str(exc)) from exc
    if len(rows) < max(cv_folds, 2):
        raise ConfigError(f"{data}: {len(rows)} rows are too few to calibrate on")
    if classifier is None:
        classifier = resolve_classifier_path(loaded.routing.classifier, loaded.source_dir)
    if answer_model is None and loaded.escalation.answer_model is not None:
        answer_model = loaded.resolve_path(loaded.escalation.answer_model)
    try:
        result, calibrated = run_calibration(
            loaded,
            rows,
            classifier=classifier,
            answer_model=answer_model,
            target_quality=target_quality,
            cv_folds=cv_folds,
            confidence=confidence or None,
        )
    except (DataFormatError, ValueError) as exc:
        raise ConfigError(str(exc)) from exc
    if out is not None:
        write_calibrated_policy(calibrated, out, result)
    if plot is not None:
        from router.offline.calibration_plot import write_calibration_plot

        write_calibration_plot(result, plot, title=f"tierroute calibrate: {data.name}")
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    else:
        _print_result(result, [p for p in (out, plot) if p is not None])
    if not result.reached:
        raise SystemExit(1)


def _print_result(result: CalibrationResult, written: list[Path]) -> None:
    click.echo("cost/quality front (cost share -> quality share; thresholds; answer values):")
    for point in result.curve:
        click.echo(
            f"  {point.cost_share:6.1%} -> {point.quality_share:6.1%}  "
            f"mid>={point.mid_threshold:g} reasoning>={point.reasoning_threshold:g}  "
            f"small ${point.answer_value_usd['small']:g}, mid ${point.answer_value_usd['mid']:g}"
        )
    c = result.chosen
    verdict = "reached" if result.reached else "NOT reached (best quality shown)"
    folds = f", {result.cv_folds}-fold out-of-fold models" if result.cv_folds else ""
    click.echo(
        f"target {result.target_quality:g} {verdict} on {result.rows} rows{folds}: quality "
        f"{c.quality_share:.1%}, cost {c.cost_share:.1%} of the top tier; "
        f"escalated {c.escalation_rate:.1%}; final tiers "
        + ", ".join(f"{t} {s:.1%}" for t, s in c.tier_mix.items())
    )
    asked = f" (asked: {result.confidence:.0%})" if result.confidence else ""
    click.echo(
        f"how sure: the target is reached in {result.sureness:.0%} of 200 bootstrap "
        f"resamples of these rows{asked}"
    )
    for path in written:
        click.echo(f"wrote {path}")
