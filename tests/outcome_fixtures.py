"""Small outcome-data sets that tests build: three tiers, recorded answers, costs.

Each row is easy (every tier right), medium (small wrong, mid and large right) or hard
(only large right). What the cheaper tiers' answers look like tells the kinds apart, as
in real data but cleanly: small hedges on medium and hard rows and disagrees with mid;
mid hedges on hard rows. Costs grow with the prompt's length, dearer up the ladder.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

__all__ = ["looping_rows", "outcome_rows", "segmented_rows", "write_outcomes"]

_TOPICS = ["invoice", "password", "export", "sync", "webhook", "quota", "backup", "login"]
_LETTERS = "ABCD"


def _row(index: int, kind: str, rng: random.Random) -> dict[str, Any]:
    topic = rng.choice(_TOPICS)
    right = rng.choice(_LETTERS)
    wrong = next(letter for letter in _LETTERS if letter != right)
    words = {"easy": "simple", "medium": "tricky", "hard": "obscure"}[kind]
    prompt = f"Question {index} about the {topic}, a {words} case. " + " ".join(
        rng.choice(_TOPICS) for _ in range(rng.randint(3, 30))
    )
    small_ok = kind == "easy"
    mid_ok = kind != "hard"
    small = (
        f"The {topic} works like this. The answer is ({right})."
        if small_ok
        else f"Perhaps it is about the {topic}, maybe not. The answer is ({wrong})."
    )
    mid = (
        f"Checking the {topic} settings step by step. The answer is ({right})."
        if mid_ok
        else f"It seems unclear, possibly the {topic}. The answer is ({wrong})."
    )
    length = len(prompt)
    return {
        "id": f"q{index}",
        "prompt": prompt,
        "scores": {"small": int(small_ok), "mid": int(mid_ok), "large": 1},
        "cost_usd": {"small": 1e-7 * length, "mid": 6e-7 * length, "large": 2.5e-6 * length},
        "responses": {"small": small, "mid": mid},
    }


def outcome_rows(n: int = 120, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` rows: about half easy, a third medium, the rest hard."""
    rng = random.Random(seed)
    kinds = rng.choices(["easy", "medium", "hard"], weights=[5, 3, 2], k=n)
    return [_row(i, kind, rng) for i, kind in enumerate(kinds)]


def write_outcomes(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Write ``rows`` as JSONL to ``path``."""
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def _judged_row(row_id: str, prompt: str, right: tuple[str, ...]) -> dict[str, Any]:
    """A row where the tiers ``right`` score 1 and the others 0; calls cost by the prompt's
    length, dearer up the ladder."""
    length = len(prompt)
    return {
        "id": row_id,
        "prompt": prompt,
        "scores": {t: int(t in right) for t in ("small", "mid", "large")},
        "cost_usd": {"small": 1e-7 * length, "mid": 6e-7 * length, "large": 2.5e-6 * length},
    }


def segmented_rows(per_segment: int = 300, seed: int = 0) -> list[dict[str, Any]]:
    """Rows in two categories, one after the other (as a file grouped by queue would be):
    on ``billing`` every tier is right (the small tier is enough), on ``outage`` only the
    large tier is. Costs grow with the prompt's length, dearer up the ladder."""
    rng = random.Random(seed)
    rows = []
    for category, right in (("billing", ("small", "mid", "large")), ("outage", ("large",))):
        for i in range(per_segment):
            prompt = f"{category} ticket {i}: " + " ".join(
                rng.choice(_TOPICS) for _ in range(rng.randint(5, 40))
            )
            rows.append({**_judged_row(f"{category}-{i}", prompt, right), "category": category})
    return rows


def looping_rows(n: int = 300, seed: int = 0) -> list[dict[str, Any]]:
    """Rows where the small tier is right unless its answer loops (every third row); mid
    and large are always right. Costs as in :func:`segmented_rows`."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        topic = rng.choice(_TOPICS)
        prompt = f"Ticket {i} about the {topic}: " + " ".join(
            rng.choice(_TOPICS) for _ in range(rng.randint(5, 40))
        )
        loops = i % 3 == 0
        small = f"Check the {topic} again. " * 8 if loops else f"Reset the {topic}. Done."
        length = len(prompt)
        rows.append(
            {
                "id": f"t{i}",
                "prompt": prompt,
                "scores": {"small": int(not loops), "mid": 1, "large": 1},
                "cost_usd": {
                    "small": 1e-7 * length,
                    "mid": 6e-7 * length,
                    "large": 2.5e-6 * length,
                },
                "responses": {"small": small, "mid": f"The {topic} is fixed by a reset."},
            }
        )
    return rows


def difficulty_rows(n: int = 600, seed: int = 0) -> list[dict[str, Any]]:
    """Rows with no category, in random order: short how-to questions, which every tier
    answers right, and long incident reports (a stack trace, error codes, what was tried),
    which only the large tier does. Of lengths alike: only the classifier's score tells
    them apart."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        topic = rng.choice(_TOPICS)
        hard = rng.random() < 0.4
        if hard:
            prompt = (
                f"Incident {i}: since upgrading from 2.{i % 9}.1 to 3.0.{i % 7} the {topic} "
                "service crashes under load with ERR_5031 and E4012.\n```\nTraceback (most "
                'recent call last):\n  File "worker.py", line 212, in run\n    '
                "conn.commit()\nTimeoutError: lock wait exceeded\n```\nWe already tried "
                "restarting the nodes, raising the pool size and rolling back the config; "
                "why does it deadlock only when replication lags, and how do we fix it "
                "without downtime? " + " ".join(rng.choice(_TOPICS) for _ in range(20))
            )
        else:
            prompt = (
                f"How do I change the {topic} on my account? I looked in the settings page "
                "and in the help centre but could not find where it is, and my colleague "
                f"says it moved. Thanks ({i}). "
                + " ".join(rng.choice(_TOPICS) for _ in range(rng.randint(30, 60)))
            )
        right = ("large",) if hard else ("small", "mid", "large")
        rows.append(_judged_row(f"{'hard' if hard else 'easy'}-{i}", prompt, right))
    return rows
