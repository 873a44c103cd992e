import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DURABLE_RULES = importlib.util.find_spec("durable") is not None
needs_durable_rules = pytest.mark.skipif(
    not DURABLE_RULES, reason="durable-rules is not installed (it cannot be on Python 3.13+)"
)
sys.path.insert(0, str(Path(__file__).resolve().parent))


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the command as a user would: a separate process, real exit status and streams."""
    return subprocess.run(
        [sys.executable, "-m", "wso_rules", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def cli_env():
    """Run the command with extra environment variables (and none of the colour or CI ones inherited)."""

    def run(env: dict[str, str], *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
        inherited = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")}
        return subprocess.run(
            [sys.executable, "-m", "wso_rules", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
            env=inherited | env,
        )

    return run
