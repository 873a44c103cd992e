"""Fixtures shared by the suite; shared values and helpers live in support.py."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, run_cli


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """The caches turned on, in a folder of the test's own (the suite runs with them off)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("WSO_RULES_CACHE", "1")
    monkeypatch.setenv("WSO_RULES_CACHE_DIR", str(folder))
    return folder


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
