"""JSON schemas checked and compiled once: a tool's parameters arrive with every request of
an agent's loop, and checking a schema against its meta-schema costs far more than the
rest of the request."""

from __future__ import annotations

import functools
import json
from typing import Any

__all__ = ["schema_error", "value_error"]


@functools.lru_cache(maxsize=1024)
def _compiled(canonical: str) -> tuple[Any, str | None]:
    """A validator for the schema ``canonical`` (its sorted JSON), or why it is none."""
    import jsonschema

    schema = json.loads(canonical)
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        return None, exc.message
    return cls(schema), None


def _canonical(schema: dict[str, Any]) -> str:
    return json.dumps(schema, sort_keys=True, separators=(",", ":"), default=str)


def schema_error(schema: dict[str, Any]) -> str | None:
    """Why ``schema`` is not a JSON schema, or ``None`` when it is one."""
    return _compiled(_canonical(schema))[1]


def value_error(value: object, schema: dict[str, Any]) -> str | None:
    """Why ``value`` does not fit ``schema``, or ``None`` when it does (or when the schema
    is not one: nothing can be said against the value then)."""
    validator, _ = _compiled(_canonical(schema))
    if validator is None:
        return None
    import jsonschema

    best = jsonschema.exceptions.best_match(validator.iter_errors(value))
    return None if best is None else str(best.message)
