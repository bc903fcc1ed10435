"""Sentences in a growing answer: where the ``max_sentences``-th one ends.

A tier may promise answers of at most N sentences (``max_sentences`` in the policy; its
prompt says so too). Small models do not keep count, so the embedded backend stops
generating once the answer holds N whole sentences: the answer then ends where a sentence
ends, and running into the token budget (``length``) means the tier could not say what it
had to in N sentences, not that it talked on.

A sentence ends at ``.``, ``!``, ``?`` (or their CJK forms) followed by white space, and
a line that ends without one (a list item, a greeting, a signature) counts as one. Not an
end: a number's dot (``1.`` in a numbered list, ``3.5``) and a one-letter abbreviation's
(``e.g.``, ``z. B.``), so a list of steps counts its steps' sentences.
"""

from __future__ import annotations

import re

__all__ = ["SentenceLimit", "sentence_end"]

# a mark after a word (or after its closing bracket or quote), then white space; CJK full
# stop, exclamation and question marks (\u3002 \uff01 \uff1f); a line break after text
# (a list item, a greeting, a signature)
_END = re.compile(
    r"(?<=[^\W\d_](?:[^\W\d_]|[\"')\]]))[.!?]+[\"')\]]*(?=\s)"
    r"|[\u3002\uff01\uff1f]|(?<=\S)(?=\n)"
)


def sentence_end(text: str, limit: int) -> int | None:
    """The offset just past the ``limit``-th sentence of ``text``, or ``None`` while it
    holds fewer (a sentence counts once white space follows its mark; a line that ends
    without a mark counts as one)."""
    seen, end = _count(text, 0, 0, limit)
    return end if seen == limit else None


def _count(text: str, seen: int, end: int, limit: int) -> tuple[int, int]:
    """Sentences counted on from ``seen`` of them ending at ``end``, up to ``limit``: how
    many, and where the last ends."""
    for match in _END.finditer(text, end):
        if match.end() > end and text[end : match.end()].strip():
            seen, end = seen + 1, match.end()
            if seen == limit:
                break
    return seen, end


class SentenceLimit:
    """Watches a growing answer for its ``limit``-th sentence end (each piece scanned
    from the last sentence end counted, not from the start)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._text = ""
        self._seen = 0
        self._end = 0
        #: Where the answer's last allowed sentence ends, once it has.
        self.cut_at: int | None = None

    def add(self, piece: str) -> bool:
        """Add ``piece``; whether the answer now holds ``limit`` whole sentences."""
        self._text += piece
        if self.cut_at is None and any(not c.isalnum() for c in piece):
            self._seen, self._end = _count(self._text, self._seen, self._end, self.limit)
            if self._seen == self.limit:
                self.cut_at = self._end
        return self.cut_at is not None
