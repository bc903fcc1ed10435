"""Refitting the models on the decision log's judged requests (where it keeps their texts):
the classifier (:mod:`router.learning.refits.classifier`) and the answer model
(:mod:`router.learning.refits.answer_model`), each adopted only where it does better on held-out
judged requests than the one in use. What ``tierroute calibrate --from-log
--refit-classifier/--refit-answer-model`` and the live learning loop
(``learning.recalibrate.models_every``) share."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from classifiers.answers.model import AnswerModelError, load_answer_scorer
from classifiers.scorer import load_scorer
from router.learning.bands import prompt_difficulty
from router.learning.refits.answer_model import refit_answer_model
from router.learning.refits.classifier import refit_classifier
from router.policy.loading import load_policy_scorer
from router.policy.model import DIFFICULTY, TIER_NAMES, Policy
from router.stores.outcome_export import DATA_TIER

__all__ = [
    "ModelRefits", "Refitted", "refit_models", "with_answer_model_refit", "with_classifier_refit",
]  # fmt: skip

Rows = list[dict[str, object]]


@dataclass(frozen=True)
class Refitted:
    """The policy and the log's rows to fit the learned routing on, after the refits:
    the policy names the models adopted (its difficulty bands to be learned afresh where
    the classifier is new) and each row's difficulty is the adopted classifier's score."""

    policy: Policy
    rows: Rows
    #: The files adopted (absolute paths), if any.
    classifier: str | None = None
    answer_model: str | None = None
    #: What each refit found.
    lines: tuple[str, ...] = field(default=())


def with_classifier_refit(start: Refitted, out: Path) -> Refitted:
    """``start`` after a classifier refit on its rows, written to ``out`` if adopted
    (ValueError: the policy does not route by difficulty bands, or too few judged
    prompts)."""
    policy, rows = start.policy, start.rows
    if DIFFICULTY not in policy.learning.segment_by:
        raise ValueError(
            "the learned routing reads the classifier through its difficulty bands alone: "
            "add difficulty to learning.segment_by"
        )
    refit = refit_classifier(
        rows,
        load_policy_scorer(policy),
        out,
        top=DATA_TIER[TIER_NAMES[-1]],
        band_count=policy.learning.difficulty_band_count,
        quality=policy.learning.target_quality,
    )
    lines = (*start.lines, refit.describe())
    if not refit.adopted:
        return replace(start, lines=lines)
    classifier = str(out.resolve())
    scorer = load_scorer(out)
    rescored = [
        {**row, "difficulty": prompt_difficulty(scorer, str(row["prompt"]))}
        if row.get("prompt")
        else {k: v for k, v in row.items() if k != "difficulty"}
        for row in rows
    ]
    adopted = policy.with_models(classifier=classifier)
    return replace(start, policy=adopted, rows=rescored, classifier=classifier, lines=lines)


def with_answer_model_refit(start: Refitted, out: Path) -> Refitted:
    """``start`` after an answer model refit on its rows' answers, written to ``out`` if
    adopted (ValueError: the answer model in use cannot be read, or too few judged
    requests with their answers)."""
    policy = start.policy
    current = None
    if policy.escalation.answer_model is not None:
        try:
            current = load_answer_scorer(policy.resolve_path(policy.escalation.answer_model))
        except AnswerModelError as exc:
            raise ValueError(f"escalation.answer_model: {exc}") from exc
    refit = refit_answer_model(start.rows, current, out)
    lines = (*start.lines, refit.describe())
    if not refit.adopted:
        return replace(start, lines=lines)
    answer_model = str(out.resolve())
    adopted = policy.with_models(answer_model=answer_model)
    return replace(start, policy=adopted, answer_model=answer_model, lines=lines)


def refit_models(policy: Policy, rows: Rows, directory: Path, name: str) -> Refitted:
    """Both refits that can be tried on ``rows`` (the classifier's where the policy routes
    by difficulty bands), their files written into ``directory`` as ``name``'s if
    adopted; one that cannot be tried yet says why in the lines."""
    refitted = Refitted(policy, rows)
    steps = [("answer model", with_answer_model_refit, f"{name}.answers.json")]
    if policy.learning.banded:
        steps.insert(0, ("classifier", with_classifier_refit, f"{name}.classifier.json"))
    for what, step, file_name in steps:
        try:
            refitted = step(refitted, directory / file_name)
        except ValueError as exc:
            refitted = replace(refitted, lines=(*refitted.lines, f"{what} refit not tried: {exc}"))
    return refitted


class ModelRefits:
    """The live loop's refits (``learning.recalibrate.models_every``): when they are due,
    and the models adopted so far (laid over every policy the loop refits after)."""

    def __init__(self) -> None:
        #: Judged requests when the models were last refitted.
        self.at = 0
        self.classifier: str | None = None
        self.answer_model: str | None = None

    def laid_over(self, policy: Policy) -> Policy:
        """``policy`` with the models adopted so far."""
        return policy.with_models(self.classifier, self.answer_model)

    def due(self, policy: Policy, judged: int) -> bool:
        every = policy.learning.recalibrate.models_every
        return every is not None and judged >= self.at + every

    def refit(self, policy: Policy, rows: Rows, policy_file: Path, judged: int) -> Refitted:
        """Both refits on ``rows``, those adopted kept (written beside ``policy_file``,
        named by it and by ``judged``: ``policy.refit-400.classifier.json``)."""
        self.at = judged
        name = f"{policy_file.stem}.refit-{judged}"
        found = refit_models(policy, rows, policy_file.parent, name)
        self.classifier = found.classifier or self.classifier
        self.answer_model = found.answer_model or self.answer_model
        return found
