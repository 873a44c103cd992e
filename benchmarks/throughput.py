"""(b) Evaluations per second through the Python API, and (c) peak memory while doing them.

Run: python benchmarks/throughput.py [--agencies 3000] [--engine auto|durable|plain]

Two workloads, each `agencies` profiles x every program, with full findings:
- realistic: agencies spread over the places and kinds of the bundled profiles (many agencies
  share a legal situation, as real ones do);
- distinct: every agency is evaluated on a different day (2017-01-01 onwards), so each is a legal
  situation of its own: every evaluation misses the situation cache and runs the engine.
Peak memory is the process's maximum resident set size after both workloads (target < 300 MB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
from pathlib import Path

from wso_rules import Evaluator, load_library, load_profiles

ROOT = Path(__file__).resolve().parent.parent


def agencies(library, count: int) -> list:
    seeds = load_profiles([ROOT / "jurisdictions"], library)
    return [seeds[n % len(seeds)].model_copy(update={"id": f"{seeds[n % len(seeds)].id}-{n}"}) for n in range(count)]


def run(count: int, distinct: bool, engine: str) -> None:
    library = load_library()
    profiles = agencies(library, count)
    first_day = dt.date(2017, 1, 1)
    days = [first_day + dt.timedelta(days=n) if distinct else dt.date(2026, 11, 28) for n in range(count)]
    start = time.perf_counter()
    evaluator = Evaluator(library, engine)
    built = time.perf_counter()
    reports = [evaluator.report(profile, library.program_ids, day) for profile, day in zip(profiles, days)]
    done = time.perf_counter()
    evaluations = sum(len(r.assessments) for r in reports)
    findings = sum(len(a.activities) for r in reports for a in r.assessments)
    label = "distinct" if distinct else "realistic"
    print(
        f"{label:9} {evaluations} evaluations ({count} agencies x {len(library.program_ids)} programs, "
        f"{findings} activity findings) with {evaluator.engine.name}: "
        f"{evaluations / (done - built):,.0f} per second; build {built - start:.3f} s, evaluate {done - built:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=3000)
    parser.add_argument("--engine", default="auto", choices=("auto", "durable", "plain"))
    args = parser.parse_args()
    run(args.agencies, distinct=False, engine=args.engine)
    run(args.agencies, distinct=True, engine=args.engine)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
