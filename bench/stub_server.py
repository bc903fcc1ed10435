"""A minimal OpenAI-protocol server that answers at once: the model in the HTTP benchmarks.

Plain asyncio (uvloop when installed) speaking just enough HTTP/1.1 for keep-alive
clients: ``POST /v1/chat/completions`` answers a fixed, non-streamed chat completion
without parsing the body; ``GET /healthz`` is the readiness probe; ``GET /stats`` gives
the number of completions served (to check that a cache hit never reached the model).
It is far cheaper per request than any ASGI app, so what the benchmarks add on top of it
is the cost of the system in front.

    .venv/bin/python bench/stub_server.py --port 18080
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import cast

__all__ = ["COMPLETION", "serve"]

COMPLETION = json.dumps(
    {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 1767225600,
        "model": "stub",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": "Open Settings, choose Security, then Reset password.",
                },
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 24, "completion_tokens": 11, "total_tokens": 35},
    }
).encode()


def _response(status: str, body: bytes, *, close: bool) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        f"connection: {'close' if close else 'keep-alive'}\r\n\r\n"
    )
    return head.encode() + body


class _Stats:
    completions = 0


class _Connection(asyncio.Protocol):
    """One client connection: requests are answered in order as their bodies complete."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
            length, close = 0, False
            for line in lines[1:]:
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "connection":
                    close = value.strip().lower() == "close"
                elif name == "transfer-encoding":  # clients here send content-length
                    self._finish(_response("411 Length Required", b"{}", close=True), True)
                    return
            if len(self.buffer) < end + 4 + length:
                return  # the body has not all arrived
            del self.buffer[: end + 4 + length]
            method, path, *_ = [*lines[0].split(" "), "", ""]
            self._finish(self._answer(method, path, close), close)

    def _answer(self, method: str, path: str, close: bool) -> bytes:
        if method == "POST" and path.endswith("/chat/completions"):
            _Stats.completions += 1
            return _response("200 OK", COMPLETION, close=close)
        if method == "GET" and path == "/healthz":
            return _response("200 OK", b'{"status": "ok"}', close=close)
        if method == "GET" and path == "/stats":
            body = json.dumps({"completions": _Stats.completions}).encode()
            return _response("200 OK", body, close=close)
        return _response("404 Not Found", b'{"error": {"message": "not here"}}', close=close)

    def _finish(self, response: bytes, close: bool) -> None:
        assert self.transport is not None
        self.transport.write(response)
        if close:
            self.transport.close()
            self.transport = None


async def serve(host: str, port: int) -> None:
    """Serve until cancelled."""
    server = await asyncio.get_running_loop().create_server(_Connection, host, port, backlog=1024)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    try:
        import uvloop
    except ImportError:
        asyncio.run(serve(args.host, args.port))
    else:
        uvloop.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
