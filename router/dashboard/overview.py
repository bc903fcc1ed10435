"""The live overview: the decision log's newest records over a time window, bucketed."""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel

from router.dashboard.cost_basis import CostBasis
from router.policy.model import TIER_NAMES
from router.stores.decision_log import DecisionRecord, Record
from router.usage.quantiles import Quantiles, quantiles

__all__ = ["Overview", "Quantiles", "overview"]


class Overview(BaseModel):
    """What the overview page draws (money in ``cost_label``'s units)."""

    log_enabled: bool
    window_s: int
    bucket_s: int
    #: Start (unix seconds) of every bucket, oldest first.
    buckets: list[float]
    #: Requests per final tier in each bucket.
    per_tier: dict[str, list[int]]
    requests: int
    counts: dict[str, int]
    mix: dict[str, float]
    spent_usd: float
    all_top_usd: float
    saving: float | None
    cost_label: str
    escalations: dict[str, int]
    escalated_requests: int
    cache: dict[str, int]
    cache_hit_rate: float | None
    #: Since the process started (from its metrics).
    handoffs: dict[str, int]
    latency: dict[str, Quantiles]
    first_token: dict[str, Quantiles]


def overview(
    records: Sequence[Record],
    basis: CostBasis,
    *,
    handoffs: dict[str, int],
    log_enabled: bool,
    window_s: int = 3600,
    buckets: int = 30,
    now: float | None = None,
) -> Overview:
    """The overview of the decisions of the last ``window_s`` seconds."""
    now = time.time() if now is None else now
    bucket_s = max(1, math.ceil(window_s / buckets))
    start = now - bucket_s * buckets
    decisions = [r for r in records if isinstance(r, DecisionRecord) and r.time >= start]
    per_tier: dict[str, list[int]] = {t: [0] * buckets for t in TIER_NAMES}
    counts: Counter[str] = Counter()
    escalations: Counter[str] = Counter()
    cache: Counter[str] = Counter()
    latency: dict[str, list[float]] = {t: [] for t in TIER_NAMES}
    first_token: dict[str, list[float]] = {t: [] for t in TIER_NAMES}
    spent = all_top = 0.0
    escalated = 0
    top = TIER_NAMES[-1]
    for record in decisions:
        tier = record.final_tier
        index = min(buckets - 1, int((record.time - start) // bucket_s))
        per_tier.setdefault(tier, [0] * buckets)[index] += 1
        counts[tier] += 1
        escalations.update(record.escalations)
        escalated += bool(record.escalations)
        cache[record.cache] += 1
        latency.setdefault(tier, []).append(record.latency_s)
        if record.first_token_s is not None:
            first_token.setdefault(tier, []).append(record.first_token_s)
        if record.cache == "hit":
            continue  # a cached answer costs nothing, and would have cost nothing on top
        if basis.kind == "price":
            spent += record.cost_usd
        else:
            spent += sum(basis.usd(t, 0, 0) for t in record.called)
        all_top += basis.usd(top, record.input_tokens, record.output_tokens)
    total = len(decisions)
    looked_up = cache["hit"] + cache["miss"]
    return Overview(
        log_enabled=log_enabled,
        window_s=window_s,
        bucket_s=bucket_s,
        buckets=[start + i * bucket_s for i in range(buckets)],
        per_tier=per_tier,
        requests=total,
        counts={t: counts[t] for t in per_tier},
        mix={t: counts[t] / total for t in per_tier} if total else {},
        spent_usd=spent,
        all_top_usd=all_top,
        saving=1 - spent / all_top if all_top > 0 else None,
        cost_label=basis.label,
        escalations=dict(escalations.most_common()),
        escalated_requests=escalated,
        cache=dict(cache),
        cache_hit_rate=cache["hit"] / looked_up if looked_up else None,
        handoffs=handoffs,
        latency={t: quantiles(v) for t, v in latency.items()},
        first_token={t: quantiles(v) for t, v in first_token.items()},
    )
