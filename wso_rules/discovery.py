"""Where wso-rules finds its files and what each one is: the bundled data, library layers, file kinds.

The bundled law library, profiles and schemas live at the top of the source tree (`policies/`,
`jurisdictions/`, `schemas/`); a built wheel carries them inside the package as `_bundled/`
(see setup.py), so an installed tool and a checkout find the same data.

A YAML file's kind comes from its content, never from its folder: its top-level keys, or failing
that (a file that does not parse) the schema its `# yaml-language-server` comment names.
"""

from __future__ import annotations

import enum
import functools
import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import files
from .models import Catalogue, Law, LocalSurvey, Profile
from .problems import InputError, Problem, display_path, real_path

PACKAGE = Path(__file__).resolve().parent
BUNDLE_FOLDER = "_bundled"


def bundled(name: str) -> Path:
    """A bundled folder: inside the installed package, else at the top of the source checkout."""
    installed = PACKAGE / BUNDLE_FOLDER / name
    return installed if installed.is_dir() else PACKAGE.parent / name


BUNDLED_POLICIES = bundled("policies")
BUNDLED_JURISDICTIONS = bundled("jurisdictions")
BUNDLED_SCHEMAS = bundled("schemas")


class FileKind(enum.StrEnum):
    """What a YAML file holds; the value is its schema's stem (`law` -> law.schema.json)."""

    LAW = "law"
    SURVEY = "survey"
    PROFILE = "profile"
    CATALOGUE = "catalogue"
    FOREIGN = "foreign"
    """Not a wso-rules file at all (a CI workflow, a pre-commit config): no key of any kind."""


MODELS: dict[FileKind, type[BaseModel]] = {
    FileKind.LAW: Law,
    FileKind.SURVEY: LocalSurvey,
    FileKind.PROFILE: Profile,
    FileKind.CATALOGUE: Catalogue,
}


