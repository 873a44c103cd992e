"""A cold `wso-rules check` against the floor of importing what it is built on, in the same run.

Run: python benchmarks/cold_check.py [--runs 15] [--format text]

Alternates three processes each round: the import floor (`python -c 'import pydantic, jinja2,
yaml, durable.lang'`), `wso-rules check PROFILE` with the caches warm, and the same check with
empty caches (a fresh XDG_CACHE_HOME and TMPDIR: the library is parsed and validated, the
templates compiled). Prints the medians and each check as a multiple of the floor
(targets: warm <= 2.0 x, empty <= 2.5 x).
"""

from __future__ import annotations

import argparse
import os
import tempfile

from _measure import IMPORT_FLOOR, ROOT, paired, ratio, run, wso_rules

PROFILE = ROOT / "jurisdictions" / "us" / "fl" / "pinellas-county-sheriff.yaml"


def empty_caches() -> dict[str, str]:
    fresh = tempfile.mkdtemp(prefix="wso-bench-")
    return {**os.environ, "XDG_CACHE_HOME": fresh, "TMPDIR": fresh}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--format", default="text", choices=("text", "json", "md", "html"))
    args = parser.parse_args()
    check = wso_rules() + ["check", str(PROFILE), "--format", args.format]
    run(check)  # fill the caches and the OS file cache
    floor, warm, empty = paired(
        args.runs,
        lambda: run(IMPORT_FLOOR).seconds,
        lambda: run(check).seconds,
        lambda: run(check, env=empty_caches()).seconds,
    )
    files = sum(1 for _ in (ROOT / "policies").rglob("*.yaml"))
    print(f"cold check --format {args.format}, {files} library files, medians of {args.runs} paired runs:")
    print("  " + ratio("warm cache", warm, floor, "import floor"))
    print("  " + ratio("empty cache", empty, floor, "import floor"))


if __name__ == "__main__":
    main()
