"""What shadow judging may spend: a share of what the top tier would cost for the traffic
seen (over it, requests are judged only at ``min_rate``), and a hard budget per UTC day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from router.policy.model import ShadowSettings

__all__ = ["ShadowBudget"]


def _utc_day() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


class ShadowBudget:
    """Shadow spend against its two limits."""

    def __init__(self, day: Callable[[], str] = _utc_day) -> None:
        self._day = day
        self._today = ""
        self.spent_today_usd = 0.0
        #: All shadow spend, and what sending the traffic seen to the top tier would cost.
        self.spent_usd = 0.0
        self.top_usd = 0.0

    def _roll(self) -> None:
        today = self._day()
        if today != self._today:
            self._today, self.spent_today_usd = today, 0.0

    def saw(self, top_cost_usd: float) -> None:
        """One request served, whose top-tier call would have cost ``top_cost_usd``."""
        self.top_usd += top_cost_usd

    def chance(
        self, settings: ShadowSettings, chance: float, *, warming_up: bool, expected_usd: float
    ) -> float:
        """The chance of judging a request the sampler gives ``chance``: 0 when its
        expected cost would pass today's budget; at most ``min_rate`` over the spend share
        (not while warming up)."""
        self._roll()
        if self.spent_today_usd + expected_usd > settings.daily_budget_usd:
            return 0.0
        if not warming_up and self.spent_usd > settings.max_spend_share * self.top_usd:
            return min(chance, settings.min_rate)
        return chance

    def pay(self, usd: float) -> None:
        """Shadow calls made."""
        self._roll()
        self.spent_today_usd += usd
        self.spent_usd += usd

    def today_usd(self) -> float:
        """Shadow spend today."""
        self._roll()
        return self.spent_today_usd
