"""Policy reload notices between replicas, over Redis pub/sub.

``POST /v1/policy/reload`` reaches one replica (one worker of one); the others would only
see a changed file at their watcher's next poll, and never with polling off. When the
service has a Redis, a replica that reloaded on request publishes a notice on
:data:`CHANNEL`, and every other replica (and worker) listening re-reads its own policy
file as if it had been asked: a policy that is invalid or cannot serve is refused there
too (and logged), and the policy it had keeps serving.

Notices are best-effort. Redis down never fails a reload nor delays it by more than the
publish timeout, and the listener reconnects by itself; a replica that was cut off from
Redis when a notice went out learns of the new file from its watcher.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from router.stores.redis import redis_errors

if TYPE_CHECKING:
    from router.stores.redis import RedisConnection

__all__ = ["CHANNEL", "ReloadNotice", "ReloadNotices"]

log = logging.getLogger("tierroute.policy")

#: The channel (after the key prefix, ``tierroute:`` by default).
CHANNEL = "policy:reload"


class ReloadNotice(BaseModel):
    """What a replica publishes after a reload it was asked for."""

    #: The replica (host/pid/random) that reloaded: it ignores its own notice.
    origin: str
    policy: str
    version: str


class ReloadNotices:
    """Publishes reload notices and listens for other replicas' on the process's Redis."""

    def __init__(
        self, connection: RedisConnection, *, retry_s: float = 1.0, channel: str = CHANNEL
    ) -> None:
        self.origin = f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(3)}"
        self.connection = connection
        self.channel = connection.key(channel)
        self._retry_s = retry_s

    async def publish(self, *, policy: str, version: str) -> bool:
        """Tell the other replicas to re-read their policy file; ``False`` (logged) when
        Redis could not take the notice."""
        notice = ReloadNotice(origin=self.origin, policy=policy, version=version)
        try:
            listeners = await self.connection.publish(self.channel, notice.model_dump_json())
        except redis_errors() as exc:
            log.warning(
                "policy reload notice not sent (Redis: %s: %s); other replicas pick up the "
                "file with their watchers, or reload each with POST /v1/policy/reload",
                type(exc).__name__,
                exc,
            )
            return False
        log.info(
            "policy reload notice sent (%d replica(s) listening, this one included)", listeners
        )
        return True

    async def listen(self, on_notice: Callable[[ReloadNotice], Awaitable[None]]) -> None:
        """Call ``on_notice`` for each other replica's notice, one at a time, until
        cancelled; while Redis is away, try again every ``retry_s``."""
        connected: bool | None = None  # None: not yet tried
        while True:
            pubsub: Any = None
            try:
                pubsub = await self.connection.pubsub()
                await pubsub.subscribe(self.channel)
                log.info(
                    "listening for policy reload notices on Redis channel %s%s",
                    self.channel,
                    " again" if connected is False else "",
                )
                connected = True
                while True:
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=5)
                    notice = self._notice(message)
                    if notice is not None:
                        await on_notice(notice)
            except redis_errors() as exc:
                if connected is not False:
                    log.warning(
                        "not listening for policy reload notices (Redis: %s: %s); trying again "
                        "every %.0f s",
                        type(exc).__name__,
                        exc,
                        self._retry_s,
                    )
                connected = False
            finally:
                if pubsub is not None:
                    with contextlib.suppress(*redis_errors()):
                        await pubsub.aclose()
            await asyncio.sleep(self._retry_s)

    def _notice(self, message: dict[str, Any] | None) -> ReloadNotice | None:
        """The notice in a pub/sub message, if it is another replica's and well-formed."""
        if message is None or message.get("type") not in ("message", b"message"):
            return None
        try:
            notice = ReloadNotice.model_validate_json(message["data"])
        except ValidationError:
            log.warning("ignored a malformed policy reload notice on %s", self.channel)
            return None
        return notice if notice.origin != self.origin else None
