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
from pathlib import Path

import yaml

from router.api.policy_reload import LoadedPolicy, PolicyHolder
from router.auth.keys import KeyLimits
from router.auth.limits import Limiter, MemoryLimiter, Reservation
from router.engine.learned import expected_call_usd, learned_choice, segment_of
from router.engine.requests import RouteRequest
from router.engine.router import Router
from router.errors import ConfigError, ExceedsKeyLimit
from router.learning.budget import ShadowBudget
from router.learning.learner import Learner, Recalibration
from router.learning.outcomes import Outcome
from router.learning.sampling import shadow_plan
from router.learning.shadow import ShadowVerdict, judge_in_shadow
from router.messages import estimated_tokens, text_of_messages
from router.policy.model import TIER_NAMES, Policy, TierName
from router.stores.decision_log import DecisionLog, DecisionRecord, OutcomeRecord
from router.usage.metrics import Metrics
from router.usage.spend import SpendLedger

__all__ = ["LearningLoop", "ShadowJob"]

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
    #: What judging it is expected to cost (reserved against the daily budget).
    expected_usd: float = 0.0
    request_id: str = "-"


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
        self.recalibrations: list[str] = []
        #: A refit that feedback started (one at a time).
        self._refits: set[asyncio.Task[None]] = set()
        self._refitting = asyncio.Lock()

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

    def after(
        self,
        loaded: LoadedPolicy,
        request: RouteRequest,
        served: TierName,
        answer: str | None,
        attempts_cost: list[tuple[TierName, float]],
        *,
        request_id: str = "-",
    ) -> None:
        """What the request taught (its calls' costs) and, if it is sampled, its shadow
        job queued; never waits."""
        policy = loaded.policy
        settings = policy.learning
        if not settings.shadow.enabled:
            return  # nothing is learned: nothing to keep (the request path stays as it was)
        text = text_of_messages(request.messages)
        tokens = estimated_tokens(text)
        for tier, cost in attempts_cost:
            self.learner.add_call(tier, tokens, cost)
        if answer is None or request.tier is not None:
            return
        segment = segment_of(request.metadata, settings.segment_by)
        learned = policy.routing.learned
        choice = learned_choice(text, request.metadata, policy) if learned else None
        plan = shadow_plan(
            settings.shadow,
            choice,
            learned.exchange_usd if learned else 0.0,
            outcomes=len(self.learner.outcomes),
            segment_outcomes=self.learner.segment_outcomes(segment),
        )
        self.budget.saw(expected_call_usd(policy, TIER_NAMES[-1], tokens))
        expected = _expected(policy, plan.tiers, served, tokens)
        chance = self.budget.chance(
            settings.shadow,
            plan.chance,
            warming_up=len(self.learner.outcomes) < settings.shadow.warmup,
            expected_usd=expected,
        )
        if chance == 0.0 and plan.chance > 0.0:
            self.metrics.shadow_requests.labels("over_budget").inc()
            return
        if self._chance.random() >= chance:
            return
        job = ShadowJob(
            router=loaded.router(bypass_cache=True),
            request=request,
            served=served,
            answer=answer,
            tiers=plan.tiers,
            weight=1 / chance,
            input_tokens=tokens,
            segment=segment,
            expected_usd=expected,
            request_id=request_id,
        )
        try:
            self._queue.put_nowait(job)
        except asyncio.QueueFull:
            self.metrics.shadow_requests.labels("busy").inc()

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
            return
        verdict = await judge_in_shadow(job.router, job.request, job.served, job.answer, job.tiers)
        await self._pay(verdict, reservation)
        if TIER_NAMES[-1] not in verdict.scores:
            self.metrics.shadow_requests.labels("unjudged").inc()
            return
        self.metrics.shadow_requests.labels("judged").inc()
        for tier, score in verdict.scores.items():
            await self.decisions.append(
                OutcomeRecord(
                    request_id=job.request_id,
                    tier=tier,
                    score=min(max(score, 0.0), 1.0),
                    source="shadow",
                    value=verdict.how,
                    weight=job.weight,
                )
            )
        self.judged += 1
        self.learner.add_outcome(
            Outcome(
                scores=verdict.scores,
                input_tokens=job.input_tokens,
                segment=job.segment,
                weight=job.weight,
                served=job.served,
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

    async def _pay(self, verdict: ShadowVerdict, reservation: Reservation) -> None:
        await self.limiter.settle(reservation, tokens=0, usd=verdict.cost_usd)
        self.budget.pay(verdict.cost_usd)
        for attempt in verdict.attempts:
            self.metrics.shadow_cost.labels(attempt.tier).inc(attempt.cost_usd)
        if verdict.attempts:
            await self.spend.record(SHADOW_TENANT, verdict.attempts)

    async def _recalibrate(self, policy: Policy) -> None:
        async with self._refitting:  # one refit at a time (shadow verdicts and feedback)
            await self._refit(policy)

    async def _refit(self, policy: Policy) -> None:
        recalibration = await asyncio.to_thread(self.learner.recalibrate, policy)
        settings = policy.learning.recalibrate
        line = recalibration.describe()
        self.recalibrations.append(line)
        if settings.apply == "review":
            path = self._write_review(policy, recalibration)
            self.metrics.recalibrations.labels("review").inc()
            log.info("%s; written for review to %s", line, path)
            return
        learned = recalibration.policy.routing.learned
        assert learned is not None
        try:
            await self.holder.adopt_learned(learned, "recalibration")
        except ConfigError as exc:
            self.metrics.recalibrations.labels("refused").inc()
            log.error("%s; not applied: %s", line, exc)
            return
        self.metrics.recalibrations.labels("reload").inc()
        log.info("%s; hot-reloaded", line)

    def _write_review(self, policy: Policy, recalibration: Recalibration) -> Path:
        given = policy.learning.recalibrate.review_path
        path = (
            policy.resolve_path(given) if given else self.holder.path.with_suffix(".learned.yaml")
        )
        data = recalibration.policy.model_dump(mode="json", exclude_none=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path


def _expected(policy: Policy, tiers: tuple[TierName, ...], served: TierName, tokens: int) -> float:
    """What judging one request is expected to cost: the tiers asked, and a judge call per
    answer (a closed-form request costs less: no judge calls)."""
    asked = [t for t in tiers if t != served]
    calls = sum(expected_call_usd(policy, t, tokens) for t in asked)
    judge = policy.learning.shadow.judge_tier
    return calls + len(tiers) * expected_call_usd(policy, judge, tokens)
