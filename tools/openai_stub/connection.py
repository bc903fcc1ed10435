"""HTTP/1.1 for the stub: requests read off a connection, answers written back.

Plain asyncio (an :class:`asyncio.Protocol` per connection), because resetting a
connection mid-body needs the socket itself, which an ASGI server does not hand out, and
because it is far cheaper per request than an ASGI app. Just enough HTTP/1.1 for
keep-alive clients: a body framed by ``content-length`` or chunked, ``connection: close``,
pipelined requests answered in order.

An answer is either the bytes of the whole response, written at once from
``data_received`` (the fast path: no task, no await), or a coroutine function that writes
to the connection through :class:`Channel` over time and says whether the connection may
carry another request. While it runs, the requests behind it wait in the buffer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
import typing
from collections.abc import Awaitable, Callable
from typing import NamedTuple, cast

__all__ = [
    "LAST_CHUNK",
    "Answer",
    "BadRequest",
    "Channel",
    "Connection",
    "Request",
    "chunk",
    "head",
    "parse_request",
    "response",
]

#: A request head longer than this is refused.
MAX_HEAD = 64 * 1024
#: The end of a chunked body.
LAST_CHUNK = b"0\r\n\r\n"


class Request(NamedTuple):  # a tuple: the cheapest to build, once per request
    method: str
    path: str
    body: bytes
    keep_alive: bool


class BadRequest(ValueError):
    """A request this stub cannot read: it answers 400 and closes the connection."""


def parse_request(buffer: bytearray) -> tuple[Request, int] | None:
    """The first request in ``buffer`` and how many bytes it took, or ``None`` while it has
    not all arrived."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        if len(buffer) > MAX_HEAD:
            raise BadRequest("request head too large")
        return None
    lines = buffer[:end].decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        raise BadRequest(f"not an HTTP request line: {lines[0][:80]!r}")
    method, path, version = parts
    keep_alive = version != "HTTP/1.0"
    length, chunked = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            try:
                length = int(value)
            except ValueError:
                raise BadRequest(f"bad content-length: {value.strip()!r}") from None
        elif name == "connection":
            token = value.strip().lower()
            keep_alive = token == "keep-alive" or (keep_alive and token != "close")
        elif name == "transfer-encoding":
            chunked = "chunked" in value.lower()
    start = end + 4
    if chunked:
        unchunked = _unchunk(buffer, start)
        if unchunked is None:
            return None
        body, used = unchunked
    else:
        used = start + length
        if len(buffer) < used:
            return None  # the body has not all arrived
        body = bytes(buffer[start:used])
    return Request(method, path, body, keep_alive), used


def _unchunk(buffer: bytearray, start: int) -> tuple[bytes, int] | None:
    """A chunked body from ``start`` and where it ends, or ``None`` while incomplete."""
    parts: list[bytes] = []
    at = start
    while True:
        line_end = buffer.find(b"\r\n", at)
        if line_end < 0:
            return None
        try:
            size = int(bytes(buffer[at:line_end]).split(b";")[0], 16)
        except ValueError:
            raise BadRequest("bad chunk size") from None
        at = line_end + 2
        if size == 0:
            if buffer[at : at + 2] == b"\r\n":  # no trailers
                return b"".join(parts), at + 2
            trailers_end = buffer.find(b"\r\n\r\n", at)
            return None if trailers_end < 0 else (b"".join(parts), trailers_end + 4)
        if len(buffer) < at + size + 2:
            return None
        parts.append(bytes(buffer[at : at + size]))
        at += size + 2


def head(status: str, content_type: str, *, length: int | None, keep_alive: bool) -> bytes:
    """A response head; without ``length`` the body is chunked."""
    framing = "transfer-encoding: chunked" if length is None else f"content-length: {length}"
    return (
        f"HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\n{framing}\r\n"
        f"connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
    ).encode()


def response(
    status: str, body: bytes, *, keep_alive: bool, content_type: str = "application/json"
) -> bytes:
    """A whole response: head and body."""
    return head(status, content_type, length=len(body), keep_alive=keep_alive) + body


def chunk(data: bytes) -> bytes:
    """One chunk of a chunked body."""
    return b"%x\r\n%b\r\n" % (len(data), data)


class Channel(typing.Protocol):
    """What an answer that takes time writes to: its connection."""

    @property
    def gone(self) -> bool:
        """The client went away (or the connection was closed)."""
        ...

    def write(self, data: bytes) -> None: ...

    async def drain(self) -> None:
        """Wait while the connection's write buffer is full."""
        ...

    def close(self, *, reset: bool = False) -> None:
        """Close the connection: with a TCP RST (``reset``) or a plain FIN."""
        ...


#: The whole response, or a coroutine function that writes it over time and says whether
#: the connection may be reused.
Answer = bytes | Callable[[Channel], Awaitable[bool]]
Responder = Callable[[Request], Answer]


class Connection(asyncio.Protocol):
    """One client connection: requests answered in order as their bodies complete."""

    def __init__(self, respond: Responder, live: set[Connection]) -> None:
        self._respond = respond
        self._live = live
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None
        self._task: asyncio.Task[None] | None = None
        self._paused = False
        self._writable: asyncio.Future[None] | None = None

    # asyncio's side

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self._live.add(self)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if self._task is None:
            self._serve()

    def eof_received(self) -> bool:
        return False  # the client is done: close (an answer still being written stops)

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None
        self._live.discard(self)
        if self._task is not None:
            self._task.cancel()
        self._wake_writer()

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        self._wake_writer()

    # the Channel an answer writes to

    @property
    def gone(self) -> bool:
        return self._transport is None or self._transport.is_closing()

    def write(self, data: bytes) -> None:
        if not self.gone:
            assert self._transport is not None
            self._transport.write(data)

    async def drain(self) -> None:
        if self._paused and not self.gone:
            self._writable = asyncio.get_running_loop().create_future()
            await self._writable

    def close(self, *, reset: bool = False) -> None:
        transport, self._transport = self._transport, None
        if transport is None or transport.is_closing():
            return
        if not reset:
            transport.close()
            return
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):  # linger 0: the close sends an RST
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()

    def shut(self) -> None:
        """Stop: the answer being written is cancelled, the connection closed."""
        if self._task is not None:
            self._task.cancel()
        self.close()

    # requests

    def _serve(self) -> None:
        """Answer the requests in the buffer until one takes time or the buffer runs out."""
        while self._transport is not None and self._task is None:
            try:
                parsed = parse_request(self._buffer)
            except BadRequest as exc:
                error = {"message": str(exc), "type": "invalid_request_error"}
                body = json.dumps({"error": error}).encode()
                self._transport.write(response("400 Bad Request", body, keep_alive=False))
                self.close()
                return
            if parsed is None:
                return
            request, used = parsed
            del self._buffer[:used]
            answer = self._respond(request)
            if isinstance(answer, bytes):
                self._transport.write(answer)
                if not request.keep_alive:
                    self.close()
            else:
                coroutine = self._answer(answer, request.keep_alive)
                self._task = asyncio.get_running_loop().create_task(coroutine)

    async def _answer(self, answer: Callable[[Channel], Awaitable[bool]], keep_alive: bool) -> None:
        try:
            reusable = await answer(self)
        except (ConnectionError, OSError):
            reusable = False
        self._task = None
        if reusable and keep_alive:
            self._serve()
        else:
            self.close()

    def _wake_writer(self) -> None:
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)
        self._writable = None
