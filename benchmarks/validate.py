"""`wso-rules validate` of the whole bundled library right after an edit, against the same run
with the library unchanged (cached), and against the import floor, in the same run.

Run: python benchmarks/validate.py [--runs 7]

Works on a copy of policies/ and jurisdictions/ in a temporary folder. Each round runs the
import floor, `validate` after appending a comment to one law (its content changes, so the
library cache misses and every file is parsed and checked again), and `validate` unchanged.
Prints the medians and the ratios (target: after an edit <= 0.6 s).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from _measure import IMPORT_FLOOR, ROOT, Run, paired, ratio, run, wso_rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="wso-validate-") as temp:
        for folder in ("policies", "jurisdictions"):
            shutil.copytree(ROOT / folder, Path(temp) / folder)
        edited = next(iter(sorted((Path(temp) / "policies").rglob("*.yaml"))))
        validate = wso_rules() + ["validate", f"{temp}/policies", f"{temp}/jurisdictions"]
        run(validate)  # fill the cache

        samples: dict[str, list[Run]] = {"floor": [], "edited": [], "unchanged": []}

        def measure(key: str, argv: list[str]) -> float:
            samples[key].append(run(argv))
            return samples[key][-1].seconds

        def after_edit() -> float:
            with edited.open("a", encoding="utf-8") as stream:
                stream.write("# edited\n")
            return measure("edited", validate)

        paired(runs, lambda: measure("floor", IMPORT_FLOOR), after_edit, lambda: measure("unchanged", validate))
        files = sum(1 for _ in Path(temp).rglob("*.yaml"))
    print(f"validate of the bundled library ({files} files), medians of {runs} paired runs:")
    for what, unit in (("seconds", "wall"), ("cpu_seconds", "CPU")):
        floor, cold, warm = (statistics.median(getattr(r, what) for r in samples[k]) for k in samples)
        print("  " + ratio(f"after an edit (cache miss), {unit}", cold, warm, "unchanged (cached)"))
        print("  " + ratio(f"after an edit (cache miss), {unit}", cold, floor, "import floor"))


if __name__ == "__main__":
    main()
