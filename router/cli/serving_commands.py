"""The REST service: serve."""

from __future__ import annotations

import os
from pathlib import Path

import click

from router.cli.app import (
    main,
    policy_option,
    reports_errors,
)
from router.errors import ConfigError


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
@reports_errors
def serve(policy_path: Path, host: str, port: int, workers: int) -> None:
    """Run the OpenAI-compatible REST service."""
    from router.policy_checks import policy_problems
    from router.policy_loading import load_policy

    problems = policy_problems(load_policy(policy_path))  # fail here, not in a worker
    if problems:
        raise ConfigError("\n".join(f"{policy_path}: {p}" for p in problems))
    os.environ["TIERROUTE_POLICY"] = str(policy_path.resolve())
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import uvicorn

    click.echo(f"tierroute: serving policy {policy_path} on http://{host}:{port}/v1", err=True)
    uvicorn.run(
        "router.api.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )
