"""Watch a configuration file (policy, keys) and reload it when its content changes.

A poll compares the file's stat signature first (cheap), then its content's digest with
the digest of the content last tried: an editor that rewrites the same bytes, or a file
that is gone for a moment while it is replaced, reloads nothing. The reload callback logs
its own errors; a bad file never stops the watcher.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from router.errors import ConfigError

__all__ = ["digest", "watch_file"]


def digest(path: Path) -> str | None:
    """SHA-256 of the file's content (``None`` if it cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


async def watch_file(
    path: Path,
    interval_s: float,
    *,
    tried: Callable[[], str | None],
    reload: Callable[[str], Awaitable[object]],
    log: logging.Logger,
    what: str,
) -> None:
    """Every ``interval_s``, call ``reload("the file changed")`` if ``path``'s content
    differs from the digest ``tried()`` gives (until cancelled). ``what`` names what the
    file holds, for the log line of an unexpected failure."""
    seen: tuple[int, int, int] | None = None  # the first poll compares content
    while True:
        await asyncio.sleep(interval_s)
        now = _signature(path)
        if now is None or now == seen:
            continue  # unchanged, or gone for a moment (an editor replacing it)
        seen = now
        if digest(path) == tried():
            continue
        try:
            await reload("the file changed")
        except ConfigError:
            pass  # logged by reload; what was loaded before serves on
        except Exception:  # the watcher must outlive any one bad file
            log.exception("%s reload failed unexpectedly; what was loaded before serves on", what)
