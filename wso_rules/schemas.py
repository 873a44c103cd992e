"""JSON Schemas for editors, generated from the pydantic models (the one source of the schema).

`wso-rules schema` writes them to `schemas/`; each bundled YAML file names its schema in a
`# yaml-language-server: $schema=...` comment so editors complete and check as you type.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models import Catalogue, Law, Profile

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "law.schema.json": Law,
    "profile.schema.json": Profile,
    "catalogue.schema.json": Catalogue,
}
BASE_ID = "https://github.com/wso-rules/wso-rules/schemas/"


def schema_of(model: type[BaseModel], file_name: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": BASE_ID + file_name, **schema}


def schema_texts() -> dict[str, str]:
    """File name -> the exact text `wso-rules schema` writes (compared by the drift test)."""
    return {
        name: json.dumps(schema_of(model, name), indent=2, ensure_ascii=False) + "\n"
        for name, model in SCHEMA_FILES.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def schema_comment(yaml_file: Path, schemas_folder: Path, kind: str) -> str:
    """The first line a bundled YAML file carries, pointing editors at its schema (relative path)."""
    relative = os.path.relpath(schemas_folder / f"{kind}.schema.json", yaml_file.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


def annotate(yaml_file: Path, schemas_folder: Path, kind: str) -> bool:
    """Put the schema comment on the first line of `yaml_file` (replacing an older one); True if changed."""
    text = yaml_file.read_text(encoding="utf-8")
    comment = schema_comment(yaml_file, schemas_folder, kind)
    lines = text.splitlines(keepends=True)
    if lines and lines[0].rstrip("\n") == comment:
        return False
    if lines and lines[0].startswith("# yaml-language-server:"):
        lines = lines[1:]
    yaml_file.write_text(comment + "\n" + "".join(lines), encoding="utf-8")
    return True
