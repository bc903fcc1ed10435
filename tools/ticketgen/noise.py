"""Surface noise on a ticket's prose lines: typos, dropped accents, lower case.

Code, logs and pasted artifacts are left untouched: only lines that look like prose change.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable

from tools.ticketgen.slots import Slots

CODE_HINT = re.compile(r"[={}<>\[\]`$|\\]|^\s|^(at|Caused|Traceback|File|Error|Exception)\b")
WORD_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]{5,}")


def _prose_line_indices(text: str, s: Slots) -> list[int]:
    """Indices of lines that are ordinary prose (not code, logs or pasted artifacts)."""
    art_lines: set[str] = set()
    for key, value in s.filled.items():
        if key.startswith("art_"):
            art_lines.update(value.split("\n"))
    out: list[int] = []
    in_code = False
    for i, line in enumerate(text.split("\n")):
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code or line in art_lines or not line.strip() or CODE_HINT.search(line):
            continue
        out.append(i)
    return out


def _map_prose(text: str, s: Slots, func: Callable[[str], str], limit: int | None = None) -> str:
    """Apply func to the prose lines (to ``limit`` of them at random, if given)."""
    lines = text.split("\n")
    idx = _prose_line_indices(text, s)
    if limit is not None:
        s.rng.shuffle(idx)
        idx = idx[:limit]
    for i in idx:
        lines[i] = func(lines[i])
    return "\n".join(lines)


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randint(1, len(word) - 3)
    op = rng.choice(["swap", "swap", "drop", "double"])
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _add_typos(text: str, s: Slots, count: int) -> str:
    """A typo in one word (not a slot value) of ``count`` random prose lines."""

    def one(line: str) -> str:
        values = s.filled.values()
        words = [m for m in WORD_RE.finditer(line) if m.group(0) not in values]
        if not words:
            return line
        m = s.rng.choice(words)
        return line[: m.start()] + _typo(m.group(0), s.rng) + line[m.end() :]

    return _map_prose(text, s, one, limit=count)


def _strip_accents(line: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", line) if unicodedata.category(c) != "Mn")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != "I " else text


def add_noise(text: str, s: Slots, tier: str, tone: str) -> str:
    """What people do to their own tickets: typos, no accents, no capitals (mostly casual)."""
    rng = s.rng
    lang = s.language.code
    typo_p = {"casual": 0.35, "angry": 0.2}.get(tone, 0.1 if lang == "en" else 0.07)
    if rng.random() < typo_p:
        text = _add_typos(text, s, rng.choice([1, 1, 2]))
    if lang != "en" and rng.random() < (0.35 if tone == "casual" else 0.05):
        text = _map_prose(text, s, _strip_accents)
    if tone == "casual" and tier != "reasoning" and rng.random() < 0.4:
        text = _map_prose(text, s, str.lower)
    elif tone == "terse" and rng.random() < 0.15:
        text = _lower_first(text)
    return text
