"""Is a cheaper tier's answer good enough, or should the next tier answer?"""

from __future__ import annotations

import json
import re
from typing import Any

from router.backends.calls import ModelAnswer
from router.policy.model import EscalationSettings

__all__ = ["escalation_reason", "schema_failure"]

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
        import jsonschema

        try:
            jsonschema.validate(value, schema)
        except jsonschema.ValidationError as exc:
            return f"answer does not match the JSON schema: {exc.message}"
        except jsonschema.SchemaError:
            return None  # a schema that is itself broken cannot judge the answer
    return None


def escalation_reason(
    answer: ModelAnswer, settings: EscalationSettings, response_format: dict[str, Any] | None
) -> str | None:
    """The first enabled signal that says the answer is unreliable (``None``: keep it)."""
    signals = settings.signals
    text = answer.content.strip()
    if "length" in signals and answer.finish_reason == "length":
        return "length"
    if "refusal" in signals and (not text or _REFUSAL.search(text[:400])):
        return "refusal"
    if (
        "low_logprob" in signals
        and answer.mean_logprob is not None
        and answer.mean_logprob < settings.min_mean_logprob
    ):
        return "low_logprob"
    if "schema" in signals and schema_failure(answer.content, response_format):
        return "schema"
    return None
