"""`validate` output: the validation document, and one small renderer per format over it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from .output import Style, json_text
from .problems import Case, Problem
from .rules import RULES
from .version import __version__


def validation_document(problems: Sequence[Problem], cases: Sequence[Case] = ()) -> dict[str, Any]:
    """What validate found, as data (the JSON output): the problems, and the cases it checked."""
    return {
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
        "cases": [{"path": c.path, "line": c.line, "name": c.name, "scenario": c.scenario} for c in cases],
    }


def _problems(document: dict[str, Any]) -> list[Problem]:
    return [Problem(**p) for p in document["problems"]]


_XML_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_XML_ATTRIBUTE = _XML_TEXT | {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}

_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m"}


def human(document: dict[str, Any], style: Style) -> str:
    problems = _problems(document)
    lines = []
    for problem in problems:
        severity = problem.severity
        if style.colour:
            severity = f"{_COLOURS[severity]}{severity}\033[0m"
        lines.append(f"{problem.path}:{problem.line}:{problem.column}: {severity} [{problem.rule}] {problem.message}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    lines.append(f"{errors} error(s), {warnings} warning(s)" if problems else "no problems found")
    return "\n".join(lines) + "\n"


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github(document: dict[str, Any], style: Style) -> str:
    """GitHub Actions workflow commands, which mark the line in a pull request's diff."""
    problems = _problems(document)
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


def junit(document: dict[str, Any], style: Style) -> str:
    """JUnit XML: one test case per scenario and per file checked, passing ones too; a case fails
    with the errors at its scenario (or, for a file, elsewhere in it). A problem in a file no case
    covers (one that did not load) is a case of its own."""
    problems, cases = _problems(document), [Case(**c) for c in document["cases"]]
    owned: dict[Case, list[Problem]] = {case: [] for case in cases}
    for problem in problems:
        owner = next((c for c in cases if c.scenario and c.owns(problem)), None)
        owner = owner or next((c for c in cases if not c.scenario and c.owns(problem)), None)
        if owner is None:
            owner = Case(problem.path, problem.line, f"{problem.rule} at {problem.line}:{problem.column}")
            owned.setdefault(owner, [])
        owned[owner].append(problem)
    if not owned:
        owned[Case("wso-rules", 1, "library is valid")] = []
    failed = sum(any(p.severity == "error" for p in found) for found in owned.values())
    body = "\n".join(_junit_case(case, found) for case, found in owned.items())
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="wso-rules validate" '
        f'tests="{len(owned)}" failures="{failed}" errors="0">\n{body}\n</testsuite>\n'
    )


def _junit_case(case: Case, problems: Sequence[Problem]) -> str:
    errors = [p for p in problems if p.severity == "error"]
    inner = ""
    if errors:
        text = "\n".join(str(p) for p in errors)
        inner += (
            f"<failure type={quoteattr(errors[0].rule)} message={quoteattr(errors[0].message)}>{escape(text)}</failure>"
        )
    warnings = [p for p in problems if p.severity != "error"]
    if warnings:
        inner += f"<system-out>{escape(chr(10).join(str(p) for p in warnings))}</system-out>"
    opening = f"  <testcase classname={quoteattr(case.path)} name={quoteattr(case.name)}"
    return f"{opening}>{inner}</testcase>" if inner else f"{opening}/>"


SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def sarif(document: dict[str, Any], style: Style) -> str:
    """SARIF 2.1.0, the format GitHub code scanning (and other tools) read: one result per problem."""
    problems = _problems(document)
    rules = sorted({p.rule for p in problems})
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wso-rules",
                        "version": __version__,
                        "informationUri": "https://github.com/wso-rules/wso-rules",
                        "rules": [
                            {
                                "id": rule,
                                "shortDescription": {"text": RULES[rule].meaning},
                                "help": {"text": RULES[rule].fix},
                            }
                            for rule in rules
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": p.rule,
                        "ruleIndex": rules.index(p.rule),
                        "level": "error" if p.severity == "error" else "warning",
                        "message": {"text": p.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": _uri(p.path)},
                                    "region": {"startLine": max(p.line, 1), "startColumn": max(p.column, 1)},
                                }
                            }
                        ],
                    }
                    for p in problems
                ],
            }
        ],
    }
    return json_text(log)


def _uri(path: str) -> str:
    """A relative path as a relative URI reference (what code scanning maps onto the repository)."""
    from pathlib import Path, PurePath
    from urllib.parse import quote

    as_path = PurePath(path)
    return Path(path).resolve().as_uri() if as_path.is_absolute() else quote(as_path.as_posix())


def auto_format() -> str:
    """github under GitHub Actions (annotations mark the lines in the diff), else human."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "human"
