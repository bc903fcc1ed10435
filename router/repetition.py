"""Answers that loop: a run of words said again and again (small models at temperature 0
fall into it and talk until their token budget ends).

An answer loops when some run of ``ngram`` words occurs ``times`` times or more (words are
compared lower-cased, punctuation ignored). Cut where the loop begins, the answer keeps
everything before the second occurrence of the earliest such run, so no run of
``ngram`` words occurs ``times`` times in what is left.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

__all__ = ["LoopCheck", "loop_start"]

_WORD = re.compile(r"\w+", re.UNICODE)


def loop_start(text: str, *, ngram: int = 4, times: int = 4) -> int | None:
    """Where ``text`` starts to loop (the character offset to cut at), or ``None``."""
    words = [(m.start(), m.group().casefold()) for m in _WORD.finditer(text)]
    if len(words) < ngram * times:
        return None
    seen: dict[tuple[str, ...], list[int]] = defaultdict(list)
    looping: list[int] = []
    for index in range(len(words) - ngram + 1):
        run = tuple(w for _, w in words[index : index + ngram])
        starts = seen[run]
        if starts and index < starts[-1] + ngram:
            continue  # overlaps the last occurrence ("a a a a a"): counted once
        starts.append(index)
        if len(starts) == times:
            looping.append(words[starts[1]][0])
    return min(looping) if looping else None


@dataclass
class LoopCheck:
    """Watches a growing answer for a loop, checking every ``every`` characters."""

    ngram: int = 4
    times: int = 4
    every: int = 48
    _text: str = ""
    _checked: int = 0
    #: Where the answer started to loop, once it has.
    cut_at: int | None = None

    def add(self, piece: str) -> bool:
        """Add ``piece``; whether the answer now loops."""
        self._text += piece
        if self.cut_at is None and len(self._text) - self._checked >= self.every:
            self._checked = len(self._text)
            self.cut_at = loop_start(self._text, ngram=self.ngram, times=self.times)
        return self.cut_at is not None

    def finish(self) -> bool:
        """Check what is left unchecked; whether the answer loops."""
        if self.cut_at is None and self._checked < len(self._text):
            self._checked = len(self._text)
            self.cut_at = loop_start(self._text, ngram=self.ngram, times=self.times)
        return self.cut_at is not None
