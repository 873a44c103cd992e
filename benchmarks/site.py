"""The whole static site: every county's sheriff and every bundled profile, x 3 programs.

Run: python benchmarks/site.py [--as-of 2026-12-01] [--engine auto|durable|plain] [--keep DIR]

Builds the site as `wso-rules site -o DIR` does (one report, timeline and page per agency, the map,
the state and law pages, the downloads) and prints its wall and CPU time and the process's peak
resident memory, then the same for its floor, a one-agency site on a fresh evaluator (its page,
the map and every state and law page), and the ratio of the two. CPU time is the figure to compare
on a shared machine: wall time also counts the time other processes held the cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

from wso_rules import Evaluator, load_library, load_profiles
from wso_rules.loading import DEFAULT_JURISDICTIONS
from wso_rules.national import sheriffs
from wso_rules.site.build import build

FLOOR_PROFILE = DEFAULT_JURISDICTIONS / "us" / "ca" / "los-angeles-county-sheriff.yaml"


def timed(engine: str, profiles_of, output: Path, as_of: dt.date) -> tuple[float, float, int]:
    """Wall and CPU seconds to load the library and build the site, and the pages written."""
    wall, cpu = time.perf_counter(), time.process_time()
    library = load_library()
    generated, profiles = profiles_of(library)
    built = build(output, library, Evaluator(library, engine), profiles, generated, as_of)
    return time.perf_counter() - wall, time.process_time() - cpu, built.files


def everything(library) -> tuple[set[str], list]:
    counties = sheriffs()
    return {p.id for p in counties}, load_profiles([DEFAULT_JURISDICTIONS], library) + counties


def one_agency(library) -> tuple[set[str], list]:
    return set(), load_profiles([FLOOR_PROFILE], library)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 12, 1), metavar="DATE")
    parser.add_argument("--engine", default="auto", choices=("auto", "durable", "plain"))
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="build the full site here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        full_wall, full_cpu, files = timed(args.engine, everything, args.keep or Path(scratch) / "full", args.as_of)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        floor_wall, floor_cpu, floor_files = timed(args.engine, one_agency, Path(scratch) / "one", args.as_of)
    print(f"site as of {args.as_of} with engine {args.engine}: {files} files")
    print(f"  full site   wall {full_wall:6.2f} s  cpu {full_cpu:6.2f} s  peak memory {peak:.0f} MB")
    print(f"  one agency  wall {floor_wall:6.2f} s  cpu {floor_cpu:6.2f} s  ({floor_files} files)")
    print(f"  ratio       wall {full_wall / floor_wall:6.1f} x    cpu {full_cpu / floor_cpu:6.1f} x")


if __name__ == "__main__":
    main()
