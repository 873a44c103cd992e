"""Reading the user's files and writing ours, with every operating-system failure made plain.

Reading opens without blocking and refuses anything that is not a regular file (a FIFO named
as a law would otherwise hang the run; a folder would be "valid" without being read) or is
larger than `MAX_FILE_BYTES`. Writing goes through a temporary file in the same folder renamed
over the target, so a run killed mid-write, or two runs writing one file, never leave a
truncated report. Failures become a `Problem` (input) or an `OutputError` (output), each naming
the path: the command exits 2, never with an internal error.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .problems import InputError, Problem, display_path

MAX_FILE_BYTES = 4 * 1024 * 1024
"""The largest YAML file read (the bundled laws are under 40 KB each)."""


class OutputError(Exception):
    """A file or folder we were asked to write cannot be written."""


def reason(error: OSError) -> str:
    """The operating system's words for `error`, without Python's exception names."""
    if isinstance(error, IsADirectoryError):
        return "is a folder"
    if isinstance(error, (NotADirectoryError, FileExistsError)):
        return "a part of the path is a file, not a folder"
    return error.strerror or errno.errorcode.get(error.errno or 0, str(error))


def _refuse(path: Path, rule: str, message: str) -> InputError:
    return InputError([Problem(display_path(path), 1, 1, rule, message)])


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The content of the regular file at `path`; InputError (at line 1) for anything else."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise _refuse(path, "missing-file", "no such file") from None
    except OSError as error:
        raise _refuse(path, "unreadable", f"cannot read: {reason(error)}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise _refuse(path, "missing-file", "is a folder, expected a YAML file")
        if not stat.S_ISREG(mode):
            raise _refuse(path, "not-a-file", "is not a regular file (a pipe, socket or device?)")
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise _refuse(path, "unreadable", f"cannot read: {reason(error)}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _refuse(path, "too-large", f"the file is larger than {limit // (1024 * 1024)} MiB")
    return data


def read_text(path: Path) -> str:
    """The UTF-8 text of the regular file at `path`."""
    return decode(read_bytes(path), path)


def decode(content: bytes, path: Path) -> str:
    """`content`, read from `path`, as UTF-8 text; InputError naming the path if it is not."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _refuse(path, "encoding", f"not UTF-8 text ({error.reason})") from None


def digest(content: bytes) -> str:
    """The SHA-256 of a file's bytes, as the caches compare them."""
    return hashlib.sha256(content).hexdigest()


def write_atomic(path: Path, text: str, durable: bool = True) -> None:
    """Replace `path` with `text` all at once (or not at all); OutputError naming the path if not.

    A link is followed (the file it points to is replaced, the link stays); a device or pipe
    (``-o /dev/stdout``) is written straight through, as it cannot be replaced. With `durable`
    false the file is not synced to disk here: the caller writing many files calls `sync` once
    after the last (an fsync per file made 3,143 reports take tens of seconds)."""
    shown = display_path(path)
    try:
        if path.is_dir():
            raise OutputError(f"cannot write {shown}: is a folder; name a file inside it")
        if path.exists() and not path.is_file():
            with path.open("w", encoding="utf-8", errors="backslashreplace") as stream:
                stream.write(text)
            return
        _replace(Path(os.path.realpath(path)), text, durable)
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {reason(error)}") from None


def sync(paths: Iterable[Path]) -> None:
    """Make files written with `durable=False` durable: one file-system sync where the platform
    has it, else an fsync of each file."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        with path.open("rb+") as stream:
            os.fsync(stream.fileno())


def _replace(target: Path, text: str, durable: bool = True) -> None:
    """Write a temporary file beside `target` and rename it over `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w",
        encoding="utf-8",
        errors="backslashreplace",
        dir=target.parent,
        prefix=f".{target.name}.",
        suffix=".tmp",
        delete=False,
    ) as stream:
        try:
            stream.write(text)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
            os.chmod(stream.name, _mode_for(target))
        except BaseException:
            os.unlink(stream.name)
            raise
    try:
        os.replace(stream.name, target)
    except BaseException:
        os.unlink(stream.name)
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
