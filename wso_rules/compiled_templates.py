"""Where compiled report templates are kept: jinja2's bytecode cache in the user's temp folder
and, in an installed wheel or an editable install, the templates compiled when it was built or
installed (so a first run compiles none).

A compiled template is looked up by the template's name and used only when it was compiled from
the same source by the same Python (jinja2 checks both), so a stale or foreign one is compiled again.
Imported only when a templated format is rendered (JSON and CSV never import jinja2).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

from .discovery import BUNDLE_FOLDER, PACKAGE

PREBUILT = PACKAGE / BUNDLE_FOLDER / "compiled-templates"


class TemplateCache(FileSystemBytecodeCache):
    """jinja2's bytecode cache in `directory` (its default: a folder of the user's under the temp
    dir), falling back to the compiled templates in `prebuilt`."""

    def __init__(self, directory: Path | None = None, prebuilt: Path | None = PREBUILT):
        super().__init__(str(directory) if directory else None)
        self._prebuilt = FileSystemBytecodeCache(str(prebuilt)) if prebuilt else None

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """By name alone: jinja2 adds the template file's path, which differs between the build and an install."""
        return hashlib.sha1(f"wso-rules:{name}".encode()).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        super().load_bytecode(bucket)
        if bucket.code is None and self._prebuilt is not None:
            self._prebuilt.load_bytecode(bucket)
