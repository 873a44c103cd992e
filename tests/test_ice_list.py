"""benchmarks/ice_list.py run as a user runs it, on small sheets written here (none of ICE's data)."""

import subprocess
import sys

import pytest
from support import ROOT

HEADER = ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED", "MOA"]
ROWS = [
    [
        "DELAWARE",
        "Kent County Sheriff's Office",
        "County",
        "Kent County",
        "Warrant Service Officer",
        "2025-03-01",
        "link",
    ],
    ["GEORGIA", "Cobb County Sheriff's Office", "County", "Cobb County", "Jail Enforcement Model", "6/72025", "link"],
    ["NORTH CAROLINA", "Nowhere County Sheriff's Office", "County", "Nowhere County", "Task Force Model", "", ""],
]


def _run(*args):
    command = [sys.executable, str(ROOT / "benchmarks" / "ice_list.py"), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


def _csv(path):
    lines = ["A title line above the header", *(",".join(row) for row in [HEADER, *ROWS])]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_each_row_is_read_evaluated_on_its_signing_date_and_later_and_the_unreadable_one_reported(tmp_path):
    result = _run(_csv(tmp_path / "sheet.csv"), "--no-profiles")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "rows read 3, mapped 2, could not map 1" in out
    assert "not mapped: NORTH CAROLINA | Nowhere County Sheriff's Office" in out
    assert "no county named 'Nowhere County' in NC" in out
    signed, later = out.split("As of each row's signing date: 2 rows", 1)[1].split("As of 2026-12-01: 2 rows")
    # Delaware's 287(g) ban took effect after the sheriff's (made-up) 2025 signing date.
    assert "WSO  (1) permitted 1" in signed
    assert "WSO  (1) prohibited 1" in later


def test_explain_writes_every_prohibited_row_with_its_citations_and_the_command(tmp_path):
    target = tmp_path / "list.md"
    result = _run(_csv(tmp_path / "sheet.csv"), "--no-profiles", "--explain", target)
    assert result.returncode == 0, result.stderr
    text = target.read_text()
    assert "`sheet.csv`" in text and "python benchmarks/ice_list.py sheet.csv --no-profiles" in text
    (row,) = [line for line in text.splitlines() if line.startswith("| Kent County Sheriff's Office")]
    assert "| DE | sheriff | WSO | 2025-03-01 | 2026-12-01 | prohibited |" in row
    assert "Del. C." in row


def test_an_xlsx_sheet_reads_like_its_csv_export(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in [HEADER, *ROWS]:
        book.active.append(row)
    book.save(tmp_path / "sheet.xlsx")
    from_xlsx = _run(tmp_path / "sheet.xlsx", "--no-profiles")
    from_csv = _run(_csv(tmp_path / "sheet.csv"), "--no-profiles")
    assert from_xlsx.returncode == 0, from_xlsx.stderr
    assert from_xlsx.stdout == from_csv.stdout


def test_a_sheet_without_the_expected_header_is_refused_with_its_path(tmp_path):
    sheet = tmp_path / "other.csv"
    sheet.write_text("NAME,ADDRESS\nsomeone,somewhere\n")
    result = _run(sheet)
    assert result.returncode != 0
    assert "other.csv: no header row naming STATE" in result.stderr
