"""Hindsight bounds for ``bench/learning.py``: the least cost share (of always-top) at which
95% of the top tier's quality is reached by sending a share of each group's rows to each
tier, knowing every row's outcome. No routing that learns per group can do better, before
it pays anything for learning.

The groups: each category (where answers are recorded, also with each cheaper tier
escalating its looping answers as a way to answer); each category's third of prompt
lengths; and, on MMLU-Pro, each
category's third of the loss a text model predicts (word n-grams, ridge regression of the
top tier's score minus mid's, fitted on the MMLU-Pro fit rows, all of them or the first
350: about what ``replay --learn`` judges on the held-out rows). The last asks whether a
classifier refitted from outcomes could tell requests apart within a category.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from routing_quality import LADDER, read, row_cost

__all__ = ["hindsight_bound", "hindsight_bounds"]

Row = dict[str, Any]


def _options(row: Row, tiers: list[str], cascades: bool) -> list[tuple[float, float]]:
    """What each way of answering ``row`` costs and scores: each tier alone; with
    ``cascades``, also each cheaper tier escalating to the next when its recorded answer
    loops (the ``repetition`` signal, as the engine finds it)."""
    options = [(row_cost(row, t), float(row["scores"][t])) for t in tiers]
    if cascades:
        from router.backends.calls import ModelAnswer
        from router.engine.answering.escalation import escalation_reason
        from router.policy.model import EscalationSettings

        settings = EscalationSettings(signals=["repetition"])
        for here, above in itertools.pairwise(tiers):
            text = row.get("responses", {}).get(here)
            loops = text is not None and escalation_reason(
                ModelAnswer(model=here, content=text), settings, None
            )
            cost = row_cost(row, here) + (row_cost(row, above) if loops else 0.0)
            options.append((cost, float(row["scores"][above if loops else here])))
    return options


def hindsight_bound(
    rows: list[Row], group: Callable[[Row], Hashable], quality: float, cascades: bool = False
) -> float:
    """The least cost share reaching ``quality`` with a mix of ways to answer per ``group``."""
    import numpy as np
    from scipy.optimize import linprog

    tiers = [t for t in LADDER if t in rows[0]["scores"]]
    top = tiers[-1]
    groups: dict[Hashable, list[list[tuple[float, float]]]] = {}
    for row in rows:
        groups.setdefault(group(row), []).append(_options(row, tiers, cascades))
    top_quality = sum(r["scores"][top] for r in rows)
    top_cost = sum(row_cost(r, top) for r in rows)
    got = np.array([np.sum([[s for _, s in o] for o in g], axis=0) for g in groups.values()])
    paid = np.array([np.sum([[c for c, _ in o] for o in g], axis=0) for g in groups.values()])
    n, k = got.shape
    one_mix = np.kron(np.eye(n), np.ones(k))  # each group's shares sum to 1
    result = linprog(
        paid.ravel() / top_cost,
        A_ub=-(got.ravel() / top_quality)[None],
        b_ub=[-quality],
        A_eq=one_mix,
        b_eq=np.ones(n),
        bounds=(0, 1),
    )
    return float(result.fun)


def _thirds(values: list[float]) -> Callable[[float], int]:
    import numpy as np

    cuts = np.quantile(values, [1 / 3, 2 / 3])
    return lambda value: int(np.searchsorted(cuts, value))


def _predicted_loss(fit_rows: list[Row], rows: list[Row]) -> list[float]:
    """A text model's predicted loss of mid against the top tier, for each of ``rows``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import Ridge

    def text(row: Row) -> str:
        return f"{row.get('category', '')} {row['prompt']}"

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    features = vectorizer.fit_transform([text(r) for r in fit_rows])
    target = [r["scores"]["large"] - r["scores"]["mid"] for r in fit_rows]
    model = Ridge(alpha=3.0).fit(features, target)
    return [float(p) for p in model.predict(vectorizer.transform([text(r) for r in rows]))]


def hindsight_bounds(rows: list[Row], fit: Path | None, quality: float = 0.95) -> dict[str, Any]:
    """The bounds for ``rows``; with ``fit`` (MMLU-Pro fit rows), the text model's too."""
    length = _thirds([len(r["prompt"]) for r in rows])
    bounds: dict[str, Any] = {
        "hindsight_per_category_cost_at_95": hindsight_bound(
            rows, lambda r: r.get("category"), quality
        ),
        "hindsight_per_category_and_length_cost_at_95": hindsight_bound(
            rows, lambda r: (r.get("category"), length(len(r["prompt"]))), quality
        ),
    }
    if any(r.get("responses") for r in rows):
        bounds["hindsight_per_category_with_loop_escalation_cost_at_95"] = hindsight_bound(
            rows, lambda r: r.get("category"), quality, cascades=True
        )
    if fit is not None:
        fit_rows = read(fit)
        by_text = {}
        for count in (350, len(fit_rows)):
            predicted = _predicted_loss(fit_rows[:count], rows)
            third = _thirds(predicted)
            keyed = {
                id(r): (r.get("category"), third(p)) for r, p in zip(rows, predicted, strict=True)
            }
            by_text[count] = hindsight_bound(rows, lambda r, k=keyed: k[id(r)], quality)
        bounds["hindsight_per_category_and_text_model_cost_at_95"] = by_text
    return bounds
