"""The API keys in force, and replacing them while the service runs.

The keys come from the keys file and from ``TIERROUTE_API_KEYS``
(:mod:`router.auth.keys_env`); with both, they are merged, and a name or a key found in
both is refused. The file is read again when it changes (the same way as the policy
file, see :mod:`router.api.policy_reload`): the new keys are in force for the next
request, so a revoked key gets 401 from then on. A file that is invalid, or that would
leave no key at all, is refused with a log line naming file, line and field, and the
keys in force keep serving. The environment's keys are fixed for the process's life.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from router.auth.keys import KeyEntry, KeyRing
from router.auth.keys_file import load_keys
from router.errors import ConfigError, KeysFileError
from router.file_watch import digest, watch_file

__all__ = ["KeysHolder", "combine"]

log = logging.getLogger("tierroute.keys")

Problem = tuple[str, int | None, str, str]


def combine(file: KeyRing | None, env: KeyRing | None) -> KeyRing | None:
    """The keys of the file and of the environment together (``None`` when neither is
    given); raises :class:`~router.errors.KeysFileError` for a name or key in both."""
    if file is None or env is None:
        return file if env is None else env
    names = {entry.name for entry in file.entries}
    hashes = {entry.sha256: entry.name for entry in file.entries}
    problems: list[Problem] = []
    for entry in env.entries:
        if entry.name in names:
            message = (
                f"the name {entry.name!r} is also in {file.source}; a name is used once "
                "across the keys file and the environment"
            )
            problems.append((env.source, None, f"key {entry.name!r}", message))
        elif entry.sha256 in hashes:
            message = f"the same key is also in {file.source} (as {hashes[entry.sha256]!r})"
            problems.append((env.source, None, f"key {entry.name!r}", message))
    if problems:
        raise KeysFileError(problems)
    return KeyRing([*file.entries, *env.entries], source=f"{file.source} and {env.source}")


def _changes(old: KeyRing, new: KeyRing) -> str:
    """Which names came, went or changed (names only: never a hash)."""
    before = {e.name: e for e in old.entries}
    after = {e.name: e for e in new.entries}
    parts = [
        ("added", [n for n in after if n not in before]),
        ("removed", [n for n in before if n not in after]),
        ("changed", [n for n in after if n in before and after[n] != before[n]]),
    ]
    return "; ".join(f"{what}: {', '.join(names)}" for what, names in parts if names) or "none"


class KeysHolder:
    """The keys in force: loaded at start, reloaded when the keys file changes."""

    def __init__(self, file: Path | None, env: KeyRing | None = None) -> None:
        if file is None and env is None:
            raise ValueError("KeysHolder needs a keys file or keys from the environment")
        self.file = file
        self.env = env
        #: SHA-256 of the file content last loaded or tried (a broken file is tried once).
        self._tried: str | None = None
        self._current = self._build()
        self._lock = asyncio.Lock()

    @classmethod
    def from_sources(cls, file: Path | None, env_entries: list[KeyEntry]) -> KeysHolder | None:
        """The holder of the file's and the environment's keys; ``None`` without either."""
        from router.auth.keys_env import ENV_KEYS

        env = KeyRing(env_entries, source=ENV_KEYS) if env_entries else None
        if file is None and env is None:
            return None
        return cls(file, env)

    @property
    def current(self) -> KeyRing:
        """The keys in force."""
        return self._current

    def _build(self) -> KeyRing:
        if self.file is not None:
            self._tried = digest(self.file)
        ring = combine(load_keys(self.file) if self.file is not None else None, self.env)
        assert ring is not None  # one of the two is given (checked in __init__)
        return ring

    async def reload(self, trigger: str) -> bool:
        """Read the keys file again and put its keys in force; ``False`` when nothing
        changed. A file that is invalid or leaves no key is refused
        (:class:`~router.errors.ConfigError`, logged) and the old keys serve on."""
        async with self._lock:
            previous = self._current
            try:
                ring = await asyncio.to_thread(self._build)
                if len(ring) == 0:
                    raise ConfigError(
                        f"{self.file}: no keys in it; every caller would be refused (to revoke "
                        "every key on purpose, stop the service)"
                    )
            except ConfigError as exc:
                log.error(
                    "API keys not reloaded (%s); the %d keys in force keep serving:\n%s",
                    trigger,
                    len(previous),
                    exc,
                )
                raise
            if ring.entries == previous.entries:
                return False
            self._current = ring
            log.info(
                "API keys reloaded (%s): %d keys from %s; %s",
                trigger,
                len(ring),
                ring.source,
                _changes(previous, ring),
            )
            return True

    async def watch(self, interval_s: float) -> None:
        """Every ``interval_s``, reload if the keys file's content changed (until cancelled)."""
        if self.file is None:
            return
        await watch_file(
            self.file,
            interval_s,
            tried=lambda: self._tried,
            reload=self.reload,
            log=log,
            what="API keys",
        )
