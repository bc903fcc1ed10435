"""Checks of a valid policy against the machine: can its parts actually be found?

Schema validation (:mod:`router.policy.loading`) says whether a policy is well formed;
these say whether it can serve: the classifier file, a price for every tier, the
embedded model's GGUF, the replay data.
"""

from __future__ import annotations

from router.errors import ConfigError
from router.policy.model import TIER_NAMES, Policy

__all__ = ["policy_problems"]


def policy_problems(policy: Policy) -> list[str]:
    """Every problem found, each naming the policy field; empty when it can serve."""
    from router.engine.pricing import tier_price
    from router.engine.router import load_policy_scorer

    problems: list[str] = []
    try:
        load_policy_scorer(policy)
    except ConfigError as exc:
        problems.append(str(exc))
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
            if model.startswith("replay/") and policy.replay is None:
                problems.append(f"{where}: replay/ models need `replay: {{data: FILE}}`")
    answer_model = policy.escalation.answer_model
    if answer_model is not None:
        from classifiers.answer_model import AnswerModelError, read_answer_model

        try:
            read_answer_model(policy.resolve_path(answer_model))
        except AnswerModelError as exc:
            problems.append(f"escalation.answer_model: {exc}")
    if policy.replay is not None and not policy.resolve_path(policy.replay.data).is_file():
        problems.append(f"replay.data: no file at {policy.resolve_path(policy.replay.data)}")
    return problems
