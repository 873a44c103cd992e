"""A cold `wso-rules check` against the floor of importing what it is built on, in the same run.

Run: python benchmarks/cold_check.py [--runs 15] [--format text] [--checkout-only]

Alternates processes each round: the import floor (`python -c 'import pydantic, jinja2, yaml,
durable.lang'`), `wso-rules check PROFILE` with the caches warm, and the same check with empty
caches (a fresh XDG_CACHE_HOME and TMPDIR: the templates are compiled, and the library parsed
and validated). Both for the checkout's editable install (an encoder's first run parses every
law) and for the wheel built from it and installed in a new environment, as a user gets it (its
first run takes the library the build checked, once every law file matches it). Prints the
medians of wall and of CPU time (user + system: steadier on a machine shared with other work) and
each check as a multiple of its environment's floor (targets: warm <= 2.0 x, empty <= 2.5 x).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from _measure import IMPORT_FLOOR, ROOT, Run, compile_bytecode, installed_wheel, paired, ratio, run, wso_rules

PROFILE = ROOT / "jurisdictions" / "us" / "fl" / "pinellas-county-sheriff.yaml"


def empty_caches() -> dict[str, str]:
    fresh = tempfile.mkdtemp(prefix="wso-bench-")
    return {**os.environ, "XDG_CACHE_HOME": fresh, "TMPDIR": fresh}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--format", default="text", choices=("text", "json", "md", "html"))
    parser.add_argument("--checkout-only", action="store_true", help="skip building and installing the wheel")
    args = parser.parse_args()
    compile_bytecode()
    installs = {"checkout": (IMPORT_FLOOR, wso_rules())}
    if not args.checkout_only:
        bin_folder = installed_wheel(Path(tempfile.mkdtemp(prefix="wso-bench-wheel-")))
        installs["installed wheel"] = ([str(bin_folder / "python"), *IMPORT_FLOOR[1:]], [str(bin_folder / "wso-rules")])
    samples: dict[tuple[str, str], list[Run]] = {}
    measures = []
    for install, (floor, command) in installs.items():
        check = command + ["check", str(PROFILE), "--format", args.format]
        run(check)  # fill the caches and the OS file cache
        for key, argv, env in (("floor", floor, None), ("warm", check, None), ("empty", check, "empty")):
            samples[(install, key)] = []
            measures.append(_measure(samples[(install, key)], argv, env))
    paired(args.runs, *measures)
    files = sum(1 for _ in (ROOT / "policies").rglob("*.yaml"))
    print(f"cold check --format {args.format}, {files} library files, medians of {args.runs} paired runs:")
    for install in installs:
        for what, unit in (("seconds", "wall"), ("cpu_seconds", "CPU")):
            floor, warm, empty = (
                statistics.median(getattr(r, what) for r in samples[(install, k)]) for k in ("floor", "warm", "empty")
            )
            print(f"  {install}: " + ratio(f"warm cache, {unit}", warm, floor, "import floor"))
            print(f"  {install}: " + ratio(f"empty cache, {unit}", empty, floor, "import floor"))


def _measure(samples: list[Run], argv: list[str], env: str | None) -> Callable[[], float]:
    def measure() -> float:
        samples.append(run(argv, env=empty_caches() if env == "empty" else None))
        return samples[-1].seconds

    return measure


if __name__ == "__main__":
    main()
