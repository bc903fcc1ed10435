"""The decision log: one record per routed request, and the outcomes learned of it
(feedback, shadow verdicts). A Redis stream (``MAXLEN``) when Redis is configured, an
append-only JSONL file otherwise; bounded either way. Prompts and answers are kept only
where the policy opts in (``learning.log.include_text``)."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import time
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field, ValidationError

from router.errors import StoreUnavailable
from router.policy.model import Policy

if TYPE_CHECKING:
    from router.stores.redis import RedisConnection

__all__ = [
    "DecisionLog",
    "DecisionRecord",
    "LocalDecisionLog",
    "OutcomeRecord",
    "RedisDecisionLog",
    "decision_log_for",
    "default_log_path",
]

log = logging.getLogger("tierroute.decision_log")

#: Policy tier -> the outcome format's tier name.
#: How many of the newest records the local log keeps in memory (for :meth:`recent`).
RECENT_KEPT = 20_000
#: The local log's segment files (each a tenth of its records).
_SEGMENTS = 10
#: How long Redis keeps the index from a request or ticket id to its decision.
_INDEX_TTL_S = 90 * 24 * 3600
_UNAVAILABLE = "the decision log is kept in Redis, which did not answer (try again when it is back)"


class DecisionRecord(BaseModel):
    """One routed request."""

    kind: Literal["decision"] = "decision"
    request_id: str
    ticket_id: str | None = None
    time: float = Field(default_factory=time.time)
    policy_version: str
    decided_tier: str
    final_tier: str
    called: list[str]
    escalations: list[str] = Field(default_factory=list)
    score: float
    probabilities: dict[str, float] = Field(default_factory=dict)
    cost_usd: float
    latency_s: float
    cache: str
    segment: dict[str, str] = Field(default_factory=dict)
    input_tokens: int = 0
    #: The final answer's tokens (what the same answer would cost on another tier).
    output_tokens: int = 0
    #: Seconds to the first answer token (a whole answer: the request's seconds).
    first_token_s: float | None = None
    #: The tier the score (or the learned routing) chose, before the rules.
    classifier_tier: str | None = None
    #: The rules that matched, in order (re-applied when a proposed policy is previewed).
    rules: list[str] = Field(default_factory=list)
    #: What placed it other than the score: tool_loop, session, capability, forced.
    placed_by: list[str] = Field(default_factory=list)
    prompt: str | None = None
    answer: str | None = None


class OutcomeRecord(BaseModel):
    """What was learned of one request: a score (0..1) for one tier's answer."""

    kind: Literal["outcome"] = "outcome"
    request_id: str
    time: float = Field(default_factory=time.time)
    tier: str
    score: float = Field(ge=0, le=1)
    source: str
    value: str | float | int | bool | None = None
    #: What the judged tier's answer cost (a shadow call's; 0 where not known).
    cost_usd: float = 0.0
    #: What the outcome stands for (1 / the chance it had of being judged).
    weight: float = 1.0
    #: The escalation signals the judged answer showed (on in the policy or not), where
    #: known (not for records written before they were kept, nor for a streamed answer).
    signals: list[str] | None = None
    #: The judged answer's text, where the policy keeps texts (``learning.log.include_text``:
    #: what an answer model is refitted on).
    answer: str | None = None


Record = DecisionRecord | OutcomeRecord


def _parse(line: str, where: str = "the decision log") -> Record | None:
    """The record on ``line``; None (and a warning) for a line that holds none, such as
    one torn by a process killed while writing it: one bad line loses that record only."""
    try:
        data = json.loads(line)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if data.get("kind") == "decision":
            return DecisionRecord.model_validate(data)
        if data.get("kind") == "outcome":
            return OutcomeRecord.model_validate(data)
    except (ValueError, ValidationError) as exc:
        log.warning("%s: a line that is not a record is skipped (%s)", where, str(exc)[:200])
    return None


def default_log_path() -> Path:
    """``$TIERROUTE_STATE_DIR/decisions.jsonl``, else ``~/.local/state/tierroute/``."""
    state = os.environ.get("TIERROUTE_STATE_DIR")
    base = Path(state) if state else Path.home() / ".local" / "state" / "tierroute"
    return base / "decisions.jsonl"


