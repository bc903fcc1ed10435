"""Tool calls as the stub makes them: when a request offers tools and does not end with a
tool's result, the model calls one (the one ``tool_choice`` names, else the first), with
arguments that fit its schema (``badtool-*`` models: arguments that are not JSON); after a
tool's result, it answers in words that quote the result."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["arguments_for", "call_for", "tool_result"]

_EXAMPLES: dict[str, Any] = {
    "string": "A-1001",
    "integer": 1,
    "number": 1.5,
    "boolean": True,
    "array": [],
    "object": {},
}


def arguments_for(schema: Any) -> dict[str, Any]:
    """Arguments that fit ``schema``: each required property an example of its type (the
    first of its ``enum`` if it has one)."""
    if not isinstance(schema, dict):
        return {}
    properties = schema.get("properties") or {}
    out: dict[str, Any] = {}
    for name in schema.get("required") or list(properties)[:1]:
        spec = properties.get(name) or {}
        if isinstance(spec.get("enum"), list) and spec["enum"]:
            out[name] = spec["enum"][0]
        else:
            out[name] = _EXAMPLES.get(str(spec.get("type")), "x")
    return out


def call_for(payload: dict[str, Any], model: str, serial: int) -> dict[str, Any] | None:
    """The tool call the stub answers ``payload`` with, or ``None`` (no tools offered, the
    choice is ``none``, or the conversation ends with a tool's result)."""
    tools = payload.get("tools")
    if not isinstance(tools, list) or not tools or tool_result(payload) is not None:
        return None
    choice = payload.get("tool_choice")
    if choice == "none":
        return None
    function = tools[0].get("function") or {}
    if isinstance(choice, dict):
        wanted = (choice.get("function") or {}).get("name")
        function = next(
            (t["function"] for t in tools if (t.get("function") or {}).get("name") == wanted),
            function,
        )
    arguments = (
        "{not json"
        if model.startswith("badtool")
        else json.dumps(arguments_for(function.get("parameters")))
    )
    return {
        "id": f"call_stub_{serial}",
        "type": "function",
        "function": {"name": str(function.get("name", "")), "arguments": arguments},
    }


def tool_result(payload: dict[str, Any]) -> str | None:
    """The content of the tool result the conversation ends with, if it does."""
    messages = payload.get("messages")
    if not isinstance(messages, list) or not messages:
        return None
    last = messages[-1]
    if not isinstance(last, dict) or last.get("role") != "tool":
        return None
    content = last.get("content")
    return content if isinstance(content, str) else json.dumps(content)
