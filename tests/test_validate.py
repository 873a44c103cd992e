"""`wso-rules validate` as a user runs it: exit status, --strict, the library, the output formats.

Each rule's own fixture is tested in tests/rules/."""

import json
import xml.etree.ElementTree as ElementTree

RULES = "tests/rules"


def test_clean_fixture_passes(cli):
    result = cli("validate", f"{RULES}/clean.yaml")
    assert result.returncode == 0 and "no problems found" in result.stdout


def test_strict_makes_warnings_errors(cli):
    result = cli("validate", "--strict", f"{RULES}/unexercised-provision/unexercised-provision.yaml")
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
    result = cli("validate", "--format", "github", f"{RULES}/unknown-activity/unknown-activity.yaml")
    assert result.stdout.startswith(
        f"::error file={RULES}/unknown-activity/unknown-activity.yaml,line=13,col=18,title=unknown-activity::"
    )


def test_junit_report_is_xml_with_one_failure_per_error(cli):
    result = cli("validate", "--format", "junit", f"{RULES}/unknown-key/unknown-key.yaml")
    suite = ElementTree.fromstring(result.stdout)
    assert suite.get("failures") == "2"
    assert {f.get("type") for f in suite.iter("failure")} == {"unknown-key", "missing-key"}


def test_json_report(cli):
    result = cli("validate", "--format", "json", f"{RULES}/scenario-failed/scenario-failed.yaml")
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
