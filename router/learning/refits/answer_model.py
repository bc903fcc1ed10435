"""Refitting the answer model on judged traffic: a candidate trained (as ``tierroute train
--answer-model`` trains on outcome rows) on three quarters of the judged requests whose
answers the log kept, by a hash of their ids, and kept only where it tells better, on the
held-out quarter, which of a tier's answers the next tier would improve on (the area
under the ROC curve of its expected gain, per tier, weighted by the answers judged) than
the answer model in use (none tells nothing: 0.5)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sklearn.metrics import roc_auc_score

from classifiers.answers.features import DEFAULT_ANSWER_PATTERN
from classifiers.answers.model import AnswerScorer, load_answer_scorer, write_answer_model
from classifiers.answers.training import AnswerExample, fit_answer_model, transition_examples
from classifiers.datasets import DataFormatError, OutcomeRow
from router.learning.refits.classifier import held_out

__all__ = ["MIN_ANSWER_ROWS", "AnswerModelRefit", "TierSeparation", "refit_answer_model"]

#: Judged requests with their prompt and answers needed, at least, before a refit is tried.
MIN_ANSWER_ROWS = 200
#: How much higher the candidate's held-out area under the curve must be.
_MARGIN = 0.02
_SALT = "answer-refit"

Row = Mapping[str, object]


@dataclass(frozen=True)
class TierSeparation:
    """How well each model's expected gain orders one tier's held-out answers by whether
    the next tier did better (area under the ROC curve; 0.5: no better than chance)."""

    tier: str
    answers: int
    current: float
    candidate: float


@dataclass(frozen=True)
class AnswerModelRefit:
    """A candidate answer model and how it and the one in use did on held-out answers."""

    rows: int
    held_out: int
    tiers: tuple[TierSeparation, ...]
    #: Where the candidate is written, if it is adopted.
    path: Path

    def _mean(self, of: str) -> float:
        total = sum(t.answers for t in self.tiers)
        if not total:
            return 0.5
        return sum(float(getattr(t, of)) * t.answers for t in self.tiers) / total

    @property
    def current(self) -> float:
        return self._mean("current")

    @property
    def candidate(self) -> float:
        return self._mean("candidate")

    @property
    def adopted(self) -> bool:
        return bool(self.tiers) and self.candidate >= self.current + _MARGIN

    def describe(self) -> str:
        verdict = (
            "adopted"
            if self.adopted
            else f"kept the answer model in use (a refit must separate {_MARGIN:g} better)"
        )
        per_tier = "; ".join(
            f"{t.tier} {t.candidate:.3f} against {t.current:.3f} ({t.answers} answers)"
            for t in self.tiers
        )
        return (
            f"answer model refit on {self.rows - self.held_out} judged requests: on "
            f"{self.held_out} held out, how well the expected gain tells the answers the next "
            f"tier improves on (area under the ROC curve), refit against the model in use: "
            f"{per_tier or 'no tier with both kinds of answer'}: {verdict}"
        )


def _usable(row: Row) -> OutcomeRow | None:
    """The row as outcome data, if it holds a prompt, an answer and two tiers' scores."""
    scores, responses = row.get("scores"), row.get("responses")
    if not (isinstance(scores, dict) and len(scores) > 1 and isinstance(responses, dict)):
        return None
    if not responses or not str(row.get("prompt") or "").strip():
        return None
    return OutcomeRow.model_validate({**row, "id": str(row.get("id"))})


def _separation(scorer: AnswerScorer | None, tier: str, examples: list[AnswerExample]) -> float:
    if scorer is None or not scorer.judges(tier):
        return 0.5
    gains = [scorer.expected_gain(tier, e.prompt, e.answer, e.previous) for e in examples]
    return float(roc_auc_score([e.gain > 0 for e in examples], gains))


def refit_answer_model(
    rows: Sequence[Row], current: AnswerScorer | None, out: Path
) -> AnswerModelRefit:
    """Train a candidate on the judged ``rows``' fit part and compare it with ``current``
    on the held-out part; written to ``out`` if adopted (ValueError: too few judged
    requests with their answers, or nothing to learn from them)."""
    judged = [r for r in (_usable(row) for row in rows) if r is not None]
    if len(judged) < MIN_ANSWER_ROWS:
        raise ValueError(
            f"{len(judged)} judged requests with their prompt and answers; an answer model "
            f"refit needs at least {MIN_ANSWER_ROWS} (learning.log.include_text keeps them)"
        )
    held = [r for r in judged if held_out(r.id, _SALT)]
    fit = [r for r in judged if not held_out(r.id, _SALT)]
    pattern = current.pattern.pattern if current is not None else DEFAULT_ANSWER_PATTERN
    try:
        artifact = fit_answer_model(
            fit, answer_pattern=pattern, metadata={"trained_on": "the decision log"}
        )
    except DataFormatError as exc:
        raise ValueError(str(exc)) from exc
    with tempfile.TemporaryDirectory() as tmp:
        trained = Path(tmp) / "answers.json"
        write_answer_model(artifact, trained)
        candidate = load_answer_scorer(trained)
        tiers = []
        for tier, examples in sorted(transition_examples(held).items()):
            if len({e.gain > 0 for e in examples}) < 2:
                continue  # the next tier always (or never) did better: nothing to order
            tiers.append(
                TierSeparation(
                    tier=tier,
                    answers=len(examples),
                    current=_separation(current, tier, examples),
                    candidate=_separation(candidate, tier, examples),
                )
            )
        refit = AnswerModelRefit(rows=len(judged), held_out=len(held), tiers=tuple(tiers), path=out)
        if refit.adopted:
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(trained, out)
    return refit
