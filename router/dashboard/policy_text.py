"""Edits of a policy's YAML text that keep the rest of it as written (its comments, its
order): each edited value's text is replaced where it stands, or a missing key is added
to its mapping. Only when the file's layout leaves no place to do so is the whole
document written out again (comments then lost; the result says so)."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from router.policy.model import EscalationSignal, TierName

__all__ = ["EditedText", "PolicyEdits", "edit_policy_text"]

Path_ = tuple[str, ...]


class PolicyEdits(BaseModel):
    """What the tuning page's controls change (each left out: unchanged)."""

    model_config = ConfigDict(extra="forbid")
    mid: float | None = Field(default=None, ge=0, le=1)
    reasoning: float | None = Field(default=None, ge=0, le=1)
    max_steps: int | None = Field(default=None, ge=0, le=2)
    signals: list[EscalationSignal] | None = None
    max_output_tokens: dict[TierName, int] = Field(default_factory=dict)

    def values(self) -> list[tuple[Path_, Any]]:
        """Each edit as (path in the policy, value)."""
        edits: list[tuple[Path_, Any]] = []
        if self.mid is not None:
            edits.append((("routing", "thresholds", "mid"), self.mid))
        if self.reasoning is not None:
            edits.append((("routing", "thresholds", "reasoning"), self.reasoning))
        if self.max_steps is not None:
            edits.append((("escalation", "max_steps"), self.max_steps))
        if self.signals is not None:
            edits.append((("escalation", "signals"), list(self.signals)))
        for tier, tokens in self.max_output_tokens.items():
            edits.append((("tiers", tier, "max_output_tokens"), tokens))
        return edits


class EditedText(BaseModel):
    """The edited text, and whether it had to be written out anew (comments lost)."""

    source: str
    rewritten: bool


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    dumped: str = yaml.safe_dump(value, default_flow_style=True, width=10**6)
    return dumped.strip().removesuffix("...").strip()


def _child(node: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if str(key_node.value) == key:
            return value_node  # type: ignore[no-any-return]
    return None


def _edited_in_place(source: str, path: Path_, value: Any) -> str | None:
    """``source`` with ``value`` at ``path``, written where it belongs; None if the layout
    leaves no place for it."""
    root = yaml.compose(source)
    node, parent = root, None
    for depth, key in enumerate(path):
        parent = node
        node = _child(node, key) if node is not None else None
        if node is None:
            if depth != len(path) - 1 or not isinstance(parent, yaml.MappingNode):
                return None
            return _inserted(source, parent, key, value)
    if node is None:
        return None
    start, end = node.start_mark.index, node.end_mark.index
    if isinstance(node, yaml.SequenceNode) and not node.flow_style:
        return None  # a block list: its items' lines are rewritten by the fallback
    return source[:start] + _flow(value) + source[end:]


def _inserted(source: str, mapping: yaml.MappingNode, key: str, value: Any) -> str | None:
    if mapping.flow_style:
        close = mapping.end_mark.index - 1
        if source[close] != "}":
            return None
        separator = ", " if mapping.value else ""
        return source[:close] + f"{separator}{key}: {_flow(value)}" + source[close:]
    if not mapping.value:
        return None
    column = mapping.value[0][0].start_mark.column
    last = mapping.value[-1][1]
    end = last.end_mark.index
    line_end = source.find("\n", end - 1 if end and source[end - 1] == "\n" else end)
    at = len(source) if line_end < 0 else line_end + 1
    prefix = "" if at == 0 or source[at - 1] == "\n" else "\n"
    return source[:at] + f"{prefix}{' ' * column}{key}: {_flow(value)}\n" + source[at:]


def _value_at(data: Any, path: Path_) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _set(data: dict[str, Any], path: Path_, value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def edit_policy_text(source: str, edits: PolicyEdits) -> EditedText:
    """``source`` with ``edits`` made (raises ``yaml.YAMLError`` if it is not YAML)."""
    text, rewritten = source, False
    for path, value in edits.values():
        edited = None
        try:
            edited = _edited_in_place(text, path, value)
            if edited is not None and _value_at(yaml.safe_load(edited), path) != value:
                edited = None
        except yaml.YAMLError:
            edited = None
        if edited is None:
            data = yaml.safe_load(text) or {}
            _set(data, path, value)
            edited, rewritten = yaml.safe_dump(data, sort_keys=False, allow_unicode=True), True
        text = edited
    return EditedText(source=text, rewritten=rewritten)
