"""ICE's list of 287(g) participating agencies, each row evaluated as of its own signing date.

Run: python benchmarks/ice_list.py SHEET [--as-of 2026-12-01] [--explain docs/ice-287g-list.md]

SHEET is the participating-agencies sheet from ICE's 287(g) page, as downloaded (.xlsx, read with
openpyxl from the `test` extra) or exported to CSV. Each row (state, agency name, type, county,
support type, signed date) is read into an in-memory profile by `wso_rules.agency_names`; where
the library has a curated profile of the same agency (jurisdictions/), that profile is used
instead. The row is evaluated for its own program as of the date it was signed and as of each
--as-of date. Printed: rows read, rows that could not be read (and why), and per program the
verdicts and why the undetermined ones are undetermined. --explain writes a Markdown table of
every prohibited and undetermined row with the deciding citations and the gaps.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import hashlib
import re
import shlex
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from wso_rules import Evaluator, Verdict, load_library
from wso_rules.agency_names import ListedAgency, MappedAgency, Unreadable, map_row
from wso_rules.findings import Assessment
from wso_rules.library import Library
from wso_rules.loading import load_profiles
from wso_rules.models import Profile
from wso_rules.tally import reasons, undetermined_counts, verdict_counts

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATES = (dt.date(2026, 12, 1),)
COLUMNS = {
    "state": ("state",),
    "agency": ("law enforcement agency", "agency", "agency name"),
    "listed_type": ("type", "agency type"),
    "county": ("county",),
    "support_type": ("support type", "model", "program"),
    "signed": ("signed", "date signed", "signed date"),
}
EXPLAINED = (Verdict.PROHIBITED, Verdict.UNDETERMINED)


@dataclass(frozen=True)
class Evaluated:
    mapped: MappedAgency
    as_of: dt.date
    assessment: Assessment


def _cells(path: Path) -> list[list[object]]:
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return [list(row) for row in csv.reader(handle)]
    try:
        import openpyxl
    except ImportError:
        sys.exit("reading .xlsx needs openpyxl (pip install -e '.[test]'), or export the sheet to CSV")
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if squashed := re.fullmatch(r"(\d{1,2})/(\d{1,2})/?(\d{4})", text):
        month, day, year = map(int, squashed.groups())
        return dt.date(year, month, day)
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%m.%d.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _header(row: Sequence[object]) -> dict[str, int] | None:
    """Column positions when `row` is the header (it names at least a state and an agency)."""
    names = [_text(cell).lower() for cell in row]
    found = {field: names.index(alias) for field, aliases in COLUMNS.items() for alias in aliases if alias in names}
    return found if {"state", "agency", "support_type"} <= found.keys() else None


def read_rows(path: Path) -> list[ListedAgency]:
    """Every agency row of the sheet, below its header (repeated headers and blank rows skipped)."""
    cells = _cells(path)
    start, columns = next(((i, h) for i, row in enumerate(cells) if (h := _header(row))), (None, None))
    if columns is None:
        sys.exit(f"{path}: no header row naming STATE, LAW ENFORCEMENT AGENCY and SUPPORT TYPE")

    def cell(row: Sequence[object], field: str) -> object:
        index = columns.get(field)
        return row[index] if index is not None and index < len(row) else None

    rows = []
    for row in cells[start + 1 :]:
        if _header(row) or not _text(cell(row, "agency")):
            continue
        rows.append(
            ListedAgency(
                state=_text(cell(row, "state")),
                agency=_text(cell(row, "agency")),
                listed_type=_text(cell(row, "listed_type")) or None,
                county=_text(cell(row, "county")) or None,
                support_type=_text(cell(row, "support_type")),
                signed=_date(cell(row, "signed")),
            )
        )
    return rows


def _name_key(state: str, agency: str) -> tuple[str, str]:
    """Two spellings of one agency's name ("Broward Sheriff's Office", "Broward County Sheriff's Office")."""
    ignored = {"county", "parish", "office", "department", "dept", "the", "of", "s"}
    words = re.findall(r"[a-z0-9]+", agency.lower().replace("'s", ""))
    return state, " ".join(w for w in words if w not in ignored)


def curated(library: Library, folder: Path | None) -> dict[tuple[str, str], Profile]:
    if folder is None:
        return {}
    return {_name_key(p.state, p.agency): p for p in load_profiles([folder], library)}


def map_rows(
    rows: Iterable[ListedAgency], library: Library, known: dict[tuple[str, str], Profile]
) -> tuple[list[MappedAgency], list[tuple[ListedAgency, str]]]:
    mapped, unread = [], []
    for row in rows:
        try:
            agency = map_row(row, library.catalogue)
        except Unreadable as error:
            unread.append((row, str(error)))
            continue
        profile = known.get(_name_key(agency.profile.state, agency.profile.agency))
        if profile is not None:
            agency = replace(agency, profile=profile, notes=(*agency.notes, f"curated profile {profile.id}"))
        mapped.append(agency)
    return mapped, unread


def evaluate(evaluator: Evaluator, mapped: Iterable[MappedAgency], day: dt.date | None) -> list[Evaluated]:
    """Each row for its own program, as of `day` (None: as of the row's signing date)."""
    done = []
    for agency in mapped:
        as_of = day or agency.row.signed
        if as_of is not None:
            report = evaluator.report(agency.profile, [agency.program], as_of)
            done.append(Evaluated(agency, as_of, report.assessments[0]))
    return done


