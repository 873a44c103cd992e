"""A cache of validated libraries, so a cold `check` does not re-parse and re-validate every law.

The key is a digest of every YAML file's path and content under the library root, the catalogue,
and the package's code and data: any change to a law or to the code misses the cache. Only
libraries that loaded and passed every library check are stored, so a hit skips those checks.
On a miss, the documents of files unchanged since the last entry made by the same code are
reused, so an edit to one law re-reads that law alone (the library checks still run on all).
Profiles are kept the same way, one entry per set of profile files read together, and reused
file by file; their checks against the library always run.

An `Entry` is JSON of the already-validated library, an index line then a line per document,
rebuilt as models by `revival` when first read (data only: a tampered or corrupt entry can never
run code; a pickle here would execute whatever a crafted file asked). An entry whose index names
other documents than it holds is ignored, and a document not of the models' shape is read again
from its unchanged file. A `Scan` of the files' sizes, times and inodes is
remembered beside the entries, so a run over unchanged files reads none of them. An installed wheel
also holds a `PREBUILT` entry of the bundled library, made and checked when the wheel was built: a
first run whose files all match it takes it instead of parsing them, and an encoder's first run
reuses its documents for the bundled laws. The cache keeps at most `MAX_ENTRIES` entries, dropping
the least recently used and any unused for `MAX_AGE_DAYS`. It lives in the platform's user cache
folder (`~/.cache/wso-rules` on Linux, honouring `XDG_CACHE_HOME`), or in `WSO_RULES_CACHE_DIR`;
`WSO_RULES_CACHE=0` turns it off, and a cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import platformdirs
import pydantic
from pydantic import BaseModel, ValidationError

from . import checks, discovery, files
from .library import Library, Origin, Outline, Place, Shelf
from .models import Catalogue, Law, Level, LocalSurvey, Profile
from .problems import InputError, Problem
from .revival import RevivalError, dump, expect, revive
from .version import __version__

FORMAT = 5
MAX_ENTRIES = 16
MAX_AGE_DAYS = 30
MAX_ENTRY_BYTES = 256 * 1024 * 1024
SETTLED_SECONDS = 2
"""A file changed this recently may change again without its size or times changing (a file
system's clock ticks coarsely), so a scan that sees one is not remembered."""

Document = tuple[Law | LocalSurvey, Origin]
_NOT_OURS = (KeyError, TypeError, ValueError, RevivalError)
"""What reading a cache file that this code did not write (corrupt, tampered, older) raises."""


def cache_folder() -> Path | None:
    """Where wso-rules keeps its caches, or None when they are turned off."""
    if os.environ.get("WSO_RULES_CACHE", "1") == "0":
        return None
    chosen = os.environ.get("WSO_RULES_CACHE_DIR")
    return Path(chosen) if chosen else platformdirs.user_cache_path("wso-rules", appauthor=False)


@cache
def code_digest() -> str:
    """A digest of the package's code and data (any of it may change a check or a verdict) and of
    the pydantic it validates with; the same wherever the package is installed (paths are taken
    from the package's folder), so the prebuilt library made at build time matches once installed.
    Computed once a process, as the code cannot change under a running one, and remembered by a
    `Scan` of the code files, so a run over unchanged code reads none of them."""
    package = Path(__file__).resolve().parent
    code = sorted(package.glob("**/*.py")) + sorted((package / "data").glob("*"))
    made_by = f"{__version__}\0{FORMAT}\0{pydantic.VERSION}"
    scan = Scan.of_files(code, f"code\0{made_by}")
    remembered = read_json(scan.slot) if scan else None
    if isinstance(remembered, str):
        return remembered
    digest = hashlib.sha256(made_by.encode())
    for path in code:
        name = path.relative_to(package).as_posix()
        digest.update(name.encode(errors="surrogateescape") + b"\0" + files.read_bytes(path) + b"\0")
    if scan and scan.settled:
        write_json(scan.slot, digest.hexdigest(), "scan-*.json")
    return digest.hexdigest()


def _key(digests: Mapping[str, str]) -> str:
    """The key of a library read from these files (by name) with these content digests."""
    key = hashlib.sha256(code_digest().encode())
    for name in sorted(digests):
        key.update(name.encode(errors="surrogateescape") + b"\0" + digests[name].encode() + b"\0")
    return key.hexdigest()


@dataclass(frozen=True)
class Layout:
    """Which files a library was read from: the catalogue, and each layer's laws and surveys."""

    catalogue: Path
    layered: list[list[Path]]


@dataclass(frozen=True)
class Scan:
    """What a look at the library's folders saw without reading a file: a digest of the code and of
    every YAML file's path, size, times and inode (as git's index and ccache do), and whether every
    file was settled (unchanged for `SETTLED_SECONDS`), so that a scan may be remembered."""

    key: str
    settled: bool

    @classmethod
    def of(cls, roots: Sequence[Path], also: Sequence[Path]) -> Scan | None:
        """The scan of every YAML file under `roots` and of the files `also`, under this code; None
        when the caches are off or a file cannot be looked at (reading it reports why)."""
        if cache_folder() is None:
            return None
        found = [*(p for root in roots for p in discovery.yaml_files(root)), *also]
        return cls.of_files(found, f"{code_digest()}\0{roots!r}\0{also!r}")

    @classmethod
    def of_files(cls, paths: Sequence[Path], context: str) -> Scan | None:
        """The scan of `paths`, keyed also by `context`; None as for `of`."""
        if cache_folder() is None:
            return None
        key = hashlib.sha256(context.encode(errors="surrogateescape"))
        settled_before = time.time_ns() - SETTLED_SECONDS * 10**9
        settled = True
        for path in paths:
            try:
                seen = os.stat(path)
            except OSError:
                return None
            if not stat.S_ISREG(seen.st_mode):
                return None
            settled = settled and max(seen.st_mtime_ns, seen.st_ctime_ns) < settled_before
            status = (seen.st_size, seen.st_mtime_ns, seen.st_ctime_ns, seen.st_ino, seen.st_dev)
            key.update(f"{path}\0{status}\0".encode(errors="surrogateescape"))
        return cls(key.hexdigest(), settled)

    @property
    def slot(self) -> Path:
        return _cache_file(f"scan-{self.key[:40]}.json")


def scanned(scan: Scan) -> tuple[Library, Layout] | None:
    """The library a scan identical to `scan` was last read as, and where from; None when no such
    scan was remembered or its library entry is gone."""
    seen = read_json(scan.slot)
    try:
        entry = _entry_at(seen["key"])
        layout = Layout(Path(seen["catalogue"]), [[Path(p) for p in layer] for layer in seen["layered"]])
        library = _library(entry, seen["key"])
    except _NOT_OURS:
        return None
    return (library, layout) if library is not None else None


class Entry(NamedTuple):
    """A cached library as stored: an index (the catalogue, every document's id and place, and
    where each came from), then each law's and survey's JSON text in the index's order, a line
    each, parsed only when the document is first read."""

    index: dict[str, Any]
    documents: list[str]

    @classmethod
    def read(cls, slot: Path) -> Entry | None:
        """The entry kept in `slot`; None when it is missing or not of this form."""
        content = _read(slot)
        return cls.parse(content) if content is not None else None

    @classmethod
    def parse(cls, content: bytes) -> Entry | None:
        try:
            index, *documents = content.decode("utf-8").split("\n")
            return cls(expect(json.loads(index), dict), documents)
        except (ValueError, RevivalError):  # UnicodeDecodeError is a ValueError
            return None

    def text(self) -> str:
        return "\n".join([_json(self.index), *self.documents])

    def write(self, slot: Path) -> None:
        _write(slot, self.text(), "library-*.json")


def _entry_at(key: str) -> Entry | None:
    """The entry kept for `key`: its own, or the prebuilt one it points at (None if that is gone)."""
    entry = Entry.read(_slot(key))
    if entry is not None and "prebuilt" in entry.index:
        prebuilt = _prebuilt_entry()
        if prebuilt is None or prebuilt.index.get("key") != entry.index["prebuilt"]:
            return None
        return Entry({**prebuilt.index, "key": key}, prebuilt.documents)
    return entry


def _slot(key: str) -> Path:
    return _cache_file(f"library-{key[:40]}.json")


def _cache_file(name: str) -> Path:
    folder = cache_folder()
    assert folder is not None  # scans and keys are only made with the caches on
    return folder / name


def cached(
    root: Path,
    files_read: list[Path],
    load: Callable[[Mapping[Path, Document]], Library],
    contents: Mapping[Path, bytes] | None = None,
    remember: tuple[Scan, Layout] | None = None,
) -> Library:
    """The library under `root` from the cache when every input is unchanged, else `load(reusable)`,
    where `reusable` holds the documents of files unchanged since the last library cached under
    this code (so an edit re-reads only the edited file). `contents` holds files the caller has
    already read this run, so none is read twice. A settled scan in `remember` is kept, so that
    the next run with the same scan reads no library file at all."""
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
    key = _key({str(path): digest for path, digest in digests.items()})
    library = _library(_entry_at(key), key) or _prebuilt(digests, key)
    if library is None:
        library = load(_reusable(folder, digests))
        _store(_slot(key), key, library)
    if remember and remember[0].settled:
        scan, layout = remember
        layered = [[str(path) for path in layer] for layer in layout.layered]
        write_json(scan.slot, {"key": key, "catalogue": str(layout.catalogue), "layered": layered}, "scan-*.json")
    return library


def read_json(slot: Path) -> Any:
    """A cache file's JSON data; None when it is missing or corrupt."""
    content = _read(slot)
    try:
        return json.loads(content) if content is not None else None
    except ValueError:
        return None


def _read(slot: Path) -> bytes | None:
    """A cache file's content, marked as recently used (kept when pruning); None when it is missing."""
    try:
        content = files.read_bytes(slot, MAX_ENTRY_BYTES)
    except InputError:
        return None
    with contextlib.suppress(OSError, files.OutputError):
        os.utime(slot)
    return content


EntryT = TypeVar("EntryT", bound=BaseModel)


def read_entry(slot: Path, model: type[EntryT]) -> EntryT | None:
    """A cache file read back through a validating model; None when it is missing, corrupt or
    tampered with."""
    data = read_json(slot)
    try:
        return model.model_validate(data) if data is not None else None
    except ValidationError:
        return None


def write_json(slot: Path, data: Any, prune: str | None = None) -> None:
    """Write a cache file (a cache: lost is only slower, so no error is raised and nothing synced),
    then keep the newest `MAX_ENTRIES` files matching `prune` beside it."""
    _write(slot, _json(data), prune)


def _json(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"))


def _write(slot: Path, content: str, prune: str | None) -> None:
    with contextlib.suppress(OSError, files.OutputError):
        slot.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        files.write_atomic(slot, content, durable=False)
        if prune:
            _prune(slot.parent, prune)


def write_entry(slot: Path, entry: BaseModel, prune: str | None = None) -> None:
    write_json(slot, entry.model_dump(mode="json"), prune)


def _source(origin: Origin, scenarios: int) -> dict[str, Any]:
    outline = origin.outline(scenarios)
    return {
        "path": str(origin.path),
        "digest": origin.digest or "",
        "id_line": outline.id_line,
        "scenario_lines": list(outline.scenario_lines),
    }


def _origin(source: Any) -> Origin:
    lines = tuple(expect(line, int) for line in expect(source["scenario_lines"], list))
    outline = Outline(expect(source["id_line"], int), lines)
    return Origin(Path(expect(source["path"], str)), None, expect(source["digest"], str), outline)


def _library(entry: Entry | None, key: str) -> Library | None:
    """The entry as a library; None when it is not an entry for `key` this code wrote."""
    try:
        if entry is None or entry.index["key"] != key or entry.index["code"] != code_digest():
            return None
        return _shelved(entry)
    except _NOT_OURS:
        return None


def _shelved(entry: Entry) -> Library:
    """The entry's library, each document built when first read; RevivalError when the index is
    not one this code wrote or lists other documents than the entry holds."""
    index = entry.index
    sources = expect(index["sources"], dict)
    laws = [expect(row, list) for row in expect(index["laws"], list)]
    surveys = [expect(row, list) for row in expect(index["surveys"], list)]
    ids = [row[0] for row in (*laws, *surveys)]
    if len(entry.documents) != len(ids) or set(sources) != {*ids, checks.CATALOGUE} or len(set(ids)) != len(ids):
        raise RevivalError("the index lists other documents than the entry holds")
    origins = {doc_id: _origin(source) for doc_id, source in sources.items()}
    texts = dict(zip(ids, entry.documents))
    laws_shelf = Shelf(
        {
            law_id: (Place(state, Level(level), name), _build(Law, law_id, texts[law_id], origins[law_id]))
            for law_id, state, level, name in laws
        }
    )
    surveys_shelf = Shelf(
        {
            survey_id: (state, _build(LocalSurvey, survey_id, texts[survey_id], origins[survey_id]))
            for survey_id, state in surveys
        }
    )
    return Library(revive(Catalogue, index["catalogue"]), laws_shelf, origins, surveys_shelf)


DocumentT = TypeVar("DocumentT", Law, LocalSurvey)


def _build(model: type[DocumentT], doc_id: str, text: str, origin: Origin) -> Callable[[], DocumentT]:
    """How to build a document from its JSON text; one that is damaged is read from its file
    instead (unchanged, or the cache would have missed)."""

    def build() -> DocumentT:
        try:
            document = revive(model, json.loads(text))
        except (ValueError, *_NOT_OURS):
            return _reread(model, origin)
        return document if document.id == doc_id else _reread(model, origin)

    return build


def _reread(model: type[DocumentT], origin: Origin) -> DocumentT:
    """The document read from its file again, when that file is still the one the entry was made of."""
    from .loading import read_document  # loading reads through this module: imported when needed

    document, found = read_document(origin.path, model)
    if found.digest != origin.digest:
        problem = "changed while it was being read, after the library was checked; run the command again"
        raise InputError([Problem(origin.display, 1, 1, "changed-file", problem)])
    return document


def _reusable(folder: Path, digests: Mapping[Path, str]) -> dict[Path, Document]:
    """The documents whose files are unchanged of the most recently used entry made by this code,
    else of the prebuilt library (an encoder's first run over the bundled laws and their own)."""
    newest = max(folder.glob("library-*.json"), key=_mtime, default=None)
    return _unchanged(Entry.read(newest) if newest else None, digests) or _unchanged(_prebuilt_entry(), digests)


def _unchanged(entry: Entry | None, digests: Mapping[Path, str]) -> dict[Path, Document]:
    """The documents of an entry made by this code whose files have these digests still (only
    those are built: a damaged line of an edited file is never read again)."""
    try:
        library = _shelved(entry) if entry and entry.index["code"] == code_digest() else None
    except _NOT_OURS:
        return {}
    if library is None:
        return {}
    return {
        origin.path: (library.document(doc_id), origin)
        for doc_id, origin in library.origins.items()
        if doc_id != checks.CATALOGUE and digests.get(origin.path) == origin.digest
    }


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _store(slot: Path, key: str, library: Library) -> None:
    if any(origin.digest is None for origin in library.origins.values()):
        return  # a document made in memory: nothing to compare it with next time
    _entry(key, library).write(slot)


def _entry(key: str, library: Library) -> Entry:
    scenarios = {law.id: len(law.scenarios) for law in library.laws}
    places = [Place.of(law) for law in library.laws]
    index = {
        "key": key,
        "code": code_digest(),
        "catalogue": dump(library.catalogue),
        "laws": [[law.id, place.state, place.level.value, place.name] for law, place in zip(library.laws, places)],
        "surveys": [[survey.id, survey.survey_of] for survey in library.surveys],
        "sources": {doc_id: _source(origin, scenarios.get(doc_id, 0)) for doc_id, origin in library.origins.items()},
    }
    documents = [_json(dump(document)) for document in (*library.laws, *library.surveys)]
    return Entry(index, documents)


PREBUILT = discovery.PACKAGE / discovery.BUNDLE_FOLDER / "library.json"
"""The bundled library as validated when the wheel was built or the checkout installed editable
(an entry whose paths are relative to the bundled library), so a new install's first check reads
the laws without parsing them."""


def write_prebuilt(library: Library, root: Path) -> None:
    """Keep `library`, read from `root`, as the prebuilt entry (the wheel build and an editable install call this)."""
    relative = {origin.path.relative_to(root).as_posix(): origin.digest or "" for origin in library.origins.values()}
    entry = _entry(_key(relative), library)
    for source in entry.index["sources"].values():
        source["path"] = Path(source["path"]).relative_to(root).as_posix()
    files.write_atomic(PREBUILT, entry.text())


def _prebuilt(digests: Mapping[Path, str], key: str) -> Library | None:
    """The prebuilt library, when the files read are the bundled library's, each unchanged since
    the build (then kept in the user cache under `key`, as if read from them); else None."""
    try:
        relative = {path.relative_to(discovery.BUNDLED_POLICIES).as_posix(): d for path, d in digests.items()}
    except ValueError:
        return None  # a file outside the bundled library
    entry = _prebuilt_entry()
    if entry is None or entry.index.get("key") != _key(relative):
        return None
    library = _library(Entry({**entry.index, "key": key}, entry.documents), key)
    if library is not None:  # kept as a pointer: the prebuilt entry is already on disk
        Entry({"key": key, "prebuilt": entry.index["key"]}, []).write(_slot(key))
    return library


def _prebuilt_entry() -> Entry | None:
    """The prebuilt entry with its paths under the bundled library; None when there is none (a
    checkout not installed with pip) or it is not one this code's build wrote."""
    root = discovery.BUNDLED_POLICIES
    try:
        entry = Entry.parse(files.read_bytes(PREBUILT, MAX_ENTRY_BYTES))
        if entry is None:
            return None
        sources = {
            doc_id: {**expect(source, dict), "path": str(root / expect(source["path"], str))}
            for doc_id, source in expect(entry.index["sources"], dict).items()
        }
    except (InputError, *_NOT_OURS):
        return None
    return Entry({**entry.index, "sources": sources}, entry.documents)


def _prune(folder: Path, pattern: str) -> None:
    """Keep the `MAX_ENTRIES` most recently used entries matching `pattern` younger than
    `MAX_AGE_DAYS`; drop the rest (and entries of older formats, such as pickles, which are never read)."""
    entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    too_old = time.time() - MAX_AGE_DAYS * 86400
    stale = entries[MAX_ENTRIES:] + [p for p in entries[:MAX_ENTRIES] if p.stat().st_mtime < too_old]
    for path in stale + list(folder.glob("library-*.pickle")):
        path.unlink(missing_ok=True)


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
    entry = read_json(slot)
    try:
        if expect(entry, dict)["code"] != code_digest() or len(entry["sources"]) != len(entry["profiles"]):
            return []
        return [(revive(Profile, p), _origin(source)) for p, source in zip(entry["profiles"], entry["sources"])]
    except _NOT_OURS:
        return []


def _store_profiles(slot: Path, read: list[ProfileDocument]) -> None:
    if any(origin.digest is None for _, origin in read):
        return
    entry = {
        "code": code_digest(),
        "profiles": [dump(profile) for profile, _ in read],
        "sources": [_source(origin, 0) for _, origin in read],
    }
    write_json(slot, entry, "profiles-*.json")
