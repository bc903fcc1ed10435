"""The template mini-language: ``[[pick]]`` blocks, ``{?a|b}`` alternatives, ``{slot}`` values.

See the package docstring for the syntax. ``fill`` resolves a template against a
``SlotSource`` (in practice ``slots.Slots``), drawing every random choice from its RNG.
"""

from __future__ import annotations

import random
import re
from typing import Protocol

from tools.ticketgen.data import Artifact

ALT_RE = re.compile(r"\{\?((?:[^{}]|\{[a-z][a-z0-9_]*\})*)\}")
SLOT_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")
PICK_RE = re.compile(r"\[\[pick (\d+)(?:-(\d+))?\]\]\n(.*?)\n\[\[/pick\]\]", re.S)
NUMBERED_RE = re.compile(r"^(\d+)([.)]) ")


class SlotSource(Protocol):
    """Slot values for one ticket; ``source[name]`` raises ``KeyError`` for an unknown name."""

    rng: random.Random

    def __getitem__(self, name: str) -> str: ...


def _pick(m: re.Match[str], rng: random.Random) -> str:
    """``[[pick A-B]]`` block: keep A..B of the enclosed lines, in their original order.

    Lines starting with ``N. `` are renumbered; the first kept line keeps its bullet style.
    """
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    items = m.group(3).split("\n")
    k = min(len(items), rng.randint(lo, hi))
    keep = sorted(rng.sample(range(len(items)), k))
    out = []
    for n, i in enumerate(keep, 1):
        line = items[i]
        num = NUMBERED_RE.match(line)
        if num:
            line = f"{n}{num.group(2)} " + line[num.end() :]
        out.append(line)
    return "\n".join(out)


def fill(template: str, s: SlotSource) -> str:
    """Resolve ``template``: pick blocks, then alternatives (innermost first), then slots.

    A slot the source does not know is left as written, so code snippets in braces survive.
    """

    def alt(m: re.Match[str]) -> str:
        options: list[str] = m.group(1).split("|")
        return s.rng.choice(options)

    def slot(m: re.Match[str]) -> str:
        try:
            return s[m.group(1)]
        except KeyError:
            return m.group(0)

    text = PICK_RE.sub(lambda m: _pick(m, s.rng), template)
    # Alternatives may contain slots and other alternatives; innermost are resolved first.
    while True:
        new = ALT_RE.sub(alt, text)
        if new == text:
            break
        text = new
    return SLOT_RE.sub(slot, text)


def render_artifact(artifact: Artifact, s: SlotSource) -> str:
    """The artifact as pasted into a ticket: filled, maybe cut short, usually fenced."""
    body = fill(artifact.body.strip("\n"), s)
    lines = body.split("\n")
    # People often paste only part of a long log or trace.
    if artifact.partial and len(lines) > 5 and s.rng.random() < 0.35:
        k = s.rng.randint(3, len(lines) - 2)
        if s.rng.random() < 0.5:
            lines = lines[-k:]
            if s.rng.random() < 0.5:
                lines.insert(0, "...")
        else:
            lines = lines[:k] + (["..."] if s.rng.random() < 0.6 else [])
        body = "\n".join(lines)
    if s.rng.random() < 0.78:
        tag = artifact.fence if (artifact.fence and s.rng.random() < 0.7) else ""
        return f"```{tag}\n{body}\n```"
    return body
