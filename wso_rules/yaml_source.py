"""Safe YAML reading that remembers where every value came from.

PyYAML's safe loader silently keeps the last of two duplicate keys and forgets positions.
We compose the node graph instead (the C composer when available), refuse duplicate keys,
non-standard tags and merge keys, and build plain Python values plus a `Locator` that maps
each value's path (``("provisions", 0, "effect")``) to its line and column.

Hostile input gets a located problem, never a hang or a crash: aliases may not refer to
themselves and a document may expand to at most `MAX_VALUES` values (an alias "bomb" stops
there), nesting is bounded, a scalar that cannot be constructed (an impossible date such as
2025-02-30, an integer too long to convert) is reported where it is, and YAML 1.1's
yes/no/on/off booleans are refused rather than silently read (``state: NO`` is not false).
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

MAX_VALUES = 100_000
"""Values one document may expand to (the bundled laws have under 2,000 each)."""
MAX_DEPTH = 64
"""Nesting depth of mappings and lists (the bundled laws nest under 15 deep)."""
_BOOL = "tag:yaml.org,2002:bool"
_STR = "tag:yaml.org,2002:str"
_PLAIN_BOOLS = {"true", "false", "True", "False", "TRUE", "FALSE"}


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
        self._built = 0
        self._open: set[int] = set()

    def fail(self, node: yaml.Node, rule: str, message: str) -> YamlProblem:
        line, column = _position(node)
        return YamlProblem(Problem(self.source, line, column, rule, message))

    def build(self, node: yaml.Node, path: Path) -> Any:
        if node.tag not in _SAFE_TAGS:
            raise self.fail(node, "unsafe-tag", f"tag {node.tag!r} is not allowed; write plain YAML values")
        self._built += 1
        if self._built > MAX_VALUES:
            raise self.fail(node, "too-large", f"the document expands to more than {MAX_VALUES:,} values (aliases?)")
        if len(path) > MAX_DEPTH:
            raise self.fail(node, "too-deep", f"values are nested more than {MAX_DEPTH} levels deep")
        self.locator.values[path] = _position(node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if id(node) in self._open:
            raise self.fail(node, "alias-loop", "an alias refers to a value that contains it")
        self._open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        finally:
            self._open.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:
            return node.value  # what the constructor would return; most values are text
        if node.tag == _BOOL and node.value not in _PLAIN_BOOLS:
            raise self.fail(
                node,
                "ambiguous-boolean",
                f"{node.value!r} means {'true' if node.value.lower() in ('yes', 'on') else 'false'} to YAML 1.1; "
                f"write true or false, or quote it ('{node.value}') if you mean text",
            )
        try:
            return self._scalars.construct_object(node)
        except (ValueError, OverflowError) as error:
            kind = "date" if node.tag == "tag:yaml.org,2002:timestamp" else node.tag.rsplit(":", 1)[-1]
            raise self.fail(
                node, "bad-value", f"{node.value!r} is not a valid {kind} ({error}); quote it if you mean text"
            ) from None

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
