"""An agency described on the command line: the profile is built from the gazetteer, as a user runs it."""

import json
import shutil
from pathlib import Path

import pytest
from builders import write
from support import ROOT

LAW = """\
id: ga-test-act
title: Test Act
kind: statute
level: state
jurisdiction: {state: GA}
effective: 2018-01-01
source_url: https://example.org/test-act
provisions:
  - id: no-287g
    citation: Test Code § 1
    excerpt: No sheriff shall enter into an agreement under 8 U.S.C. 1357(g).
    effect: prohibits
    activities: [enter_287g_agreement]
    binds: [sheriff]
    applies_if: {fact: operates_jail, equals: true}
    verification: {status: verified, url: "https://example.org/code", checked_on: 2026-11-28}
"""

SURVEY = """\
id: ga-local-survey
survey_of: GA
reviewed_on: 2026-11-28
covers_from: 2025-05-29
sources:
  - {id: dhs-2025-05-29, title: a list, url: "https://example.org/l", speaks_for: 2025-05-29, scope: national}
  - {id: state-2025, title: a report, url: "https://example.org/r", speaks_for: 2025-06-01, scope: state}
"""


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    write(tmp_path / "policies" / "ga" / "test-act.yaml", LAW)
    write(tmp_path / "policies" / "ga" / "local-survey.yaml", SURVEY)
    shutil.copy(ROOT / "policies" / "catalogue.yaml", tmp_path / "policies" / "catalogue.yaml")
    return tmp_path


def adhoc(cli, library_dir, command, *args):
    return cli(command, "--policies", "policies", "--as-of", "2026-01-01", *args, cwd=library_dir)


def test_a_county_agency_described_on_the_command_line_is_evaluated(cli, library_dir):
    args = ("--state", "GA", "--county", "fulton county", "--kind", "sheriff", "--operates-jail", "--format", "json")
    result = adhoc(cli, library_dir, "check", *args)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["agency"]["id"] == "adhoc-ga-fulton-sheriff"
    assert (document["agency"]["county"], document["agency"]["county_fips"]) == ("Fulton", "13121")
    wso = document["programs"][0]
    assert wso["verdict"] == "prohibited"
    assert "no county-level law of Fulton, GA found in sources dhs-2025-05-29" in wso["local_basis"]["message"]


def test_an_unknown_jail_fact_stays_unknown_unless_given(cli, library_dir):
    unknown = adhoc(cli, library_dir, "check", "--fips", "13121", "--kind", "sheriff", "--format", "json")
    assert json.loads(unknown.stdout)["programs"][0]["verdict"] == "undetermined"
    without = adhoc(cli, library_dir, "check", "--fips", "13121", "--kind", "sheriff", "--no-operates-jail")
    assert "PERMITTED" in without.stdout


def test_a_misspelt_county_exits_2_with_a_suggestion(cli, library_dir):
    result = adhoc(cli, library_dir, "check", "--state", "GA", "--county", "Fultn", "--kind", "sheriff")
    assert result.returncode == 2
    assert "no county named 'Fultn' in GA; did you mean Fulton?" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--state", "GA", "--county", "Fulton"], "--kind is needed"),
        (["--state", "GA", "--county", "Fulton", "--kind", "sherif"], "unknown agency kind 'sherif'"),
        (["--fips", "99999", "--kind", "sheriff"], "no county has FIPS code '99999'"),
        (["--state", "GA", "--fips", "51059", "--kind", "sheriff"], "FIPS 51059 is Fairfax County, VA, not in GA"),
        (["--state", "GA", "--fips", "13067", "--county", "Fulton", "--kind", "sheriff"], "13067 is Cobb County"),
        (["--state", "GA", "--kind", "city_police"], "needs --city"),
        ([], "give PROFILE files or describe an agency"),
    ],
)
def test_contradictory_or_incomplete_descriptions_exit_2(cli, library_dir, args, message):
    result = adhoc(cli, library_dir, "check", *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_a_virginia_independent_city_is_not_the_county_of_its_name(cli, library_dir):
    city = adhoc(
        cli, library_dir, "check", "--state", "VA", "--city", "Fairfax", "--kind", "city_police", "--format", "json"
    )
    county = adhoc(
        cli, library_dir, "check", "--state", "VA", "--county", "Fairfax", "--kind", "sheriff", "--format", "json"
    )
    assert json.loads(city.stdout)["agency"]["county_fips"] == "51600"
    assert json.loads(county.stdout)["agency"]["county_fips"] == "51059"


def test_compare_takes_a_described_agency_with_profile_files(cli, library_dir):
    write(
        library_dir / "profiles" / "cobb.yaml",
        "id: us-ga-cobb-sheriff\nagency: Cobb Sheriff\nagency_kind: sheriff\nstate: GA\ncounty: Cobb\n"
        'county_fips: "13067"\noperates_jail: true\n',
    )
    args = (
        "profiles",
        "--state",
        "GA",
        "--county",
        "Fulton",
        "--kind",
        "sheriff",
        "--format",
        "csv",
        "--program",
        "wso",
    )
    result = adhoc(cli, library_dir, "compare", *args)
    assert result.returncode == 0, result.stderr
    rows = result.stdout.strip().splitlines()[1:]
    assert [row.split(",")[0] for row in rows] == ["us-ga-cobb-sheriff", "adhoc-ga-fulton-sheriff"]
