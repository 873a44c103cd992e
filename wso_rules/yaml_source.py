"""Safe YAML reading that remembers where every value came from.

PyYAML's safe loader silently keeps the last of two duplicate keys and forgets positions.
We compose the node graph instead (the C composer when available), refuse duplicate keys,
non-standard tags and merge keys, and build plain Python values plus a `Locator` that maps
each value's path (``("provisions", 0, "effect")``) to its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SAFE_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

Path = tuple[Any, ...]


@dataclass
class Locator:
    """Line and column (1-based) of each value and each mapping key, by path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def value_at(self, path: Path) -> tuple[int, int]:
        """The position of the deepest existing value on `path` (a missing key -> its parent)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return (1, 1)

    def key_at(self, path: Path) -> tuple[int, int]:
        return self.keys.get(path) or self.value_at(path)

    def has(self, path: Path) -> bool:
        return path in self.values


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def _position(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns a composed node tree into Python values, recording positions and refusing surprises."""

    def __init__(self, source: str):
        self.source = source
        self.locator = Locator()
        self._scalars = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, rule: str, message: str) -> YamlProblem:
        line, column = _position(node)
        return YamlProblem(Problem(self.source, line, column, rule, message))

    def build(self, node: yaml.Node, path: Path) -> Any:
        if node.tag not in _SAFE_TAGS:
            raise self.fail(node, "unsafe-tag", f"tag {node.tag!r} is not allowed; write plain YAML values")
        self.locator.values[path] = _position(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalars.construct_object(node)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "merge-key", "merge keys ('<<') are not allowed; write the keys out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "key-type", "mapping keys must be plain text")
            key = key_node.value
            if key in result:
                first_line = self.locator.keys[path + (key,)][0]
                raise self.fail(
                    key_node, "duplicate-key", f"duplicate key {key!r} (first defined on line {first_line})"
                )
            self.locator.keys[path + (key,)] = _position(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result


def parse_yaml(text: str, source: str) -> tuple[Any, Locator]:
    """Parse one YAML document; raise YamlProblem with a location on any syntax or safety issue."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        if error.context_mark and mark is not error.context_mark:
            message += f" (it started on line {error.context_mark.line + 1})"
        raise YamlProblem(Problem(source, line, column, "yaml-syntax", message)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(Problem(source, 1, 1, "yaml-syntax", str(error))) from None
    if root is None:
        raise YamlProblem(Problem(source, 1, 1, "empty-file", "the file is empty"))
    builder = _Builder(source)
    return builder.build(root, ()), builder.locator
