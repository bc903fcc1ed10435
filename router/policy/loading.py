"""Load a policy YAML file into a :class:`~router.policy.model.Policy` (errors: line, field),
and the classifier it names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from classifiers.artifact import ArtifactError
from classifiers.scorer import CompiledScorer, load_scorer
from router.errors import ClassifierError, PolicyError
from router.policy.model import Policy
from router.policy.yaml_source import YamlDocument, load_yaml_document, parse_yaml_text

__all__ = ["load_policy", "load_policy_scorer", "parse_policy", "policy_data_at"]


def _field_model(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The pydantic model class found at ``loc`` below ``model`` (lists/dicts stepped over)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _message(error: Any, loc: tuple[str | int, ...]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = _field_model(Policy, loc[:-1])
        allowed = ", ".join(parent.model_fields) if parent else "see the policy reference"
        return f"unknown key; allowed keys here: {allowed}"
    if kind == "missing":
        if loc[:1] == ("tiers",) and len(loc) == 2:
            return "required tier is missing; a policy defines tiers small, mid and reasoning"
        return "required field is missing"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    secret_like = any(str(p).endswith(("api_key_env", "key", "secret", "token")) for p in loc)
    if "input" in error and kind not in ("model_type", "dict_type") and not secret_like:
        message = f"{message} (got {error['input']!r})"
    return message


def _problems(doc: YamlDocument, exc: ValidationError) -> list[tuple[str, int | None, str, str]]:
    problems = []
    for error in exc.errors():
        # pydantic adds the matched union member / validator names to the location; drop them
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
        field = ".".join(str(p) for p in loc) or "(top level)"
        problems.append((doc.source, doc.line_of(loc), field, _message(error, loc)))
    return problems


def _validate(doc: YamlDocument, source_dir: Path | None) -> Policy:
    if not isinstance(doc.data, dict):
        raise PolicyError(
            [
                (
                    doc.source,
                    1,
                    "(top level)",
                    "a policy is a YAML mapping with keys name, tiers, routing, escalation, cache",
                )
            ]
        )
    try:
        policy = Policy.model_validate(doc.data)
    except ValidationError as exc:
        raise PolicyError(_problems(doc, exc)) from exc
    policy._source_dir = source_dir
    return policy


def load_policy(path: str | Path) -> Policy:
    """Read, validate and return the policy at ``path``.

    Raises :class:`~router.errors.PolicyError` naming the file, line and field of
    every problem.
    """
    path = Path(path)
    return _validate(load_yaml_document(path), path.resolve().parent)


def parse_policy(text: str, *, source: str = "<policy>", source_dir: Path | None = None) -> Policy:
    """Validate a policy given as YAML text; its relative paths are read from
    ``source_dir`` (default: the working directory)."""
    return _validate(parse_yaml_text(text, source), source_dir)


def load_policy_scorer(policy: Policy) -> CompiledScorer:
    """The compiled classifier that ``policy`` names (``routing.classifier``)."""
    try:
        return load_scorer(policy.routing.classifier, policy.source_dir)
    except ArtifactError as exc:
        raise ClassifierError(f"routing.classifier: {exc}") from exc


def policy_data_at(policy: Policy, out: Path, *, exclude_defaults: bool = False) -> dict[str, Any]:
    """``policy`` as the data of a YAML file to be written at ``out``: the file paths in it
    made relative to ``out`` (so the written policy finds what the original found)."""
    import os

    data = policy.model_dump(mode="json", exclude_none=True, exclude_defaults=exclude_defaults)

    def relative(value: str) -> str:
        if value.startswith("builtin:"):
            return value
        return os.path.relpath(policy.resolve_path(value).resolve(), out.resolve().parent)

    data.setdefault("routing", {})["classifier"] = relative(policy.routing.classifier)
    if policy.escalation.answer_model is not None:
        data.setdefault("escalation", {})["answer_model"] = relative(policy.escalation.answer_model)
    if policy.replay is not None:
        data.setdefault("replay", {})["data"] = relative(policy.replay.data)
    return data
