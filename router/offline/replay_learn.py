"""``replay --learn``: outcome data streamed through the real engine as live traffic, in
file order, learning only as the service would.

A row the shadow sampler picks has its other tiers called (and paid for); the recorded
scores of every tier it called stand in for the judge's verdicts. A row not picked reveals
nothing. Every ``learning.recalibrate.every`` outcomes the learner refits the routing and
the next rows run on the new policy.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from classifiers.datasets import OutcomeRow
from router.backends import Backends
from router.backends.calls import Attempt, ModelAnswer
from router.engine.answering.escalation import signals_fired
from router.engine.learned import expected_call_usd
from router.engine.requests import RouteRequest, RouteResult
from router.engine.router import Router
from router.errors import TierrouteError
from router.learning.budget import ShadowBudget
from router.learning.draw import draw_for_judging
from router.learning.learner import Learner
from router.learning.outcomes import Outcome
from router.learning.sampling import answered_by_top
from router.messages import estimated_tokens
from router.offline.replay import ReplayRecord, ReplaySummary, summarize
from router.policy.model import (
    DIFFICULTY,
    TIER_NAMES,
    EscalationSignal,
    LearnedEscalation,
    Policy,
    Price,
    TierName,
)

__all__ = [
    "LearningRun",
    "LearningSummary",
    "learning_defaults",
    "replay_learning",
    "summarize_learning",
]


@dataclass
class LearningRun:
    """What a learning replay did: a record per row, and every recalibration."""

    records: list[ReplayRecord] = field(default_factory=list)
    recalibrations: list[str] = field(default_factory=list)
    shadowed: int = 0
    #: Each row's chance of being judged, and whether it was.
    chances: list[tuple[float, bool]] = field(default_factory=list)
    shadow_cost_usd: float = 0.0
    policy: Policy | None = None
    #: The quality delivered on the judged requests: share, standard error, requests.
    delivered: tuple[float, float, int] | None = None


def learning_defaults(policy: Policy, rows: list[OutcomeRow]) -> Policy:
    """``policy`` with what a replay needs to learn where it says nothing: shadow judging
    on, every refit applied, and rows segmented by their category when they have one, by
    the classifier's difficulty band when they have none."""
    data = policy.model_dump(mode="json")
    learning = data["learning"]
    learning["shadow"]["enabled"] = True
    learning["recalibrate"]["enabled"] = True
    learning["recalibrate"]["apply"] = "reload"
    if not learning["segment_by"]:
        learning["segment_by"] = ["category"] if any(row.category for row in rows) else [DIFFICULTY]
    return policy.revised(data)


async def replay_learning(
    policy: Policy,
    rows: list[OutcomeRow],
    mapping: dict[TierName, str],
    backends: Backends,
    *,
    seed: int = 0,
    on_record: Callable[[ReplayRecord], None] | None = None,
    on_recalibration: Callable[[str], None] | None = None,
) -> LearningRun:
    """Run ``rows`` in order through a router of ``policy`` that learns as it goes."""
    chance = random.Random(seed)
    learner = Learner()
    budget = ShadowBudget()
    router = Router(policy, backends=backends)
    run = LearningRun()
    for row in rows:
        record = await _one(router, row, mapping, learner, budget, chance, run)
        run.records.append(record)
        if on_record is not None:
            on_record(record)
        if learner.due(router.policy):
            recalibration = learner.recalibrate(router.policy)
            router = Router(recalibration.policy, scorer=router.scorer, backends=backends)
            run.recalibrations.append(recalibration.describe())
            if on_recalibration is not None:
                on_recalibration(recalibration.describe())
    run.policy = router.policy
    run.delivered = learner.delivered(router.policy)
    return run


