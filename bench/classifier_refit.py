"""What ``tierroute calibrate --from-log --refit-classifier`` decides on judged MMLU-Pro
prompts: the held-out quarter of ``mmlu_pro_3tier.train.jsonl.gz`` (as
``bench/learning.py`` splits it) stands for a log's judged requests, its first 466 rows
(about what ``replay --learn`` judges) and all of them. The refit trains on three quarters
of them and compares, on the rest, the least cost at which a mix of tiers per difficulty
band reaches 95% of the top tier's quality, by its bands and by the shipped classifier's.
(RouteLLM's rows carry no call costs, so that file cannot be compared here.) Run:

    .venv/bin/python bench/classifier_refit.py
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

from classifiers.scorer import load_scorer
from router.learning.refits.classifier import refit_classifier

OUT = ROOT / "bench" / "results" / "classifier_refit.json"


def main() -> None:
    shipped = load_scorer("builtin:tickets")
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "command": "bench/classifier_refit.py",
        "runs": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        _, held = split(DATA / "mmlu_pro_3tier.train.jsonl.gz", Path(tmp))
        rows = read(held)
        for n in (466, len(rows)):
            started = time.perf_counter()
            refit = refit_classifier(
                rows[:n], shipped, Path(tmp) / "refit.json", top="large", band_count=3,
                quality=0.95,
            )  # fmt: skip
            run = {
                "rows": n,
                "held_out": refit.held_out,
                "shipped_cost_share": round(refit.current, 4),
                "refit_cost_share": round(refit.candidate, 4),
                "adopted": refit.adopted,
                "seconds": round(time.perf_counter() - started, 1),
            }
            results["runs"].append(run)  # type: ignore[attr-defined]
            print(refit.describe())
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    print(f"raw results: {OUT}")


if __name__ == "__main__":
    main()
