"""A national sweep: a sheriff in each of the 3,143 counties x every program, against its floors.

Run: python benchmarks/sweep.py [--runs 5] [--skip-commands]

The sheriffs are `national.py`'s: one per county and county equivalent of the gazetteer. Prints:
- in-process evaluation of the sweep with each engine, in CPU seconds (loading the library and
  constructing the Evaluator excluded, its lazy work included), as a multiple of one evaluation (one profile,
  one program) on a fresh Evaluator, and the distinct legal situations and engine cases it came to:
  through `Evaluator.reports` (what the commands use: the cyclic collector paused), and one
  `report()` at a time with the collector as it is;
- what `Evaluator.reports` leaves for the collector when it returns (durable-rules' own cycles);
- the same agencies each on a different day (2017-01-01 onwards), so every one is a legal
  situation of its own: the cost when nothing is shared;
- `wso-rules compare` and `wso-rules check -o DIR/` over the 3,143 profile files as commands,
  wall and CPU time and peak memory, as multiples of the same command on one profile
  (targets: evaluation <= 0.3 s with either engine, compare <= 1.5 s and <= 100 MB,
  check -o DIR/ <= 4 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml
from _measure import Run, paired, peak_mb, ratio, run, timed, wso_rules

from wso_rules import Evaluator, load_library
from wso_rules.library import Library
from wso_rules.models import Profile
from wso_rules.national import sheriffs

AS_OF = dt.date(2026, 11, 28)


def in_process(library: Library, profiles: list[Profile], runs: int) -> None:
    for engine in ("plain", "durable"):
        one_engine(library, profiles, runs, engine)


def one_engine(library: Library, profiles: list[Profile], runs: int, engine: str) -> None:
    programs = library.program_ids
    days = [dt.date(2017, 1, 1) + dt.timedelta(days=n) for n in range(len(profiles))]
    last: list[Evaluator] = []

    def one() -> float:
        evaluator = Evaluator(library, engine)
        return timed(lambda: evaluator.report(profiles[0], ["wso"], AS_OF))

    def sweep() -> float:
        last[:] = [Evaluator(library, engine)]
        return timed(lambda: last[0].reports(profiles, programs, AS_OF))

    def loop() -> float:
        evaluator = Evaluator(library, engine)
        return timed(lambda: [evaluator.report(p, programs, AS_OF) for p in profiles])

    def distinct() -> float:
        evaluator = Evaluator(library, engine)
        return timed(lambda: [evaluator.report(p, programs, day) for p, day in zip(profiles, days)])

    floor, national, looped, apart = paired(runs, one, sweep, loop, distinct)
    name, counted = last[0].engine.name, f"{len(profiles)} x {len(programs)} evaluations"
    situations = f"{len(last[0]._readings)} legal situations, {len(last[0]._answers)} engine cases"
    print(f"  {name}: " + ratio(f"{counted}, reports()", national, floor, "one evaluation") + f"; {situations}")
    print(f"  {name}: " + ratio("the same, one report() at a time", looped, floor, "one evaluation"))
    print(f"  {name}: " + ratio("the same, every agency on its own day", apart, floor, "one evaluation"))
    print(f"  {name}: {left_for_the_collector(library, profiles, programs, engine)}")


def left_for_the_collector(library: Library, profiles: list[Profile], programs: Sequence[str], engine: str) -> str:
    """What `Evaluator.reports` leaves for the cyclic collector once it returns (durable-rules'
    reference cycles, held while the collector is paused): objects, and their own sizes."""
    gc.collect()
    Evaluator(library, engine).reports(profiles, programs, AS_OF)
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = len(gc.garbage)
        size = sum(sys.getsizeof(unreachable) for unreachable in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    return f"left for the collector after a sweep: {found:,} objects, {size / 2**10:,.0f} KB"


def write_profiles(profiles: list[Profile], folder: Path) -> None:
    for profile in profiles:
        data = profile.model_dump(mode="json", exclude_defaults=True)
        (folder / f"{profile.id}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def commands(profiles: list[Profile], runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="wso-sweep-") as temp:
        folder = Path(temp) / "profiles"
        folder.mkdir()
        write_profiles(profiles, folder)
        single = folder / f"{profiles[0].id}.yaml"
        base = wso_rules()
        compare_all = base + ["compare", str(folder), "--format", "json", "-o", f"{temp}/compare.json"]
        compare_one = base + ["compare", str(single), "--format", "json", "-o", f"{temp}/compare-one.json"]
        fresh = itertools.count()  # a new output folder each run, as a first `check -o DIR/` writes

        def check_all() -> list[str]:
            return base + ["check", str(folder), "--program", "all", "--format", "json", "-o", f"{temp}/{next(fresh)}/"]

        def check_one() -> list[str]:
            return base + ["check", str(single), "--program", "all", "--format", "json", "-o", f"{temp}/{next(fresh)}/"]

        run(compare_one)  # warm the library cache and the OS file cache
        samples: dict[str, list[Run]] = {"compare": [], "compare-one": [], "check": [], "check-one": []}

        def measure(key: str, argv: list[str] | Callable[[], list[str]]) -> float:
            samples[key].append(run(argv() if callable(argv) else argv))
            return samples[key][-1].seconds

        paired(
            runs,
            lambda: measure("compare-one", compare_one),
            lambda: measure("compare", compare_all),
            lambda: measure("check-one", check_one),
            lambda: measure("check", check_all),
        )
        for command, label in (("compare", "compare"), ("check", "check -o DIR/")):
            many, one = samples[command], samples[f"{command}-one"]
            for what, unit in (("seconds", "wall"), ("cpu_seconds", "CPU")):
                value, floor = (statistics.median(getattr(r, what) for r in rs) for rs in (many, one))
                print("  " + ratio(f"{label} over {len(profiles)} profiles, {unit}", value, floor, "the same of one"))
        for label, many, one in (("compare", compare_all, compare_one), ("check -o DIR/", check_all(), check_one())):
            peak, floor = peak_mb(many), peak_mb(one)
            print("  " + ratio(f"{label} over {len(profiles)} profiles, peak memory", peak, floor, "of one", "MB"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-commands", action="store_true", help="only the in-process figures")
    args = parser.parse_args()
    library = load_library()
    profiles = sheriffs()
    print(f"national sweep: {len(profiles)} county sheriffs, medians of {args.runs} paired runs")
    in_process(library, profiles, args.runs)
    if not args.skip_commands:
        commands(profiles, args.runs)


if __name__ == "__main__":
    main()
