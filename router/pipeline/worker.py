"""Answer tickets from a Redis stream as one consumer of a consumer group.

Each entry holds a ticket as JSON in the field ``ticket``. A worker reads new entries
(XREADGROUP), and first reclaims entries other consumers left pending for longer than
``claim_idle_ms`` (XAUTOCLAIM), so a crashed worker's tickets are answered by the
others. A result is written (XADD to the results stream) only if the ticket id was not
answered before — one atomic script checks and records it — and the entry is acknowledged
(XACK) only after that. An entry delivered more than ``max_attempts`` times, or one that
is not a ticket at all, goes to the dead-letter stream with its error.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from router.engine.router import Router
from router.errors import TierrouteError
from router.pipeline.tickets import Ticket, TicketResult, ticket_request, ticket_result

__all__ = ["StreamNames", "StreamWorker", "WorkerSettings", "WorkerStats", "enqueue_tickets"]

log = logging.getLogger("tierroute.worker")

# KEYS: results stream, done set.  ARGV: ticket id, result JSON.
_RECORD_ONCE = """
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('XADD', KEYS[1], '*', 'id', ARGV[1], 'result', ARGV[2])
  return 1
end
return 0
"""


class StreamNames(BaseModel):
    """The Redis keys a worker uses."""

    stream: str = Field(min_length=1)
    group: str = Field(min_length=1)
    results: str = Field(min_length=1)
    dead_letter: str = ""

    @property
    def dead(self) -> str:
        """The dead-letter stream (default ``<stream>:dead``)."""
        return self.dead_letter or f"{self.stream}:dead"

    @property
    def done(self) -> str:
        """The set of ticket ids that have a result."""
        return f"{self.results}:done"


class WorkerSettings(BaseModel):
    """How a worker reads, retries and gives up."""

    consumer: str = Field(default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}")
    concurrency: int = Field(default=4, ge=1, le=256)
    max_attempts: int = Field(default=3, ge=1)
    claim_idle_ms: int = Field(default=30_000, ge=100)
    block_ms: int = Field(default=1000, ge=10)


@dataclass
class WorkerStats:
    """What this worker did."""

    answered: int = 0
    duplicates: int = 0
    retried: int = 0
    dead: int = 0


class StreamWorker:
    """One consumer of the group; run as many as you like, on any machines."""

    def __init__(
        self, redis: Any, router: Router, names: StreamNames, settings: WorkerSettings | None = None
    ) -> None:
        self.redis = redis
        self.router = router
        self.names = names
        self.settings = settings or WorkerSettings()
        self.stats = WorkerStats()
        self._record_once = redis.register_script(_RECORD_ONCE)

    async def ensure_group(self) -> None:
        """Create the stream and the group if they do not exist yet."""
        import redis.exceptions

        try:
            await self.redis.xgroup_create(
                self.names.stream, self.names.group, id="0", mkstream=True
            )
        except redis.exceptions.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    async def _deliveries(self, entry_id: bytes | str) -> int:
        pending = await self.redis.xpending_range(
            self.names.stream, self.names.group, min=entry_id, max=entry_id, count=1
        )
        return int(pending[0]["times_delivered"]) if pending else 1

    async def _dead_letter(self, entry_id: bytes | str, fields: dict[str, Any], error: str) -> None:
        kept = {f"field:{name}": value for name, value in fields.items() if name != "ticket"}
        await self.redis.xadd(
            self.names.dead,
            {"entry": entry_id, "ticket": fields.get("ticket", b""), "error": error[:2000], **kept},
        )
        await self.redis.xack(self.names.stream, self.names.group, entry_id)
        self.stats.dead += 1
        log.warning("entry %s moved to %s: %s", entry_id, self.names.dead, error)

    async def process(self, entry_id: bytes | str, raw: dict[Any, Any]) -> None:
        """Answer one entry, or leave it for a retry, or dead-letter it."""
        fields = {_text(k): v for k, v in raw.items()}
        try:
            text = _text(fields.get("ticket", b""), strict=True)
            ticket = Ticket.model_validate_json(text)
        except (UnicodeDecodeError, ValidationError) as exc:
            reason = (
                "not UTF-8" if isinstance(exc, UnicodeDecodeError) else (exc.errors()[0]["msg"])
            )
            await self._dead_letter(entry_id, fields, f"not a ticket: {reason}")
            return
        if await self.redis.sismember(self.names.done, ticket.id):
            await self.redis.xack(self.names.stream, self.names.group, entry_id)
            self.stats.duplicates += 1
            return
        deliveries = await self._deliveries(entry_id)
        if deliveries > self.settings.max_attempts:  # earlier tries died without an answer
            await self._dead_letter(
                entry_id, fields, f"delivered {deliveries} times without an answer"
            )
            return
        answering = asyncio.Event()
        answering.set()
        heartbeat = asyncio.create_task(self._keep_claimed(entry_id, answering))
        result: TicketResult | None = None
        failure: Exception | None = None
        try:
            result = ticket_result(ticket.id, await self.router.handle(ticket_request(ticket)))
        except Exception as exc:  # any failure: retried later, dead-lettered after N tries
            failure = exc
        finally:
            await _stop(heartbeat, answering)
        if result is not None:
            await self._record(entry_id, result)
            return
        error = f"{type(failure).__name__}: {failure}"
        if not isinstance(failure, TierrouteError):
            log.error("ticket %s: unexpected error", ticket.id, exc_info=failure)
        if deliveries >= self.settings.max_attempts:
            await self._dead_letter(entry_id, fields, f"failed {deliveries} times; last: {error}")
        else:
            self.stats.retried += 1
            log.info(
                "ticket %s failed (attempt %d), will be retried: %s", ticket.id, deliveries, error
            )

    async def _keep_claimed(self, entry_id: bytes | str, answering: asyncio.Event) -> None:
        """While ``answering`` is set, reset the entry's idle time so no other worker takes
        it over (XCLAIM with JUSTID does not count as a delivery). The flag, not only the
        task's cancellation, ends it: a cancellation that arrives while a Redis command
        completes can be lost, and a heartbeat that outlived its ticket would keep a
        failed entry from ever being redelivered."""
        import redis.exceptions

        interval = self.settings.claim_idle_ms / 3000
        while answering.is_set():
            await asyncio.sleep(interval)
            if not answering.is_set():
                return
            try:
                await self.redis.xclaim(
                    self.names.stream,
                    self.names.group,
                    self.settings.consumer,
                    0,
                    [entry_id],
                    justid=True,
                )
            except (redis.exceptions.RedisError, OSError) as exc:  # next beat tries again
                log.warning("heartbeat for entry %s failed: %s", entry_id, exc)

    async def _record(self, entry_id: bytes | str, result: TicketResult) -> None:
        written = await self._record_once(
            keys=[self.names.results, self.names.done],
            args=[result.id, result.model_dump_json()],
        )
        await self.redis.xack(self.names.stream, self.names.group, entry_id)
        if written:
            self.stats.answered += 1
        else:
            self.stats.duplicates += 1

    async def _batch(self) -> list[tuple[bytes, dict[Any, Any]]]:
        count = self.settings.concurrency
        claimed = await self.redis.xautoclaim(
            self.names.stream,
            self.names.group,
            self.settings.consumer,
            min_idle_time=self.settings.claim_idle_ms,
            start_id="0-0",
            count=count,
        )
        entries = [(i, f) for i, f in claimed[1] if f]
        if entries:
            return entries
        read = await self.redis.xreadgroup(
            self.names.group,
            self.settings.consumer,
            {self.names.stream: ">"},
            count=count,
            # no longer than an entry must idle to be reclaimed, so a failed one is not
            # kept waiting behind a quiet stream
            block=min(self.settings.block_ms, self.settings.claim_idle_ms),
        )
        return [(i, f) for _, batch in read for i, f in batch]

    async def run(self, stop: asyncio.Event | None = None) -> WorkerStats:
        """Work until ``stop`` is set; entries in hand are finished first. Redis going away
        is waited out (with backoff), not fatal."""
        import redis.exceptions

        stop = stop or asyncio.Event()
        backoff = 0.5
        while not stop.is_set():
            try:
                await self.ensure_group()
                entries = await self._batch()
                if entries:
                    await asyncio.gather(*(self.process(i, f) for i, f in entries))
                backoff = 0.5
            except (
                redis.exceptions.ConnectionError,
                redis.exceptions.TimeoutError,
                OSError,
            ) as exc:
                log.warning(
                    "redis unavailable (%s: %s); retrying in %.1f s",
                    type(exc).__name__,
                    exc,
                    backoff,
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=backoff)
                backoff = min(backoff * 2, 10.0)
        return self.stats


async def _stop(heartbeat: asyncio.Task[None], answering: asyncio.Event) -> None:
    """End a heartbeat and wait until it has ended."""
    answering.clear()
    heartbeat.cancel()
    await asyncio.gather(heartbeat, return_exceptions=True)


def _text(value: Any, *, strict: bool = False) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="strict" if strict else "replace")
    return str(value)


async def enqueue_tickets(redis: Any, stream: str, tickets: list[Ticket]) -> int:
    """XADD each ticket to ``stream``; returns how many were added."""
    pipe = redis.pipeline(transaction=False)
    for ticket in tickets:
        pipe.xadd(stream, {"ticket": json.dumps(ticket.model_dump(mode="json"))})
    await pipe.execute()
    return len(tickets)
