"""Back-pressure per tier: at most ``max_concurrency`` calls in flight, at most
``max_waiting`` more waiting for a slot; a call beyond both is refused at once, so the
engine tries the next tier or answers 503, instead of queueing without bound."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from router.errors import BackendError

__all__ = ["TierBusy", "TierSlots"]


class TierBusy(BackendError):
    """The tier has no free slot and no room to wait for one."""


class TierSlots:
    """The slots of one tier."""

    def __init__(self, tier: str, limit: int, max_waiting: int) -> None:
        self.tier = tier
        self.limit = limit
        self.max_waiting = max_waiting
        self.in_flight = 0
        self.waiting = 0
        self._free = asyncio.Condition()

    async def acquire(self) -> None:
        """Take a slot, waiting if there is room to wait; :class:`TierBusy` if not."""
        async with self._free:
            if self.in_flight >= self.limit:
                if self.waiting >= self.max_waiting:
                    raise TierBusy(
                        f"tier {self.tier!r} is busy: {self.in_flight} calls in flight "
                        f"(max_concurrency {self.limit}) and {self.waiting} waiting "
                        f"(max_waiting {self.max_waiting}); try again shortly"
                    )
                self.waiting += 1
                try:
                    await self._free.wait_for(lambda: self.in_flight < self.limit)
                finally:
                    self.waiting -= 1
            self.in_flight += 1

    async def release(self) -> None:
        """Give a slot back."""
        async with self._free:
            self.in_flight -= 1
            self._free.notify()

    @asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        """A slot for the duration of the block."""
        await self.acquire()
        try:
            yield
        finally:
            await self.release()
