"""Save a fitted :class:`DifficultyClassifier` to the JSON artifact and load it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from classifiers.artifact import ClassifierArtifact, read_artifact, write_artifact
from classifiers.estimator import DifficultyClassifier
from classifiers.ordinal import OrdinalLogisticClassifier
from classifiers.vectorizer import TicketVectorizer

__all__ = ["load_classifier", "save_classifier", "to_artifact"]


def to_artifact(
    clf: DifficultyClassifier, metadata: dict[str, Any] | None = None
) -> ClassifierArtifact:
    """The artifact of fitted ``clf``; features whose weights are all zero are left out."""
    vectorizer: TicketVectorizer = clf.vectorizer_
    model: OrdinalLogisticClassifier = clf.model_
    names = vectorizer.get_feature_names_out()
    coef = model.coef_
    weights = {
        str(names[j]): [float(v) for v in coef[:, j]]
        for j in range(coef.shape[1])
        if np.any(coef[:, j] != 0.0)
    }
    config = vectorizer.feature_config()
    params = {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in clf.get_params().items()
    }
    return ClassifierArtifact(
        tiers=[str(t) for t in clf.classes_],
        model_classes=[int(c) for c in model.classes_],
        word_ngram_range=config.word_ngram_range,
        char_ngram_range=config.char_ngram_range,
        max_chars=config.max_chars,
        params=params,
        intercepts=[float(b) for b in model.intercept_],
        weights=weights,
        metadata=metadata or {},
    )


def save_classifier(
    clf: DifficultyClassifier, path: str | Path, metadata: dict[str, Any] | None = None
) -> Path:
    """Write fitted ``clf`` to ``path`` (JSON). Returns the path."""
    path = Path(path)
    write_artifact(to_artifact(clf, metadata), path)
    return path


def load_classifier(path: str | Path) -> DifficultyClassifier:
    """A fitted :class:`DifficultyClassifier` read from a JSON artifact (no pickle)."""
    artifact, _ = read_artifact(Path(path))
    params = dict(artifact.params)
    for key in ("word_ngram_range", "char_ngram_range"):
        if isinstance(params.get(key), list):
            params[key] = tuple(params[key])
    params["tiers"] = tuple(artifact.tiers)
    known = DifficultyClassifier().get_params()
    clf = DifficultyClassifier(**{k: v for k, v in params.items() if k in known})
    names = list(artifact.weights)
    vectorizer = TicketVectorizer(
        word_ngram_range=artifact.word_ngram_range,
        char_ngram_range=artifact.char_ngram_range,
        max_chars=artifact.max_chars,
    )
    vectorizer.vocabulary_ = {name: index for index, name in enumerate(names)}
    vectorizer.n_features_out_ = len(names)
    model = OrdinalLogisticClassifier(C=clf.C, class_weight=clf.class_weight)
    model.classes_ = np.array(artifact.model_classes)
    model.coef_ = (
        np.array([artifact.weights[name] for name in names]).T
        if names
        else np.zeros((len(artifact.intercepts), 0))
    )
    model.intercept_ = np.array(artifact.intercepts)
    model.n_features_in_ = len(names)
    clf.classes_ = np.array(artifact.tiers, dtype=object)
    clf.vectorizer_ = vectorizer
    clf.model_ = model
    return clf
