"""What a request's length says to the learner: routing decides each request by its own
cost, so the promise counts each at its own length; a longer request of a segment may lose
more (a slope learned from judged outcomes and a prior); a prior carries each segment's
lengths for the traffic to come."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from router import load_policy
from router.engine.learned import learned_choice, segment_loss
from router.learning.fitting.fit import fit_learned
from router.learning.fitting.prior import fit_prior, known_before
from router.learning.fitting.promise import Table, rate_for_target
from router.learning.learner import LENGTHS_KEPT, Learner
from router.learning.outcomes import CallCost, Outcome
from router.policy.model import Policy
from tests.conftest import DEFAULT_POLICY

PER_TOKEN = {"small": 1e-7, "mid": 6e-7, "reasoning": 2.5e-6}


def _policy(**learning: object) -> Policy:
    data = load_policy(DEFAULT_POLICY).model_dump(mode="json")
    data["learning"].update({"segment_by": ["queue"], **learning})
    return Policy.model_validate(data)


def _calls() -> list[CallCost]:
    return [
        CallCost(tier, tokens, per_token * tokens)  # type: ignore[arg-type]
        for tier, per_token in PER_TOKEN.items()
        for tokens in range(50, 5000, 100)
    ]


def _table(tokens: list[int], small_loss: float) -> Table:
    """One segment whose requests have these lengths; small loses ``small_loss``, mid
    nothing; nothing uncertain."""
    sample = np.array([[PER_TOKEN[t] * n for t in PER_TOKEN] for n in tokens])
    logged = np.log(np.array(tokens, dtype=float))
    zeros = np.zeros((1, 3))
    return Table(
        keys=[()],
        loss=np.array([[small_loss, 0.0, 0.0]]),
        var=zeros,
        top=np.array([1.0]),
        cost=sample.mean(axis=0, keepdims=True),
        requests=np.array([100.0]),
        past=zeros,
        spread=np.zeros(3),
        unseen=np.zeros(3),
        sample_cost=sample,
        sample_segment=np.zeros(len(tokens), dtype=np.intp),
        sample_log_tokens=logged,
        log_mean=np.array([logged.mean()]),
        slope=np.zeros(3),
    )


def test_the_promise_routes_each_request_by_its_own_cost() -> None:
    # half the requests are short, half 100 times longer: the long ones go to the small
    # tier (which loses a fifth of its answers) and the short ones to mid: 90% kept. One
    # tier for the whole segment would keep 80% or pay mid's price for all.
    table = _table([100, 10_000], small_loss=0.2)
    rate, (quality, lower, cost), meets = rate_for_target(table, 0.9, 0.95)
    assert meets
    assert quality == pytest.approx(0.9) and lower == pytest.approx(0.9)
    short_mid, long_small = 6e-7 * 100, 1e-7 * 10_000
    assert cost == pytest.approx((short_mid + long_small) / (2.5e-6 * 10_100))
    # the least rate that keeps it: just where a short request's mid beats its small
    assert (6e-7 - 1e-7) * 100 / 0.2 < rate < 1.01 * (6e-7 - 1e-7) * 100 / 0.2
    # a target above what that mix keeps: everything to mid
    _, (quality, _, cost), meets = rate_for_target(table, 0.95, 0.95)
    assert meets and quality == pytest.approx(1.0)
    assert cost == pytest.approx(6e-7 * 10_100 / (2.5e-6 * 10_100))


def _lengthy(n: int, seed: int = 0) -> list[Outcome]:
    """``billing`` requests of 50-5000 tokens: small is right on the short half, wrong on
    the long half; mid and the top tier always right."""
    rng = random.Random(seed)
    result = []
    for _ in range(n):
        tokens = round(math.exp(rng.uniform(math.log(50), math.log(5000))))
        small = 1.0 if tokens < 500 else 0.0
        result.append(
            Outcome(
                scores={"small": small, "mid": 1.0, "reasoning": 1.0},
                input_tokens=tokens,
                segment={"queue": "billing"},
            )
        )
    return result


def test_a_longer_request_is_expected_to_lose_more() -> None:
    learned = fit_learned(_lengthy(200), _calls(), _policy()).learned
    # small loses half overall; from short (right) to long (wrong) over ~4.6 units of log
    assert 0.2 < learned.length_slope["small"] < 0.5
    assert learned.length_slope["mid"] == pytest.approx(0.0, abs=1e-9)
    billing = next(s for s in learned.segments if s.when == {"queue": "billing"})
    assert billing.log_tokens == pytest.approx(0.5 * (math.log(50) + math.log(5000)), abs=0.3)
    short = segment_loss(learned, {"queue": "billing"}, 60)["small"]
    long = segment_loss(learned, {"queue": "billing"}, 4000)["small"]
    assert short < billing.loss["small"] < long
    # the decision weighs it: the long request, whose small answer is dear to lose, is not
    # sent to small for being long
    routed = _policy().with_learned(learned)
    choice = learned_choice("x" * 4 * 4000, {"queue": "billing"}, routed)
    assert choice.loss["small"] == pytest.approx(long)
    assert choice.tier != "small"


def test_a_prior_carries_each_segments_lengths_and_the_slope() -> None:
    outcomes = _lengthy(400)
    prior = fit_prior(outcomes, _calls(), _policy(), source="history")
    (segment,) = prior.segments
    assert len(segment.input_tokens) == 16
    assert segment.input_tokens == sorted(segment.input_tokens)
    assert 50 <= segment.input_tokens[0] < 100 and 2500 < segment.input_tokens[-1] <= 5000
    assert 0.2 < prior.length_slope["small"] < 0.5
    assert prior.log_tokens_variance == pytest.approx(
        float(np.var(np.log([o.input_tokens for o in outcomes]))), rel=0.01
    )
    known = known_before(prior)
    assert known.tokens == {(("queue", "billing"),): segment.input_tokens}
    assert known.slopes is not None
    assert known.slopes.slope[0] == pytest.approx(prior.length_slope["small"])
    # a fit with the prior and a few judged outcomes of its own leans on the prior's slope
    few = fit_learned(_lengthy(4, seed=3), _calls(), _policy(prior=prior.model_dump()))
    assert few.learned.length_slope["small"] == pytest.approx(prior.length_slope["small"], rel=0.1)


def test_the_learner_keeps_the_newest_lengths_of_each_segment() -> None:
    learner = Learner()
    for tokens in range(LENGTHS_KEPT + 10):
        learner.saw({"queue": "billing"}, "small", tokens)
    learner.saw({"queue": "outage"}, "reasoning")
    assert list(learner.lengths[(("queue", "billing"),)]) == list(range(10, LENGTHS_KEPT + 10))
    assert not learner.lengths[(("queue", "outage"),)]
    assert learner.traffic[(("queue", "billing"),)]["small"] == LENGTHS_KEPT + 10
