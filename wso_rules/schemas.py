"""JSON Schemas for editors, generated from the pydantic models (the one source of the schema).

`wso-rules schema` writes them to `schemas/`; each bundled YAML file names its schema in a
`# yaml-language-server: $schema=...` comment so editors complete and check as you type.
"""

from __future__ import annotations

import ast
import inspect
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import files, models
from .models import Catalogue, Law, LocalSurvey, Profile, Schema

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "law.schema.json": Law,
    "profile.schema.json": Profile,
    "catalogue.schema.json": Catalogue,
    "survey.schema.json": LocalSurvey,
}
BASE_ID = "https://github.com/wso-rules/wso-rules/schemas/"


def _attribute_docstrings(source: str) -> dict[str, dict[str, str]]:
    """Class name -> {field: the docstring written under it} for every class in `source`."""
    found: dict[str, dict[str, str]] = {}
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef):
            continue
        docs = found.setdefault(node.name, {})
        for field, after in zip(node.body, node.body[1:]):
            text = after.value.value if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) else None
            if isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name) and isinstance(text, str):
                docs[field.target.id] = inspect.cleandoc(text)
    return found


@cache
def _field_docs() -> dict[str, dict[str, str]]:
    """Model name -> {key as written in YAML: its field's docstring}, inherited fields included."""
    written = _attribute_docstrings(inspect.getsource(models))
    docs = {}
    for model in vars(models).values():
        if isinstance(model, type) and issubclass(model, Schema):
            docs[model.__name__] = {
                field.alias or name: next(
                    (written[c.__name__][name] for c in model.__mro__ if name in written.get(c.__name__, {})), None
                )
                for name, field in model.model_fields.items()
            }
    return docs


def _with_field_docs(schema: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """Describe each property by its field's docstring, as pydantic's `use_attribute_docstrings`
    would (keys kept in pydantic's sorted order), without paying for it on every import."""
    docs = _field_docs()
    for name, spec in [(model.__name__, schema), *schema.get("$defs", {}).items()]:
        properties = spec.get("properties", {})
        for key, prop in properties.items():
            doc = docs.get(name, {}).get(key)
            if doc and "description" not in prop:
                properties[key] = dict(sorted({**prop, "description": doc}.items()))
    return schema


def schema_of(model: type[BaseModel], file_name: str) -> dict[str, Any]:
    schema = _with_field_docs(model.model_json_schema(mode="validation"), model)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": BASE_ID + file_name, **schema}


def schema_texts() -> dict[str, str]:
    """File name -> the exact text `wso-rules schema` writes (compared by the drift test)."""
    return {
        name: json.dumps(schema_of(model, name), indent=2, ensure_ascii=False) + "\n"
        for name, model in SCHEMA_FILES.items()
    }


def write_schemas(folder: Path, reference: Path | None = None) -> list[Path]:
    """Write the JSON Schemas to `folder`, and the Markdown field reference to `reference`."""
    outputs = {folder / name: text for name, text in schema_texts().items()}
    if reference is not None:
        outputs[reference] = reference_markdown()
    for path, text in outputs.items():
        files.write_atomic(path, text)
    return list(outputs)


def _type_of(spec: dict[str, Any]) -> str:
    """A short reading of a JSON Schema type for the reference tables."""
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec or "oneOf" in spec:
        options = [_type_of(option) for option in spec.get("anyOf") or spec["oneOf"]]
        return " or ".join(dict.fromkeys(o for o in options if o != "null")) or "null"
    if "enum" in spec:
        return " / ".join(f"`{value}`" for value in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    if spec.get("type") == "array":
        return f"list of {_type_of(spec.get('items', {}))}"
    if spec.get("type") == "object":
        values = spec.get("additionalProperties")
        return f"mapping of {_type_of(values)}" if isinstance(values, dict) else "mapping"
    return spec.get("format") or spec.get("type") or "any"


def _table(name: str, spec: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if spec.get("description"):
        lines += [" ".join(spec["description"].split()), ""]
    if "enum" in spec:
        return lines + ["One of: " + ", ".join(f"`{value}`" for value in spec["enum"]) + ".", ""]
    required = set(spec.get("required", ()))
    lines += ["| key | type | required | meaning |", "|---|---|---|---|"]
    for key, field in spec.get("properties", {}).items():
        meaning = " ".join(field.get("description", "").split()).replace("|", "\\|")
        lines.append(f"| `{key}` | {_type_of(field)} | {'yes' if key in required else ''} | {meaning} |")
    return lines + [""]


def reference_markdown() -> str:
    """docs/schema.md: every key of every file kind, generated from the models."""
    lines = [
        "# File reference",
        "",
        "Generated by `wso-rules schema --reference` from `wso_rules/models.py`; do not edit by hand. Unknown keys are",
        "errors; dates are written `YYYY-MM-DD`. The JSON Schemas in `schemas/` carry the same information",
        "for editors.",
        "",
    ]
    seen: set[str] = set()
    for file_name, model in SCHEMA_FILES.items():
        schema = schema_of(model, file_name)
        lines += [f"## {model.__name__} files (`schemas/{file_name}`)", ""]
        lines += _table(model.__name__, schema)
        for name, spec in sorted(schema.get("$defs", {}).items()):
            if name not in seen:
                seen.add(name)
                lines += _table(name, spec)
    return "\n".join(lines).rstrip() + "\n"


def schema_comment(yaml_file: Path, schemas_folder: Path, kind: str) -> str:
    """The first line a bundled YAML file carries, pointing editors at its schema (relative path)."""
    relative = os.path.relpath(schemas_folder / f"{kind}.schema.json", yaml_file.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


def annotate(yaml_file: Path, schemas_folder: Path, kind: str) -> bool:
    """Put the schema comment on the first line of `yaml_file` (replacing an older one); True if changed."""
    text = files.read_text(yaml_file)
    comment = schema_comment(yaml_file, schemas_folder, kind)
    lines = text.splitlines(keepends=True)
    if lines and lines[0].rstrip("\n") == comment:
        return False
    if lines and lines[0].startswith("# yaml-language-server:"):
        lines = lines[1:]
    files.write_atomic(yaml_file, comment + "\n" + "".join(lines))
    return True
