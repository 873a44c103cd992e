"""pytest plugin: `pytest policies/` collects every law file's scenarios as test items.

Registered through the `pytest11` entry point, so installing the package is enough. A law file is
collected when it sits below a folder holding `catalogue.yaml`; the whole library of that folder
is loaded once per session, so scenarios see every law that binds their agency.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .evaluation import Evaluator
from .loading import CATALOGUE_FILE, load_library
from .problems import InputError
from .scenarios import run_scenario

_EVALUATORS: dict[Path, Evaluator | InputError] = {}


def _library_root(path: Path) -> Path | None:
    for folder in path.parents:
        if (folder / CATALOGUE_FILE).is_file():
            return folder
    return None


def _evaluator(root: Path) -> Evaluator:
    if root not in _EVALUATORS:
        try:
            _EVALUATORS[root] = Evaluator(load_library(root))
        except InputError as error:
            _EVALUATORS[root] = error
    found = _EVALUATORS[root]
    if isinstance(found, InputError):
        raise found
    return found


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix not in (".yaml", ".yml") or file_path.name == CATALOGUE_FILE:
        return None
    root = _library_root(file_path)
    if root is None:
        return None
    return LawFile.from_parent(parent, path=file_path, root=root)


class LawFile(pytest.File):
    def __init__(self, *, root: Path, **kwargs: Any):
        super().__init__(**kwargs)
        self.root = root

    def collect(self):
        evaluator = _evaluator(self.root)
        resolved = self.path.resolve()
        for law_id, origin in evaluator.library.origins.items():
            if origin.path.resolve() != resolved or not evaluator.library.has_law(law_id):
                continue
            law = evaluator.library.law(law_id)
            for index, scenario in enumerate(law.scenarios):
                yield ScenarioItem.from_parent(
                    self, name=f"{index + 1}: {scenario.name}", evaluator=evaluator, law_id=law_id, index=index
                )


class ScenarioFailed(Exception):
    pass


class ScenarioItem(pytest.Item):
    def __init__(self, *, evaluator: Evaluator, law_id: str, index: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.evaluator = evaluator
        self.law_id = law_id
        self.index = index

    def runtest(self) -> None:
        outcome = run_scenario(self.evaluator, self.evaluator.library.law(self.law_id), self.index)
        if not outcome.passed:
            raise ScenarioFailed(outcome.explain())

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, (ScenarioFailed, InputError)):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        origin = self.evaluator.library.origins[self.law_id]
        line, _ = origin.locator.value_at(("scenarios", self.index))
        return self.path, line - 1, f"{self.law_id} scenario {self.index + 1}"
