"""Features of one tier's answer, for deciding whether the next tier would do better.

Pure Python and deterministic: training (scikit-learn) and serving (the engine's
escalation check) both call :func:`answer_features`, so they see the same numbers.

Feature names are prefixed by kind: ``s:`` answer structure (did it commit to an answer,
does it hedge, how long is it, does it agree with the cheaper tier that answered before),
``a:`` word n-grams of the answer, ``p:`` word n-grams of the prompt.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence

__all__ = [
    "DEFAULT_ANSWER_PATTERN",
    "STRUCTURE_NAMES",
    "answer_features",
    "committed_answers",
    "compile_answer_pattern",
]

#: A final answer such as "The answer is (C)", "Answer: B" or "**Answer:** (D)".
DEFAULT_ANSWER_PATTERN = (
    r"\b(?i:answer(?: is|:))\s*\**\s*(?:(?i:option)\s*)?\(?([A-J])\)?(?![A-Za-z])"
)
_MAX_CHARS = 4000
_WORD = re.compile(r"\w+", re.UNICODE)
_HEDGE = re.compile(
    r"\b(?:maybe|perhaps|might|possibly|not sure|unclear|uncertain|approximately|closest"
    r"|assum\w*|likely|seems?|guess|none of the|i think|could be|it depends)\b",
    re.IGNORECASE,
)

#: The ``s:`` features, always present (0 when they do not apply).
STRUCTURE_NAMES: tuple[str, ...] = (
    "s:committed",
    "s:changed_mind",
    "s:log_chars",
    "s:hedges",
    "s:lines",
    "s:no_previous",
    "s:agrees_previous",
    "s:previous_uncommitted",
    "s:log_prompt_chars",
)


def compile_answer_pattern(pattern: str) -> re.Pattern[str]:
    """The answer pattern, compiled; the answer is the first group that matched."""
    compiled = re.compile(pattern)
    if compiled.groups < 1:
        raise ValueError("the answer pattern needs a capture group around the answer")
    return compiled


def committed_answers(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Every answer ``text`` commits to, in order (upper-cased, stripped)."""
    found = []
    for match in pattern.finditer(text):
        value = next((g for g in match.groups() if g), None)
        if value:
            found.append(value.strip().upper())
    return found


def _ngrams(text: str, prefix: str, out: dict[str, float]) -> None:
    words = [w.lower() for w in _WORD.findall(text[:_MAX_CHARS])]
    grams = set(words)
    grams.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    if not grams:
        return
    value = 1.0 / math.sqrt(len(grams))  # a unit-length vector per group
    for gram in grams:
        out[prefix + gram] = value


def answer_features(
    prompt: str, answer: str, previous: Sequence[str], pattern: re.Pattern[str]
) -> dict[str, float]:
    """Features of ``answer`` to ``prompt``; ``previous`` holds the answers of the cheaper
    tiers that answered before it (oldest first), if any."""
    answers = committed_answers(answer, pattern)
    final = answers[-1] if answers else None
    features: dict[str, float] = dict.fromkeys(STRUCTURE_NAMES, 0.0)
    features["s:committed"] = 1.0 if final else 0.0
    features["s:changed_mind"] = 1.0 if len(set(answers)) > 1 else 0.0
    features["s:log_chars"] = math.log1p(len(answer)) / 10
    features["s:hedges"] = min(len(_HEDGE.findall(answer[:_MAX_CHARS])), 10) / 10
    features["s:lines"] = min(answer.count("\n"), 50) / 50
    features["s:log_prompt_chars"] = math.log1p(len(prompt)) / 10
    if previous:
        before = committed_answers(previous[-1], pattern)
        if not before:
            features["s:previous_uncommitted"] = 1.0
        elif final is not None and before[-1] == final:
            features["s:agrees_previous"] = 1.0
    else:
        features["s:no_previous"] = 1.0
    _ngrams(answer, "a:", features)
    _ngrams(prompt, "p:", features)
    return features
