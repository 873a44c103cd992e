"""A cache of validated libraries, so a cold `check` does not re-parse and re-validate every law.

The key is a digest of every YAML file's path and content under the library root, the catalogue,
and the package's code and data: any change to a law or to the code misses the cache. Only
libraries that loaded and passed every library check are stored, so a hit skips those checks.
On a miss, the documents of files unchanged since the last entry made by the same code are
reused, so an edit to one law re-reads that law alone (the library checks still run on all).
Profiles are kept the same way, one entry per set of profile files read together, and reused
file by file; their checks against the library always run.

An entry is JSON of the already-validated library, read back through the same models, so a
tampered or corrupt entry can never run code: at worst it fails validation and is ignored (a
pickle here would execute whatever a crafted file asked). An entry that names other documents
than the library it was read for is ignored too. The cache
keeps at most `MAX_ENTRIES` entries, dropping the least recently used and any unused for
`MAX_AGE_DAYS`. It lives in the platform's user cache folder (`~/.cache/wso-rules` on Linux,
honouring `XDG_CACHE_HOME`), or in `WSO_RULES_CACHE_DIR`; `WSO_RULES_CACHE=0` turns it off, and a
cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar

import platformdirs
from pydantic import BaseModel, ConfigDict, ValidationError

from . import checks, files
from .library import Library, Origin, Outline
from .models import Catalogue, Law, LocalSurvey, Profile
from .problems import InputError
from .version import __version__

FORMAT = 3
MAX_ENTRIES = 16
MAX_AGE_DAYS = 30
MAX_ENTRY_BYTES = 256 * 1024 * 1024

Document = tuple[Law | LocalSurvey, Origin]


class _Source(BaseModel):
    """Where a cached document was read from."""

    path: str
    digest: str
    """SHA-256 of the file's bytes when it was read."""
    id_line: int
    scenario_lines: list[int]


class _Entry(BaseModel):
    """One cached library, exactly as it is written to and read from the JSON file."""

    key: str
    code: str
    """Digest of the package's code and data: documents read under other code are never reused."""
    catalogue: Catalogue
    laws: list[Law]
    surveys: list[LocalSurvey]
    sources: dict[str, _Source]
    """Document id -> the file it was read from."""


def cache_folder() -> Path | None:
    """Where wso-rules keeps its caches, or None when they are turned off."""
    if os.environ.get("WSO_RULES_CACHE", "1") == "0":
        return None
    chosen = os.environ.get("WSO_RULES_CACHE_DIR")
    return Path(chosen) if chosen else platformdirs.user_cache_path("wso-rules", appauthor=False)


