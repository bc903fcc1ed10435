"""Learning from traffic on orders and splits ``bench/learning.py`` was not tuned on.

``bench/learning.py`` runs ``replay --learn`` on one held-out quarter of the MMLU-Pro file
and on RouteLLM's file in its own order; the learning's settings were chosen looking at
those runs. Both files come grouped by category (each category's rows in one block),
which live traffic is not. Here, with the same policy and the same goal (at least 95% of
the top tier's quality at no more than 0.75 of random mixing's cost for 95%, everything
paid, over the whole stream):

- RouteLLM's rows shuffled (two orders) and reversed: the categories interleaved as live
  traffic comes, or in the opposite order;
- MMLU-Pro: three other quarters held out (another salt before the row id's hash), each
  replayed from a prior that ``tierroute calibrate --prior`` fits on the other three
  quarters (as the shipped prior is fitted on the bench's fit part), and the bench's own
  held-out quarter shuffled.

Run:

    .venv/bin/python bench/learning_robustness.py

Intermediate files go to a temporary directory (``--work``), never into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import random
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from learning import GOAL, TARGET, learn
from routing_quality import DATA, POLICY, ROOT, TIERROUTE, split

MMLU = DATA / "mmlu_pro_3tier.train.jsonl.gz"
ROUTELLM = DATA / "routellm_mmlu_2tier.jsonl.gz"
#: The salts of the other held-out quarters (the bench's own has none).
SALTS = ("a", "b", "c")


def _lines(path: Path) -> list[str]:
    """The file's rows as lines (split at newlines only: a row's text may hold other
    line separators)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt") as handle:  # type: ignore[operator]
        return [line if line.endswith("\n") else line + "\n" for line in handle if line.strip()]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines))
    return path


def _shuffled(source: Path, out: Path, seed: int) -> Path:
    lines = _lines(source)
    random.Random(seed).shuffle(lines)
    return _write(out, lines)


def _with_prior(fit: Path, out: Path) -> Path:
    """The shipped policy with its prior refitted on ``fit``, as a user would."""
    done = subprocess.run(
        [str(TIERROUTE), "calibrate", "--data", str(fit), "--prior", "--policy", str(POLICY),
         "--write", str(out)],
        capture_output=True,
        text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"calibrate --prior failed:\n{done.stderr}")
    return out


def variants(work: Path) -> dict[str, tuple[str, Callable[[], tuple[Path, Path]]]]:
    """Per variant: what it is, and how to make its data and policy."""

    def routellm_order(seed: int) -> Callable[[], tuple[Path, Path]]:
        return lambda: (_shuffled(ROUTELLM, work / f"routellm-shuffled{seed}.jsonl", seed), POLICY)

    def routellm_reversed() -> tuple[Path, Path]:
        return _write(work / "routellm-reversed.jsonl", _lines(ROUTELLM)[::-1]), POLICY

    def mmlu_quarter(salt: str) -> Callable[[], tuple[Path, Path]]:
        def make() -> tuple[Path, Path]:
            fit, held = split(MMLU, work, salt)
            return held, _with_prior(fit, work / f"policy-{salt}.yaml")

        return make

    def mmlu_shuffled() -> tuple[Path, Path]:
        _, held = split(MMLU, work)
        return _shuffled(held, work / "held-shuffled.jsonl", 1), POLICY

    return {
        "routellm_shuffled_1": ("RouteLLM, rows shuffled (seed 1)", routellm_order(1)),
        "routellm_shuffled_2": ("RouteLLM, rows shuffled (seed 2)", routellm_order(2)),
        "routellm_reversed": ("RouteLLM, rows in reverse order", routellm_reversed),
        **{
            f"mmlu_pro_quarter_{salt}": (
                f"MMLU-Pro, another held-out quarter (salt {salt!r}), prior refitted on the rest",
                mmlu_quarter(salt),
            )
            for salt in SALTS
        },
        "mmlu_pro_held_shuffled": (
            "MMLU-Pro, the bench's held-out quarter shuffled",
            mmlu_shuffled,
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=None, help="Directory for the data made.")
    parser.add_argument("--seeds", default="0,1", help="Sampling seeds, comma-separated.")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results" / "learning_robustness.json"
    )
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for name, (what, make) in variants(work).items():
            data, policy = make()
            runs = [learn(data, work, name, seed, policy) for seed in seeds]
            results[name] = {
                "what": what,
                "rows": runs[0]["rows"],
                "random_mixing_cost_at_95": runs[0]["random_mixing_cost_at_95"],
                "goal_met": sum(r["meets_goal"] for r in runs),
                "runs": [
                    {
                        "seed": seed,
                        "quality_share": round(r["whole"]["quality_share"], 4),
                        "cost_share": round(r["whole"]["cost_share"], 4),
                        "cost_vs_random": round(r["cost_vs_random"], 3),
                        "shadow_cost_share": r["summary"]["shadow_cost_share"],
                        "meets_goal": r["meets_goal"],
                    }
                    for seed, r in zip(seeds, runs, strict=True)
                ],
            }
            got = [(r["quality_share"], r["cost_vs_random"]) for r in results[name]["runs"]]
            print(f"{name}: {got}", file=sys.stderr, flush=True)
    every = [r for v in results.values() for r in v["runs"]]
    summary = {
        "goal_met": sum(r["meets_goal"] for r in every),
        "runs": len(every),
        "least_quality_share": min(r["quality_share"] for r in every),
        "mean_quality_share": round(statistics.mean(r["quality_share"] for r in every), 4),
        "mean_cost_vs_random": round(statistics.mean(r["cost_vs_random"] for r in every), 3),
    }
    args.out.write_text(
        json.dumps(
            {
                "machine": f"{platform.machine()}, {platform.python_version()}",
                "command": "bench/learning_robustness.py"
                + (f" --seeds {args.seeds}" if args.seeds != "0,1" else ""),
                "seeds": seeds,
                "goal": {"quality_share": TARGET, "cost_vs_random": GOAL},
                "summary": summary,
                **results,
            },
            indent=2,
        )
        + "\n"
    )
    print("| data | seed | quality | cost | random for 95% | cost / random | shadow cost | goal |")
    print("|---|---|---|---|---|---|---|---|")
    for v in results.values():
        for r in v["runs"]:
            print(
                f"| {v['what']} | {r['seed']} | {r['quality_share']:.1%} | {r['cost_share']:.3f} "
                f"| {v['random_mixing_cost_at_95']:.3f} | {r['cost_vs_random']:.2f} | "
                f"{r['shadow_cost_share']:.3f} | {'met' if r['meets_goal'] else 'missed'} |"
            )
    print(
        f"goal met on {summary['goal_met']} of {summary['runs']} runs; quality at least "
        f"{summary['least_quality_share']:.1%} (mean {summary['mean_quality_share']:.1%}); "
        f"cost / random {summary['mean_cost_vs_random']:.2f} on average"
    )


if __name__ == "__main__":
    main()
