"""Memory of Evaluators built, used and dropped in one process, against the first one's footprint.

Run: python benchmarks/evaluators.py [--count 1000] [--engine durable|plain]

Builds `count` Evaluators one after another; each answers one report (all programs) for five
bundled profiles in different states, so its engine builds its rules for those states, and is
then dropped. Prints the growth of the process's resident set size over the loop as a multiple
of what the first Evaluator added, and the engine rulesets still registered at the end
(target: growth < 50 MB over 1,000 Evaluators).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time

from _measure import ROOT

from wso_rules import Evaluator, load_library, load_profiles

AS_OF = dt.date(2026, 11, 28)


def resident_mb() -> float:
    with open("/proc/self/statm") as stream:
        return int(stream.read().split()[1]) * 4096 / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--engine", default="durable", choices=("durable", "plain"))
    args = parser.parse_args()
    library = load_library()
    profiles = load_profiles([ROOT / "jurisdictions"], library)
    chosen = list({p.state: p for p in profiles}.values())[:5]

    def use_one() -> None:
        evaluator = Evaluator(library, args.engine)
        for profile in chosen:
            evaluator.report(profile, library.program_ids, AS_OF)

    gc.collect()
    before = resident_mb()
    use_one()
    gc.collect()
    first = max(resident_mb() - before, 0.01)
    start, began = resident_mb(), time.perf_counter()
    for _ in range(args.count):
        use_one()
    gc.collect()
    growth, seconds = resident_mb() - start, time.perf_counter() - began
    live = ""
    if args.engine == "durable":
        from wso_rules.engines.durable_host import live_rulesets

        live = f"; durable-rules rulesets still registered: {live_rulesets()}"
    print(
        f"{args.count} Evaluators ({args.engine}) built, used for {len(chosen)} reports, dropped: {seconds:.1f} s; "
        f"resident memory grew {growth:.1f} MB = {growth / first:.2f} x the first Evaluator's {first:.1f} MB{live}"
    )


if __name__ == "__main__":
    main()
