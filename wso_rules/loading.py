"""Reading YAML files into validated models, with every error pointing at a file, line and column."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import checks, discovery, files, library_cache
from .discovery import FileKind, yaml_files
from .library import Library, Origin, Outline, Replacement
from .models import AllOf, AnyOf, Catalogue, FactTest, Law, LocalSurvey, NotOf, Profile, _condition_tag
from .problems import InputError, Problem, display_path, real_path
from .rules import MODEL_RULES
from .yaml_source import Locator, YamlProblem, parse_yaml

DEFAULT_POLICIES = discovery.BUNDLED_POLICIES
DEFAULT_JURISDICTIONS = discovery.BUNDLED_JURISDICTIONS
CATALOGUE_FILE = "catalogue.yaml"

ModelT = TypeVar("ModelT", bound=BaseModel)

_CONDITION_TAGS = {"fact", "all", "any", "not"}


def read_document(path: Path, model: type[ModelT] | Callable[[Any], type[ModelT]]) -> tuple[ModelT, Origin]:
    """Parse and validate one file as `model` (or the model a function picks from the parsed
    mapping); raise InputError naming each bad line."""
    shown = display_path(path)
    content = files.read_bytes(path)
    text = files.decode(content, path)
    try:
        data, locator = parse_yaml(text, shown)
    except YamlProblem as error:
        raise InputError([error.problem]) from None
    if not isinstance(data, dict):
        what = model.__name__.lower() if isinstance(model, type) else "document"
        raise InputError([Problem(shown, 1, 1, "schema", f"expected a mapping of keys for a {what}")])
    if not isinstance(model, type):
        model = model(data)
    try:
        document = model.model_validate(data)
    except ValidationError as error:
        raise InputError(list(_validation_problems(error, model, data, locator, shown))) from None
    scenarios = data.get("scenarios")
    outline = Outline.of(locator, len(scenarios) if isinstance(scenarios, list) else 0)
    return document, Origin(path, locator, files.digest(content), outline)


def _validation_problems(
    error: ValidationError, model: type[BaseModel], data: Any, locator: Locator, shown: str
) -> Iterable[Problem]:
    for detail in error.errors(include_url=False):
        path = _data_path(detail["loc"], data)
        kind = detail["type"]
        if kind == "extra_forbidden":
            key = path[-1]
            line, column = locator.key_at(path)
            hint = _did_you_mean(str(key), _fields_at(model, detail["loc"][:-1]))
            yield Problem(shown, line, column, "unknown-key", f"unknown key {key!r}{hint}")
        elif kind == "missing":
            line, column = locator.value_at(path[:-1])
            yield Problem(shown, line, column, "missing-key", f"missing required key {path[-1]!r}")
        else:
            field = (detail.get("ctx") or {}).get("field")
            path = path + (field,) if field and locator.has(path + (field,)) else path
            line, column = locator.value_at(path)
            where = ".".join(str(part) for part in path) or "document"
            got = f" (got {detail['input']!r})" if not isinstance(detail["input"], (dict, list)) else ""
            rule = kind if kind in MODEL_RULES else "schema"
            yield Problem(shown, line, column, rule, f"{where}: {_message(detail)}{got}")


def _message(detail: dict[str, Any]) -> str:
    message = detail["msg"]
    return message.removeprefix("Value error, ").replace("Input should be", "expected")


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Drop pydantic's union tags from an error location so it names keys in the file.

    A tag comes right before the fields of the condition it names: it is a tag when the value at
    that point is a condition of that form, no tag was dropped there yet (``not`` can be both
    the tag and the field of a negation) and it is not last (an error in the condition as a whole
    is shown at its first field)."""
    path: list[Any] = []
    node = data
    tag_dropped = False
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if not (tag_dropped or last) and part in _CONDITION_TAGS and _condition_tag(node) == part:
            tag_dropped = True
            continue
        tag_dropped = False
        path.append(part)
        node = (
            node.get(part)
            if isinstance(node, dict)
            else (node[part] if isinstance(node, list) and isinstance(part, int) and part < len(node) else None)
        )
    return tuple(path)


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys valid at `loc`, walking the model's annotations (for 'did you mean')."""
    candidates: list[type[BaseModel]] = [model]
    for condition_model in (AllOf, AnyOf, NotOf):
        condition_model.model_rebuild()  # built on first use; their field types name `Condition`
    for part in loc:
        if isinstance(part, int):
            continue
        tagged = [m for m in candidates if part in _CONDITION_TAGS and _tag_of(m) == part]
        if tagged and len(candidates) > 1:
            candidates = tagged
            continue
        following = [
            found
            for current in candidates
            for name, field in current.model_fields.items()
            if part in (name, field.alias)
            for found in _models_in(field.annotation)
        ]
        candidates = following or candidates
    return sorted({field.alias or name for m in candidates for name, field in m.model_fields.items()})


