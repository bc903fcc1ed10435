"""Soak: ``tierroute serve`` under steady load for a long time, watched for errors, latency
drift and memory growth. Not part of CI.

The model is the project's OpenAI-protocol stub (``python -m tools.openai_stub``, in a
process of its own), answering at once, whole or streamed. One ``tierroute
serve`` (one uvicorn worker, the in-process response cache) routes to it, through its own
OpenAI-protocol client (``--client litellm``: through litellm); escalation is off, so each
request that misses the cache makes one model call. This script's own process keeps
``--concurrency`` requests in flight for ``--duration`` seconds: half of the prompts come
from a pool of 200 (cache hits after their first time), half are new (misses, which fill
the cache towards its bound of 10,000 answers; each also has two words never seen before,
which fill the classifier's per-word cache towards its 100,000); one request in five is
streamed. Every
response is checked: status 200, the stub's answer, a stream that ends with ``[DONE]``
and no error event. The RSS of the server's processes is read from /proc every 10 s.

    .venv/bin/python bench/soak.py --duration 600 --concurrency 8

What holds the memory: the server runs under a probe (this script with ``--serve-probe``
runs ``tierroute serve`` in its own process, the same command as the ``tierroute``
entry point) that writes, every 10 s, the sizes of the state meant to be bounded (the
response cache's answers and in-flight keys, the classifier's per-word cache, metrics
label sets, the in-process spend and limiter counters) and the allocator's view (Python's
allocated blocks, glibc's ``mallinfo2``). At three checkpoints (2 minutes in, the middle,
the end; each after ``gc.collect()``) it counts the live objects by type. With
``--tracemalloc FRAMES`` it also traces allocations (the server gets about ten times
slower) and saves a snapshot at each checkpoint, and the results hold the top growth
between the first checkpoint and the end, by line and by traceback. ``--cache-entries``
and ``--word-cache`` shrink the two bounds, so that a traced run fills them within its
first two minutes and whatever grows after that is something else:

    .venv/bin/python bench/soak.py --duration 1200 --tracemalloc 8 --cache-entries 500 \\
        --word-cache 1000 --out bench/results/soak_tracemalloc.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from harness import (
    BENCH,
    ROOT,
    free_port,
    machine,
    server,
    stop_on_sigterm,
    stub_server,
    write_results,
)
from soak_probe import (
    ask_checkpoint,
    probe_report,
    rss_kib,
    serve_probed,
    wait_checkpoint,
)

POOL = 200
STREAM_EVERY = 5
RSS_EVERY_S = 10.0
FIRST_CHECKPOINT_S = 120.0

POLICY = """\
# Written by bench/soak.py: every tier on the stub, escalation off, in-process cache.
name: soak
tiers:
{tiers}
routing:
  classifier: builtin:tickets
  thresholds: {{mid: 0.35, reasoning: 0.65}}
escalation: {{max_steps: 0}}
cache: {{enabled: true, only_deterministic: true}}
"""
TIER = """\
  {name}:
    model: openai/ok-{name}
    api_base: {base}
    timeout_s: 10
    price: {{input_per_mtok: 0.15, output_per_mtok: 0.6}}
    max_input_tokens: 4000
    max_output_tokens: 64
    client: {client}
"""
TOPICS = [
    "reset my password",
    "download last month's invoice",
    "change the email on my account",
    "export my projects to CSV",
    "the sync fails with error 502 after the 4.2.1 update",
    "invite a guest to a shared calendar",
]


@dataclass
class Window:
    """What one minute of the run saw."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    failures: list[str] = field(default_factory=list)  # what the first few failures were
    streamed: int = 0
    cache: dict[str, int] = field(default_factory=dict)


def prompt(rng: random.Random, serial: int) -> str:
    """Half from the pool of POOL prompts, half never seen before."""
    if rng.random() < 0.5:
        n = rng.randrange(POOL)
        return f"Hello, how do I {TOPICS[n % len(TOPICS)]}? (case {n})"
    return f"Hi, I need to {rng.choice(TOPICS)}, ticket {serial}-{rng.getrandbits(32):x}."


def good_answer(text: str) -> bool:
    return text.startswith("stub answer from ok-")


