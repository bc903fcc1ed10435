"""Escalation settings learned from judged requests: which signal fired on which tier's
answer, whether the next tier did better there, and whether that paid for its call; and
routing that counts each tier with its escalations."""

from __future__ import annotations

import numpy as np
import pytest

from router import load_policy
from router.backends.calls import ModelAnswer
from router.engine.answering.escalation import escalation_reason, signals_fired
from router.engine.learned import learned_choice
from router.engine.requests import RouteRequest
from router.learning.fitting.escalation_fit import MIN_FIRED, cascade_of, fit_escalation
from router.learning.fitting.fit import fit_learned
from router.learning.fitting.judged import judged_scores
from router.learning.from_rows import recalibrate_from_rows
from router.learning.learner import Learner
from router.learning.outcomes import CallCost, Outcome
from router.policy.model import EscalationSettings, LearnedEscalation, Policy
from router.stores.decision_log import DecisionRecord, OutcomeRecord
from router.stores.outcome_export import outcome_rows
from tests.conftest import DEFAULT_POLICY

LOOP = "Restart the router first. " * 8


def _policy(signals: list[str], max_steps: int = 1) -> Policy:
    data = load_policy(DEFAULT_POLICY).model_dump(mode="json")
    data["escalation"].update({"signals": signals, "max_steps": max_steps})
    return Policy.model_validate(data)


def _outcome(small: float, mid: float, fired: tuple[str, ...], tokens: int = 100) -> Outcome:
    return Outcome(
        scores={"small": small, "mid": mid, "reasoning": 1.0},
        input_tokens=tokens,
        signals={"small": fired, "mid": (), "reasoning": ()},  # type: ignore[dict-item]
    )


def _costs(n: int) -> np.ndarray:
    return np.tile([1e-5, 6e-5, 2.5e-4], (n, 1))


def test_a_signal_after_which_the_next_tier_did_better_escalates() -> None:
    fired = MIN_FIRED + 2
    outcomes = [_outcome(0.0, 1.0, ("repetition",)) for _ in range(fired)]
    outcomes += [_outcome(1.0, 1.0, ()) for _ in range(30)]
    learned = fit_escalation(outcomes, _costs(len(outcomes)), exchange_usd=0.01, confidence=0.9)
    assert learned == {
        "small": {"repetition": LearnedEscalation(escalate=True, gain=1.0, outcomes=fired)}
    }


def test_a_signal_after_which_the_next_tier_was_no_better_stops_escalating() -> None:
    fired = MIN_FIRED + 2
    outcomes = [_outcome(1.0, 1.0, ("refusal",)) for _ in range(fired)]
    # a correct answer is worth 1e-4 here, and mid's call 6e-5: a gain too small to see
    # in these requests would not pay for it
    learned = fit_escalation(outcomes, _costs(fired), exchange_usd=1e-4, confidence=0.9)
    assert learned["small"]["refusal"].escalate is False
    assert learned["small"]["refusal"].gain == 0.0


def test_too_few_or_too_close_to_tell_leaves_the_policy_setting() -> None:
    few = [_outcome(0.0, 1.0, ("refusal",)) for _ in range(MIN_FIRED - 1)]
    assert fit_escalation(few, _costs(len(few)), 0.01, 0.9) == {}
    # the next tier gained half the time: worth 0.5 x the rate = about its call's cost
    mixed = [_outcome(float(i % 2), 1.0, ("refusal",)) for i in range(MIN_FIRED + 10)]
    assert fit_escalation(mixed, _costs(len(mixed)), exchange_usd=1.2e-4, confidence=0.9) == {}


def test_learned_settings_turn_a_signal_on_or_off_for_one_tier() -> None:
    settings = EscalationSettings(signals=["refusal"])
    refusing = ModelAnswer(model="m", content="I don't know which plan that is.")
    looping = ModelAnswer(model="m", content=LOOP)
    off = {"refusal": LearnedEscalation(escalate=False, gain=0.0, outcomes=12)}
    on = {"repetition": LearnedEscalation(escalate=True, gain=0.8, outcomes=12)}
    assert escalation_reason(refusing, settings, None) == "refusal"
    assert escalation_reason(refusing, settings, None, learned=off) is None
    assert escalation_reason(looping, settings, None) is None
    assert escalation_reason(looping, settings, None, learned=on) == "repetition"


def test_judging_records_every_signal_an_answer_shows_whether_on_or_not() -> None:
    policy = _policy(signals=[])
    answer = ModelAnswer(model="m", content="", finish_reason="length", mean_logprob=-4.0)
    request = RouteRequest(messages=[{"role": "user", "content": "hi"}])
    assert signals_fired(answer, request, policy, "small") == ("length", "refusal", "low_logprob")
    # cut by the caller's own max_tokens (below the tier's budget): the answer asked for
    short = request.model_copy(update={"max_tokens": 5})
    assert signals_fired(answer, short, policy, "small") == ("refusal", "low_logprob")


def test_the_cascade_counts_each_tier_with_its_escalations() -> None:
    outcomes = [_outcome(0.0, 1.0, ("repetition",)), _outcome(1.0, 1.0, ())]
    outcomes.append(Outcome(scores={"small": 0.0, "reasoning": 1.0}, input_tokens=10))
    scores = judged_scores(outcomes)
    on = {"small": {"repetition": LearnedEscalation(escalate=True, gain=1.0, outcomes=12)}}
    cascade = cascade_of(outcomes, scores, _policy(signals=[]), on)
    assert cascade is not None
    assert cascade.scores[:, 0].tolist() == [1.0, 1.0, 0.0]  # the last: signals not known
    assert cascade.share == {"small": 0.5}
    costs = cascade.costs(_costs(3))
    assert costs[0, 0] == pytest.approx(1e-5 + 0.5 * 6e-5)
    assert cascade_of(outcomes, scores, _policy(signals=[], max_steps=0), on) is None
    assert cascade_of(outcomes, scores, _policy(signals=[]), {}) is None


