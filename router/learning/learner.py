"""The learner: outcomes, call costs and the traffic served come in; every
``recalibrate.every`` new outcomes it refits the learned routing and hands back the policy
with it (validated, its change said in a line).

It also keeps count of the requests served, per segment and the tier that answered them:
each fit's promise counts them at what they got (:mod:`router.learning.fitting.fit`). And
of the quality the callers actually got on the judged requests, each standing for the
requests it was sampled from: while that falls short of the target beyond its
uncertainty at the stated confidence, the next fit aims higher by the shortfall (at most
``_MAX_AIM_ABOVE``), so the traffic as a whole keeps the target: no state winds up, the
aim follows what was delivered."""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass, replace
from statistics import NormalDist

from router.engine.learned import segment_of
from router.learning.bands import Seen, band_cuts, rebanded_traffic, without_band
from router.learning.fitting.escalation_fit import describe_escalation, escalated_score
from router.learning.fitting.fit import LearnedFit, Traffic, fit_learned
from router.learning.outcomes import CallCost, Outcome, segment_key
from router.policy.base import SegmentKey
from router.policy.model import TIER_NAMES, LearningSettings, Policy, TierName

__all__ = ["LENGTHS_KEPT", "MAX_TRAFFIC_SEGMENTS", "Learner", "Recalibration"]

#: Judged requests needed before the quality delivered steers the aim.
_MIN_DELIVERED = 300
#: The aim rises at most this far above the target.
_MAX_AIM_ABOVE = 0.04
#: The newest prompt lengths kept per segment (what its requests' calls cost: the fit
#: routes each by its own, as the decision does).
LENGTHS_KEPT = 256
#: The newest requests' difficulty scores kept (what the bands are learned from, and
#: what shares the requests counted among them).
SCORES_KEPT = 4096
#: Segments whose traffic is counted at most (their values come from callers' metadata:
#: one more is not counted, and the fit weighs it by its judged requests instead).
MAX_TRAFFIC_SEGMENTS = 10_000


@dataclass(frozen=True)
class Recalibration:
    """A refit: the new policy, the fit, and the estimate before and after."""

    policy: Policy
    fit: LearnedFit
    outcomes: int
    before: str
    after: str
    #: The quality share the fit aimed at (above the target while delivery fell short).
    aim: float = 0.0
    #: What changed in which signals escalate which tier's answers ("": nothing).
    escalation: str = ""
    #: The difficulty bands' cuts, where this refit learned them.
    bands: tuple[float, ...] = ()

    def describe(self) -> str:
        """The change in a line, for the log."""
        target = self.policy.learning.target_quality
        aiming = f", aiming at {self.aim:.1%} to make up a shortfall" if self.aim > target else ""
        escalation = f"; escalation: {self.escalation}" if self.escalation else ""
        prior = self.policy.learning.prior
        known = f" (and {prior.outcomes} known before, in the prior)" if prior else ""
        cuts = ", ".join(f"{c:g}" for c in self.bands)
        bands = f"; difficulty bands learned, cut at {cuts}" if self.bands else ""
        return (
            f"recalibrated on {self.outcomes} outcomes{known}: {self.before} -> {self.after}"
            f"{aiming}{escalation}{bands} (policy {self.policy.version})"
        )


def _estimate(policy: Policy) -> str:
    learned = policy.routing.learned
    if learned is None:
        return "thresholds"
    if learned.quality_share is None:
        return f"exchange ${learned.exchange_usd:.6f}"
    return (
        f"quality {learned.quality_share:.1%} (>= {learned.quality_lower_bound or 0:.1%} at "
        f"{policy.learning.confidence:.0%}), cost {learned.cost_share or 0:.1%} of the top tier"
    )


def _escalation_changes(before: Policy, after: Policy) -> str:
    """Which tier's answers a signal now escalates, or no longer does, as learned."""
    old = before.routing.learned.escalation if before.routing.learned is not None else {}
    new = after.routing.learned.escalation if after.routing.learned is not None else {}
    changes = []
    for tier in TIER_NAMES:
        for signal in sorted({*old.get(tier, {}), *new.get(tier, {})}):
            was, now = old.get(tier, {}).get(signal), new.get(tier, {}).get(signal)
            if now is None:
                if was is not None:
                    changes.append(f"{tier} on {signal}: as the policy says (too close to tell)")
            elif was is None or was.escalate != now.escalate:
                changes.append(describe_escalation(tier, signal, now))
    return "; ".join(changes)


def _judged(outcome: Outcome) -> int:
    """1 for an outcome that judged a tier against the top tier, else 0 (feedback)."""
    return int(TIER_NAMES[-1] in outcome.scores and len(outcome.scores) > 1)


