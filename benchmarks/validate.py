"""Wall time of `wso-rules validate` over the whole bundled library (target: under 1 second).

Run: python benchmarks/validate.py [--runs 5]
Measures the full command as a process (start to exit), and the in-process validation alone.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from wso_rules.validation import validate

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    command = [sys.executable, "-m", "wso_rules", "validate"]
    wall, inside = [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True)
        wall.append(time.perf_counter() - start)
        start = time.perf_counter()
        problems = validate([])
        inside.append(time.perf_counter() - start)
    files = sum(1 for _ in (ROOT / "policies").rglob("*.yaml")) + sum(
        1 for _ in (ROOT / "jurisdictions").rglob("*.yaml")
    )
    print(
        f"validate of the bundled library ({files} files, {len(problems)} problems): "
        f"command median {statistics.median(wall):.3f} s; in-process median {statistics.median(inside):.3f} s"
    )


if __name__ == "__main__":
    main()
