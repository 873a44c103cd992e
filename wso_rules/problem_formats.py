"""Renderers for `validate` output: one small function per format over the same problems."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from .problems import Problem

_XML_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_XML_ATTRIBUTE = _XML_TEXT | {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}

_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m"}


def human(problems: Sequence[Problem], colour: bool = False) -> str:
    lines = []
    for problem in problems:
        severity = problem.severity
        if colour:
            severity = f"{_COLOURS[severity]}{severity}\033[0m"
        lines.append(f"{problem.path}:{problem.line}:{problem.column}: {severity} [{problem.rule}] {problem.message}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    lines.append(f"{errors} error(s), {warnings} warning(s)" if problems else "no problems found")
    return "\n".join(lines) + "\n"


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github(problems: Sequence[Problem], colour: bool = False) -> str:
    """GitHub Actions workflow commands, which mark the line in a pull request's diff."""
    return "".join(
        f"::{p.severity} file={_github_escape(p.path, True)},line={p.line},col={p.column},"
        f"title={_github_escape(p.rule, True)}::{_github_escape(p.message)}\n"
        for p in problems
    )


def escape(text: str, table: dict[str, str] = _XML_TEXT) -> str:
    """XML-escaped text (xml.sax.saxutils would import urllib, http and ssl for these few lines)."""
    return "".join(table.get(char, char) for char in text)


def quoteattr(text: str) -> str:
    """A double-quoted XML attribute value; whitespace kept as character references."""
    return f'"{escape(text, _XML_ATTRIBUTE)}"'


def junit(problems: Sequence[Problem], colour: bool = False) -> str:
    """JUnit XML: one test case per problem (failed), or one passing case for a clean run."""
    failures = [p for p in problems if p.severity == "error"]
    cases = [
        f"  <testcase classname={quoteattr(p.path)} name={quoteattr(f'{p.rule} at {p.line}:{p.column}')}>"
        + (
            f"<failure type={quoteattr(p.rule)} message={quoteattr(p.message)}>{escape(str(p))}</failure>"
            if p.severity == "error"
            else f"<system-out>{escape(str(p))}</system-out>"
        )
        + "</testcase>"
        for p in problems
    ] or ['  <testcase classname="wso-rules" name="library is valid"/>']
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="wso-rules validate" '
        f'tests="{len(cases)}" failures="{len(failures)}" errors="0">\n' + "\n".join(cases) + "\n</testsuite>\n"
    )


def as_json(problems: Sequence[Problem], colour: bool = False) -> str:
    return (
        json.dumps(
            {
                "schema": "wso-rules/validation",
                "schema_version": 1,
                "errors": sum(p.severity == "error" for p in problems),
                "warnings": sum(p.severity == "warning" for p in problems),
                "problems": [
                    {
                        "path": p.path,
                        "line": p.line,
                        "column": p.column,
                        "rule": p.rule,
                        "severity": p.severity,
                        "message": p.message,
                    }
                    for p in problems
                ],
            },
            indent=2,
        )
        + "\n"
    )


FORMATS: dict[str, Callable[[Sequence[Problem], bool], str]] = {
    "human": human,
    "github": github,
    "junit": junit,
    "json": as_json,
}
