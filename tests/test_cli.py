"""The command as a user runs it: real processes, real files, exit status and streams."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from builders import write
from support import ROOT

RULE_FIXTURES = ROOT / "tests" / "rules"

LAW = """\
id: zz-test-act
title: Test Act <script>alert(1)</script>
kind: statute
level: state
jurisdiction: {state: ZZ}
effective: 2018-01-01
source_url: https://example.org/test-act
provisions:
  - id: no-287g
    citation: Test Code § 1(a)
    excerpt: No agency shall enter into an agreement under 8 U.S.C. 1357(g) & "so on".
    effect: prohibits
    activities: [enter_287g_agreement, perform_immigration_officer_functions]
    binds: [sheriff]
    verification: {status: verified, url: "https://example.org/code", checked_on: 2026-11-28}
"""

SURVEY = """\
id: zz-local-survey
survey_of: ZZ
reviewed_on: 2026-11-28
covers_from: 2017-01-01
sources:
  - {id: national-2017, title: a list, url: "https://example.org/l", speaks_for: 2017-01-01, scope: national}
  - {id: state-report, title: a state report, url: "https://example.org/report", speaks_for: 2019-06-01, scope: state}
"""

PROFILE = """\
id: us-zz-test-sheriff
agency: Test <b>County</b> Sheriff
agency_kind: {kind}
state: ZZ
county: Test
city: Testville
operates_jail: true
agreements_287g:
  - {{program: wso, signed: 2019-05-06, source_url: "https://example.org/moa"}}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A tiny library (catalogue + one law) and two profiles, so verdicts here never drift."""
    shutil.copy(ROOT / "policies" / "catalogue.yaml", tmp_path / "catalogue.yaml")
    write(tmp_path / "policies" / "zz" / "test-act.yaml", LAW)
    write(tmp_path / "policies" / "zz" / "local-survey.yaml", SURVEY)
    shutil.move(tmp_path / "catalogue.yaml", tmp_path / "policies" / "catalogue.yaml")
    write(tmp_path / "profiles" / "sheriff.yaml", PROFILE.format(kind="sheriff"))
    write(
        tmp_path / "profiles" / "police.yaml",
        PROFILE.format(kind="city_police").replace("us-zz-test-sheriff", "us-zz-test-police"),
    )
    return tmp_path


def check(cli, workspace, *args):
    return cli(
        "check", "profiles/sheriff.yaml", "--policies", "policies", "--as-of", "2020-01-01", *args, cwd=workspace
    )


def test_check_text_names_verdict_provision_alert_and_disclaimer(cli, workspace):
    result = check(cli, workspace)
    assert result.returncode == 0, result.stderr
    assert "PROHIBITED" in result.stdout
    assert "Test Code § 1(a)" in result.stdout
    assert "holds a Warrant Service Officer (WSO) agreement signed 2019-05-06" in result.stdout
    assert "not legal advice" in result.stdout


def test_check_json_shape(cli, workspace):
    result = check(cli, workspace, "--format", "json", "--program", "all")
    document = json.loads(result.stdout)
    assert document["schema"] == "wso-rules/report" and document["schema_version"] == 2
    assert [p["program"] for p in document["programs"]] == ["wso", "jem", "tfm"]
    wso = document["programs"][0]
    assert wso["verdict"] == "prohibited"
    decided = wso["deciding"][0]
    assert decided["citation"] == "Test Code § 1(a)"
    assert decided["verification"]["status"] == "verified"
    assert decided["source_url"] == "https://example.org/test-act"
    assert {"excerpt", "effective", "ends", "preempted", "exceptions"} <= decided.keys()
    assert document["generated_by"]["engine"] in ("durable-rules", "plain")
    assert document["alerts"][0]["verdict"] == "prohibited"
    assert "not legal advice" in document["disclaimer"]


SURVEY_NAMED = (
    "no county-level law of Test, ZZ found in sources national-2017 (2017-01-01), state-report (2019-06-01) "
    "(survey reviewed 2026-11-28)"
)


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_every_report_format_names_the_survey_that_decides_the_local_level(cli, workspace, fmt):
    result = check(cli, workspace, "--format", fmt, "--as-of", "2020-01-01")
    assert result.returncode == 0, result.stderr
    assert SURVEY_NAMED in result.stdout


def test_json_local_basis_carries_the_survey_and_its_sources(cli, workspace):
    document = json.loads(check(cli, workspace, "--format", "json").stdout)
    basis = document["programs"][0]["local_basis"]
    assert basis["survey"]["id"] == "zz-local-survey"
    assert [s["id"] for s in basis["survey"]["sources"]] == ["national-2017", "state-report"]
    assert basis["level"] == "county" and basis["locality"] is None


@pytest.mark.parametrize("fmt", ["text", "md", "html", "csv", "json"])
def test_every_compare_format_names_the_survey(cli, workspace, fmt):
    result = cli(
        "compare", "profiles", "--policies", "policies", "--as-of", "2020-01-01", "--format", fmt, cwd=workspace
    )
    assert result.returncode == 0, result.stderr
    assert SURVEY_NAMED.replace("Test, ZZ", "Testville, ZZ").replace("county-level", "city-level") in result.stdout


def test_a_date_before_the_survey_is_a_gap_that_says_what_the_survey_covers(cli, workspace):
    result = check(cli, workspace, "--as-of", "2016-06-01", "--format", "json")
    gaps = [g["message"] for g in json.loads(result.stdout)["programs"][0]["gaps"]]
    assert any("the survey of ZZ's local laws covers 2017-01-01 on, not 2016-06-01" in g for g in gaps), gaps


def test_check_is_deterministic_byte_for_byte(cli, workspace):
    first = check(cli, workspace, "--format", "json").stdout
    assert first == check(cli, workspace, "--format", "json").stdout


def test_check_markdown(cli, workspace):
    result = check(cli, workspace, "--format", "md")
    assert result.stdout.startswith("# Test <b>County</b> Sheriff")
    assert "| Warrant Service Officer (WSO) | **prohibited** |" in result.stdout


def test_check_html_is_self_contained_and_escapes_data(cli, workspace):
    result = check(cli, workspace, "--format", "html", "-o", "out/report.html")
    assert result.returncode == 0
    html = (workspace / "out" / "report.html").read_text()
    assert "<b>County</b>" not in html and "Test &lt;b&gt;County&lt;/b&gt; Sheriff" in html
    assert "<script>" not in html
    assert "&amp; &#34;so on&#34;" in html
    assert "<link" not in html and "<script" not in html and "src=" not in html


def test_python_dash_m_matches_the_console_script(workspace):
    import subprocess
    import sys

    args = ["check", "profiles/sheriff.yaml", "--policies", "policies", "--as-of", "2020-01-01", "--format", "json"]
    script = Path(sys.executable).parent / "wso-rules"
    if not script.exists():
        pytest.skip("console script not installed next to this Python")
    by_module = subprocess.run(
        [sys.executable, "-m", "wso_rules", *args], cwd=workspace, capture_output=True, text=True
    )
    by_script = subprocess.run([str(script), *args], cwd=workspace, capture_output=True, text=True)
    assert by_module.stdout == by_script.stdout and by_module.returncode == by_script.returncode == 0


def test_fail_on_exits_1_when_the_verdict_is_listed(cli, workspace):
    assert check(cli, workspace, "--fail-on", "prohibited,undetermined").returncode == 1
    assert check(cli, workspace, "--fail-on", "permitted").returncode == 0


def test_several_profiles_to_a_folder(cli, workspace):
    result = cli("check", "profiles", "--policies", "policies", "--format", "html", "-o", "reports/", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (workspace / "reports").iterdir()) == [
        "us-zz-test-police.html",
        "us-zz-test-sheriff.html",
    ]


@pytest.mark.parametrize("fmt", ["text", "md", "html", "csv", "json"])
def test_compare_every_format(cli, workspace, fmt):
    result = cli(
        "compare", "profiles", "--policies", "policies", "--as-of", "2020-01-01", "--format", fmt, cwd=workspace
    )
    assert result.returncode == 0, result.stderr
    assert "Test" in result.stdout


def test_compare_json_cells_carry_verdicts_and_citations(cli, workspace):
    result = cli(
        "compare", "profiles", "--policies", "policies", "--as-of", "2020-01-01", "--format", "json", cwd=workspace
    )
    rows = {row["agency"]["id"]: row for row in json.loads(result.stdout)["rows"]}
    sheriff = rows["us-zz-test-sheriff"]["cells"][0]
    assert sheriff == {
        "program": "wso",
        "verdict": "prohibited",
        "citations": ["Test Code § 1(a)"],
        "source_urls": ["https://example.org/test-act"],
        "verification": ["verified"],
        "gaps": [],
        "local_basis": SURVEY_NAMED,
        "missing_facts": [],
    }
    assert rows["us-zz-test-police"]["cells"][0]["verdict"] == "permitted"


def test_compare_csv_has_one_row_per_agency_and_program(cli, workspace):
    result = cli("compare", "profiles", "--policies", "policies", "--format", "csv", cwd=workspace)
    assert result.stdout.startswith("\ufeff")  # spreadsheet programs then read UTF-8 (the § signs)
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert len(rows) == 2 * 3
    sheriff_wso = next(r for r in rows if r["agency_id"] == "us-zz-test-sheriff" and r["program"] == "wso")
    assert sheriff_wso["citations"] == "Test Code § 1(a)" and sheriff_wso["as_of"]
    assert sheriff_wso["source_urls"] == "https://example.org/test-act" and sheriff_wso["verification"] == "verified"


@pytest.mark.parametrize(
    "fixture, location, rule",
    [
        ("yaml-syntax/profile-malformed.yaml", ":4:1:", "[yaml-syntax]"),
        ("duplicate-key/profile-duplicate-key.yaml", ":5:1:", "[duplicate-key]"),
        ("unknown-key/profile-unknown-key.yaml", ":6:1:", "[unknown-key]"),
        ("schema/profile-wrong-type.yaml", ":6:16:", "[schema]"),
        ("unsafe-tag/profile-unsafe-tag.yaml", ":2:9:", "[unsafe-tag]"),
        ("unknown-agency-kind/profile-unknown-agency-kind.yaml", ":3:14:", "[unknown-agency-kind]"),
        ("county-fips/profile-county-fips-mismatch.yaml", ":6:14:", "[county-fips]"),
        ("county-fips/profile-county-fips-state.yaml", ":6:14:", "[county-fips]"),
    ],
)
def test_bad_profiles_give_one_located_line_and_exit_2(cli, fixture, location, rule):
    result = cli("check", str(RULE_FIXTURES / fixture))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fixture + location in lines[0] and rule in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_key_suggests_the_nearest_valid_one(cli):
    assert (
        "did you mean 'operates_jail'?"
        in cli("check", str(RULE_FIXTURES / "unknown-key" / "profile-unknown-key.yaml")).stderr
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "no-such-profile.yaml"], "no-such-profile.yaml:1:1: error [missing-file]"),
        (["check", "jurisdictions/us/fl/pinellas-county-sheriff.yaml", "--program", "xyz"], "unknown program 'xyz'"),
        (
            ["check", "jurisdictions/us/fl/pinellas-county-sheriff.yaml", "--as-of", "2019-13-01"],
            "'2019-13-01' is not a date",
        ),
        (
            ["check", "jurisdictions/us/fl/pinellas-county-sheriff.yaml", "--fail-on", "forbidden"],
            "unknown verdict 'forbidden'",
        ),
        (["check", "jurisdictions/us/fl/pinellas-county-sheriff.yaml", "--format", "pdf"], "invalid choice: 'pdf'"),
    ],
)
def test_bad_usage_exits_2_with_a_clear_message(cli, args, message):
    result = cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_law_file_in_the_library_is_located(cli, workspace):
    law = workspace / "policies" / "zz" / "test-act.yaml"
    law.write_text(law.read_text().replace("effect: prohibits", "effect: forbids"))
    result = check(cli, workspace)
    assert result.returncode == 2
    assert "policies/zz/test-act.yaml:12:13: error [schema] provisions.0.effect" in result.stderr


def test_output_ending_in_a_slash_is_a_folder_even_for_one_profile(cli, workspace):
    result = check(cli, workspace, "--format", "md", "-o", "out/")
    assert result.returncode == 0, result.stderr
    assert (workspace / "out" / "us-zz-test-sheriff.md").is_file()
