"""Backends that run model calls, picked by model id; created on first use."""

from __future__ import annotations

import threading
from pathlib import Path

from router.backends.base import Backend
from router.policy.model import Deployment

__all__ = ["Backend", "Backends"]


class Backends:
    """One backend of each kind, shared by all tiers: ``embedded/...`` ids run in process,
    ``replay/...`` serve recorded answers, ``openai/...`` at an ``api_base`` is called
    directly (unless the deployment says ``client: litellm`` or the tier has a reasoning
    budget), everything else goes through litellm."""

    def __init__(
        self, *, overrides: dict[str, Backend] | None = None, replay_data: Path | None = None
    ) -> None:
        self._by_kind: dict[str, Backend] = dict(overrides or {})
        #: Backends are looked up from worker threads too (token counting): one of each
        #: kind, or two embedded backends would load the model at once (and llama.cpp's
        #: output suppression, entered from two threads, leaves stdout on /dev/null).
        self._creating = threading.Lock()
        self._replay_data = replay_data

    @staticmethod
    def kind_of(model: str) -> str:
        """Which backend serves ``model`` when no ``api_base`` is given."""
        if model.startswith("embedded/"):
            return "embedded"
        if model.startswith("replay/"):
            return "replay"
        return "litellm"

    @staticmethod
    def kind_for(deployment: Deployment, *, reasoning: bool = False) -> str:
        """Which backend serves ``deployment`` (for a call with a reasoning budget if
        ``reasoning``: litellm knows which models take one, and in what form)."""
        # (the test of router.backends.openai_protocol, which imports httpx: not on the CLI's
        # fast path)
        if (
            deployment.client == "auto"
            and not reasoning
            and deployment.api_base is not None
            and deployment.model.startswith("openai/")
        ):
            return "openai"
        return Backends.kind_of(deployment.model)

    def for_model(self, model: str) -> Backend:
        """The backend for ``model`` (without an ``api_base``), created on first use."""
        return self._get(self.kind_of(model))

    def for_deployment(self, deployment: Deployment, *, reasoning: bool = False) -> Backend:
        """The backend for ``deployment``, created on first use."""
        return self._get(self.kind_for(deployment, reasoning=reasoning))

    def _get(self, kind: str) -> Backend:
        backend = self._by_kind.get(kind)
        if backend is None:
            with self._creating:
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
        if kind == "openai":
            from router.backends.openai_protocol import OpenAIProtocolBackend

            return OpenAIProtocolBackend()
        from router.backends.hosted import LitellmBackend

        return LitellmBackend()

    async def aclose(self) -> None:
        """Close every backend that was created."""
        for backend in self._by_kind.values():
            await backend.aclose()
