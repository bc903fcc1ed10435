"""Decision latency: tierroute's ``Router.decide`` next to LiteLLM's ComplexityRouter.

Both run in this process over the same prompts, interleaved call by call (so machine noise
hits both alike): MMLU-Pro prompts and the multilingual helpdesk tickets from
../shared/data. Reports p50/p99 per decision, the ratio of medians, and the cold start of
``tierroute route`` (process start to answer). Medians over ``--repeats`` runs.

tierroute's scorer caches each word's weights the first time it sees the word. Before the
runs it reads other texts of the same kind (the MMLU-Pro prompts outside the sample, the
project's own training tickets), as a running service would have; the first run then
scores texts it has not seen, and its p50 is reported on its own (``first_run``). Later
runs score texts seen before: every word is cached. ``tierroute_alone`` is the p50 of runs
with no peer call in between.

    .venv/bin/python bench/decision_latency.py --repeats 5 --sample 2000
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def prompts(sample: int) -> tuple[dict[str, list[str]], list[str]]:
    """The two prompt sets, read from ../shared/data (never copied into the repo), and
    other texts of the same kinds to warm up on."""
    with gzip.open(DATA / "routing" / "mmlu_pro_3tier.train.jsonl.gz", "rt") as handle:
        mmlu = [json.loads(line)["prompt"] for line in handle]
    csv.field_size_limit(10**9)
    with (DATA / "tickets" / "helpdesk_tickets_multilang.csv").open(newline="") as handle:
        tickets = [f"{r['subject']}\n\n{r['body']}" for r in csv.DictReader(handle)]
    with (ROOT / "classifiers" / "data" / "tickets.jsonl").open() as handle:
        own_tickets = [json.loads(line)["text"] for line in handle]
    sampled = random.Random(0).sample(range(len(mmlu)), min(sample, len(mmlu)))
    chosen = set(sampled)
    others = [prompt for i, prompt in enumerate(mmlu) if i not in chosen]
    return {"mmlu_pro": [mmlu[i] for i in sampled], "helpdesk": tickets}, others + own_tickets


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def peer() -> object:
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm
    from litellm.router_strategy.complexity_router.complexity_router import ComplexityRouter

    return ComplexityRouter(model_name="bench", litellm_router_instance=litellm.Router())


def one_run(texts: list[str], ours: object, theirs: object, seed: int) -> dict[str, list[float]]:
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    times: dict[str, list[float]] = {"tierroute": [], "litellm_complexity": []}
    clock = time.perf_counter_ns
    for n, i in enumerate(order):
        text = texts[i]
        pair = [("tierroute", ours.decide), ("litellm_complexity", theirs.classify)]  # type: ignore[attr-defined]
        if n % 2:
            pair.reverse()
        for name, call in pair:
            start = clock()
            call(text)
            times[name].append((clock() - start) / 1000)  # µs
    return times


def alone_run(texts: list[str], ours: object, seed: int) -> list[float]:
    """Our decisions with nothing in between (the peer's calls evict our data from the
    CPU caches; this shows by how much)."""
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    clock = time.perf_counter_ns
    decide = ours.decide  # type: ignore[attr-defined]
    times = []
    for i in order:
        start = clock()
        decide(texts[i])
        times.append((clock() - start) / 1000)
    return times


def cold_start(runs: int) -> list[float]:
    exe = ROOT / ".venv" / "bin" / "tierroute"
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [str(exe), "route", "How do I reset my password?", "--json"],
            check=True,
            capture_output=True,
        )
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sample", type=int, default=2000, help="MMLU-Pro prompts per run")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results" / "decision_latency.json"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from router import Router, load_policy

    ours = Router(load_policy(ROOT / "policies" / "default.yaml"))
    theirs = peer()
    sets, others = prompts(args.sample)
    for text in others:  # see other texts first, as a running service would have
        ours.decide(text)
    for text in others[:50]:
        theirs.classify(text)  # type: ignore[attr-defined]
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "repeats": args.repeats,
    }
    for name, texts in sets.items():
        runs = [one_run(texts, ours, theirs, seed) for seed in range(args.repeats)]
        summary: dict[str, float | int] = {
            "prompts": len(texts),
            "mean_chars": sum(map(len, texts)) / len(texts),
        }
        for who in ("tierroute", "litellm_complexity"):
            summary[f"{who}_p50_us"] = statistics.median(percentile(r[who], 0.5) for r in runs)
            summary[f"{who}_p99_us"] = statistics.median(percentile(r[who], 0.99) for r in runs)
            summary[f"{who}_first_run_p50_us"] = percentile(runs[0][who], 0.5)
        summary["speedup_p50"] = summary["litellm_complexity_p50_us"] / summary["tierroute_p50_us"]
        alone = [alone_run(texts, ours, seed) for seed in range(args.repeats)]
        summary["tierroute_alone_p50_us"] = statistics.median(percentile(r, 0.5) for r in alone)
        summary["speedup_first_run_p50"] = (
            summary["litellm_complexity_first_run_p50_us"] / summary["tierroute_first_run_p50_us"]
        )
        results[name] = summary
    starts = cold_start(max(args.repeats * 2, 5))
    results["cold_start_route_s"] = {"median": statistics.median(starts), "runs": starts}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
