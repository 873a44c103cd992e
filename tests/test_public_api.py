"""The public face notebooks use stays small and deliberate."""

import datetime as dt
import json
import subprocess
import sys

import pytest
from support import ROOT

import wso_rules


def test_public_names():
    assert sorted(wso_rules.__all__) == sorted(
        [
            "AgencyReport",
            "Assessment",
            "Evaluator",
            "InputError",
            "Law",
            "Library",
            "Problem",
            "Profile",
            "Program",
            "Provision",
            "Situation",
            "Verdict",
            "load_library",
            "load_profile",
            "load_profiles",
            "records",
        ]
    )
    for name in wso_rules.__all__:
        assert hasattr(wso_rules, name)


def test_the_library_imports_its_modules_when_a_name_is_used_and_never_touches_the_collector():
    script = (
        "import gc, sys, wso_rules\n"
        "assert 'wso_rules.evaluation' not in sys.modules\n"
        "wso_rules.Evaluator(wso_rules.load_library())\n"
        "assert 'wso_rules.evaluation' in sys.modules and gc.isenabled() and gc.get_freeze_count() == 0\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)
    with pytest.raises(AttributeError, match="no attribute 'Evaluatr'"):
        wso_rules.Evaluatr  # noqa: B018


@pytest.fixture(scope="module")
def reports():
    library = wso_rules.load_library()
    evaluator = wso_rules.Evaluator(library)
    profiles = wso_rules.load_profiles([ROOT / "jurisdictions" / "us" / "ga"], library)
    return [evaluator.report(profile, ["wso", "jem"], dt.date(2026, 11, 28)) for profile in profiles]


def test_to_dict_is_what_check_prints_as_json(reports):
    report = reports[0]
    printed = subprocess.run(
        [
            sys.executable,
            "-m",
            "wso_rules",
            "check",
            str(ROOT / "jurisdictions" / "us" / "ga" / f"{report.profile.id.removeprefix('us-ga-')}.yaml"),
            "--program",
            "wso,jem",
            "--as-of",
            "2026-11-28",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert printed.returncode == 0, printed.stderr
    expected = json.loads(printed.stdout)
    assert json.loads(report.to_json())["programs"] == expected["programs"] == report.to_dict()["programs"]


def test_records_are_flat_rows_one_per_agency_and_program(reports):
    rows = list(wso_rules.records(reports))
    assert len(rows) == 2 * len(reports) and rows[:2] == reports[0].records()
    for row in rows:
        assert {"agency", "program", "verdict", "citations", "as_of", "source_urls", "verification"} <= set(row)
        assert all(isinstance(v, (str, type(None))) or all(isinstance(x, str) for x in v) for v in row.values())


def test_records_make_a_dataframe(reports):
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(wso_rules.records(reports))
    assert list(frame["program"][:2]) == ["wso", "jem"] and frame.shape[0] == 2 * len(reports)


def test_a_report_shows_itself_as_html_in_a_notebook(reports):
    html = reports[0]._repr_html_()
    assert reports[0].profile.agency.replace("'", "&#39;") in html and "<html" in html
