"""The whole static site against its floor, one agency's HTML report, both as commands.

Run: python benchmarks/site.py [--runs 3] [--as-of 2026-12-01] [--engine auto|durable|plain]

`wso-rules site -o DIR` builds a page per agency (every bundled profile and every county's
sheriff, 3 programs each, with its timeline), the map, the state and law pages and the downloads.
Its floor is `wso-rules check PROFILE --program all --format html -o FILE` for Los Angeles County's
sheriff: one agency page as a command. Prints medians of wall and CPU time (the two commands
alternating) and the site's peak memory (targets: < 15 s and < 300 MB).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from _measure import ROOT, Run, paired, peak_mb, ratio, run, wso_rules

PROFILE = ROOT / "jurisdictions" / "us" / "ca" / "los-angeles-county-sheriff.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--as-of", default="2026-12-01", metavar="DATE")
    parser.add_argument("--engine", default="auto", choices=("auto", "durable", "plain"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        common = ["--as-of", args.as_of, "--engine", args.engine]
        site = [*wso_rules(), "site", "-o", str(Path(scratch) / "site"), *common]
        page = [*wso_rules(), "check", str(PROFILE), "--program", "all", "--format", "html"]
        page += ["-o", str(Path(scratch) / "page.html"), *common]
        runs: dict[str, list[Run]] = {"site": [], "page": []}
        paired(args.runs, lambda: _record(runs["site"], site), lambda: _record(runs["page"], page))
        memory = peak_mb(site)
        files = sum(1 for path in (Path(scratch) / "site").rglob("*") if path.is_file())
    print(f"wso-rules site, as of {args.as_of}, engine {args.engine}: {files} files, peak memory {memory:.0f} MB")
    for kind in ("seconds", "cpu_seconds"):
        site_value, page_value = (statistics.median(getattr(r, kind) for r in runs[name]) for name in ("site", "page"))
        label = "wall" if kind == "seconds" else "CPU"
        print("  " + ratio(f"site {label}", site_value, page_value, "one agency's HTML report"))


def _record(runs: list[Run], argv: list[str]) -> float:
    runs.append(run(argv))
    return runs[-1].seconds


if __name__ == "__main__":
    main()
