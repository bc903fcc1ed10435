"""Whether one request is judged, drawn before it is answered: the sampler's plan for it
(where routing is least sure), held to the shadow budget, then a draw. One place for the
live service and ``replay --learn``."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from router.engine.learned import expected_call_usd, learned_choice, segment_of
from router.learning.budget import ShadowBudget
from router.learning.learner import Learner
from router.learning.sampling import ShadowPlan, shadow_plan
from router.policy.model import TIER_NAMES, Policy

__all__ = ["Draw", "draw_for_judging"]


@dataclass(frozen=True)
class Draw:
    """A request's segment, the sampler's plan, its chance after the budget, and the draw."""

    segment: dict[str, str]
    plan: ShadowPlan
    chance: float
    judged: bool

    @property
    def over_budget(self) -> bool:
        """Sampled, but the budget left no chance."""
        return self.chance == 0.0 and self.plan.chance > 0.0


def draw_for_judging(
    policy: Policy,
    learner: Learner,
    budget: ShadowBudget,
    rng: random.Random,
    text: str,
    metadata: Mapping[str, object],
    input_tokens: int,
    expected_usd: Callable[[ShadowPlan], float],
    score: float | None = None,
) -> Draw:
    """The draw for one request of ``text`` (of the classifier's difficulty ``score``);
    ``expected_usd`` is what judging it by a plan would cost (held to today's budget; 0
    where there are no days, as in a replay)."""
    settings = policy.learning
    segment = segment_of(metadata, settings.segment_by, score, settings.difficulty_bands)
    learned = policy.routing.learned
    choice = learned_choice(text, metadata, policy, score) if learned is not None else None
    plan = shadow_plan(
        settings.shadow,
        choice,
        learned.exchange_usd if learned is not None else 0.0,
        outcomes=len(learner.outcomes),
        segment_outcomes=learner.known_in(segment, settings),
    )
    budget.saw(expected_call_usd(policy, TIER_NAMES[-1], input_tokens))
    chance = budget.chance(
        settings.shadow,
        plan.chance,
        warming_up=learner.warming_up(segment, settings),
        expected_usd=expected_usd(plan),
    )
    judged = settings.shadow.enabled and rng.random() < chance
    return Draw(segment, plan, chance, judged)
