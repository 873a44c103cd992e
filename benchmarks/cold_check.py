"""A cold `wso-rules check` against the floor of importing what it is built on, in the same run.

Run: python benchmarks/cold_check.py [--runs 15] [--format text] [--checkout-only]

Alternates processes each round: the import floor (`python -c 'import pydantic, jinja2, yaml,
durable.lang'`), `wso-rules check PROFILE` with the caches warm, and the same check with empty
caches (a fresh XDG_CACHE_HOME and TMPDIR: a first run, which takes the library and templates
checked at install, once each file is found unchanged since). Both for the checkout's editable
install (`pip install -e .` keeps those checks in `wso_rules/_bundled/`, see setup.py) and for the
wheel built from it and installed in a new environment, as a user gets it. For the checkout also
the check with the caches off (WSO_RULES_CACHE=0): every law parsed and validated, templates
compiled, as after editing the code of an editable install. Prints the medians of wall and of
CPU time (user + system: steadier on a machine shared with other work) and each check as a
multiple of its environment's floor (targets: warm <= 2.0 x, empty <= 2.5 x).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from _measure import (
    IMPORT_FLOOR,
    ROOT,
    Run,
    compile_bytecode,
    install_editable,
    installed_wheel,
    paired,
    ratio,
    run,
    wso_rules,
)

PROFILE = ROOT / "jurisdictions" / "us" / "fl" / "pinellas-county-sheriff.yaml"


CHECKS = {"warm": "warm cache", "empty": "empty cache", "off": "caches off, every law parsed"}


def environment(key: str) -> dict[str, str] | None:
    """The environment of a run with the caches `key` (see `CHECKS`); the floor's is the same as a warm check's."""
    if key in ("floor", "warm"):
        return None
    fresh = tempfile.mkdtemp(prefix="wso-bench-")
    return {**os.environ, "XDG_CACHE_HOME": fresh, "TMPDIR": fresh, "WSO_RULES_CACHE": "0" if key == "off" else "1"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--format", default="text", choices=("text", "json", "md", "html"))
    parser.add_argument("--checkout-only", action="store_true", help="skip building and installing the wheel")
    args = parser.parse_args()
    install_editable()
    compile_bytecode()
    installs = {"checkout": (IMPORT_FLOOR, wso_rules(), list(CHECKS))}
    if not args.checkout_only:
        bin_folder = installed_wheel(Path(tempfile.mkdtemp(prefix="wso-bench-wheel-")))
        wheel_floor = [str(bin_folder / "python"), *IMPORT_FLOOR[1:]]
        installs["installed wheel"] = (wheel_floor, [str(bin_folder / "wso-rules")], ["warm", "empty"])
    samples: dict[tuple[str, str], list[Run]] = {}
    measures = []
    for install, (floor, command, keys) in installs.items():
        check = command + ["check", str(PROFILE), "--format", args.format]
        run(check)  # fill the caches and the OS file cache
        for key, argv in (("floor", floor), *((key, check) for key in keys)):
            samples[(install, key)] = []
            measures.append(_measure(samples[(install, key)], argv, key))
    paired(args.runs, *measures)
    files = sum(1 for _ in (ROOT / "policies").rglob("*.yaml"))
    print(f"cold check --format {args.format}, {files} library files, medians of {args.runs} paired runs:")
    for install, (_, _, keys) in installs.items():
        for what, unit in (("seconds", "wall"), ("cpu_seconds", "CPU")):
            floor = statistics.median(getattr(r, what) for r in samples[(install, "floor")])
            for key in keys:
                value = statistics.median(getattr(r, what) for r in samples[(install, key)])
                print(f"  {install}: " + ratio(f"{CHECKS[key]}, {unit}", value, floor, "import floor"))


def _measure(samples: list[Run], argv: list[str], key: str) -> Callable[[], float]:
    def measure() -> float:
        samples.append(run(argv, env=environment(key)))  # an empty cache made anew for each run
        return samples[-1].seconds

    return measure


if __name__ == "__main__":
    main()
