"""The backend protocol: answer a :class:`~router.backends.calls.ModelCall`, whole or streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol, runtime_checkable

from router.backends.calls import ModelAnswer, ModelCall, StreamDelta

__all__ = ["Backend"]


@runtime_checkable
class Backend(Protocol):
    """Something that runs model calls. Errors are raised as :class:`BackendError`."""

    async def complete(self, call: ModelCall) -> ModelAnswer:
        """The whole answer to ``call``."""
        ...

    def stream(self, call: ModelCall) -> AsyncIterator[StreamDelta]:
        """The answer to ``call`` piece by piece; the last delta has finish reason and usage."""
        ...

    def count_tokens(self, messages: list[dict[str, Any]], model: str) -> int:
        """How many prompt tokens ``messages`` make for ``model``."""
        ...

    async def aclose(self) -> None:
        """Release connections, threads, models."""
        ...
