"""Features of one request text: word and character n-grams plus support-ticket structure.

Pure Python and deterministic: the scikit-learn estimator (for fitting) and the compiled
scorer (for serving) both call :func:`extract_features`, so they see the same numbers.

Feature names are prefixed by kind: ``w:`` word n-grams, ``c:`` character n-grams
inside words, ``s:`` structure features (see :data:`STRUCTURE_FEATURES`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "LANGUAGES",
    "STRUCTURE_FEATURES",
    "FeatureConfig",
    "FeatureGroups",
    "detect_language",
    "extract_features",
    "feature_groups",
    "group_value",
    "structure_features",
]

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class FeatureConfig:
    """Which n-grams to extract; ``None`` turns a kind off."""

    word_ngram_range: tuple[int, int] | None = (1, 2)
    char_ngram_range: tuple[int, int] | None = (3, 4)
    max_chars: int = 6000


# --- language -----------------------------------------------------------------------

_STOPWORDS_TEXT = {
    "en": "the and is are to of my it i you with not for have this that",
    "de": "der die das und ist nicht ich mit ein eine sie zu bei auf wie mein",
    "es": "el la los las y es no que de mi con por para una un cómo como",
    "fr": "le la les et est pas je de mon avec pour une un vous ne sur comment",
    "pt": "o a os as e é não que de meu minha com para uma um você como",
}
_STOPWORDS: dict[str, frozenset[str]] = {
    language: frozenset(words.split(" ")) for language, words in _STOPWORDS_TEXT.items()
}
LANGUAGES: tuple[str, ...] = tuple(_STOPWORDS)


def detect_language(words: list[str]) -> str:
    """The language whose stop words occur most often in ``words`` (``"unknown"`` if none)."""
    best, best_hits = "unknown", 0
    for language, stopwords in _STOPWORDS.items():
        hits = sum(1 for word in words if word in stopwords)
        if hits > best_hits:
            best, best_hits = language, hits
    return best


# --- structure ----------------------------------------------------------------------

_CODE_FENCE = re.compile(r"```|~~~")
_INDENTED = re.compile(r"^(?: {4}|\t)\S", re.MULTILINE)
_STACK = re.compile(
    r"Traceback \(most recent call last\)|^\s+at [\w.$<>]+\(|Exception in thread"
    r"|\b\w+(?:Error|Exception)\b:|^panic:|Caused by:|^\s+File \"[^\"]+\", line \d+",
    re.MULTILINE,
)
_ERROR_CODE = re.compile(
    r"(?i:\b(?:HTTP|status|code|error|erreur|fehler|código|codigo)\s*:?\s*[45]\d\d\b)"
    r"|\b0x[0-9A-Fa-f]{6,}\b|\b[A-Z]{2,5}-\d{3,5}\b|\bE[A-Z]{4,}\b|(?i:\berrno\s*\d+)",
)
_LOG_LINE = re.compile(
    r"^\s*\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\b(?:INFO|WARN|WARNING|ERROR|DEBUG|FATAL)\b[\]:]",
    re.MULTILINE,
)
_VERSION = re.compile(r"\bv?\d+\.\d+(?:\.\d+)+\b|\bv\d+\.\d+\b")
_CONFIG_LINE = re.compile(r"^\s*[\w.-]+\s*[:=]\s*\S.*$|^\s*[{}\[\]]\s*$", re.MULTILINE)
_NUMBERED_STEP = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+\S", re.MULTILINE)
_MULTI_STEP = re.compile(
    r"\b(?:then|after that|already|tried|still|step \d|steps to reproduce|reinstalled|"
    r"dann|danach|bereits|schon|versucht|immer noch|"
    r"luego|después|despues|ya|intenté|intente|todavía|todavia|"
    r"ensuite|puis|déjà|deja|essayé|essaye|toujours|"
    r"depois|então|entao|já|tentei|ainda)\b",
    re.IGNORECASE,
)
_BEHAVIOUR = re.compile(
    r"\b(?:why|how come|even though|although|is (?:this|that|it) (?:expected|intended|normal)"
    r"|what happens (?:if|when)|which (?:one|change) wins|difference between|"
    r"warum|wieso|weshalb|obwohl|was passiert|ist das so gewollt|"
    r"por qué|por que|porque|aunque|qué pasa si|es normal|"
    r"pourquoi|bien que|alors que|que se passe-t-il|est-ce normal|"
    r"embora|o que acontece|é normal)\b",
    re.IGNORECASE,
)


def _scaled(count: int, cap: int) -> float:
    return min(count, cap) / cap


def _structure_extractors() -> dict[str, Callable[[str], float]]:
    return {
        "length": lambda t: math.log1p(len(t)) / 10.0,
        "lines": lambda t: math.log1p(t.count("\n")) / 5.0,
        "code_blocks": lambda t: _scaled(
            len(_CODE_FENCE.findall(t)) // 2 + len(_INDENTED.findall(t)) // 3, 4
        ),
        "stack_trace": lambda t: _scaled(len(_STACK.findall(t)), 4),
        "error_codes": lambda t: _scaled(len(_ERROR_CODE.findall(t)), 4),
        "log_lines": lambda t: _scaled(len(_LOG_LINE.findall(t)), 6),
        "versions": lambda t: _scaled(len(_VERSION.findall(t)), 4),
        "questions": lambda t: _scaled(t.count("?"), 5),
        "config_lines": lambda t: _scaled(len(_CONFIG_LINE.findall(t)), 8),
        "numbered_steps": lambda t: _scaled(len(_NUMBERED_STEP.findall(t)), 6),
        "multi_step_markers": lambda t: _scaled(len(_MULTI_STEP.findall(t)), 6),
        "behaviour_questions": lambda t: _scaled(len(_BEHAVIOUR.findall(t)), 3),
    }


_EXTRACTORS = _structure_extractors()
#: Names of the structure features (without the ``s:`` prefix), language one-hots excluded.
STRUCTURE_FEATURES: tuple[str, ...] = tuple(_EXTRACTORS)


def structure_features(text: str, words: list[str] | None = None) -> dict[str, float]:
    """Support-ticket structure of ``text``: sizes, code, traces, logs, steps, language."""
    if words is None:
        words = _WORD.findall(text.lower())
    values = {f"s:{name}": extract(text) for name, extract in _EXTRACTORS.items()}
    values[f"s:lang_{detect_language(words)}"] = 1.0
    return values


# --- n-grams ------------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureGroups:
    """A text's features before they are flattened: structure values, and the set of
    word n-grams and of character n-grams (each set's members share one value,
    ``1/sqrt(len(set))``, so the set has unit L2 norm)."""

    structure: dict[str, float]
    words: frozenset[str]
    chars: frozenset[str]


def feature_groups(text: str, config: FeatureConfig = FeatureConfig()) -> FeatureGroups:
    """The features of ``text``, grouped (see :func:`extract_features` for the flat form)."""
    head = text[: config.max_chars].lower()
    words = _WORD.findall(head)
    grams: set[str] = set()
    if config.word_ngram_range is not None:
        low, high = config.word_ngram_range
        for n in range(low, high + 1):
            grams.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    chars: set[str] = set()
    if config.char_ngram_range is not None:
        low, high = config.char_ngram_range
        for word in set(words):
            padded = f" {word} "
            for n in range(low, high + 1):
                chars.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    return FeatureGroups(structure_features(text, words), frozenset(grams), frozenset(chars))


def group_value(grams: frozenset[str]) -> float:
    """The value every member of an n-gram set carries (unit L2 norm)."""
    return 1.0 / math.sqrt(len(grams)) if grams else 0.0


def extract_features(text: str, config: FeatureConfig = FeatureConfig()) -> dict[str, float]:
    """All features of ``text`` as ``{name: value}``.

    Word and character n-grams are binary and scaled to unit L2 norm per kind;
    structure features lie in [0, 1].
    """
    groups = feature_groups(text, config)
    features = dict(groups.structure)
    for prefix, grams in (("w:", groups.words), ("c:", groups.chars)):
        value = group_value(grams)
        for gram in grams:
            features[prefix + gram] = value
    return features
