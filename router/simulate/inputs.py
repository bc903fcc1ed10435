"""Reading the simulator's inputs: comma lists, rates, confusion files, ticket files.

Each reader names the option it serves in its errors, says what is allowed, and raises
:class:`~router.errors.RequestError` (exit code 2 on the command line).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from router.errors import RequestError
from router.policy.model import TIER_NAMES, Policy, TierName
from router.simulate.routing_errors import Confusion

__all__ = ["Mix", "load_confusion", "mix_from_tickets", "parse_mix", "parse_rate", "parse_triple"]

_TIERS = ",".join(TIER_NAMES)
#: Tier names other tools use for the same ladder (outcome data calls the top tier "large").
_ALIASES: dict[str, str] = {"large": "reasoning"}
_RATE = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(?:/\s*([a-z]+))?\s*$")
_PER_HOUR = {"h": 1.0, "hr": 1.0, "hour": 1.0, "min": 60.0, "m": 60.0, "s": 3600.0, "sec": 3600.0}
_MIX_TOLERANCE = 1e-6


class Mix(BaseModel):
    """Share of tickets per tier (cheapest first) and where the shares came from."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    shares: dict[TierName, float]
    source: str
    tickets: int | None = None

    def vector(self) -> list[float]:
        """The shares, cheapest tier first."""
        return [self.shares[t] for t in TIER_NAMES]


def parse_triple(value: str, option: str, *, allow_zero: bool = False) -> list[float]:
    """Three comma-separated numbers, one per tier (``small,mid,reasoning``)."""
    parts = [p.strip() for p in value.split(",")]
    bound = ">= 0" if allow_zero else "> 0"
    if len(parts) != len(TIER_NAMES):
        raise RequestError(
            f"{option}: give {len(TIER_NAMES)} comma-separated numbers ({_TIERS}), "
            f"got {len(parts)} in {value!r}"
        )
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise RequestError(f"{option}: {value!r} is not a list of numbers ({_TIERS})") from None
    if any(not math.isfinite(n) or n < 0 or (n == 0 and not allow_zero) for n in numbers):
        raise RequestError(f"{option}: every value must be a finite number {bound}, got {value!r}")
    return numbers


def parse_mix(value: str) -> Mix:
    """``--mix``: three shares ``>= 0`` that sum to 1."""
    shares = parse_triple(value, "--mix", allow_zero=True)
    total = sum(shares)
    if abs(total - 1) > _MIX_TOLERANCE:
        raise RequestError(f"--mix: the shares must sum to 1 (within 1e-6), got {total:.6g}")
    return Mix(shares=dict(zip(TIER_NAMES, shares, strict=True)), source="--mix")


def parse_rate(value: str) -> float:
    """``--rate``: tickets per hour from ``1000/h``, ``20/min``, ``0.5/s`` (a bare number is /h)."""
    match = _RATE.match(value.lower())
    unit = (match.group(2) or "h") if match else ""
    if match is None or unit not in _PER_HOUR or float(match.group(1)) <= 0:
        raise RequestError(
            f"--rate: {value!r} is not a rate; give a number > 0 per h, min or s, e.g. 1000/h"
        )
    return float(match.group(1)) * _PER_HOUR[unit]


def _tier_order(names: object, path: Path) -> list[int]:
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise RequestError(f"--confusion: {path}: `tiers` must be a list of tier names")
    canonical = [_ALIASES.get(str(n), str(n)) for n in names]
    if sorted(canonical) != sorted(TIER_NAMES):
        raise RequestError(
            f"--confusion: {path}: `tiers` must name {_TIERS} once each "
            f"(or `large` for reasoning), got {names}"
        )
    return [canonical.index(t) for t in TIER_NAMES]


def _rows(raw: object, path: Path) -> list[list[float]]:
    n = len(TIER_NAMES)
    if (
        not isinstance(raw, list)
        or len(raw) != n
        or not all(isinstance(row, list) and len(row) == n for row in raw)
    ):
        raise RequestError(
            f"--confusion: {path}: the matrix must be {n}x{n} "
            "(rows = true tier, columns = routed tier)"
        )
    try:
        rows = [[float(x) for x in row] for row in raw]
    except (TypeError, ValueError):
        raise RequestError(f"--confusion: {path}: the matrix must hold numbers") from None
    if any(not math.isfinite(x) or x < 0 for row in rows for x in row):
        raise RequestError(f"--confusion: {path}: counts or fractions must be finite and >= 0")
    return rows


def load_confusion(path: Path) -> Confusion:
    """A confusion matrix from JSON: ``{"tiers": [...], "matrix": [[...]]}`` of counts or
    fractions, the ``tierroute train --json`` report (``cv_confusion``) or the
    ``tierroute eval --json`` report on tier-labelled data (``confusion``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RequestError(f"--confusion: cannot read {path}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise RequestError(f"--confusion: {path} is not JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise RequestError(f"--confusion: {path}: expected a JSON object with tiers and matrix")
    raw = data.get("matrix", data.get("cv_confusion", data.get("confusion")))
    if raw is None:
        raise RequestError(
            f"--confusion: {path}: no `matrix` (or `cv_confusion` from `tierroute train "
            "--json`, or `confusion` from `tierroute eval --json`)"
        )
    order = _tier_order(data.get("tiers", list(TIER_NAMES)), path)
    rows = _rows(raw, path)
    matrix: list[list[float]] = []
    for tier, i in zip(TIER_NAMES, order, strict=True):
        row = [rows[i][j] for j in order]
        total = sum(row)
        if total <= 0:
            raise RequestError(
                f"--confusion: {path}: the row of true tier {tier!r} is all zero; "
                "it needs at least one ticket"
            )
        matrix.append([x / total for x in row])
    return Confusion(source=str(path), matrix=matrix)


def mix_from_tickets(path: Path, policy: Policy) -> Mix:
    """The tier shares that the policy's router decides for the tickets in ``path``.

    JSONL (``text`` or ``subject``/``body`` per line) or CSV with those columns; ticket
    metadata (``priority``, ``metadata``) feeds the policy's rules as in serving.
    """
    from router.engine.router import Router
    from router.pipeline.sources import BadRow, read_tickets
    from router.pipeline.tickets import ticket_request

    if not path.is_file():
        raise RequestError(f"--tickets: {path}: no such file")
    router = Router(policy)
    counts: Counter[TierName] = Counter()
    for item in read_tickets(path):
        if isinstance(item, BadRow):
            raise RequestError(f"--tickets: {item.where}: {item.error}")
        request = ticket_request(item)
        counts[router.decide_messages(request.messages, request.metadata).tier] += 1
    total = sum(counts.values())
    if total == 0:
        raise RequestError(f"--tickets: {path} holds no tickets")
    return Mix(
        shares={t: counts[t] / total for t in TIER_NAMES},
        source=f"router decisions on {path}",
        tickets=total,
    )
