"""Would a classifier refitted from judged traffic route better? Hindsight bounds (as in
``bench/learning_bounds.py``: the least cost share of always-top at which 95% of the top
tier's quality is reached by mixing the tiers per group, knowing every row's outcome) for
traffic that carries no category, so routing can only tell requests apart by what it
reads: one group (random mixing); thirds of prompt length (what the learned routing
weighs today); thirds of the shipped ticket classifier's difficulty score; thirds of the
difficulty that the project's own classifier (``tierroute train``'s estimator and labels)
predicts, fitted on 350 judged rows drawn at random (about what ``replay --learn``
judges) and on all the fit rows; those thirds crossed with length's; and per category,
for scale. Then the same classifier's value within a category: the share of the loss
variance it explains there, next to prompt length's.

The classifier is fitted on the fit part and the bounds are taken on the held-out part
(a quarter, by a hash of the row id, as ``bench/routing_quality.py`` splits), of MMLU-Pro
and of RouteLLM's file. Run:

    .venv/bin/python bench/classifier_from_traffic.py
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from collections.abc import Hashable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from learning_bounds import _thirds, hindsight_bound
from routing_quality import DATA, ROOT, read, split

Row = dict[str, Any]
FILES = {
    "mmlu_pro": DATA / "mmlu_pro_3tier.train.jsonl.gz",
    "routellm_2tier": DATA / "routellm_mmlu_2tier.jsonl.gz",
}
JUDGED = 350


def _difficulty(fit_rows: list[Row], rows: list[Row]) -> list[float]:
    """The expected tier index the classifier, fitted on ``fit_rows`` as ``tierroute train``
    fits outcome data, predicts for each of ``rows``."""
    import numpy as np

    from classifiers.datasets import OutcomeRow, outcome_training_pairs
    from classifiers.estimator import DifficultyClassifier

    pairs = outcome_training_pairs([OutcomeRow.model_validate(r) for r in fit_rows])
    classifier = DifficultyClassifier()
    classifier.fit([t for t, _ in pairs], np.array([label for _, label in pairs], dtype=object))
    probabilities = classifier.predict_proba([r["prompt"] for r in rows])
    return [float(p) for p in probabilities @ np.arange(probabilities.shape[1])]


def _shipped_thirds(held: list[Row]) -> float:
    """The bound by thirds of the shipped ticket classifier's difficulty score."""
    from classifiers.scorer import load_scorer

    scorer = load_scorer("builtin:tickets")
    scores = [scorer.score(r["prompt"], explain=0).difficulty for r in held]
    third = _thirds(scores)
    own = {id(r): third(s) for r, s in zip(held, scores, strict=True)}
    return hindsight_bound(held, lambda r: own[id(r)], 0.95)


def _explained_within_category(rows: list[Row], values: list[float], tier: str) -> float:
    """The share of the variance of ``tier``'s loss (top's score minus its) within
    categories that a line in ``values`` explains."""
    import numpy as np

    groups: dict[Hashable, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(row.get("category"), []).append(i)
    x = np.array(values, dtype=float)
    top = [t for t in ("small", "mid", "large") if t in rows[0]["scores"]][-1]
    y = np.array([r["scores"][top] - r["scores"][tier] for r in rows], dtype=float)
    dx = np.concatenate([x[i] - x[i].mean() for i in groups.values()])
    dy = np.concatenate([y[i] - y[i].mean() for i in groups.values()])
    slope = float((dx * dy).sum() / max((dx * dx).sum(), 1e-12))
    return float(1 - ((dy - slope * dx) ** 2).sum() / max((dy * dy).sum(), 1e-12))


def measure(fit_rows: list[Row], held: list[Row]) -> dict[str, Any]:
    """The bounds and the within-category shares for one file."""
    length = [float(len(r["prompt"])) for r in held]
    by_length = _thirds(length)
    result: dict[str, Any] = {
        "fit_rows": len(fit_rows),
        "held_rows": len(held),
        "one_group": hindsight_bound(held, lambda r: 0, 0.95),
        "length_thirds": hindsight_bound(held, lambda r: by_length(len(r["prompt"])), 0.95),
        "per_category": hindsight_bound(held, lambda r: r.get("category"), 0.95),
        "shipped_classifier_thirds": _shipped_thirds(held),
        "classifier": {},
    }
    cheaper = [t for t in ("small", "mid") if t in held[0]["scores"]]
    for count in (JUDGED, len(fit_rows)):
        judged = random.Random(0).sample(fit_rows, count)
        predicted = _difficulty(judged, held)
        third = _thirds(predicted)
        own = {id(r): third(p) for r, p in zip(held, predicted, strict=True)}
        both = {id(r): (own[id(r)], by_length(len(r["prompt"]))) for r in held}
        result["classifier"][str(count)] = {
            "thirds": hindsight_bound(held, lambda r, k=own: k[id(r)], 0.95),
            "thirds_x_length_thirds": hindsight_bound(held, lambda r, k=both: k[id(r)], 0.95),
            "explained_within_category": {
                t: _explained_within_category(held, predicted, t) for t in cheaper
            },
        }
    result["length_explained_within_category"] = {
        t: _explained_within_category(held, length, t) for t in cheaper
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results" / "classifier_from_traffic.json"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    data = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in FILES.items():
            fit, held = split(source, Path(tmp))
            data[name] = measure(read(fit), read(held))
    results = {
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "command": "bench/classifier_from_traffic.py",
        "seconds": round(time.perf_counter() - started),
        **data,
    }
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(
        "| data (held-out quarter) | one group | length thirds | shipped classifier thirds "
        "| refit classifier thirds "
        f"({JUDGED} / all fit rows) | classifier x length thirds ({JUDGED} / all) | per category |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, d in data.items():
        c = d["classifier"]
        few, every = c[str(JUDGED)], c[str(d["fit_rows"])]
        print(
            f"| {name} | {d['one_group']:.3f} | {d['length_thirds']:.3f} | "
            f"{d['shipped_classifier_thirds']:.3f} | "
            f"{few['thirds']:.3f} / {every['thirds']:.3f} | "
            f"{few['thirds_x_length_thirds']:.3f} / {every['thirds_x_length_thirds']:.3f} | "
            f"{d['per_category']:.3f} |"
        )
    for name, d in data.items():
        every = d["classifier"][str(d["fit_rows"])]["explained_within_category"]
        length = d["length_explained_within_category"]
        shares = ", ".join(f"{t}: classifier {every[t]:.4f}, length {length[t]:.4f}" for t in every)
        print(f"{name}: loss variance explained within a category: {shares}")
    print(f"raw results: {args.out}")


if __name__ == "__main__":
    main()
