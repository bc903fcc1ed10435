"""Writing tickets.jsonl: one JSON object per line, then a check of the written file."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tools.ticketgen.compose import LANGS, TIERS, Ticket, build
from tools.ticketgen.data import load_artifacts, load_language

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "classifiers" / "data" / "tickets.jsonl"

Counts = Counter[tuple[str, str]]  # (lang, tier) -> tickets


def write_tickets(tickets: list[Ticket], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for ticket in tickets:
            fh.write(json.dumps(ticket, ensure_ascii=False) + "\n")


def check_tickets(path: Path) -> Counts:
    """Read back a written set: every line a labelled, non-empty ticket. Counts per label."""
    counts: Counts = Counter()
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            obj = json.loads(line)
            if not isinstance(obj, dict) or set(obj) != {"text", "tier", "lang"}:
                raise ValueError(f"{path}:{n}: bad keys")
            if obj["tier"] not in TIERS or obj["lang"] not in LANGS:
                raise ValueError(f"{path}:{n}: bad label")
            if not obj["text"].strip():
                raise ValueError(f"{path}:{n}: empty text")
            counts[(obj["lang"], obj["tier"])] += 1
    return counts


def generate(out: Path = DEFAULT_OUT) -> Counts:
    """Build the ticket set from the data files and write it to ``out``; counts per label."""
    languages = {lang: load_language(lang) for lang in LANGS}
    write_tickets(build(languages, load_artifacts()), out)
    return check_tickets(out)


def summary(counts: Counts) -> str:
    """A table of tickets per language and tier."""
    rows = ["lang  " + "".join(f"{t:>11}" for t in TIERS) + "      total"]
    for lang in LANGS:
        row = [counts[(lang, t)] for t in TIERS]
        rows.append(f"{lang:<6}" + "".join(f"{c:>11}" for c in row) + f"{sum(row):>11}")
    col = [sum(counts[(lang, t)] for lang in LANGS) for t in TIERS]
    rows.append("total " + "".join(f"{c:>11}" for c in col) + f"{sum(col):>11}")
    return "\n".join(rows)
