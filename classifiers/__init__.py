"""Difficulty scoring: features, the estimator, training, and the compiled scorer.

Names are imported lazily so that serving a decision (``load_scorer``) never pays for
importing scikit-learn.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "CompiledScorer",
    "DifficultyClassifier",
    "OrdinalLogisticClassifier",
    "Scored",
    "TicketVectorizer",
    "load_classifier",
    "load_scorer",
    "save_classifier",
    "train_classifier",
]

_WHERE = {
    "CompiledScorer": "classifiers.scorer",
    "Scored": "classifiers.scorer",
    "load_scorer": "classifiers.scorer",
    "DifficultyClassifier": "classifiers.estimator",
    "OrdinalLogisticClassifier": "classifiers.ordinal",
    "TicketVectorizer": "classifiers.vectorizer",
    "load_classifier": "classifiers.persistence",
    "save_classifier": "classifiers.persistence",
    "train_classifier": "classifiers.training",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'classifiers' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
