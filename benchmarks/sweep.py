"""A national sweep: a sheriff in each of the 3,143 counties x every program, against its floors.

Run: python benchmarks/sweep.py [--runs 5] [--skip-commands]

The counties come from `wso_rules.gazetteer` when the package has it; otherwise they are
synthesized: 3,143 counties spread over the 51 states of the bundled library, each state's
counties being first the ones its laws and surveys name, then numbered stand-ins. Prints:
- in-process evaluation of the sweep with each engine (loading the library and constructing
  the Evaluator excluded, its lazy work included), as a multiple of one evaluation (one profile,
  one program) on a fresh Evaluator, and the distinct legal situations and engine cases it came to;
- the same agencies each on a different day (2017-01-01 onwards), so every one is a legal
  situation of its own: the cost when nothing is shared;
- `wso-rules compare` and `wso-rules check -o DIR/` over the 3,143 profile files as commands,
  wall time and peak memory, as multiples of the same command on one profile
  (targets: evaluation <= 0.3 s with either engine, compare <= 1.5 s and <= 100 MB,
  check -o DIR/ <= 4 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

import yaml
from _measure import ROOT, paired, ratio, run, timed, wso_rules

from wso_rules import Evaluator, load_library
from wso_rules.library import Library
from wso_rules.models import Level, Profile

COUNTIES = 3_143
AS_OF = dt.date(2026, 11, 28)


def counties(library: Library) -> list[tuple[str, str]]:
    """(state, county name) of every county: the gazetteer's, or synthesized (see the module doc)."""
    try:
        from wso_rules import gazetteer  # type: ignore[attr-defined]

        return [(county.state, county.short_name) for county in gazetteer.current()]
    except ImportError:
        pass
    states = sorted(path.name.upper() for path in (ROOT / "policies" / "us").iterdir() if path.is_dir())
    named: dict[str, list[str]] = {state: [] for state in states}
    for place in library.places():
        if place.level is Level.COUNTY and place.state in named:
            named[place.state].append(place.name or "")
    for survey in library.surveys:
        named.setdefault(survey.survey_of, []).extend(loc.county for loc in survey.localities if loc.county)
    found = []
    for index, state in enumerate(states):
        share = COUNTIES // len(states) + (index < COUNTIES % len(states))
        names = list(dict.fromkeys(named[state]))[:share]
        found += [(state, name) for name in names + [f"Number {n}" for n in range(share - len(names))]]
    return found


def sheriffs(library: Library) -> list[Profile]:
    return [
        Profile.model_validate(
            {
                "id": f"us-{state.lower()}-{n:04d}-sheriff",
                "agency": f"{county} County Sheriff",
                "agency_kind": "sheriff",
                "state": state,
                "county": county,
                "operates_jail": True,
            }
        )
        for n, (state, county) in enumerate(counties(library))
    ]


def in_process(library: Library, profiles: list[Profile], runs: int) -> None:
    programs = library.program_ids
    days = [dt.date(2017, 1, 1) + dt.timedelta(days=n) for n in range(len(profiles))]
    for engine in ("plain", "durable"):
        def one() -> float:
            evaluator = Evaluator(library, engine)
            return timed(lambda: evaluator.report(profiles[0], ["wso"], AS_OF))

        evaluators: list[Evaluator] = []

        def sweep() -> float:
            evaluators.append(Evaluator(library, engine))
            return timed(lambda: [evaluators[-1].report(p, programs, AS_OF) for p in profiles])

        def distinct() -> float:
            evaluator = Evaluator(library, engine)
            return timed(lambda: [evaluator.report(p, programs, day) for p, day in zip(profiles, days)])

        floor, national, apart = paired(runs, one, sweep, distinct)
        last = evaluators[-1]
        name = last.engine.name
        print(
            f"  {name}: "
            + ratio(f"{len(profiles)} x {len(programs)} evaluations", national, floor, "one evaluation")
            + f"; {len(last._readings)} legal situations, {len(last._answers)} engine cases"
        )
        print(f"  {name}: " + ratio("the same, every agency on its own day", apart, floor, "one evaluation"))
        evaluators.clear()


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
        check_all = base + ["check", str(folder), "--program", "all", "--format", "json", "-o", f"{temp}/reports/"]
        check_one = base + ["check", str(single), "--program", "all", "--format", "json", "-o", f"{temp}/one/"]
        run(compare_one)  # warm the library cache and the OS file cache
        samples: dict[str, list] = {"compare": [], "compare-one": [], "check": [], "check-one": []}

        def measure(key: str, argv: list[str]) -> float:
            outcome = run(argv)
            samples[key].append(outcome.peak_mb)
            return outcome.seconds

        one_compare, all_compare, one_check, all_check = paired(
            runs,
            lambda: measure("compare-one", compare_one),
            lambda: measure("compare", compare_all),
            lambda: measure("check-one", check_one),
            lambda: measure("check", check_all),
        )
        peak = {key: max(values) for key, values in samples.items()}
        print("  " + ratio(f"compare over {len(profiles)} profiles", all_compare, one_compare, "compare of one"))
        print("  " + ratio("  its peak memory", peak["compare"], peak["compare-one"], "compare of one", "MB"))
        print("  " + ratio(f"check -o DIR/ over {len(profiles)} profiles", all_check, one_check, "check of one"))
        print("  " + ratio("  its peak memory", peak["check"], peak["check-one"], "check of one", "MB"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-commands", action="store_true", help="only the in-process figures")
    args = parser.parse_args()
    library = load_library()
    profiles = sheriffs(library)
    print(f"national sweep: {len(profiles)} county sheriffs, medians of {args.runs} paired runs")
    in_process(library, profiles, args.runs)
    if not args.skip_commands:
        commands(profiles, args.runs)


if __name__ == "__main__":
    main()
