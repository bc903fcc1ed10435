"""Read a YAML file into plain data and remember the line of every key and item.

Validation errors then point at ``file:line`` instead of only a dotted path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from router.errors import PolicyError

__all__ = ["YamlDocument", "load_yaml_document"]

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML data with the 1-based line of each mapping key and sequence item."""

    source: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def _walk(
    node: yaml.Node, path: Path_, lines: dict[Path_, int], source: str, seen: set[int]
) -> None:
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        if id(node) in seen:  # an alias (*name): refused, it can nest without bound
            dotted = ".".join(str(p) for p in path) or "(top level)"
            raise PolicyError(
                [
                    (
                        source,
                        node.start_mark.line + 1,
                        dotted,
                        "YAML anchors and aliases (&name / *name) are not allowed in a policy; "
                        "write the value out",
                    )
                ]
            )
        seen.add(id(node))
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_line:
                dotted = ".".join(str(p) for p in (*path, key))
                raise PolicyError(
                    [
                        (
                            source,
                            line,
                            dotted,
                            f"duplicate key (first given on line {first_line[key]})",
                        )
                    ]
                )
            first_line[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, source, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _walk(item, (*path, index), lines, source, seen)


def parse_yaml_text(text: str, source: str) -> YamlDocument:
    """Parse YAML ``text``; ``source`` names it in errors."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        lines: dict[Path_, int] = {}
        if node is not None:
            _walk(node, (), lines, source, set())  # before loading: it refuses aliases
        data = yaml.safe_load(text)
    except RecursionError as exc:
        raise PolicyError([(source, None, "(syntax)", "nested too deeply")]) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise PolicyError([(source, line, "(syntax)", f"not valid YAML: {exc.problem}")]) from exc
    except yaml.YAMLError as exc:
        raise PolicyError([(source, None, "(syntax)", f"not valid YAML: {exc}")]) from exc
    return YamlDocument(source=source, data=data, lines=lines)


def load_yaml_document(path: str | Path) -> YamlDocument:
    """Read and parse the YAML file at ``path``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PolicyError([(str(path), None, "(file)", "no such file")]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError([(str(path), None, "(file)", f"cannot read: {exc}")]) from exc
    return parse_yaml_text(text, str(path))
