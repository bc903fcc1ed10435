"""Learning from traffic that carries no category (a support desk with no queue field):
``tierroute replay --learn`` on the rows of ``bench/learning.py`` with their category
removed, from the shipped replay policy with no ``learning`` section (no prior, no key to
segment by), so the replay segments by the classifier's difficulty band (cuts learned
from the scores seen); beside it the same with one segment for all traffic
(``segment_by`` a key no row has), as before bands existed. Everything paid, as in
``bench/learning.py``; the goal is the same (95% of the top tier's quality at no more
than 0.75 of random's cost for 95%). Run:

    .venv/bin/python bench/learning_without_categories.py

Intermediate files go to a temporary directory, never into the repository.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from learning import GOAL, TARGET, learn
from routing_quality import DATA, POLICY, ROOT, read, split

#: How each run segments the traffic: its policy's ``learning`` section.
_SEGMENTING: dict[str, dict[str, Any] | None] = {
    "difficulty_bands": None,  # none: replay --learn segments by difficulty
    "one_segment": {"segment_by": ["no_such_key"]},
}


def _without_category(source: Path, out: Path) -> Path:
    with out.open("w") as written:
        for row in read(source):
            row.pop("category", None)
            written.write(json.dumps(row) + "\n")
    return out


def _policy(work: Path, name: str, learning: dict[str, Any] | None) -> Path:
    data = yaml.safe_load(POLICY.read_text())
    del data["learning"], data["replay"]
    if learning is not None:
        data["learning"] = learning
    path = work / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2", help="Sampling seeds, comma-separated.")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results" / "learning_without_categories.json"
    )
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "command": "bench/learning_without_categories.py"
        + (f" --seeds {args.seeds}" if args.seeds != "0,1,2" else ""),
        "seeds": seeds,
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _, held = split(DATA / "mmlu_pro_3tier.train.jsonl.gz", work)
        files = {
            "held_out_mmlu_pro": _without_category(held, work / "mmlu.jsonl"),
            "routellm_2tier": _without_category(
                DATA / "routellm_mmlu_2tier.jsonl.gz", work / "routellm.jsonl"
            ),
        }
        policies = {name: _policy(work, name, s) for name, s in _SEGMENTING.items()}
        for data_name, data in files.items():
            results[data_name] = {}
            for name, policy in policies.items():
                runs = [learn(data, work, f"{data_name}-{name}", seed, policy) for seed in seeds]
                results[data_name][name] = {
                    "random_mixing_cost_at_95": runs[0]["random_mixing_cost_at_95"],
                    "goal_met": sum(r["meets_goal"] for r in runs),
                    "target_kept": sum(r["whole"]["quality_share"] >= TARGET for r in runs),
                    "runs": [
                        {
                            "seed": seed,
                            "quality_share": r["whole"]["quality_share"],
                            "cost_share": r["whole"]["cost_share"],
                            "last_half_quality_share": r["last_half"]["quality_share"],
                            "last_half_cost_share": r["last_half"]["cost_share"],
                            "shadow_cost_share": r["summary"]["shadow_cost_share"],
                            "cost_vs_random": r["cost_vs_random"],
                            "bands": r["summary"].get("difficulty_bands"),
                        }
                        for seed, r in zip(seeds, runs, strict=True)
                    ],
                }
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(
        "| data | segmented by | seed | quality (whole) | cost (whole) | shadow cost "
        "| cost / random | goal |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for data_name in files:
        for name, d in results[data_name].items():
            for r in d["runs"]:
                met = r["quality_share"] >= TARGET and r["cost_vs_random"] <= GOAL
                print(
                    f"| {data_name} | {name} | {r['seed']} | {r['quality_share']:.1%} | "
                    f"{r['cost_share']:.3f} | {r['shadow_cost_share']:.3f} | "
                    f"{r['cost_vs_random']:.2f} | {'met' if met else 'missed'} |"
                )
    for data_name in files:
        for name, d in results[data_name].items():
            print(
                f"{data_name}, {name}: target kept on {d['target_kept']} of {len(seeds)} "
                f"seeds, goal met on {d['goal_met']}"
            )
    print(f"raw results: {args.out}")


if __name__ == "__main__":
    main()
