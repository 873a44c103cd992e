"""A cold `wso-rules check` against the floor of importing what it is built on, in the same run.

Run: python benchmarks/cold_check.py [--runs 15] [--format text]

Alternates three processes each round: the import floor (`python -c 'import pydantic, jinja2,
yaml, durable.lang'`), `wso-rules check PROFILE` with the caches warm, and the same check with
empty caches (a fresh XDG_CACHE_HOME and TMPDIR: the library is parsed and validated, the
templates compiled). Prints the medians of wall and of CPU time (user + system: steadier on a
machine shared with other work) and each check as a multiple of the floor (targets: warm
<= 2.0 x, empty <= 2.5 x).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile

from _measure import IMPORT_FLOOR, ROOT, Run, compile_bytecode, paired, ratio, run, wso_rules

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
    compile_bytecode()
    run(check)  # fill the caches and the OS file cache
    samples: dict[str, list[Run]] = {"floor": [], "warm": [], "empty": []}

    def measure(key: str, argv: list[str], env: dict[str, str] | None = None) -> float:
        samples[key].append(run(argv, env=env))
        return samples[key][-1].seconds

    paired(
        args.runs,
        lambda: measure("floor", IMPORT_FLOOR),
        lambda: measure("warm", check),
        lambda: measure("empty", check, empty_caches()),
    )
    files = sum(1 for _ in (ROOT / "policies").rglob("*.yaml"))
    print(f"cold check --format {args.format}, {files} library files, medians of {args.runs} paired runs:")
    for what, unit in (("seconds", "wall"), ("cpu_seconds", "CPU")):
        floor, warm, empty = (statistics.median(getattr(r, what) for r in samples[k]) for k in samples)
        print("  " + ratio(f"warm cache, {unit}", warm, floor, "import floor"))
        print("  " + ratio(f"empty cache, {unit}", empty, floor, "import floor"))


if __name__ == "__main__":
    main()
