"""Soak: ``tierroute serve`` under steady load for a long time, watched for errors, latency
drift and memory growth. Not part of CI.

The model is the project's OpenAI-protocol stub (``tests/fault_stub.py`` with no faults
injected, in a process of its own), answering at once, whole or streamed. One ``tierroute
serve`` (one uvicorn worker, the in-process response cache) routes to it; escalation is off,
so each request that misses the cache makes one model call. This script's own process keeps
``--concurrency`` requests in flight for ``--duration`` seconds: half of the prompts come
from a pool of 200 (cache hits after their first time), half are new (misses, which fill
the cache towards its bound of 10,000 answers); one request in five is streamed. Every
response is checked: status 200, the stub's answer, a stream that ends with ``[DONE]``
and no error event. The RSS of the server's processes is read from /proc every 10 s.

    .venv/bin/python bench/soak.py --duration 600 --concurrency 8
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
    VENV_BIN,
    free_port,
    machine,
    server,
    stop_on_sigterm,
    write_results,
)

POOL = 200
STREAM_EVERY = 5
RSS_EVERY_S = 10.0

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


def rss_kib(group: int) -> int:
    """RSS of every process in process group ``group`` (the server and any workers)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != group:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue  # a process that just ended
    return total


async def soak(
    base: str, group: int, duration_s: float, concurrency: int
) -> tuple[list[Window], list[tuple[float, float]]]:
    windows: list[Window] = []
    rss: list[tuple[float, float]] = [(0.0, rss_kib(group) / 1024)]
    started = time.monotonic()
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
            try:
                ok, cache = await one(client, body)
            except (httpx.HTTPError, ValueError, KeyError) as exc:
                ok, cache = False, type(exc).__name__
            took_ms = (time.monotonic() - asked) * 1000
            seen = window(asked)
            seen.latencies_ms.append(took_ms)
            seen.errors += not ok
            seen.streamed += bool(body["stream"])
            seen.cache[cache] = seen.cache.get(cache, 0) + 1

    async def watch_memory() -> None:
        while time.monotonic() - started < duration_s:
            await asyncio.sleep(RSS_EVERY_S)
            rss.append((round(time.monotonic() - started, 1), rss_kib(group) / 1024))

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await asyncio.gather(
            watch_memory(),
            *(worker(client, random.Random(seed)) for seed in range(concurrency)),
        )
    rss.append((round(time.monotonic() - started, 1), rss_kib(group) / 1024))
    return windows, rss


def percentile(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=1000)[int(q * 1000) - 1], 2)


def summary(windows: list[Window], rss: list[tuple[float, float]], duration_s: float) -> dict:
    everything = [ms for w in windows for ms in w.latencies_ms]
    requests = len(everything)
    errors = sum(w.errors for w in windows)
    cache: dict[str, int] = {}
    for w in windows:
        for status, n in w.cache.items():
            cache[status] = cache.get(status, 0) + n
    half = [mib for t, mib in rss if t >= duration_s / 2]
    slope = 0.0
    if len(half) > 2:  # least squares over the second half, MiB per minute
        times = [t for t, _ in rss if t >= duration_s / 2]
        mean_t, mean_m = statistics.fmean(times), statistics.fmean(half)
        cov = sum((t - mean_t) * (m - mean_m) for t, m in zip(times, half, strict=True))
        var = sum((t - mean_t) ** 2 for t in times)
        slope = round(cov / var * 60, 3) if var else 0.0
    middle = min(rss, key=lambda point: abs(point[0] - duration_s / 2))
    return {
        "requests": requests,
        "errors": errors,
        "error_rate": round(errors / requests, 6) if requests else None,
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
            "second_half_slope_mib_per_min": slope,
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


def serve_stub(port: int) -> None:
    """The stub, in this process until SIGTERM."""
    from tests.fault_stub import FaultStub

    stub = FaultStub()
    stub.port = port
    with stub:
        while True:
            time.sleep(3600)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=600, help="seconds of load")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "soak.json")
    parser.add_argument("--stub-port", type=int, help=argparse.SUPPRESS)  # the child's role
    args = parser.parse_args()
    if args.stub_port:
        serve_stub(args.stub_port)
        return
    stop_on_sigterm()
    results: dict[str, Any] = {
        "benchmark": "soak",
        "command": (
            f".venv/bin/python bench/soak.py --duration {args.duration:g} "
            f"--concurrency {args.concurrency}"
        ),
        "machine": machine(),
    }
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True", "REDIS_URL": ""}
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        work = Path(tmp)
        stub_port, port = free_port(), free_port()
        stub_argv = [sys.executable, __file__, "--stub-port", str(stub_port)]
        stub_base = f"http://127.0.0.1:{stub_port}/v1"
        with server(stub_argv, f"{stub_base}/healthz", work / "stub.log", env=env):
            names = ("small", "mid", "reasoning")
            tiers = "".join(TIER.format(name=n, base=stub_base) for n in names)
            policy = work / "soak.yaml"
            policy.write_text(POLICY.format(tiers=tiers.rstrip("\n")))
            argv = [
                str(VENV_BIN / "tierroute"),
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
                windows, rss = asyncio.run(soak(base, process.pid, args.duration, args.concurrency))
    results.update(summary(windows, rss, args.duration))
    results["notes"] = (
        "load client, stub and server share the machine's 2 cores; other jobs may have run "
        "at the same time (see the load averages)"
    )
    write_results(args.out, results)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
