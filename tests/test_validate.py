"""`wso-rules validate`: each rule has a broken fixture (tests/fixtures/validate/) that triggers it."""

import json
import xml.etree.ElementTree as ElementTree

import pytest

FIXTURES = "tests/fixtures/validate"

RULES = [
    ("yaml-syntax", "yaml-syntax.yaml", "3:5", "error"),
    ("duplicate-key", "duplicate-key.yaml", "4:1", "error"),
    ("unknown-key", "unknown-key.yaml", "12:5", "error"),
    ("unsafe-tag", "unsafe-tag.yaml", "2:8", "error"),
    ("schema", "schema.yaml", "6:12", "error"),
    ("missing-key", "missing-key.yaml", "9:5", "error"),
    ("unknown-activity", "unknown-activity.yaml", "13:18", "error"),
    ("unknown-agency-kind", "unknown-agency-kind.yaml", "14:13", "error"),
    ("unknown-program", "unknown-program.yaml", "24:14", "error"),
    ("unknown-fact", "unknown-fact.yaml", "15:17", "error"),
    ("fact-type", "fact-type.yaml", "15:17", "error"),
    ("dangling-reference", "dangling-reference.yaml", "15:26", "error"),
    ("preemption-target", "preemption-target.yaml", "15:15", "error"),
    ("date-order", "date-order.yaml", "8:7", "error"),
    ("verification", "verification.yaml", "15:28", "error"),
    ("effect-fields", "effect-fields.yaml", "12:13", "error"),
    ("jurisdiction-level", "jurisdiction-level.yaml", "5:15", "error"),
    ("no-law-shape", "no-law-shape.yaml", "3:7", "error"),
    ("condition-form", "condition-form.yaml", "15:24", "error"),
    ("no-scenario", "no-scenario.yaml", "1:5", "error"),
    ("no-biting-scenario", "no-biting-scenario.yaml", "17:3", "error"),
    ("scenario-failed", "scenario-failed.yaml", "17:5", "error"),
    ("unexercised-provision", "unexercised-provision.yaml", "16:5", "warning"),
    ("no-contrast-scenario", "no-contrast-scenario.yaml", "17:3", "warning"),
    ("duplicate-id", "duplicate-id/second.yaml", "1:5", "error"),
    ("duplicate-id", "survey-duplicate-source.yaml", "11:9", "error"),
    ("survey-source-ref", "survey-source-ref.yaml", "18:16", "error"),
    ("survey-law", "survey-law/survey.yaml", "25:12", "error"),
    ("survey-duplicate-locality", "survey-duplicate-locality.yaml", "21:13", "error"),
    ("survey-coverage", "survey-coverage.yaml", "4:14", "error"),
    ("survey-sources", "survey-sources.yaml", "6:3", "error"),
    ("survey-overlap", "survey-overlap/b.yaml", "4:14", "error"),
    ("survey-unlisted-law", "survey-unlisted-law/survey.yaml", "17:3", "warning"),
    ("place-name", "place-name.yaml", "17:13", "error"),
]


@pytest.mark.parametrize("rule, fixture, location, severity", RULES, ids=[r[0] for r in RULES])
def test_each_rule_is_triggered_at_its_location(cli, rule, fixture, location, severity):
    target = f"{FIXTURES}/{fixture.split('/')[0]}" if "/" in fixture else f"{FIXTURES}/{fixture}"
    result = cli("validate", target)
    expected = f"{FIXTURES}/{fixture}:{location}: {severity} [{rule}]"
    assert expected in result.stdout, result.stdout
    assert result.returncode == (1 if severity == "error" else 0)


def test_clean_fixture_passes(cli):
    result = cli("validate", f"{FIXTURES}/clean.yaml")
    assert result.returncode == 0 and "no problems found" in result.stdout


def test_strict_makes_warnings_errors(cli):
    result = cli("validate", "--strict", f"{FIXTURES}/unexercised-provision.yaml")
    assert result.returncode == 1
    assert "16:5: error [unexercised-provision]" in result.stdout


def test_bundled_library_validates_clean_even_when_strict(cli):
    result = cli("validate", "--strict")
    assert result.returncode == 0, result.stdout[-3000:]
    assert result.stdout.strip().endswith("no problems found")


def test_missing_path_means_validate_could_not_run(cli):
    result = cli("validate", "no/such/place.yaml")
    assert result.returncode == 2 and "[missing-file]" in result.stderr


def test_github_annotations_mark_the_line(cli):
    result = cli("validate", "--format", "github", f"{FIXTURES}/unknown-activity.yaml")
    assert result.stdout.startswith(
        f"::error file={FIXTURES}/unknown-activity.yaml,line=13,col=18,title=unknown-activity::"
    )


def test_junit_report_is_xml_with_one_failure_per_error(cli):
    result = cli("validate", "--format", "junit", f"{FIXTURES}/unknown-key.yaml")
    suite = ElementTree.fromstring(result.stdout)
    assert suite.get("failures") == "2"
    assert {f.get("type") for f in suite.iter("failure")} == {"unknown-key", "missing-key"}


def test_json_report(cli):
    result = cli("validate", "--format", "json", f"{FIXTURES}/scenario-failed.yaml")
    report = json.loads(result.stdout)
    assert report["errors"] == 1
    (problem,) = report["problems"]
    assert (problem["line"], problem["column"], problem["rule"]) == (17, 5, "scenario-failed")
    assert "expected verdict: permitted" in problem["message"]


def test_profiles_are_checked_against_the_library(cli, tmp_path):
    folder = tmp_path / "jurisdictions"
    folder.mkdir()
    (folder / "agency.yaml").write_text("id: x\nagency: X\nagency_kind: sherif\nstate: FL\n")
    result = cli("validate", str(folder / "agency.yaml"))
    assert result.returncode == 1
    assert "agency.yaml:3:14: error [unknown-agency-kind]" in result.stdout
