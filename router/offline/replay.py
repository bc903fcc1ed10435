"""Replay outcome data through the real engine (decision, budgets, escalation).

Every tier answers with what the data recorded for it (the replay backend), so a policy
is measured exactly as it would run: a cascade pays for every tier it called, and an
escalation signal sees the cheaper tier's real recorded answer.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from classifiers.datasets import OutcomeRow, data_tiers
from router.backends import Backends
from router.backends.calls import Usage
from router.backends.replay import ReplayBackend, recorded_output_tokens
from router.engine.pricing import cost_usd
from router.engine.requests import RouteRequest
from router.engine.router import Router
from router.errors import TierrouteError
from router.messages import estimated_tokens
from router.policy.loading import load_policy
from router.policy.model import TIER_NAMES, Policy, Price, TierName

__all__ = [
    "ReplayRecord",
    "ReplaySummary",
    "judgeable_tiers",
    "ladder_map",
    "recorded_tiers",
    "replay_policy",
    "replay_rows",
    "replay_setup",
]


class ReplayRecord(BaseModel):
    """One row's outcome: ``final_tier`` and ``called`` in the data's tier names."""

    id: str
    final_tier: str | None
    called: list[str]
    escalations: list[str] = []
    score: float = 0.0
    cost_usd: float = 0.0
    error: str | None = None


class ReplaySummary(BaseModel):
    """Quality and cost of the routed system next to always-top."""

    rows: int
    quality: float
    top_quality: float
    quality_share: float
    cost_usd: float
    top_cost_usd: float
    cost_share: float
    tier_mix: dict[str, float]
    #: Share of rows that called the top tier (RouteLLM's cost measure for 2-tier data).
    top_call_share: float
    escalation_rate: float
    errors: int


def ladder_map(data_ladder: list[str]) -> dict[TierName, str]:
    """Policy tier → data tier, by cost order. With two data tiers, ``mid`` takes the
    dearer one (it has no tier of its own)."""
    if len(data_ladder) >= 3:
        return {"small": data_ladder[0], "mid": data_ladder[1], "reasoning": data_ladder[-1]}
    return {"small": data_ladder[0], "mid": data_ladder[-1], "reasoning": data_ladder[-1]}


def judgeable_tiers(mapping: dict[TierName, str], recorded: set[str] | None) -> set[TierName]:
    """Policy tiers whose answers the answer model can judge in a replay: their data tier
    recorded its answers, and the tier above maps onto a different data tier."""
    return {
        lower
        for lower, upper in itertools.pairwise(TIER_NAMES)
        if mapping[lower] != mapping[upper] and (recorded is None or mapping[lower] in recorded)
    }


def replay_policy(
    policy: Policy,
    mapping: dict[TierName, str],
    classifier: Path | None,
    recorded: set[str] | None = None,
) -> Policy:
    """``policy`` with every tier answered by the replay backend (and no cache).

    ``recorded`` names the data tiers whose answers every row recorded: the answer
    model judges only those (it cannot judge an answer the data does not have). A tier
    that maps onto the same data tier as the one above it (``mid`` on two-tier data) is
    priced like it and is never escalated by the answer model.
    """
    data = policy.model_dump(mode="json")
    for lower, upper in itertools.pairwise(TIER_NAMES):
        if mapping[lower] == mapping[upper]:
            data["tiers"][lower]["price"] = data["tiers"][upper]["price"]
    judged = judgeable_tiers(mapping, recorded)
    values = data["escalation"]["answer_value_usd"]
    data["escalation"]["answer_value_usd"] = {t: v for t, v in values.items() if t in judged}
    for name in TIER_NAMES:
        tier = data["tiers"][name]
        tier.update(
            model=f"replay/{mapping[name]}",
            api_base=None,
            api_key_env=None,
            fallbacks=[],
            # the policy's price estimates escalation costs (and prices rows without
            # recorded costs); a tier without one costs nothing here
            price=tier.get("price") or {"input_per_mtok": 0.0, "output_per_mtok": 0.0},
            input_overflow="trim",
            max_input_tokens=10**7,
            max_output_tokens=10**6,
        )
    data["cache"] = {"enabled": False}
    data["replay"] = None
    if policy.escalation.answer_model is not None:
        answer_model = str(policy.resolve_path(policy.escalation.answer_model).resolve())
        data["escalation"]["answer_model"] = answer_model
    if classifier is not None:
        data["routing"]["classifier"] = str(classifier.resolve())
    elif not data["routing"]["classifier"].startswith("builtin:") and policy.source_dir:
        data["routing"]["classifier"] = str(policy.resolve_path(data["routing"]["classifier"]))
    return Policy.model_validate(data)


async def replay_rows(
    router: Router,
    rows: list[OutcomeRow],
    mapping: dict[TierName, str],
    *,
    concurrency: int = 8,
    on_record: Callable[[ReplayRecord], None] | None = None,
) -> list[ReplayRecord]:
    """Run every row through ``router``; records come back in row order."""
    records: list[ReplayRecord | None] = [None] * len(rows)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(len(rows)):
        queue.put_nowait(index)

    async def work() -> None:
        while not queue.empty():
            index = queue.get_nowait()
            records[index] = await _one(router, rows[index], mapping)
            if on_record is not None:
                on_record(records[index])  # type: ignore[arg-type]

    await asyncio.gather(*(work() for _ in range(concurrency)))
    return [r for r in records if r is not None]


async def _one(router: Router, row: OutcomeRow, mapping: dict[TierName, str]) -> ReplayRecord:
    request = RouteRequest(
        messages=[{"role": "user", "content": row.prompt}], metadata={"row_id": row.id}
    )
    try:
        result = await router.handle(request)
    except TierrouteError as exc:
        return ReplayRecord(id=row.id, final_tier=None, called=[], error=str(exc))
    final = mapping[result.tier]
    called = list(dict.fromkeys(mapping[t] for t in result.called))
    return ReplayRecord(
        id=row.id,
        final_tier=final,
        called=called,
        escalations=result.escalations,
        score=row.scores.get(final, 0.0),
        cost_usd=result.cost_usd,
    )


def summarize(
    records: list[ReplayRecord], rows: list[OutcomeRow], top: str, top_price: Price | None = None
) -> ReplaySummary:
    """Quality share and cost share against sending every row to ``top``.

    A row without a recorded cost for ``top`` is priced at ``top_price`` on the tokens
    the replay backend counts (what the engine would have paid for that call).
    """
    n = max(len(rows), 1)
    top_quality = sum(row.scores.get(top, 0.0) for row in rows) / n
    top_cost = sum(_top_cost(row, top, top_price) for row in rows)
    quality = sum(r.score for r in records) / n
    cost = sum(r.cost_usd for r in records)
    mix = Counter(r.final_tier or "error" for r in records)
    return ReplaySummary(
        rows=len(rows),
        quality=quality,
        top_quality=top_quality,
        quality_share=quality / top_quality if top_quality else 0.0,
        cost_usd=cost,
        top_cost_usd=top_cost,
        cost_share=cost / top_cost if top_cost else 0.0,
        tier_mix={tier: count / n for tier, count in sorted(mix.items())},
        top_call_share=sum(1 for r in records if top in r.called) / n,
        escalation_rate=sum(1 for r in records if r.escalations) / n,
        errors=sum(1 for r in records if r.error),
    )


def _top_cost(row: OutcomeRow, top: str, price: Price | None) -> float:
    recorded = row.cost_usd.get(top)
    if recorded is not None or price is None:
        return recorded or 0.0
    usage = Usage(
        prompt_tokens=estimated_tokens(row.prompt),
        completion_tokens=recorded_output_tokens(row, top),
    )
    return cost_usd(price, usage)


def recorded_tiers(rows: list[OutcomeRow]) -> set[str]:
    """Data tiers whose answer every row recorded."""
    tiers = {tier for row in rows for tier in row.scores}
    return {tier for tier in tiers if all(tier in row.responses for row in rows)}


def replay_setup(
    policy_path: Path, rows: list[OutcomeRow], classifier: Path | None
) -> tuple[Policy, Backends, dict[TierName, str], str]:
    """The replay policy, its backends, the tier mapping and the data's top tier."""
    ladder = data_tiers({tier for row in rows for tier in row.scores})
    mapping = ladder_map(ladder)
    policy = replay_policy(load_policy(policy_path), mapping, classifier, recorded_tiers(rows))
    return policy, Backends(overrides={"replay": ReplayBackend(rows)}), mapping, ladder[-1]


def build_replay_router(
    policy_path: Path, rows: list[OutcomeRow], classifier: Path | None
) -> tuple[Router, dict[TierName, str], str]:
    """The router, the tier mapping and the data's top tier for a replay run."""
    policy, backends, mapping, top = replay_setup(policy_path, rows, classifier)
    return Router(policy, backends=backends), mapping, top
