"""Routing quality on held-out MMLU-Pro questions, next to the reference points and
LiteLLM's complexity router; then the same router on RouteLLM's data it never saw.

Everything is learned from ``mmlu_pro_3tier.train.jsonl.gz`` only. The file is split by
a hash of the row id: a quarter is held out and never seen by training or calibration.
On the rest, the commands a user runs:

    tierroute train --data FIT --out classifier.json --answer-model answers.json --C 0.1
    tierroute calibrate --data FIT --policy policies/replay-mmlu-pro.yaml \\
        --classifier classifier.json --answer-model answers.json \\
        --target-quality 0.95 --cv 5 --write tuned.yaml
    tierroute replay --data HELD --policy tuned.yaml --out decisions.jsonl

Then the held-out replay is compared with always-small/mid/large, the oracle, random
mixing at the same quality, and LiteLLM's ComplexityRouter mapped onto the three tiers
(SIMPLE -> small, MEDIUM -> mid, COMPLEX and REASONING -> large). Run:

    .venv/bin/python bench/routing_quality.py

Intermediate files go to a temporary directory (``--work``), never into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "routing"
TIERROUTE = Path(sys.executable).parent / "tierroute"
POLICY = ROOT / "policies" / "replay-mmlu-pro.yaml"
LADDER = ("small", "mid", "large")


def split(source: Path, work: Path, salt: str = "") -> tuple[Path, Path]:
    """Write the fit and held-out parts (a quarter, by a hash of the row id; ``salt``
    before the id draws another quarter)."""
    fit, held = work / f"fit{salt}.jsonl", work / f"held{salt}.jsonl"
    with gzip.open(source, "rt") as rows, fit.open("w") as a, held.open("w") as b:
        for line in rows:
            row_id = json.loads(line)["id"]
            hashed = int(hashlib.sha256((salt + row_id).encode()).hexdigest(), 16)
            (b if hashed % 4 == 0 else a).write(line)
    return fit, held


def tierroute(*args: str) -> str:
    """Run the CLI as a user would; its stdout."""
    started = time.perf_counter()
    done = subprocess.run([str(TIERROUTE), *args], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"tierroute {args[0]} failed:\n{done.stderr}")
    print(f"  tierroute {args[0]}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return done.stdout


def read(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt") as handle:  # type: ignore[operator]
        return [json.loads(line) for line in handle if line.strip()]


def shares(
    rows: list[dict[str, Any]], final: list[str], called: list[list[str]]
) -> dict[str, float]:
    """Quality and cost of a routing, as shares of always-top (costs: recorded or estimated)."""
    top = [t for t in LADDER if t in rows[0]["scores"]][-1]
    quality = sum(r["scores"][t] for r, t in zip(rows, final, strict=True))
    top_quality = sum(r["scores"][top] for r in rows)
    cost = sum(sum(row_cost(r, t) for t in c) for r, c in zip(rows, called, strict=True))
    top_cost = sum(row_cost(r, top) for r in rows)
    return {
        "quality_share": quality / top_quality,
        "cost_share": cost / top_cost,
        "top_call_share": sum(top in c for c in called) / len(rows),
    }


PRICES = {"small": (0.1, 0.1), "mid": (0.6, 0.6), "large": (2.5, 10.0)}


def row_cost(row: dict[str, Any], tier: str) -> float:
    """Recorded cost, else the policy's prices on estimated tokens (4 characters a token)."""
    if tier in row.get("cost_usd", {}):
        return float(row["cost_usd"][tier])
    price_in, _ = PRICES[tier]
    return max(len(row["prompt"]) // 4, 1) * price_in / 1e6


def reference_points(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    tiers = [t for t in LADDER if t in rows[0]["scores"]]
    points = {f"always-{t}": shares(rows, [t] * len(rows), [[t]] * len(rows)) for t in tiers}
    oracle = [next((t for t in tiers if r["scores"][t] >= 1), tiers[0]) for r in rows]
    points["oracle (cheapest correct tier)"] = shares(rows, oracle, [[t] for t in oracle])
    return points


def random_mixing_cost(points: dict[str, dict[str, float]], quality: float) -> float | None:
    """Cost share random mixing needs for ``quality``: the best straight line between two
    always-tier points (mixing at random moves along it)."""
    fixed = [p for name, p in points.items() if name.startswith("always-")]
    best = None
    for a in fixed:
        for b in fixed:
            qa, qb = a["quality_share"], b["quality_share"]
            if qa <= quality <= qb and qb > qa:
                w = (quality - qa) / (qb - qa)
                cost = (1 - w) * a["cost_share"] + w * b["cost_share"]
                best = cost if best is None else min(best, cost)
    return best


def litellm_complexity(rows: list[dict[str, Any]]) -> dict[str, float]:
    """LiteLLM's ComplexityRouter: its tier per prompt, mapped onto the ladder."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm
    from litellm.router_strategy.complexity_router.complexity_router import ComplexityRouter

    router = ComplexityRouter(model_name="bench", litellm_router_instance=litellm.Router())
    tiers = [t for t in LADDER if t in rows[0]["scores"]]
    mapping = {"SIMPLE": tiers[0], "MEDIUM": tiers[len(tiers) // 2], "COMPLEX": tiers[-1]}
    mapping["REASONING"] = tiers[-1]
    final = []
    for row in rows:
        tier, _, _ = router.classify(row["prompt"])
        final.append(mapping[str(getattr(tier, "name", tier)).upper()])
    result = shares(rows, final, [[t] for t in final])
    result["tier_mix"] = {t: final.count(t) / len(final) for t in tiers}  # type: ignore[assignment]
    return result


def replay(held: Path, policy: Path, work: Path, name: str) -> dict[str, Any]:
    """The replay summary, with a 90% bootstrap interval of the quality share."""
    out = work / f"{name}.decisions.jsonl"
    summary: dict[str, Any] = json.loads(
        tierroute(
            "replay", "--data", str(held), "--policy", str(policy), "--out", str(out), "--json"
        )
    )
    rows = read(held)
    final = {d["id"]: d["final_tier"] for d in map(json.loads, out.read_text().splitlines())}
    top = [t for t in LADDER if t in rows[0]["scores"]][-1]
    got = [r["scores"][final[r["id"]]] for r in rows]
    best = [r["scores"][top] for r in rows]
    rng = random.Random(0)
    draws = []
    for _ in range(1000):
        picks = [rng.randrange(len(rows)) for _ in rows]
        draws.append(sum(got[i] for i in picks) / sum(best[i] for i in picks))
    draws.sort()
    summary["quality_share_90pct_interval"] = [draws[50], draws[949]]
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target-quality", type=float, default=0.95)
    parser.add_argument("--confidence", type=float, default=None)
    parser.add_argument("--cv", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument(
        "--reuse", action="store_true", help="Keep the models and calibration found in --work."
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results" / "routing_quality.json"
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="tierroute-routing-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"working in {work}", file=sys.stderr)
    fit, held = split(DATA / "mmlu_pro_3tier.train.jsonl.gz", work)
    classifier, answers, tuned = (
        work / "classifier.json",
        work / "answers.json",
        work / "tuned.yaml",
    )
    if not (args.reuse and classifier.is_file() and answers.is_file()):
        tierroute(
            "train",
            "--data",
            str(fit),
            "--out",
            str(classifier),
            "--answer-model",
            str(answers),
            "--cv",
            "0",
            "--C",
            "0.1",
        )
    calibrate_args = [
        "calibrate",
        "--data",
        str(fit),
        "--policy",
        str(POLICY),
        "--classifier",
        str(classifier),
        "--answer-model",
        str(answers),
        "--target-quality",
        str(args.target_quality),
        "--cv",
        str(args.cv),
        "--write",
        str(tuned),
        "--json",
    ]
    if args.confidence is not None:
        calibrate_args += ["--confidence", str(args.confidence)]
    saved = work / "calibration.json"
    if args.reuse and saved.is_file() and tuned.is_file():
        print("  reusing the calibration in --work", file=sys.stderr)
    else:
        saved.write_text(tierroute(*calibrate_args))
    calibration = json.loads(saved.read_text())
    held_rows = read(held)
    routed = replay(held, tuned, work, "mmlu-held")
    points = reference_points(held_rows)
    peer = litellm_complexity(held_rows)
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "split": {"fit_rows": len(read(fit)), "held_out_rows": len(held_rows)},
        "target_quality": args.target_quality,
        "confidence": args.confidence,
        "cv_folds": args.cv,
        "calibration_on_fit": calibration["chosen"],
        "held_out": {
            "tierroute": routed,
            "random_mixing_cost_at_same_quality": random_mixing_cost(
                points, routed["quality_share"]
            ),
            "litellm_complexity_router": peer,
            "random_mixing_cost_at_litellm_quality": random_mixing_cost(
                points, peer["quality_share"]
            ),
            **points,
        },
    }
    # the same router on RouteLLM's MMLU data: never trained or tuned on it
    routellm = DATA / "routellm_mmlu_2tier.jsonl.gz"
    if routellm.is_file():
        rows = read(routellm)
        other = work / "routellm.jsonl"
        other.write_text("".join(json.dumps(r) + "\n" for r in rows))
        summary = replay(other, tuned, work, "routellm")
        ref = reference_points(rows)
        weak, strong = ref["always-small"]["quality_share"], 1.0
        q = summary["quality_share"]
        results["routellm_2tier"] = {
            "tierroute": summary,
            "random_mixing_top_calls_at_same_quality": (q - weak) / (strong - weak),
            "random_mixing_cost_at_same_quality": random_mixing_cost(ref, q),
            "litellm_complexity_router": litellm_complexity(rows),
            **ref,
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
