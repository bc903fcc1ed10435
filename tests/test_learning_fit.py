"""The learner's parts: the fit of the learned routing, the decision it makes, where it
judges next, and recalibration every N outcomes."""

from __future__ import annotations

import math
import random
from statistics import NormalDist

import pytest
from pydantic import ValidationError

from router import Router, load_policy
from router.engine.learned import learned_choice
from router.learning.fitting.fit import fit_learned
from router.learning.learner import MAX_TRAFFIC_SEGMENTS, Learner
from router.learning.outcomes import CallCost, Outcome
from router.learning.sampling import shadow_plan
from router.policy.model import Policy
from tests.conftest import DEFAULT_POLICY


def _policy(**learning: object) -> Policy:
    data = load_policy(DEFAULT_POLICY).model_dump(mode="json")
    data["learning"].update({"segment_by": ["queue"], **learning})
    return Policy.model_validate(data)


def _outcomes(n: int = 200, seed: int = 0) -> list[Outcome]:
    """``billing``: every tier right; ``outage``: only the top tier right."""
    rng = random.Random(seed)
    result = []
    for i in range(n):
        queue = "billing" if i % 2 else "outage"
        right = 1.0 if queue == "billing" else 0.0
        tokens = rng.randint(50, 400)
        scores = {"small": right, "mid": right, "reasoning": 1.0}
        result.append(Outcome(scores=scores, input_tokens=tokens, segment={"queue": queue}))
    return result


def _calls() -> list[CallCost]:
    per_token = {"small": 1e-7, "mid": 6e-7, "reasoning": 2.5e-6}
    return [
        CallCost(tier, tokens, 1e-6 + per_token[tier] * tokens)  # type: ignore[arg-type]
        for tier in per_token
        for tokens in range(50, 450, 25)
    ]


def test_the_fit_learns_each_segments_loss_and_what_calls_cost() -> None:
    fit = fit_learned(_outcomes(), _calls(), _policy())
    learned = fit.learned
    segments = {s.when["queue"]: s for s in learned.segments}
    # the losses written are cautious: shrunk toward all traffic's, plus half a standard
    # error (a segment is known from 100 outcomes, not exactly)
    assert segments["billing"].loss["small"] == pytest.approx(0.0, abs=0.1)
    assert segments["outage"].loss["small"] == pytest.approx(1.0, abs=0.1)
    assert segments["outage"].outcomes == 100
    assert learned.cost["mid"].per_input_token_usd == pytest.approx(6e-7)
    assert learned.cost["reasoning"].per_call_usd == pytest.approx(1e-6)
    assert fit.meets_target
    assert learned.quality_lower_bound is not None
    assert learned.quality_lower_bound >= 0.95
    assert learned.quality_share is not None
    assert learned.quality_lower_bound <= learned.quality_share
    assert learned.cost_share is not None
    assert learned.cost_share < 0.7  # billing goes to the small tier


def test_feedback_refines_a_segments_losses_and_is_not_a_judged_outcome() -> None:
    """Judging says the small tier does well on billing; the helpdesk says its billing
    answers were reopened while the top tier's were resolved: the segment's small loss
    moves toward what the feedback shows. Feedback is not counted as judging there."""
    judged = [o for o in _outcomes() if o.segment == {"queue": "outage"}]
    judged += [o for o in _outcomes() if o.segment == {"queue": "billing"}][:10]
    feedback = [
        Outcome(scores={tier: score}, input_tokens=100, segment={"queue": "billing"}, served=tier)
        for tier, score in (("small", 0.0), ("reasoning", 1.0))
        for _ in range(40)
    ]
    without = fit_learned(judged, _calls(), _policy()).learned
    with_feedback = fit_learned(judged + feedback, _calls(), _policy()).learned
    before = {s.when["queue"]: s for s in without.segments}["billing"]
    after = {s.when["queue"]: s for s in with_feedback.segments}["billing"]
    assert after.loss["small"] > before.loss["small"] + 0.15, (before, after)
    assert after.loss["mid"] == pytest.approx(before.loss["mid"])  # no feedback on mid
    assert after.outcomes == 10 + 80
    learner = Learner()
    for outcome in judged[-10:] + feedback:
        learner.add_outcome(outcome)
    assert learner.segment_outcomes({"queue": "billing"}) == 10


