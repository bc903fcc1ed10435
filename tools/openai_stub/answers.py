"""Answers that take time: written to the connection after a delay, cut off, or trickled."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from tools.openai_stub.connection import LAST_CHUNK, Channel, chunk

__all__ = ["after", "cut_off", "trickle"]

#: How long a cut-off answer's bytes get to reach the client before the connection closes.
_FLUSH_S = 0.01


async def after(channel: Channel, delay_s: float, data: bytes, done: Callable[[], None]) -> bool:
    """The whole response after ``delay_s``, unless the client gave up waiting."""
    await asyncio.sleep(delay_s)
    if channel.gone:
        return False
    channel.write(data)
    await channel.drain()
    done()
    return True


async def cut_off(channel: Channel, data: bytes, *, reset: bool) -> bool:
    """``data`` (the start of a response), then the connection closes: with a TCP RST
    (``reset``) or a plain FIN."""
    channel.write(data)
    await channel.drain()
    await asyncio.sleep(_FLUSH_S)
    channel.close(reset=reset)
    return False


async def trickle(channel: Channel, head: bytes, pieces: Iterable[bytes], every_s: float) -> bool:
    """A chunked body, one piece every ``every_s``."""
    channel.write(head)
    for piece in pieces:
        channel.write(chunk(piece))
        await channel.drain()
        await asyncio.sleep(every_s)
        if channel.gone:
            return False
    channel.write(LAST_CHUNK)
    return True
