"""The difficulty classifier: text → which tier suffices, and one difficulty score."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from classifiers.ordinal import OrdinalLogisticClassifier
from classifiers.vectorizer import TicketVectorizer, as_texts

__all__ = ["DEFAULT_TIERS", "DifficultyClassifier"]

DEFAULT_TIERS: tuple[str, ...] = ("small", "mid", "reasoning")


class DifficultyClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Predict the cheapest tier that answers a request well.

    The label of a text is the cheapest tier that suffices for it. The model learns
    one cut per pair of neighbouring tiers ("tier k or cheaper suffices") over word
    and character n-grams and support-ticket structure features.

    Parameters
    ----------
    tiers : sequence of str, default=("small", "mid", "reasoning")
        The tier ladder, cheapest first. Labels must be among these.
    word_ngram_range, char_ngram_range, min_df, max_features, max_chars
        Feature extraction; see :class:`~classifiers.vectorizer.TicketVectorizer`.
    C : float, default=4.0
        Inverse regularization strength.
    class_weight : "balanced" or None, default="balanced"
        Weight tiers inversely to their frequency.

    Attributes
    ----------
    classes_ : ndarray of str
        The tiers, cheapest first.
    vectorizer_ : TicketVectorizer
    model_ : OrdinalLogisticClassifier

    Examples
    --------
    >>> texts = ["reset password", "change my email", "Traceback: KeyError in sync",
    ...          "stack trace after upgrade 2.1.0"]
    >>> clf = DifficultyClassifier(tiers=("small", "reasoning"), min_df=1)
    >>> clf = clf.fit(texts, ["small", "small", "reasoning", "reasoning"])
    >>> clf.predict(["how do I reset my password"])[0]
    'small'
    """

    def __init__(
        self,
        *,
        tiers: Sequence[str] = DEFAULT_TIERS,
        word_ngram_range: tuple[int, int] | None = (1, 1),
        char_ngram_range: tuple[int, int] | None = (3, 4),
        min_df: int = 2,
        max_features: int = 50000,
        max_chars: int = 6000,
        C: float = 4.0,
        class_weight: str | None = "balanced",
    ) -> None:
        self.tiers = tiers
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.max_chars = max_chars
        self.C = C
        self.class_weight = class_weight

    def _label_indices(self, y: Any) -> np.ndarray:
        tiers = list(self.tiers)
        if len(tiers) < 2 or len(set(tiers)) != len(tiers):
            raise ValueError(f"tiers must name at least two distinct tiers, got {tiers!r}")
        position = {tier: index for index, tier in enumerate(tiers)}
        labels = list(y)
        unknown = sorted({str(label) for label in labels if label not in position})
        if unknown:
            raise ValueError(
                f"unknown tier label(s) {', '.join(unknown)}; allowed: {', '.join(tiers)}"
            )
        return np.array([position[label] for label in labels], dtype=np.int64)

    def fit(self, X: Iterable[str], y: Any, sample_weight: Any = None) -> DifficultyClassifier:
        """Fit on texts ``X`` labelled with the cheapest tier that suffices."""
        texts = as_texts(X)
        y_index = self._label_indices(y)
        if len(texts) != len(y_index):
            raise ValueError(f"X has {len(texts)} texts but y has {len(y_index)} labels")
        if len(np.unique(y_index)) < 2:
            raise ValueError("y must hold at least two different tiers to learn a difference")
        self.classes_ = np.array(list(self.tiers), dtype=object)
        self.vectorizer_ = TicketVectorizer(
            word_ngram_range=self.word_ngram_range,
            char_ngram_range=self.char_ngram_range,
            min_df=self.min_df,
            max_features=self.max_features,
            max_chars=self.max_chars,
        ).fit(texts)
        features = self.vectorizer_.transform(texts)
        self.model_ = OrdinalLogisticClassifier(C=self.C, class_weight=self.class_weight)
        self.model_.fit(features, y_index, sample_weight=sample_weight)
        return self

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """P(tier k is the cheapest that suffices), one column per tier in ``classes_``."""
        check_is_fitted(self, "model_")
        partial = self.model_.predict_proba(self.vectorizer_.transform(as_texts(X)))
        proba = np.zeros((partial.shape[0], len(self.classes_)))
        proba[:, self.model_.classes_] = partial
        return proba

    def sufficiency_proba(self, X: Iterable[str]) -> np.ndarray:
        """P(tier k suffices), i.e. the cheapest sufficient tier is k or cheaper."""
        result: np.ndarray = np.cumsum(self.predict_proba(X), axis=1)
        return result

    def difficulty(self, X: Iterable[str]) -> np.ndarray:
        """Difficulty in [0, 1]: the expected rung of the ladder, scaled."""
        proba = self.predict_proba(X)
        rungs = np.arange(proba.shape[1]) / (proba.shape[1] - 1)
        result: np.ndarray = proba @ rungs
        return result

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """The most probable cheapest-sufficient tier of each text."""
        result: np.ndarray = self.classes_[np.argmax(self.predict_proba(X), axis=1)]
        return result
