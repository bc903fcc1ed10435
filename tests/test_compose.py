"""docker-compose.yml cannot run here (no Docker engine): check that it parses and that its
services, ports, commands and environment agree with the app."""

from __future__ import annotations

import shlex
from pathlib import Path
from urllib.parse import urlparse

import click
import pytest
import yaml

from router import load_policy
from router.api.settings import ServiceSettings
from router.cli import main
from router.stores.cache import RedisCache, cache_for
from router.stores.redis import RedisConnection
from tests.conftest import ROOT

pytestmark = pytest.mark.anyio
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def in_repo(container_path: str) -> Path:
    assert container_path.startswith("/app/"), container_path
    return ROOT / container_path.removeprefix("/app/")


def parse_command(argv: list[str]) -> click.Context:
    """Parse a service's command with the real CLI, as the container would run it."""
    assert argv[0] == "tierroute"
    group_ctx = main.make_context("tierroute", list(argv[1:]), resilient_parsing=False)
    name, command, rest = main.resolve_command(group_ctx, list(argv[1:]))
    assert command is not None and name is not None
    return command.make_context(name, rest, parent=group_ctx)


def test_services_exist() -> None:
    assert set(SERVICES) == {"redis", "llama", "router", "worker"}
    assert (ROOT / "Dockerfile").is_file()
    for name in ("router", "worker"):
        assert SERVICES[name]["build"] == "."


def test_router_and_worker_commands_parse_with_the_real_cli() -> None:
    router = parse_command(SERVICES["router"]["command"])
    assert router.params["port"] == 8000 and router.params["host"] == "0.0.0.0"
    published = SERVICES["router"]["ports"][0]
    assert published.endswith(":8000")
    worker = parse_command(SERVICES["worker"]["command"])
    assert worker.params["stream"] == "tickets" and worker.params["group"] == "answerers"
    dockerfile_cmd = next(
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD")
    )
    parse_command(
        shlex.split(
            dockerfile_cmd.removeprefix("CMD")
            .strip()
            .strip("[]")
            .replace('"', "")
            .replace(",", " ")
        )
    )


def test_environment_points_at_the_other_services() -> None:
    for name in ("router", "worker"):
        env = SERVICES[name]["environment"]
        redis = urlparse(env["REDIS_URL"])
        assert redis.hostname == "redis" and redis.port == 6379
        assert env["LITELLM_LOCAL_MODEL_COST_MAP"] == "True"
        policy = load_policy(in_repo(env["TIERROUTE_POLICY"]))
        llama_port = SERVICES["llama"]["command"][SERVICES["llama"]["command"].index("--port") + 1]
        alias = SERVICES["llama"]["command"][SERVICES["llama"]["command"].index("--alias") + 1]
        for tier in ("small", "mid", "reasoning"):
            spec = policy.tier(tier)  # type: ignore[arg-type]
            base = urlparse(spec.api_base or "")
            assert (base.hostname, str(base.port)) == ("llama", llama_port)
            assert spec.model == f"openai/{alias}"


async def test_the_app_reads_the_variables_compose_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    env = SERVICES["router"]["environment"]
    monkeypatch.setenv("TIERROUTE_POLICY", env["TIERROUTE_POLICY"])
    monkeypatch.setenv("REDIS_URL", env["REDIS_URL"])
    assert ServiceSettings.from_env().policy == Path(env["TIERROUTE_POLICY"])
    settings = ServiceSettings.from_env()
    connection = RedisConnection(settings.redis)
    cache = cache_for(connection)
    assert isinstance(cache, RedisCache)  # no connection is made until first use
    await connection.aclose()
    default = parse_command(["tierroute", "serve"])
    assert default.params["policy_path"] == Path(env["TIERROUTE_POLICY"])


def test_services_restart_and_wait_for_a_healthy_redis() -> None:
    assert SERVICES["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "--appendonly" in SERVICES["redis"]["command"]
    for name in ("router", "worker"):
        assert SERVICES[name]["restart"] == "unless-stopped"
        assert SERVICES[name]["depends_on"]["redis"] == {"condition": "service_healthy"}
