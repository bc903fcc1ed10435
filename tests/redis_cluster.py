"""A real Redis Cluster per test session: 3 masters + 3 replicas on free loopback ports.

``redis-server`` nodes run as child processes in a temporary directory and are joined with
``redis-cli --cluster create``. A master can be killed (SIGKILL) to test what the service
does while its replica is promoted. Missing redis-server or redis-cli is an error, never a
skip.

The helper talks RESP over plain sockets rather than through redis-py, so the harness does
not depend on the client whose cluster behaviour the tests examine.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from tests.redis_cluster_checks import (
    SLOTS,
    free_ports,
    missing_binary,
    node_argv,
    node_problem,
    sees_failed,
    topology_problem,
)
from tests.resp_wire import (
    ClusterSlotRange,
    RedisReplyError,
    Reply,
    command,
    parse_cluster_nodes,
    parse_cluster_slots,
)

__all__ = ["ClusterSlotRange", "RedisClusterNodes", "RedisReplyError"]


class RedisClusterNodes:
    """A local Redis Cluster (``masters`` masters, ``replicas`` replicas each) on loopback.

    ``start()`` (or ``with RedisClusterNodes() as cluster:``) returns once every node reports
    ``cluster_state:ok``, all 16384 slots are served, and every replica's link to its
    master is up. ``stop()`` kills every node and removes the temporary directory.
    """

    def __init__(
        self,
        *,
        masters: int = 3,
        replicas: int = 1,
        node_timeout_ms: int = 1000,
        start_timeout_s: float = 30.0,
    ) -> None:
        server = shutil.which("redis-server")
        if server is None:
            raise missing_binary("redis-server")
        cli = shutil.which("redis-cli")
        if cli is None:
            raise missing_binary("redis-cli")
        if masters < 3:
            raise ValueError("redis-cli --cluster create needs at least 3 masters")
        self.server_binary = server
        self.cli_binary = cli
        self.masters = masters
        self.replicas = replicas
        self.node_timeout_ms = node_timeout_ms
        self.start_timeout_s = start_timeout_s
        count = masters * (1 + replicas)
        # The cluster bus port is given explicitly (--cluster-port): the default, port +
        # 10000, can be above 65535 or taken for ports from the ephemeral range.
        chosen = free_ports(2 * count)
        #: The client ports of all nodes, in creation order (masters first, as redis-cli
        #: assigns them; after a failover the roles move; see ``master_ports()``).
        self.ports: list[int] = chosen[:count]
        self._bus_ports = dict(zip(self.ports, chosen[count:], strict=True))
        self.processes: dict[int, subprocess.Popen[bytes]] = {}
        self.directory: Path | None = None
        #: killed master port -> (one slot it served, its replicas' ports)
        self._killed_masters: dict[int, tuple[int, tuple[int, ...]]] = {}

    # -- naming -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """``redis+cluster://127.0.0.1:P``, naming one running node (the first one alive).

        redis-py does not accept ``redis+cluster://``; map it to ``redis://`` and build the
        client with ``redis.asyncio.RedisCluster.from_url``.
        """
        return self.url_for(self._live_port())

    def url_for(self, port: int) -> str:
        return f"redis+cluster://127.0.0.1:{port}"

    @property
    def startup_nodes(self) -> list[tuple[str, int]]:
        """``(host, port)`` of every node that is running (seeds for a client)."""
        return [("127.0.0.1", port) for port in self.live_ports()]

    def live_ports(self) -> list[int]:
        return [port for port in self.ports if self._is_running(port)]

    # -- lifecycle ----------------------------------------------------------------------

    def __enter__(self) -> RedisClusterNodes:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start the nodes, create the cluster and wait until it is fully up."""
        if self.processes:
            raise RuntimeError("the cluster is already started")
        self.directory = Path(tempfile.mkdtemp(prefix="tierroute-redis-cluster-"))
        try:
            for port in self.ports:
                self._spawn(port)
            deadline = time.monotonic() + self.start_timeout_s
            for port in self.ports:
                self._wait_answers(port, deadline)
            self._create(deadline)
            self._wait_ready(deadline)
        except BaseException as error:
            for port in self.ports:  # the logs go with the directory: keep their tails
                tail = "\n".join(self._log_tail(port).splitlines()[-4:])
                error.add_note(f"--- redis-server {port} (log tail) ---\n{tail}")
            self.stop()
            raise

    def stop(self) -> None:
        """Kill every node and remove the temporary directory."""
        for process in self.processes.values():
            if process.poll() is None:
                process.kill()
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        self.processes.clear()
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def flush(self) -> None:
        """Empty every master (``FLUSHALL``); replicas follow."""
        for port in self.master_ports():
            command(port, "FLUSHALL")

    # -- topology -----------------------------------------------------------------------

    def command(self, port: int, *args: str | int, timeout_s: float = 2.0) -> Reply:
        """Run one raw command on the node on ``port`` (str/int/None/list reply)."""
        return command(port, *args, timeout_s=timeout_s)

    def slots(self, port: int | None = None) -> list[ClusterSlotRange]:
        """``CLUSTER SLOTS`` as seen by ``port`` (default: a running node)."""
        return parse_cluster_slots(
            command(self._live_port() if port is None else port, "CLUSTER", "SLOTS")
        )

    def master_ports(self) -> list[int]:
        """The ports of the masters that serve slots now."""
        return sorted({r.master_port for r in self.slots()})

    def replica_ports(self, master_port: int) -> list[int]:
        """The ports of the replicas of the master on ``master_port`` (as the cluster says)."""
        live = self._live_port(exclude=master_port)
        nodes = parse_cluster_nodes(command(live, "CLUSTER", "NODES"))
        master_id = next((n.node_id for n in nodes if n.port == master_port), None)
        if master_id is None:
            raise RuntimeError(f"no node on port {master_port} in the cluster")
        return sorted(n.port for n in nodes if n.master_id == master_id and "fail" not in n.flags)

    def keyslot(self, key: str) -> int:
        reply = command(self._live_port(), "CLUSTER", "KEYSLOT", key)
        assert isinstance(reply, int)
        return reply

    def master_for_key(self, key: str) -> int:
        """The port of the master that serves ``key``'s slot (``CLUSTER KEYSLOT`` + SLOTS)."""
        slot = self.keyslot(key)
        for slot_range in self.slots():
            if slot_range.start <= slot <= slot_range.end:
                return slot_range.master_port
        raise RuntimeError(f"slot {slot} of key {key!r} is not served by any master")

    # -- faults -------------------------------------------------------------------------

    def kill_master(self, port: int) -> list[int]:
        """SIGKILL the master on ``port``; return the ports of its replicas (its successors).

        Raises if the node on ``port`` is not a running master with a replica.
        """
        if port not in self.master_ports():
            raise RuntimeError(f"port {port} is not a master now: {self.master_ports()}")
        successors = self.replica_ports(port)
        if not successors:
            raise RuntimeError(f"master {port} has no replica to fail over to")
        slot = next(r.start for r in self.slots() if r.master_port == port)
        self._killed_masters[port] = (slot, tuple(successors))
        self.kill(port)
        return successors

    def kill(self, port: int) -> None:
        """SIGKILL the node on ``port`` (no bookkeeping: use ``kill_master`` for a master)."""
        process = self.processes.get(port)
        if process is None or process.poll() is not None:
            raise RuntimeError(f"no running node on port {port}")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def wait_failover(self, port: int, timeout_s: float = 15.0) -> int:
        """Wait until a promoted replica serves the slots the killed master ``port`` had.

        Returns the new master's port once every running node sees ``cluster_state:ok``
        and a slot table covering all 16384 slots with no slot on ``port``.
        """
        deadline = time.monotonic() + timeout_s
        last = "nothing checked yet"
        while time.monotonic() < deadline:
            problem, new_master = self._failover_state(port)
            if problem is None and new_master is not None:
                return new_master
            last = problem or last
            time.sleep(0.05)
        raise TimeoutError(
            f"no failover of master {port} within {timeout_s} s (last: {last}); "
            f"node logs in {self.directory}"
        )

    def restart(self, port: int, timeout_s: float = 15.0) -> None:
        """Start a killed node again; it rejoins (a former master whose replica took over
        comes back as that replica's replica).

        Returns once it answers and, if every node runs again, the whole cluster is as
        ready as after ``start()`` (otherwise: once the running nodes are ok with it).
        """
        if self._is_running(port):
            raise RuntimeError(f"the node on port {port} is running")
        self._spawn(port)
        deadline = time.monotonic() + timeout_s
        self._wait_answers(port, deadline)
        self._killed_masters.pop(port, None)
        if len(self.live_ports()) == len(self.ports):
            self._wait_ready(deadline)
            return
        while time.monotonic() < deadline:
            live = self.live_ports()
            if all(node_problem(p) is None for p in live) and not any(
                sees_failed(p, port) for p in live
            ):
                return
            time.sleep(0.05)
        raise TimeoutError(f"node {port} did not rejoin within {timeout_s} s")

    def heal(self, timeout_s: float = 20.0) -> None:
        """Start every killed node again and wait until the cluster is fully ready (roles
        may have moved: see ``master_ports()``)."""
        deadline = time.monotonic() + timeout_s
        dead = [port for port in self.ports if not self._is_running(port)]
        for port in dead:
            self._spawn(port)
        for port in dead:
            self._wait_answers(port, deadline)
            self._killed_masters.pop(port, None)
        self._wait_ready(deadline)

    # -- internals ----------------------------------------------------------------------

    def _is_running(self, port: int) -> bool:
        process = self.processes.get(port)
        return process is not None and process.poll() is None

    def _live_port(self, exclude: int | None = None) -> int:
        for port in self.ports:
            if port != exclude and self._is_running(port):
                return port
        raise RuntimeError("no Redis Cluster node is running")

    def _log(self, port: int) -> Path:
        assert self.directory is not None
        return self.directory / f"node-{port}.log"

    def _log_tail(self, port: int) -> str:
        try:
            return self._log(port).read_text(errors="replace")[-2000:]
        except OSError:
            return "(no log)"

    def _spawn(self, port: int) -> None:
        assert self.directory is not None
        argv = node_argv(
            self.server_binary, port, self._bus_ports[port], self.directory, self.node_timeout_ms
        )
        with self._log(port).open("ab") as log:
            self.processes[port] = subprocess.Popen(
                argv, stdout=log, stderr=subprocess.STDOUT, cwd=self.directory
            )

    def _wait_answers(self, port: int, deadline: float) -> None:
        while time.monotonic() < deadline:
            process = self.processes[port]
            if process.poll() is not None:
                raise RuntimeError(
                    f"redis-server on port {port} exited ({process.returncode}):\n"
                    f"{self._log_tail(port)}"
                )
            try:
                if command(port, "PING", timeout_s=0.5) == "PONG":
                    return
            except (OSError, RedisReplyError):
                time.sleep(0.02)
        raise RuntimeError(f"redis-server did not answer on port {port}")

    def _create(self, deadline: float) -> None:
        argv = [
            self.cli_binary,
            "--cluster",
            "create",
            *(f"127.0.0.1:{port}" for port in self.ports),
            "--cluster-replicas",
            str(self.replicas),
            "--cluster-yes",
        ]
        timeout_s = max(deadline - time.monotonic(), 1.0)
        try:
            result = subprocess.run(
                argv, capture_output=True, text=True, timeout=timeout_s, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise RuntimeError(
                f"redis-cli --cluster create did not finish within {timeout_s:.1f} s"
            ) from error
        if result.returncode != 0:
            raise RuntimeError(
                f"redis-cli --cluster create failed ({result.returncode}):\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
            )

    def _wait_ready(self, deadline: float) -> None:
        """Wait until every node is ok, agrees on the full layout, and replicas are synced."""
        last: str | None = "nothing checked yet"
        while time.monotonic() < deadline:
            last = next((p for p in (node_problem(port) for port in self.ports) if p), None)
            if last is None:
                try:
                    last = topology_problem(self.ports, self.masters, self.replicas)
                except (OSError, RedisReplyError) as error:
                    last = repr(error)
                if last is None:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"the Redis Cluster was not ready in time: {last}")

    def _failover_state(self, port: int) -> tuple[str | None, int | None]:
        """(problem, new master port): problem is None once the failover is complete."""
        if self._is_running(port):
            return f"node {port} is still running", None
        before = self._killed_masters.get(port)
        if before is None:
            raise RuntimeError(f"node {port} was not killed with kill_master()")
        slot, successors = before
        new_master: int | None = None
        for node_port in self.live_ports():
            problem = node_problem(node_port)
            if problem is not None:
                return problem, None
            try:
                ranges = parse_cluster_slots(command(node_port, "CLUSTER", "SLOTS"))
            except (OSError, RedisReplyError) as error:
                return f"{node_port}: {error!r}", None
            if sum(r.end - r.start + 1 for r in ranges) != SLOTS:
                return f"{node_port}: not all slots covered", None
            owner = next((r.master_port for r in ranges if r.start <= slot <= r.end), None)
            if owner == port:
                return f"{node_port} still routes slot {slot} to {port}", None
            if owner not in successors:
                return f"{node_port}: slot {slot} is on {owner}, not on a replica of {port}", None
            new_master = owner
        return None, new_master
