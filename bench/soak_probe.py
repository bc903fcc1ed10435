"""The soak benchmark's memory probe (see ``bench/soak.py``): ``serve_probed`` runs
``tierroute serve`` in its own process and writes, every 10 s, the sizes of the state
meant to be bounded and the allocator's view; at checkpoints the soak asks for, it counts
live objects by type (and saves a tracemalloc snapshot when tracing). The client side
asks for checkpoints, waits for them, reads the server processes' RSS from /proc, and
reads the probe's files into the report."""

from __future__ import annotations

import ctypes
import gc
import json
import os
import sys
import threading
import time
import tracemalloc
import weakref
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from harness import ROOT

PROBE_EVERY_S = 10.0
#: Types and lines shown in the report's top growth.
TOP = 15


# --- the server side: runs inside the `tierroute serve` process ------------------------


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


# --- the client side: the soak's own process --------------------------------------------


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
