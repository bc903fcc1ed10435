"""Injected faults: which requests fail, and how.

Models named ``chaos-*`` draw each request's fate from the stub's :class:`FaultPlan` (a
seeded random draw, so a run is reproducible up to the order requests arrive in): a 500
(``error500``), an answer that comes after ``slow_s`` (``slow``: past the tier's
timeout), a connection reset (TCP RST) mid-response (``reset``), or a response cut short
(``truncated``: a JSON body that stops half-way; an event stream that ends cleanly but
without a finish reason or ``[DONE]``). ``down-*`` models always answer 500, counted as
faults of kind ``down``. Other models meet no fault.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["FAULT_KINDS", "FaultPlan", "fault_for"]

FAULT_KINDS = ("error500", "slow", "reset", "truncated")


@dataclass(frozen=True)
class FaultPlan:
    """The share of ``chaos-*`` requests that meet each fault (the rest answer)."""

    error500: float = 0.0
    slow: float = 0.0
    reset: float = 0.0
    truncated: float = 0.0
    slow_s: float = 5.0
    seed: int = 8

    def __post_init__(self) -> None:
        shares = [getattr(self, kind) for kind in FAULT_KINDS]
        if any(s < 0 for s in shares) or sum(shares) > 1:
            raise ValueError(f"fault shares must be >= 0 and add up to <= 1, got {shares}")

    def draw(self, rng: random.Random) -> str | None:
        """The fault for one request, or ``None`` for a correct answer."""
        x = rng.random()
        for kind in FAULT_KINDS:
            share: float = getattr(self, kind)
            if x < share:
                return kind
            x -= share
        return None


def fault_for(model: str, plan: FaultPlan, rng: random.Random) -> str | None:
    """The fault one request to ``model`` meets: ``down`` for ``down-*``, a draw from
    ``plan`` for ``chaos-*``, none for any other model."""
    if model.startswith("down"):
        return "down"
    if model.startswith("chaos"):
        return plan.draw(rng)
    return None
