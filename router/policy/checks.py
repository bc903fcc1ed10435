"""Checks of a valid policy against the files it names: can they be found and read?

Schema validation (:mod:`router.policy.loading`) says whether a policy is well formed;
these say whether the files it points at are there: the classifier, the answer model,
the replay data. Whether its models can be reached is the backends' part, and
:func:`router.engine.readiness.serving_problems` asks both.
"""

from __future__ import annotations

from classifiers.answers.model import AnswerModelError, read_answer_model
from router.errors import ConfigError
from router.policy.loading import load_policy_scorer
from router.policy.model import TIER_NAMES, Policy

__all__ = ["policy_problems"]


def policy_problems(policy: Policy) -> list[str]:
    """Every problem with the files ``policy`` names, each naming the policy field."""
    problems: list[str] = []
    try:
        load_policy_scorer(policy)
    except ConfigError as exc:
        problems.append(str(exc))
    for name in TIER_NAMES:
        tier = policy.tier(name)
        for where, model in [(f"tiers.{name}.model", tier.model)] + [
            (f"tiers.{name}.fallbacks.{i}.model", f.model) for i, f in enumerate(tier.fallbacks)
        ]:
            if model.startswith("replay/") and policy.replay is None:
                problems.append(f"{where}: replay/ models need `replay: {{data: FILE}}`")
    answer_model = policy.escalation.answer_model
    if answer_model is not None:
        try:
            read_answer_model(policy.resolve_path(answer_model))
        except AnswerModelError as exc:
            problems.append(f"escalation.answer_model: {exc}")
    if policy.replay is not None and not policy.resolve_path(policy.replay.data).is_file():
        problems.append(f"replay.data: no file at {policy.resolve_path(policy.replay.data)}")
    return problems