async def one(client: httpx.AsyncClient, body: dict[str, Any]) -> tuple[bool, str]:
    """Send one request; whether its answer was right, and its cache status."""
    if not body["stream"]:
        response = await client.post("/v1/chat/completions", json=body)
        ok = response.status_code == 200 and good_answer(
            response.json()["choices"][0]["message"]["content"]
        )
        return ok, response.headers.get("x-tierroute-cache", "?")
    async with client.stream("POST", "/v1/chat/completions", json=body) as response:
        text = "".join([piece async for piece in response.aiter_text()])
        cache = response.headers.get("x-tierroute-cache", "?")
    if response.status_code != 200 or not text.rstrip().endswith("data: [DONE]"):
        return False, cache
    pieces = []
    for line in text.splitlines():
        if line.startswith("data: {"):
            event = json.loads(line.removeprefix("data: "))
            if "error" in event:
                return False, cache
            for choice in event.get("choices", []):
                pieces.append(choice.get("delta", {}).get("content") or "")
    return good_answer("".join(pieces).strip()), cache


def checkpoint_times(duration_s: float) -> dict[str, float]:
    """When the probe counts objects (and snapshots): 2 minutes in, the middle; and the end."""
    first = min(FIRST_CHECKPOINT_S, duration_s / 3)
    return {"minute_2" if first == FIRST_CHECKPOINT_S else "first": first, "middle": duration_s / 2}


async def soak(
    base: str, group: int, duration_s: float, concurrency: int, probe_dir: Path
) -> tuple[list[Window], list[tuple[float, float]], float]:
    windows: list[Window] = []
    rss: list[tuple[float, float]] = [(0.0, rss_kib(group) / 1024)]
    started = time.monotonic()
    started_wall = time.time()
    serial = 0

    def window(at: float) -> Window:
        """The minute a request started in."""
        index = int((at - started) // 60)
        while len(windows) <= index:
            windows.append(Window())
        return windows[index]

    async def worker(client: httpx.AsyncClient, rng: random.Random) -> None:
        nonlocal serial
        while time.monotonic() - started < duration_s:
            serial += 1
            body = {
                "model": "auto",
                "temperature": 0,
                "messages": [{"role": "user", "content": prompt(rng, serial)}],
                "stream": serial % STREAM_EVERY == 0,
            }
            asked = time.monotonic()
            failure = "a wrong answer or status (x-tierroute-cache: {})"
            try:
                ok, cache = await one(client, body)
            except (httpx.HTTPError, ValueError, KeyError) as exc:
                ok, cache = False, type(exc).__name__
                failure = f"{type(exc).__name__}: {exc}"
            took_ms = (time.monotonic() - asked) * 1000
            seen = window(asked)
            seen.latencies_ms.append(took_ms)
            seen.errors += not ok
            if not ok and len(seen.failures) < 5:
                at = asked - started
                seen.failures.append(f"{at:.0f} s: {failure.format(cache)} after {took_ms:.0f} ms")
            seen.streamed += bool(body["stream"])
            seen.cache[cache] = seen.cache.get(cache, 0) + 1

    async def watch_memory() -> None:
        while time.monotonic() - started < duration_s:
            await asyncio.sleep(RSS_EVERY_S)
            rss.append((round(time.monotonic() - started, 1), rss_kib(group) / 1024))

    async def checkpoints() -> None:
        for label, at in checkpoint_times(duration_s).items():
            await asyncio.sleep(max(0.0, at - (time.monotonic() - started)))
            ask_checkpoint(probe_dir, label)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await asyncio.gather(
            watch_memory(),
            checkpoints(),
            *(worker(client, random.Random(seed)) for seed in range(concurrency)),
        )
    rss.append((round(time.monotonic() - started, 1), rss_kib(group) / 1024))
    return windows, rss, started_wall


def percentile(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=1000)[int(q * 1000) - 1], 2)


