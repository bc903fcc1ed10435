"""Answer tickets from a Redis stream as one consumer of a consumer group.

Each entry holds a ticket as JSON in the field ``ticket``. A worker reads new entries
(XREADGROUP), and first reclaims entries other consumers left pending for longer than
``claim_idle_ms`` (XAUTOCLAIM), so a crashed worker's tickets are answered by the
others. A result is written (XADD to the results stream) only if the ticket id was not
answered before, and the entry is acknowledged (XACK) in the same atomic script: the
result and the acknowledgement are kept or lost together, so a Redis failover that
loses the last writes leaves the ticket pending (answered again, written once), never
acknowledged without its result. An entry delivered more than ``max_attempts`` times, or
one that is not a ticket at all, goes to the dead-letter stream with its error (one
script too).

The worker uses the process's one Redis client (:mod:`router.stores.redis`), whose
replies are bounded by a short timeout; so it does not block on XREADGROUP but polls,
waiting a little longer after each empty read, up to ``block_ms``. On a Redis Cluster the
scripts need the ticket stream, the results stream, its done set and the dead-letter
stream in one hash slot: give the streams one hash tag (``{tickets}:in``,
``{tickets}:out``).

Given a decision log, the worker leaves a record of every answer in it (the ticket's id
with it), as the API does: feedback by ticket id then finds the tier that answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError

from router.engine.router import Router
from router.errors import ConfigError, TierrouteError
from router.pipeline.decisions import logged_answer
from router.pipeline.threads import answer_ticket
from router.pipeline.tickets import Ticket, TicketResult
from router.stores.decision_log import DecisionLog
from router.stores.redis import redis_errors

if TYPE_CHECKING:
    from router.stores.redis import RedisConnection

__all__ = ["StreamNames", "StreamWorker", "WorkerSettings", "WorkerStats", "enqueue_tickets"]

log = logging.getLogger("tierroute.worker")

# KEYS: results stream, done set, ticket stream, handoff stream.  ARGV: ticket id, result
# JSON, group, entry id, "1" if a person answers it.  Records the result unless the ticket
# has one (and puts a handed-off ticket on the handoff stream), and acknowledges the entry.
_RECORD_ONCE = """
local written = 0
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('XADD', KEYS[1], '*', 'id', ARGV[1], 'result', ARGV[2])
  if ARGV[5] == '1' then
    redis.call('XADD', KEYS[4], '*', 'id', ARGV[1], 'result', ARGV[2])
  end
  written = 1
end
redis.call('XACK', KEYS[3], ARGV[3], ARGV[4])
return written
"""

# KEYS: dead-letter stream, ticket stream.  ARGV: group, entry id, then field/value pairs.
_DEAD_LETTER = """
redis.call('XADD', KEYS[1], '*', unpack(ARGV, 3))
redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
return 1
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

    @property
    def human(self) -> str:
        """The handoff stream: tickets a person answers, with the drafts and why."""
        return f"{self.stream}:human"


class WorkerSettings(BaseModel):
    """How a worker reads, retries and gives up."""

    consumer: str = Field(default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}")
    concurrency: int = Field(default=4, ge=1, le=256)
    max_attempts: int = Field(default=3, ge=1)
    claim_idle_ms: int = Field(default=30_000, ge=100)
    block_ms: int = Field(default=1000, ge=10)


@dataclass
class WorkerStats:
    """What this worker did since it started: results written, duplicates skipped, failures
    left for a retry, entries dead-lettered."""

    answered: int = 0
    duplicates: int = 0
    retried: int = 0
    dead: int = 0
    #: Of the results written, tickets put on the handoff stream.
    handed_off: int = 0


class StreamWorker:
    """One consumer of the group; run as many as you like, on any machines."""

    def __init__(
        self,
        connection: RedisConnection,
        router: Router,
        names: StreamNames,
        settings: WorkerSettings | None = None,
        decisions: DecisionLog | None = None,
    ) -> None:
        together = [names.stream, names.results, names.done, names.dead, names.human]
        if not connection.same_slot(*together):
            raise ConfigError(
                "on a Redis Cluster the ticket stream, the results stream, its done set, the "
                f"dead-letter and handoff streams ({', '.join(together)}) must share a hash "
                "slot: give "
                "the streams one hash tag, e.g. --stream '{tickets}:in' --results "
                "'{tickets}:out'"
            )
        self.connection = connection
        self.redis = connection.client
        self.router = router
        self.names = names
        self.settings = settings or WorkerSettings()
        self.stats = WorkerStats()
        #: Where each answer's decision record goes (feedback by ticket id finds it).
        self.decisions = decisions
        self._record_once = connection.register_script(_RECORD_ONCE)
        self._dead_letter_script = connection.register_script(_DEAD_LETTER)
        self._idle_wait_s = 0.0

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
        entry = {"entry": entry_id, "ticket": fields.get("ticket", b""), "error": error[:2000]}
        pairs = [part for item in {**entry, **kept}.items() for part in item]
        await self._dead_letter_script(
            keys=[self.names.dead, self.names.stream],
            args=[self.names.group, entry_id, *pairs],
        )
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
            answer = None
            if self.decisions is not None:
                answer = logged_answer(self.router, self.decisions, ticket.id)
            result = await answer_ticket(self.router, ticket, answer)
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
            except redis_errors() as exc:  # the next beat tries again
                log.warning("heartbeat for entry %s failed: %s", entry_id, exc)

    async def _record(self, entry_id: bytes | str, result: TicketResult) -> None:
        handoff = "1" if result.status == "handoff" else "0"
        written = await self._record_once(
            keys=[self.names.results, self.names.done, self.names.stream, self.names.human],
            args=[result.id, result.model_dump_json(), self.names.group, entry_id, handoff],
        )
        if written:
            self.stats.answered += 1
            self.stats.handed_off += handoff == "1"
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
            self.names.group, self.settings.consumer, {self.names.stream: ">"}, count=count
        )
        return [(i, f) for _, batch in read for i, f in batch]

    async def _idle(self, stop: asyncio.Event) -> None:
        """After an empty read: wait a little longer each time (10 ms, doubling), never
        longer than ``block_ms`` nor than an entry must idle to be reclaimed, so a failed
        one is not kept waiting behind a quiet stream."""
        ceiling = min(self.settings.block_ms, self.settings.claim_idle_ms) / 1000
        self._idle_wait_s = min(max(self._idle_wait_s * 2, 0.01), ceiling)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=self._idle_wait_s)

    async def run(self, stop: asyncio.Event | None = None) -> WorkerStats:
        """Work until ``stop`` is set; entries in hand are finished first. Redis going away
        is waited out (with backoff), not fatal."""
        stop = stop or asyncio.Event()
        backoff = 0.5
        while not stop.is_set():
            try:
                await self.ensure_group()
                entries = await self._batch()
                if entries:
                    self._idle_wait_s = 0.0
                    await asyncio.gather(*(self.process(i, f) for i, f in entries))
                else:
                    await self._idle(stop)
                backoff = 0.5
            except redis_errors() as exc:
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


async def enqueue_tickets(
    connection: RedisConnection, stream: str, tickets: list[Ticket], *, chunk: int = 200
) -> int:
    """XADD each ticket to ``stream``, ``chunk`` to a round trip; returns how many."""
    for start in range(0, len(tickets), chunk):
        pipe = connection.client.pipeline(transaction=False)
        for ticket in tickets[start : start + chunk]:
            pipe.xadd(stream, {"ticket": json.dumps(ticket.model_dump(mode="json"))})
        await pipe.execute()
    return len(tickets)