def test_the_learned_routing_decides_by_segment_and_says_why() -> None:
    policy = _policy()
    fit = fit_learned(_outcomes(), _calls(), policy)
    data = policy.model_dump(mode="json")
    data["routing"]["learned"] = fit.learned.model_dump(mode="json")
    router = Router(Policy.model_validate(data))
    # as long as the requests learned from (the cost a cheaper tier saves grows with it)
    text = "The export of my invoices fails since yesterday, what can I do? " * 20
    billing = router.decide(text, {"queue": "Billing"})
    outage = router.decide(text, {"queue": "outage"})
    assert billing.tier == "small"
    assert outage.tier == "reasoning"
    reason = outage.reasons[0]
    assert reason.kind == "learned"
    assert "queue=outage" in reason.detail and "-> reasoning" in reason.detail


def test_rules_still_apply_after_the_learned_routing() -> None:
    policy = _policy()
    fit = fit_learned(_outcomes(), _calls(), policy)
    data = policy.model_dump(mode="json")
    data["routing"]["learned"] = fit.learned.model_dump(mode="json")
    router = Router(Policy.model_validate(data))
    # the default policy floors security incidents at mid
    text = "We had a data breach after the export of the invoices, who do we call? " * 20
    decision = router.decide(text, {"queue": "billing"})
    assert decision.tier == "mid"
    assert [r.kind for r in decision.reasons[:2]] == ["learned", "rule"]


def test_the_top_tier_for_everything_when_nothing_cheaper_keeps_the_quality() -> None:
    outcomes = [
        Outcome(scores={"small": 0.0, "mid": 0.0, "reasoning": 1.0}, input_tokens=100)
        for _ in range(50)
    ]
    policy = _policy()
    fit = fit_learned(outcomes, _calls(), policy)
    data = policy.model_dump(mode="json")
    data["routing"]["learned"] = fit.learned.model_dump(mode="json")
    choice = learned_choice("anything at all", {}, Policy.model_validate(data))
    assert choice.tier == "reasoning"
    assert fit.learned.loss == {"small": 1.0, "mid": 1.0}


def test_shadow_sampling_warms_up_then_judges_where_it_is_unsure() -> None:
    settings = _policy().learning.shadow
    warm = shadow_plan(settings, None, 0.0, outcomes=3, segment_outcomes=3)
    assert warm.chance == 1.0
    assert warm.tiers == ("small", "mid", "reasoning")
    policy = _policy()
    fit = fit_learned(_outcomes(400), _calls(), policy)
    data = policy.model_dump(mode="json")
    data["routing"]["learned"] = fit.learned.model_dump(mode="json")
    learned = Policy.model_validate(data)
    rate = fit.learned.exchange_usd
    text = "short question"
    sure = learned_choice(text, {"queue": "outage"}, learned)
    plan = shadow_plan(settings, sure, rate, outcomes=400, segment_outcomes=200)
    assert plan.chance == settings.min_rate
    assert "reasoning" in plan.tiers
    new_segment = learned_choice(text, {"queue": "refunds"}, learned)
    plan = shadow_plan(settings, new_segment, rate, outcomes=400, segment_outcomes=0)
    assert plan.chance == settings.max_rate


def test_the_learner_recalibrates_every_n_outcomes() -> None:
    policy = _policy(recalibrate={"every": 25, "apply": "reload"}, shadow={"warmup": 20})
    learner = Learner()
    for call in _calls():
        learner.add_call(call.tier, call.input_tokens, call.cost_usd)
    outcomes = _outcomes(60)
    for outcome in outcomes[:19]:
        learner.add_outcome(outcome)
    assert not learner.due(policy)
    learner.add_outcome(outcomes[19])
    assert learner.due(policy)
    first = learner.recalibrate(policy)
    assert first.policy.routing.learned is not None
    assert first.policy.version != policy.version
    assert "recalibrated on 20 outcomes: thresholds ->" in first.describe()
    for outcome in outcomes[20:44]:
        learner.add_outcome(outcome)
    assert not learner.due(first.policy)
    learner.add_outcome(outcomes[44])
    assert learner.due(first.policy)
    second = learner.recalibrate(first.policy)
    assert second.outcomes == 45
    assert second.before.startswith("quality ")


