"""Support-ticket structure of a text: code, traces, error codes, logs, steps, language.

Every feature is a count, scaled to [0, 1], of something found in the text's head (its
first ``max_chars`` characters; ``length`` and ``lines`` measure the whole text). It is
computed on the serving hot path, so each pattern is written to be cheap:

- patterns anchored at a line start are matched after a ``"\\n"`` (the text is prefixed
  with one), which lets the regex engine jump from newline to newline;
- patterns that need a rare literal (``"Error:"``, ``"0x"``, ``"ERROR"``) only run when
  that literal occurs, and ``\\b`` before a fixed first letter is spelled as a look-behind
  after it, so the engine can scan for that letter;
- marker words and phrases (``already``, ``steps to reproduce``, ``warum``) and the
  language's stop words are looked up among the text's lower-cased words, not matched
  by regex.
"""

from __future__ import annotations

import math
import re
from collections.abc import Set
from itertools import chain, repeat
from operator import truediv

__all__ = [
    "LANGUAGES",
    "STRUCTURE_FEATURES",
    "detect_language",
    "language_of",
    "structure_values",
]

# --- language and marker words ----------------------------------------------------

_STOPWORDS_TEXT = {
    "en": "the and is are to of my it i you with not for have this that",
    "de": "der die das und ist nicht ich mit ein eine sie zu bei auf wie mein",
    "es": "el la los las y es no que de mi con por para una un cómo como",
    "fr": "le la les et est pas je de mon avec pour une un vous ne sur comment",
    "pt": "o a os as e é não que de meu minha com para uma um você como",
}
LANGUAGES: tuple[str, ...] = tuple(_STOPWORDS_TEXT)

#: Words and phrases of "I already tried / then / still": a sign of a multi-step problem.
_MULTI_STEP = (
    "then|after that|already|tried|still|steps to reproduce|reinstalled|"
    "dann|danach|bereits|schon|versucht|immer noch|"
    "luego|después|despues|ya|intenté|intente|todavía|todavia|"
    "ensuite|puis|déjà|deja|essayé|essaye|toujours|"
    "depois|então|entao|já|tentei|ainda"
)
#: Questions about why something behaves as it does.
_BEHAVIOUR = (
    "why|how come|even though|although|is this expected|is this intended|is this normal|"
    "is that expected|is that intended|is that normal|is it expected|is it intended|"
    "is it normal|what happens if|what happens when|which one wins|which change wins|"
    "difference between|"
    "warum|wieso|weshalb|obwohl|was passiert|ist das so gewollt|"
    "por qué|por que|porque|aunque|qué pasa si|es normal|"
    "pourquoi|bien que|alors que|que se passe t il|est ce normal|"
    "embora|o que acontece|é normal"
)
_MULTI, _WHY = "multi", "why"
_STEP = "step"  # "step 3" is a multi-step marker
_PHRASE = "phrase"  # the first word of a marker phrase
#: What :func:`_tag_counts` counts, in the order it gives the counts.
_COUNTED = (*LANGUAGES, _MULTI, _WHY, _PHRASE, _STEP)
# Counts are added up as one integer with a field of _BITS bits per tag (wide enough for
# any text a process can hold): one C-level sum over the words.
_BITS = 40
_MASK = (1 << _BITS) - 1
_SHIFTS = tuple(_BITS * index for index in range(len(_COUNTED)))


def _word_tags() -> tuple[dict[str, int], dict[tuple[str, str], list[tuple[str, ...]]]]:
    """``word -> its tags`` (its languages; ``multi``/``why`` for one-word markers;
    ``phrase`` if a marker phrase starts with it), one bit field per tag, and
    ``(first word, second word) -> [(kind, *words)]`` for the marker phrases."""
    tags: dict[str, set[str]] = {}
    phrases: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for language, words in _STOPWORDS_TEXT.items():
        for word in words.split(" "):
            tags.setdefault(word, set()).add(language)
    for kind, markers in ((_MULTI, _MULTI_STEP), (_WHY, _BEHAVIOUR)):
        for marker in markers.split("|"):
            first, *rest = marker.split(" ")
            if not rest:
                tags.setdefault(marker, set()).add(kind)
            else:
                phrases.setdefault((first, rest[0]), []).append((kind, first, *rest))
                tags.setdefault(first, set()).add(_PHRASE)
    tags.setdefault(_STEP, set()).add(_STEP)
    fields = {tag: 1 << (_BITS * index) for index, tag in enumerate(_COUNTED)}
    return {word: sum(fields[tag] for tag in kinds) for word, kinds in tags.items()}, phrases


