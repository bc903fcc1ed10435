"""What ``tierroute calibrate --from-log --refit-answer-model`` decides on judged traffic
whose answers the log kept: rows of the outcome data stand for the log's judged requests
(prompt, every tier's score, the cheaper tiers' answers). The answer model in use is the
one the README's recipe trains (``tierroute train --answer-model --C 0.1``) on the fit
part of ``mmlu_pro_3tier.train.jsonl.gz`` (as ``bench/routing_quality.py`` splits it).
The log is the held-out MMLU-Pro quarter: its first 466 rows (about what ``replay
--learn`` judges) and all 2,162. (RouteLLM's rows record no answers, so that file cannot
stand for a log here.) Each is refitted against the recipe's model and against none. The
refit trains on three quarters of
the log and compares, on the rest, how well each model's expected gain orders a tier's
answers by whether the next tier did better (area under the ROC curve). Run:

    .venv/bin/python bench/answer_model_refit.py
"""

from __future__ import annotations

import json
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from routing_quality import DATA, ROOT, read, split

from classifiers.answers.model import load_answer_scorer, write_answer_model
from classifiers.answers.training import fit_answer_model
from classifiers.datasets import read_outcomes
from router.learning.refits.answer_model import refit_answer_model

OUT = ROOT / "bench" / "results" / "answer_model_refit.json"


def main() -> None:
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "command": "bench/answer_model_refit.py",
        "runs": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fit, held = split(DATA / "mmlu_pro_3tier.train.jsonl.gz", work)
        started = time.perf_counter()
        in_use = work / "answers.json"
        write_answer_model(fit_answer_model(read_outcomes(fit), C=0.1), in_use)
        print(f"answer model in use trained on {fit.name} in {time.perf_counter() - started:.0f} s")
        current = load_answer_scorer(in_use)
        rows = read(held)
        name = "mmlu_pro held-out quarter"
        for n in (466, len(rows)):
            for label, model in (("README recipe's", current), ("none", None)):
                started = time.perf_counter()
                refit = refit_answer_model(rows[:n], model, work / "refit.json")
                run = {
                    "log": name,
                    "rows": n,
                    "answer_model_in_use": label,
                    "held_out": refit.held_out,
                    "tiers": [
                        {
                            "tier": t.tier,
                            "answers": t.answers,
                            "auc_in_use": round(t.current, 4),
                            "auc_refit": round(t.candidate, 4),
                        }
                        for t in refit.tiers
                    ],
                    "adopted": refit.adopted,
                    "seconds": round(time.perf_counter() - started, 1),
                }
                results["runs"].append(run)  # type: ignore[attr-defined]
                print(f"{name}, {n} rows, in use: {label}: {refit.describe()}")
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    print(f"raw results: {OUT}")


if __name__ == "__main__":
    main()
