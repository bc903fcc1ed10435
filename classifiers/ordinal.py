"""An ordinal classifier: one logistic regression per cut "label <= k" of an ordered ladder.

``predict_proba`` gives the probability of each class; the cumulative sums are the
probabilities that each rung of the ladder suffices (the label is at or below it).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

__all__ = ["OrdinalLogisticClassifier", "cumulative_to_proba", "sigmoid"]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, elementwise."""
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))
    return out


def cumulative_to_proba(cumulative: np.ndarray) -> np.ndarray:
    """Class probabilities from cut probabilities P(label <= k), k = 0 .. K-2.

    Cuts are made monotone (a later cut never lies below an earlier one).
    """
    n = cumulative.shape[0]
    monotone = np.maximum.accumulate(cumulative, axis=1) if cumulative.size else cumulative
    full = np.hstack([np.zeros((n, 1)), monotone, np.ones((n, 1))])
    proba: np.ndarray = np.diff(full, axis=1)
    return proba


class OrdinalLogisticClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Ordinal classification by cumulative cuts ("Frank & Hall"), each a logistic regression.

    Classes are ordered as ``np.unique`` orders them (numbers ascending).

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularization strength of every cut's logistic regression.
    class_weight : "balanced", dict or None, default=None
        "balanced" reweights each cut's two sides; a dict weights samples by class.
    max_iter : int, default=1000
        Iteration limit of each fit.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    >>> clf = OrdinalLogisticClassifier().fit(X, [0, 0, 1, 1, 2, 2])
    >>> clf.predict_proba(X).shape
    (6, 3)
    """

    def __init__(
        self,
        *,
        C: float = 1.0,
        class_weight: str | dict[Any, float] | None = None,
        max_iter: int = 1000,
    ) -> None:
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> OrdinalLogisticClassifier:
        """Fit one logistic regression per cut between consecutive classes."""
        if not (isinstance(self.C, int | float) and self.C > 0):
            raise ValueError(f"C must be a positive number, got {self.C!r}")
        if not (self.class_weight in (None, "balanced") or isinstance(self.class_weight, dict)):
            raise ValueError(
                "class_weight must be None, 'balanced' or a dict {class: weight}, "
                f"got {self.class_weight!r}"
            )
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        sample_weight = _check_sample_weight(sample_weight, X)
        cut_class_weight = self.class_weight
        if isinstance(self.class_weight, dict):
            per_class = np.array([self.class_weight.get(c, 1.0) for c in self.classes_])
            sample_weight = sample_weight * per_class[y_index]
            cut_class_weight = None
        n_cuts = max(len(self.classes_) - 1, 0)
        self.coef_ = np.zeros((n_cuts, X.shape[1]))
        self.intercept_ = np.zeros(n_cuts)
        self.n_iter_ = np.zeros(max(n_cuts, 1), dtype=np.int32)
        for k in range(n_cuts):
            target = (y_index <= k).astype(int)
            model = LogisticRegression(
                C=self.C, class_weight=cut_class_weight, max_iter=self.max_iter
            )
            model.fit(X, target, sample_weight=sample_weight)
            self.n_iter_[k] = model.n_iter_[0]
            self.coef_[k] = model.coef_[0]
            self.intercept_[k] = model.intercept_[0]
        return self

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def cumulative_proba(self, X: Any) -> np.ndarray:
        """P(label <= class k) for every class k (the last column is 1)."""
        return np.cumsum(self.predict_proba(X), axis=1)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probability of each class, columns in ``classes_`` order."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        cuts = sigmoid(np.asarray(X @ self.coef_.T) + self.intercept_)
        return cumulative_to_proba(cuts)

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class of each row."""
        check_is_fitted(self)
        result: np.ndarray = self.classes_[np.argmax(self.predict_proba(X), axis=1)]
        return result