def summary(title: str, evaluated: list[Evaluated], programs: Sequence[str]) -> list[str]:
    lines = [f"{title}: {len(evaluated)} rows"]
    for program in programs:
        assessments = [e.assessment for e in evaluated if e.mapped.program == program]
        if not assessments:
            continue
        lines.append(f"  {program.upper():4} ({len(assessments)}) {verdict_counts(assessments)}")
        if why := undetermined_counts(assessments):
            lines.append(f"       undetermined because: {why}")
    by_state = collections.Counter(
        e.mapped.profile.state for e in evaluated if e.assessment.verdict is Verdict.UNDETERMINED
    )
    if by_state:
        lines.append("  undetermined by state: " + ", ".join(f"{s} {n}" for s, n in sorted(by_state.items())))
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def why(assessment: Assessment) -> str:
    """The deciding citations, then what is missing, in one table cell."""
    parts = [f.provision.citation for f in assessment.deciding]
    parts += [f"gap ({gap.level}): {gap.message}" for gap in assessment.gaps]
    parts += [f"missing fact: {fact}" for fact in assessment.missing_facts]
    parts += [f"conflict: {conflict.describe()}" for conflict in assessment.conflicts]
    return "; ".join(dict.fromkeys(parts))


def table(title: str, evaluated: list[Evaluated]) -> list[str]:
    shown = [e for e in evaluated if e.assessment.verdict in EXPLAINED]
    lines = [f"## {title}", ""]
    if not shown:
        return [*lines, "No row is prohibited or undetermined.", ""]
    lines += [
        "| agency | state | kind | program | signed | as of | verdict | why |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    order = sorted(shown, key=lambda e: (e.assessment.verdict.value, e.mapped.profile.state, e.mapped.profile.agency))
    for e in order:
        p, a = e.mapped.profile, e.assessment
        signed = e.mapped.row.signed.isoformat() if e.mapped.row.signed else ""
        reason = why(a) + (f" ({', '.join(reasons(a))})" if a.verdict is Verdict.UNDETERMINED else "")
        program = e.mapped.program.upper()
        cells = (p.agency, p.state, p.agency_kind, program, signed, str(e.as_of), a.verdict.value, reason)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return [*lines, ""]


def laws_behind(evaluated: Iterable[Evaluated]) -> list[str]:
    """Each provision that decided a prohibited row, with its law, operative words and source."""
    deciding = {
        f.provision.citation: f
        for e in evaluated
        if e.assessment.verdict is Verdict.PROHIBITED
        for f in e.assessment.deciding
    }
    lines = ["## The provisions behind the prohibited rows", ""]
    for citation, f in sorted(deciding.items()):
        url = f.provision.source_url or f.law.source_url
        status = f.provision.verification.status
        lines.append(f'- **{citation}** ({f.law.title}; {status}): "{" ".join(f.provision.excerpt.split())}" <{url}>')
    return [*lines, ""] if deciding else []


def explain(
    path: Path, sheet: Path, command: str, sections: list[tuple[str, list[Evaluated]]], head: list[str], note: str
) -> None:
    digest = hashlib.sha256(sheet.read_bytes()).hexdigest()[:16]
    lines = [
        "# ICE's 287(g) participants, evaluated",
        "",
        f"Generated from the sheet `{sheet.name}` (sha256 {digest}...){note} by `{command}`;",
        "do not edit by hand. The sheet is ICE's list of participating agencies; the verdicts, kinds",
        "and citations are this library's reading of it (see docs/verdicts.md). Each row is evaluated",
        "for its own program, as of the date ICE lists it as signed and as of each later date shown.",
        "",
        "```",
        *head,
        "```",
        "",
    ]
    for title, evaluated in sections:
        lines += table(title, evaluated)
    lines += laws_behind(e for _, evaluated in sections for e in evaluated)
    path.write_text("\n".join(lines))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sheet", type=Path, help="participating-agencies sheet (.xlsx or .csv)")
    parser.add_argument("--as-of", nargs="*", type=dt.date.fromisoformat, default=list(DEFAULT_DATES), metavar="DATE")
    parser.add_argument("--profiles", type=Path, default=ROOT / "jurisdictions", help="curated profiles to prefer")
    parser.add_argument("--no-profiles", action="store_true", help="read every row from its name alone")
    parser.add_argument("--explain", type=Path, metavar="MARKDOWN", help="write the prohibited and undetermined rows")
    parser.add_argument("--sheet-note", default="", help="where the sheet came from, for the --explain header")
    args = parser.parse_args(argv)
    library = load_library()
    rows = read_rows(args.sheet)
    mapped, unread = map_rows(rows, library, curated(library, None if args.no_profiles else args.profiles))
    head = [f"rows read {len(rows)}, mapped {len(mapped)}, could not map {len(unread)}"]
    head += [f"  not mapped: {row.state} | {row.agency} | {row.county or ''}: {reason}" for row, reason in unread]
    head += [f"  note: {a.profile.state} | {a.row.agency}: {'; '.join(a.notes)}" for a in mapped if a.notes]
    head += [f"  no signing date: {a.profile.state} | {a.row.agency}" for a in mapped if a.row.signed is None]
    evaluator = Evaluator(library)
    programs = library.program_ids
    sections = [("As of each row's signing date", evaluate(evaluator, mapped, None))]
    sections += [(f"As of {day}", evaluate(evaluator, mapped, day)) for day in args.as_of]
    for title, evaluated in sections:
        head += summary(title, evaluated, programs)
    print("\n".join(head))
    if args.explain:
        shown = ["python benchmarks/ice_list.py", args.sheet.name, *(["--no-profiles"] if args.no_profiles else [])]
        shown += ["--as-of", *map(str, args.as_of), "--explain", str(args.explain)]
        shown += ["--sheet-note", shlex.quote(args.sheet_note)] if args.sheet_note else []
        note = f", {args.sheet_note}," if args.sheet_note else ""
        explain(args.explain, args.sheet, " ".join(shown), sections, head, note)


if __name__ == "__main__":
    main()