@cache
def code_digest() -> str:
    """A digest of the package's code and data (any of it may change a check or a verdict); computed
    once a process, as the code cannot change under a running one."""
    digest = hashlib.sha256(f"{__version__}\0{FORMAT}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.glob("**/*.py")) + sorted((package / "data").glob("*")):
        digest.update(str(path).encode(errors="surrogateescape") + b"\0" + files.read_bytes(path) + b"\0")
    return digest.hexdigest()


def _key(files_read: Iterable[Path], digests: Mapping[Path, str]) -> str:
    key = hashlib.sha256(code_digest().encode())
    for path in sorted(files_read):
        key.update(str(path).encode(errors="surrogateescape") + b"\0" + digests[path].encode() + b"\0")
    return key.hexdigest()


def cached(
    root: Path,
    files_read: list[Path],
    load: Callable[[Mapping[Path, Document]], Library],
    contents: Mapping[Path, bytes] | None = None,
) -> Library:
    """The library under `root` from the cache when every input is unchanged, else `load(reusable)`,
    where `reusable` holds the documents of files unchanged since the last library cached under
    this code (so an edit re-reads only the edited file). `contents` holds files the caller has
    already read this run, so none is read twice."""
    folder = cache_folder()
    if folder is None:
        return load({})
    try:
        digests = {
            path: files.digest(contents[path] if contents and path in contents else files.read_bytes(path))
            for path in files_read
        }
    except InputError:
        return load({})  # an unreadable file: loading reports it
    key = _key(files_read, digests)
    slot = folder / f"library-{key[:40]}.json"
    entry = read_entry(slot, _Entry)
    if entry is not None and entry.key == key:
        library = _library(entry)
        if library is not None:
            return library
    library = load(_reusable(folder, digests))
    _store(slot, key, library)
    return library


EntryT = TypeVar("EntryT", bound=BaseModel)


def read_entry(slot: Path, model: type[EntryT]) -> EntryT | None:
    """A cache file read back through its model; None when it is missing, corrupt or tampered with."""
    try:
        entry = model.model_validate_json(files.read_bytes(slot, MAX_ENTRY_BYTES))
    except (InputError, ValidationError):
        return None
    with contextlib.suppress(OSError, files.OutputError):
        os.utime(slot)  # recently used: kept when pruning
    return entry


def write_entry(slot: Path, entry: BaseModel, prune: str | None = None) -> None:
    """Write a cache file (a cache: lost is only slower, so no error is raised and nothing synced),
    then keep the newest `MAX_ENTRIES` files matching `prune` beside it."""
    with contextlib.suppress(OSError, files.OutputError):
        slot.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        files.write_atomic(slot, entry.model_dump_json(by_alias=True), durable=False)
        if prune:
            _prune(slot.parent, prune)


def _documents(entry: _Entry) -> dict[str, Document]:
    """The entry's documents by id, each with where it came from."""
    return {
        document.id: (document, _origin(entry.sources[document.id]))
        for document in [*entry.laws, *entry.surveys]
        if document.id in entry.sources
    }


def _source(origin: Origin, scenarios: int) -> _Source:
    outline = origin.outline(scenarios)
    return _Source(
        path=str(origin.path),
        digest=origin.digest or "",
        id_line=outline.id_line,
        scenario_lines=list(outline.scenario_lines),
    )


def _origin(source: _Source) -> Origin:
    return Origin(Path(source.path), None, source.digest, Outline(source.id_line, tuple(source.scenario_lines)))


def _library(entry: _Entry) -> Library | None:
    """The entry as a library; None when it names other documents than it holds."""
    documents = _documents(entry)
    if set(entry.sources) != set(documents) | {checks.CATALOGUE}:
        return None
    origins = {doc_id: origin for doc_id, (_, origin) in documents.items()}
    origins[checks.CATALOGUE] = _origin(entry.sources[checks.CATALOGUE])
    return Library(entry.catalogue, tuple(entry.laws), origins, tuple(entry.surveys))


def _reusable(folder: Path, digests: Mapping[Path, str]) -> dict[Path, Document]:
    """The documents of the most recently used entry made by this code whose files are unchanged."""
    newest = max(folder.glob("library-*.json"), key=_mtime, default=None)
    entry = read_entry(newest, _Entry) if newest else None
    if entry is None or entry.code != code_digest():
        return {}
    return {
        origin.path: (document, origin)
        for document, origin in _documents(entry).values()
        if digests.get(origin.path) == origin.digest
    }


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _store(slot: Path, key: str, library: Library) -> None:
    if any(origin.digest is None for origin in library.origins.values()):
        return  # a document made in memory: nothing to compare it with next time
    scenarios = {law.id: len(law.scenarios) for law in library.laws}
    sources = {doc_id: _source(origin, scenarios.get(doc_id, 0)) for doc_id, origin in library.origins.items()}
    entry = _Entry(
        key=key,
        code=code_digest(),
        catalogue=library.catalogue,
        laws=list(library.laws),
        surveys=list(library.surveys),
        sources=sources,
    )
    write_entry(slot, entry, "library-*.json")


def _prune(folder: Path, pattern: str) -> None:
    """Keep the `MAX_ENTRIES` most recently used entries matching `pattern` younger than
    `MAX_AGE_DAYS`; drop the rest (and entries of older formats, such as pickles, which are never read)."""
    entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    too_old = time.time() - MAX_AGE_DAYS * 86400
    stale = entries[MAX_ENTRIES:] + [p for p in entries[:MAX_ENTRIES] if p.stat().st_mtime < too_old]
    for path in stale + list(folder.glob("library-*.pickle")):
        path.unlink(missing_ok=True)


class _ProfileEntry(BaseModel):
    """The profiles read from one set of files, each with where it came from."""

    model_config = ConfigDict(defer_build=True)  # built by commands that read profiles only

    code: str
    profiles: list[Profile]
    sources: list[_Source]
    """Parallel to `profiles`."""


ProfileDocument = tuple[Profile, Origin]


def reusable_profiles(
    paths: Sequence[Path],
) -> tuple[dict[Path, ProfileDocument], Callable[[list[ProfileDocument]], None]]:
    """The profiles of `paths` whose files are unchanged since they were last read together (by
    this code), and a function to call with every profile read, to keep them for next time. A
    folder of 3,143 profiles is then read as bytes and compared, not parsed and validated again."""
    folder = cache_folder()
    if folder is None:
        return {}, lambda read: None
    digests = {}
    for path in paths:
        with contextlib.suppress(InputError):  # an unreadable file: reading it reports why
            digests[path] = files.digest(files.read_bytes(path))
    slot = folder / f"profiles-{hashlib.sha256(repr(sorted(map(str, paths))).encode()).hexdigest()[:40]}.json"
    kept = _read_profiles(slot)
    reusable = {
        origin.path: (profile, origin)
        for profile, origin in kept
        if origin.path in digests and digests[origin.path] == origin.digest
    }

    def keep(read: list[ProfileDocument]) -> None:
        if {origin.path: origin.digest for _, origin in read} != {o.path: o.digest for _, o in reusable.values()}:
            _store_profiles(slot, read)

    return reusable, keep


def _read_profiles(slot: Path) -> list[ProfileDocument]:
    entry = read_entry(slot, _ProfileEntry)
    if entry is None or entry.code != code_digest() or len(entry.sources) != len(entry.profiles):
        return []
    return [(profile, _origin(source)) for profile, source in zip(entry.profiles, entry.sources)]


def _store_profiles(slot: Path, read: list[ProfileDocument]) -> None:
    if any(origin.digest is None for _, origin in read):
        return
    sources = [_source(origin, 0) for _, origin in read]
    entry = _ProfileEntry(code=code_digest(), profiles=[profile for profile, _ in read], sources=sources)
    write_entry(slot, entry, "profiles-*.json")
