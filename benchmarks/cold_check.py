"""(a) Wall time of one cold `wso-rules check`, process start to exit, on the bundled library.

Run: python benchmarks/cold_check.py [--runs 15]
Prints the median and the fastest/slowest of several runs (target: median 0.4 s or less).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "jurisdictions" / "us" / "fl" / "pinellas-county-sheriff.yaml"


def command() -> list[str]:
    script = Path(sys.executable).parent / "wso-rules"
    return [str(script)] if script.exists() else [shutil.which("wso-rules") or "wso-rules"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    argv = command() + ["check", str(PROFILE)]
    subprocess.run(argv, check=True, capture_output=True)  # warm the OS file cache, not the process
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    files = sum(1 for _ in (ROOT / "policies").rglob("*.yaml"))
    print(
        f"cold check ({files} library files, {runs} runs): median {statistics.median(times):.3f} s, "
        f"min {min(times):.3f} s, max {max(times):.3f} s"
    )


if __name__ == "__main__":
    main()
