"""A cache of validated libraries, so a cold `check` does not re-parse and re-validate every law.

The key is a digest of every YAML file's path and content under the library root, the catalogue,
and the source of the modules that read and check them: any change to a law or to the loader
misses the cache. Only libraries that loaded without problems are stored. The cache lives in
`$XDG_CACHE_HOME/wso-rules` (default `~/.cache/wso-rules`); `WSO_RULES_CACHE=0` turns it off, and
a cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from . import __version__
from .library import Library

_LOADER_MODULES = ("models.py", "loading.py", "checks.py", "yaml_source.py", "library.py", "conditions.py")


def _cache_folder() -> Path | None:
    if os.environ.get("WSO_RULES_CACHE", "1") == "0":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "wso-rules"


def _digest(files: Iterable[Path]) -> str:
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in [package / name for name in _LOADER_MODULES] + sorted(files):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cached(root: Path, files: list[Path], load: Callable[[], Library]) -> Library:
    """The library under `root` from the cache when every input is unchanged, else `load()`."""
    folder = _cache_folder()
    if folder is None:
        return load()
    key = _digest(files)
    slot = folder / f"library-{hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]}.pickle"
    try:
        with slot.open("rb") as stream:
            stored_key, library = pickle.load(stream)
        if stored_key == key and isinstance(library, Library):
            return library
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        pass
    library = load()
    _store(folder, slot, (key, library))
    return library


def _store(folder: Path, slot: Path, entry: tuple[str, Library]) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as stream:
            pickle.dump(entry, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, slot)
    except OSError:
        pass
