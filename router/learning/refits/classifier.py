"""Refitting the classifier on judged traffic: a candidate trained (as ``tierroute train``
trains on outcome rows) on three quarters of the judged prompts, by a hash of their ids,
and kept only where routing by its difficulty bands could reach the quality target for
less on the held-out quarter than by the bands of the classifier in use (the least cost
of a mix of tiers per band, knowing the outcomes: what separates requests in loss and in
cost, as the learned routing weighs both)."""

from __future__ import annotations

import bisect
import hashlib
import json
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import linprog

from classifiers.datasets import data_tiers
from classifiers.scorer import CompiledScorer, load_scorer
from classifiers.training import train_classifier
from router.learning.bands import band_cuts, prompt_difficulty

__all__ = [
    "MIN_REFIT_ROWS", "ClassifierRefit", "held_out", "least_cost_share", "refit_classifier",
]  # fmt: skip

#: Judged requests with prompts needed, at least, before a refit is tried.
MIN_REFIT_ROWS = 400
#: How much less (a share of always-top's cost) a candidate's bands must reach the
#: target at, on the held-out rows.
_MARGIN = 0.01

Row = Mapping[str, object]


@dataclass(frozen=True)
class ClassifierRefit:
    """A candidate classifier, and the least cost at which routing by the bands of each
    could reach the target on the held-out judged requests."""

    rows: int
    held_out: int
    quality: float
    #: As a share of always-top's cost: by the classifier in use's bands, the candidate's.
    current: float
    candidate: float
    #: Where the candidate is written, if it is adopted.
    path: Path

    @property
    def adopted(self) -> bool:
        return self.candidate <= self.current - _MARGIN

    def describe(self) -> str:
        verdict = (
            "adopted"
            if self.adopted
            else f"kept the classifier in use (a refit must cost {_MARGIN:.0%} less)"
        )
        return (
            f"classifier refit on {self.rows - self.held_out} judged prompts: on "
            f"{self.held_out} held out, a mix of tiers per difficulty band reaches "
            f"{self.quality:.0%} of the top tier's quality at best at {self.candidate:.1%} of "
            f"its cost by the refit's bands, {self.current:.1%} by the classifier in use's: "
            f"{verdict}"
        )


def _judged(row: Row, top: str) -> bool:
    scores = row.get("scores")
    return (
        isinstance(scores, dict)
        and top in scores
        and len(scores) > 1
        and bool(str(row.get("prompt") or "").strip())
    )


def held_out(row_id: object, salt: str = "classifier-refit") -> bool:
    """A quarter of the rows, by a hash of the id salted by what the split is for (not the
    quarter an unsalted hash of the id would hold out elsewhere)."""
    salted = f"{salt}/{row_id}".encode()
    return int(hashlib.sha256(salted).hexdigest(), 16) % 4 == 0


def least_cost_share(
    scorer: CompiledScorer,
    fit: Sequence[Row],
    held: Sequence[Row],
    top: str,
    band_count: int,
    quality: float,
) -> float:
    """The least cost, as a share of always-``top``'s, at which a mix of tiers per band of
    ``scorer``'s scores (cut on the fit rows) reaches ``quality`` of always-``top``'s
    quality on the held-out rows, knowing their outcomes (what routing by these bands
    could do at best). Rows lacking a tier's score or cost leave that tier out."""
    tiers = [
        t
        for t in data_tiers({t for r in held for t in _scores(r)})
        if all(t in _scores(r) and t in _costs(r) for r in held)
    ]
    if top not in tiers or len(tiers) < 2:
        return 1.0
    cuts = band_cuts([_score(scorer, r) for r in fit], band_count) or []
    bands = [bisect.bisect_right(cuts, _score(scorer, r)) for r in held]
    count = len(cuts) + 1
    got, paid = np.zeros((count, len(tiers))), np.zeros((count, len(tiers)))
    for band, row in zip(bands, held, strict=True):
        scores, costs = _scores(row), _costs(row)
        got[band] += [scores[t] for t in tiers]
        paid[band] += [costs[t] for t in tiers]
    at = tiers.index(top)
    best, spent = got[:, at].sum(), paid[:, at].sum()
    if best <= 0 or spent <= 0:
        return 1.0
    result = linprog(
        paid.ravel() / spent,
        A_ub=-(got.ravel() / best)[None],
        b_ub=[-quality],
        A_eq=np.kron(np.eye(count), np.ones(len(tiers))),  # each band's mix sums to 1
        b_eq=np.ones(count),
        bounds=(0, 1),
    )
    return float(result.fun) if result.success else 1.0


def _costs(row: Row) -> dict[str, float]:
    costs = row.get("cost_usd")
    return {str(k): float(v) for k, v in costs.items()} if isinstance(costs, dict) else {}


def _scores(row: Row) -> dict[str, float]:
    scores = row.get("scores")
    return {str(k): float(v) for k, v in scores.items()} if isinstance(scores, dict) else {}


def _score(scorer: CompiledScorer, row: Row) -> float:
    return prompt_difficulty(scorer, str(row.get("prompt") or ""))


def refit_classifier(
    rows: Sequence[Row],
    current: CompiledScorer,
    out: Path,
    *,
    top: str,
    band_count: int,
    quality: float,
) -> ClassifierRefit:
    """Train a candidate on the judged ``rows``' fit part into ``out`` and compare it with
    ``current`` on the held-out part (ValueError: too few judged prompts)."""
    judged = [r for r in rows if _judged(r, top)]
    if len(judged) < MIN_REFIT_ROWS:
        raise ValueError(
            f"{len(judged)} judged requests with their prompts; a classifier refit needs at "
            f"least {MIN_REFIT_ROWS} (learning.log.include_text keeps the prompts)"
        )
    held = [r for r in judged if held_out(r.get("id"))]
    fit = [r for r in judged if not held_out(r.get("id"))]
    with tempfile.TemporaryDirectory() as tmp:
        data, trained = Path(tmp) / "judged.jsonl", Path(tmp) / "classifier.json"
        lines = (
            json.dumps({"id": str(r.get("id")), "prompt": r["prompt"], "scores": _scores(r)})
            for r in fit
        )
        data.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        train_classifier([data], trained, cv_folds=0)
        refit = ClassifierRefit(
            rows=len(judged),
            held_out=len(held),
            quality=quality,
            current=least_cost_share(current, fit, held, top, band_count, quality),
            candidate=least_cost_share(load_scorer(trained), fit, held, top, band_count, quality),
            path=out,
        )
        if refit.adopted:
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(trained, out)
    return refit
