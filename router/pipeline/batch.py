"""Answer a file of tickets: bounded concurrency, resumable, nothing answered is lost.

Results are appended to the output (JSONL) one whole line at a time and flushed, so an
interrupted run keeps everything it finished. A rerun skips the ids already answered in
the output and tries the others again: the lines of tickets that failed (or rows that were
invalid) are taken out of the output first, so each ticket keeps one line, its latest.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from router.engine.router import Router
from router.errors import RequestError, TierrouteError
from router.pipeline.decisions import logged_answer
from router.pipeline.sources import BadRow
from router.pipeline.threads import answer_ticket
from router.pipeline.tickets import Ticket, TicketResult
from router.stores.decision_log import DecisionLog
from router.usage.quantiles import Quantiles, quantiles

__all__ = ["BatchReport", "done_ids", "previous_results", "run_batch"]

log = logging.getLogger("tierroute.batch")


class BatchReport(BaseModel):
    """What one run of a batch did: tickets answered, failed, invalid, skipped, tried again,
    the tier mix, cost and time."""

    answered: int = 0
    failed: int = 0
    invalid: int = 0
    skipped: int = 0
    #: Tickets whose earlier result in the output was a failure, tried again in this run.
    retried: int = 0
    duplicates: int = 0
    tier_mix: dict[str, int] = Field(default_factory=dict)
    #: Tickets escalated at least once, and every escalation by its reason.
    escalated: int = 0
    escalation_reasons: dict[str, int] = Field(default_factory=dict)
    #: Tickets handed to a person (``status: handoff``), counted among the answered.
    handoffs: int = 0
    #: Answers that looped: escalated for it (``repetition``), or cut as the final answer.
    looping_answers: int = 0
    looped_final: int = 0
    cache: dict[str, int] = Field(default_factory=dict)
    cost_usd: float = 0.0
    cost_by_tier: dict[str, float] = Field(default_factory=dict)
    #: Time to the first text of each tier's answers (every call, escalated ones too).
    first_token: dict[str, Quantiles] = Field(default_factory=dict)
    wall_s: float = 0.0


def done_ids(out: Path) -> set[str]:
    """Ids answered in ``out`` (see :func:`previous_results`)."""
    return previous_results(out)[0]


def previous_results(out: Path) -> tuple[set[str], set[str]]:
    """The ids answered in ``out`` and the ids that failed there; the failed ones' lines are
    taken out of ``out`` (rewritten whole, then renamed over it) so that this run records
    them afresh. A torn last line (a crash mid-write) is cut off; any other line that is not
    a result means ``out`` is some other file, which is never touched."""
    if not out.exists():
        return set(), set()
    data = out.read_bytes()
    lines = data.split(b"\n")
    torn = lines.pop() if lines else b""  # what follows the last newline
    answered: set[str] = set()
    failed: set[str] = set()
    kept: list[bytes] = []
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
            ticket_id = str(record["id"])
            error = record.get("error")
        except (
            json.JSONDecodeError,
            KeyError,
            TypeError,
            AttributeError,
            UnicodeDecodeError,
        ) as exc:
            raise RequestError(
                f"{out}:{number}: not a tierroute result line; refusing to append to a "
                "file that holds something else (choose another -o)"
            ) from exc
        if error is None:
            answered.add(ticket_id)
            kept.append(line)
        else:
            failed.add(ticket_id)
    if torn or len(kept) < len(lines):
        _replace(out, b"".join(line + b"\n" for line in kept))
    return answered, failed - answered


def _replace(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` so that a crash leaves the old file or the new one."""
    fresh = path.with_name(path.name + ".tmp")
    with fresh.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(fresh, path)


Progress = Callable[[BatchReport, int], None]


async def run_batch(
    router: Router,
    items: Iterable[Ticket | BadRow],
    out: Path,
    *,
    concurrency: int = 4,
    on_progress: Progress | None = None,
    decisions: DecisionLog | None = None,
) -> BatchReport:
    """Answer every ticket of ``items`` not already in ``out``, appending results (and
    each answer's record to ``decisions``, if given)."""
    started = time.perf_counter()
    report = BatchReport()
    todo = _to_do(items, out, report)
    tiers: Counter[str] = Counter()
    caches: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    first_token: dict[str, list[float]] = {}
    queue: asyncio.Queue[Ticket | BadRow] = asyncio.Queue()
    for item in todo:
        queue.put_nowait(item)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("a", encoding="utf-8") as sink:

        def write(record: TicketResult) -> None:
            sink.write(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n")
            sink.flush()

        async def work() -> None:
            while not queue.empty():
                item = queue.get_nowait()
                record = await _answer(router, item, decisions)
                write(record)
                if isinstance(item, BadRow):
                    report.invalid += 1
                elif record.error is not None:
                    report.failed += 1
                else:
                    report.answered += 1
                    report.handoffs += record.status == "handoff"
                    _count_escalations(report, reasons, record)
                    tiers[record.tier or "?"] += 1
                    caches[record.cache or "off"] += 1
                    report.cost_usd += record.cost_usd
                    for tier, cost in record.cost_by_tier.items():
                        report.cost_by_tier[tier] = report.cost_by_tier.get(tier, 0.0) + cost
                    for tier, seconds in record.first_token_s.items():
                        first_token.setdefault(tier, []).append(seconds)
                report.tier_mix = dict(tiers)
                report.cache = dict(caches)
                if on_progress is not None:
                    on_progress(report, len(todo))

        await asyncio.gather(*(work() for _ in range(max(concurrency, 1))))
    report.first_token = {t: quantiles(v) for t, v in sorted(first_token.items())}
    report.wall_s = round(time.perf_counter() - started, 3)
    return report


def _count_escalations(report: BatchReport, reasons: Counter[str], record: TicketResult) -> None:
    """Add a ticket's escalations (``"small->mid: length"``) and loops to the report."""
    if record.escalations:
        report.escalated += 1
    for step in record.escalations:
        reasons[step.rpartition(": ")[2]] += 1
    report.escalation_reasons = dict(reasons)
    report.looped_final += int(record.looped)
    report.looping_answers = reasons["repetition"] + report.looped_final


def _to_do(
    items: Iterable[Ticket | BadRow], out: Path, report: BatchReport
) -> list[Ticket | BadRow]:
    """The items this run answers: not answered in ``out`` before, each id once."""
    already, failed_before = previous_results(out)
    queued: set[str] = set()
    todo: list[Ticket | BadRow] = []
    for item in items:
        if item.id in already:
            report.skipped += 1
        elif item.id in queued:
            report.duplicates += 1
        else:
            queued.add(item.id)
            todo.append(item)
            if item.id in failed_before:
                report.retried += 1
    return todo


async def _answer(
    router: Router, item: Ticket | BadRow, decisions: DecisionLog | None
) -> TicketResult:
    if isinstance(item, BadRow):
        return TicketResult(id=item.id, error=f"{item.where}: {item.error}")
    answer = None if decisions is None else logged_answer(router, decisions, item.id)
    try:
        return await answer_ticket(router, item, answer)
    except TierrouteError as exc:
        return TicketResult(id=item.id, error=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # one bad ticket must not end the run: record it, go on
        log.exception("ticket %s: unexpected error", item.id)
        return TicketResult(id=item.id, error=f"internal error ({type(exc).__name__}): {exc}")
