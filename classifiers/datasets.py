"""Read training and evaluation data: tier-labelled JSONL and outcome data.

Tier-labelled: ``{"text": ..., "tier": ...}`` per line. Outcome data (see the data
README): ``{"id", "prompt", "scores": {tier: 0..1}, "cost_usd"?, "responses"?}``.
Data tier names (``small`` < ``mid`` < ``large``) map onto the policy's ladder
(``small`` < ``mid`` < ``reasoning``) in cost order.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = [
    "DATA_TIER_ORDER",
    "DataFormatError",
    "LabelledExample",
    "OutcomeRow",
    "data_tiers",
    "difficulty_label",
    "ladder_label",
    "outcome_training_pairs",
    "read_jsonl",
    "read_outcomes",
    "read_training_examples",
]

#: Known data tier names, cheapest first.
DATA_TIER_ORDER: tuple[str, ...] = ("small", "mid", "large", "reasoning")
POLICY_LADDER: tuple[str, ...] = ("small", "mid", "reasoning")
M = TypeVar("M", bound=BaseModel)


class DataFormatError(ValueError):
    """A data file is not in a format tierroute reads; names file, line and field."""


class LabelledExample(BaseModel):
    """One tier-labelled text."""

    model_config = ConfigDict(extra="ignore")
    text: Annotated[str, Field(min_length=1)]
    tier: str


class OutcomeRow(BaseModel):
    """How well each tier answered one prompt."""

    model_config = ConfigDict(extra="ignore")
    id: str
    prompt: Annotated[str, Field(min_length=1)]
    scores: dict[str, Annotated[float, Field(ge=0, le=1)]]
    cost_usd: dict[str, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)
    responses: dict[str, str] = Field(default_factory=dict)
    category: str | None = None


def _open_text(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            yield from handle
    except FileNotFoundError as exc:
        raise DataFormatError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise DataFormatError(f"{path}: cannot read: {exc}") from exc


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, object]]]:
    """``(line number, object)`` for every non-blank line of a JSONL(.gz) file."""
    path = Path(path)
    for number, line in enumerate(_open_text(path), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFormatError(f"{path}:{number}: not valid JSON: {exc.msg}") from exc
        if not isinstance(value, dict):
            raise DataFormatError(f"{path}:{number}: each line must be a JSON object")
        yield number, value


def _validated(model: type[M], path: Path, number: int, obj: object) -> M:
    try:
        return model.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(line)"
        raise DataFormatError(f"{path}:{number}: {field}: {first['msg']}") from exc


def data_tiers(names: set[str] | list[str]) -> list[str]:
    """Data tier names sorted cheapest first; unknown names are an error."""
    unknown = sorted(set(names) - set(DATA_TIER_ORDER))
    if unknown:
        raise DataFormatError(
            f"unknown tier name(s) {', '.join(unknown)}; known: {', '.join(DATA_TIER_ORDER)}"
        )
    return sorted(set(names), key=DATA_TIER_ORDER.index)


def ladder_label(data_tier: str, ladder: list[str]) -> str:
    """The policy tier that ``data_tier`` maps onto, given the data's own ``ladder``.

    The cheapest data tier maps to ``small``, the dearest to ``reasoning``, a middle
    one to ``mid``.
    """
    position = ladder.index(data_tier)
    if position == len(ladder) - 1:
        return POLICY_LADDER[-1]
    return POLICY_LADDER[min(position, len(POLICY_LADDER) - 2)]


def read_outcomes(path: str | Path) -> list[OutcomeRow]:
    """All rows of an outcome-data file."""
    path = Path(path)
    return [_validated(OutcomeRow, path, n, obj) for n, obj in read_jsonl(path)]


def difficulty_label(row: OutcomeRow, ladder: list[str]) -> str:
    """The data tier a prompt needs: the cheapest that reaches the best score any tier got.

    A prompt that no tier answered at all needs the top tier: it is the hardest kind,
    and on another ladder the stronger model is the one likely to get it.
    """
    best = max(row.scores.get(tier, 0.0) for tier in ladder)
    if best <= 0:
        return ladder[-1]
    return next(tier for tier in ladder if row.scores.get(tier, 0.0) >= best)


def outcome_training_pairs(rows: list[OutcomeRow]) -> list[tuple[str, str]]:
    """``(prompt, policy tier)`` for the classifier, from outcome rows."""
    ladder = data_tiers({t for row in rows for t in row.scores})
    return [(row.prompt, ladder_label(difficulty_label(row, ladder), ladder)) for row in rows]


def read_training_examples(path: str | Path) -> list[tuple[str, str]]:
    """``(text, policy tier)`` pairs from a tier-labelled or an outcome-data file.

    For outcome data, a prompt's label is the tier it needs (:func:`difficulty_label`).
    """
    path = Path(path)
    rows = list(read_jsonl(path))
    if not rows:
        raise DataFormatError(f"{path}: no rows")
    if "scores" in rows[0][1]:
        return outcome_training_pairs([_validated(OutcomeRow, path, n, obj) for n, obj in rows])
    examples = [_validated(LabelledExample, path, n, obj) for n, obj in rows]
    for (number, _), example in zip(rows, examples, strict=True):
        if example.tier not in DATA_TIER_ORDER:
            raise DataFormatError(
                f"{path}:{number}: tier: {example.tier!r} is not a tier; "
                f"allowed: {', '.join(POLICY_LADDER)}"
            )
    return [(e.text, "reasoning" if e.tier == "large" else e.tier) for e in examples]