def slope(series: list[tuple[float, float]], since_s: float) -> float:
    """Least-squares slope of the points from ``since_s`` on, per minute."""
    points = [(t, y) for t, y in series if t >= since_s]
    if len(points) <= 2:
        return 0.0
    mean_t = statistics.fmean(t for t, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    cov = sum((t - mean_t) * (y - mean_y) for t, y in points)
    var = sum((t - mean_t) ** 2 for t, _ in points)
    return round(cov / var * 60, 3) if var else 0.0


def summary(windows: list[Window], rss: list[tuple[float, float]], duration_s: float) -> dict:
    everything = [ms for w in windows for ms in w.latencies_ms]
    requests = len(everything)
    errors = sum(w.errors for w in windows)
    cache: dict[str, int] = {}
    for w in windows:
        for status, n in w.cache.items():
            cache[status] = cache.get(status, 0) + n
    middle = min(rss, key=lambda point: abs(point[0] - duration_s / 2))
    return {
        "requests": requests,
        "errors": errors,
        "error_rate": round(errors / requests, 6) if requests else None,
        "failures": [failure for w in windows for failure in w.failures][:20],
        "requests_per_s": round(requests / duration_s, 1),
        "latency_ms": {
            "p50": percentile(everything, 0.5),
            "p90": percentile(everything, 0.9),
            "p99": percentile(everything, 0.99),
            "max": round(max(everything), 1),
        },
        "streamed": sum(w.streamed for w in windows),
        "cache": cache,
        "rss_mib": {
            "at_ready": round(rss[0][1], 1),
            "after_1_min": round(min(rss, key=lambda point: abs(point[0] - 60))[1], 1),
            "middle": round(middle[1], 1),
            "end": round(rss[-1][1], 1),
            "max": round(max(mib for _, mib in rss), 1),
            "second_half_slope_mib_per_min": slope(rss, duration_s / 2),
            "last_third_slope_mib_per_min": slope(rss, duration_s * 2 / 3),
        },
        "per_minute": [
            {
                "minute": i + 1,
                "requests": len(w.latencies_ms),
                "errors": w.errors,
                "p50_ms": percentile(w.latencies_ms, 0.5) if len(w.latencies_ms) > 1 else None,
                "p99_ms": percentile(w.latencies_ms, 0.99) if len(w.latencies_ms) > 1 else None,
            }
            for i, w in enumerate(windows)
        ],
        "rss_series_mib": [[t, round(mib, 1)] for t, mib in rss],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=600, help="seconds of load")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "soak.json")
    parser.add_argument(
        "--tracemalloc",
        type=int,
        default=0,
        metavar="FRAMES",
        help="trace the server's allocations (FRAMES per traceback) and report the top growth",
    )
    parser.add_argument(
        "--cache-entries",
        type=int,
        help="bound the response cache at this many answers (default: the service's 10,000)",
    )
    parser.add_argument(
        "--word-cache",
        type=int,
        help="bound the classifier's per-word cache (default: the service's 100,000 words)",
    )
    parser.add_argument(
        "--client",
        choices=("auto", "litellm"),
        default="auto",
        help="how the tiers call the stub: auto (tierroute's own OpenAI-protocol client) or "
        "litellm",
    )
    if sys.argv[1:2] == ["--serve-probe"]:  # the server's role: DIR, then tierroute's args
        serve_probed(Path(sys.argv[2]), sys.argv[3:])
        return
    args = parser.parse_args()
    stop_on_sigterm()
    command = (
        f".venv/bin/python bench/soak.py --duration {args.duration:g} "
        f"--concurrency {args.concurrency}"
    )
    if args.client != "auto":
        command += f" --client {args.client}"
    for flag in ("tracemalloc", "cache_entries", "word_cache"):
        if getattr(args, flag):
            command += f" --{flag.replace('_', '-')} {getattr(args, flag)}"
    results: dict[str, Any] = {"benchmark": "soak", "command": command, "machine": machine()}
    env = {
        **os.environ,
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "REDIS_URL": "",
        "SOAK_TRACEMALLOC_FRAMES": str(args.tracemalloc),
        "SOAK_CACHE_ENTRIES": str(args.cache_entries or ""),
        "SOAK_WORD_CACHE": str(args.word_cache or ""),
    }
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        work = Path(tmp)
        stub_port, port = free_port(), free_port()
        stub_base = f"http://127.0.0.1:{stub_port}/v1"
        with stub_server(stub_port, work / "stub.log", env=env):
            names = ("small", "mid", "reasoning")
            tiers = "".join(TIER.format(name=n, base=stub_base, client=args.client) for n in names)
            policy = work / "soak.yaml"
            policy.write_text(POLICY.format(tiers=tiers.rstrip("\n")))
            probe_dir = work / "probe"
            probe_dir.mkdir()
            argv = [
                sys.executable,
                __file__,
                "--serve-probe",
                str(probe_dir),
                "serve",
                "--policy",
                str(policy),
                "--port",
                str(port),
                "--policy-poll",
                "0",
            ]
            base = f"http://127.0.0.1:{port}"
            with server(argv, f"{base}/readyz", work / "serve.log", env=env) as process:
                windows, rss, started_wall = asyncio.run(
                    soak(base, process.pid, args.duration, args.concurrency, probe_dir)
                )
                ask_checkpoint(probe_dir, "end")
                if not wait_checkpoint(probe_dir, "end"):
                    print("soak: the probe's last checkpoint did not come", file=sys.stderr)
            labels = [*checkpoint_times(args.duration), "end"]
            probe = probe_report(probe_dir, started_wall, labels)
    results.update(summary(windows, rss, args.duration))
    results["probe"] = probe
    results["notes"] = (
        "load client, stub and server share the machine's 2 cores; other jobs may have run "
        "at the same time (see the load averages)"
    )
    write_results(args.out, results)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
