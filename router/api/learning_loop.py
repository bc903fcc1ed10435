"""Learning while serving: after a request is answered, a sample of requests is judged in
the shadow (off the request path, by one background worker), the verdicts become
outcomes, and every ``learning.recalibrate.every`` outcomes the learned routing is refitted
and hot-reloaded (or written for review).

Shadow spend has a hard daily budget (``learning.shadow.daily_budget_usd``, UTC days),
counted where the keys' daily budgets are (the limiter: in Redis when configured, so every
replica and worker process shares it): each job reserves what it is expected to cost
before its first call and settles to what it cost. Sampling also keeps shadow spend near
a share of what the top tier would cost (``max_spend_share``, per process). Shadow spend
is recorded in the spend ledger under its own tenant ``shadow`` and counted in
``tierroute_shadow_cost_usd``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from dataclasses import dataclass

from router.api.policy_reload import LoadedPolicy, PolicyHolder
from router.api.recalibrator import Recalibrator
from router.auth.keys import KeyLimits
from router.auth.limits import Limiter, MemoryLimiter, Reservation
from router.backends.calls import Attempt, ModelAnswer
from router.engine.answering.escalation import signals_fired
from router.engine.requests import Decided, RouteRequest
from router.engine.router import Router
from router.errors import ExceedsKeyLimit
from router.learning.budget import ShadowBudget
from router.learning.draw import draw_for_judging
from router.learning.judging_cost import expected_judging_usd, top_premium_usd
from router.learning.learner import Learner
from router.learning.outcomes import Outcome
from router.learning.sampling import ShadowPlan, answered_by_top
from router.learning.shadow import ShadowVerdict, judge_in_shadow
from router.messages import estimated_tokens, text_of_messages
from router.policy.model import TIER_NAMES, EscalationSignal, Policy, TierName
from router.stores.decision_log import DecisionLog, DecisionRecord, OutcomeRecord
from router.usage.metrics import Metrics
from router.usage.spend import SpendLedger

__all__ = ["LearningLoop", "Sampled", "ShadowJob"]

log = logging.getLogger("tierroute.learning")

#: Shadow jobs waiting at most; one more is skipped (``busy``), never queued without end.
_QUEUE = 64
SHADOW_TENANT = "shadow"


@dataclass(frozen=True)
class ShadowJob:
    """One request to judge in the shadow."""

    router: Router
    request: RouteRequest
    served: TierName
    answer: str
    tiers: tuple[TierName, ...]
    weight: float
    input_tokens: int
    segment: dict[str, str]
    #: The classifier's difficulty score of the request.
    score: float | None = None
    #: What judging it is expected to cost (reserved against the daily budget).
    expected_usd: float = 0.0
    request_id: str = "-"
    #: The tier routing chose (the top tier served it, for the judge, when it differs).
    routed: TierName | None = None
    #: What answering with the top tier cost over the routed tier (learning's to pay).
    premium_usd: float = 0.0
    #: The escalation signals the served answer showed (``None``: not known, a stream).
    served_signals: tuple[EscalationSignal, ...] | None = None


@dataclass(frozen=True)
class Sampled:
    """What was drawn for one request before it was answered."""

    chance: float
    judged: bool
    #: The tier routing chose for it ...
    routed: TierName
    #: ... and whether the top tier answers it instead, for the judge (``serve_top``).
    top_serves: bool
    segment: dict[str, str]
    #: The tiers to judge it on, and what judging it is expected to cost (the shadow
    #: calls and the judge's, and what the top tier costs over the routed tier).
    tiers: tuple[TierName, ...]
    expected_usd: float
    #: The classifier's difficulty score of the request.
    score: float | None = None


class LearningLoop:
    """The learner of the policy in force, its shadow worker and its daily budget."""

    def __init__(
        self,
        holder: PolicyHolder,
        spend: SpendLedger,
        metrics: Metrics,
        seed: int | None = None,
        *,
        limiter: Limiter | None = None,
    ) -> None:
        self.holder = holder
        self.spend = spend
        self.metrics = metrics
        #: Where the daily budget is counted (shared by processes when it is Redis's).
        self.limiter = limiter or MemoryLimiter()
        self.learner = Learner()
        self._chance = random.Random(seed)
        self._queue: asyncio.Queue[ShadowJob] = asyncio.Queue(maxsize=_QUEUE)
        self._worker: asyncio.Task[None] | None = None
        self.budget = ShadowBudget()
        #: Judged so far, and recalibrations done (for tests and the log).
        self.judged = 0
        #: Where verdicts are written (set by the services).
        self.decisions: DecisionLog = DecisionLog()
        #: Refits the learned routing (and the models) and puts it in force.
        self.recalibrator = Recalibrator(holder, metrics)
        #: A refit that feedback started (one at a time).
        self._refits: set[asyncio.Task[None]] = set()
        self._refitting = asyncio.Lock()

    @property
    def recalibrations(self) -> list[str]:
        """What each refit did, in order."""
        return self.recalibrator.lines

    def start(self) -> None:
        """Start the shadow worker."""
        if self._worker is None:
            self._worker = asyncio.create_task(self._work())

    async def aclose(self) -> None:
        """Stop the worker (jobs still waiting are dropped: they were never promised)."""
        for task in list(self._refits):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None

    def spent_today(self) -> float:
        """Shadow spend today (UTC)."""
        return self.budget.today_usd()

    def sample(
        self, loaded: LoadedPolicy, request: RouteRequest, decided: Decided
    ) -> tuple[Decided, Sampled | None]:
        """Whether ``request`` will be judged, drawn before it is answered (its chance
        depends on how sure routing is and on the budget): a judged request is answered
        by the top tier when ``shadow.serve_top`` says so. ``None``: nothing to learn from
        it (learning off, or a tier the caller forced)."""
        policy = loaded.policy
        settings = policy.learning
        if not settings.shadow.enabled or request.tier is not None:
            return decided, None
        text = text_of_messages(request.messages)
        tokens = estimated_tokens(text)
        top = TIER_NAMES[-1]
        routed = decided.decision.tier
        top_serves = settings.shadow.serve_top and routed != top

        def asked(plan: ShadowPlan) -> tuple[TierName, ...]:
            return tuple(t for t in TIER_NAMES if t in plan.tiers or (top_serves and t == routed))

        def expected(plan: ShadowPlan) -> float:
            cost = expected_judging_usd(policy, asked(plan), top if top_serves else routed, tokens)
            # answering with the top tier is learning's to pay, over the routed tier
            return cost + (top_premium_usd(policy, routed, tokens) if top_serves else 0.0)

        drawn = draw_for_judging(
            policy, self.learner, self.budget, self._chance, text, request.metadata, tokens,
            expected, decided.decision.score,
        )  # fmt: skip
        if drawn.over_budget:
            self.metrics.shadow_requests.labels("over_budget").inc()
        serving_top = top_serves and drawn.judged
        sampled = Sampled(
            drawn.chance,
            drawn.judged,
            routed,
            serving_top,
            drawn.segment,
            asked(drawn.plan),
            expected(drawn.plan),
            decided.decision.score,
        )
        return (answered_by_top(decided) if serving_top else decided), sampled

    def after(
        self,
        loaded: LoadedPolicy,
        request: RouteRequest,
        sampled: Sampled | None,
        served: TierName,
        answer: str | None,
        attempts: list[Attempt],
        *,
        request_id: str = "-",
        served_answer: ModelAnswer | None = None,
    ) -> None:
        """What the request taught (its calls' costs, the tier that served it) and, if it
        was drawn for judging, its shadow job queued; never waits. ``served_answer``: the
        whole answer, where there is one (a stream has its text alone: the signals of its
        answer are not recorded)."""
        policy = loaded.policy
        if not policy.learning.shadow.enabled:
            return  # nothing is learned: nothing to keep (the request path stays as it was)
        tokens = estimated_tokens(text_of_messages(request.messages))
        for attempt in attempts:
            self.learner.add_call(attempt.tier, tokens, attempt.cost_usd)
        if sampled is None:
            return
        self.learner.saw(sampled.segment, served, tokens, sampled.score)
        if not sampled.judged or answer is None:
            return
        top_served = sampled.top_serves and served == TIER_NAMES[-1]
        premium = top_premium_usd(policy, sampled.routed, tokens) if top_served else 0.0
        job = ShadowJob(
            router=loaded.shadow,
            request=request,
            served=served,
            answer=answer,
            tiers=sampled.tiers,
            weight=1 / sampled.chance,
            input_tokens=tokens,
            segment=sampled.segment,
            score=sampled.score,
            expected_usd=sampled.expected_usd,
            request_id=request_id,
            routed=sampled.routed if top_served else served,
            premium_usd=premium,
            # a stream's text alone would lose its finish reason, logprobs and tool calls
            served_signals=(
                signals_fired(served_answer, request, policy, served)
                if served_answer is not None
                else None
            ),
        )
        try:
            self._queue.put_nowait(job)
        except asyncio.QueueFull:
            self.metrics.shadow_requests.labels("busy").inc()
            self._pay_premium(job)

    async def feedback(self, decision: DecisionRecord, score: float) -> None:
        """Feedback on an answer (kept in the log already): an outcome of the tier that
        answered, which refines its segment's losses at the next refit."""
        policy = self.holder.current.policy
        if not policy.learning.recalibrate.enabled:
            return
        tier = next((t for t in TIER_NAMES if t == decision.final_tier), None)
        if tier is None:
            return
        self.learner.add_outcome(
            Outcome(
                scores={tier: score},
                input_tokens=decision.input_tokens,
                segment=decision.segment,
                served=tier,
                difficulty=decision.score,
            )
        )
        if self.learner.due(policy) and policy.routing.learned is not None and not self._refits:
            # off the feedback's own request: a refit takes a while
            task = asyncio.create_task(self._recalibrate(policy))
            self._refits.add(task)
            task.add_done_callback(self._refits.discard)

    async def _work(self) -> None:
        while True:
            job = await self._queue.get()
            try:
                await self._judge(job)
            except Exception:  # one bad job must not stop learning
                log.exception("shadow judging failed")

    async def _judge(self, job: ShadowJob) -> None:
        reservation = await self._reserve(job)
        if reservation is None:
            self.metrics.shadow_requests.labels("over_budget").inc()
            self._pay_premium(job)
            return
        verdict = await judge_in_shadow(
            job.router, job.request, job.served, job.answer, job.tiers, job.served_signals
        )
        await self._pay(verdict, reservation, job.premium_usd)
        if TIER_NAMES[-1] not in verdict.scores:
            self.metrics.shadow_requests.labels("unjudged").inc()
            return
        self.metrics.shadow_requests.labels("judged").inc()
        keep_text = job.router.policy.learning.log.include_text
        for tier, score in verdict.scores.items():
            await self.decisions.append(
                OutcomeRecord(
                    request_id=job.request_id,
                    tier=tier,
                    score=min(max(score, 0.0), 1.0),
                    source="shadow",
                    value=verdict.how,
                    weight=job.weight,
                    signals=list(verdict.signals[tier]) if tier in verdict.signals else None,
                    answer=verdict.answers.get(tier) if keep_text else None,
                    cost_usd=verdict.costs.get(tier, 0.0),
                )
            )
        self.judged += 1
        self.learner.add_outcome(
            Outcome(
                scores=verdict.scores,
                input_tokens=job.input_tokens,
                segment=job.segment,
                difficulty=job.score,
                weight=job.weight,
                served=job.served,
                routed=job.routed or job.served,
                signals=verdict.signals,
            )
        )
        policy = self.holder.current.policy
        if self.learner.due(policy):
            await self._recalibrate(policy)

    async def _reserve(self, job: ShadowJob) -> Reservation | None:
        """The job's expected cost reserved against today's budget (shared by every process
        counting in the same limiter), or ``None`` when it does not fit."""
        budget = self.holder.current.policy.learning.shadow.daily_budget_usd
        if budget <= 0:
            return None
        try:
            admission = await self.limiter.reserve(
                SHADOW_TENANT, KeyLimits(usd_per_day=budget), usd=job.expected_usd
            )
        except ExceedsKeyLimit:  # one job that costs more than a whole day's budget
            return None
        return admission.reservation if admission.refused is None else None

    async def _pay(self, verdict: ShadowVerdict, reservation: Reservation, premium: float) -> None:
        await self.limiter.settle(reservation, tokens=0, usd=verdict.cost_usd + premium)
        self.budget.pay(verdict.cost_usd + premium)
        if premium > 0:
            self.metrics.shadow_cost.labels(TIER_NAMES[-1]).inc(premium)
        for attempt in verdict.attempts:
            self.metrics.shadow_cost.labels(attempt.tier).inc(attempt.cost_usd)
        if verdict.attempts:
            await self.spend.record(SHADOW_TENANT, verdict.attempts)

    def _pay_premium(self, job: ShadowJob) -> None:
        """A job not judged still had its top-tier answer: learning pays the premium."""
        if job.premium_usd > 0:
            self.budget.pay(job.premium_usd)
            self.metrics.shadow_cost.labels(TIER_NAMES[-1]).inc(job.premium_usd)

    async def _recalibrate(self, policy: Policy) -> None:
        async with self._refitting:  # one refit at a time (shadow verdicts and feedback)
            self.learner = await self.recalibrator.refit(
                policy, self.learner, self.judged, self.decisions
            )
