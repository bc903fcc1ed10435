"""What the service benchmarks share: servers as child processes, wrk runs, the machine.

Every server binds a free port on 127.0.0.1 and runs in its own process group, so that
stopping it also stops the workers it forked. Load comes from ``wrk`` (Debian package
``wrk``) with ``bench/wrk_post.lua``, in its own process.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import httpx

__all__ = [
    "BENCH",
    "ROOT",
    "VENV_BIN",
    "bench_env",
    "check_clean",
    "free_port",
    "machine",
    "median",
    "raise_priority",
    "require_program",
    "require_wrk",
    "rotated",
    "server",
    "stop_on_sigterm",
    "stub_server",
    "write_results",
    "wrk",
]

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = Path(sys.executable).parent
WRK_SCRIPT = BENCH / "wrk_post.lua"


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_env(**extra: str) -> dict[str, str]:
    """The environment for servers: litellm's local price map, no Redis unless given."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    env.update(extra)
    return env


@contextmanager
def server(
    argv: Sequence[str],
    ready_url: str,
    log_path: Path,
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout_s: float = 600,  # the LiteLLM proxy took minutes to start on a busy machine
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``argv`` (in ``cwd``, if given) in a new process group; yield once
    ``ready_url`` answers 200."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            list(argv),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env if env is not None else bench_env(),
            cwd=cwd,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                tail = log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{argv[0]} exited early (log {log_path}):\n{tail}")
            try:
                if httpx.get(ready_url, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(argv[:3])} not ready in {timeout_s} s ({log_path})")
            time.sleep(0.3)
        yield process
    finally:
        _stop(process)


def stub_server(
    port: int, log_path: Path, *, env: dict[str, str] | None = None
) -> AbstractContextManager[subprocess.Popen[bytes]]:
    """The model: the project's OpenAI-protocol stub (``python -m tools.openai_stub``, run
    from the repository's root) on ``port``, once its ``/healthz`` answers."""
    argv = [sys.executable, "-m", "tools.openai_stub", "--port", str(port)]
    return server(argv, f"http://127.0.0.1:{port}/healthz", log_path, env=env, cwd=ROOT)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's own process group, SIGKILL if it lingers."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):  # workers that outlived their supervisor
        os.killpg(process.pid, signal.SIGKILL)


def raise_priority(pid: int, nice: int) -> None:
    """Give the session of ``pid`` (a server started here, which leads its own session)
    the scheduler weight of ``nice``. Linux schedules sessions as groups ("autogroups"),
    so a process's own nice value does not count against other users' sessions; this
    does. Needs root for a negative value."""
    Path(f"/proc/{pid}/autogroup").write_text(str(nice))


def stop_on_sigterm() -> None:
    """Let SIGTERM unwind like Ctrl-C, so every server started here is stopped."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def require_program(name: str, package: str) -> str:
    """The program ``name``, installed from its Debian package when missing and this runs
    as root (as ``scripts/install-test-services.sh`` does for redis-server); otherwise a
    message that says how to get it."""
    binary = shutil.which(name)
    if binary is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"{name} is missing: installing the Debian package {package}", file=sys.stderr)
        apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt)
        subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, env=apt)
        binary = shutil.which(name)
    if binary is None:
        sys.exit(f"{name} is not installed: run `sudo apt-get install -y {package}`")
    return binary


def require_wrk() -> str:
    """The wrk binary (Debian package ``wrk``)."""
    return require_program("wrk", "wrk")


def wrk(
    url: str,
    body: dict[str, Any],
    *,
    connections: int,
    duration_s: float,
    headers: dict[str, str] | None = None,
) -> dict[str, float]:
    """One wrk run of POSTs of ``body``: requests/s, latency percentiles (µs), errors."""
    env = dict(os.environ)
    env["BENCH_BODY"] = json.dumps(body)
    env["BENCH_HEADERS"] = "\n".join(f"{k}: {v}" for k, v in (headers or {}).items())
    argv = [
        require_wrk(),
        "-t1",
        f"-c{connections}",
        f"-d{duration_s:g}s",
        "--timeout",
        "30s",
        "-s",
        str(WRK_SCRIPT),
        url,
    ]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result: dict[str, float] = json.loads(line.removeprefix("BENCH_JSON "))
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            result["connections"] = connections
            return result
    raise RuntimeError(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")


def check_clean(run: dict[str, float], what: str) -> None:
    """A run with failed or non-2xx responses measures nothing: stop."""
    bad = run["non_2xx"] + run["connect_errors"] + run["read_errors"] + run["timeouts"]
    if bad or run["requests"] == 0:
        raise RuntimeError(f"{what}: {bad:g} failed of {run['requests']:g} requests: {run}")


def rotated(items: Sequence[str], shift: int) -> list[str]:
    """``items`` started at ``shift`` (each round starts with the next system)."""
    shift %= len(items)
    return [*items[shift:], *items[:shift]]


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _commit() -> str:
    """The commit measured, marked ``-dirty`` when the service's own code was edited."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("-dirty" if git("status", "--porcelain", "router", "classifiers") else "")


def machine() -> dict[str, Any]:
    """What ran the benchmark: CPU, cores, memory, Python, key package versions, load."""
    cpu = "unknown"
    with Path("/proc/cpuinfo").open() as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with Path("/proc/meminfo").open() as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    wrk_binary = shutil.which("wrk")
    wrk_version = "not installed"
    if wrk_binary:
        wrk_out = subprocess.run([wrk_binary, "--version"], capture_output=True, text=True)
        wrk_version = (wrk_out.stdout or wrk_out.stderr).splitlines()[0].split(" Copyright")[0]
    return {
        "cpu": f"{platform.machine()}, {cpu}",
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 2**20, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "packages": {
            name: _package(name)
            for name in ("litellm", "fastapi", "uvicorn", "uvloop", "httptools", "llama_cpp_python")
        },
        "wrk": wrk_version,
        "commit": _commit(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def write_results(path: Path, results: dict[str, Any]) -> None:
    """Write the JSON results (with the load average at the end) and print them."""
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
