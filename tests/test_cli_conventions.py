"""Conventions users expect from a command-line tool, each run as a user runs it."""

import json

import pytest
from support import ROOT

COBB = "jurisdictions/us/ga/cobb-county-sheriff.yaml"
FULTON = "jurisdictions/us/ga/fulton-county-sheriff.yaml"


def test_version(cli):
    result = cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("wso-rules 0.")


def test_help_documents_the_exit_status(cli):
    result = cli("--help")
    assert "exit status:" in result.stdout and "--fail-on" in result.stdout


@pytest.mark.parametrize("program", ["WSO", "wso,JEM", "All"])
def test_program_ids_ignore_case_and_take_lists(cli, program):
    result = cli("check", COBB, "--program", program, "--format", "json")
    assert result.returncode == 0, result.stderr
    programs = [p["program"] for p in json.loads(result.stdout)["programs"]]
    assert programs == {"WSO": ["wso"], "wso,JEM": ["wso", "jem"], "All": ["wso", "jem", "tfm"]}[program]


def test_several_reports_to_a_file_name_are_refused(cli, tmp_path):
    result = cli("check", COBB, FULTON, "-o", str(tmp_path / "ny.txt"))
    assert result.returncode == 2 and "2 reports need a folder" in result.stderr
    assert not (tmp_path / "ny.txt").exists()


def test_several_reports_go_to_an_existing_folder(cli, tmp_path):
    result = cli("check", COBB, FULTON, "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "us-ga-cobb-county-sheriff.txt",
        "us-ga-fulton-county-sheriff.txt",
    ]


def test_fail_on_names_what_tripped_it(cli):
    result = cli(
        "check", COBB, "--program", "all", "--fail-on", "permitted,required,conditional,prohibited,undetermined"
    )
    assert result.returncode == 1
    assert "wso-rules: --fail-on: Cobb County Sheriff's Office (us-ga-cobb-county-sheriff): wso " in result.stderr


def test_schema_prints_to_stdout_and_writes_only_where_told(cli, tmp_path):
    bundled = {p: p.read_text() for p in (ROOT / "schemas").iterdir()}
    printed = cli("schema", "profile")
    assert printed.returncode == 0 and json.loads(printed.stdout)["$id"].endswith("profile.schema.json")
    everything = json.loads(cli("schema").stdout)
    assert set(everything) == {"law.schema.json", "profile.schema.json", "catalogue.schema.json", "survey.schema.json"}
    written = cli("schema", "-o", str(tmp_path / "s"), "--reference", str(tmp_path / "ref.md"))
    assert written.returncode == 0 and len(list((tmp_path / "s").iterdir())) == 4 and (tmp_path / "ref.md").is_file()
    assert {p: p.read_text() for p in (ROOT / "schemas").iterdir()} == bundled


@pytest.mark.parametrize(
    "args, env, coloured",
    [
        (["--color", "always"], {}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ([], {}, False),  # not a terminal
    ],
)
def test_colour_follows_the_option_then_no_color_and_force_color(cli_env, args, env, coloured):
    result = cli_env(env, "check", COBB, *args)
    assert result.returncode == 0 and ("\033[" in result.stdout) is coloured


@pytest.mark.parametrize("env, github", [({"GITHUB_ACTIONS": "true"}, True), ({}, False)])
def test_validate_format_auto_speaks_github_under_actions(cli_env, tmp_path, env, github):
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / COBB).read_text().replace("agency_kind: sheriff", "agency_kind: sherif"))
    result = cli_env(env, "validate", str(bad))
    assert result.returncode == 1 and result.stdout.startswith("::error file=") is github, result.stdout
