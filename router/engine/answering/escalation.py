"""Is a cheaper tier's answer good enough, or should the next tier answer?"""

from __future__ import annotations

import json
import re
from typing import Any

from router.backends.calls import ModelAnswer
from router.engine.requests import RouteRequest
from router.json_schemas import value_error
from router.policy.model import EscalationSettings, Policy, TierName
from router.repetition import loop_start

__all__ = [
    "answer_problem",
    "cut_loop",
    "escalation_reason",
    "loop_offset",
    "schema_failure",
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


def _unsure(answer: ModelAnswer, settings: EscalationSettings) -> bool:
    """The ``low_logprob`` signal: the model was unsure of its tokens, on average."""
    return (
        "low_logprob" in settings.signals
        and answer.mean_logprob is not None
        and answer.mean_logprob < settings.min_mean_logprob
    )


def escalation_reason(
    answer: ModelAnswer,
    settings: EscalationSettings,
    response_format: dict[str, Any] | None,
    tools: list[dict[str, Any]] | None = None,
) -> str | None:
    """The first enabled signal that says the answer is unreliable (``None``: keep it).
    A well-formed tool call is an answer (its text may be empty); a malformed one is the
    ``tool_call`` signal."""
    signals = settings.signals
    text = answer.content.strip()
    if loop_offset(answer, settings) is not None:  # a loop also runs into the budget
        return "repetition"
    if "length" in signals and answer.finish_reason == "length":
        return "length"
    if answer.tool_calls:
        if "tool_call" in signals and tool_call_failure(answer.tool_calls, tools):
            return "tool_call"
        return "low_logprob" if _unsure(answer, settings) else None
    if "refusal" in signals and (not text or _REFUSAL.search(text[:400])):
        return "refusal"
    if _unsure(answer, settings):
        return "low_logprob"
    if "schema" in signals and schema_failure(answer.content, response_format):
        return "schema"
    return None


def answer_problem(
    answer: ModelAnswer, request: RouteRequest, policy: Policy, tier: TierName
) -> str | None:
    """Why ``tier``'s answer to ``request`` should not stand (the policy's signals), or
    ``None``; an answer cut by the caller's own ``max_tokens`` (below the tier's budget)
    is the answer to what was asked, as a larger tier's would be."""
    reason = escalation_reason(answer, policy.escalation, request.response_format, request.tools)
    budget = policy.tier(tier).max_output_tokens
    if reason == "length" and request.max_tokens is not None and request.max_tokens < budget:
        return None
    return reason
