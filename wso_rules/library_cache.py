"""A cache of validated libraries, so a cold `check` does not re-parse and re-validate every law.

The key is a digest of every YAML file's path and content under the library root, the catalogue,
and the package's code and data: any change to a law or to the code misses the cache. Only
libraries that loaded and passed every library check are stored, so a hit skips those checks.

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
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import platformdirs
from pydantic import BaseModel, ValidationError

from . import checks, files
from .library import Library, Origin
from .models import Catalogue, Law, LocalSurvey
from .problems import InputError
from .version import __version__

FORMAT = 2
MAX_ENTRIES = 16
MAX_AGE_DAYS = 30
MAX_ENTRY_BYTES = 256 * 1024 * 1024


class _Entry(BaseModel):
    """One cached library, exactly as it is written to and read from the JSON file."""

    key: str
    catalogue: Catalogue
    laws: list[Law]
    surveys: list[LocalSurvey]
    origins: dict[str, str]
    """Document id -> the file it was read from."""


def _cache_folder() -> Path | None:
    if os.environ.get("WSO_RULES_CACHE", "1") == "0":
        return None
    chosen = os.environ.get("WSO_RULES_CACHE_DIR")
    return Path(chosen) if chosen else platformdirs.user_cache_path("wso-rules", appauthor=False)


def _digest(files_read: Iterable[Path], contents: Mapping[Path, bytes]) -> str:
    digest = hashlib.sha256(f"{__version__}\0{FORMAT}".encode())
    package = Path(__file__).resolve().parent
    code = sorted(package.glob("**/*.py")) + sorted((package / "data").glob("*"))  # any of it may change a check
    for path in code + sorted(files_read):
        content = contents[path] if path in contents else files.read_bytes(path)
        digest.update(str(path).encode(errors="surrogateescape") + b"\0" + content + b"\0")
    return digest.hexdigest()


def cached(
    root: Path, files_read: list[Path], load: Callable[[], Library], contents: Mapping[Path, bytes] | None = None
) -> Library:
    """The library under `root` from the cache when every input is unchanged, else `load()`.
    `contents` holds files the caller has already read this run, so none is read twice."""
    folder = _cache_folder()
    if folder is None:
        return load()
    try:
        key = _digest(files_read, contents or {})
    except InputError:
        return load()  # an unreadable file: loading reports it
    slot = folder / f"library-{key[:40]}.json"
    library = _read(slot, key)
    if library is not None:
        return library
    library = load()
    _store(folder, slot, key, library)
    return library


def _read(slot: Path, key: str) -> Library | None:
    try:
        entry = _Entry.model_validate_json(files.read_bytes(slot, MAX_ENTRY_BYTES))
    except (InputError, ValidationError):
        return None
    if entry.key != key:
        return None
    origins = {name: Origin(Path(path)) for name, path in entry.origins.items()}
    library = Library(entry.catalogue, tuple(entry.laws), origins, tuple(entry.surveys))
    documents = {law.id for law in library.laws} | {survey.id for survey in library.surveys}
    if set(origins) != documents | {checks.CATALOGUE}:
        return None
    with contextlib.suppress(OSError, files.OutputError):
        os.utime(slot)  # recently used: kept when pruning
    return library


def _store(folder: Path, slot: Path, key: str, library: Library) -> None:
    origins = {name: str(origin.path) for name, origin in library.origins.items()}
    entry = _Entry(
        key=key,
        catalogue=library.catalogue,
        laws=list(library.laws),
        surveys=list(library.surveys),
        origins=origins,
    )
    with contextlib.suppress(OSError, files.OutputError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        files.write_atomic(slot, entry.model_dump_json(by_alias=True), durable=False)  # a cache: lost is only slower
        _prune(folder)


def _prune(folder: Path) -> None:
    """Keep the `MAX_ENTRIES` most recently used entries younger than `MAX_AGE_DAYS`; drop the rest
    (and entries of older formats, such as pickles, which are never read)."""
    entries = sorted(folder.glob("library-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    too_old = time.time() - MAX_AGE_DAYS * 86400
    stale = entries[MAX_ENTRIES:] + [p for p in entries[:MAX_ENTRIES] if p.stat().st_mtime < too_old]
    for path in stale + list(folder.glob("library-*.pickle")):
        path.unlink(missing_ok=True)