def _keys(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(field.alias or name for name, field in model.model_fields.items())


@functools.cache
def _distinctive_keys() -> dict[FileKind, frozenset[str]]:
    """For each kind, the top-level keys no other kind has (from the models: one source of truth)."""
    keys = {kind: _keys(model) for kind, model in MODELS.items()}
    return {kind: own - frozenset().union(*(k for o, k in keys.items() if o is not kind)) for kind, own in keys.items()}


@functools.cache
def _known_keys() -> frozenset[str]:
    return frozenset().union(*(_keys(model) for model in MODELS.values()))


_TOP_LEVEL_KEY = re.compile(r"\n([A-Za-z_][\w-]*)\s*:")
"""A key at the start of a line, searched for in the text after a newline: a literal first
character lets the regex engine skip to each line (a MULTILINE `^` tries every character)."""
_TOP_LEVEL_ID = re.compile(r"^id:\s*(\S+)", re.MULTILINE)
_SCHEMA_COMMENT = re.compile(r"^#\s*yaml-language-server:\s*\$schema=\S*?(\w+)\.schema\.json", re.MULTILINE)


def kind_of_keys(keys: Iterable[str]) -> FileKind:
    """The kind of a document from its top-level keys: the kind most of whose distinctive keys it
    has (so one misspelt key does not change it); a law when it has none."""
    return _scored(keys) or FileKind.LAW


def _scored(keys: Iterable[str]) -> FileKind | None:
    present = set(keys)
    scores = {kind: len(present & distinctive) for kind, distinctive in _distinctive_keys().items()}
    best = max(scores.values())
    return next(kind for kind, score in scores.items() if score == best) if best else None


def library_model(data: dict[str, Any]) -> type[Law] | type[LocalSurvey]:
    """The model a library file is read as: a survey of a state's local laws, else a law."""
    return LocalSurvey if kind_of_keys(data) is FileKind.SURVEY else Law


def document_id(path: Path) -> str | None:
    """A file's top-level `id`, read without parsing the whole file (for notices, not for checks)."""
    try:
        found = _TOP_LEVEL_ID.search(files.read_text(path))
    except InputError:
        return None
    return found.group(1).strip("'\"") if found else None


def kind_of_text(text: str) -> FileKind:
    """The kind of a file's text: by its top-level block keys, else by the schema its comment
    names, else a law (so reading it reports what is wrong); a file with keys, none of them ours,
    that names no schema of ours is foreign."""
    comment = _SCHEMA_COMMENT.search(text)
    named = next((kind for kind in MODELS if comment and comment.group(1) == kind.value), None)
    keys = set(_TOP_LEVEL_KEY.findall("\n" + text))
    if keys and named is None and _known_keys().isdisjoint(keys):
        return FileKind.FOREIGN
    return _scored(keys) or named or FileKind.LAW


def kind_of_file(path: Path) -> FileKind:
    """The kind of the file at `path`; one that cannot be read counts as a law, so reading it reports why."""
    try:
        return kind_of_bytes(files.read_bytes(path))
    except InputError:
        return FileKind.LAW


def kind_of_bytes(content: bytes) -> FileKind:
    """The kind of a file's content; one that is not UTF-8 counts as a law, so reading it reports why."""
    try:
        return kind_of_text(content.decode("utf-8"))
    except UnicodeDecodeError:
        return FileKind.LAW


def yaml_files(root: Path) -> list[Path]:
    """Every .yaml/.yml entry below `root` that is not a folder, in a stable order (by path
    parts); `root` itself when it is not a folder. Pipes, sockets and broken links are kept so
    that reading them reports them, rather than a run that never read them passing."""
    if not root.is_dir():
        return [root]
    found: list[str] = []
    _collect_yaml(str(root), found)
    return [Path(path) for path in sorted(found, key=lambda path: path.split(os.sep))]


def _collect_yaml(folder: str, found: list[str]) -> None:
    """`Path.rglob("*")` filtered, without its cost (paths stay text until the end): links to
    folders are not followed, and a folder that cannot be listed is skipped."""
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except PermissionError:
        return
    for entry in listed:
        if entry.is_dir(follow_symlinks=False):
            _collect_yaml(entry.path, found)
        elif os.path.splitext(entry.name)[1] in (".yaml", ".yml") and not _is_folder(entry):
            found.append(entry.path)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a folder or a link to one; a link loop is not (reading it reports it)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def library_layers(extra: Sequence[Path] | None, only: bool = False) -> list[Path]:
    """The library roots to load, lowest first: the bundled library, then each `--policies` folder
    (with `only`, just those)."""
    extra = [Path(p) for p in extra or ()]
    return extra if only and extra else [BUNDLED_POLICIES, *extra]


def is_within(path: Path, folders: Iterable[Path]) -> bool:
    return resolved_within(real_path(path), [real_path(f) for f in folders])


def resolved_within(resolved: Path, resolved_folders: Iterable[Path]) -> bool:
    """`is_within` for paths whose links are already followed."""
    parents = resolved.parents
    return any(resolved == folder or folder in parents for folder in resolved_folders)


CONFIG_TABLE = "wso-rules"


@dataclass(frozen=True)
class ProjectConfig:
    """An encoder's repository's `[tool.wso-rules]` table in pyproject.toml: its law folders (layered
    on the bundled library unless `only`) and its profile folders; paths relative to that file."""

    path: Path
    policies: tuple[Path, ...] = ()
    profiles: tuple[Path, ...] = ()
    only: bool = False

    def layers(self) -> list[Path]:
        return library_layers(self.policies, self.only)


def project_config(start: Path | None = None) -> ProjectConfig | None:
    """The `[tool.wso-rules]` table of the nearest pyproject.toml at or above `start` (the working
    folder), or None; a pyproject.toml without the table ends the search (it is another project)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            return _read_config(pyproject)
    return None


def _read_config(pyproject: Path) -> ProjectConfig | None:
    def bad(message: str) -> InputError:
        return InputError([Problem(display_path(pyproject), 1, 1, "config", message)])

    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get(CONFIG_TABLE)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise bad(f"cannot read [tool.{CONFIG_TABLE}]: {error}") from None
    if table is None:
        return None
    unknown = sorted(set(table) - {"policies", "profiles", "only"})
    if unknown:
        raise bad(f"[tool.{CONFIG_TABLE}]: unknown key(s) {', '.join(unknown)}; expected policies, profiles, only")
    folders = {}
    for key in ("policies", "profiles"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise bad(f'[tool.{CONFIG_TABLE}] {key}: expected a list of folder names, e.g. ["laws"]')
        folders[key] = tuple(pyproject.parent / item for item in value)
    if not isinstance(table.get("only", False), bool):
        raise bad(f"[tool.{CONFIG_TABLE}] only: expected true or false")
    return ProjectConfig(pyproject, folders["policies"], folders["profiles"], table.get("only", False))
