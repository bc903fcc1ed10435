"""Redis's wire protocol (RESP2) over plain sockets, for the Redis Cluster harness: one
command per connection, the reply parsed, and the replies of ``CLUSTER SLOTS`` and
``CLUSTER NODES`` read. Not through redis-py, whose cluster behaviour the tests examine."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import BinaryIO, TypeAlias

__all__ = [
    "ClusterSlotRange",
    "NodeLine",
    "RedisReplyError",
    "Reply",
    "command",
    "info_fields",
    "parse_cluster_nodes",
    "parse_cluster_slots",
]

#: A parsed RESP2 reply (errors are raised as :class:`RedisReplyError`).
Reply: TypeAlias = "str | int | list[Reply] | None"


class RedisReplyError(RuntimeError):
    """Redis answered a command with an error reply (``-ERR ...``)."""


def read_reply(stream: BinaryIO) -> Reply:
    line = stream.readline()
    if not line:
        raise ConnectionError("connection closed by Redis")
    kind, body = line[:1], line[1:-2]
    if kind == b"+":
        return body.decode()
    if kind == b"-":
        raise RedisReplyError(body.decode(errors="replace"))
    if kind == b":":
        return int(body)
    if kind == b"$":
        size = int(body)
        if size < 0:
            return None
        return stream.read(size + 2)[:-2].decode(errors="replace")
    if kind == b"*":
        size = int(body)
        if size < 0:
            return None
        return [read_reply(stream) for _ in range(size)]
    raise ConnectionError(f"unexpected RESP reply: {line!r}")


def command(port: int, *args: str | int, timeout_s: float = 2.0) -> Reply:
    """Send one command to the node on ``port`` over a fresh connection; return the reply."""
    parts = [str(arg).encode() for arg in args]
    payload = b"*%d\r\n" % len(parts) + b"".join(
        b"$%d\r\n%s\r\n" % (len(part), part) for part in parts
    )
    with socket.create_connection(("127.0.0.1", port), timeout=timeout_s) as sock:
        sock.sendall(payload)
        with sock.makefile("rb") as stream:
            return read_reply(stream)


def info_fields(text: Reply) -> dict[str, str]:
    """``INFO`` / ``CLUSTER INFO`` text as a dict."""
    fields: dict[str, str] = {}
    for line in str(text).splitlines():
        key, sep, value = line.partition(":")
        if sep and not key.startswith("#"):
            fields[key.strip()] = value.strip()
    return fields


@dataclass(frozen=True)
class ClusterSlotRange:
    """One row of ``CLUSTER SLOTS``: slots ``start..end`` (inclusive) and who serves them."""

    start: int
    end: int
    master_port: int
    replica_ports: tuple[int, ...]


@dataclass(frozen=True)
class NodeLine:
    """One line of ``CLUSTER NODES``."""

    node_id: str
    port: int
    flags: frozenset[str]
    master_id: str | None


def parse_cluster_slots(reply: Reply) -> list[ClusterSlotRange]:
    ranges = []
    for row in reply if isinstance(reply, list) else []:
        assert isinstance(row, list)
        start, end, master, *replicas = row
        assert isinstance(start, int) and isinstance(end, int) and isinstance(master, list)
        ranges.append(
            ClusterSlotRange(
                start=start,
                end=end,
                master_port=int(str(master[1])),
                replica_ports=tuple(
                    int(str(replica[1])) for replica in replicas if isinstance(replica, list)
                ),
            )
        )
    return sorted(ranges, key=lambda r: r.start)


def parse_cluster_nodes(reply: Reply) -> list[NodeLine]:
    nodes = []
    for line in str(reply).splitlines():
        fields = line.split()
        if len(fields) < 8:
            continue
        address = fields[1].split("@", 1)[0]  # ip:port@cport[,hostname]
        port = int(address.rsplit(":", 1)[1]) if address.rsplit(":", 1)[1] else 0
        nodes.append(
            NodeLine(
                node_id=fields[0],
                port=port,
                flags=frozenset(fields[2].split(",")),
                master_id=None if fields[3] == "-" else fields[3],
            )
        )
    return nodes
