"""A proposed policy tried on the logged requests before it ships.

Each logged request is decided again from what its record kept: its difficulty score
under the proposed thresholds, then the rules that matched it (by name, as the proposed
policy defines them); a request placed by other than its score (a forced tier, a tool
loop, a conversation, a capability) stays where it went. Its path after the decision:

- decided on the tier it was decided on before, it follows its recorded escalations
  while their signals stay on and ``max_steps`` allows (exact, from the record);
- decided on another tier, it escalates at the rate logged requests decided on that
  tier escalated for signals still on (an estimate: nothing answered it there).

Money is in the :class:`~router.dashboard.cost_basis.CostBasis`'s units.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel

from router.dashboard.cost_basis import CostBasis
from router.engine.answering.escalation import signals_on
from router.engine.decide import rule_tier, threshold_tier
from router.policy.model import TIER_NAMES, Policy, TierName
from router.stores.decision_log import DecisionRecord

__all__ = ["MixEstimate", "Preview", "preview", "re_decided"]


class MixEstimate(BaseModel):
    """One policy's expected tier mix and cost over the previewed requests."""

    decided: dict[str, float]
    final: dict[str, float]
    escalation_rate: float
    cost_usd: float
    cost_per_request_usd: float
    all_top_usd: float
    cost_share_of_top: float | None


class Preview(BaseModel):
    """The current and the proposed policy on the same logged requests."""

    requests: int
    re_decided: int
    changed: int
    cost_label: str
    current: MixEstimate
    proposed: MixEstimate
    notes: list[str]


@dataclass
class _Path:
    """One request's expected path: final-tier weights and cost."""

    decided: TierName
    final: dict[str, float] = field(default_factory=dict)
    escalated: float = 0.0
    cost: float = 0.0


def re_decided(record: DecisionRecord, policy: Policy) -> TierName | None:
    """The tier ``policy`` decides for ``record``, or None if it is not decided again."""
    if record.placed_by or record.decided_tier not in TIER_NAMES:
        return None
    tier = threshold_tier(record.score, policy)
    rules = {rule.name: rule for rule in policy.routing.rules}
    for name in record.rules:
        rule = rules.get(name)
        if rule is not None:
            tier = rule_tier(tier, rule)
            if rule.action == "pin":
                break
    return tier


def _next(tier: TierName) -> TierName | None:
    index = TIER_NAMES.index(tier)
    return TIER_NAMES[index + 1] if index + 1 < len(TIER_NAMES) else None


def _first_escalation_rates(
    records: Sequence[DecisionRecord], policy: Policy
) -> dict[TierName, float | None]:
    """Per decided tier: the share of its logged requests whose first step escalated on a
    signal ``policy`` keeps on (None when none was decided there)."""
    seen: Counter[str] = Counter()
    escalated: Counter[str] = Counter()
    for record in records:
        if record.cache == "hit" or record.placed_by:
            continue
        seen[record.decided_tier] += 1
        decided = next((t for t in TIER_NAMES if t == record.decided_tier), None)
        if decided and record.escalations and record.escalations[0] in signals_on(policy, decided):
            escalated[record.decided_tier] += 1
    return {t: escalated[t] / seen[t] if seen[t] else None for t in TIER_NAMES}


def _path(
    record: DecisionRecord,
    policy: Policy,
    basis: CostBasis,
    rates: dict[TierName, float | None],
) -> _Path:
    decided = re_decided(record, policy)
    tokens = (record.input_tokens, record.output_tokens)
    if record.cache == "hit":
        return _Path(decided or record.decided_tier, {record.final_tier: 1.0})  # type: ignore[arg-type]
    if decided is None or decided == record.decided_tier:
        start: TierName = decided or record.decided_tier  # type: ignore[assignment]
        steps = policy.escalation.max_steps
        kept = 0
        for step, reason in enumerate(record.escalations[:steps]):
            here = TIER_NAMES[min(TIER_NAMES.index(start) + step, len(TIER_NAMES) - 1)]
            if reason not in signals_on(policy, here):
                break
            kept += 1
        if kept == len(record.escalations):  # the path as it was: its recorded cost
            cost = record.cost_usd if basis.kind == "price" else None
            cost = cost if cost is not None else sum(basis.usd(t, *tokens) for t in record.called)
            return _Path(start, {record.final_tier: 1.0}, float(bool(kept)), cost)
        path = [start]
        for _ in range(kept):
            following = _next(path[-1])
            if following is not None:
                path.append(following)
        return _Path(
            start, {path[-1]: 1.0}, float(kept > 0), sum(basis.usd(t, *tokens) for t in path)
        )
    rate = rates.get(decided) or 0.0
    following = _next(decided) if policy.escalation.max_steps > 0 else None
    if following is None:
        rate = 0.0
    final: dict[str, float] = {decided: 1 - rate}
    cost = basis.usd(decided, *tokens)
    if following is not None and rate > 0:
        final[following] = rate
        cost += rate * basis.usd(following, *tokens)
    return _Path(decided, final, rate, cost)


def _estimate(
    records: Sequence[DecisionRecord], policy: Policy, basis: CostBasis
) -> tuple[MixEstimate, list[TierName]]:
    rates = _first_escalation_rates(records, policy)
    decided: Counter[str] = Counter()
    final: dict[str, float] = dict.fromkeys(TIER_NAMES, 0.0)
    escalated = cost = all_top = 0.0
    tiers: list[TierName] = []
    for record in records:
        path = _path(record, policy, basis, rates)
        tiers.append(path.decided)
        decided[path.decided] += 1
        for tier, weight in path.final.items():
            final[tier] = final.get(tier, 0.0) + weight
        escalated += path.escalated
        cost += path.cost
        if record.cache != "hit":
            all_top += basis.usd(TIER_NAMES[-1], record.input_tokens, record.output_tokens)
    n = max(1, len(records))
    return (
        MixEstimate(
            decided={t: decided[t] / n for t in TIER_NAMES},
            final={t: w / n for t, w in final.items()},
            escalation_rate=escalated / n,
            cost_usd=cost,
            cost_per_request_usd=cost / n,
            all_top_usd=all_top,
            cost_share_of_top=cost / all_top if all_top > 0 else None,
        ),
        tiers,
    )


def preview(
    records: Sequence[DecisionRecord], current: Policy, proposed: Policy, basis: CostBasis
) -> Preview:
    """``current`` and ``proposed`` on ``records`` (see the module docstring)."""
    now, now_tiers = _estimate(records, current, basis)
    then, then_tiers = _estimate(records, proposed, basis)
    notes: list[str] = []
    placed = sum(1 for r in records if r.placed_by)
    if placed:
        notes.append(
            f"{placed} request(s) placed by a tool loop, conversation, capability or forced "
            "tier keep their tier"
        )
    for policy, label in ((current, "current"), (proposed, "proposed")):
        if policy.routing.learned is not None:
            notes.append(
                f"the {label} policy has learned routing, which decides in place of the "
                "thresholds; previewed here by its thresholds"
            )
    known = {rule.name for rule in current.routing.rules}
    added = [rule.name for rule in proposed.routing.rules if rule.name not in known]
    if added:
        notes.append(
            f"new rule(s) {', '.join(added)}: the log keeps no text to match them against, "
            "so they change only new requests"
        )
    if not records:
        notes.append("no logged requests yet: send some, then preview again")
    return Preview(
        requests=len(records),
        re_decided=len(records) - placed,
        changed=sum(1 for a, b in zip(now_tiers, then_tiers, strict=True) if a != b),
        cost_label=basis.label,
        current=now,
        proposed=then,
        notes=notes,
    )
