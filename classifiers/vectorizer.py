"""Text → sparse feature matrix, with a vocabulary learned by document frequency."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from classifiers.features import FeatureConfig, extract_features

__all__ = ["TicketVectorizer", "as_texts"]


def as_texts(X: Any) -> list[str]:
    """Check that ``X`` is a 1-d sequence of strings and return it as a list."""
    if isinstance(X, str):
        raise ValueError("X must be a sequence of texts, not a single string; wrap it in a list")
    if isinstance(X, np.ndarray) and X.ndim == 2 and X.shape[1] == 1:
        X = X[:, 0]
    texts = list(X)
    bad = [i for i, text in enumerate(texts) if not isinstance(text, str)]
    if bad:
        raise ValueError(
            f"X must hold texts (str); item {bad[0]} is {type(texts[bad[0]]).__name__}"
        )
    return texts


class TicketVectorizer(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Turn texts into word/char n-gram and structure features.

    Parameters
    ----------
    word_ngram_range : tuple (min_n, max_n) or None, default=(1, 1)
        Word n-gram sizes; None leaves word n-grams out. Words alone score as well as
        words and word pairs on the shipped tickets (5-fold CV), and cost less to serve.
    char_ngram_range : tuple (min_n, max_n) or None, default=(3, 4)
        Character n-gram sizes inside words; None leaves them out.
    min_df : int, default=2
        Keep an n-gram only if at least this many training texts contain it.
    max_features : int, default=50000
        Keep at most this many n-grams, the most frequent first.
    max_chars : int, default=6000
        Only the first ``max_chars`` characters are read (the ``length`` and ``lines``
        structure features see the whole text).

    Examples
    --------
    >>> vec = TicketVectorizer(min_df=1).fit(["reset my password", "stack trace attached"])
    >>> vec.transform(["reset password"]).shape[0]
    1
    """

    def __init__(
        self,
        *,
        word_ngram_range: tuple[int, int] | None = (1, 1),
        char_ngram_range: tuple[int, int] | None = (3, 4),
        min_df: int = 2,
        max_features: int = 50000,
        max_chars: int = 6000,
    ) -> None:
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.max_chars = max_chars

    def feature_config(self) -> FeatureConfig:
        """The :class:`FeatureConfig` these parameters describe."""
        return FeatureConfig(
            word_ngram_range=_pair(self.word_ngram_range, "word_ngram_range"),
            char_ngram_range=_pair(self.char_ngram_range, "char_ngram_range"),
            max_chars=self.max_chars,
        )

    def fit(self, X: Iterable[str], y: Any = None) -> TicketVectorizer:
        """Learn the vocabulary from texts ``X``."""
        if not isinstance(self.min_df, int) or self.min_df < 1:
            raise ValueError(f"min_df must be an int >= 1, got {self.min_df!r}")
        if not isinstance(self.max_features, int) or self.max_features < 1:
            raise ValueError(f"max_features must be an int >= 1, got {self.max_features!r}")
        config = self.feature_config()
        counts: Counter[str] = Counter()
        structure: set[str] = set()
        for text in as_texts(X):
            extracted = extract_features(text, config)
            counts.update(name for name in extracted if not name.startswith("s:"))
            structure.update(name for name in extracted if name.startswith("s:"))
        grams = [name for name, n in counts.items() if n >= self.min_df]
        grams.sort(key=lambda name: (-counts[name], name))
        names = sorted(structure) + sorted(grams[: self.max_features])
        self.vocabulary_ = {name: index for index, name in enumerate(names)}
        self.n_features_out_ = len(names)
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """Feature matrix of texts ``X`` (one row per text)."""
        check_is_fitted(self, "vocabulary_")
        config = self.feature_config()
        vocabulary = self.vocabulary_
        indptr, indices, data = [0], [], []
        for text in as_texts(X):
            for name, value in extract_features(text, config).items():
                index = vocabulary.get(name)
                if index is not None:
                    indices.append(index)
                    data.append(value)
            indptr.append(len(indices))
        return sp.csr_matrix(
            (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
            shape=(len(indptr) - 1, len(vocabulary)),
        )

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Feature names in column order."""
        check_is_fitted(self, "vocabulary_")
        return np.array(sorted(self.vocabulary_, key=self.vocabulary_.__getitem__), dtype=object)


def _pair(value: Any, name: str) -> tuple[int, int] | None:
    if value is None:
        return None
    low, high = value
    if not (isinstance(low, int) and isinstance(high, int) and 1 <= low <= high):
        raise ValueError(f"{name} must be (min_n, max_n) with 1 <= min_n <= max_n, got {value!r}")
    return (low, high)
