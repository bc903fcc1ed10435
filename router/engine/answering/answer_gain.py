"""The ``answer_gain`` escalation signal: would the next tier's answer be worth its cost?

The answer model predicts, from the prompt and a tier's answer (and the cheaper answers
before it), how much better the next tier would score. The answer escalates when that
expected gain, valued at the policy's ``answer_value_usd`` for the tier, reaches the
estimated cost of the next tier's call. Short prompts are cheap to escalate, so the same
doubt escalates a short prompt sooner than a long one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from classifiers.answers.model import AnswerModelError, AnswerScorer, load_answer_scorer
from router.engine.pricing import estimated_cost_usd
from router.errors import ClassifierError
from router.policy.model import TIER_NAMES, Policy, Price, TierName

__all__ = ["AnswerGainCheck", "load_answer_gain_check"]


class AnswerGainCheck:
    """Judges answers of one policy's tiers with its answer model."""

    def __init__(
        self, policy: Policy, scorer: AnswerScorer, price: Callable[[TierName], Price]
    ) -> None:
        self.scorer = scorer
        self._settings = policy.escalation
        self._price = price

    def next_cost(self, tier: TierName, prompt: str) -> float:
        """Estimated USD cost of asking the tier above ``tier``."""
        above = TIER_NAMES[TIER_NAMES.index(tier) + 1]
        output = self._settings.expected_output_tokens.get(above, 256)
        return estimated_cost_usd(self._price(above), prompt, output)

    def should_escalate(
        self, tier: TierName, prompt: str, answer: str, previous: Sequence[str]
    ) -> bool:
        """Whether the expected gain of the next tier is worth its estimated cost."""
        value = self._settings.answer_value_usd.get(tier)
        if not value or tier == TIER_NAMES[-1] or not self.scorer.judges(tier):
            return False
        gain = self.scorer.expected_gain(tier, prompt, answer, previous)
        return gain > 0 and gain * value >= self.next_cost(tier, prompt)


def load_answer_gain_check(
    policy: Policy, price: Callable[[TierName], Price]
) -> AnswerGainCheck | None:
    """The check, when the policy turns the ``answer_gain`` signal on."""
    settings = policy.escalation
    if "answer_gain" not in settings.signals or settings.answer_model is None:
        return None
    path = policy.resolve_path(settings.answer_model)
    try:
        scorer = load_answer_scorer(path)
    except AnswerModelError as exc:
        raise ClassifierError(f"escalation.answer_model: {exc}") from exc
    return AnswerGainCheck(policy, scorer, price)
