"""What the decision-log tests share: a policy whose tiers a stub server answers, with
a local decision log, and a decision record."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from router.stores.decision_log import DecisionRecord, LocalDecisionLog, OutcomeRecord
from tests.conftest import TIERROUTE
from tests.live_learning import tier_yaml

__all__ = [
    "COMMITTED", "HEDGED", "calibrate_from_log", "log_judged", "log_judged_texts",
    "logged_policy", "record", "worded_ticket",
]  # fmt: skip


def logged_policy(tmp_path: Path, base: str, log: str = "") -> Path:
    """A policy at ``tmp_path`` of tiers answered at ``base``, segmented by queue, its
    decision log in ``decisions.jsonl`` beside it (``log``: more of its learning section)."""
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "name: logged\ntiers:\n  small:\n"
        + tier_yaml("ok-small", base)
        + "  mid:\n"
        + tier_yaml("ok-mid", base)
        + "  reasoning:\n"
        + tier_yaml("ok-top", base)
        + "routing:\n  thresholds: {mid: 0.99, reasoning: 1.0}\ncache: {enabled: false}\n"
        + "learning:\n  segment_by: [queue]\n  log:\n    path: decisions.jsonl\n"
        + log
    )
    return policy


def record(i: int, ticket: str | None = None) -> DecisionRecord:
    """Request ``r{i}``'s record: the small tier answered it."""
    return DecisionRecord(
        request_id=f"r{i}", ticket_id=ticket, policy_version="v", decided_tier="small",
        final_tier="small", called=["small"], score=0.1, cost_usd=0.001, latency_s=0.01,
        cache="off",
    )  # fmt: skip


def log_judged(
    path: Path,
    judged: Sequence[tuple[DecisionRecord, float | Mapping[str, float]]],
    answers: Sequence[Mapping[str, str]] | None = None,
) -> None:
    """Each record into the local log at ``path``, judged: the small and mid tiers scored
    as given (one score for both, or each its own), the top tier 1; and each tier's
    answer, where ``answers`` gives them."""
    log = LocalDecisionLog(path, max_records=10_000)

    async def fill() -> None:
        for i, (record, right) in enumerate(judged):
            await log.append(record)
            scores = {"small": right, "mid": right} if isinstance(right, float) else right
            for tier, score in {**scores, "reasoning": 1.0}.items():
                await log.append(
                    OutcomeRecord(
                        request_id=record.request_id, tier=tier, score=score, source="shadow",
                        cost_usd={"small": 2e-5, "mid": 1e-4, "reasoning": 5e-4}[tier],
                        answer=answers[i].get(tier) if answers is not None else None,
                    )
                )  # fmt: skip

    asyncio.run(fill())


_WORDS = [
    "invoice",
    "password",
    "export",
    "sync",
    "webhook",
    "quota",
    "backup",
    "login",
    "billing",
    "refund",
    "account",
    "plan",
    "seat",
    "admin",
    "report",
    "email",
    "team",
    "token",
    "api",
    "key",
    "dashboard",
    "chart",
    "upload",
    "folder",
    "share",
]
HEDGED = "Perhaps (A), or maybe (B); I am not certain which applies here."
COMMITTED = "Checking the plan table: the answer is (C)."


def worded_ticket(rng: random.Random, hard: bool) -> str:
    """A ticket whose difficulty only its product's name tells, among words that move the
    shipped classifier's score more (it cannot tell these apart: it never saw either name)."""
    product = "zephyrine" if hard else "quillabel"
    return f"About the {product}: " + " ".join(rng.choice(_WORDS) for _ in range(12))


def log_judged_texts(path: Path, count: int, seed: int = 0) -> None:
    """``count`` judged requests logged with their texts: a third are hard (their ticket
    names one product, the rest another), and on those the small tier hedged and was
    wrong and the mid tier right; elsewhere both committed and were right."""
    rng = random.Random(seed)
    judged: list[tuple[DecisionRecord, float | Mapping[str, float]]] = []
    answers = []
    for i in range(count):
        hard = rng.random() < 1 / 3
        prompt = worded_ticket(rng, hard)
        scores = {"small": float(not hard), "mid": 1.0}
        served = record(i).model_copy(update={"prompt": prompt, "cost_usd": 2e-5})
        judged.append((served, scores))
        small = HEDGED if hard else COMMITTED
        answers.append({"small": small, "mid": COMMITTED, "reasoning": COMMITTED})
    log_judged(path, judged, answers)


def calibrate_from_log(
    policy: Path, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``tierroute calibrate --from-log --policy POLICY ARGS...`` on the local log (no
    ``REDIS_URL``)."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    return subprocess.run(
        [str(TIERROUTE), "calibrate", "--from-log", "--policy", str(policy), *args],
        capture_output=True, text=True, env=env, timeout=timeout,
    )  # fmt: skip
