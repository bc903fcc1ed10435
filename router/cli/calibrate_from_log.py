"""``tierroute calibrate --from-log``: the learned routing fitted on the decision log's
outcomes (shadow verdicts, feedback) and written as a policy."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from router.errors import ConfigError
from router.policy.base import TIER_NAMES

if TYPE_CHECKING:
    from router.learning.learner import Recalibration
    from router.policy.model import Policy

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
    classifier: str | None = None
    if refit_classifier is not None:
        policy, rows, classifier = _refitted(policy, rows, refit_classifier, as_json)
    answer_model: str | None = None
    if refit_answer_model is not None:
        answer_model = _answer_model_refitted(policy, rows, refit_answer_model, as_json)
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
    policy: Policy, rows: list[dict[str, object]], out: Path, as_json: bool
) -> tuple[Policy, list[dict[str, object]], str | None]:
    """The policy and rows to fit on after a classifier refit: where the refit is adopted,
    the policy names it (its difficulty bands to be learned afresh) and each row's
    difficulty is its score; and the classifier's path, if adopted."""
    from classifiers.scorer import load_scorer
    from router.learning.bands import prompt_difficulty
    from router.learning.classifier_refit import refit_classifier
    from router.policy.loading import load_policy_scorer
    from router.policy.model import DIFFICULTY
    from router.stores.outcome_export import DATA_TIER

    if DIFFICULTY not in policy.learning.segment_by:
        raise ConfigError(
            "--refit-classifier: the learned routing reads the classifier through its "
            "difficulty bands alone: add difficulty to learning.segment_by"
        )
    try:
        refit = refit_classifier(
            rows,
            load_policy_scorer(policy),
            out,
            top=DATA_TIER[TIER_NAMES[-1]],
            band_count=policy.learning.difficulty_band_count,
            quality=policy.learning.target_quality,
        )
    except ValueError as exc:
        raise ConfigError(f"--refit-classifier: {exc}") from exc
    click.echo(refit.describe(), err=as_json)
    if not refit.adopted:
        return policy, rows, None
    classifier = str(out.resolve())
    data = policy.model_dump(mode="json")
    data["routing"]["classifier"] = classifier
    data["learning"]["difficulty_bands"] = None
    scorer = load_scorer(out)
    rescored = [
        {**row, "difficulty": prompt_difficulty(scorer, str(row["prompt"]))}
        if row.get("prompt")
        else {k: v for k, v in row.items() if k != "difficulty"}
        for row in rows
    ]
    if not as_json:
        click.echo(f"wrote the refitted classifier to {out}")
    return policy.revised(data), rescored, classifier


def _answer_model_refitted(
    policy: Policy, rows: list[dict[str, object]], out: Path, as_json: bool
) -> str | None:
    """The refitted answer model's path, if it is adopted (written to ``out``)."""
    from classifiers.answers.model import AnswerModelError, load_answer_scorer
    from router.learning.answer_refit import refit_answer_model

    current = None
    if policy.escalation.answer_model is not None:
        try:
            current = load_answer_scorer(policy.resolve_path(policy.escalation.answer_model))
        except AnswerModelError as exc:
            raise ConfigError(f"escalation.answer_model: {exc}") from exc
    try:
        refit = refit_answer_model(rows, current, out)
    except ValueError as exc:
        raise ConfigError(f"--refit-answer-model: {exc}") from exc
    click.echo(refit.describe(), err=as_json)
    if not refit.adopted:
        return None
    if not as_json:
        click.echo(f"wrote the refitted answer model to {out}")
    return str(out.resolve())
