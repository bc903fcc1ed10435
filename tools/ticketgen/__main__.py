"""``python -m tools.ticketgen [--out PATH]``: rebuild the ticket set (see the package docs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tools.ticketgen.write import DEFAULT_OUT, generate, summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tools.ticketgen",
        description="Build the tier-labelled support-ticket training set for tierroute.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="where to write the JSONL file (default: classifiers/data/tickets.jsonl)",
    )
    args = parser.parse_args(argv)
    counts = generate(args.out)
    print(f"wrote {sum(counts.values())} tickets to {args.out}")
    print(summary(counts))


if __name__ == "__main__":
    main()
