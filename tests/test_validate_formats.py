"""validate's machine formats as CI reads them: JUnit with a case per scenario, SARIF 2.1.0."""

import json
import xml.etree.ElementTree as ElementTree

import attr
import pytest
import sarif_om

FIXTURES = "tests/rules"

# Where each SARIF property we write leads, in the SARIF object model (sarif-om, generated from the
# SARIF 2.1.0 schema): every key must be one the schema defines there, and every required one present.
SARIF_CLASSES = {
    "runs": sarif_om.Run,
    "tool": sarif_om.Tool,
    "driver": sarif_om.ToolComponent,
    "rules": sarif_om.ReportingDescriptor,
    "shortDescription": sarif_om.MultiformatMessageString,
    "results": sarif_om.Result,
    "message": sarif_om.Message,
    "locations": sarif_om.Location,
    "physicalLocation": sarif_om.PhysicalLocation,
    "artifactLocation": sarif_om.ArtifactLocation,
    "region": sarif_om.Region,
}


def _conforms(node: dict, model: type, where: str = "sarifLog") -> None:
    fields = {f.metadata["schema_property_name"]: f for f in attr.fields(model)}
    names = set(fields) | ({"$schema"} if model is sarif_om.SarifLog else set())
    assert set(node) <= names, f"{where}: {sorted(set(node) - names)} not in the SARIF schema"
    required = {name for name, f in fields.items() if f.default is attr.NOTHING}
    assert required <= set(node), f"{where}: missing {sorted(required - set(node))}"
    for key, value in node.items():
        if key in SARIF_CLASSES:
            for item in value if isinstance(value, list) else [value]:
                _conforms(item, SARIF_CLASSES[key], f"{where}.{key}")


def _sarif(cli, fixture: str) -> dict:
    log = json.loads(cli("validate", "--format", "sarif", f"{FIXTURES}/{fixture}").stdout)
    _conforms(log, sarif_om.SarifLog)
    assert log["version"] == "2.1.0"
    return log


def test_sarif_is_sarif_2_1_0_with_a_located_result_per_problem(cli):
    log = _sarif(cli, "unknown-key/unknown-key.yaml")
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("missing-key", "error"), ("unknown-key", "error")]
    result = results[1]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == f"{FIXTURES}/unknown-key/unknown-key.yaml"
    assert location["region"] == {"startLine": 12, "startColumn": 5}
    assert log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "unknown-key"


def test_sarif_warnings_are_warnings(cli):
    results = _sarif(cli, "unexercised-provision/unexercised-provision.yaml")["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("unexercised-provision", "warning")]


def test_a_clean_sarif_run_has_no_results(cli):
    assert _sarif(cli, "clean.yaml")["runs"][0]["results"] == []


@pytest.fixture
def junit_of(cli):
    def run(*paths: str) -> ElementTree.Element:
        return ElementTree.fromstring(cli("validate", "--format", "junit", *paths).stdout)

    return run


def test_junit_has_a_passing_case_per_scenario_and_per_law(junit_of):
    suite = junit_of(f"{FIXTURES}/clean.yaml")
    names = [case.get("name") for case in suite]
    assert names == ["law zz-base", "zz-base scenario 1: bites", "zz-base scenario 2: does not bind state prisons"]
    assert suite.get("tests") == "3" and suite.get("failures") == "0"
    assert all(case.find("failure") is None for case in suite)


def test_junit_fails_the_scenario_that_failed_and_passes_the_others(junit_of):
    suite = junit_of(f"{FIXTURES}/scenario-failed/scenario-failed.yaml")
    failed = [case.get("name") for case in suite if case.find("failure") is not None]
    assert len(failed) == 1 and " scenario " in failed[0], failed
    assert int(suite.get("tests")) > 1 and suite.get("failures") == "1"
