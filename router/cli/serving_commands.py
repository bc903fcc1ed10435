"""The REST service: serve."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import click

from router.cli.app import (
    main,
    policy_option,
    reports_errors,
)
from router.errors import ConfigError


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (only this machine can connect)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _refuse_public_without_keys(host: str) -> ConfigError:
    return ConfigError(
        f"refusing to listen on {host} without API keys: anyone who can reach it could use "
        "the models and spend your budget. Make keys (`tierroute keys add NAME --file "
        "keys.yaml`) and serve with --keys keys.yaml, or listen on 127.0.0.1 "
        "(--allow-public-without-keys only behind something that authenticates callers)"
    )


@main.command()
@policy_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="uvicorn worker processes.",
)
@click.option(
    "--keys",
    "keys_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="TIERROUTE_KEYS_FILE",
    show_envvar=True,
    help="API keys file (`tierroute keys add` makes one), reloaded when it changes; merged "
    "with the keys of $TIERROUTE_API_KEYS (name:secret[:admin],...). Without keys every "
    "caller is trusted, so the service listens on loopback only.",
)
@click.option(
    "--keys-poll",
    "keys_poll_s",
    default=2.0,
    show_default=True,
    type=click.FloatRange(min=0),
    envvar="TIERROUTE_KEYS_POLL_S",
    show_envvar=True,
    help="Seconds between checks of the keys file for changes (0: never reloaded).",
)
@click.option(
    "--policy-poll",
    "policy_poll_s",
    default=2.0,
    show_default=True,
    type=click.FloatRange(min=0),
    envvar="TIERROUTE_POLICY_POLL_S",
    show_envvar=True,
    help="Seconds between checks of the policy file for changes (0: reload only on "
    "POST /v1/policy/reload).",
)
@click.option(
    "--log-content",
    is_flag=True,
    envvar="TIERROUTE_LOG_CONTENT",
    show_envvar=True,
    help="Also log prompt and answer text (never logged otherwise).",
)
@click.option(
    "--allow-public-without-keys",
    is_flag=True,
    help="Listen on a non-loopback address without keys (only behind a proxy or a private "
    "network that authenticates callers).",
)
@reports_errors
def serve(
    policy_path: Path,
    host: str,
    port: int,
    workers: int,
    keys_file: Path | None,
    keys_poll_s: float,
    policy_poll_s: float,
    log_content: bool,
    allow_public_without_keys: bool,
) -> None:
    """Run the OpenAI-compatible REST service."""
    from router.auth.keys_env import ENV_KEYS, parse_env_keys
    from router.auth.keys_file import load_keys
    from router.auth.keys_reload import combine
    from router.engine.readiness import serving_problems
    from router.policy.loading import load_policy

    problems = serving_problems(load_policy(policy_path))  # fail here, not in a worker
    if problems:
        raise ConfigError("\n".join(f"{policy_path}: {p}" for p in problems))
    from_file = load_keys(keys_file) if keys_file is not None else None
    env_keys = os.environ.get(ENV_KEYS, "")
    from_env = parse_env_keys(env_keys) if env_keys.strip() else None
    keys = combine(from_file, from_env)
    if keys is not None and len(keys) == 0:
        raise ConfigError(f"{keys_file}: no keys in it; add one with `tierroute keys add`")
    if keys is None and not is_loopback(host) and not allow_public_without_keys:
        raise _refuse_public_without_keys(host)
    os.environ["TIERROUTE_POLICY"] = str(policy_path.resolve())
    if keys_file is not None:
        os.environ["TIERROUTE_KEYS_FILE"] = str(keys_file.resolve())
    os.environ["TIERROUTE_KEYS_POLL_S"] = str(keys_poll_s)
    os.environ["TIERROUTE_POLICY_POLL_S"] = str(policy_poll_s)
    os.environ["TIERROUTE_LOG_CONTENT"] = "1" if log_content else "0"
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import uvicorn

    from router.api.http.logging_setup import uvicorn_log_config

    if keys is None:
        warning = "WARNING: " if not is_loopback(host) else ""
        click.echo(
            f"tierroute: {warning}no API keys configured: every caller that can reach {host} "
            "is trusted (make keys with `tierroute keys add NAME --file keys.yaml`, serve with "
            "--keys)",
            err=True,
        )
    else:
        admins = [e.name for e in keys.entries if e.admin]
        click.echo(
            f"tierroute: {len(keys)} API key(s) from {keys.source} "
            f"(admin: {', '.join(admins) or 'none'})",
            err=True,
        )
    if log_content:
        click.echo("tierroute: --log-content: prompts and answers go into the log", err=True)
    click.echo(f"tierroute: serving policy {policy_path} on http://{host}:{port}/v1", err=True)
    click.echo(f"tierroute: dashboard at http://{host}:{port}/ui", err=True)
    uvicorn.run(
        "router.api.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        log_config=uvicorn_log_config(),
    )
