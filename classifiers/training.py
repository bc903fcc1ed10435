"""Fit a difficulty classifier on data files and write its artifact."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from classifiers.datasets import read_training_examples
from classifiers.estimator import DifficultyClassifier
from classifiers.persistence import save_classifier

__all__ = ["AnswerModelReport", "TrainingReport", "train_answer_model", "train_classifier"]


class AnswerModelReport(BaseModel):
    """What the answer model was fitted on."""

    out: str
    #: Training examples per judged tier.
    examples: dict[str, int]


class TrainingReport(BaseModel):
    """What a training run saw and how well it did under cross-validation."""

    out: str
    examples: int
    tier_counts: dict[str, int]
    cv_folds: int
    cv_accuracy: float | None
    cv_confusion: list[list[int]] | None
    tiers: list[str]
    answer_model: AnswerModelReport | None = None


def train_classifier(
    data: list[Path],
    out: Path,
    *,
    cv_folds: int = 5,
    params: dict[str, Any] | None = None,
    seed: int = 0,
) -> TrainingReport:
    """Fit on every example in ``data`` and save to ``out``.

    With ``cv_folds >= 2`` the report also gives the cross-validated accuracy and
    confusion matrix (rows = true tier, columns = predicted tier).
    """
    examples = [pair for path in data for pair in read_training_examples(path)]
    texts = [text for text, _ in examples]
    labels = np.array([tier for _, tier in examples], dtype=object)
    clf = DifficultyClassifier(**(params or {}))
    counts = Counter(str(label) for label in labels)
    accuracy: float | None = None
    confusion: list[list[int]] | None = None
    tiers = list(clf.tiers)
    if cv_folds >= 2 and min(counts.values()) >= cv_folds:
        folds = StratifiedKFold(n_splits=cv_folds, shuffle=True, random_state=seed)
        predicted = cross_val_predict(clf, texts, labels, cv=folds)
        accuracy = float(np.mean(predicted == labels))
        confusion = [[int(np.sum((labels == t) & (predicted == p))) for p in tiers] for t in tiers]
    clf.fit(texts, labels)
    metadata = {
        "trained_on": [str(p) for p in data],
        "examples": len(texts),
        "tier_counts": dict(counts),
        "cv_accuracy": accuracy,
    }
    save_classifier(clf, out, metadata)
    return TrainingReport(
        out=str(out),
        examples=len(texts),
        tier_counts=dict(counts),
        cv_folds=cv_folds,
        cv_accuracy=accuracy,
        cv_confusion=confusion,
        tiers=tiers,
    )


def train_answer_model(data: list[Path], out: Path) -> AnswerModelReport:
    """Fit the answer model on the outcome rows of ``data`` and save it to ``out``."""
    from classifiers.answers.model import write_answer_model
    from classifiers.answers.training import fit_answer_model
    from classifiers.datasets import DataFormatError, read_jsonl, read_outcomes

    for path in data:
        first = next(read_jsonl(path), None)
        if first is None or "scores" not in first[1]:
            raise DataFormatError(
                f"{path}: the answer model needs outcome data (rows with `scores` and "
                "`responses`), not tier-labelled text"
            )
    rows = [row for path in data for row in read_outcomes(path)]
    artifact = fit_answer_model(rows, metadata={"trained_on": [str(p) for p in data]})
    write_answer_model(artifact, out)
    return AnswerModelReport(
        out=str(out),
        examples={tier: model.examples for tier, model in artifact.transitions.items()},
    )
