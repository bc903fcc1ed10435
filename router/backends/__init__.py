"""Backends that run model calls, picked by model id; created on first use."""

from __future__ import annotations

from pathlib import Path

from router.backends.base import Backend

__all__ = ["Backend", "Backends"]


class Backends:
    """One backend of each kind, shared by all tiers: ``embedded/...`` ids run in process,
    ``replay/...`` serve recorded answers, everything else goes through litellm."""

    def __init__(
        self, *, overrides: dict[str, Backend] | None = None, replay_data: Path | None = None
    ) -> None:
        self._by_kind: dict[str, Backend] = dict(overrides or {})
        self._replay_data = replay_data

    @staticmethod
    def kind_of(model: str) -> str:
        """Which backend serves ``model``."""
        if model.startswith("embedded/"):
            return "embedded"
        if model.startswith("replay/"):
            return "replay"
        return "litellm"

    def for_model(self, model: str) -> Backend:
        """The backend for ``model``, created on first use."""
        kind = self.kind_of(model)
        backend = self._by_kind.get(kind)
        if backend is None:
            backend = self._create(kind)
            self._by_kind[kind] = backend
        return backend

    def _create(self, kind: str) -> Backend:
        if kind == "embedded":
            from router.backends.embedded import EmbeddedBackend

            return EmbeddedBackend()
        if kind == "replay":
            from router.backends.replay import ReplayBackend
            from router.errors import ConfigError

            if self._replay_data is None:
                raise ConfigError(
                    "replay/ models need outcome data: set `replay: {data: FILE}` in the policy"
                )
            return ReplayBackend.from_file(self._replay_data)
        from router.backends.hosted import LitellmBackend

        return LitellmBackend()

    async def aclose(self) -> None:
        """Close every backend that was created."""
        for backend in self._by_kind.values():
            await backend.aclose()
