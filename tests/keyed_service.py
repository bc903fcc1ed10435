"""What the auth, reload and request-id tests share: a policy over the stub model server,
a keys file with fresh keys, and ``tierroute serve`` run as a user runs it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from router.auth.keys import KeyEntry, hash_key, new_key
from router.auth.keys_file import entry_yaml
from tests.conftest import TIERROUTE
from tests.processes import running_server
from tools.openai_stub import free_port

__all__ = ["serve", "stub_policy", "write_keys"]


def stub_policy(base: str, small: str = "ok-small", *, mid: str = "ok-mid", extra: str = "") -> str:
    """Three tiers on the stub (``small`` and ``mid`` name their stub models); everything
    routes to small; a call costs 11 prompt and 7 completion tokens, $25e-6."""
    models = {"small": small, "mid": mid, "reasoning": "ok-top"}
    tiers = "".join(
        f"  {tier}:\n    model: openai/{model}\n    api_base: {base}\n    timeout_s: 10\n"
        "    price: {input_per_mtok: 1.0, output_per_mtok: 2.0}\n"
        "    max_input_tokens: 4000\n    max_output_tokens: 64\n"
        for tier, model in models.items()
    )
    return (
        f"name: stub\ntiers:\n{tiers}routing:\n  thresholds: {{mid: 1.0, reasoning: 1.0}}\n"
        f"escalation: {{max_steps: 0}}\n{extra}"
    )


def write_keys(path: Path, specs: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Write a keys file with one fresh key per name (``specs``: the entry's other fields);
    return the keys themselves by name."""
    keys = {name: new_key() for name in specs}
    entries = [
        KeyEntry.model_validate({"name": name, "sha256": hash_key(keys[name]), **spec})
        for name, spec in specs.items()
    ]
    path.write_text("keys:\n" + "".join(entry_yaml(e) for e in entries))
    return keys


@contextmanager
def serve(
    policy: Path,
    log: Path,
    *,
    keys: Path | None = None,
    redis_url: str = "",
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """``tierroute serve`` on a free port (``env``: more environment variables); yields its
    base URL on loopback."""
    port = free_port()
    argv = [str(TIERROUTE), "serve", "--policy", str(policy), "--port", str(port), *args]
    if keys is not None:
        argv += ["--keys", str(keys)]
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TIERROUTE_") or k == "TIERROUTE_STATE_DIR"
    }
    environment["REDIS_URL"] = redis_url
    environment.update(env or {})
    base = f"http://127.0.0.1:{port}"
    with running_server(argv, f"{base}/readyz", log, env=environment):
        yield base
