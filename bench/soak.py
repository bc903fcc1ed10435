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
import ctypes
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
import weakref
from collections import Counter
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

POOL = 200
STREAM_EVERY = 5
RSS_EVERY_S = 10.0
PROBE_EVERY_S = 10.0
FIRST_CHECKPOINT_S = 120.0
TOP = 15

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


# --- the server side of the probe: runs inside the `tierroute serve` process -------------


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _mallinfo() -> dict[str, float]:
    """glibc's heap in MiB: ``heap`` obtained by brk/arenas, ``in_use`` of it, ``free`` in
    it, ``mmapped`` (large blocks); empty where glibc has no ``mallinfo2``."""
    try:
        call = ctypes.CDLL(None).mallinfo2
    except (OSError, AttributeError):
        return {}
    call.restype = _MallInfo2
    info = call()
    mib = 1024 * 1024
    return {
        "malloc_heap_mib": round(info.arena / mib, 2),
        "malloc_in_use_mib": round(info.uordblks / mib, 2),
        "malloc_free_mib": round(info.fordblks / mib, 2),
        "malloc_mmapped_mib": round(info.hblkhd / mib, 2),
    }


class _Instances:
    """The live instances of the classes whose state must stay bounded (weakly held)."""

    def __init__(self) -> None:
        self.seen: dict[str, weakref.WeakSet[Any]] = {}

    def watch(self, cls: type, **bounds: int) -> None:
        """Keep the instances of ``cls`` made from now on, with attributes ``bounds`` set."""
        seen = self.seen.setdefault(cls.__name__, weakref.WeakSet())
        original = cls.__init__

        def init(obj: Any, *args: Any, **kwargs: Any) -> None:
            original(obj, *args, **kwargs)
            for name, value in bounds.items():
                if hasattr(obj, name):
                    setattr(obj, name, value)
            seen.add(obj)

        cls.__init__ = init  # type: ignore[misc]

    def sizes(self) -> dict[str, int]:
        """Entry counts of the bounded state, summed over the live instances, as each
        component reports them (its public ``held()``)."""

        def held(name: str) -> Counter[str]:
            total: Counter[str] = Counter()
            for obj in list(self.seen.get(name, ())):
                total.update(obj.held())
            return total

        sizes: Counter[str] = Counter()
        cache, scorer = held("ResponseCache"), held("CompiledScorer")
        metrics, spend, limiter = held("Metrics"), held("MemorySpend"), held("MemoryLimiter")
        sizes["response_cache_entries"] = cache["entries"]
        sizes["response_cache_in_flight"] = cache["in_flight"]
        sizes["scorer_word_cache"] = scorer["word_cache"]
        sizes["metric_label_sets"] = metrics["label_sets"]
        sizes["spend_days"] = spend["days"]
        sizes["spend_tenant_days"] = spend["tenant_days"]
        sizes["limiter_minute_keys"] = limiter["minute_keys"]
        sizes["limiter_usd_keys"] = limiter["usd_keys"]
        return dict(sizes)


def _sample(instances: _Instances) -> dict[str, Any]:
    sample: dict[str, Any] = {"wall": time.time(), **instances.sizes()}
    sample["python_blocks"] = sys.getallocatedblocks()
    sample["threads"] = threading.active_count()
    if tracemalloc.is_tracing():
        sample["traced_mib"] = round(tracemalloc.get_traced_memory()[0] / 2**20, 2)
    sample.update(_mallinfo())
    return sample


def _checkpoint(probe_dir: Path, label: str) -> None:
    """Live objects by type (after a full collection) and, when tracing, a snapshot."""
    gc.collect()
    census = Counter(type(obj).__qualname__ for obj in gc.get_objects())
    if tracemalloc.is_tracing():
        tracemalloc.take_snapshot().dump(str(probe_dir / f"{label}.snapshot"))
    done = {"wall": time.time(), "label": label, "objects": dict(census)}
    (probe_dir / f"{label}.tmp").write_text(json.dumps(done))
    (probe_dir / f"{label}.tmp").rename(probe_dir / f"{label}.done")


def _watch_state(probe_dir: Path, instances: _Instances) -> None:
    """Every PROBE_EVERY_S: a sample line; a checkpoint for every ``*.ask`` file."""
    samples = probe_dir / "samples.jsonl"
    next_sample = 0.0
    while True:
        for ask in sorted(probe_dir.glob("*.ask")):
            ask.unlink()
            _checkpoint(probe_dir, ask.stem)
        if time.monotonic() >= next_sample:
            next_sample = time.monotonic() + PROBE_EVERY_S
            with samples.open("a") as out:
                out.write(json.dumps(_sample(instances)) + "\n")
        time.sleep(0.2)


