"""What every benchmark shares: paired runs, medians, child processes' wall time and peak memory.

Each figure is measured next to its floor in the same run, alternating the two, so a busy machine
slows both alike and the printed ratio stays meaningful when the absolute times do not.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORT_FLOOR = [sys.executable, "-c", "import pydantic, jinja2, yaml, durable.lang"]
"""The cheapest process that loads what `wso-rules` is built on."""


_PEAK = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
)
"""Runs a command from a small process: a child's peak memory counts the pages it shares with
its parent until it execs, so measured from this (large) process it would include our own."""


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    """User plus system time: on a machine shared with other work, steadier than wall time."""


def compile_bytecode() -> None:
    """Compile the package's bytecode, as installing a wheel does (pip compiles it), so a figure is
    what a user's run costs, not a run that compiles every module from source: a checkout run with
    PYTHONDONTWRITEBYTECODE set never writes it, while the floor's libraries were compiled at install."""
    compileall.compile_dir(ROOT / "wso_rules", quiet=1)


def install_editable() -> None:
    """Install the checkout editable again, as an encoder's `pip install -e .` does, so the checks
    it keeps in `wso_rules/_bundled/` (see setup.py) are of the code being measured: any edit to
    the code since the last install leaves them unused."""
    install = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "-e", ROOT]
    subprocess.run(install, check=True, capture_output=True)


def wso_rules() -> list[str]:
    """The installed command next to this Python (as a user runs it), else `python -m wso_rules`."""
    script = Path(sys.executable).parent / "wso-rules"
    return [str(script)] if script.exists() else [sys.executable, "-m", "wso_rules"]


def installed_wheel(folder: Path) -> Path:
    """Build the wheel and install it in a new environment under `folder`, as a user's `pip install`
    does (its bytecode compiled, the library checked at build time kept in it); its bin folder."""
    build = [sys.executable, "-m", "build", "--wheel", "--outdir", folder / "dist", ROOT]
    subprocess.run(build, check=True, capture_output=True)
    (wheel,) = (folder / "dist").glob("*.whl")
    subprocess.run([sys.executable, "-m", "venv", folder / "venv"], check=True)
    bin_folder = folder / "venv" / "bin"
    subprocess.run([bin_folder / "python", "-m", "pip", "install", "-q", wheel], check=True, capture_output=True)
    return bin_folder


def run(argv: Sequence[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> Run:
    """Run a process to its end; its wall and CPU time."""
    with tempfile.TemporaryFile("w+") as errors:  # a file, not a pipe: a full pipe would block the child
        start = time.perf_counter()
        child = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"{' '.join(argv)} failed: {errors.read()}")
    return Run(seconds, usage.ru_utime + usage.ru_stime)


def peak_mb(argv: Sequence[str], cwd: Path = ROOT) -> float:
    """The command's maximum resident set size, run once from a small launcher (see `_PEAK`)."""
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run([sys.executable, "-c", _PEAK, report.name, *argv], cwd=cwd, check=True)
        return int(report.read()) / 1024


def paired(runs: int, *measures: Callable[[], float]) -> list[float]:
    """Medians of each measure over `runs` rounds, the measures alternating within each round."""
    samples: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for sample, measure in zip(samples, measures):
            sample.append(measure())
    return [statistics.median(s) for s in samples]


def timed(work: Callable[[], object]) -> float:
    """CPU seconds this process spends on `work` (single-threaded work: its wall time on an idle
    machine, and not inflated when other processes share the cores)."""
    start = time.process_time()
    work()
    return time.process_time() - start


def ratio(label: str, value: float, floor: float, floor_label: str, unit: str = "s") -> str:
    return f"{label}: {_amount(value, unit)} = {value / floor:,.2f} x {floor_label} ({_amount(floor, unit)})"


def _amount(value: float, unit: str) -> str:
    if unit == "s" and value < 0.1:
        return f"{value * 1000:.2f} ms"
    return f"{value:.3f} {unit}" if unit == "s" else f"{value:.0f} {unit}"
