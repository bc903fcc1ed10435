"""What ``bench/http_overhead.py`` sends and how it configures the servers it compares:
the request (plain chat, with a tool, through the Responses API), tierroute's policy and
LiteLLM proxy's config on the benchmark stub, and the command lines that start them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import VENV_BIN

ORDER_TOOL = {
    "type": "function",
    "function": {
        "name": "lookup_order",
        "description": "Find an order by its id",
        "parameters": {
            "type": "object",
            "properties": {"order_id": {"type": "string"}},
            "required": ["order_id"],
        },
    },
}
PROMPT = (
    "Hi, I changed my email address last week and now the password reset link never "
    "arrives. I checked the spam folder. How do I reset my password?"
)
MAX_TOKENS = 64

POLICY = """\
# Written by bench/http_overhead.py: every tier on the benchmark stub, no cache.
name: bench-stub
tiers:
{tiers}
routing:
  classifier: builtin:tickets
  thresholds: {{mid: 0.35, reasoning: 0.65}}
escalation:
  max_steps: 1
  signals: [length, refusal, schema]
cache:
  enabled: {cache}
  ttl_s: {{small: 3600, mid: 3600, reasoning: 3600}}
"""
TIER = """\
  {name}:
    model: openai/stub
    api_base: {base}
    price: {{input_per_mtok: 0.0, output_per_mtok: 0.0}}
    max_input_tokens: 4000
    max_output_tokens: 256
    temperature: 0.0
    timeout_s: 60
"""

LITELLM_CONFIG = """\
# Written by bench/http_overhead.py: one model on the benchmark stub.
model_list:
  - model_name: stub
    litellm_params:
      model: openai/stub
      api_base: {base}
      api_key: not-needed
      timeout: 60
litellm_settings:
  num_retries: 0
  request_timeout: 60
  drop_params: true
{cache}general_settings:
  # no key, as tierroute has none yet: both accept every request (loopback only)
  dangerously_permit_weak_or_unset_master_key: true
"""


def stub_policy(base: str, *, cache: bool) -> str:
    """The tierroute policy: all three tiers on the stub at ``base``."""
    tiers = "".join(TIER.format(name=n, base=base) for n in ("small", "mid", "reasoning"))
    return POLICY.format(tiers=tiers.rstrip("\n"), cache=str(cache).lower())


def litellm_config(base: str, *, redis_port: int | None = None) -> str:
    """The LiteLLM proxy config: one model on the stub, a Redis cache if a port is given."""
    cache = ""
    if redis_port is not None:
        cache = (
            "  cache: true\n  cache_params:\n    type: redis\n    host: 127.0.0.1\n"
            f"    port: {redis_port}\n    ttl: 3600\n"
        )
    return LITELLM_CONFIG.format(base=base, cache=cache)


def body_for(model: str) -> dict[str, Any]:
    """The request every system gets; only ``model`` differs."""
    return {
        "model": model,
        "messages": [{"role": "user", "content": PROMPT}],
        "max_tokens": MAX_TOKENS,
        "temperature": 0,
    }


def tools_body() -> dict[str, Any]:
    """The chat request with a tool to call."""
    return {**body_for("auto"), "tools": [ORDER_TOOL]}


def responses_body() -> dict[str, Any]:
    """The same question through the Responses API (nothing stored)."""
    return {
        "model": "auto",
        "input": PROMPT,
        "max_output_tokens": MAX_TOKENS,
        "temperature": 0,
        "store": False,
    }


def tierroute_argv(policy: Path, port: int, workers: int) -> list[str]:
    return [
        str(VENV_BIN / "tierroute"),
        "serve",
        "--policy",
        str(policy),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]


def litellm_argv(config: Path, port: int, workers: int) -> list[str]:
    return [
        str(VENV_BIN / "litellm"),
        "--config",
        str(config),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--num_workers",
        str(workers),
    ]
