"""Every county's sheriff, evaluated: how much of the country the library can decide.

Run: python benchmarks/national.py [--as-of 2026-12-01 2025-07-01] [--engine auto|durable|plain] [--by-state]

Builds one sheriff profile (operates_jail: true) for each of the 3,143 counties and county
equivalents of the 2020 census geography (from the bundled gazetteer), evaluates every program
on each date, and prints the distribution of verdicts per program and why the undetermined ones
are undetermined (an assessment can have several reasons, so reasons may sum to more than the
undetermined count). Places without a sheriff (Connecticut's counties, Alaska's boroughs, DC) are
evaluated all the same: the library has no way to know there is no such agency. The runtime is
printed as a multiple of a floor: one evaluation (one profile, one program) on a fresh evaluator.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import time

from wso_rules import Evaluator, load_library
from wso_rules.findings import Assessment
from wso_rules.models import Profile
from wso_rules.national import sheriffs
from wso_rules.tally import undetermined_counts, verdict_counts

DEFAULT_DATES = (dt.date(2026, 12, 1), dt.date(2025, 7, 1))


def floor(library, engine: str, profile: Profile, day: dt.date) -> float:
    start = time.perf_counter()
    Evaluator(library, engine).report(profile, ["wso"], day)
    return time.perf_counter() - start


def distribution(library, profiles: list[Profile], day: dt.date, engine: str, by_state: bool) -> None:
    evaluator = Evaluator(library, engine)
    programs = library.program_ids
    start = time.perf_counter()
    reports = [evaluator.report(profile, programs, day) for profile in profiles]
    elapsed = time.perf_counter() - start
    one = floor(library, engine, profiles[0], day)
    evaluations = len(profiles) * len(programs)
    print(f"\nas of {day}: {len(profiles)} sheriffs x {len(programs)} programs with {evaluator.engine.name}")
    print(f"  runtime {elapsed:.2f} s = {elapsed / one:,.0f} x a single evaluation ({one * 1000:.1f} ms)")
    for index, program in enumerate(programs):
        assessments = [r.assessments[index] for r in reports]
        print(f"  {program.upper():4} {verdict_counts(assessments)}")
        if why := undetermined_counts(assessments):
            print("       undetermined because: " + why)
    if by_state:
        per_state: dict[str, list[Assessment]] = collections.defaultdict(list)
        for profile, report in zip(profiles, reports):
            per_state[profile.state].append(report.assessments[0])
        print(f"  {programs[0].upper()} by state:")
        for state, assessments in sorted(per_state.items()):
            print(f"    {state} {verdict_counts(assessments)}")
    print(f"  ({evaluations} evaluations)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--as-of", nargs="+", type=dt.date.fromisoformat, default=list(DEFAULT_DATES), metavar="DATE")
    parser.add_argument("--engine", default="auto", choices=("auto", "durable", "plain"))
    parser.add_argument("--by-state", action="store_true", help="also print the first program's verdicts per state")
    args = parser.parse_args()
    library = load_library()
    profiles = sheriffs()
    for day in args.as_of:
        distribution(library, profiles, day, args.engine, args.by_state)


if __name__ == "__main__":
    main()