def serve_probed(probe_dir: Path, argv: list[str]) -> None:
    """``tierroute serve ARGV`` in this process, watched (see the module's docstring)."""
    frames = int(os.environ.get("SOAK_TRACEMALLOC_FRAMES") or 0)
    if frames:
        tracemalloc.start(frames)
    from classifiers.scorer import CompiledScorer
    from router.auth.limits import MemoryLimiter
    from router.cli import main as tierroute
    from router.stores.cache import MemoryCache, ResponseCache
    from router.usage.metrics import Metrics
    from router.usage.spend import MemorySpend

    instances = _Instances()
    entries, words = (os.environ.get(f"SOAK_{name}") for name in ("CACHE_ENTRIES", "WORD_CACHE"))
    instances.watch(ResponseCache)
    # set after MemoryCache.__init__ has set its own bound (ResponseCache's runs first)
    instances.watch(MemoryCache, **({"max_entries": int(entries)} if entries else {}))
    instances.watch(CompiledScorer, **({"word_cache_size": int(words)} if words else {}))
    for cls in (Metrics, MemorySpend, MemoryLimiter):
        instances.watch(cls)
    threading.Thread(
        target=_watch_state, args=(probe_dir, instances), name="soak-probe", daemon=True
    ).start()
    tierroute(args=argv, prog_name="tierroute")


# --- the client side of the probe ------------------------------------------------------


def ask_checkpoint(probe_dir: Path, label: str) -> None:
    (probe_dir / f"{label}.ask").touch()


def wait_checkpoint(probe_dir: Path, label: str, timeout_s: float = 600) -> bool:
    deadline = time.monotonic() + timeout_s
    while not (probe_dir / f"{label}.done").exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


def probe_report(probe_dir: Path, started_wall: float, labels: list[str]) -> dict[str, Any]:
    """The probe's samples (seconds since the load started), the bounded state at each
    checkpoint, the object types that grew most and, when traced, tracemalloc's top growth
    from the first checkpoint to the last."""
    samples = []
    samples_file = probe_dir / "samples.jsonl"
    if samples_file.exists():
        for line in samples_file.read_text().splitlines():
            sample = json.loads(line)
            sample["t"] = round(sample.pop("wall") - started_wall, 1)
            samples.append(sample)
    done = [
        json.loads((probe_dir / f"{label}.done").read_text())
        for label in labels
        if (probe_dir / f"{label}.done").exists()
    ]
    report: dict[str, Any] = {"checkpoints": []}
    for checkpoint in done:
        at = checkpoint["wall"] - started_wall
        nearest = min(samples, key=lambda s: abs(s["t"] - at)) if samples else {}
        report["checkpoints"].append(
            {
                "label": checkpoint["label"],
                "t": round(at, 1),
                "objects": sum(checkpoint["objects"].values()),
                **{k: v for k, v in nearest.items() if k != "t"},
            }
        )
    if len(done) >= 2:
        first, last = done[0]["objects"], done[-1]["objects"]
        grown = Counter(last)
        grown.subtract(first)
        report["object_types_grown"] = {
            "between": [done[0]["label"], done[-1]["label"]],
            "top": [
                [name, first.get(name, 0), last.get(name, 0)]
                for name, _ in sorted(grown.items(), key=lambda item: -abs(item[1]))[:TOP]
            ],
        }
        snapshots = [probe_dir / f"{c['label']}.snapshot" for c in (done[0], done[-1])]
        if all(path.exists() for path in snapshots):
            report["tracemalloc"] = tracemalloc_growth(*snapshots)
            report["tracemalloc"]["between"] = [done[0]["label"], done[-1]["label"]]
    report["series"] = samples
    return report


def tracemalloc_growth(before_path: Path, after_path: Path) -> dict[str, Any]:
    """Top growth between two snapshots, by allocating line and by whole traceback."""
    ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]  # its own, not the service's
    before = tracemalloc.Snapshot.load(str(before_path)).filter_traces(ignore)
    after = tracemalloc.Snapshot.load(str(after_path)).filter_traces(ignore)

    def short(filename: str) -> str:
        for marker in ("site-packages/", str(ROOT) + "/", "/lib/python3"):
            if marker in filename:
                return filename.split(marker, 1)[1]
        return filename

    def kib(size: int) -> float:
        return round(size / 1024, 1)

    by_line = after.compare_to(before, "lineno")
    by_traceback = after.compare_to(before, "traceback")
    total_before = sum(stat.size for stat in before.statistics("filename"))
    total_after = sum(stat.size for stat in after.statistics("filename"))
    return {
        "frames": after.traceback_limit,
        "traced_kib": [kib(total_before), kib(total_after)],
        "top_by_line": [
            {
                "line": f"{short(s.traceback[0].filename)}:{s.traceback[0].lineno}",
                "grew_kib": kib(s.size_diff),
                "blocks_grew": s.count_diff,
                "now_kib": kib(s.size),
            }
            for s in by_line[:TOP]
        ],
        "top_by_traceback": [
            {
                "grew_kib": kib(s.size_diff),
                "blocks_grew": s.count_diff,
                "now_kib": kib(s.size),
                "traceback_most_recent_first": [
                    f"{short(frame.filename)}:{frame.lineno}" for frame in reversed(s.traceback)
                ],
            }
            for s in by_traceback[:TOP]
        ],
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
