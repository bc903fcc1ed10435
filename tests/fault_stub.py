"""An OpenAI-protocol server that fails on purpose, at configurable rates, and counts it.

Models named ``chaos-*`` draw each request's fate from a :class:`FaultPlan` (a seeded
random draw, so a run is reproducible up to the order requests arrive in): a 500, an
answer that comes after ``slow_s`` (past the tier's timeout), a connection reset (TCP RST)
mid-response, or a response cut short (a JSON body that stops half-way; an event stream
that ends cleanly but without a finish reason or ``[DONE]``). Any other model answers
correctly, except ``down-*`` models, which always answer 500 (counted as faults of kind
``down``). A correct answer is always ``stub answer from <model>``, so a client can tell a
right answer from a garbled one.

It is plain asyncio speaking HTTP/1.1 with keep-alive, because resetting a connection
mid-body needs the socket itself, which an ASGI server does not hand out. Counters say
what was asked and what was done: ``requests`` per model, ``faults`` per kind,
``answered`` (complete answers sent).
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

__all__ = ["FAULT_KINDS", "FaultPlan", "FaultStub"]

FAULT_KINDS = ("error500", "slow", "reset", "truncated")


@dataclass(frozen=True)
class FaultPlan:
    """The share of ``chaos-*`` requests that meet each fault (the rest answer)."""

    error500: float = 0.0
    slow: float = 0.0
    reset: float = 0.0
    truncated: float = 0.0
    slow_s: float = 5.0
    seed: int = 8

    def __post_init__(self) -> None:
        shares = [getattr(self, kind) for kind in FAULT_KINDS]
        if any(s < 0 for s in shares) or sum(shares) > 1:
            raise ValueError(f"fault shares must be >= 0 and add up to <= 1, got {shares}")

    def draw(self, rng: random.Random) -> str | None:
        """The fault for one request, or ``None`` for a correct answer."""
        x = rng.random()
        for kind in FAULT_KINDS:
            share: float = getattr(self, kind)
            if x < share:
                return kind
            x -= share
        return None


@dataclass
class _Request:
    method: str
    path: str
    body: bytes
    keep_alive: bool


def _completion(model: str, content: str) -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-fault",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
        }
    ).encode()


def _events(model: str, content: str, *, complete: bool) -> list[bytes]:
    """SSE events of ``content``, word by word; with finish, usage and ``[DONE]`` if
    ``complete``."""
    base = {"id": "chatcmpl-fault", "object": "chat.completion.chunk", "created": 0, "model": model}
    words = content.split(" ")
    pieces = [words[0], *(" " + w for w in words[1:])]
    chunks: list[dict[str, Any]] = [
        {**base, "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]}
        for p in pieces
    ]
    if complete:
        chunks.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        usage = {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}
        chunks.append({**base, "choices": [], "usage": usage})
    events = [f"data: {json.dumps(c)}\n\n".encode() for c in chunks]
    return events + ([b"data: [DONE]\n\n"] if complete else [])


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def _head(status: str, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _read_request(reader: asyncio.StreamReader) -> _Request | None:
    line = await reader.readline()
    if not line.strip():
        return None
    method, path, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while True:
        raw = await reader.readline()
        if raw in (b"\r\n", b"\n", b""):
            break
        name, _, value = raw.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            data = await reader.readexactly(size + 2)
            if size == 0:
                break
            parts.append(data[:-2])
        body = b"".join(parts)
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    keep_alive = headers.get("connection", "keep-alive").lower() != "close"
    return _Request(method=method, path=path, body=body, keep_alive=keep_alive)


class FaultStub:
    """Run the faulty server on a free loopback port in a background thread."""

    def __init__(self, plan: FaultPlan | None = None) -> None:
        #: The plan in force; assign a new one to change it between phases of a test.
        self.plan = plan or FaultPlan()
        self.requests: Counter[str] = Counter()
        self.faults: Counter[str] = Counter()
        self.answered = 0
        self._rng = random.Random(self.plan.seed)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def counts(self) -> dict[str, Any]:
        """A snapshot of the counters."""
        with self._lock:
            return {
                "requests": sum(self.requests.values()),
                "by_model": dict(self.requests),
                "faults": dict(self.faults),
                "faults_total": sum(self.faults.values()),
                "answered": self.answered,
            }

    def _fate(self, model: str) -> str | None:
        with self._lock:
            self.requests[model] += 1
            fault = self.plan.draw(self._rng) if model.startswith("chaos") else None
            if model.startswith("down"):
                fault = "down"
            if fault is not None:
                self.faults[fault] += 1
            return fault

    def _done(self) -> None:
        with self._lock:
            self.answered += 1

    async def _respond(
        self, request: _Request, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        """Answer one request; ``False`` when the connection must not be reused."""
        if request.method == "GET" and request.path.endswith("/healthz"):
            writer.write(_head("200 OK", {"content-length": "2"}) + b"ok")
            await writer.drain()
            return request.keep_alive
        try:
            payload = json.loads(request.body)
            model = str(payload.get("model", ""))
            stream = bool(payload.get("stream"))
        except (ValueError, AttributeError):
            writer.write(_head("400 Bad Request", {"content-length": "0"}))
            await writer.drain()
            return request.keep_alive
        fault = self._fate(model)
        content = f"stub answer from {model}"
        if fault in ("error500", "down"):
            body = b'{"error": {"message": "injected fault", "type": "server_error"}}'
            head = {"content-type": "application/json", "content-length": str(len(body))}
            writer.write(_head("500 Internal Server Error", head) + body)
            await writer.drain()
            return request.keep_alive
        if fault == "slow":
            await asyncio.sleep(self.plan.slow_s)
            if reader.at_eof():  # the client gave up waiting: nothing was answered
                return False
        if stream:
            return await self._stream(writer, model, content, fault, request.keep_alive)
        body = _completion(model, content)
        head = {"content-type": "application/json", "content-length": str(len(body))}
        if fault in ("reset", "truncated"):
            writer.write(_head("200 OK", head) + body[: len(body) // 2])
            await writer.drain()
            await asyncio.sleep(0.01)
            _close(writer, reset=fault == "reset")
            return False
        writer.write(_head("200 OK", head) + body)
        await writer.drain()
        self._done()
        return request.keep_alive

    async def _stream(
        self, writer: asyncio.StreamWriter, model: str, content: str, fault: str | None, keep: bool
    ) -> bool:
        head = {"content-type": "text/event-stream", "transfer-encoding": "chunked"}
        writer.write(_head("200 OK", head))
        events = _events(model, content, complete=fault != "truncated")
        if fault in ("reset", "truncated"):
            events = events[: max(len(events) // 2, 1)]
        for event in events:
            writer.write(_chunk(event))
            await writer.drain()
        if fault == "reset":
            await asyncio.sleep(0.01)
            _close(writer, reset=True)
            return False
        writer.write(b"0\r\n\r\n")  # a clean end of the body: truncated streams end here too
        await writer.drain()
        if fault is None:
            self._done()
        return keep

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await _read_request(reader)
                if request is None or not await self._respond(request, reader, writer):
                    break
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass  # the client went away, or sent what this stub does not speak
        except asyncio.CancelledError:
            return  # the stub is stopping (a slow answer was still asleep): nothing to report
        finally:
            if not writer.transport.is_closing():
                writer.close()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._client, "127.0.0.1", self.port)
        self._ready.set()
        async with server:
            await self._stop.wait()

    def _run(self) -> None:
        asyncio.run(self._main())

    def __enter__(self) -> FaultStub:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fault stub did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)


def _close(writer: asyncio.StreamWriter, *, reset: bool) -> None:
    """Close the connection: with a TCP RST (``reset``) or a plain FIN."""
    if reset:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()
    else:
        writer.close()
