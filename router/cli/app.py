"""The ``tierroute`` command group and what its commands share.

Heavy imports (scikit-learn, litellm, FastAPI) happen inside the commands that need
them, so ``tierroute route`` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from router.errors import TierrouteError, exit_code_for

__all__ = ["DEFAULT_POLICY", "F", "main", "policy_option", "reports_errors"]

DEFAULT_POLICY = Path(__file__).resolve().parents[2] / "policies" / "default.yaml"
F = TypeVar("F", bound=Callable[..., Any])


def _policy_default() -> str:
    return os.environ.get("TIERROUTE_POLICY", str(DEFAULT_POLICY))


def policy_option(func: F) -> F:
    """The ``--policy`` option every command that needs a policy shares."""
    return click.option(
        "--policy",
        "policy_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=_policy_default,
        show_default="$TIERROUTE_POLICY or policies/default.yaml",
        help="Policy YAML file.",
    )(func)


def reports_errors(func: F) -> F:
    """Turn tierroute's errors into a message on stderr and the mapped exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TierrouteError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exit_code_for(exc))

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tierroute")
def main() -> None:
    """tierroute: send each LLM request to the cheapest tier that answers it well."""
