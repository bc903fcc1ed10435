"""Can a policy serve on this machine? Its files (:mod:`router.policy.checks`), a price for
every tier, and the embedded models' GGUF files. A policy is put in force (at start, on
reload) only when this finds nothing; ``tierroute policy check`` prints what it finds."""

from __future__ import annotations

from router.engine.pricing import tier_price
from router.errors import ConfigError
from router.policy.checks import policy_problems
from router.policy.model import TIER_NAMES, Policy

__all__ = ["serving_problems"]


def serving_problems(policy: Policy) -> list[str]:
    """Every problem found, each naming the policy field; empty when it can serve."""
    problems = policy_problems(policy)
    for name in TIER_NAMES:
        tier = policy.tier(name)
        if tier.price is None and not tier.model.startswith(("embedded/", "replay/")):
            try:
                tier_price(tier)
            except ConfigError as exc:
                problems.append(f"tiers.{name}.price: {exc}")
        for where, model in [(f"tiers.{name}.model", tier.model)] + [
            (f"tiers.{name}.fallbacks.{i}.model", f.model) for i, f in enumerate(tier.fallbacks)
        ]:
            if model.startswith("embedded/"):
                from router.backends.embedded import resolve_gguf

                try:
                    resolve_gguf(model)
                except ConfigError as exc:
                    problems.append(f"{where}: {exc}")
    return problems
