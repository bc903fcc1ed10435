"""Is a cheaper tier's answer good enough, or should the next tier answer?"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, get_args

from router.backends.calls import ModelAnswer
from router.engine.requests import RouteRequest
from router.json_schemas import value_error
from router.policy.model import (
    TIER_NAMES,
    EscalationSettings,
    EscalationSignal,
    LearnedEscalation,
    Policy,
    TierName,
)
from router.repetition import loop_start

__all__ = [
    "ALL_SIGNALS",
    "ANSWER_SIGNALS",
    "answer_problem",
    "cut_loop",
    "escalation_reason",
    "learned_for",
    "loop_offset",
    "may_escalate",
    "schema_failure",
    "signal_on",
    "signals_fired",
    "signals_on",
    "tool_call_failure",
]

_REFUSAL = re.compile(
    r"\b(?:i (?:do not|don't|dont) know|i'?m not sure|i am not sure|i (?:cannot|can't|can not)"
    r" (?:help|answer|assist)|i'?m unable to|i am unable to|as an ai\b|no tengo (?:la )?"
    r"información|no (?:lo )?sé|je ne sais pas|ich weiß (?:es )?nicht|não sei)",
    re.IGNORECASE,
)


def schema_failure(content: str, response_format: dict[str, Any] | None) -> str | None:
    """Why ``content`` fails the requested JSON format, or ``None`` if it passes."""
    if not response_format or response_format.get("type") not in ("json_object", "json_schema"):
        return None
    try:
        value = json.loads(content)
    except json.JSONDecodeError as exc:
        return f"answer is not valid JSON ({exc.msg})"
    spec = response_format.get("json_schema")
    schema = spec.get("schema") if isinstance(spec, dict) else None
    if isinstance(schema, dict) and schema:
        # a schema that is itself broken cannot judge the answer: no problem then
        problem = value_error(value, schema)
        if problem is not None:
            return f"answer does not match the JSON schema: {problem}"
    return None


def loop_offset(answer: ModelAnswer, settings: EscalationSettings) -> int | None:
    """Where ``answer`` starts to loop (the ``repetition`` signal's finding), or ``None``
    (also when the signal is off: then nothing is cut)."""
    if "repetition" not in settings.signals or answer.tool_calls:
        return None
    limits = settings.repetition
    return loop_start(answer.content, ngram=limits.ngram, times=limits.times)


def cut_loop(answer: ModelAnswer, settings: EscalationSettings) -> ModelAnswer:
    """``answer`` cut where its loop began and marked ``looped``; unchanged if it does not
    loop."""
    offset = loop_offset(answer, settings)
    if offset is None:
        return answer
    cut = answer.content[:offset].rstrip()
    return answer.model_copy(update={"content": cut, "finish_reason": "stop", "looped": True})


def tool_call_failure(
    calls: list[dict[str, Any]], tools: list[dict[str, Any]] | None
) -> str | None:
    """Why a tool call is malformed (a tool the request does not offer, arguments that are
    not JSON or do not fit the tool's schema), or ``None`` if every call is well formed."""
    offered = {
        str(tool["function"].get("name")): tool["function"].get("parameters")
        for tool in tools or ()
        if isinstance(tool.get("function"), dict)
    }
    for call in calls:
        function = call.get("function") or {}
        name = str(function.get("name") or "")
        if tools is not None and name not in offered:
            return f"calls {name!r}, a tool the request does not offer"
        try:
            arguments = json.loads(function.get("arguments") or "{}")
        except json.JSONDecodeError as exc:
            return f"the arguments of {name!r} are not JSON ({exc.msg})"
        schema = offered.get(name)
        if isinstance(schema, dict) and schema:
            problem = value_error(arguments, schema)
            if problem is not None:
                return f"the arguments of {name!r} do not match its schema: {problem}"
    return None


#: Every signal there is.
ALL_SIGNALS: tuple[EscalationSignal, ...] = get_args(EscalationSignal)
#: The signals an answer itself shows (``answer_gain`` is the answer model's opinion).
ANSWER_SIGNALS: tuple[EscalationSignal, ...] = (
    "repetition",
    "length",
    "tool_call",
    "refusal",
    "low_logprob",
    "schema",
)


def _unsure(answer: ModelAnswer, settings: EscalationSettings) -> bool:
    """The ``low_logprob`` signal's finding: the model was unsure of its tokens, on average."""
    return answer.mean_logprob is not None and answer.mean_logprob < settings.min_mean_logprob


def _firing(
    answer: ModelAnswer,
    settings: EscalationSettings,
    response_format: dict[str, Any] | None,
    tools: list[dict[str, Any]] | None,
    wanted: Callable[[EscalationSignal], bool],
) -> Iterator[EscalationSignal]:
    """The ``wanted`` signals that say the answer is unreliable, in the order they are
    checked (a signal not wanted is not computed). A well-formed tool call is an answer
    (its text may be empty); a malformed one is the ``tool_call`` signal."""
    limits = settings.repetition
    if (
        wanted("repetition")
        and not answer.tool_calls
        and (
            answer.looped
            or loop_start(answer.content, ngram=limits.ngram, times=limits.times) is not None
        )
    ):
        yield "repetition"  # a loop also runs into the budget: said first
    if wanted("length") and answer.finish_reason == "length":
        yield "length"
    if answer.tool_calls:
        if wanted("tool_call") and tool_call_failure(answer.tool_calls, tools):
            yield "tool_call"
        if wanted("low_logprob") and _unsure(answer, settings):
            yield "low_logprob"
        return
    text = answer.content.strip()
    if wanted("refusal") and (not text or _REFUSAL.search(text[:400])):
        yield "refusal"
    if wanted("low_logprob") and _unsure(answer, settings):
        yield "low_logprob"
    if wanted("schema") and schema_failure(answer.content, response_format):
        yield "schema"


def signal_on(
    settings: EscalationSettings,
    learned: Mapping[EscalationSignal, LearnedEscalation] | None,
    signal: EscalationSignal,
) -> bool:
    """Whether ``signal`` escalates a tier's answers: as ``learned`` for the tier where it
    says, else as ``settings.signals`` do."""
    known = (learned or {}).get(signal)
    return known.escalate if known is not None else signal in settings.signals


def learned_for(policy: Policy, tier: TierName) -> Mapping[EscalationSignal, LearnedEscalation]:
    """What recalibration learned of the signals on ``tier``'s answers (maybe nothing)."""
    learned = policy.routing.learned
    return learned.escalation.get(tier, {}) if learned is not None else {}


def signals_on(policy: Policy, tier: TierName) -> set[EscalationSignal]:
    """The signals that escalate ``tier``'s answers under ``policy`` (learned or set)."""
    learned = learned_for(policy, tier)
    return {s for s in ALL_SIGNALS if signal_on(policy.escalation, learned, s)}


def may_escalate(policy: Policy) -> bool:
    """Whether any tier's answer may escalate under ``policy`` at all."""
    return policy.escalation.max_steps > 0 and any(
        signals_on(policy, tier) for tier in TIER_NAMES[:-1]
    )


def escalation_reason(
    answer: ModelAnswer,
    settings: EscalationSettings,
    response_format: dict[str, Any] | None,
    tools: list[dict[str, Any]] | None = None,
    learned: Mapping[EscalationSignal, LearnedEscalation] | None = None,
) -> str | None:
    """The first enabled signal that says the answer is unreliable (``None``: keep it):
    enabled by ``settings.signals``, or by what was ``learned`` of the signal for the
    answering tier where it says."""
    return next(
        _firing(
            answer, settings, response_format, tools, lambda s: signal_on(settings, learned, s)
        ),
        None,
    )


def _cut_by_caller(request: RouteRequest, policy: Policy, tier: TierName) -> bool:
    """Whether the caller's own ``max_tokens`` is below ``tier``'s budget: an answer cut
    there is the answer to what was asked, as a larger tier's would be."""
    budget = policy.tier(tier).max_output_tokens
    return request.max_tokens is not None and request.max_tokens < budget


def answer_problem(
    answer: ModelAnswer, request: RouteRequest, policy: Policy, tier: TierName
) -> str | None:
    """Why ``tier``'s answer to ``request`` should not stand (the policy's signals, as
    learned for the tier where they were), or ``None``."""
    reason = escalation_reason(
        answer, policy.escalation, request.response_format, request.tools, learned_for(policy, tier)
    )
    if reason == "length" and _cut_by_caller(request, policy, tier):
        return None
    return reason


def signals_fired(
    answer: ModelAnswer, request: RouteRequest, policy: Policy, tier: TierName
) -> tuple[EscalationSignal, ...]:
    """Every signal the answer alone shows, whether the policy turns it on or not (what
    judging records, so recalibration can measure whether escalating on it pays;
    ``low_logprob`` only where log-probabilities were asked for: while it may escalate the
    tier, as set or learned)."""
    fired = _firing(
        answer, policy.escalation, request.response_format, request.tools, lambda _: True
    )
    cut = _cut_by_caller(request, policy, tier)
    return tuple(s for s in fired if not (s == "length" and cut))
