"""Read tickets from JSONL or CSV files, with a column mapping for CSV.

Every row becomes a :class:`~router.pipeline.tickets.Ticket` or, if it cannot, a
:class:`BadRow` that names the file, line and field, so a run can record it and go on.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from router.errors import RequestError
from router.messages import unpaired_surrogate
from router.pipeline.tickets import Ticket

__all__ = ["BadRow", "ColumnMapping", "read_tickets", "ticket_from_mapping"]

_TICKET_KEYS = {"id", "subject", "body", "priority", "customer", "metadata", "tier"}


@dataclass(frozen=True)
class ColumnMapping:
    """Which columns hold the id, the text and the metadata."""

    id_column: str = "id"
    text_columns: tuple[str, ...] = ()
    meta_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class BadRow:
    """A row that is not a usable ticket."""

    id: str
    where: str
    error: str
    extra: dict[str, Any] = field(default_factory=dict)


def _as_text(value: object) -> str:
    return "" if value is None else str(value)


def ticket_from_mapping(row: dict[str, Any], mapping: ColumnMapping, fallback_id: str) -> Ticket:
    """A ticket from one JSON object or CSV row.

    Without ``text_columns``, ``subject`` + ``body`` (or ``text``) are the text, and the
    ticket fields (``priority``, ``customer``, ``metadata``) are read as such.
    """
    if unpaired_surrogate(row) is not None:
        raise RequestError("contains an unpaired surrogate; send valid UTF-8 text")
    raw_id = row.get(mapping.id_column)
    ticket_id = _as_text(raw_id).strip() or fallback_id
    metadata = {
        c: _as_text(row.get(c)) for c in mapping.meta_columns if row.get(c) not in (None, "")
    }
    if mapping.text_columns:
        missing = [c for c in mapping.text_columns if c not in row]
        if missing:
            raise RequestError(f"no column {', '.join(missing)} (have: {', '.join(row)})")
        body = "\n\n".join(
            _as_text(row[c]).strip() for c in mapping.text_columns if _as_text(row[c]).strip()
        )
        return Ticket(id=ticket_id, body=body, metadata=metadata)
    known = {k: v for k, v in row.items() if k in _TICKET_KEYS and k != "id"}
    if "body" not in known and "text" in row:
        known["body"] = row["text"]
    known.setdefault("metadata", {})
    if isinstance(known["metadata"], dict):
        known["metadata"] = {**known["metadata"], **metadata}
    if "priority" in known and known["priority"] is not None:
        known["priority"] = _as_text(known["priority"])
    return Ticket(id=ticket_id, **known)


def _explain(exc: ValidationError | RequestError) -> str:
    if isinstance(exc, RequestError):
        return str(exc)
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(row)"
    return f"{where}: {first['msg']}"


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield number, f"not UTF-8 (byte {exc.start + 1} of the line)"
                continue
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"not valid JSON: {exc.msg}"
                continue
            except RecursionError:
                yield number, "not a ticket: JSON nested too deeply"
                continue
            yield number, value if isinstance(value, dict) else "each line must be a JSON object"


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RequestError(f"{path}:{line}: not UTF-8; save the file as UTF-8") from exc
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        while True:
            start = reader.line_num + 1  # a quoted field may span lines: report the first
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield start, f"not valid CSV: {exc}"
                return
            # a row with more fields than the header puts the extras under None: drop them
            yield (
                (start + 1 if start == 1 else start),
                {k: v for k, v in row.items() if k is not None},
            )


def read_tickets(path: Path, mapping: ColumnMapping | None = None) -> Iterator[Ticket | BadRow]:
    """Tickets of a ``.jsonl``/``.json`` or ``.csv`` file, in file order."""
    mapping = mapping or ColumnMapping()
    if not path.is_file():
        raise RequestError(f"{path}: no such file")
    rows = _csv_rows(path) if path.suffix.lower() == ".csv" else _jsonl_rows(path)
    for number, row in rows:
        where = f"{path}:{number}"
        fallback = f"line-{number}"  # stable however the path is spelled on a rerun
        if isinstance(row, str):
            yield BadRow(id=fallback, where=where, error=row)
            continue
        try:
            yield ticket_from_mapping(row, mapping, fallback_id=fallback)
        except (ValidationError, RequestError) as exc:
            ticket_id = _as_text(row.get(mapping.id_column)).strip() or fallback
            try:
                ticket_id.encode("utf-8")
            except UnicodeEncodeError:
                ticket_id = fallback
            yield BadRow(id=ticket_id, where=where, error=_explain(exc))