def _tag_of(model: type[BaseModel]) -> str | None:
    return {FactTest: "fact", AllOf: "all", AnyOf: "any", NotOf: "not"}.get(model)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _models_in(args[0])
    if origin in (typing.Union, types.UnionType, list, dict, tuple):
        return [model for arg in args for model in _models_in(arg)]
    return []


def _did_you_mean(key: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; expected one of: {', '.join(valid)}" if valid else ""


def _read_all(
    paths: Iterable[Path],
    model: type[ModelT] | Callable[[Any], type[ModelT]],
    reusable: Mapping[Path, tuple[ModelT, Origin]] | None = None,
) -> tuple[list[tuple[ModelT, Origin]], list[Problem]]:
    """Each file read as `model` (or taken from `reusable`, documents of unchanged files), and the
    problems of those that could not be."""
    documents, problems = [], []
    for path in paths:
        if reusable and path in reusable:
            documents.append(reusable[path])
            continue
        try:
            documents.append(read_document(path, model))
        except InputError as error:
            problems.extend(error.problems)
    return documents, problems


def load_library(
    root: Path | str | Sequence[Path | str] = DEFAULT_POLICIES, catalogue: Path | str | None = None
) -> Library:
    """Load and check the catalogue and every law under `root` as one library (cached when unchanged).

    `root` may be several library folders, lowest layer first (the bundled library, then an
    encoder's own): a later layer's law replaces an earlier one with the same id, and the library
    lists each replacement. Profiles and files foreign to wso-rules found there are skipped; the
    catalogue is the highest layer's, else the one beside or above the top folder, else the bundled one.
    """
    roots = [Path(root)] if isinstance(root, (str, Path)) else [Path(r) for r in root]
    named = Path(catalogue) if catalogue else None
    fallback = named or _find_catalogue(roots[-1])
    scan = library_cache.Scan.of(roots, [fallback])
    seen = library_cache.scanned(scan) if scan else None
    if seen is not None:
        library, layout = seen
    else:
        layout, contents = _layout(roots, named, fallback)
        every_file = [layout.catalogue, *(p for paths in layout.layered for p in paths)]
        library = library_cache.cached(
            roots[-1],
            every_file,
            lambda reusable: _read_library(layout.catalogue, layout.layered, reusable),
            contents,
            (scan, layout) if scan else None,
        )
    library.replacements = _replacements(library, layout.layered)
    return library


def prebuild_library() -> None:
    """Read and check the bundled library afresh and keep it as the prebuilt library: what the
    wheel build and an editable install run (with the caches off), so an install's first check need
    not parse the laws."""
    library_cache.write_prebuilt(load_library(DEFAULT_POLICIES), DEFAULT_POLICIES)


def _layout(
    roots: list[Path], catalogue: Path | None, fallback: Path
) -> tuple[library_cache.Layout, dict[Path, bytes]]:
    """The catalogue and each layer's law and survey files, told apart by content, with the
    content of every file read to tell them apart (so the cache key reads no file twice)."""
    contents: dict[Path, bytes] = {}
    layers = [_library_files(r, contents) for r in roots]
    found = [path for catalogues, _ in reversed(layers) for path in catalogues]
    catalogue_path = catalogue or (found[0] if found else fallback)
    catalogue_file = real_path(catalogue_path)
    layered = [
        [p for p in laws if p.name != catalogue_file.name or real_path(p) != catalogue_file] for _, laws in layers
    ]
    return library_cache.Layout(catalogue_path, layered), contents


def _library_files(root: Path, contents: dict[Path, bytes]) -> tuple[list[Path], list[Path]]:
    """The catalogues and the law and survey files under one library folder, told apart by content
    (what was read is added to `contents`, so the cache key reads no file twice)."""
    kinds = {path: _kind_of(path, contents) for path in yaml_files(root)}
    catalogues = [path for path, kind in kinds.items() if kind is FileKind.CATALOGUE]
    named = root / CATALOGUE_FILE
    if root.is_dir() and not named.is_file() and (named.exists() or named.is_symlink()):
        catalogues.append(named)  # has no content to tell its kind by; reading it reports why
    laws = [path for path, kind in kinds.items() if kind in (FileKind.LAW, FileKind.SURVEY)]
    return catalogues, laws


def _kind_of(path: Path, contents: dict[Path, bytes]) -> FileKind:
    try:
        contents[path] = files.read_bytes(path)
    except InputError:
        return FileKind.LAW  # reading it as a law reports why it cannot be read
    return discovery.kind_of_bytes(contents[path])


def _replacements(library: Library, layered: list[list[Path]]) -> tuple[Replacement, ...]:
    """Files of lower layers whose law a higher layer's file of the same id replaced."""
    if len(layered) < 2:
        return ()
    used = {real_path(origin.path) for origin in library.origins.values()}
    shadowed = [path for paths in layered[:-1] for path in paths if real_path(path) not in used]
    replaced = []
    for path in shadowed:
        law_id = discovery.document_id(path)
        if law_id in library.origins:
            replaced.append(Replacement(law_id, path, library.origins[law_id].path))
    return tuple(replaced)


def _read_library(
    catalogue_path: Path, layered: list[list[Path]], reusable: Mapping[Path, library_cache.Document]
) -> Library:
    catalogue_doc, catalogue_origin = read_document(catalogue_path, Catalogue)
    documents: dict[str, tuple[Law | LocalSurvey, Origin]] = {}
    problems: list[Problem] = []
    for law_paths in layered:
        read, found = _read_all(law_paths, discovery.library_model, reusable)
        problems.extend(found)
        problems.extend(checks.duplicate_ids(read))
        documents.update({document.id: (document, origin) for document, origin in read})
    origins = {doc_id: origin for doc_id, (_, origin) in documents.items()}
    origins[checks.CATALOGUE] = catalogue_origin
    laws = tuple(doc for doc, _ in documents.values() if isinstance(doc, Law))
    surveys = tuple(doc for doc, _ in documents.values() if isinstance(doc, LocalSurvey))
    library = Library(catalogue_doc, laws, origins, surveys)
    problems.extend(checks.library_problems(library))
    if problems:
        raise InputError(problems)
    return library


def _find_catalogue(root: Path) -> Path:
    """The catalogue next to the laws, or the bundled one when checking a single folder or file."""
    for folder in (root if root.is_dir() else root.parent, *real_path(root).parents):
        candidate = folder / CATALOGUE_FILE
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return DEFAULT_POLICIES / CATALOGUE_FILE


def load_profiles(paths: Sequence[Path | str], library: Library) -> list[Profile]:
    """Load agency profiles (files or folders) and check them against the library's vocabulary."""
    paths = [Path(p) for p in paths]
    absent = [Problem(display_path(p), 1, 1, "missing-file", "no such file or folder") for p in paths if not p.exists()]
    if absent:
        raise InputError(absent)
    files = [f for p in paths for f in yaml_files(p)]
    reusable, keep = library_cache.reusable_profiles(files)
    read, problems = _read_all(files, Profile, reusable)
    keep(read)
    if not read and not problems:
        problems.append(
            Problem(", ".join(str(p) for p in paths) or ".", 1, 1, "missing-file", "no profile files found")
        )
    for profile, origin in read:
        problems.extend(checks.profile_problems(profile, origin, library))
    problems.extend(checks.duplicate_ids(read))
    if problems:
        raise InputError(problems)
    return [profile for profile, _ in read]


def load_profile(path: Path | str, library: Library) -> Profile:
    return load_profiles([Path(path)], library)[0]