_TAGS, _PHRASES = _word_tags()
#: First word of a marker phrase -> the sets of words of the phrases it starts.
_PHRASE_WORDS: dict[str, list[frozenset[str]]] = {}
for _first, _second in _PHRASES:
    _PHRASE_WORDS.setdefault(_first, []).extend(
        frozenset(phrase[1:]) for phrase in _PHRASES[_first, _second]
    )


def _may_hold_phrase(distinct: Set[str]) -> bool:
    """Whether every word of some marker phrase is among ``distinct``."""
    phrases = chain.from_iterable(map(_PHRASE_WORDS.__getitem__, _PHRASE_WORDS.keys() & distinct))
    return any(map(frozenset.issubset, phrases, repeat(distinct)))


def _tag_counts(words: list[str], distinct: Set[str]) -> dict[str, int]:
    """How often each tag occurs among ``words`` (whose set is ``distinct``); phrases
    count where they occur."""
    packed = sum(filter(None, map(_TAGS.get, words)))
    counts = dict(zip(_COUNTED, [(packed >> shift) & _MASK for shift in _SHIFTS], strict=True))
    if counts[_STEP] or (counts[_PHRASE] and _may_hold_phrase(distinct)):
        for i in range(len(words) - 1):
            if words[i] == _STEP and words[i + 1].isdigit():
                counts[_MULTI] += 1
            for kind, *phrase in _PHRASES.get((words[i], words[i + 1]), ()):
                if words[i : i + len(phrase)] == phrase:
                    counts[kind] += 1
    return counts


def language_of(counts: dict[str, int]) -> str:
    """The language with the most stop-word hits in ``counts`` (first wins a tie)."""
    best, best_hits = "unknown", 0
    for language in LANGUAGES:
        hits = counts[language]
        if hits > best_hits:
            best, best_hits = language, hits
    return best


def detect_language(words: list[str]) -> str:
    """The language whose stop words occur most often in ``words`` (``"unknown"`` if none)."""
    return language_of(_tag_counts(words, set(words)))


# --- patterns ---------------------------------------------------------------------

