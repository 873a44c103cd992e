"""What tests share besides fixtures: the checkout's root, the durable-rules marker, and running
the command as a user does. (`pythonpath = ["tests"]` in pyproject makes it importable.)"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DURABLE_RULES = importlib.util.find_spec("durable") is not None
needs_durable_rules = pytest.mark.skipif(
    not DURABLE_RULES, reason="durable-rules is not installed (it cannot be on Python 3.13+)"
)


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the command as a user would: a separate process, real exit status and streams."""
    return subprocess.run(
        [sys.executable, "-m", "wso_rules", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )
