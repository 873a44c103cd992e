"""`wso-rules validate`: every check of laws, profiles and the catalogue, as located problems.

Loading already reports syntax, schema and vocabulary problems (see `checks.py`); this module adds
what needs the evaluator: each law's scenarios must pass, at least one must show the law biting
and (a warning) one where it does not, and every provision should be exercised by some scenario.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from . import checks, outcome_cache
from .discovery import FileKind, is_within, kind_of_file, library_layers, project_config, resolved_within, yaml_files
from .evaluation import Evaluator, evaluator_for
from .library import Library
from .loading import CATALOGUE_FILE, DEFAULT_JURISDICTIONS, DEFAULT_POLICIES, load_library, load_profiles
from .models import Law, LawKind
from .problems import Case, InputError, Problem, display_path, real_path
from .scenarios import ScenarioOutcome, bites, decides, run_scenario

LIBRARY_KINDS = (FileKind.LAW, FileKind.SURVEY, FileKind.CATALOGUE)


@dataclass(frozen=True)
class Target:
    """What one validate run looks at: the law library's layers and the profiles to check against it."""

    library_layers: tuple[Path, ...]
    profile_paths: tuple[Path, ...]
    only: tuple[Path, ...]

    def covers(self, shown_path: str) -> bool:
        """Report a problem only for files the user asked about (all, when none were named)."""
        if not self.only:
            return True
        path = Path(shown_path)
        return resolved_within(Path(os.path.abspath(path)), self._only_absolute) or resolved_within(
            real_path(path), self._only_resolved
        )

    @cached_property
    def _only_absolute(self) -> tuple[Path, ...]:
        """The named folders as absolute paths: a file found below one needs no link resolved (covers
        is asked for every problem and case, and following links costs a system call per part)."""
        return tuple(Path(os.path.abspath(folder)) for folder in self.only)

    @cached_property
    def _only_resolved(self) -> tuple[Path, ...]:
        return tuple(real_path(folder) for folder in self.only)


def _library_root(path: Path) -> Path:
    """The folder holding the catalogue above `path`; a catalogue-less folder of laws is its own library."""
    for folder in (path, *path.parents) if path.is_dir() else path.parents:
        if (folder / CATALOGUE_FILE).is_file():
            return folder
    return path


def plan(paths: Sequence[Path], policies: Sequence[Path] = (), only: bool = False) -> Target:
    """Sort the named paths, by content, into law-library layers and profiles to check against them.

    With `--policies` folders (or a `[tool.wso-rules]` table), the library is those layered on the
    bundled one, and with no paths named the problems shown are those in the layered folders (and
    the configured profiles); otherwise named laws form their own library with the bundled catalogue.
    """
    config = project_config()
    policies = list(policies) or list(config.policies if config else ())
    only = only or bool(config and config.only and not policies)
    if not paths and not policies:
        return Target((DEFAULT_POLICIES,), (DEFAULT_JURISDICTIONS,), ())
    paths = list(paths) or [*policies, *(config.profiles if config else ())]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise InputError([Problem(str(p), 1, 1, "missing-file", "no such file or folder") for p in missing])
    kinds = {(p, f): kind_of_file(f) for p in paths for f in yaml_files(p)}
    profiles = tuple(f for (_, f), kind in kinds.items() if kind is FileKind.PROFILE)
    holding_laws = list(dict.fromkeys(p for (p, _), kind in kinds.items() if kind in LIBRARY_KINDS))
    if policies:
        layers = library_layers(policies, only)
        layers += [p for p in holding_laws if not is_within(p, layers)]
    else:
        roots = {_library_root(real_path(p)) for p in holding_laws}
        if len(roots) > 1:
            raise InputError([Problem(str(paths[0]), 1, 1, "usage", "the paths belong to more than one law library")])
        layers = list(roots) or [DEFAULT_POLICIES]
    return Target(tuple(layers), profiles, tuple(real_path(p) for p in paths))


@dataclass(frozen=True)
class Validation:
    """A validate run: the problems found, and what was checked (a case per scenario and per file)."""

    problems: list[Problem]
    cases: list[Case]


def validate(
    paths: Sequence[Path], strict: bool = False, policies: Sequence[Path] = (), only: bool = False
) -> list[Problem]:
    """All problems in the named files (everything bundled when none are named); `strict` makes
    warnings errors."""
    return validate_run(paths, strict, policies, only).problems


