"""The seeds' pipeline at its rate: helpdesk tickets through ``tierroute batch`` on the
embedded default, with the embedded model's batched decoding on and off, side by side.

Each setting answers the same tickets (rows of
``../shared/data/tickets/helpdesk_tickets_multilang.csv``, written to a scratch CSV that
is deleted afterwards) in a process of its own, one setting after the other, with the
same batch options (concurrency 4, subject + body as the text, priority and language as
metadata). ``TIERROUTE_EMBEDDED_PARALLEL`` is the only difference: 1 runs the calls one
after another through llama-cpp-python's chat completion (batching off), 4 decodes up to
four at once in one llama.cpp batch. Recorded per setting: wall time and tickets per
hour, the final tier mix, tickets escalated and why (and per ticket language), answers
cut for looping and final answers that still loop (some run of 4 words said 4 times),
tickets handed to a person, and each tier's time to first token (p50/p99, from the batch
report).

    .venv/bin/python bench/pipeline_rate.py --rows 100:160      # the issue's 60-ticket probe
    .venv/bin/python bench/pipeline_rate.py                     # all 600 tickets

Nothing else may run on the machine meanwhile (2 cores: llama.cpp uses both).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import BENCH, ROOT, VENV_BIN, bench_env, machine

sys.path.insert(0, str(ROOT))
from router.repetition import loop_start

DATA = ROOT.parent / "shared" / "data" / "tickets" / "helpdesk_tickets_multilang.csv"
RESULTS = BENCH / "results" / "pipeline_rate.json"


def _rows(spec: str | None) -> tuple[list[str], list[list[str]]]:
    with DATA.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        header = next(reader)
        rows = list(reader)
    if spec:
        start, _, end = spec.partition(":")
        rows = rows[int(start) : int(end) if end else None]
    return header, rows


def _summary(results: Path, seconds: float, languages: dict[str, str]) -> dict[str, Any]:
    lines = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
    tickets = len(lines)
    reasons: Counter[str] = Counter()
    by_language: dict[str, Counter[str]] = {}
    for line in lines:
        reasons.update(line.get("escalations") or [])
        counts = by_language.setdefault(languages.get(str(line["id"]), "?"), Counter())
        counts["tickets"] += 1
        counts["escalated"] += bool(line.get("escalations"))
    looping = sum(
        1 for line in lines if line.get("answer") and loop_start(line["answer"]) is not None
    )
    return {
        "tickets": tickets,
        "seconds": round(seconds, 1),
        "tickets_per_hour": round(tickets / seconds * 3600, 1),
        "final_tiers": dict(Counter(line.get("tier") or "none" for line in lines)),
        "status": dict(Counter(line.get("status") for line in lines)),
        "escalated": sum(1 for line in lines if line.get("escalations")),
        "escalated_share": round(sum(1 for line in lines if line.get("escalations")) / tickets, 3),
        "escalation_reasons": dict(reasons.most_common()),
        "cut_for_looping": sum(1 for line in lines if line.get("looped")),
        "final_answers_that_loop": looping,
        "failed": sum(1 for line in lines if line.get("status") == "failed"),
        "escalated_by_language": {k: dict(v) for k, v in sorted(by_language.items())},
    }


def _run(
    csv_path: Path, parallel: int, concurrency: int, folder: Path, languages: dict[str, str]
) -> dict[str, Any]:
    out = folder / f"results-parallel{parallel}.jsonl"
    out.unlink(missing_ok=True)
    argv = [
        str(VENV_BIN / "tierroute"), "batch", str(csv_path), "-o", str(out),
        "--id-column", "id", "--text-columns", "subject,body",
        "--meta-columns", "priority,language", "--concurrency", str(concurrency),
        "--no-progress", "--json",
    ]  # fmt: skip
    env = bench_env(TIERROUTE_EMBEDDED_PARALLEL=str(parallel))
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"batch failed ({done.returncode}):\n{done.stderr[-3000:]}")
    summary = _summary(out, seconds, languages)
    summary["parallel"] = parallel
    summary["report"] = json.loads(done.stdout)
    summary["first_token_s"] = summary["report"].get("first_token", {})
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", help="START:END of the CSV's rows (default: all)")
    parser.add_argument("--parallel", default="1,4", help="settings to compare, in order")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    header, rows = _rows(args.rows)
    languages = {row[header.index("id")]: row[header.index("language")] for row in rows}
    runs = []
    with tempfile.TemporaryDirectory(prefix="pipeline-rate-") as scratch:
        folder = Path(scratch)
        csv_path = folder / "tickets.csv"
        with csv_path.open("w", newline="", encoding="utf-8") as sink:
            writer = csv.writer(sink)
            writer.writerow(header)
            writer.writerows(rows)
        for parallel in (int(p) for p in args.parallel.split(",")):
            run = _run(csv_path, parallel, args.concurrency, folder, languages)
            print(json.dumps({k: v for k, v in run.items() if k != "report"}), flush=True)
            runs.append(run)
    record = {
        "command": "bench/pipeline_rate.py " + " ".join(sys.argv[1:]),
        "rows": args.rows or "all",
        "machine": machine(),
        "runs": runs,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    key = f"rows={args.rows or 'all'}"
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    existing[key] = record
    RESULTS.write_text(json.dumps(existing, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)} [{key}]", file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    main()
