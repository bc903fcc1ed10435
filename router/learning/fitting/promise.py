"""The promise of a learned routing, and the exchange rate it is made at.

Per segment and tier the fit hands over a :class:`Table`: what each tier loses against the
top tier and how uncertain that is, the top tier's mean score, what a call costs, and the
requests counted (served so far, by the tier that answered them; and to come), and a
sample of each segment's requests' call costs and lengths. At an exchange rate, each
request of the sample goes to the tier of least cost + rate x cautious loss (more for a
request longer than its segment's mean), as the decision routes it, and stands for its
share of the segment's traffic to come; the promise is the quality share of the top
tier's over the whole stream, its lower bound at the stated confidence, and the cost
share. The rate chosen is the least whose lower bound reaches the target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from router.learning.fitting.judged import Floats, Key

__all__ = ["CAUTION", "RATES", "Table", "rate_for_target"]

#: Exchange rates tried, as multiples of the top tier's mean call cost.
RATES = np.geomspace(0.05, 1000.0, 120)
#: A cheaper tier is taken at its loss plus this many standard errors of it.
CAUTION = 1.0
#: Halvings of the step between two rates tried, to find the least that reaches the target.
_BISECTIONS = 8


@dataclass(frozen=True)
class Table:
    """Per segment (rows) and tier (columns): the loss estimate and its variance, the top
    tier's mean score, the expected cost of a call, and the requests counted (``past``:
    served so far, by tier; ``requests``: to come); and a sample of each segment's
    requests' call costs: the traffic to come is routed request by request, by its own."""

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
    #: The expected calls' costs (rows x tiers) of a sample of each segment's requests ...
    sample_cost: Floats
    #: ... and the segment (row) each is of, and the log of its input tokens;
    sample_segment: NDArray[np.intp]
    sample_log_tokens: Floats
    #: each segment's mean of those;
    log_mean: Floats
    #: and how much more each tier loses per unit of log above it.
    slope: Floats

    @property
    def cautious(self) -> Floats:
        """The losses routing goes by."""
        return self.loss + CAUTION * np.sqrt(self.var)


def rate_for_target(
    table: Table, target: float, confidence: float
) -> tuple[float, tuple[float, float, float], bool]:
    """The least exchange rate at which the quality share's lower bound reaches ``target``
    (the dearest one tried, and False, when none does), with its estimate there: quality
    share, lower bound and cost share, over the traffic served and to come."""
    requests = np.maximum(table.requests, 1e-12)
    past_lost = float((table.past * table.loss).sum())
    total = requests + table.past.sum(axis=1)
    top_spent = float((total * table.cost[:, -1]).sum()) or 1e-12
    top_cost = top_spent / float(total.sum()) or 1.0
    best = float((total * table.top).sum()) or 1e-12
    z = NormalDist().inv_cdf(confidence)
    segments, tiers = table.loss.shape
    of = table.sample_segment
    # each sampled request counts for its share of its segment's
    each = 1.0 / np.maximum(np.bincount(of, minlength=segments), 1)[of]
    above = (table.sample_log_tokens - table.log_mean[of])[:, None] * table.slope[None, :]
    cautious = table.cautious[of] + above
    sample_loss = table.loss[of] + above
    rows = np.arange(len(of))

    def estimate_at(rate: float) -> tuple[float, float, float]:
        value = table.sample_cost + rate * cautious
        # ties go to the dearer tier (as the decision does)
        chosen = (tiers - 1) - np.argmin(value[:, ::-1], axis=1)
        share = np.bincount(of * tiers + chosen, weights=each, minlength=segments * tiers)
        share = share.reshape(segments, tiers)
        paid = np.bincount(of, weights=each * table.sample_cost[rows, chosen], minlength=segments)
        routed_loss = np.bincount(of, weights=each * sample_loss[rows, chosen], minlength=segments)
        # the traffic served so far at what it got (what was served better than this
        # routing would is spent on the traffic to come, and what was lost is made up);
        # the traffic to come as routed
        counts = table.past + requests[:, None] * share
        lost = past_lost + float((requests * routed_loss).sum())
        # the estimates' uncertainty, and each request's own outcome varying about them
        spread = math.sqrt(
            float((counts**2 * table.var).sum()) + float((counts[:, :-1] * table.spread[:-1]).sum())
        )
        quality = 1.0 - lost / best
        spent = float((table.past * table.cost).sum() + (requests * paid).sum())
        return quality, quality - z * spread / best, spent / top_spent

    estimate = (1.0, 1.0, 1.0)
    below = 0.0
    for multiple in RATES:
        rate = float(multiple) * top_cost
        estimate = estimate_at(rate)
        if estimate[1] >= target:
            # between the rate tried before and this one, the least that reaches it
            for _ in range(_BISECTIONS):
                middle = 0.5 * (below + rate)
                at_middle = estimate_at(middle)
                if at_middle[1] >= target:
                    rate, estimate = middle, at_middle
                else:
                    below = middle
            return rate, estimate, True
        below = rate
    return float(RATES[-1]) * top_cost, estimate, False