class Learner:
    """Collects outcomes and call costs for one policy's traffic (bounded, newest kept)."""

    def __init__(self, max_outcomes: int = 50_000, max_calls: int = 20_000) -> None:
        self.outcomes: list[Outcome] = []
        self.calls: list[CallCost] = []
        self._max_outcomes = max_outcomes
        self._max_calls = max_calls
        self._segments: Counter[SegmentKey] = Counter()
        self._since = 0
        #: Requests served, per segment and the tier that answered them.
        self.traffic: dict[SegmentKey, Counter[TierName]] = {}
        #: The newest requests' input tokens, per segment.
        self.lengths: dict[SegmentKey, deque[int]] = {}
        #: The newest requests served, with their difficulty scores.
        self.seen: deque[Seen] = deque(maxlen=SCORES_KEPT)
        #: The difficulty bands the segments are cut by (none yet: not banded), and the
        #: ``segment_by`` keys they were cut for.
        self.bands: tuple[float, ...] = ()
        self._banded_keys: list[str] = []

    def add_outcome(self, outcome: Outcome) -> None:
        """One judged request, or feedback on one (a score for the tier that answered).
        Where bands are cut, it goes into its own (a judgement begun before the cut lands
        after it with the segment it was drawn in)."""
        if self.bands and outcome.difficulty is not None:
            segment = segment_of(outcome.segment, self._banded_keys, outcome.difficulty, self.bands)
            outcome = replace(outcome, segment=segment)
        self.outcomes.append(outcome)
        self._segments[segment_key(outcome.segment)] += _judged(outcome)
        self._since += 1
        if len(self.outcomes) > self._max_outcomes:
            dropped = self.outcomes.pop(0)
            self._segments[segment_key(dropped.segment)] -= _judged(dropped)

    def warming_up(self, segment: Mapping[str, str], settings: LearningSettings) -> bool:
        """Whether judging is still warming up for a request of ``segment``: too few
        outcomes yet, in all or in its segment (the prior's count there: judging then is
        not held to the spend share, only to the daily budget: a new segment is where
        knowing is worth most)."""
        return (
            len(self.outcomes) < settings.shadow.warmup
            or self.known_in(segment, settings) < settings.shadow.segment_warmup
        )

    def saw(
        self,
        segment: Mapping[str, str],
        served: TierName,
        input_tokens: int | None = None,
        score: float | None = None,
    ) -> None:
        """One request of ``input_tokens`` and difficulty ``score`` answered by ``served``
        in ``segment``."""
        if score is not None:
            self.seen.append(Seen(without_band(segment), served, input_tokens, score))
        key = segment_key(segment)
        counted = self.traffic.get(key)
        if counted is None:
            if len(self.traffic) >= MAX_TRAFFIC_SEGMENTS:
                return
            counted = self.traffic[key] = Counter()
            self.lengths[key] = deque(maxlen=LENGTHS_KEPT)
        counted[served] += 1
        if input_tokens is not None:
            self.lengths[key].append(input_tokens)

    def add_call(self, tier: TierName, input_tokens: int, cost_usd: float) -> None:
        """One call made, served or shadow."""
        self.calls.append(CallCost(tier, input_tokens, cost_usd))
        if len(self.calls) > self._max_calls:
            del self.calls[: len(self.calls) - self._max_calls]

    def segment_outcomes(self, segment: Mapping[str, str]) -> int:
        """Judged outcomes seen for ``segment``."""
        return self._segments[segment_key(segment)]

    def known_in(self, segment: Mapping[str, str], settings: LearningSettings) -> int:
        """Judged outcomes seen for ``segment``, with what the policy's prior counts for there."""
        prior = settings.prior
        return self.segment_outcomes(segment) + (prior.outcomes_in(segment) if prior else 0)

    def due(self, policy: Policy) -> bool:
        """Whether enough new outcomes came in for a refit."""
        settings = policy.learning
        if not settings.recalibrate.enabled or not self.outcomes:
            return False
        if policy.routing.learned is None:
            return len(self.outcomes) >= max(settings.shadow.warmup, 1)
        return self._since >= settings.recalibrate.every

    def delivered(self, policy: Policy | None = None) -> tuple[float, float, int] | None:
        """The quality the callers got, as a share of the top tier's, on the judged
        requests: each stands for ``weight`` requests, itself answered by the tier that
        served it and the others by the tier routing chose (with its escalations under
        ``policy``, the one in force). The share, its standard error and the number of
        judged requests behind it."""
        top = TIER_NAMES[-1]
        rows = []
        for o in self.outcomes:
            routed = o.routed or o.served
            if o.served is None or routed is None or top not in o.scores:
                continue
            # the requests it stands for: the routed tier's answer, escalated as the policy
            # does, where the top tier served it for the judge (else: what was served)
            others = (
                escalated_score(o, routed, policy)
                if policy is not None and routed != o.served
                else o.scores.get(routed)
            )
            if o.served not in o.scores or others is None:
                continue
            weight = max(o.weight, 1.0)
            got = o.scores[o.served] + (weight - 1.0) * others
            rows.append((weight, got, o.scores[top]))
        best = sum(w * t for w, _, t in rows)
        if not rows or best <= 0:
            return None
        share = sum(g for _, g, _ in rows) / best
        residual = sum((g - share * w * t) ** 2 for w, g, t in rows)
        return share, math.sqrt(residual) / best, len(rows)

    def aim(self, policy: Policy) -> float:
        """The quality share the next fit aims at: the target, raised by what the quality
        delivered on the judged requests falls short of it beyond its uncertainty at the
        stated confidence (a share estimated from a few judged rows, each standing for
        many, falls short by chance alone), at most ``_MAX_AIM_ABOVE``. (What the
        traffic served got at the fit's losses, the fit's promise counts itself.)"""
        settings = policy.learning
        target = settings.target_quality
        shortfall = 0.0
        delivered = self.delivered(policy)
        if delivered is not None and delivered[2] >= _MIN_DELIVERED:
            z = NormalDist().inv_cdf(settings.confidence)
            shortfall = target - delivered[0] - z * delivered[1]
        return min(target + min(max(shortfall, 0.0), _MAX_AIM_ABOVE), 0.999)

    def _banded(self, policy: Policy) -> tuple[Policy, tuple[float, ...]]:
        """``policy`` with the difficulty bands its segments are cut by, where it segments
        by difficulty: its own, else those learned before, else learned now from the scores
        (if there are enough); the outcomes and traffic counted put into them. And the
        cuts, if learned now."""
        settings = policy.learning
        if not settings.banded:
            return policy, ()
        learned: tuple[float, ...] = ()
        bands = tuple(settings.difficulty_bands or self.bands)
        if not bands:
            # the requests seen; or, where none were counted (outcome rows from a file),
            # the outcomes'
            scores = [s.score for s in self.seen] or [
                o.difficulty for o in self.outcomes if o.difficulty is not None
            ]
            cuts = band_cuts(scores, settings.difficulty_band_count)
            if cuts is None:
                return policy, ()
            bands = learned = tuple(cuts)
        if settings.difficulty_bands is None:
            data = policy.model_dump(mode="json")
            data["learning"]["difficulty_bands"] = list(bands)
            policy = policy.revised(data)
        self._reband(settings.segment_by, bands)
        return policy, learned

    def _reband(self, keys: list[str], bands: tuple[float, ...]) -> None:
        """The outcomes (each by its own score, whatever band it was put in before) and the
        traffic counted (all of it where the bands changed, else what is not in a band yet:
        counted while the policy in force had no bands), cut by ``bands``."""
        changed = bool(self.bands) and bands != self.bands
        self.bands, self._banded_keys = bands, list(keys)
        if changed:  # counted in other bands: shared among the new ones afresh
            merged: dict[SegmentKey, Counter[TierName]] = {}
            for key, by_tier in self.traffic.items():
                merged.setdefault(without_band(dict(key)), Counter()).update(by_tier)
            self.traffic, self.lengths = merged, {}
        self.outcomes = [
            replace(o, segment=segment_of(o.segment, keys, o.difficulty, bands))
            if o.difficulty is not None
            else o
            for o in self.outcomes
        ]
        self._segments = Counter()
        for outcome in self.outcomes:
            self._segments[segment_key(outcome.segment)] += _judged(outcome)
        self.traffic, self.lengths = rebanded_traffic(
            self.traffic, self.lengths, self.seen, keys, bands, LENGTHS_KEPT
        )

    def recalibrate(self, policy: Policy) -> Recalibration:
        """``policy`` with its learned routing refitted on everything seen."""
        policy, learned_bands = self._banded(policy)
        aim = self.aim(policy)
        traffic: Traffic | None = self.traffic or None
        fit = fit_learned(
            self.outcomes, self.calls, policy, traffic, target=aim, lengths=self.lengths
        )
        updated = policy.with_learned(fit.learned)
        self._since = 0
        return Recalibration(
            policy=updated,
            fit=fit,
            outcomes=len(self.outcomes),
            before=_estimate(policy),
            after=_estimate(updated),
            aim=aim,
            escalation=_escalation_changes(policy, updated),
            bands=learned_bands,
        )
