"""Add `county_fips` to every agency profile that names a county and lacks one, from the gazetteer.

    python tools/fill_county_fips.py [jurisdictions/]

A profile's `county` is a county (a Virginia independent city is written "Fairfax city"), so the
gazetteer's county reading is used; the line goes right after `county:`, keeping comments intact.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from wso_rules import gazetteer
from wso_rules.loading import DEFAULT_JURISDICTIONS, yaml_files


def fill(path: Path) -> str | None:
    """The FIPS code written into `path`, or None when it names no county or has a code already."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not data.get("county") or "county_fips" in data:
        return None
    fips = gazetteer.lookup(data["state"], data["county"]).fips
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("county:"))
    lines.insert(at + 1, f'county_fips: "{fips}"\n')
    path.write_text("".join(lines), encoding="utf-8")
    return fips


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else DEFAULT_JURISDICTIONS
    for path in yaml_files(root):
        fips = fill(path)
        if fips:
            print(f"{path}: {fips}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
