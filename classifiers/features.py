"""Features of one request text: word and character n-grams plus support-ticket structure.

Pure Python and deterministic: the scikit-learn estimator (for fitting) calls
:func:`extract_features`; the compiled scorer (for serving) computes the same numbers from
the same pieces (:func:`split_text`, :func:`word_ngrams`, :func:`char_ngrams`,
:func:`~classifiers.structure.structure_values`) without building the feature dict.

Feature names are prefixed by kind: ``w:`` word n-grams, ``c:`` character n-grams
inside words, ``s:`` structure features (see :data:`STRUCTURE_FEATURES`).

Values:

- word n-grams are binary, scaled so that the set of a text's word n-grams has unit L2 norm;
- character n-grams are counted per distinct word: each distinct word contributes its own
  n-gram set with unit L2 norm, and the sum over the text's ``W`` distinct words is
  divided by ``sqrt(W)``. A word's contribution to a score depends on the word alone,
  which is what lets the scorer cache it;
- structure features lie in [0, 1].
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from classifiers.structure import (
    LANGUAGES,
    STRUCTURE_FEATURES,
    detect_language,
    structure_values,
)

__all__ = [
    "LANGUAGES",
    "STRUCTURE_FEATURES",
    "FeatureConfig",
    "char_ngrams",
    "detect_language",
    "extract_features",
    "ngram_name",
    "split_text",
    "structure_features",
    "word_ngrams",
]

_WORD = re.compile(r"\w+")
# ``\w`` is "alphanumeric or underscore". For text within Latin-1 (most European text),
# turning every other character into a space, byte-wise, and splitting gives the same
# words as ``_WORD.findall`` in about half the time.
_LATIN1_NON_WORD = bytes(
    code if chr(code).isalnum() or chr(code) == "_" else ord(" ") for code in range(256)
)


@dataclass(frozen=True)
class FeatureConfig:
    """Which n-grams to extract; ``None`` turns a kind off."""

    word_ngram_range: tuple[int, int] | None = (1, 1)
    char_ngram_range: tuple[int, int] | None = (3, 4)
    #: Only the first ``max_chars`` characters are read (``length`` and ``lines`` see all).
    max_chars: int = 6000


def split_text(text: str, max_chars: int) -> tuple[str, str, list[str]]:
    """The head of ``text`` (first ``max_chars`` characters), the head lower-cased, and
    the ``\\w+`` words of the lower-cased head."""
    head = text[:max_chars]
    lower = head.lower()
    try:
        latin1 = lower.encode("latin-1")
    except UnicodeEncodeError:
        return head, lower, _WORD.findall(lower)
    return head, lower, latin1.translate(_LATIN1_NON_WORD).decode("latin-1").split()


def word_ngrams(words: list[str], n: int) -> set[Hashable]:
    """The distinct word n-grams of ``words``: words for ``n == 1``, else tuples of words."""
    if n == 1:
        return set(words)
    return set(zip(*(words[i:] for i in range(n)), strict=False))


def ngram_name(gram: Hashable) -> str:
    """The feature name (without ``w:``) of a word n-gram from :func:`word_ngrams`."""
    return gram if isinstance(gram, str) else " ".join(gram)  # type: ignore[arg-type]


def char_ngrams(word: str, low: int, high: int) -> set[str]:
    """The distinct character n-grams (``low <= n <= high``) of ``word`` padded by spaces."""
    padded = f" {word} "
    size = len(padded)
    return {padded[i : i + n] for n in range(low, high + 1) for i in range(size - n + 1)}


def structure_features(text: str, max_chars: int = FeatureConfig.max_chars) -> dict[str, float]:
    """Support-ticket structure of ``text`` as ``{"s:name": value}``, language one-hot
    included: sizes, code, traces, logs, steps, language."""
    head, lower, words = split_text(text, max_chars)
    return _structure_dict(text, head, lower, words)


def _structure_dict(text: str, head: str, lower: str, words: list[str]) -> dict[str, float]:
    values, language = structure_values(text, head, lower, words)
    features = {f"s:{name}": value for name, value in zip(STRUCTURE_FEATURES, values, strict=True)}
    features[f"s:lang_{language}"] = 1.0
    return features


def extract_features(text: str, config: FeatureConfig = FeatureConfig()) -> dict[str, float]:
    """All features of ``text`` as ``{name: value}`` (see the module docstring)."""
    head, lower, words = split_text(text, config.max_chars)
    features = _structure_dict(text, head, lower, words)
    if config.word_ngram_range is not None:
        low, high = config.word_ngram_range
        grams = [gram for n in range(low, high + 1) for gram in word_ngrams(words, n)]
        if grams:
            value = 1.0 / math.sqrt(len(grams))
            for gram in grams:
                features["w:" + ngram_name(gram)] = value
    if config.char_ngram_range is not None and words:
        low, high = config.char_ngram_range
        distinct = dict.fromkeys(words)  # first-seen order: the sums below are reproducible
        scale = 1.0 / math.sqrt(len(distinct))
        for word in distinct:
            _add_char_ngrams(features, char_ngrams(word, low, high), scale)
    return features


def _add_char_ngrams(features: dict[str, float], grams: Iterable[str], scale: float) -> None:
    members = list(grams)
    value = scale / math.sqrt(len(members))
    for gram in members:
        name = "c:" + gram
        features[name] = features.get(name, 0.0) + value
