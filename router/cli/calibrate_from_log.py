"""``tierroute calibrate --from-log``: the learned routing fitted on the decision log's
outcomes (shadow verdicts, feedback) and written as a policy."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from router.errors import ConfigError

if TYPE_CHECKING:
    from router.learning.learner import Recalibration
    from router.learning.refits.models import Refitted

__all__ = ["calibrate_from_log"]


def calibrate_from_log(
    policy_path: Path,
    target_quality: float | None,
    out: Path | None,
    as_json: bool,
    refit_classifier: Path | None = None,
    refit_answer_model: Path | None = None,
) -> None:
    """Fit, print the estimate (and how sure it is), write the policy if asked; with
    ``refit_classifier``, first a classifier refitted on the judged prompts, written there
    and put in the policy only if its difficulty bands do better on held-out ones; with
    ``refit_answer_model``, likewise an answer model refitted on the judged answers."""
    from router.learning.from_rows import recalibrate_from_rows
    from router.learning.refits.models import Refitted
    from router.policy.loading import load_policy
    from router.stores.decision_log import decision_log_for
    from router.stores.outcome_export import outcome_rows
    from router.stores.redis import RedisConnection, RedisSettings

    policy = load_policy(policy_path)
    if target_quality is not None:
        data = policy.model_dump(mode="json")
        data["learning"]["target_quality"] = target_quality
        policy = policy.revised(data)
    settings = RedisSettings()

    async def read() -> list[dict[str, object]]:
        redis = RedisConnection(settings) if settings.enabled else None
        log = decision_log_for(redis, policy)
        try:
            return outcome_rows(await log.records())
        finally:
            await log.aclose()
            if redis is not None:
                await redis.aclose()

    rows = asyncio.run(read())
    if not rows:
        raise ConfigError(
            "the decision log has no outcomes yet: turn on learning.shadow or send "
            "POST /v1/feedback, then try again"
        )
    refitted = _refitted(Refitted(policy, rows), refit_classifier, refit_answer_model, as_json)
    policy, rows = refitted.policy, refitted.rows
    classifier, answer_model = refitted.classifier, refitted.answer_model
    recalibration = recalibrate_from_rows(policy, rows)
    learned = recalibration.policy.routing.learned
    assert learned is not None
    if out is not None:
        _write(policy_path, out, recalibration, classifier, answer_model)
    if as_json:
        click.echo(learned.model_dump_json(indent=2))
    else:
        click.echo(f"{len(rows)} requests with outcomes; {recalibration.describe()}")
        if out is not None:
            click.echo(f"wrote {out}")
    if answer_model is not None and "answer_gain" not in policy.escalation.signals:
        click.echo(
            "the refitted answer model escalates nothing until escalation.signals includes "
            f"answer_gain; answer_value_usd ${learned.exchange_usd:g} per tier values its "
            "expected gain at the learned routing's exchange rate",
            err=as_json,
        )
    if not recalibration.fit.meets_target:
        raise SystemExit(1)


def _write(
    policy_path: Path,
    out: Path,
    recalibration: Recalibration,
    classifier: str | None,
    answer_model: str | None,
) -> None:
    """The policy at ``policy_path`` with the learned routing (and the refitted models
    adopted, if any) written to ``out``."""
    from router.policy.loading import load_policy, policy_data_at

    learned = recalibration.policy.routing.learned
    assert learned is not None
    data = policy_data_at(load_policy(policy_path), out)
    data["routing"]["learned"] = learned.model_dump(mode="json", exclude_none=True)
    if classifier is not None:
        data["routing"]["classifier"] = classifier
        data["learning"].pop("difficulty_bands", None)  # cut on the old one's scores
    if answer_model is not None:
        data.setdefault("escalation", {})["answer_model"] = answer_model
    bands = recalibration.policy.learning.difficulty_bands
    if bands is not None:  # the learned segments are of these bands
        data["learning"]["difficulty_bands"] = bands
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _refitted(
    start: Refitted, classifier: Path | None, answer_model: Path | None, as_json: bool
) -> Refitted:
    """``start`` after the refits asked for (each printed; its file written if adopted)."""
    from router.learning.refits.models import with_answer_model_refit, with_classifier_refit

    refitted = start
    for out, option, step in (
        (classifier, "classifier", with_classifier_refit),
        (answer_model, "answer-model", with_answer_model_refit),
    ):
        if out is None:
            continue
        try:
            refitted = step(refitted, out)
        except ValueError as exc:
            raise ConfigError(f"--refit-{option}: {exc}") from exc
        click.echo(refitted.lines[-1], err=as_json)
        adopted = refitted.classifier if option == "classifier" else refitted.answer_model
        if adopted is not None and not as_json:
            click.echo(f"wrote the refitted {option.replace('-', ' ')} to {out}")
    return refitted
