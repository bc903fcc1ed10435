"""Token budgets and escalation signals, against hand-made inputs."""

from __future__ import annotations

from typing import Any

import pytest

from router.backends.calls import ModelAnswer
from router.engine.answering.budgets import fit_input, output_budget
from router.engine.answering.escalation import escalation_reason, schema_failure
from router.errors import BudgetExceeded
from router.policy.model import EscalationSettings, Tier


def count(messages: list[dict[str, Any]]) -> int:
    """One token per word, plus 2 per message."""
    return sum(len(str(m.get("content", "")).split()) + 2 for m in messages)


def tier(**changes: Any) -> Tier:
    values: dict[str, Any] = {"model": "x/y", "max_input_tokens": 20, "max_output_tokens": 50}
    values.update(changes)
    return Tier(**values)


def test_output_budget_clamps() -> None:
    assert output_budget(None, tier()) == 50
    assert output_budget(10, tier()) == 10
    assert output_budget(500, tier()) == 50


def test_input_within_budget_is_untouched() -> None:
    messages = [{"role": "user", "content": "one two three"}]
    assert fit_input(messages, "small", tier(), count) == (messages, 5, False)


def test_reject_says_which_budget_and_by_how_much() -> None:
    messages = [{"role": "user", "content": " ".join(["w"] * 30)}]
    with pytest.raises(BudgetExceeded) as info:
        fit_input(messages, "small", tier(), count)
    assert str(info.value) == (
        "input is 32 tokens but tier 'small' allows 20 (tiers.small.max_input_tokens); "
        "shorten it by 12 tokens"
    )


def test_trim_drops_old_turns_then_cuts_the_last_message() -> None:
    messages = [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": " ".join(["old"] * 10)},
        {"role": "assistant", "content": " ".join(["reply"] * 10)},
        {"role": "user", "content": " ".join(f"w{i}" for i in range(40))},
    ]
    fitted, tokens, trimmed = fit_input(messages, "mid", tier(input_overflow="trim"), count)
    assert trimmed and tokens <= 20
    assert [m["role"] for m in fitted] == ["system", "user"]
    assert fitted[-1]["content"].startswith("w0 ") and fitted[-1]["content"].endswith("w39")
    assert messages[3]["content"].count("w") == 40  # the caller's messages are not changed


def answer(content: str, finish: str = "stop", logprob: float | None = None) -> ModelAnswer:
    return ModelAnswer(
        model="m",
        content=content,
        finish_reason=finish,  # type: ignore[arg-type]
        mean_logprob=logprob,
    )


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (answer("Go to Settings > Password."), None),
        (answer("Go to Settings and", finish="length"), "length"),
        (answer(""), "refusal"),
        (answer("I don't know how to do that."), "refusal"),
        (answer("Lo siento, no lo sé."), "refusal"),
        (answer("Je ne sais pas."), "refusal"),
        (answer("Sure: reset it.", logprob=-3.5), "low_logprob"),
        (answer("Sure: reset it.", logprob=-0.5), None),
    ],
)
def test_signals(reply: ModelAnswer, expected: str | None) -> None:
    settings = EscalationSettings(
        signals=["length", "refusal", "low_logprob", "schema"], min_mean_logprob=-2.0
    )
    assert escalation_reason(reply, settings, None) == expected


def test_disabled_signals_do_not_fire() -> None:
    settings = EscalationSettings(signals=["refusal"])
    assert escalation_reason(answer("cut", finish="length"), settings, None) is None


def test_schema_signal() -> None:
    fmt = {
        "type": "json_schema",
        "json_schema": {
            "schema": {
                "type": "object",
                "required": ["answer"],
                "properties": {"answer": {"type": "string"}},
            }
        },
    }
    assert schema_failure('{"answer": "yes"}', fmt) is None
    assert schema_failure("yes", fmt) == "answer is not valid JSON (Expecting value)"
    assert schema_failure('{"other": 1}', fmt) == (
        "answer does not match the JSON schema: 'answer' is a required property"
    )
    assert schema_failure("not json", None) is None
    settings = EscalationSettings(signals=["schema"])
    assert escalation_reason(answer("nope"), settings, fmt) == "schema"


def test_trimming_a_long_conversation_counts_each_message_once() -> None:
    calls = 0

    def counting(messages: list[dict[str, Any]]) -> int:
        nonlocal calls
        calls += 1
        return count(messages)

    messages = [{"role": "user", "content": "hello there"} for _ in range(3000)]
    fitted, tokens, trimmed = fit_input(messages, "small", tier(input_overflow="trim"), counting)
    assert trimmed and tokens <= 20 and len(fitted) <= 5
    assert calls < 3000 + 30  # linear: one count per message plus a few


def test_reasoning_budget_takes_the_form_the_provider_accepts() -> None:
    from router.backends.calls import ModelCall
    from router.backends.hosted import _reasoning_kwargs
    from router.policy.model import Deployment, ReasoningBudget

    def call(**budget: Any) -> ModelCall:
        return ModelCall(
            deployment=Deployment(model="m"),
            messages=[],
            max_tokens=5,
            reasoning=ReasoningBudget(**budget),
        )

    assert _reasoning_kwargs(call(effort="high"), {"reasoning_effort"}) == {
        "reasoning_effort": "high"
    }
    assert _reasoning_kwargs(call(budget_tokens=4000), {"thinking", "reasoning_effort"}) == {
        "thinking": {"type": "enabled", "budget_tokens": 4000}
    }
    assert _reasoning_kwargs(call(budget_tokens=4000), {"reasoning_effort"}) == {
        "reasoning_effort": "medium"
    }
    assert _reasoning_kwargs(call(effort="low"), {"temperature"}) == {}
