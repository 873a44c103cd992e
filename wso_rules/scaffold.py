"""`wso-rules init DIR`: a law encoder's own repository, layered on the bundled library.

It validates and tests green as made: an example law (a placeholder state, `ZZ`) with a scenario
where it bites and one where it does not, an example profile, the settings in pyproject.toml, a
pre-commit configuration, a GitHub workflow, a README, and the JSON Schemas the files point at.
"""

from __future__ import annotations

from pathlib import Path

from .discovery import kind_of_file
from .problems import InputError, Problem, display_path
from .schemas import annotate, write_schemas

TEMPLATES = Path(__file__).resolve().parent / "templates" / "init"
FILES = {
    "pyproject.toml": "pyproject.toml",
    "README.md": "README.md",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "laws.yml": ".github/workflows/laws.yml",
    "example-act.yaml": "laws/us/zz/example-act.yaml",
    "example-profile.yaml": "jurisdictions/us/zz/example-state-police.yaml",
}
"""Template (package data holds no dot-files) -> where it goes in the new repository."""
ANNOTATED = ("laws/us/zz/example-act.yaml", "jurisdictions/us/zz/example-state-police.yaml")


def init(folder: Path) -> list[Path]:
    """Write the repository's files into `folder` (new or empty of them); refuse to overwrite any."""
    targets = {folder / where: TEMPLATES / template for template, where in FILES.items()}
    existing = [path for path in targets if path.exists()]
    if existing:
        raise InputError(
            [Problem(display_path(p), 1, 1, "exists", "already exists; init writes only new files") for p in existing]
        )
    for target, template in targets.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
    written = list(targets) + write_schemas(folder / "schemas")
    for name in ANNOTATED:
        annotate(folder / name, folder / "schemas", kind_of_file(folder / name).value)
    return written
