"""`wso-rules validate`: every check of laws, profiles and the catalogue, as located problems.

Loading already reports syntax, schema and vocabulary problems (see `checks.py`); this module adds
what needs the evaluator: each law's scenarios must pass, at least one must show the law biting
and (a warning) one where it does not, and every provision should be exercised by some scenario.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import checks
from .checks import CATALOGUE
from .engines import RuleLimitError
from .evaluation import Evaluator
from .library import Library
from .loading import CATALOGUE_FILE, DEFAULT_JURISDICTIONS, DEFAULT_POLICIES, load_library, load_profiles
from .models import LawKind
from .problems import InputError, Problem, real_path
from .scenarios import ScenarioOutcome, bites, decides, run_scenario


@dataclass(frozen=True)
class Target:
    """What one validate run looks at: a law library and the profiles to check against it."""

    library_root: Path
    profile_paths: tuple[Path, ...]
    only: tuple[Path, ...]

    def covers(self, shown_path: str) -> bool:
        """Report a problem only for files the user asked about (all, when none were named)."""
        if not self.only:
            return True
        resolved = real_path(Path(shown_path))
        return any(resolved == p or p in resolved.parents for p in self.only)


def _library_root(path: Path) -> Path:
    """The folder holding the catalogue above `path`; a catalogue-less folder of laws is its own library."""
    for folder in (path, *path.parents) if path.is_dir() else path.parents:
        if (folder / CATALOGUE_FILE).is_file():
            return folder
    return path


def _is_profile_path(path: Path) -> bool:
    return "jurisdictions" in real_path(path).parts


def plan(paths: Sequence[Path]) -> Target:
    """Sort the named paths into the law library that holds them and profiles to check against it."""
    if not paths:
        return Target(DEFAULT_POLICIES, (DEFAULT_JURISDICTIONS,), ())
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise InputError([Problem(str(p), 1, 1, "missing-file", "no such file or folder") for p in missing])
    profiles = tuple(p for p in paths if _is_profile_path(p))
    roots = {_library_root(real_path(p)) for p in paths if p not in profiles}
    if len(roots) > 1:
        raise InputError([Problem(str(paths[0]), 1, 1, "usage", "the paths belong to more than one law library")])
    root = roots.pop() if roots else DEFAULT_POLICIES
    return Target(root, profiles, tuple(real_path(p) for p in paths))


def validate(paths: Sequence[Path], strict: bool = False) -> list[Problem]:
    """All problems in the named files (everything bundled when none are named); `strict` makes
    warnings errors."""
    target = plan(paths)
    try:
        library = load_library(target.library_root)
    except InputError as error:
        shown = [p for p in error.problems if target.covers(p.path)]
        return shown or [
            Problem(
                str(target.library_root),
                1,
                1,
                "library-invalid",
                f"the law library has {len(error.problems)} problem(s); validate it first",
            )
        ]
    found = [*scenario_problems(library, strict), *checks.survey_warnings(library, strict)]
    problems = [p for p in found if target.covers(p.path)]
    if target.profile_paths:
        try:
            load_profiles(target.profile_paths, library)
        except InputError as error:
            problems.extend(error.problems)
    return sorted(problems)


def evaluator_for(library: Library, engine: str = "auto") -> Evaluator:
    """An evaluator of the library; InputError located at the law when the engine cannot hold it."""
    try:
        return Evaluator(library, engine)
    except RuleLimitError as error:
        origin = library.origins.get(error.law_id or "") or library.origins[CATALOGUE]
        line, column = origin.locator.key_at(("provisions",))
        raise InputError([Problem(origin.display, line, column, "engine-limit", str(error))]) from None


def scenario_problems(library: Library, strict: bool = False) -> Iterable[Problem]:
    try:
        evaluator = evaluator_for(library)
    except InputError as error:
        yield from error.problems
        return
    exercised: set[str] = set()
    outcomes_by_law: dict[str, list[ScenarioOutcome]] = {}
    for law in library.laws:
        outcomes = [run_scenario(evaluator, law, index) for index in range(len(law.scenarios))]
        outcomes_by_law[law.id] = outcomes
        for outcome in outcomes:
            exercised |= outcome.applied
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
        if f"{law.id}/{provision.id}" not in exercised:
            yield at(
                ("provisions", index),
                "unexercised-provision",
                f"no scenario makes provision {provision.id!r} apply; add a scenario that exercises it",
                "error" if strict else "warning",
            )
