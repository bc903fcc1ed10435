"""The promise of a learned routing, and the exchange rate it is made at.

Per segment and tier the fit hands over a :class:`Table`: what each tier loses against the
top tier and how uncertain that is, the top tier's mean score, what a call costs, and the
requests counted (served so far, by the tier that answered them; and to come). At an
exchange rate, each segment's traffic to come goes to the tier of least cost + rate x
cautious loss; the promise is the quality share of the top tier's over the whole stream,
its lower bound at the stated confidence, and the cost share. The rate chosen is the middle
of the rates that choose as the least one whose lower bound reaches the target does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from router.learning.fitting.judged import Floats, Key
from router.policy.model import TIER_NAMES

__all__ = ["CAUTION", "RATES", "Table", "rate_for_target"]

#: Exchange rates tried, as multiples of the top tier's mean call cost.
RATES = np.geomspace(0.05, 1000.0, 120)
#: A cheaper tier is taken at its loss plus this many standard errors of it.
CAUTION = 0.5


@dataclass(frozen=True)
class Table:
    """Per segment (rows) and tier (columns): the loss estimate and its variance, the top
    tier's mean score, the expected cost of a call, and the requests counted (``past``:
    served so far, by tier; ``requests``: to come)."""

    keys: list[Key]
    loss: Floats
    var: Floats
    top: Floats
    cost: Floats
    #: The requests to come that routing decides, per segment.
    requests: Floats
    #: The requests served so far, per segment and the tier that answered them.
    past: Floats
    #: One outcome's spread of loss within a segment, per tier.
    spread: Floats
    #: What a segment not seen yet is taken to lose (all traffic's, cautiously).
    unseen: Floats

    @property
    def cautious(self) -> Floats:
        """The losses routing goes by."""
        return self.loss + CAUTION * np.sqrt(self.var)


def rate_for_target(
    table: Table, target: float, confidence: float
) -> tuple[float, tuple[float, float, float], bool]:
    """The exchange rate at which the quality share's lower bound reaches ``target`` (the
    middle of the rates that choose as the least such rate does; the dearest one tried,
    and False, when none does), with its estimate at the least: quality share, lower
    bound and cost share, over the traffic served and to come."""
    requests = np.maximum(table.requests, 1e-12)
    past_requests = table.past.sum(axis=1)
    past_lost = float((table.past * table.loss).sum())
    total = requests + past_requests
    top_spent = float((total * table.cost[:, -1]).sum()) or 1e-12
    top_cost = top_spent / float(total.sum()) or 1.0
    best = float((total * table.top).sum()) or 1e-12
    z = NormalDist().inv_cdf(confidence)
    rows = np.arange(len(table.keys))
    serving = table.requests > 0  # a segment only a prior knows chooses nothing here

    def chosen_at(rate: float) -> NDArray[np.intp]:
        value = table.cost + rate * table.cautious
        # ties go to the dearer tier (as the decision does)
        chosen: NDArray[np.intp] = (len(TIER_NAMES) - 1) - np.argmin(value[:, ::-1], axis=1)
        return chosen

    estimate = (1.0, 1.0, 1.0)
    for i, multiple in enumerate(RATES):
        chosen = chosen_at(float(multiple) * top_cost)
        # the traffic served so far at what it got, no better than this choice would
        # have served it (a surplus is estimated, not spent); the traffic to come as chosen
        counts = table.past.copy()
        counts[rows, chosen] += requests
        lost = float((counts * table.loss).sum()) + max(
            float((past_requests * table.loss[rows, chosen]).sum() - past_lost), 0.0
        )
        # the estimates' uncertainty, and each request's own outcome varying about them
        spread = math.sqrt(
            float((counts**2 * table.var).sum()) + float((counts[:, :-1] * table.spread[:-1]).sum())
        )
        quality = 1.0 - lost / best
        spent = float((counts * table.cost).sum())
        estimate = (quality, quality - z * spread / best, spent / top_spent)
        if estimate[1] >= target:
            # the middle of the rates that choose the same (a request longer or shorter
            # than its segment's mean is then decided as the segment is)
            last = i
            while last + 1 < len(RATES) and np.array_equal(
                chosen_at(float(RATES[last + 1]) * top_cost)[serving], chosen[serving]
            ):
                last += 1
            middle = math.sqrt(float(multiple) * float(RATES[last]))
            return middle * top_cost, estimate, True
    return float(RATES[-1]) * top_cost, estimate, False