async def _one(
    router: Router,
    row: OutcomeRow,
    mapping: dict[TierName, str],
    learner: Learner,
    budget: ShadowBudget,
    chance: random.Random,
    run: LearningRun,
) -> ReplayRecord:
    policy = router.policy
    metadata = {"row_id": row.id}
    if row.category:
        metadata["category"] = row.category
    request = RouteRequest(messages=[{"role": "user", "content": row.prompt}], metadata=metadata)
    tokens = estimated_tokens(row.prompt)
    settings = policy.learning
    try:
        decided = await router.place(request)
    except TierrouteError as exc:
        return ReplayRecord(id=row.id, final_tier=None, called=[], error=str(exc))
    score = decided.decision.score
    # a replay has no days: only the spend share holds it
    drawn = draw_for_judging(
        policy, learner, budget, chance, row.prompt, metadata, tokens, lambda _: 0.0, score
    )
    segment, plan, probability, judged = drawn.segment, drawn.plan, drawn.chance, drawn.judged
    run.chances.append((probability, judged))
    try:
        routed = decided.decision.tier
        serve_top = judged and settings.shadow.serve_top and routed != TIER_NAMES[-1]
        if serve_top:
            decided = answered_by_top(decided)
        result = await router.handle(request, decided)
    except TierrouteError as exc:
        return ReplayRecord(id=row.id, final_tier=None, called=[], error=str(exc))
    cost = result.cost_usd
    if serve_top:
        # what answering with the top tier cost over the tier routing chose (as the data
        # prices it; estimated where it does not): learning's to pay
        routed_usd = row.cost_usd.get(mapping[routed], expected_call_usd(policy, routed, tokens))
        premium = max(result.cost_usd - routed_usd, 0.0)
        run.shadow_cost_usd += premium
        budget.pay(premium)
    _add_calls(learner, result.attempts, mapping, tokens)
    called = list(dict.fromkeys(mapping[t] for t in result.called))
    final = mapping[result.tier]
    learner.saw(segment, result.tier, tokens, score)
    if judged:
        signals = _signals(result, request, policy)
        # the tier routing chose answers too when the top tier served (as live)
        asked = [t for t in TIER_NAMES if t in plan.tiers or (serve_top and t == routed)]
        for tier in asked:
            if mapping[tier] in called:
                continue
            shadow = await router.handle(request.model_copy(update={"tier": tier}))
            signals[tier] = signals_fired(shadow.answer, request, policy, tier)
            _add_calls(learner, shadow.attempts, mapping, tokens)
            cost += shadow.cost_usd
            run.shadow_cost_usd += shadow.cost_usd
            budget.pay(shadow.cost_usd)
            called.append(mapping[tier])
        run.shadowed += 1
        revealed = {t: row.scores[mapping[t]] for t in TIER_NAMES if mapping[t] in called}
        learner.add_outcome(
            Outcome(
                scores=revealed,
                input_tokens=tokens,
                segment=segment,
                difficulty=score,
                weight=1 / probability,
                served=result.tier,
                routed=routed if serve_top else result.tier,
                signals=signals,
            )
        )
    return ReplayRecord(
        id=row.id,
        final_tier=final,
        called=called,
        escalations=result.escalations,
        score=row.scores.get(final, 0.0),
        cost_usd=cost,
    )


def _signals(
    result: RouteResult, request: RouteRequest, policy: Policy
) -> dict[TierName, tuple[EscalationSignal, ...]]:
    """The escalation signals of every answer the request got: the one served, and the
    drafts of the tiers it escalated from (a recorded answer is its text: nothing else of
    it is lost)."""
    signals = {result.tier: signals_fired(result.answer, request, policy, result.tier)}
    for tier, text in result.drafts:
        if tier not in signals:
            draft = ModelAnswer(model=f"replay/{tier}", content=text)
            signals[tier] = signals_fired(draft, request, policy, tier)
    return signals


def _add_calls(
    learner: Learner, attempts: list[Attempt], mapping: dict[TierName, str], tokens: int
) -> None:
    """Every call's cost, for each policy tier its data tier answers (two policy tiers on
    one data tier are one model: a call of either prices both)."""
    for attempt in attempts:
        for tier in TIER_NAMES:
            if mapping[tier] == mapping[attempt.tier]:
                learner.add_call(tier, tokens, attempt.cost_usd)


class LearningSummary(BaseModel):
    """A learning replay's result: quality and cost (everything paid, shadow calls
    included) over the whole stream and over its last half, and what it learned."""

    whole: ReplaySummary
    last_half: ReplaySummary
    shadowed: int
    shadow_cost_share: float
    recalibrations: int
    #: The final learned routing's estimate: quality share, its lower bound at
    #: ``confidence``, and the quality share delivered to callers on the judged requests.
    estimated_quality_share: float | None
    estimated_lower_bound: float | None
    confidence: float
    delivered_quality_share: float | None
    delivered_standard_error: float | None
    #: Per tier and signal, whether it escalates that tier's answers, as learned.
    escalation: dict[TierName, dict[EscalationSignal, LearnedEscalation]] = {}
    #: What the traffic was segmented by, and the difficulty bands' cuts (where it was).
    segment_by: list[str] = []
    difficulty_bands: list[float] | None = None


def summarize_learning(
    run: LearningRun, rows: list[OutcomeRow], top: str, top_price: Price | None
) -> LearningSummary:
    """The summary of ``run`` over ``rows`` against sending every row to ``top``."""
    half = len(rows) // 2
    whole = summarize(run.records, rows, top, top_price)
    policy = run.policy
    learned = policy.routing.learned if policy is not None else None
    delivered = run.delivered
    return LearningSummary(
        whole=whole,
        last_half=summarize(run.records[half:], rows[half:], top, top_price),
        shadowed=run.shadowed,
        shadow_cost_share=run.shadow_cost_usd / whole.top_cost_usd if whole.top_cost_usd else 0.0,
        recalibrations=len(run.recalibrations),
        estimated_quality_share=learned.quality_share if learned else None,
        estimated_lower_bound=learned.quality_lower_bound if learned else None,
        confidence=policy.learning.confidence if policy is not None else 0.0,
        delivered_quality_share=delivered[0] if delivered else None,
        delivered_standard_error=delivered[1] if delivered else None,
        escalation=learned.escalation if learned else {},
        segment_by=policy.learning.segment_by if policy is not None else [],
        difficulty_bands=policy.learning.difficulty_bands if policy is not None else None,
    )
