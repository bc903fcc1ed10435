"""Serve the decision: a fitted classifier compiled to feature → weight look-ups.

No NumPy, no scikit-learn: importing this is cheap, and one text is scored in tens of
microseconds. It gives the same numbers as :class:`~classifiers.estimator.DifficultyClassifier`
loaded from the same file (a test checks that).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from classifiers.artifact import read_artifact, resolve_classifier_path
from classifiers.features import FeatureConfig, feature_groups, group_value

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
        # one look-up table per feature kind, keyed without the kind's prefix:
        # name -> (weight of each cut..., push towards harder, |push|, full name)
        self._tables: dict[str, dict[str, tuple[Any, ...]]] = {"s:": {}, "w:": {}, "c:": {}}
        for name, w in weights.items():
            push = -sum(w)
            self._tables[name[:2]][name if name[:2] == "s:" else name[2:]] = (
                *w,
                push,
                abs(push),
                name,
            )

    def score(self, text: str, *, explain: int = 5) -> Scored:
        """Score ``text``; ``explain`` = how many top features to report."""
        groups = feature_groups(text, self.config)
        n_cuts = len(self.intercepts)
        logits = list(self.intercepts)
        candidates: list[tuple[float, float, str]] = []  # (|contribution|, contribution, name)
        structure_table = self._tables["s:"]
        for name, value in groups.structure.items():
            entry = structure_table.get(name)
            if entry is None:
                continue
            for k in range(n_cuts):
                logits[k] += entry[k] * value
            candidates.append((entry[n_cuts + 1] * value, entry[n_cuts] * value, name))
        for prefix, grams in (("w:", groups.words), ("c:", groups.chars)):
            table = self._tables[prefix]
            entries = [e for g in grams if (e := table.get(g)) is not None]
            if not entries:
                continue
            value = group_value(grams)
            for k in range(n_cuts):
                logits[k] += value * sum(e[k] for e in entries)
            if explain:  # members of a group share one value: their top |push| suffices
                for e in heapq.nlargest(explain, entries, key=itemgetter(n_cuts + 1)):
                    candidates.append((e[n_cuts + 1] * value, e[n_cuts] * value, e[-1]))
        proba, sufficiency, difficulty = _probabilities(logits, self.model_classes, len(self.tiers))
        top = heapq.nlargest(explain, candidates) if explain else []
        structure = tuple(
            (name, value)
            for name, value in groups.structure.items()
            if value > 0 and name not in ("s:length", "s:lines")
        )
        return Scored(
            proba=tuple(proba),
            sufficiency=tuple(sufficiency),
            difficulty=min(max(difficulty, 0.0), 1.0),
            top_features=tuple((name, c) for _, c, name in top),
            structure=structure,
        )


def _probabilities(
    logits: list[float], model_classes: tuple[int, ...], n_tiers: int
) -> tuple[list[float], list[float], float]:
    """Per-tier probabilities, cumulative sufficiency and difficulty from the cut logits."""
    n_cuts = len(logits)
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
    proba = [0.0] * n_tiers
    for index, cls in enumerate(model_classes):
        proba[cls] = present[index]
    sufficiency: list[float] = []
    total = 0.0
    for p in proba:
        total += p
        sufficiency.append(total)
    last = n_tiers - 1
    difficulty = sum(p * k for k, p in enumerate(proba)) / last
    return proba, sufficiency, difficulty


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
