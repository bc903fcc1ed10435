"""Numbers as people read them: money, FLOPs, shares, and simple tables."""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["count", "flops", "pct", "ratio", "steps", "table", "usd"]


def usd(value: float) -> str:
    """Dollars with three significant digits and no exponent: ``$0.0000209``, ``$1,053``."""
    if value == 0:
        return "$0"
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 100:
        return f"{sign}${value:,.0f}"
    digits = max(2, 2 - math.floor(math.log10(value)))
    return f"{sign}${value:.{digits}f}"


def flops(value: float) -> str:
    """FLOPs with an SI prefix: ``10.46 TFLOP``."""
    for scale, prefix in ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M")):
        if abs(value) >= scale:
            return f"{value / scale:.4g} {prefix}FLOP"
    return f"{value:.4g} FLOP"


def count(value: float) -> str:
    """A large count with a suffix: ``8B``, ``24B``, ``350M``."""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"


def pct(value: float, digits: int = 1) -> str:
    """A fraction as a percentage."""
    return f"{value * 100:.{digits}f}%"


def ratio(value: float) -> str:
    """A relative cost: ``50.35x``."""
    return f"{value:.4g}x"


def steps(n: int) -> str:
    """``1 step``, ``2 steps``."""
    return f"{n} step" if n == 1 else f"{n} steps"


def _indent_md(cell: str) -> str:
    stripped = cell.lstrip(" ")
    return "&nbsp;" * (len(cell) - len(stripped)) + stripped


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, markdown: bool) -> str:
    """Rows as a Markdown table or as aligned plain text (first column left, rest right)."""
    if markdown:
        lines = ["| " + " | ".join(headers) + " |"]
        lines.append("|" + "|".join([":---"] + ["---:"] * (len(headers) - 1)) + "|")
        lines.extend("| " + " | ".join([_indent_md(row[0]), *row[1:]]) + " |" for row in rows)
        return "\n".join(lines)
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    return "\n".join([line(headers), *(line(row) for row in rows)])
