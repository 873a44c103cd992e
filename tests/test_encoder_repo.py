"""A law encoder's own repository: `init`, layers on the bundled library, kinds read from content,
the pytest plugin and the pre-commit hook's entry, all run as the encoder runs them."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

from wso_rules.discovery import FileKind, kind_of_file, kind_of_text

GEORGIA_LAW = ROOT / "policies" / "us" / "ga" / "immigration-cooperation-35-1-17.yaml"
GEORGIA_SHERIFF = ROOT / "jurisdictions" / "us" / "ga" / "cobb-county-sheriff.yaml"


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """pytest run in `folder` as the encoder runs it."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)


@pytest.fixture
def repo(cli, tmp_path) -> Path:
    made = cli("init", str(tmp_path / "laws-repo"))
    assert made.returncode == 0, made.stderr
    return tmp_path / "laws-repo"


def test_init_makes_a_repository_that_validates_and_tests_green(cli, repo):
    assert {".pre-commit-config.yaml", ".github", "laws", "jurisdictions", "README.md", "pyproject.toml"} <= {
        p.name for p in repo.iterdir()
    }
    assert cli("validate", cwd=repo).stdout == "no problems found\n"
    scenarios = _pytest(repo)
    assert scenarios.returncode == 0 and "2 passed" in scenarios.stdout, scenarios.stdout


def test_init_refuses_to_overwrite(cli, repo):
    again = cli("init", str(repo))
    assert again.returncode == 2 and "pyproject.toml:1:1: error [exists]" in again.stderr


def test_the_hook_entry_skips_files_that_are_not_wso_rules_files(cli, repo):
    hook = cli(
        "validate", ".pre-commit-config.yaml", ".github/workflows/laws.yml", "laws/us/zz/example-act.yaml", cwd=repo
    )
    assert hook.returncode == 0 and hook.stdout == "no problems found\n", hook.stdout


def test_the_hook_entry_reports_a_broken_law_in_the_repository(cli, repo):
    law = repo / "laws" / "us" / "zz" / "example-act.yaml"
    law.write_text(law.read_text().replace("effect: prohibits", "effect: forbids"))
    hook = cli("validate", "laws/us/zz/example-act.yaml", cwd=repo)
    assert hook.returncode == 1 and "laws/us/zz/example-act.yaml:" in hook.stdout and "[schema]" in hook.stdout


def test_a_layered_law_replaces_the_bundled_one_with_a_notice(cli, repo):
    shutil.copy(GEORGIA_LAW, repo / "laws" / "ga.yaml")
    shutil.copy(GEORGIA_SHERIFF, repo / "jurisdictions" / "sheriff.yaml")
    result = cli("check", "jurisdictions/sheriff.yaml", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "laws/ga.yaml replaces law 'ga-35-1-17-immigration-cooperation'" in result.stderr


def test_policies_option_layers_and_only_uses_just_the_given_library(cli, tmp_path):
    layer = tmp_path / "extra"
    layer.mkdir()
    shutil.copy(GEORGIA_LAW, layer / "ga.yaml")
    layered = cli("laws", "--policies", str(layer), "--format", "json", cwd=tmp_path)
    alone = cli("laws", "--policies", str(layer), "--only", "--format", "json", cwd=tmp_path)
    assert layered.returncode == alone.returncode == 0, layered.stderr + alone.stderr
    assert "replaces law" in layered.stderr
    assert json.loads(layered.stdout)["summary"]["laws"] > json.loads(alone.stdout)["summary"]["laws"] == 1
    assert cli("laws", "--only").returncode == 2


def test_profiles_are_recognised_by_content_in_any_folder(cli, tmp_path):
    shutil.copy(GEORGIA_SHERIFF, tmp_path / "cobb.yaml")
    result = cli("validate", str(tmp_path / "cobb.yaml"))
    assert result.returncode == 0 and result.stdout == "no problems found\n"
    broken = tmp_path / "agencies" / "broken.yaml"
    broken.parent.mkdir()
    broken.write_text(GEORGIA_SHERIFF.read_text().replace("agency_kind: sheriff", "agency_kind: sherif"))
    result = cli("validate", str(broken.parent))
    assert result.returncode == 1 and "[unknown-agency-kind]" in result.stdout


@pytest.mark.parametrize(
    "text, kind",
    [
        ("id: x\nagency: A\nagency_kind: sheriff\nstate: GA\n", FileKind.PROFILE),
        ("id: x\nagencey: A\nagency_kind: sheriff\nstate: GA\n", FileKind.PROFILE),
        ("programs: []\nactivities: []\n", FileKind.CATALOGUE),
        ("id: x\nsurvey_of: GA\ncovers_from: 2020-01-01\n", FileKind.SURVEY),
        ("id: x\ntitle: T\nprovisions: []\n", FileKind.LAW),
        ("repos:\n  - repo: local\n", FileKind.FOREIGN),
        ("name: laws\non: [push]\njobs: {}\n", FileKind.FOREIGN),
        ("# yaml-language-server: $schema=../schemas/profile.schema.json\n{id: x, agency: A}\n", FileKind.PROFILE),
        ("not: [valid\n", FileKind.FOREIGN),
        ("[unclosed\n", FileKind.LAW),
        ("# yaml-language-server: $schema=../schemas/profile.schema.json\nid: x\n", FileKind.PROFILE),
        ("id: x\nnote: only shared keys\n", FileKind.LAW),
    ],
)
def test_file_kind_comes_from_content(text, kind):
    assert kind_of_text(text) is kind


def test_every_bundled_file_has_the_kind_its_schema_comment_names():
    for path in [*ROOT.joinpath("policies").rglob("*.yaml"), *ROOT.joinpath("jurisdictions").rglob("*.yaml")]:
        named = path.read_text().splitlines()[0].rsplit("/", 1)[-1].removesuffix(".schema.json")
        assert kind_of_file(path).value == named, path


def test_pytest_ini_option_configures_the_plugin(tmp_path):
    (tmp_path / "mine").mkdir()
    shutil.copy(ROOT / "tests" / "rules" / "clean.yaml", tmp_path / "mine" / "law.yaml")
    (tmp_path / "pytest.ini").write_text("[pytest]\nwso_rules_policies = mine\n")
    result = _pytest(tmp_path, "mine")
    assert result.returncode == 0 and "2 passed" in result.stdout, result.stdout


def test_the_plugin_hints_when_no_law_folder_is_configured(tmp_path):
    shutil.copy(ROOT / "tests" / "rules" / "clean.yaml", tmp_path / "law.yaml")
    result = _pytest(tmp_path, ".")
    assert result.returncode == 5 and "[tool.wso-rules] policies" in result.stdout, result.stdout
