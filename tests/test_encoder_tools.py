"""Tools for law encoders: the pytest plugin, the editor schemas, `laws` and `impact`."""

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from support import ROOT

from wso_rules.loading import yaml_files
from wso_rules.schemas import reference_markdown, schema_texts

CLEAN = ROOT / "tests" / "rules" / "clean.yaml"


def _library_copy(tmp_path: Path) -> Path:
    policies = tmp_path / "policies"
    policies.mkdir(parents=True)
    shutil.copy(ROOT / "policies" / "catalogue.yaml", policies / "catalogue.yaml")
    shutil.copy(CLEAN, policies / "base.yaml")
    return policies


def _pytest(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_pytest_collects_law_scenarios_as_items(tmp_path):
    policies = _library_copy(tmp_path)
    result = _pytest(str(policies), "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "2 passed" in result.stdout


def test_a_broken_scenario_fails_with_expected_and_actual(tmp_path):
    policies = _library_copy(tmp_path)
    law = policies / "base.yaml"
    law.write_text(
        law.read_text().replace(
            'expect: {verdict: prohibited, citations: ["Base Code § 1"]}', "expect: {verdict: permitted}"
        )
    )
    result = _pytest(str(policies), "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert "expected verdict: permitted" in result.stdout
    assert "actual verdict:   prohibited" in result.stdout
    assert "deciding citations not expected: Base Code § 1" in result.stdout
    assert "zz-base scenario 1" in result.stdout


def test_committed_schemas_and_reference_match_the_models():
    for name, text in schema_texts().items():
        committed = ROOT / "schemas" / name
        assert committed.read_text() == text, (
            f"{name} drifted from the models: run `wso-rules schema -o schemas --reference docs/schema.md`"
        )
    assert (ROOT / "docs" / "schema.md").read_text() == reference_markdown(), (
        "run `wso-rules schema -o schemas --reference docs/schema.md`"
    )


def _as_json(value):
    """YAML dates become strings, as an editor's JSON Schema check sees them."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _bundled(kind: str) -> list[Path]:
    if kind == "profile":
        return yaml_files(ROOT / "jurisdictions")
    files = yaml_files(ROOT / "policies")
    if kind == "catalogue":
        return [f for f in files if f.name == "catalogue.yaml"]
    surveys = [f for f in files if "survey_of" in yaml.safe_load(f.read_text())]
    return surveys if kind == "survey" else [f for f in files if f.name != "catalogue.yaml" and f not in surveys]


@pytest.mark.parametrize("kind", ["law", "profile", "catalogue", "survey"])
def test_bundled_files_validate_against_the_committed_schemas_and_name_them(kind):
    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    files = _bundled(kind)
    assert files
    for path in files:
        first_line = path.read_text().splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema=") and first_line.endswith(
            f"/{kind}.schema.json"
        ), path
        assert (path.parent / first_line.split("=", 1)[1]).resolve() == (ROOT / "schemas" / f"{kind}.schema.json")
        errors = list(validator.iter_errors(_as_json(yaml.safe_load(path.read_text()))))
        assert not errors, f"{path}: {errors[0].message}"


def test_laws_lists_the_library(cli):
    result = cli("laws", "--format", "json", "--as-of", "2026-11-28")
    listing = json.loads(result.stdout)
    assert listing["summary"]["states_and_dc_covered"] == 51
    row = next(r for r in listing["laws"] if r["law"] == "ca-values-act")
    assert row["in_force_today"] is True and row["provisions"] >= 5
    assert 0 <= row["verified_share"] <= 1
    assert "states and DC" in cli("laws").stdout


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_impact_lists_verdicts_a_change_moves(cli, tmp_path):
    repo = tmp_path / "repo"
    policies = _library_copy(repo)
    profiles = repo / "jurisdictions"
    profiles.mkdir()
    (profiles / "sheriff.yaml").write_text(
        "id: us-zz-state-police\nagency: ZZ State Police\nagency_kind: state_police\nstate: ZZ\n"
    )
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    _git(repo, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "first")
    law = policies / "base.yaml"
    law.write_text(
        law.read_text()
        .replace("effect: prohibits", "effect: requires")
        .replace(
            'expect: {verdict: prohibited, citations: ["Base Code § 1"]}',
            'expect: {verdict: permitted, citations: ["Base Code § 1"]}',
        )
    )
    _git(repo, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qam", "second")
    result = cli(
        "impact",
        "--base",
        "HEAD~1",
        "--policies",
        str(policies),
        str(profiles),
        "--as-of",
        "2020-01-01",
        "--format",
        "json",
        cwd=repo,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["laws"]["modified"] == ["zz-base"]
    changes = {(c["profile_id"], c["program"]): c for c in report["changes"]}
    assert set(changes) == {("us-zz-state-police", p) for p in ("wso", "jem", "tfm")}
    assert changes[("us-zz-state-police", "wso")]["before"] == "prohibited"
    assert changes[("us-zz-state-police", "wso")]["after"] == "permitted"
    markdown = cli(
        "impact", "--base", "HEAD~1", "--policies", str(policies), str(profiles), "--as-of", "2020-01-01", cwd=repo
    ).stdout
    assert "| ZZ State Police | wso | prohibited | **permitted** |" in markdown


def test_impact_with_a_bad_revision_is_a_clear_error(cli, tmp_path):
    repo = tmp_path / "repo"
    _library_copy(repo)
    _git(repo, "init", "-q")
    result = cli("impact", "--base", "no-such-rev", "--policies", str(repo / "policies"), cwd=repo)
    assert result.returncode == 2 and "[git] cannot read the library at 'no-such-rev'" in result.stderr
