"""Output formats: every command builds one document, and `render` turns it into a format.

A document is plain data with a `schema` key (`wso-rules/report`, `wso-rules/comparison`, ...).
`FORMATS` is the one table of which formats each document has and which function renders each;
the functions are imported only when used (Jinja is loaded for templated formats alone). JSON is
one renderer for every document. To add a format, write its function and add one line here.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import terminal

TEMPLATED = "templates"
"""The renderer of a format with a Jinja template, `templates/<kind>.<extension>.j2`."""

FORMATS: dict[str, dict[str, str]] = {
    "wso-rules/report": {"text": TEMPLATED, "md": TEMPLATED, "html": TEMPLATED},
    "wso-rules/comparison": {"text": TEMPLATED, "md": TEMPLATED, "html": TEMPLATED, "csv": "reporting:comparison_csv"},
    "wso-rules/timeline": {"text": TEMPLATED, "md": TEMPLATED, "html": TEMPLATED},
    "wso-rules/export": {"csv": "reporting:export_csv"},
    "wso-rules/laws": {"text": "listing:text", "md": "listing:markdown"},
    "wso-rules/impact": {"md": "impact:markdown"},
    "wso-rules/validation": {
        "human": "problem_formats:human",
        "github": "problem_formats:github",
        "junit": "problem_formats:junit",
        "sarif": "problem_formats:sarif",
    },
}
"""Document schema -> format -> `module:function` (in this package) that renders it; every
document also renders as `json`."""

EXTENSIONS = {"text": "txt", "md": "md", "html": "html", "json": "json", "csv": "csv"}
"""File extension of each format a report can be written to a folder in (and of its template)."""


@dataclass(frozen=True)
class Style:
    colour: bool = False
    """ANSI colour, for a terminal."""
    compact: bool = False
    """Compact JSON, for files: no indentation, ASCII only, so it needs no sanitising and is fast."""


Renderer = Callable[[dict[str, Any], Style], str]


def formats(schema: str) -> tuple[str, ...]:
    """The formats a document of this schema renders in (the command's --format choices)."""
    return (*FORMATS[schema], "json")


def render(document: Any, fmt: str, colour: bool = False, compact: bool = False) -> str:
    """The document in the format; a list of documents renders only as JSON. Every string from
    the user's files is made safe to print (`terminal.safe`) before any renderer sees it."""
    if fmt == "json":
        return json_text(document, compact)
    return renderer(document["schema"], fmt)(terminal.safe_data(document), Style(colour, compact))


def renderer(schema: str, fmt: str) -> Renderer:
    target = FORMATS[schema].get(fmt)
    if target is None:
        raise ValueError(f"a {schema} document has no {fmt!r} format (it has {', '.join(formats(schema))})")
    if target == TEMPLATED:
        from .reporting import templated

        return templated(fmt)
    module, function = target.split(":")
    found: Renderer = getattr(importlib.import_module(f".{module}", __package__), function)
    return found


def json_text(data: Any, compact: bool = False) -> str:
    """JSON for the terminal, every string sanitised (`terminal.safe`); or `compact` JSON for a
    file: plain ASCII (every other character escaped by json's C encoder), so it needs no
    sanitising and is fast to write at scale."""
    if compact:
        return json.dumps(data, separators=(",", ":")) + "\n"
    return terminal.safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
