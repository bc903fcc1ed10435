"""The Redis Cluster harness's parts that need no running cluster object: the binaries,
free ports, one node's command line, and the checks of whether the nodes are ready (each
asks the nodes over RESP; see ``tests/redis_cluster.py``)."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.resp_wire import (
    RedisReplyError,
    command,
    info_fields,
    parse_cluster_nodes,
    parse_cluster_slots,
)

__all__ = [
    "SLOTS",
    "free_ports",
    "missing_binary",
    "node_argv",
    "node_problem",
    "sees_failed",
    "topology_problem",
]

#: Slots in a Redis Cluster.
SLOTS = 16384


def missing_binary(binary: str) -> RuntimeError:
    return RuntimeError(
        f"{binary} is not installed; the Redis Cluster tests need a real Redis. Install it "
        "with `apt-get install -y redis-server` (redis-cli comes with it, from redis-tools; "
        "make test does this)."
    )


def free_ports(count: int) -> list[int]:
    """``count`` distinct free loopback ports (held open together, so no duplicates)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def node_argv(
    server_binary: str, port: int, bus_port: int, directory: Path, node_timeout_ms: int
) -> list[str]:
    """The command line of one cluster node on ``port`` (its bus on ``bus_port``)."""
    return [
        server_binary,
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--cluster-enabled", "yes",
        "--cluster-port", str(bus_port),
        "--cluster-config-file", str(directory / f"nodes-{port}.conf"),
        "--cluster-node-timeout", str(node_timeout_ms),
        # a replica always may take over, however long its link was down
        "--cluster-replica-validity-factor", "0",
        "--save", "",
        "--appendonly", "no",
        "--dir", str(directory),
        # replicas sync at once (the default waits 5 s for more replicas to join)
        "--repl-diskless-sync", "yes",
        "--repl-diskless-sync-delay", "0",
        # CLUSTER SLOTS lists a replica only once its replication offset is non-zero;
        # on an empty master that takes the first master PING (default: every 10 s)
        "--repl-ping-replica-period", "1",
        "--daemonize", "no",
    ]  # fmt: skip


def node_problem(port: int) -> str | None:
    """Why the node on ``port`` is not ready yet, or None when it is."""
    try:
        info = info_fields(command(port, "CLUSTER", "INFO"))
        if info.get("cluster_state") != "ok":
            return f"{port}: cluster_state:{info.get('cluster_state')}"
        if info.get("cluster_slots_ok") != str(SLOTS):
            return f"{port}: cluster_slots_ok:{info.get('cluster_slots_ok')}"
        nodes = parse_cluster_nodes(command(port, "CLUSTER", "NODES"))
        myself = next(n for n in nodes if "myself" in n.flags)
        if "slave" in myself.flags:
            replication = info_fields(command(port, "INFO", "replication"))
            if replication.get("master_link_status") != "up":
                return f"{port}: replica link {replication.get('master_link_status')}"
    except (OSError, RedisReplyError, StopIteration) as error:
        return f"{port}: {error!r}"
    return None


def sees_failed(observer: int, port: int) -> bool:
    """Whether the node on ``observer`` flags the node on ``port`` as (maybe) failed."""
    nodes = parse_cluster_nodes(command(observer, "CLUSTER", "NODES"))
    return any(n.port == port and n.flags & {"fail", "fail?"} for n in nodes)


def topology_problem(ports: list[int], want_masters: int, want_replicas: int) -> str | None:
    """Why the nodes on ``ports`` do not all agree yet on a full layout of ``want_masters``
    masters with ``want_replicas`` replicas each (from every node's view), or None."""
    count = len(ports)
    for port in ports:
        nodes = parse_cluster_nodes(command(port, "CLUSTER", "NODES"))
        bad = [n for n in nodes if n.flags & {"fail", "fail?", "handshake", "noaddr"}]
        if len(nodes) != count or bad:
            return f"{port} knows {len(nodes)}/{count} nodes, unhealthy: {bad}"
        seen_masters = [n for n in nodes if "master" in n.flags]
        seen_replicas = [n for n in nodes if "slave" in n.flags and n.master_id]
        if len(seen_masters) != want_masters or len(seen_replicas) != want_masters * want_replicas:
            return f"{port} sees {len(seen_masters)} masters, {len(seen_replicas)} replicas"
        ranges = parse_cluster_slots(command(port, "CLUSTER", "SLOTS"))
        if sum(r.end - r.start + 1 for r in ranges) != SLOTS or any(
            len(r.replica_ports) < want_replicas for r in ranges
        ):
            return f"{port}: CLUSTER SLOTS not complete yet"
    return None
