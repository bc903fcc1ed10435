"""The stub in a background thread of the caller's process, on a free loopback port: what
the tests use (``with StubServer() as stub: ... stub.base_url ... stub.calls``)."""

from __future__ import annotations

import asyncio
import socket
import threading

from tools.openai_stub.faults import FaultPlan
from tools.openai_stub.server import OpenAIStub

__all__ = ["FaultStub", "StubServer", "free_port"]

_START_S = 10.0


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class StubServer(OpenAIStub):
    """Run the stub on a loopback port (a free one unless given) in a background thread,
    for the duration of a ``with`` block."""

    def __init__(
        self, plan: FaultPlan | None = None, *, port: int | None = None, keep_bodies: bool = True
    ) -> None:
        super().__init__(plan, keep_bodies=keep_bodies)
        self.port = port or free_port()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="openai-stub", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # reported by __enter__ when it did not start
            self._failed = exc
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        await self.serve("127.0.0.1", self.port, stop=self._stop, ready=self._ready.set)

    def __enter__(self) -> StubServer:
        self._thread.start()
        if not self._ready.wait(_START_S) or self._failed is not None:
            raise RuntimeError(f"the OpenAI stub did not start on port {self.port}") from (
                self._failed
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)


#: The name the fault-injection tests know it by: the same server (``FaultStub(plan)``).
FaultStub = StubServer