def validate_run(
    paths: Sequence[Path], strict: bool = False, policies: Sequence[Path] = (), only: bool = False, engine: str = "auto"
) -> Validation:
    """`validate`, with the cases it checked (for JUnit and SARIF)."""
    target = plan(paths, policies, only)
    try:
        library = load_library(target.library_layers)
    except InputError as error:
        shown = [p for p in error.problems if target.covers(p.path)]
        return Validation(
            shown
            or [
                Problem(
                    str(target.library_layers[-1]),
                    1,
                    1,
                    "library-invalid",
                    f"the law library has {len(error.problems)} problem(s); validate it first",
                )
            ],
            [],
        )
    found = [*scenario_problems(library, strict, engine), *checks.survey_warnings(library, strict)]
    problems = [p for p in found if target.covers(p.path)]
    if target.profile_paths:
        try:
            load_profiles(target.profile_paths, library)
        except InputError as error:
            problems.extend(error.problems)
    checked = [c for c in _cases(library) if target.covers(c.path)]
    checked += [Case(display_path(p), 1, f"profile {display_path(p)}") for p in target.profile_paths]
    return Validation(sorted(problems), checked)


def _cases(library: Library) -> Iterable[Case]:
    """Each law file as a whole, and each of its scenarios."""
    for law in library.laws:
        origin = library.origins[law.id]
        outline = origin.outline(len(law.scenarios))
        yield Case(origin.display, outline.id_line, f"law {law.id}")
        for index, scenario in enumerate(law.scenarios):
            line = outline.scenario_lines[index]
            yield Case(origin.display, line, f"{law.id} scenario {index + 1}: {scenario.name}", scenario=True)


def scenario_problems(library: Library, strict: bool = False, engine: str = "auto") -> Iterable[Problem]:
    """The problems of every law's scenarios; a state whose laws, survey, catalogue and code are
    unchanged since the last run has its outcomes from the cache (`outcome_cache`), and the
    evaluator is built only if some state must run."""

    @cache
    def evaluator() -> Evaluator:
        return evaluator_for(library, engine)

    def run(law: Law) -> list[ScenarioOutcome]:
        return [run_scenario(evaluator(), law, index) for index in range(len(law.scenarios))]

    try:
        outcomes_by_law = outcome_cache.outcomes(library, engine, run)
    except InputError as error:
        yield from error.problems
        return
    exercised = {key for outcomes in outcomes_by_law.values() for outcome in outcomes for key in outcome.applied}
    for law in library.laws:
        yield from _law_scenario_problems(library, law.id, outcomes_by_law[law.id], exercised, strict)


def _law_scenario_problems(
    library: Library, law_id: str, outcomes: list[ScenarioOutcome], exercised: set[str], strict: bool
) -> Iterable[Problem]:
    law, origin = library.law(law_id), library.origins[law_id]

    def at(path: tuple, rule: str, message: str, severity: str = "error") -> Problem:
        line, column = origin.locator.value_at(path)
        return Problem(origin.display, line, column, rule, message, severity)

    if not law.scenarios:
        yield at(("id",), "no-scenario", "the law has no scenarios; add one where it bites and one where it does not")
    elif law.kind is not LawKind.NO_LAW and not any(bites(o) for o in outcomes):
        yield at(
            ("scenarios",),
            "no-biting-scenario",
            "in no scenario does any provision of this law apply; add one where the law bites",
        )
    if law.kind is not LawKind.NO_LAW and outcomes and all(decides(o) for o in outcomes):
        yield at(
            ("scenarios",),
            "no-contrast-scenario",
            "every scenario is decided by this law; add one where it does not bite (another agency kind, "
            "a date before it took effect, an exception, a preemption)",
            "error" if strict else "warning",
        )
    for outcome in outcomes:
        if not outcome.passed:
            message = outcome.explain().replace("\n", "; ").replace("  ", " ")
            yield at(("scenarios", outcome.index), "scenario-failed", message)
    for index, provision in enumerate(law.provisions):
        if law.key(provision) not in exercised:
            yield at(
                ("provisions", index),
                "unexercised-provision",
                f"no scenario makes provision {provision.id!r} apply; add a scenario that exercises it",
                "error" if strict else "warning",
            )
