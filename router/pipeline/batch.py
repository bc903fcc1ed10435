"""Answer a file of tickets: bounded concurrency, resumable, nothing answered is lost.

Results are appended to the output (JSONL) one whole line at a time and flushed, so an
interrupted run keeps everything it finished; a rerun skips ids already in the output.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from router.engine import Router
from router.errors import RequestError, TierrouteError
from router.pipeline.sources import BadRow
from router.tickets import Ticket, TicketResult, ticket_request, ticket_result

__all__ = ["BatchReport", "done_ids", "run_batch"]

log = logging.getLogger("tierroute.batch")


class BatchReport(BaseModel):
    """What one run did."""

    answered: int = 0
    failed: int = 0
    invalid: int = 0
    skipped: int = 0
    duplicates: int = 0
    tier_mix: dict[str, int] = Field(default_factory=dict)
    cache: dict[str, int] = Field(default_factory=dict)
    cost_usd: float = 0.0
    cost_by_tier: dict[str, float] = Field(default_factory=dict)
    wall_s: float = 0.0


def done_ids(out: Path) -> set[str]:
    """Ids already in ``out``. A torn last line (a crash mid-write) is cut off; any other
    line that is not a result means ``out`` is some other file, which is never touched."""
    if not out.exists():
        return set()
    ids: set[str] = set()
    data = out.read_bytes()
    lines = data.split(b"\n")
    torn = lines.pop() if lines else b""  # what follows the last newline
    for number, line in enumerate(lines, start=1):
        try:
            ids.add(str(json.loads(line)["id"]))
        except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise RequestError(
                f"{out}:{number}: not a tierroute result line; refusing to append to a "
                "file that holds something else (choose another -o)"
            ) from exc
    if torn:
        with out.open("r+b") as handle:
            handle.truncate(len(data) - len(torn))
    return ids


Progress = Callable[[BatchReport, int], None]


async def run_batch(
    router: Router,
    items: Iterable[Ticket | BadRow],
    out: Path,
    *,
    concurrency: int = 4,
    on_progress: Progress | None = None,
) -> BatchReport:
    """Answer every ticket of ``items`` not already in ``out``, appending results."""
    started = time.perf_counter()
    report = BatchReport()
    already = done_ids(out)
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
    tiers: Counter[str] = Counter()
    caches: Counter[str] = Counter()
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
                record = await _answer(router, item)
                write(record)
                if isinstance(item, BadRow):
                    report.invalid += 1
                elif record.error is not None:
                    report.failed += 1
                else:
                    report.answered += 1
                    tiers[record.tier or "?"] += 1
                    caches[record.cache or "off"] += 1
                    report.cost_usd += record.cost_usd
                    for tier, cost in record.cost_by_tier.items():
                        report.cost_by_tier[tier] = report.cost_by_tier.get(tier, 0.0) + cost
                report.tier_mix = dict(tiers)
                report.cache = dict(caches)
                if on_progress is not None:
                    on_progress(report, len(todo))

        await asyncio.gather(*(work() for _ in range(max(concurrency, 1))))
    report.wall_s = round(time.perf_counter() - started, 3)
    return report


async def _answer(router: Router, item: Ticket | BadRow) -> TicketResult:
    if isinstance(item, BadRow):
        return TicketResult(id=item.id, error=f"{item.where}: {item.error}")
    try:
        return ticket_result(item.id, await router.handle(ticket_request(item)))
    except TierrouteError as exc:
        return TicketResult(id=item.id, error=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # one bad ticket must not end the run: record it, go on
        log.exception("ticket %s: unexpected error", item.id)
        return TicketResult(id=item.id, error=f"internal error ({type(exc).__name__}): {exc}")
