"""Shadow judging of one request: the other tiers answer it too (each called alone, no
escalation), and every answer is scored, exactly where the request is closed-form and by
the judge tier otherwise. Runs after the caller has its answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from router.backends.calls import Attempt
from router.engine.answering.escalation import signals_fired
from router.engine.requests import RouteRequest
from router.engine.router import Router
from router.errors import TierrouteError
from router.learning.judge import closed_form_answer, judge_messages, parse_verdict
from router.messages import text_of_messages
from router.policy.model import TIER_NAMES, EscalationSignal, TierName

__all__ = ["ShadowVerdict", "judge_in_shadow"]


@dataclass
class ShadowVerdict:
    """The scores of the tiers judged, their answers and what each cost, the escalation
    signals each one's answer showed, and every call the judging made."""

    scores: dict[TierName, float] = field(default_factory=dict)
    answers: dict[TierName, str] = field(default_factory=dict)
    #: What each shadow tier's answer cost (the served tier's is the caller's).
    costs: dict[TierName, float] = field(default_factory=dict)
    signals: dict[TierName, tuple[EscalationSignal, ...]] = field(default_factory=dict)
    attempts: list[Attempt] = field(default_factory=list)
    how: str = "judge"

    @property
    def cost_usd(self) -> float:
        """What the shadow calls and the judge's calls cost."""
        return sum(a.cost_usd for a in self.attempts)


async def judge_in_shadow(
    router: Router,
    request: RouteRequest,
    served: TierName,
    answer: str,
    tiers: tuple[TierName, ...],
    served_signals: tuple[EscalationSignal, ...] | None = None,
) -> ShadowVerdict:
    """Answer ``request`` with each of ``tiers`` but ``served`` (whose ``answer`` the caller
    got, showing ``served_signals`` where known) and score every answer (the served one
    too)."""
    verdict = ShadowVerdict(signals={served: served_signals} if served_signals is not None else {})
    answers = verdict.answers
    answers[served] = answer
    for tier in tiers:
        if tier in answers:
            continue
        try:
            result = await router.handle(request.model_copy(update={"tier": tier}))
        except TierrouteError:
            continue  # a tier that cannot answer now is not judged
        verdict.attempts.extend(result.attempts)
        verdict.costs[tier] = sum(a.cost_usd for a in result.attempts)
        answers[tier] = result.answer.content
        verdict.signals[tier] = signals_fired(result.answer, request, router.policy, tier)
    prompt = text_of_messages(request.messages)
    settings = router.policy.learning.shadow
    top = TIER_NAMES[-1]
    if settings.closed_form and top in answers:
        finals = {tier: closed_form_answer(text, prompt) for tier, text in answers.items()}
        reference = finals[top]
        if reference is not None:
            # the top tier's final answer is the reference: the others agree with it or not
            verdict.how = "exact"
            verdict.scores = {t: float(f == reference) for t, f in finals.items()}
            return verdict
    judge = settings.judge_tier
    for tier, text in answers.items():
        messages = judge_messages(settings.judge_prompt, prompt, text)
        asked = RouteRequest(messages=messages, tier=judge, temperature=0.0, max_tokens=8)
        try:
            result = await router.handle(asked)
        except TierrouteError:
            continue
        verdict.attempts.extend(result.attempts)
        score = parse_verdict(result.answer.content)
        if score is not None:
            verdict.scores[tier] = score
    return verdict
