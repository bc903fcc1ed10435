"""The ``tierroute`` command line: the group and its commands, one module per area."""

from __future__ import annotations

from router.cli import (  # noqa: F401 - importing a module registers its commands
    calibrate_command,
    feedback_commands,
    keys_commands,
    log_commands,
    pipeline_commands,
    routing_commands,
    serving_commands,
    simulate_command,
)
from router.cli.app import DEFAULT_POLICY, main

__all__ = ["DEFAULT_POLICY", "main"]
