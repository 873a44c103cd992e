"""The package as a new user gets it: a wheel built from the sdist, installed into a fresh virtual
environment outside this checkout, run from another folder; and as an encoder gets it, an editable
install of a copy of the checkout. (Marked `wheel`: it needs the package index for build
requirements and dependencies; `pytest -m "not wheel"` skips it while iterating.)"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

pytestmark = pytest.mark.wheel

GEORGIA_SHERIFF = ROOT / "jurisdictions" / "us" / "ga" / "cobb-county-sheriff.yaml"
CHECKOUT = (
    "wso_rules",
    "policies",
    "jurisdictions",
    "schemas",
    "setup.py",
    "pyproject.toml",
    "README.md",
    "MANIFEST.in",
)
"""What an editable install of the checkout is made from."""
COUNTED_READS = (
    "from wso_rules import loading\n"
    "read = loading.read_document\n"
    "def counted(*args):\n"
    "    print('read', args[0].name)\n"
    "    return read(*args)\n"
    "loading.read_document = counted\n"
    "print(len(loading.load_library().laws), 'laws')\n"
)
"""Loads the bundled library, printing each law file it parses and then how many laws it has."""


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


@pytest.fixture(scope="module")
def user(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """(the fresh environment's bin folder, a working folder outside the checkout, the environment)."""
    base = tmp_path_factory.mktemp("wheel")
    built = _run(sys.executable, "-m", "build", "--outdir", base / "dist", ROOT, cwd=base)
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = (base / "dist").glob("*.whl")
    _run(sys.executable, "-m", "venv", base / "venv", cwd=base)
    bin_folder = base / "venv" / ("Scripts" if os.name == "nt" else "bin")
    installed = _run(bin_folder / "python", "-m", "pip", "install", "-q", wheel, "pytest", cwd=base)
    assert installed.returncode == 0, installed.stderr[-3000:]
    home = base / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PYTEST"))}
    env |= {"PATH": f"{bin_folder}{os.pathsep}{env.get('PATH', '')}", "XDG_CACHE_HOME": str(base / "cache")}
    return bin_folder, home, env


def test_the_package_runs_from_its_wheel_not_the_checkout(user):
    bin_folder, home, env = user
    result = _run(bin_folder / "python", "-c", "import wso_rules; print(wso_rules.__file__)", cwd=home, env=env)
    assert result.returncode == 0 and "site-packages" in result.stdout and str(ROOT) not in result.stdout


def test_a_first_run_takes_the_library_the_build_checked_and_parses_no_law(user):
    bin_folder, home, env = user
    script = "from wso_rules import loading\nloading.read_document = None\nprint(len(loading.load_library().laws))"
    fresh = {**env, "WSO_RULES_CACHE": "1", "WSO_RULES_CACHE_DIR": str(home / "first-run-cache")}
    result = _run(bin_folder / "python", "-c", script, cwd=home, env=fresh)
    assert result.returncode == 0 and int(result.stdout) > 100, result.stderr


def test_an_editable_installs_first_run_parses_only_the_laws_edited_since_it_was_installed(tmp_path):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in CHECKOUT:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, checkout / name, ignore=shutil.ignore_patterns("_bundled", "__pycache__"))
        else:
            shutil.copy(ROOT / name, checkout / name)
    _run(sys.executable, "-m", "venv", tmp_path / "venv", cwd=tmp_path)
    python = tmp_path / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    installed = _run(python, "-m", "pip", "install", "-q", "-e", checkout, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]
    assert (checkout / "wso_rules" / "_bundled" / "library.json").is_file()
    edited = checkout / "policies" / "us" / "fl" / "sb168-federal-immigration-enforcement.yaml"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PYTEST", "WSO_RULES"))}

    def first_run(cache: str) -> list[str]:
        fresh = {**env, "XDG_CACHE_HOME": str(tmp_path / cache)}
        result = _run(python, "-c", COUNTED_READS, cwd=tmp_path, env=fresh)
        assert result.returncode == 0 and result.stdout.endswith(" laws\n"), result.stderr
        assert int(result.stdout.split()[-2]) > 100
        return [line for line in result.stdout.splitlines() if line.startswith("read ")]

    assert first_run("cache-before-the-edit") == []
    edited.write_text(edited.read_text(encoding="utf-8") + "# an encoder's edit\n", encoding="utf-8")
    assert first_run("cache-after-the-edit") == [
        "read catalogue.yaml",
        f"read {edited.name}",
    ]  # the catalogue: whenever a library is made


def test_check_compare_laws_and_validate_use_the_bundled_library(user):
    bin_folder, home, env = user
    shutil.copy(GEORGIA_SHERIFF, home / "sheriff.yaml")
    wso_rules = bin_folder / "wso-rules"
    check = _run(wso_rules, "check", "sheriff.yaml", "--as-of", "2026-11-01", cwd=home, env=env)
    assert check.returncode == 0, check.stderr
    assert "Cobb County Sheriff" in check.stdout and "Georgia" in check.stdout
    compare = _run(wso_rules, "compare", "sheriff.yaml", "--format", "csv", cwd=home, env=env)
    assert compare.returncode == 0 and "us-ga-cobb-county-sheriff" in compare.stdout, compare.stderr
    laws = _run(wso_rules, "laws", cwd=home, env=env)
    assert laws.returncode == 0 and "ga-" in laws.stdout, laws.stderr
    validate = _run(wso_rules, "validate", cwd=home, env=env)
    assert validate.returncode == 0 and "no problems found" in validate.stdout, validate.stdout


def test_an_encoders_repository_from_init_validates_tests_and_passes_its_hook(user):
    bin_folder, home, env = user
    repo = home / "my-laws"
    made = _run(bin_folder / "wso-rules", "init", repo, cwd=home, env=env)
    assert made.returncode == 0, made.stderr
    validate = _run(bin_folder / "wso-rules", "validate", cwd=repo, env=env)
    assert validate.returncode == 0 and "no problems found" in validate.stdout, validate.stdout + validate.stderr
    scenarios = _run(bin_folder / "pytest", "-q", "-p", "no:cacheprovider", cwd=repo, env=env)
    assert scenarios.returncode == 0 and "2 passed" in scenarios.stdout, scenarios.stdout
    staged = [".pre-commit-config.yaml", ".github/workflows/laws.yml", "laws/us/zz/example-act.yaml"]
    hook = _run(
        bin_folder / "wso-rules", "validate", *staged, cwd=repo, env=env
    )  # the hook's entry, as pre-commit runs it
    assert hook.returncode == 0, hook.stdout + hook.stderr
    check = _run(bin_folder / "wso-rules", "check", "jurisdictions", cwd=repo, env=env)
    assert check.returncode == 0 and "PROHIBITED" in check.stdout, check.stderr
