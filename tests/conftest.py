"""Shared fixtures: paths, the shipped policy and classifier, small data files."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from router import Router, load_policy
from tests.redis_cluster import RedisClusterNodes
from tests.redis_server import RedisServer
from tools.openai_stub import StubServer

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POLICY = ROOT / "policies" / "default.yaml"
TIERROUTE = ROOT / ".venv" / "bin" / "tierroute"

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
# the decision log of the services the tests start goes to a directory of the test run's
if "TIERROUTE_STATE_DIR" not in os.environ:
    import tempfile

    os.environ["TIERROUTE_STATE_DIR"] = tempfile.mkdtemp(prefix="tierroute-state-")
# scikit-learn runs its array-API estimator check only when SciPy has array-API support on.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

#: A small tier-labelled set the tests train on (three tiers, two languages).
TINY_TICKETS: list[tuple[str, str]] = [
    ("How do I reset my password?", "small"),
    ("Where can I download my invoice?", "small"),
    ("Please change the email on my account.", "small"),
    ("Wie ändere ich mein Passwort?", "small"),
    ("Can I cancel my plan today?", "small"),
    ("Wo finde ich meine Rechnung?", "small"),
    ("Why does the export skip archived projects when the filter is on?", "mid"),
    ("Does the calendar sync respect time zones for shared events?", "mid"),
    ("Warum zeigt der Bericht andere Zahlen als das Dashboard?", "mid"),
    ("How do webhooks interact with the retry setting on the free plan?", "mid"),
    ("Is single sign-on supported together with guest accounts?", "mid"),
    ("Wieso wird der Import bei großen Dateien langsamer?", "mid"),
    (
        "After upgrading 3.2.1 to 3.4.0 the worker crashes:\nTraceback (most recent call "
        "last):\n  File \"app.py\", line 3\nKeyError: 'id'\nI already tried reinstalling.",
        "reasoning",
    ),
    (
        "ERROR 2024-05-01 10:00:01 ECONNRESET on upstream, then 502s. Steps:\n1. deploy\n"
        "2. restart\n3. still failing",
        "reasoning",
    ),
    (
        "Exception in thread main java.lang.NullPointerException\n    at com.acme.Sync.run("
        "Sync.java:42)\nWe tried v2.1.0 and v2.2.0.",
        "reasoning",
    ),
    (
        "Nach dem Update auf 5.1.2 kommt HTTP 503, Logs:\n[ERROR] pool exhausted\nIch habe "
        "bereits den Cache geleert, dann neu gestartet.",
        "reasoning",
    ),
    (
        "```yaml\nreplicas: 3\ntimeout: 30\n```\nPods restart with OOMKilled since 1.8.0, "
        "then traffic drops. Already raised limits.",
        "reasoning",
    ),
    (
        "Traceback (most recent call last):\nValueError: bad token\nwe tried twice, "
        "still broken after 4.0.1",
        "reasoning",
    ),
]


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    """The OpenAI-protocol stub (a real HTTP server) standing in for a provider, one per
    test module (a module may define its own)."""
    with StubServer() as server:
        yield server


@pytest.fixture(scope="session")
def default_policy_path() -> Path:
    return DEFAULT_POLICY


@pytest.fixture(scope="session")
def default_router() -> Router:
    return Router(load_policy(DEFAULT_POLICY))


@pytest.fixture()
def tiny_labelled_file(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.jsonl"
    path.write_text(
        "".join(json.dumps({"text": t, "tier": tier}) + "\n" for t, tier in TINY_TICKETS)
    )
    return path


@pytest.fixture()
def tiny_outcome_file(tmp_path: Path) -> Path:
    """Outcome data in the shared-data format: which tier answered each prompt well."""
    rows = []
    ladder = {
        "small": {"small": 1, "mid": 1, "large": 1},
        "mid": {"small": 0, "mid": 1, "large": 1},
        "reasoning": {"small": 0, "mid": 0, "large": 1},
    }
    for index, (text, tier) in enumerate(TINY_TICKETS):
        rows.append(
            {
                "id": f"row/{index}",
                "prompt": text,
                "scores": ladder[tier],
                "cost_usd": {"small": 1e-5, "mid": 1e-4, "large": 1e-3},
                "responses": {"small": "The answer is (A).", "mid": "The answer is (B)."},
            }
        )
    path = tmp_path / "outcomes.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


@pytest.fixture()
def anyio_backend() -> str:
    """Async tests (``pytest.mark.anyio``) run on asyncio, like the service."""
    return "asyncio"


@pytest.fixture()
def redis_alone() -> Iterator[RedisServer]:
    """A Redis of the test's own, for tests that kill and restart it."""
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One real redis-server for the session (flushed by ``redis_url``)."""
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture()
def redis_url(redis_server: RedisServer) -> str:
    """A running, empty Redis."""
    if redis_server.process is None:
        redis_server.start()
    redis_server.flush()
    return redis_server.url


@pytest.fixture(scope="session")
def redis_cluster() -> Iterator[RedisClusterNodes]:
    """One real Redis Cluster for the session (3 masters, 3 replicas; flushed by
    ``any_redis``); tests that kill a node make their own (``redis_cluster_alone``)."""
    with RedisClusterNodes() as cluster:
        yield cluster


@pytest.fixture()
def redis_cluster_alone() -> Iterator[RedisClusterNodes]:
    """A Redis Cluster of the test's own, for tests that kill a master."""
    with RedisClusterNodes() as cluster:
        yield cluster


@pytest.fixture(params=["redis", "redis-cluster"])
def any_redis(request: pytest.FixtureRequest) -> str:
    """A running, empty Redis: once a single node, once a Redis Cluster
    (``redis+cluster://``); the test runs against both."""
    if request.param == "redis":
        url: str = request.getfixturevalue("redis_url")
        return url
    cluster: RedisClusterNodes = request.getfixturevalue("redis_cluster")
    cluster.flush()
    return cluster.url
