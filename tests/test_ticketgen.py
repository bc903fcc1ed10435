"""The ticket-set generator (tools/ticketgen) rebuilds the committed tickets.jsonl exactly."""

from __future__ import annotations

from pathlib import Path

from tools.ticketgen import DEFAULT_OUT, generate

COMMITTED = Path(__file__).resolve().parent.parent / "classifiers" / "data" / "tickets.jsonl"


def test_generator_rebuilds_the_committed_tickets_byte_for_byte(tmp_path: Path) -> None:
    assert DEFAULT_OUT == COMMITTED
    out = tmp_path / "tickets.jsonl"
    counts = generate(out)
    assert sum(counts.values()) == len(COMMITTED.read_bytes().splitlines())
    assert out.read_bytes() == COMMITTED.read_bytes(), (
        "tools/ticketgen no longer reproduces classifiers/data/tickets.jsonl: if the change is "
        "meant to, rerun `python -m tools.ticketgen` and retrain the classifier"
    )
