"""Located problems: what every error and warning about the user's files looks like."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from . import rules, terminal


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a line and column (1-based), with a rule id."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    severity: str = "error"

    def __post_init__(self) -> None:
        """Paths and messages quote the user's files, so they are made safe to print once, here;
        the rule must be registered (wso_rules/rules.py), so every id a user sees is documented."""
        rules.rule(self.rule)
        object.__setattr__(self, "path", terminal.safe(self.path))
        object.__setattr__(self, "message", terminal.safe(self.message))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity} [{self.rule}] {self.message}"


@dataclass(frozen=True, order=True)
class Case:
    """One thing a validate run checked, as a JUnit test case: a law's scenario, or a file as a whole.
    The problems at its path (and, for a scenario, at its line) are its failures."""

    path: str
    line: int
    name: str
    scenario: bool = False

    def owns(self, problem: Problem) -> bool:
        return problem.path == self.path and (problem.line == self.line or not self.scenario)


class InputError(Exception):
    """The user's input (files, arguments) cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def real_path(path: Path) -> Path:
    """`path` with links followed, like `Path.resolve`, but a link loop is kept as it is instead of
    raising (reading it then reports the loop at its path)."""
    return Path(os.path.realpath(path))


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when possible."""
    if not path.is_absolute() and ".." not in path.parts:
        return str(path)  # relative to the working directory already, as the user gave it
    here = _real_folder(os.getcwd()).rstrip(os.sep) + os.sep
    real = os.path.join(_real_folder(os.path.dirname(os.path.abspath(path))), path.name)
    return real[len(here) :] if real.startswith(here) else str(path)


@functools.lru_cache(maxsize=256)
def _real_folder(folder: str) -> str:
    """A folder with symbolic links resolved; the files of one folder share one lookup."""
    return os.path.realpath(folder)
