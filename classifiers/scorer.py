"""Serve the decision: a fitted classifier compiled to feature → weight look-ups.

No NumPy, no scikit-learn: importing this is cheap, and one text is scored in tens of
microseconds. It gives the same numbers as :class:`~classifiers.estimator.DifficultyClassifier`
loaded from the same file (a test checks that).

How a score is computed without building the text's feature dict:

- a word's unigram weights and the summed weights of its character n-grams (scaled as
  :mod:`classifiers.features` says) depend on the word alone, so they are computed once per
  distinct word and kept in a bounded cache; a text then costs one look-up per distinct word;
- word bigrams (and longer n-grams) are looked up as tuples of words;
- structure features are dotted with their weights.

Which features pushed hardest (:meth:`CompiledScorer.explain`) is computed from the full
feature dict, only when asked.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add, mul
from pathlib import Path

from classifiers.artifact import read_artifact, resolve_classifier_path
from classifiers.features import (
    STRUCTURE_FEATURES,
    FeatureConfig,
    char_ngrams,
    extract_features,
    split_text,
    word_ngrams,
)
from classifiers.structure import LANGUAGES, structure_values

__all__ = ["CompiledScorer", "Scored", "load_scorer"]

#: Stands in for a word not yet in the cache: makes the sum of a text's words NaN.
_UNSEEN = complex(math.nan, math.nan)
#: Structure features reported as "present" (sizes are always present).
_REPORTED = tuple(f"s:{name}" for name in STRUCTURE_FEATURES[2:])


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
    #: Empty unless asked for (``score(text, explain=n)``).
    top_features: tuple[tuple[str, float], ...]
    #: Structure features that fired (``s:`` names, value > 0), the language last.
    structure: tuple[tuple[str, float], ...]
    #: The distinct lower-cased words of the text's first ``max_chars`` characters.
    words: AbstractSet[str] = frozenset()


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class CompiledScorer:
    """Scores texts with the weights of a classifier file.

    ``word_cache_size`` bounds how many distinct words keep their precomputed weights.
    """

    def __init__(
        self,
        *,
        tiers: tuple[str, ...],
        model_classes: tuple[int, ...],
        config: FeatureConfig,
        intercepts: tuple[float, ...],
        weights: dict[str, tuple[float, ...]],
        version: str,
        word_cache_size: int = 100_000,
    ) -> None:
        self.tiers = tiers
        self.model_classes = model_classes
        self.config = config
        self.intercepts = intercepts
        self.weights = weights
        self.version = version
        self.word_cache_size = word_cache_size
        cuts = len(intercepts)
        self._zeros = (0.0,) * cuts
        zero = self._zeros
        # per cut: the weights of the structure features, in STRUCTURE_FEATURES order
        self._structure = tuple(
            tuple(weights.get(f"s:{name}", zero)[k] for name in STRUCTURE_FEATURES)
            for k in range(cuts)
        )
        self._languages = {
            language: weights.get(f"s:lang_{language}", zero)
            for language in (*LANGUAGES, "unknown")
        }
        # Word unigrams and character n-grams have the same scale, 1/sqrt(distinct words),
        # when the word n-grams are unigrams only (the default) or off. A word's weights
        # (its unigram's plus its scaled character n-grams') are then computed once and
        # cached; with at most two cuts (three tiers) they are packed in a complex number
        # (cut 0 real, cut 1 imaginary), so that a text's words add up in one C-level sum.
        word_range = config.word_ngram_range
        self._one_scale = word_range is None or word_range == (1, 1)
        self._packed = self._one_scale and cuts <= 2
        self._packed_words: dict[str, complex] = {}
        self._packed_unigrams: dict[str, complex] = {}
        self._packed_chars: dict[str, complex] = {}
        # otherwise (tuples, one weight per cut): word n-grams by size, keyed as
        # word_ngrams() gives them, character n-grams, and per word its unigram weights,
        # then its scaled character n-gram weights (summed if self._one_scale)
        self._ngrams: dict[int, dict[Hashable, tuple[float, ...]]] = {}
        self._chars: dict[str, tuple[float, ...]] = {}
        self._words: dict[str, tuple[float, ...]] = {}
        for name, w in weights.items():
            kind, gram = name[:2], name[2:]
            if kind == "c:" and self._packed:
                self._packed_chars[gram] = complex(*w)
            elif kind == "c:":
                self._chars[gram] = w
            elif kind == "w:" and self._packed:
                self._packed_unigrams[gram] = complex(*w)
            elif kind == "w:":
                words = gram.split(" ")
                key: Hashable = words[0] if len(words) == 1 else tuple(words)
                self._ngrams.setdefault(len(words), {})[key] = w

    def held(self) -> dict[str, int]:
        """How many words keep their precomputed weights (at most ``word_cache_size``)."""
        return {"word_cache": len(self._packed_words) + len(self._words)}

    def score(self, text: str, *, explain: int = 5) -> Scored:
        """Score ``text``; ``explain`` = how many top features to report (0: none)."""
        config = self.config
        head, lower, words = split_text(text, config.max_chars)
        distinct = set(words)
        values, language = structure_values(text, head, lower, words, distinct)
        cuts = len(self.intercepts)
        language_weights = self._languages[language]
        logits = [
            self.intercepts[k] + sum(map(mul, values, self._structure[k])) + language_weights[k]
            for k in range(cuts)
        ]
        if distinct and self._packed:
            cached = self._packed_words
            total = sum(map(cached.get, distinct, repeat(_UNSEEN)))
            if total != total:  # NaN: words not seen before
                unseen = distinct.difference(cached)
                total = sum(map(cached.get, distinct, repeat(0j)))
                total += sum(map(self._packed_entry, unseen))
            scale = 1.0 / math.sqrt(len(distinct))
            logits[0] += scale * total.real
            if cuts == 2:
                logits[1] += scale * total.imag
        elif distinct:
            entries = list(map(self._words.get, distinct))
            if None in entries:
                entries = [e or self._word_entry(w) for w, e in zip(distinct, entries, strict=True)]
            sums = [sum(column) for column in zip(*entries, strict=True)]
            scale = 1.0 / math.sqrt(len(distinct))
            if self._one_scale:
                for k in range(cuts):
                    logits[k] += scale * sums[k]
            else:
                word_scale, word_sums = self._ngram_sums(words, distinct, sums[:cuts])
                for k in range(cuts):
                    logits[k] += word_scale * word_sums[k] + scale * sums[cuts + k]
        proba, sufficiency, difficulty = _probabilities(logits, self.model_classes, len(self.tiers))
        structure = [(name, v) for name, v in zip(_REPORTED, values[2:], strict=True) if v > 0]
        structure.append((f"s:lang_{language}", 1.0))
        return Scored(
            proba=tuple(proba),
            sufficiency=tuple(sufficiency),
            difficulty=min(max(difficulty, 0.0), 1.0),
            top_features=self.explain(text, explain) if explain else (),
            structure=tuple(structure),
            words=distinct,
        )

    def _ngram_sums(
        self, words: list[str], distinct: set[str], unigram_sums: list[float]
    ) -> tuple[float, list[float]]:
        """The scale of the word n-grams and their weights summed per cut."""
        low, high = self.config.word_ngram_range or (1, 0)
        sums = unigram_sums if low == 1 else [0.0] * len(unigram_sums)
        count = 0
        for n in range(low, high + 1):
            grams = distinct if n == 1 else word_ngrams(words, n)
            count += len(grams)
            table = self._ngrams.get(n)
            if n > 1 and table:
                for k, total in enumerate(_column_sums(map(table.get, grams), len(sums))):
                    sums[k] += total
        return (1.0 / math.sqrt(count) if count else 0.0), sums

    def _packed_entry(self, word: str) -> complex:
        """The word's weights packed in a complex number (see ``__init__``), cached."""
        packed = self._packed_words.get(word)
        if packed is None:
            packed = self._packed_unigrams.get(word, 0j)
            if self.config.char_ngram_range is not None:
                grams = char_ngrams(word, *self.config.char_ngram_range)
                chars = sum(map(self._packed_chars.get, grams, repeat(0j)))
                packed += chars * (1.0 / math.sqrt(len(grams)))
            if len(self._packed_words) < self.word_cache_size:
                self._packed_words[word] = packed
        return packed

    def _word_entry(self, word: str) -> tuple[float, ...]:
        """The word's cached weights (see ``__init__``), computed on first sight."""
        unigrams = self._ngrams.get(1, {}).get(word, self._zeros)
        chars = self._zeros
        if self.config.char_ngram_range is not None:
            grams = char_ngrams(word, *self.config.char_ngram_range)
            scale = 1.0 / math.sqrt(len(grams))
            totals = _column_sums(map(self._chars.get, grams), len(self._zeros))
            chars = tuple(scale * total for total in totals)
        entry = tuple(map(add, unigrams, chars)) if self._one_scale else (*unigrams, *chars)
        if len(self._words) < self.word_cache_size:
            self._words[word] = entry
        return entry

    def explain(self, text: str, top: int = 5) -> tuple[tuple[str, float], ...]:
        """The ``top`` features of ``text`` that pushed hardest, ``(name, contribution)``;
        a positive contribution pushes towards harder tiers."""
        candidates = []
        for name, value in extract_features(text, self.config).items():
            w = self.weights.get(name)
            if w is not None and value:
                push = -sum(w) * value
                candidates.append((abs(push), push, name))
        return tuple((name, push) for _, push, name in heapq.nlargest(top, candidates))


def _column_sums(rows: Iterable[tuple[float, ...] | None], width: int) -> list[float]:
    """Per-column sums of the weight tuples in ``rows``, skipping ``None`` (no weight)."""
    present = [row for row in rows if row is not None]
    if not present:
        return [0.0] * width
    return [sum(column) for column in zip(*present, strict=True)]


def _probabilities(
    logits: list[float], model_classes: tuple[int, ...], n_tiers: int
) -> tuple[list[float], list[float], float]:
    """Per-tier probabilities, cumulative sufficiency and difficulty from the cut logits
    (cut k: "class k or a cheaper one"; cuts are made monotone)."""
    proba = [0.0] * n_tiers
    previous = 0.0
    for cls, z in zip(model_classes, logits, strict=False):  # the last class has no cut
        running = max(previous, _sigmoid(z))
        proba[cls] = running - previous
        previous = running
    proba[model_classes[-1]] = 1.0 - previous
    difficulty = sum(map(mul, proba, range(n_tiers))) / (n_tiers - 1)
    return proba, list(accumulate(proba)), difficulty


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