@pytest.mark.parametrize(
    ("learning", "field"),
    [
        ({"target_quality": 1.5}, "learning.target_quality"),
        ({"feedback": {"csat": {1: 0.0, 5: 1.0}}}, "learning.feedback.csat"),
        ({"shadow": {"max_rate": 2}}, "learning.shadow.max_rate"),
        ({"recalibrate": {"apply": "sometimes"}}, "learning.recalibrate.apply"),
        ({"sample": 0.1}, "learning.sample"),
    ],
)
def test_a_bad_learning_section_names_its_field(learning: dict, field: str) -> None:
    data = load_policy(DEFAULT_POLICY).model_dump(mode="json")
    data["learning"].update(learning)
    with pytest.raises(ValidationError) as error:
        Policy.model_validate(data)
    located = {".".join(str(p) for p in e["loc"]) for e in error.value.errors()}
    assert any(loc.startswith(field) for loc in located), located


def test_the_quality_delivered_counts_a_judged_request_as_the_requests_it_stands_for() -> None:
    """A request judged with chance 1/4 stands for 4: itself, answered by the top tier
    (``serve_top``), and 3 answered by the tier routing chose."""
    learner = Learner()
    learner.add_outcome(
        Outcome(
            scores={"small": 0.0, "mid": 1.0, "reasoning": 1.0},
            input_tokens=100,
            weight=4.0,
            served="reasoning",
            routed="small",
        )
    )
    delivered = learner.delivered()
    assert delivered is not None
    assert delivered[0] == pytest.approx(0.25) and delivered[2] == 1


def test_the_learner_aims_above_the_target_while_what_it_delivered_falls_short() -> None:
    policy = _policy()
    target = policy.learning.target_quality
    z = NormalDist().inv_cdf(policy.learning.confidence)

    def delivering(lost: int, judged: int = 400) -> Learner:
        """``judged`` requests routed to the small tier, which lost ``lost`` of them."""
        learner = Learner()
        for i in range(judged):
            right = 0.0 if i < lost else 1.0
            scores = {"small": right, "mid": right, "reasoning": 1.0}
            learner.add_outcome(
                Outcome(scores=scores, input_tokens=100, served="small", routed="small")
            )
        return learner

    def beyond_noise(lost: int, judged: int = 400) -> float:
        share = 1 - lost / judged
        return target - share - z * math.sqrt(share * (1 - share) / judged)

    # 94%: short of the target by less than its uncertainty, so the target stands
    assert beyond_noise(24) < 0
    assert delivering(24).aim(policy) == pytest.approx(target)
    # 90%: the shortfall beyond the uncertainty
    assert delivering(40).aim(policy) == pytest.approx(target + beyond_noise(40))
    assert delivering(80).aim(policy) == pytest.approx(target + 0.04)  # 80%: at most 4 points
    # a few judged requests say nothing yet, however many were wrong
    assert delivering(20, judged=40).aim(policy) == pytest.approx(target)
    recalibration = delivering(40).recalibrate(policy)
    assert f"aiming at {target + beyond_noise(40):.1%} to make up a shortfall" in (
        recalibration.describe()
    )


def test_the_traffic_counted_is_bounded_whatever_segments_callers_send() -> None:
    learner = Learner()
    for i in range(MAX_TRAFFIC_SEGMENTS + 50):
        learner.saw({"queue": f"q{i}"}, "small")
    learner.saw({"queue": "q0"}, "mid")
    assert len(learner.traffic) == MAX_TRAFFIC_SEGMENTS
    assert learner.traffic[(("queue", "q0"),)] == {"small": 1, "mid": 1}


def test_the_lower_bound_counts_each_requests_own_outcome_too() -> None:
    # one queue where small is wrong one time in ten, known from 400 judged requests:
    # the bound counts the estimate's uncertainty (sd 0.3 / sqrt(400) per request) and,
    # as much again, each request's own outcome varying about it (sd 0.3)
    outcomes = [
        Outcome(
            scores={"small": float(i % 10 != 0), "mid": 1.0, "reasoning": 1.0},
            input_tokens=200,
            segment={"queue": "billing"},
        )
        for i in range(400)
    ]
    learned = fit_learned(outcomes, _calls(), _policy(target_quality=0.8)).learned
    assert learned.quality_share == pytest.approx(0.9, abs=0.005)  # small answers all
    assert learned.quality_lower_bound is not None
    z = NormalDist().inv_cdf(0.95)
    gap = learned.quality_share - learned.quality_lower_bound
    assert gap == pytest.approx(z * math.sqrt(2 * 0.09 / 400), rel=0.1)
