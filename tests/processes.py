"""Run a server process for a test: output to a log file, wait until it answers."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

__all__ = ["running_server"]


@contextmanager
def running_server(
    argv: list[str],
    ready_url: str,
    log_path: Path,
    *,
    timeout_s: float = 90,
    env: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``argv``; yield once ``ready_url`` answers 200; stop it afterwards."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                output = log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{argv[0]} exited early:\n{output}")
            try:
                if httpx.get(ready_url, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(argv[:3])} was not ready within {timeout_s} s")
            time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)
