"""pytest plugin: `pytest` collects every law file's scenarios as test items.

Registered through the `pytest11` entry point, so installing the package is enough. Law files are
collected from the folders named by the `wso_rules_policies` ini option (pytest.ini, or
`[tool.pytest.ini_options]`) or by `[tool.wso-rules] policies` in pyproject.toml; those folders are
layered on the bundled library (unless `only`), so a new law's scenarios run with every bundled law
that binds their agency. Without either, a law file below a folder holding `catalogue.yaml` (this
repository's own `policies/`) is collected with the library of that folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .discovery import FileKind, is_within, kind_of_file, library_layers, project_config
from .evaluation import Evaluator
from .loading import CATALOGUE_FILE, load_library
from .problems import InputError
from .scenarios import run_scenario

_EVALUATORS: dict[tuple[Path, ...], Evaluator | InputError] = {}
_LAW_KINDS = (FileKind.LAW, FileKind.SURVEY)
_CONFIGURED = pytest.StashKey["tuple[list[Path], list[Path]] | None"]()
_SEEN = pytest.StashKey[dict[str, int]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("wso_rules_policies", "folders of laws to test, layered on the bundled library", type="paths")
    parser.addini("wso_rules_only", "use only the wso_rules_policies folders, not the bundled library", type="bool")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_CONFIGURED] = _read_configuration(config)
    config.stash[_SEEN] = {"yaml": 0, "laws": 0}


def _configured(config: pytest.Config) -> tuple[list[Path], list[Path]] | None:
    return config.stash[_CONFIGURED]


def _read_configuration(config: pytest.Config) -> tuple[list[Path], list[Path]] | None:
    """(the folders to collect laws from, the library layers), or None when nothing is configured."""
    folders = [Path(p) for p in config.getini("wso_rules_policies")]
    if folders:
        return folders, library_layers(folders, bool(config.getini("wso_rules_only")))
    project = project_config(config.rootpath)
    if project and project.policies:
        return list(project.policies), project.layers()
    return None


def _library_root(path: Path) -> Path | None:
    for folder in path.parents:
        if (folder / CATALOGUE_FILE).is_file():
            return folder
    return None


def _evaluator(layers: tuple[Path, ...]) -> Evaluator:
    if layers not in _EVALUATORS:
        try:
            _EVALUATORS[layers] = Evaluator(load_library(list(layers)))
        except InputError as error:
            _EVALUATORS[layers] = error
    found = _EVALUATORS[layers]
    if isinstance(found, InputError):
        raise found
    return found


def _layers_for(config: pytest.Config, file_path: Path) -> tuple[Path, ...] | None:
    configured = _configured(config)
    if configured is not None:
        folders, layers = configured
        return tuple(layers) if is_within(file_path, folders) else None
    root = _library_root(file_path)
    return (root,) if root else None


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    seen = parent.config.stash[_SEEN]
    seen["yaml"] += 1
    layers = _layers_for(parent.config, file_path)
    if layers is None or kind_of_file(file_path) not in _LAW_KINDS:
        return None
    seen["laws"] += 1
    return LawFile.from_parent(parent, path=file_path, layers=layers)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """When nothing was collected though YAML files were seen, say how to name the law folders."""
    seen = config.stash[_SEEN]
    nothing = exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED
    if nothing and seen["yaml"] and not seen["laws"] and _configured(config) is None:
        terminalreporter.write_line(
            "wso-rules: no law files collected; name your law folders in pyproject.toml "
            '([tool.wso-rules] policies = ["laws"]) or pytest.ini (wso_rules_policies = laws)'
        )


class LawFile(pytest.File):
    def __init__(self, *, layers: tuple[Path, ...], **kwargs: Any):
        super().__init__(**kwargs)
        self.layers = layers

    def collect(self):
        evaluator = _evaluator(self.layers)
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
