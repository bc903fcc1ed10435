"""The stub in a process of its own, until it is killed: the model in the benchmarks.

    .venv/bin/python -m tools.openai_stub --port 18080

Run from the repository's root. uvloop runs the event loop when it is installed. Request
bodies are not kept (a benchmark would fill the memory); ``GET /stats`` gives the counters.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

from tools.openai_stub.server import OpenAIStub


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tools.openai_stub", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    stub = OpenAIStub(keep_bodies=False)
    try:
        import uvloop
    except ImportError:
        asyncio.run(stub.serve(args.host, args.port))
    else:
        uvloop.run(stub.serve(args.host, args.port))


if __name__ == "__main__":
    main()
