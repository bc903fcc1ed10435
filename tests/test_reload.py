"""Policy hot reload: on request and on file change; a broken policy is refused with every
problem named and the old one serves on; a request in flight keeps its policy; with Redis,
a reload asked of one replica reaches the others."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from router.api.app import create_app
from router.api.settings import ServiceSettings
from router.stores.redis import RedisSettings
from tests.keyed_service import serve, stub_policy, write_keys
from tests.redis_server import RedisServer
from tools.openai_stub import StubServer

BODY = {"model": "auto", "messages": [{"role": "user", "content": "How do I reset my password?"}]}


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def app_for(policy: Path, poll_s: float = 0.0) -> TestClient:
    settings = ServiceSettings(
        policy=policy, warm_models=False, redis=RedisSettings(url=""), policy_poll_s=poll_s
    )
    return TestClient(create_app(settings))


def answer(client: TestClient | httpx.Client, **headers: str) -> tuple[str, str]:
    body = client.post("/v1/chat/completions", json=BODY, headers=headers).json()
    return body["choices"][0]["message"]["content"], body["tierroute"]["policy_version"]


def wait_for(condition: Callable[[], bool], timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def test_reload_on_request(tmp_path: Path, stub: StubServer) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(stub_policy(stub.base_url, "ok-before"))
    with app_for(policy) as client:
        before, old_version = answer(client)
        policy.write_text(stub_policy(stub.base_url, "ok-after"))
        assert answer(client)[0] == "stub answer from ok-before"  # no polling: not yet
        reloaded = client.post("/v1/policy/reload").json()
        after, new_version = answer(client)
        same = client.post("/v1/policy/reload").json()
        shown = client.get("/v1/policy").json()["version"]
    assert before == "stub answer from ok-before" and after == "stub answer from ok-after"
    assert reloaded == {
        "changed": True,
        "policy": "stub",
        "version": new_version,
        "previous_version": old_version,
    }
    assert new_version != old_version and shown == new_version
    assert same["changed"] is False and same["version"] == new_version


def test_a_broken_policy_is_refused_with_file_line_field(tmp_path: Path, stub: StubServer) -> None:
    policy = tmp_path / "policy.yaml"
    good = stub_policy(stub.base_url, "ok-kept")
    policy.write_text(good)
    with app_for(policy) as client:
        version = client.get("/v1/policy").json()["version"]
        policy.write_text(
            good.replace("max_output_tokens: 64", "max_output_tokens: 0", 1).replace(
                "  thresholds: {mid: 1.0, reasoning: 1.0}", "  thresholds: {mid: 1.0}"
            )
        )
        refused = client.post("/v1/policy/reload")
        still, still_version = answer(client)
        policy.write_text(good.replace("name: stub", "name: stub\nrouting_typo: 1"))
        typo = client.post("/v1/policy/reload").json()["error"]
        policy.write_text(
            good.replace(
                "routing:\n",
                "routing:\n  classifier: missing-classifier.json\n",
            )
        )
        cannot_serve = client.post("/v1/policy/reload").json()["error"]
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["type"] == "PolicyError"
    assert error["problems"] == [
        f"{policy}:9: tiers.small.max_output_tokens: Input should be greater than 0 (got 0)",
        f"{policy}:25: routing.thresholds.reasoning: required field is missing",
    ]
    assert error["message"].startswith(
        f"policy not reloaded; version {version} keeps serving. 2 problem(s):\n{policy}:9:"
    )
    assert (still, still_version) == ("stub answer from ok-kept", version)
    assert typo["problems"][0].startswith(f"{policy}:2: routing_typo: unknown key;")
    assert cannot_serve["type"] == "ConfigError"
    assert cannot_serve["problems"][0].startswith(f"{policy}: routing.classifier:")


def test_file_changes_are_picked_up_and_broken_ones_logged_once(
    tmp_path: Path, stub: StubServer, caplog: pytest.LogCaptureFixture
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(stub_policy(stub.base_url, "ok-first"))
    with app_for(policy, poll_s=0.05) as client, caplog.at_level(logging.INFO, "tierroute"):
        policy.write_text(stub_policy(stub.base_url, "ok-second"))
        wait_for(lambda: answer(client)[0] == "stub answer from ok-second")
        second = client.get("/v1/policy").json()["version"]
        policy.write_text(stub_policy(stub.base_url, "ok-third").replace("timeout_s: 10", "x: 1"))
        wait_for(lambda: any("policy not reloaded" in r.message for r in caplog.records))
        time.sleep(0.3)  # several more polls of the same broken file
        assert answer(client) == ("stub answer from ok-second", second)
        policy.write_text(stub_policy(stub.base_url, "ok-fourth"))
        wait_for(lambda: answer(client)[0] == "stub answer from ok-fourth")
    failures = [r for r in caplog.records if "policy not reloaded" in r.message]
    assert len(failures) == 1
    assert f"{policy}:6: tiers.small.x: unknown key" in failures[0].getMessage()
    reloads = [r.getMessage() for r in caplog.records if "policy reloaded" in r.getMessage()]
    assert len(reloads) == 2 and reloads[0].startswith("policy reloaded (the file changed): stub")


def test_a_request_in_flight_finishes_on_its_policy(tmp_path: Path, stub: StubServer) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(stub_policy(stub.base_url, "delay-1500"))
    results: dict[str, tuple[str, str]] = {}
    with app_for(policy) as client:
        old_version = client.get("/v1/policy").json()["version"]
        slow = threading.Thread(target=lambda: results.update(slow=answer(client)))
        slow.start()
        wait_for(lambda: stub.calls["delay-1500"] == 1)
        policy.write_text(stub_policy(stub.base_url, "ok-new"))
        reloaded = client.post("/v1/policy/reload").json()
        assert reloaded["changed"] is True
        fresh = answer(client)
        assert slow.is_alive()  # the slow one is still waiting for its model
        slow.join(timeout=30)
    assert results["slow"] == ("stub answer from delay-1500", old_version)
    assert fresh == ("stub answer from ok-new", reloaded["version"])


def test_served_reload_needs_an_admin_and_watches_the_file(
    tmp_path: Path, stub: StubServer
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(stub_policy(stub.base_url, "ok-one"))
    keys = write_keys(tmp_path / "keys.yaml", {"ops": {"admin": True}, "app": {}})
    ops = {"authorization": f"Bearer {keys['ops']}"}
    app = {"authorization": f"Bearer {keys['app']}"}
    with (
        serve(
            policy,
            tmp_path / "serve.log",
            keys=tmp_path / "keys.yaml",
            args=("--policy-poll", "0.1"),
        ) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        assert client.post("/v1/policy/reload", headers=app).status_code == 403
        policy.write_text(stub_policy(stub.base_url, "ok-two"))
        wait_for(lambda: answer(client, **app)[0] == "stub answer from ok-two")
        policy.write_text(stub_policy(stub.base_url, "ok-three").replace("name: stub", "nam: x"))
        refused = client.post("/v1/policy/reload", headers=ops)
        assert refused.status_code == 422
        assert answer(client, **app)[0] == "stub answer from ok-two"
    problems = refused.json()["error"]["problems"]
    assert problems[0] == f"{policy}:1: name: required field is missing"
    assert problems[1].startswith(f"{policy}:1: nam: unknown key; allowed keys here: name, ")
    log = (tmp_path / "serve.log").read_text()
    assert "policy reloaded (the file changed): stub" in log
    assert "policy not reloaded (POST /v1/policy/reload): invalid" in log


def test_a_reload_on_one_replica_reaches_the_others_through_redis(
    tmp_path: Path, stub: StubServer, redis_alone: RedisServer
) -> None:
    """Two ``tierroute serve`` replicas with their own policy files and no file watchers,
    sharing one Redis: a reload asked of one is a reload on both; a file one replica
    cannot take is refused there alone; Redis down never fails the local reload."""
    a_file, b_file = tmp_path / "a.yaml", tmp_path / "b.yaml"

    def write(small: str, *files: Path) -> None:
        for file in files:
            file.write_text(stub_policy(stub.base_url, small))

    write("ok-one", a_file, b_file)
    no_watcher = ("--policy-poll", "0")
    with (
        serve(a_file, tmp_path / "a.log", redis_url=redis_alone.url, args=no_watcher) as a,
        serve(b_file, tmp_path / "b.log", redis_url=redis_alone.url, args=no_watcher) as b,
        httpx.Client(base_url=a, timeout=30) as client_a,
        httpx.Client(base_url=b, timeout=30) as client_b,
    ):
        b_log = tmp_path / "b.log"
        listening = "listening for policy reload notices on Redis channel"
        wait_for(lambda: listening in b_log.read_text())

        def served(client: httpx.Client) -> str:
            return answer(client)[0].removeprefix("stub answer from ")

        # b has no file watcher: only a's notice can make it reload (a bound, not a timing)
        write("ok-two", a_file, b_file)
        asked = time.monotonic()
        assert client_a.post("/v1/policy/reload").json()["changed"] is True
        wait_for(lambda: served(client_b) == "ok-two", timeout_s=5)
        print(f"b served the new policy {time.monotonic() - asked:.2f} s after a was asked")

        # b's file is broken: b refuses it and serves on; a takes its own
        write("ok-three", a_file)
        b_file.write_text(stub_policy(stub.base_url, "ok-x").replace("name: stub", "nam: x"))
        assert client_a.post("/v1/policy/reload").json()["changed"] is True
        refused = "policy not reloaded (reload notice from "
        wait_for(lambda: refused in b_log.read_text(), timeout_s=5)
        assert (served(client_a), served(client_b)) == ("ok-three", "ok-two")

        # Redis down: the replica asked still reloads, without waiting on Redis
        redis_alone.kill()
        write("ok-four", a_file)
        asked = time.monotonic()
        reloaded = client_a.post("/v1/policy/reload")
        took_s = time.monotonic() - asked
        assert reloaded.status_code == 200 and reloaded.json()["changed"] is True
        assert took_s < 5, took_s
        assert (served(client_a), served(client_b)) == ("ok-four", "ok-two")

        # Redis back (empty, same port): the others hear the next notice
        redis_alone.start()
        wait_for(lambda: f"{listening} tierroute:policy:reload again" in b_log.read_text())
        write("ok-five", a_file, b_file)
        assert client_a.post("/v1/policy/reload").json()["changed"] is True
        wait_for(lambda: served(client_b) == "ok-five", timeout_s=5)
    a_log = (tmp_path / "a.log").read_text()
    assert "policy reload notice not sent (Redis: " in a_log
    assert f"{b_file}:1: name: required field is missing" in b_log.read_text()
