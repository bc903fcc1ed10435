"""Putting a refit in force: the learned routing refitted on the learner's outcomes (and,
every ``learning.recalibrate.models_every`` judged requests, the classifier and answer
model refitted on the decision log's judged requests), then hot-reloaded, or written for
review (``learning.recalibrate.apply``). Each refit's description is logged and kept."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import yaml

from router.api.policy_reload import PolicyHolder
from router.errors import ConfigError
from router.learning.from_rows import learner_from_rows
from router.learning.learner import Learner, Recalibration
from router.learning.refits.models import ModelRefits
from router.policy.model import Policy
from router.stores.decision_log import DecisionLog
from router.stores.outcome_export import outcome_rows
from router.usage.metrics import Metrics

__all__ = ["Recalibrator"]

log = logging.getLogger("tierroute.learning")


class Recalibrator:
    """Refits for one policy holder (one at a time: the caller holds the lock)."""

    def __init__(self, holder: PolicyHolder, metrics: Metrics) -> None:
        self.holder = holder
        self.metrics = metrics
        #: What each refit did, in order (for tests and the log).
        self.lines: list[str] = []
        #: The models refitted from traffic (``learning.recalibrate.models_every``).
        self.models = ModelRefits()

    async def refit(
        self, policy: Policy, learner: Learner, judged: int, decisions: DecisionLog
    ) -> Learner:
        """Refit on ``learner`` (after ``judged`` judged requests) and apply it; the learner
        to go on with (a new one where a new classifier was adopted)."""
        policy, learner = await self._refit_models(policy, learner, judged, decisions)
        recalibration = await asyncio.to_thread(learner.recalibrate, policy)
        line = recalibration.describe()
        self.lines.append(line)
        if policy.learning.recalibrate.apply == "review":
            path = self._write_review(policy, recalibration)
            self.metrics.recalibrations.labels("review").inc()
            log.info("%s; written for review to %s", line, path)
            return learner
        learned = recalibration.policy.routing.learned
        assert learned is not None
        try:
            await self.holder.adopt_learned(
                learned,
                "recalibration",
                recalibration.policy.learning.difficulty_bands,
                classifier=self.models.classifier,
                answer_model=self.models.answer_model,
            )
        except ConfigError as exc:
            self.metrics.recalibrations.labels("refused").inc()
            log.error("%s; not applied: %s", line, exc)
            return learner
        self.metrics.recalibrations.labels("reload").inc()
        log.info("%s; hot-reloaded", line)
        return learner

    async def _refit_models(
        self, policy: Policy, learner: Learner, judged: int, decisions: DecisionLog
    ) -> tuple[Policy, Learner]:
        """The policy with the models refitted on the log's judged requests (when due) and
        those adopted before. A new classifier's scores make a new learner: of the log's
        outcomes, re-scored by it."""
        if not self.models.due(policy, judged):
            return self.models.laid_over(policy), learner
        rows = outcome_rows(await decisions.records())
        found = await asyncio.to_thread(self.models.refit, policy, rows, self.holder.path, judged)
        self.lines.extend(found.lines)
        for line in found.lines:
            log.info("%s", line)
        if found.classifier is not None:
            learner = await asyncio.to_thread(learner_from_rows, found.rows)
        return self.models.laid_over(policy), learner

    def _write_review(self, policy: Policy, recalibration: Recalibration) -> Path:
        given = policy.learning.recalibrate.review_path
        path = (
            policy.resolve_path(given) if given else self.holder.path.with_suffix(".learned.yaml")
        )
        data = recalibration.policy.model_dump(mode="json", exclude_none=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path
