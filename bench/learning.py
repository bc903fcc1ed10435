"""Learning from traffic: ``tierroute replay --learn`` on outcome rows it never saw, in
file order, starting from the shipped replay policy and ticket classifier (and
the policy's ``learning.prior``: per MMLU-Pro category, each tier's loss on the fit part
of the training file, checked here to be what ``tierroute calibrate --prior`` fits there).

(a) the held-out quarter of ``mmlu_pro_3tier.train.jsonl.gz`` (split by a hash of the row
id, as ``bench/routing_quality.py`` does), (b) ``routellm_mmlu_2tier.jsonl.gz``, another
domain with two tiers. Only rows judged in the shadow reveal their scores, and they pay
for every tier they called. Quality and cost are counted here from the decisions file
(``called`` includes the shadow calls), as shares of always-top on the same rows, over the
whole stream and its last half, next to the cost random mixing needs for 95% of the top
tier's quality. The goal: at least 95% of the quality at no more than 0.75 of random's
cost over the whole stream (aim: 0.5). Sampling is random: it runs with several seeds
(``--seeds``) and says on how many the goal was met. Next to it, hindsight bounds: the
least cost at which 95% is reachable by mixing the tiers per category (and per category
and third of prompt lengths: the learned routing also weighs each request's own cost),
knowing every row's outcome (a linear programme): no learner that routes by these can
do better. Run:

    .venv/bin/python bench/learning.py

Intermediate files go to a temporary directory (``--work``), never into the repository.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from learning_bounds import hindsight_bounds
from routing_quality import (
    DATA,
    POLICY,
    ROOT,
    TIERROUTE,
    random_mixing_cost,
    read,
    reference_points,
    shares,
    split,
)

GOAL, AIM, TARGET = 0.75, 0.5, 0.95


def learn(data: Path, work: Path, name: str, seed: int, policy: Path = POLICY) -> dict[str, Any]:
    """``replay --learn`` on ``data`` from ``policy``; its summary, and shares counted from
    its decisions."""
    import subprocess

    out = work / f"{name}.decisions.jsonl"
    started = time.perf_counter()
    done = subprocess.run(
        [
            str(TIERROUTE), "replay", "--data", str(data), "--policy", str(policy),
            "--learn", "--out", str(out), "--seed", str(seed), "--json",
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"replay --learn failed:\n{done.stderr}")
    seconds = time.perf_counter() - started
    rows = read(data)
    decisions = {d["id"]: d for d in read(out)}
    final = [decisions[r["id"]]["final_tier"] for r in rows]
    called = [decisions[r["id"]]["called"] for r in rows]
    half = len(rows) // 2
    points = reference_points(rows)
    random95 = random_mixing_cost(points, TARGET)
    whole = shares(rows, final, called)
    last = shares(rows[half:], final[half:], called[half:])
    return {
        "rows": len(rows),
        "seconds": round(seconds, 1),
        "whole": whole,
        "last_half": last,
        "shadowed_rows": sum(len(c) > 1 and f in c for c, f in zip(called, final, strict=True)),
        "reference": points,
        "random_mixing_cost_at_95": random95,
        "cost_vs_random": whole["cost_share"] / random95 if random95 else None,
        "meets_goal": bool(
            whole["quality_share"] >= TARGET and random95 and whole["cost_share"] <= GOAL * random95
        ),
        "summary": json.loads(done.stdout),
    }


def prior_check(fit: Path) -> dict[str, Any]:
    """Whether the shipped policy's ``learning.prior`` is what ``tierroute calibrate --data
    FIT --prior`` fits on the fit part (so the replay starts from what it can know)."""
    import subprocess

    import yaml

    done = subprocess.run(
        [str(TIERROUTE), "calibrate", "--data", str(fit), "--prior", "--policy", str(POLICY),
         "--json"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"calibrate --prior failed:\n{done.stderr}")
    fitted = json.loads(done.stdout)
    shipped = yaml.safe_load(POLICY.read_text())["learning"]["prior"]
    same = all(
        fitted[key] == shipped[key]
        for key in ("segments", "spread", "cost", "weight", "length_slope", "log_tokens_variance")
    )
    return {"rows": sum(s["outcomes"] for s in fitted["segments"]), "matches_shipped": same}


def _slim(result: dict[str, Any]) -> dict[str, Any]:
    """One run's figures, without what every run of the same data repeats."""
    return {k: v for k, v in result.items() if k not in ("reference", "random_mixing_cost_at_95")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=None, help="Directory for the split.")
    parser.add_argument("--seeds", default="0,1,2,3,4,5", help="Sampling seeds, comma-separated.")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "learning.json")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    names = {"held_out_mmlu_pro": "mmlu-pro-held", "routellm_2tier": "routellm"}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        fit, held = split(DATA / "mmlu_pro_3tier.train.jsonl.gz", work)
        prior = prior_check(fit)
        if not prior["matches_shipped"]:
            raise SystemExit(
                f"{POLICY}: learning.prior is not what `tierroute calibrate --data FIT "
                "--prior` fits on the fit part; refit it"
            )
        files = {"held_out_mmlu_pro": held, "routellm_2tier": DATA / "routellm_mmlu_2tier.jsonl.gz"}
        runs = {
            name: [learn(files[name], work, names[name], seed) for seed in seeds] for name in files
        }
        data = {}
        for name, path in files.items():
            first = runs[name][0]
            data[name] = {
                "rows": first["rows"],
                "reference": first["reference"],
                "random_mixing_cost_at_95": first["random_mixing_cost_at_95"],
                **hindsight_bounds(read(path), fit if name == "held_out_mmlu_pro" else None),
                "goal_met": sum(r["meets_goal"] for r in runs[name]),
                "runs": [
                    {"seed": seed, **_slim(r)} for seed, r in zip(seeds, runs[name], strict=True)
                ],
            }
    results = {
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "command": "bench/learning.py"
        + (f" --seeds {args.seeds}" if args.seeds != "0,1,2,3,4,5" else ""),
        "seeds": seeds,
        "prior": prior,
        **data,
    }
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(
        "| data | seed | quality (whole) | cost (whole) | quality (last half) | cost (last half) "
        "| shadow cost | random for 95% | cost / random | goal |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, d in data.items():
        for r in d["runs"]:
            s = r["summary"]
            print(
                f"| {name} | {r['seed']} | {r['whole']['quality_share']:.1%} | "
                f"{r['whole']['cost_share']:.3f} | {r['last_half']['quality_share']:.1%} | "
                f"{r['last_half']['cost_share']:.3f} | {s['shadow_cost_share']:.3f} | "
                f"{d['random_mixing_cost_at_95']:.3f} | {r['cost_vs_random']:.2f} | "
                f"{'met' if r['meets_goal'] else 'missed'} |"
            )
    for name, d in data.items():
        bound = d["hindsight_per_category_cost_at_95"]
        by_length = d["hindsight_per_category_and_length_cost_at_95"]
        print(
            f"{name}: goal met on {d['goal_met']} of {len(seeds)} seeds; goal's cost "
            f"{GOAL * d['random_mixing_cost_at_95']:.3f}; hindsight bounds: per category "
            f"{bound:.3f} ({bound / d['random_mixing_cost_at_95']:.2f}x random), per category "
            f"and length {by_length:.3f} ({by_length / d['random_mixing_cost_at_95']:.2f}x)"
        )
        if "hindsight_per_category_with_loop_escalation_cost_at_95" in d:
            print(
                f"{name}: per category, with escalating looping answers as an option: "
                f"{d['hindsight_per_category_with_loop_escalation_cost_at_95']:.3f}"
            )
        for rows, bound in d.get("hindsight_per_category_and_text_model_cost_at_95", {}).items():
            print(
                f"{name}: per category and third of a text model's predicted loss (fitted on "
                f"{rows} MMLU-Pro fit rows): {bound:.3f}"
            )
    print(
        f"the replay starts from the shipped policy's learning.prior: what `calibrate --prior` "
        f"fits on the {prior['rows']} MMLU-Pro fit rows (checked)"
    )
    print(f"raw results: {args.out}")


if __name__ == "__main__":
    main()