def _looping_outcomes(n: int) -> list[Outcome]:
    """The small tier is right unless its answer loops (every third); then mid is."""
    result = []
    for i in range(n):
        loops = i % 3 == 0
        result.append(_outcome(0.0 if loops else 1.0, 1.0, ("repetition",) if loops else ()))
    return result


def _calls() -> list[CallCost]:
    per_token = {"small": 1e-7, "mid": 6e-7, "reasoning": 2.5e-6}
    return [
        CallCost(tier, tokens, per_token[tier] * tokens)  # type: ignore[arg-type]
        for tier in per_token
        for tokens in range(50, 450, 25)
    ]


def test_routing_sends_requests_to_a_tier_that_escalates_when_that_pays() -> None:
    """Alone, the small tier loses a third of the answers; escalating its looping answers
    to mid loses none, and costs less than asking mid for everything."""
    policy = _policy(signals=["refusal"])
    outcomes = _looping_outcomes(90)
    fit = fit_learned(outcomes, _calls(), policy)
    learned = fit.learned
    assert learned.escalation["small"]["repetition"].escalate is True
    assert learned.escalated["small"] == pytest.approx(1 / 3)
    assert learned.loss["small"] < 0.1
    routed = policy.with_learned(learned)
    choice = learned_choice("My invoice shows the wrong address. " * 10, {}, routed)
    assert choice.tier == "small"
    # its expected cost counts mid's call, as often as small's answers escalate
    assert choice.cost_usd["small"] > learned.cost["small"].per_input_token_usd * 90
    looping = ModelAnswer(model="m", content=LOOP)
    assert escalation_reason(looping, routed.escalation, None, learned=learned.escalation["small"])


def test_a_recalibration_says_what_changed_in_escalation() -> None:
    learner = Learner()
    for outcome in _looping_outcomes(60):
        learner.add_outcome(outcome)
    for call in _calls():
        learner.add_call(call.tier, call.input_tokens, call.cost_usd)
    line = learner.recalibrate(_policy(signals=["refusal"])).describe()
    assert "escalation: small on repetition: escalate (the next tier +1.00 on" in line


def test_the_log_export_keeps_the_signals_and_calibrate_from_log_learns_from_them() -> None:
    """What judging recorded in the decision log reaches ``tierroute calibrate --from-log``
    through the export: the signals each judged answer showed."""
    records: list[DecisionRecord | OutcomeRecord] = []
    for i, outcome in enumerate(_looping_outcomes(3 * MIN_FIRED + 6)):
        request_id = f"r{i}"
        records.append(
            DecisionRecord(
                request_id=request_id,
                policy_version="v",
                decided_tier="small",
                final_tier="reasoning",
                called=["reasoning"],
                score=0.1,
                cost_usd=2.5e-4,
                latency_s=0.01,
                cache="off",
                input_tokens=100,
            )
        )
        for tier, score in outcome.scores.items():
            records.append(
                OutcomeRecord(
                    request_id=request_id,
                    tier=tier,
                    score=score,
                    source="shadow",
                    cost_usd={"small": 1e-5, "mid": 6e-5, "reasoning": 2.5e-4}[tier],
                    signals=list(outcome.signals[tier]),
                )
            )
    rows = outcome_rows(records)
    assert rows[0]["signals"] == {"small": ["repetition"], "mid": [], "large": []}
    recalibration = recalibrate_from_rows(_policy(signals=["refusal"]), rows)
    learned = recalibration.policy.routing.learned
    assert learned is not None
    assert learned.escalation["small"]["repetition"].escalate
    assert learned.escalated["small"] == pytest.approx(1 / 3)


def test_the_quality_delivered_counts_what_was_served_and_escalates_only_the_routed() -> None:
    """A request that mid served (after small escalated) got mid's answer: it is not
    escalated again; one the top tier served for the judge stands for requests the routed
    tier answered, with its escalations."""
    policy = _policy(signals=["refusal"])
    served_mid = Outcome(
        scores={"small": 0.0, "mid": 0.0, "reasoning": 1.0}, input_tokens=10, weight=5.0,
        served="mid", routed="mid", signals={"small": ("refusal",), "mid": ("refusal",)},
    )  # fmt: skip
    learner = Learner()
    for _ in range(30):
        learner.add_outcome(served_mid)
    assert learner.delivered(policy) == (0.0, 0.0, 30)
    top_served = Outcome(
        scores={"small": 0.0, "mid": 1.0, "reasoning": 1.0}, input_tokens=10, weight=5.0,
        served="reasoning", routed="small", signals={"small": ("refusal",)},
    )  # fmt: skip
    learner = Learner()
    learner.add_outcome(top_served)
    assert learner.delivered(policy)[0] == pytest.approx(1.0)  # type: ignore[index]
    assert learner.delivered(_policy(signals=[]))[0] == pytest.approx(0.2)  # type: ignore[index]


def test_records_from_before_signals_were_kept_export_none() -> None:
    decision = DecisionRecord(
        request_id="r1", policy_version="v", decided_tier="small", final_tier="small",
        called=["small"], score=0.1, cost_usd=1e-5, latency_s=0.01, cache="off",
    )  # fmt: skip
    old = OutcomeRecord.model_validate(
        {"request_id": "r1", "tier": "small", "score": 1.0, "source": "shadow"}
    )
    assert old.signals is None
    assert "signals" not in outcome_rows([decision, old])[0]
