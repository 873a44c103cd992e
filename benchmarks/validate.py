"""`wso-rules validate` of the whole bundled library right after an edit, against the same run
with nothing changed and against the import floor, in the same run.

Run: python benchmarks/validate.py [--runs 7] [--law policies/us/fl/sb168-federal-immigration-enforcement.yaml]

Works on a copy of policies/ and jurisdictions/ in a temporary folder, with a cache folder of its
own. Each round runs the import floor; `validate` after appending a comment to one law (its
content changes, so the library cache misses: that file is read again, the others' documents are
reused, the library checks run on all, and its state's scenarios run again); `validate` after
the same edit to the catalogue (every state's scenarios run again: the worst case); and
`validate` unchanged. Prints the medians and the ratios (target: after editing a law <= 0.6 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from _measure import IMPORT_FLOOR, ROOT, Run, compile_bytecode, paired, ratio, run, wso_rules

DEFAULT_LAW = Path("policies/us/fl/sb168-federal-immigration-enforcement.yaml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--law", type=Path, default=DEFAULT_LAW, help="the law to edit, relative to the checkout")
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="wso-validate-") as temp:
        for folder in ("policies", "jurisdictions"):
            shutil.copytree(ROOT / folder, Path(temp) / folder)
        env = {**os.environ, "WSO_RULES_CACHE": "1", "WSO_RULES_CACHE_DIR": f"{temp}/cache"}
        validate = wso_rules() + ["validate", f"{temp}/policies", f"{temp}/jurisdictions"]
        run(validate, env=env)  # fill the caches
        samples: dict[str, list[Run]] = {"floor": [], "law": [], "catalogue": [], "unchanged": []}

        def measure(key: str, argv: list[str], edit: Path | None = None) -> float:
            if edit is not None:
                with edit.open("a", encoding="utf-8") as stream:
                    stream.write("# edited\n")
            samples[key].append(run(argv, env=env))
            return samples[key][-1].seconds

        paired(
            args.runs,
            lambda: measure("floor", IMPORT_FLOOR),
            lambda: measure("law", validate, Path(temp) / args.law),
            lambda: measure("catalogue", validate, Path(temp) / "policies" / "catalogue.yaml"),
            lambda: measure("unchanged", validate),
        )
        files = sum(1 for _ in Path(temp).rglob("*.yaml"))
    print(f"validate of the bundled library ({files} files), medians of {args.runs} paired runs:")
    for what, unit in (("seconds", "wall"), ("cpu_seconds", "CPU")):
        floor, law, catalogue, unchanged = (statistics.median(getattr(r, what) for r in samples[k]) for k in samples)
        print("  " + ratio(f"after editing {args.law.name}, {unit}", law, floor, "import floor"))
        print("  " + ratio(f"after editing the catalogue, {unit}", catalogue, floor, "import floor"))
        print("  " + ratio(f"unchanged, {unit}", unchanged, floor, "import floor"))


if __name__ == "__main__":
    main()
