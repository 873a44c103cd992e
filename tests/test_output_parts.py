"""The small parts that output at scale rests on: display paths, XML escaping, JSON for files."""

import json
import os
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from wso_rules.output import render
from wso_rules.problem_formats import validation_document
from wso_rules.problems import Problem, display_path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "jurisdictions" / "us" / "fl" / "pinellas-county-sheriff.yaml"


def test_display_path_is_relative_to_the_working_folder_when_the_file_is_under_it(tmp_path, monkeypatch):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path / "real")
    assert display_path(tmp_path / "real" / "x.yaml") == "x.yaml"
    assert display_path(tmp_path / "link" / "x.yaml") == "x.yaml"  # links followed, as Path.resolve does
    assert display_path(Path("sub/x.yaml")) == "sub/x.yaml"
    assert display_path(Path("../real/x.yaml")) == "x.yaml"
    assert display_path(tmp_path / "elsewhere.yaml") == str(tmp_path / "elsewhere.yaml")


def test_junit_escapes_markup_quotes_and_line_breaks():
    message = 'a <b> & "c"\nsecond line\tand a tab'
    tree = ElementTree.fromstring(render(validation_document([Problem("f&<.yaml", 1, 2, "schema", message)]), "junit"))
    case = tree.find(".//testcase")
    failure = case.find("failure")
    assert case.get("classname") == "f&<.yaml"
    assert failure.get("message") == message
    assert message in failure.text


def test_json_written_to_a_file_is_compact_ascii_and_the_same_data_as_on_standard_output(cli, tmp_path):
    printed = cli("check", str(PROFILE), "--format", "json", "--as-of", "2026-11-28")
    written = cli("check", str(PROFILE), "--format", "json", "--as-of", "2026-11-28", "-o", str(tmp_path / "r.json"))
    assert printed.returncode == written.returncode == 0
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert "\n" not in text.rstrip("\n") and text.isascii()  # compact, and nothing to sanitise
    assert json.loads(text) == json.loads(printed.stdout)


def test_check_into_a_folder_writes_one_report_per_agency(cli, tmp_path):
    folder = PROFILE.parent
    result = cli("check", str(folder), "--format", "json", "--as-of", "2026-11-28", "-o", f"{tmp_path}/out{os.sep}")
    assert result.returncode in (0, 1)
    written = sorted(p.stem for p in (tmp_path / "out").iterdir())
    profiles = sorted(json.loads(p.read_text())["agency"]["id"] for p in (tmp_path / "out").iterdir())
    assert written == profiles and len(written) == len(list(folder.glob("*.yaml")))