# at a line start: matched in "\n" + head
_INDENTED = re.compile(r"\n(?: {4}|\t)\S")
_STACK_LINE = re.compile(r'\n(?:\s+at [\w.$<>]+\(|\s+File "[^"]+", line \d+|panic:)')
_LOG_TIME = re.compile(r"\n\s*\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
_CONFIG_LINE = re.compile(r"\n(?:\s*[\w.-]+\s*[:=]\s*\S.*$|\s*[{}\[\]]\s*$)", re.MULTILINE)
_NUMBERED_STEP = re.compile(r"\n\s*(?:\d+[.)]|[-*•])\s+\S")
# only run when a literal or a word they need occurs
_STACK_ERROR = re.compile(r"\b\w+(?:Error|Exception)\b:")
_ERROR_COLON = re.compile(r"Error:|Exception:")
_STACK_WORDS = frozenset(["traceback", "exception", "caused"])
_STACK_PHRASE = re.compile(
    r"\bTraceback \(most recent call last\)|\bException in thread|\bCaused by:"
)
_ERROR_WORDS = frozenset(
    ["http", "status", "code", "error", "erreur", "fehler", "código", "codigo", "errno"]
)
_ERROR_WORD_CODE = re.compile(
    r"\b(?:http|status|code|error|erreur|fehler|código|codigo)\b\s*:?\s*[45]\d\d\b|\berrno\b\s*\d+"
)  # on the lower-cased head
_HEX = re.compile(r"0(?<!\w.)x[0-9A-Fa-f]{6,}\b")
_DASH_DIGITS = re.compile(r"-\d{3}")
_TICKET_CODE = re.compile(r"\b[A-Z]{2,5}-\d{3,5}\b")  # ORA-00942
_ERRNO_NAME = re.compile(r"E(?<!\w.)[A-Z]{4,}\b")  # ECONNRESET
_LOG_WORDS = frozenset(["info", "warn", "warning", "error", "debug", "fatal"])
_LOG_LEVEL = re.compile(r"\b(?:INFO|WARN|WARNING|ERROR|DEBUG|FATAL)\b[\]:]")
_DOT_NUMBER_DOT = re.compile(r"\.\d+\.")
_V_NUMBER = re.compile(r"v\d")
_VERSION = re.compile(r"(?:v(?<!\w.)\d+\.\d+(?:\.\d+)*|\d(?<!\w.)\d*\.\d+(?:\.\d+)+)\b")

#: Names of the structure features, in the order :func:`structure_values` gives them.
STRUCTURE_FEATURES: tuple[str, ...] = (
    "length",
    "lines",
    "code_blocks",
    "stack_trace",
    "error_codes",
    "log_lines",
    "versions",
    "questions",
    "config_lines",
    "numbered_steps",
    "multi_step_markers",
    "behaviour_questions",
)


_CONFIG_MARKS = (":", "=", "{", "}", "[", "]")
#: What a count is divided by (after capping it there), per scaled feature.
_CAPS = (4, 4, 4, 6, 4, 5, 8, 6, 6, 3)


# Each helper first checks, cheaply, for a character or word its patterns need.


def _code_blocks(head: str, lines: str) -> int:
    fences = (head.count("```") + head.count("~~~")) // 2 if "`" in head or "~" in head else 0
    indented = len(_INDENTED.findall(lines)) if "\t" in head or "    " in head else 0
    return fences + indented // 3


def _config_lines(head: str, lines: str) -> int:
    if any(map(head.__contains__, _CONFIG_MARKS)):
        return len(_CONFIG_LINE.findall(lines))
    return 0


def _stack_traces(head: str, lines: str, words: Set[str]) -> int:
    n = 0
    if "(" in head or '"' in head or "panic:" in head:
        n += len(_STACK_LINE.findall(lines))
    if not _STACK_WORDS.isdisjoint(words):
        n += len(_STACK_PHRASE.findall(head))
    if _ERROR_COLON.search(head):
        n += len(_STACK_ERROR.findall(head))
    return n


def _error_codes(head: str, lower: str, words: Set[str]) -> int:
    n = len(_HEX.findall(head)) + len(_ERRNO_NAME.findall(head))
    if not _ERROR_WORDS.isdisjoint(words):
        n += len(_ERROR_WORD_CODE.findall(lower))
    if _DASH_DIGITS.search(head):
        n += len(_TICKET_CODE.findall(head))
    return n


def _log_lines(head: str, lines: str, words: Set[str]) -> int:
    n = len(_LOG_TIME.findall(lines)) if "-" in head and ":" in head else 0
    if not _LOG_WORDS.isdisjoint(words):
        n += len(_LOG_LEVEL.findall(head))
    return n


def _versions(head: str) -> int:
    if _DOT_NUMBER_DOT.search(head) or _V_NUMBER.search(head):
        return len(_VERSION.findall(head))  # v2.1, v2.1.0, 3.4.0
    return 0


def structure_values(
    text: str, head: str, lower: str, words: list[str], distinct: Set[str] | None = None
) -> tuple[tuple[float, ...], str]:
    """The structure features of ``text`` (in :data:`STRUCTURE_FEATURES` order) and its
    language. ``head`` is the text's first ``max_chars`` characters, ``lower`` the same
    lower-cased, ``words`` the ``\\w+`` words of ``lower`` and ``distinct`` their set
    (computed if not given)."""
    if distinct is None:
        distinct = set(words)
    lines = "\n" + head
    tags = _tag_counts(words, distinct)
    counts = (
        _code_blocks(head, lines),
        _stack_traces(head, lines, distinct),
        _error_codes(head, lower, distinct),
        _log_lines(head, lines, distinct),
        _versions(head),
        head.count("?"),
        _config_lines(head, lines),
        len(_NUMBERED_STEP.findall(lines)),
        tags[_MULTI],
        tags[_WHY],
    )
    values = (
        math.log1p(len(text)) / 10.0,
        math.log1p(text.count("\n")) / 5.0,
        *map(truediv, map(min, counts, _CAPS), _CAPS),
    )
    return values, language_of(tags)