class DecisionLog:
    """The log's interface; this base keeps nothing (the log turned off)."""

    async def append(self, record: Record, *, required: bool = False) -> None:
        """Keep ``record``; ``required``: raise :class:`StoreUnavailable` if it could not
        be kept (feedback), rather than go on without it (a decision: never a request)."""

    async def decision(self, request_id: str) -> DecisionRecord | None:
        """The decision of ``request_id``, if the log still has it."""
        return None

    async def latest_for_ticket(self, ticket_id: str) -> DecisionRecord | None:
        """The newest decision for ``ticket_id``."""
        return None

    async def records(self, since: float | None = None) -> list[Record]:
        """Every record kept (from ``since``, unix seconds), oldest first."""
        return []

    async def recent(self, count: int, since: float | None = None) -> list[Record]:
        """The newest ``count`` records (decisions and outcomes; from ``since``, unix
        seconds, if given), oldest first."""
        return []

    async def aclose(self) -> None:
        """Release what it holds."""


class LocalDecisionLog(DecisionLog):
    """Append-only JSONL segment files: ``path`` takes new records; when it holds a tenth
    of ``max_records`` it is renamed ``path.1`` (``path.1`` to ``path.2``, ...) and the
    oldest segment past ``max_records`` is deleted. So it keeps the newest 90-100% of
    ``max_records``, and no write ever rereads or rewrites what it keeps (one process
    writes it)."""

    def __init__(self, path: Path, max_records: int) -> None:
        self.path = path
        self.max_records = max_records
        self.segment_records = max(math.ceil(max_records / _SEGMENTS), 1)
        # The index keeps lines (strings, which the garbage collector does not walk), not
        # records: 100k parsed records cost ~400 MB and made full collections stall
        # the server for 0.1-0.3 s.
        self._decisions: dict[str, str] = {}
        self._tickets: dict[str, str] = {}
        self._recent: deque[tuple[float, str]] = deque(maxlen=min(RECENT_KEPT, max_records))
        #: The (request id, ticket id) of each segment's decisions, oldest segment first
        #: (the last one is ``path``).
        self._segments: deque[list[tuple[str, str | None]]] = deque()
        self._lines = 0
        self._lock = asyncio.Lock()
        for segment in self._files()[::-1]:
            ids: list[tuple[str, str | None]] = []
            self._lines = 0
            for number, line in enumerate(segment.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    self._lines += 1
                    ids += self._index(_parse(line, f"{segment}:{number}"), line)
            self._segments.append(ids)
        if not self.path.exists():  # the current segment is new
            self._segments.append([])
            self._lines = 0

    def _older(self, n: int) -> Path:
        return self.path.with_name(f"{self.path.name}.{n}")

    def _files(self) -> list[Path]:
        """The segment files there are, newest (``path``) first."""
        found = [self.path] if self.path.exists() else []
        n = 1
        while self._older(n).exists():
            found.append(self._older(n))
            n += 1
        return found

    def _index(self, record: Record | None, line: str) -> list[tuple[str, str | None]]:
        if record is not None:
            self._recent.append((record.time, line))
        if isinstance(record, DecisionRecord):
            self._decisions[record.request_id] = line
            if record.ticket_id:
                self._tickets[record.ticket_id] = record.request_id
            return [(record.request_id, record.ticket_id)]
        return []

    async def append(self, record: Record, *, required: bool = False) -> None:
        line = record.model_dump_json() + "\n"
        async with self._lock:
            if self._lines >= self.segment_records:
                self._rotate()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as sink:
                sink.write(line)
            self._lines += 1
            self._segments[-1].extend(self._index(record, line))

    def _rotate(self) -> None:
        """``path`` becomes the newest older segment; the oldest past the bound goes."""
        files = self._files()
        for n in range(len(files) - 1, -1, -1):
            os.replace(files[n], self._older(n + 1))
        self._segments.append([])
        self._lines = 0
        while len(self._segments) > _SEGMENTS:
            self._forget(self._segments.popleft())
            self._older(len(self._segments)).unlink(missing_ok=True)

    def _forget(self, ids: list[tuple[str, str | None]]) -> None:
        for request_id, ticket in ids:
            self._decisions.pop(request_id, None)
            if ticket and self._tickets.get(ticket) == request_id:
                del self._tickets[ticket]

    async def decision(self, request_id: str) -> DecisionRecord | None:
        return self._decision(self._decisions.get(request_id))

    @staticmethod
    def _decision(line: str | None) -> DecisionRecord | None:
        record = _parse(line) if line is not None else None
        return record if isinstance(record, DecisionRecord) else None

    async def latest_for_ticket(self, ticket_id: str) -> DecisionRecord | None:
        request_id = self._tickets.get(ticket_id)
        return self._decision(self._decisions.get(request_id)) if request_id else None

    async def records(self, since: float | None = None) -> list[Record]:
        found = (
            _parse(line)
            for segment in self._files()[::-1]
            for line in segment.read_text(encoding="utf-8").splitlines()
            if line
        )
        return [r for r in found if r is not None and (since is None or r.time >= since)]

    async def recent(self, count: int, since: float | None = None) -> list[Record]:
        lines: list[str] = []
        for at, line in reversed(self._recent):
            if len(lines) >= count or (since is not None and at < since):
                break
            lines.append(line)
        found = (_parse(line) for line in reversed(lines))
        return [record for record in found if record is not None]


class RedisDecisionLog(DecisionLog):
    """A Redis stream trimmed to about ``max_records``, and an index (with a TTL) from a
    request id or ticket id to its decision. A Redis outage loses the records of its
    duration (counted in ``tierroute_redis_errors_total{store="decision_log"}``), never a
    request."""

    def __init__(self, connection: RedisConnection, max_records: int) -> None:
        self.connection = connection
        self.max_records = max_records
        self.stream = connection.key("decisions")

    async def _guarded(self, action: str, call):  # type: ignore[no-untyped-def]
        return await self.connection.guarded(
            "decision_log", action, call, instead="the decision log misses records"
        )

    async def append(self, record: Record, *, required: bool = False) -> None:
        client = self.connection.client
        body = record.model_dump_json()

        async def write() -> None:
            await client.xadd(self.stream, {"r": body}, maxlen=self.max_records, approximate=True)
            if isinstance(record, DecisionRecord):
                key = self.connection.key("decision", record.request_id)
                await client.set(key, body, ex=_INDEX_TTL_S)
                if record.ticket_id:
                    ticket = self.connection.key("ticket", record.ticket_id)
                    await client.set(ticket, record.request_id, ex=_INDEX_TTL_S)

        ok, _ = await self._guarded("append", write)
        if required and not ok:
            raise StoreUnavailable(_UNAVAILABLE + "; nothing was kept, send it again")

    async def decision(self, request_id: str) -> DecisionRecord | None:
        client = self.connection.client
        key = self.connection.key("decision", request_id)
        ok, found = await self._guarded("find", lambda: client.get(key))
        if not ok:
            raise StoreUnavailable(_UNAVAILABLE + f"; request id {request_id!r} was not looked up")
        return DecisionRecord.model_validate_json(found) if found else None

    async def latest_for_ticket(self, ticket_id: str) -> DecisionRecord | None:
        client = self.connection.client
        key = self.connection.key("ticket", ticket_id)
        ok, request_id = await self._guarded("find", lambda: client.get(key))
        if not ok:
            raise StoreUnavailable(_UNAVAILABLE + f"; ticket id {ticket_id!r} was not looked up")
        if not request_id:
            return None
        text = request_id.decode() if isinstance(request_id, bytes) else str(request_id)
        return await self.decision(text)

    async def records(self, since: float | None = None) -> list[Record]:
        client = self.connection.client
        start = f"{int(since * 1000)}-0" if since is not None else "-"
        _, entries = await self._guarded("read", lambda: client.xrange(self.stream, start, "+"))
        return _parsed_entries(entries or [])

    async def recent(self, count: int, since: float | None = None) -> list[Record]:
        if count <= 0:
            return []
        client = self.connection.client
        oldest = f"{int(since * 1000)}-0" if since is not None else "-"
        _, entries = await self._guarded(
            "read", lambda: client.xrevrange(self.stream, "+", oldest, count=count)
        )
        return _parsed_entries(reversed(entries or []))


def _parsed_entries(entries: Iterable[tuple[object, dict[object, object]]]) -> list[Record]:
    result: list[Record] = []
    for _, fields in entries:
        raw = fields.get(b"r") or fields.get("r")
        parsed = _parse(raw.decode() if isinstance(raw, bytes) else str(raw))
        if parsed is not None:
            result.append(parsed)
    return result


def decision_log_for(redis: RedisConnection | None, policy: Policy) -> DecisionLog:
    """The log the policy asks for: Redis when configured, else the local file."""
    settings = policy.learning.log
    if not settings.enabled:
        return DecisionLog()
    if redis is not None:
        return RedisDecisionLog(redis, settings.max_records)
    path = policy.resolve_path(settings.path) if settings.path else default_log_path()
    return LocalDecisionLog(path, settings.max_records)
