"""Serve the decision: a fitted classifier compiled to feature → weight look-ups.

No NumPy, no scikit-learn: importing this is cheap, and one text is scored in tens of
microseconds. It gives the same numbers as :class:`~classifiers.estimator.DifficultyClassifier`
loaded from the same file (a test checks that).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from pathlib import Path

from classifiers.artifact import read_artifact, resolve_classifier_path
from classifiers.features import FeatureConfig, extract_features

__all__ = ["CompiledScorer", "Scored", "load_scorer"]


@dataclass(frozen=True)
class Scored:
    """The classifier's view of one text."""

    #: P(tier k is the cheapest that suffices), in ladder order.
    proba: tuple[float, ...]
    #: P(tier k suffices), in ladder order (the last is 1).
    sufficiency: tuple[float, ...]
    #: Expected rung of the ladder, scaled to [0, 1].
    difficulty: float
    #: Features that pushed hardest, ``(name, contribution)``; positive = harder.
    top_features: tuple[tuple[str, float], ...]
    #: Structure features that fired (``s:`` names, value > 0).
    structure: tuple[tuple[str, float], ...]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class CompiledScorer:
    """Scores texts with the weights of a classifier file."""

    def __init__(
        self,
        *,
        tiers: tuple[str, ...],
        model_classes: tuple[int, ...],
        config: FeatureConfig,
        intercepts: tuple[float, ...],
        weights: dict[str, tuple[float, ...]],
        version: str,
    ) -> None:
        self.tiers = tiers
        self.model_classes = model_classes
        self.config = config
        self.intercepts = intercepts
        self.weights = weights
        self.version = version
        self._difficulty_weight = {name: -sum(w) for name, w in weights.items()}

    def score(self, text: str, *, explain: int = 5) -> Scored:
        """Score ``text``; ``explain`` = how many top features to report."""
        features = extract_features(text, self.config)
        logits = list(self.intercepts)
        weights = self.weights
        n_cuts = len(logits)
        contributions: list[tuple[float, str]] = []
        push = self._difficulty_weight
        for name, value in features.items():
            w = weights.get(name)
            if w is None:
                continue
            for k in range(n_cuts):
                logits[k] += w[k] * value
            if explain:
                contributions.append((push[name] * value, name))
        cumulative: list[float] = []
        running = 0.0
        for z in logits:
            running = max(running, _sigmoid(z))
            cumulative.append(running)
        cumulative.append(1.0)
        present = [0.0] * (n_cuts + 1)
        previous = 0.0
        for index, value in enumerate(cumulative):
            present[index] = value - previous
            previous = value
        proba = [0.0] * len(self.tiers)
        for index, cls in enumerate(self.model_classes):
            proba[cls] = present[index]
        sufficiency = []
        total = 0.0
        for p in proba:
            total += p
            sufficiency.append(total)
        last = len(self.tiers) - 1
        difficulty = sum(p * k for k, p in enumerate(proba)) / last
        top = heapq.nlargest(explain, contributions, key=lambda c: abs(c[0])) if explain else []
        structure = tuple(
            (name, value)
            for name, value in features.items()
            if name.startswith("s:")
            and value > 0
            and not name.startswith("s:length")
            and not name.startswith("s:lines")
        )
        return Scored(
            proba=tuple(proba),
            sufficiency=tuple(sufficiency),
            difficulty=min(max(difficulty, 0.0), 1.0),
            top_features=tuple((name, c) for c, name in top),
            structure=structure,
        )


def load_scorer(spec: str | Path, base_dir: Path | None = None) -> CompiledScorer:
    """Load the classifier file named by ``spec`` (a path or ``builtin:NAME``)."""
    path = resolve_classifier_path(str(spec), base_dir)
    artifact, version = read_artifact(path)
    return CompiledScorer(
        tiers=tuple(artifact.tiers),
        model_classes=tuple(artifact.model_classes),
        config=FeatureConfig(
            word_ngram_range=artifact.word_ngram_range,
            char_ngram_range=artifact.char_ngram_range,
            max_chars=artifact.max_chars,
        ),
        intercepts=tuple(artifact.intercepts),
        weights={name: tuple(w) for name, w in artifact.weights.items()},
        version=version,
    )
