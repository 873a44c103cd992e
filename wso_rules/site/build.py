"""`wso-rules site`: every agency's cited report, the states, the laws and a county map, as static files.

The site is plain HTML, CSS and a small script, with relative links only, so it works from
`file://` and from any static host, with no network at view time. Everything from data reaches
the pages through Jinja's autoescaping, and each page through `terminal.safe` (as every report: no
control or bidirectional character of the data survives; the templates hold none).

Pages: `index.html` (the map and the county table), `agencies.html`, `states.html`, `laws.html`,
`agency/<id>.html`, `state/<xx>.html`, `law/<id>.html`, and `data/verdicts.{csv,json}`.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from .. import gazetteer, listing, output, reporting, terminal
from ..evaluation import Evaluator
from ..files import OutputError, reason
from ..findings import AgencyReport
from ..library import Library
from ..models import Law, Level, Profile
from ..timeline import timeline
from ..verdicts import PRECEDENCE, Verdict
from ..version import __version__
from . import topology

SPLIT_COUNTIES = {"02261": ("02063", "02066")}
"""Map shapes of the 2017 geography that are several counties of the 2020 list (data/README.md)."""
_RANK = {verdict.value: index for index, verdict in enumerate(PRECEDENCE)}
"""A verdict's place in the precedence, for sorting a table by verdict (most decisive first)."""
STATIC_FILES = {
    "report.css": ("wso_rules", "templates/_report.css"),
    "site.css": ("wso_rules.site", "static/site.css"),
    "site.js": ("wso_rules.site", "static/site.js"),
}
"""The files under `assets/`, and the package file each is copied from (the report's style is shared)."""


@dataclass(frozen=True)
class Agency:
    """One agency of the site as the map, tables and downloads need it once its page is written: the
    report itself is not kept, as thousands of them would hold every finding in memory."""

    profile: Profile
    generated: bool
    verdicts: dict[str, str]
    citations: dict[str, list[str]]
    laws: tuple[str, ...]
    mandated: bool
    export_rows: list[dict[str, Any]]

    @classmethod
    def of(cls, report: AgencyReport, generated: bool, library: Library) -> Agency:
        """The summary of a report: per program its verdict and deciding citations, the laws that
        decide any program, whether a duty binds the agency, and its rows of the bulk export."""
        return cls(
            report.profile,
            generated,
            {a.program.id: a.verdict.value for a in report.assessments},
            {a.program.id: list(dict.fromkeys(f.provision.citation for f in a.deciding)) for a in report.assessments},
            tuple(dict.fromkeys(f.law.id for a in report.assessments for f in a.deciding)),
            bool(report.mandates),
            reporting.export_document([report], library)["rows"],
        )

    @property
    def page(self) -> str:
        return f"agency/{self.profile.id}.html"


@dataclass
class Built:
    """What was written, for the command's summary line."""

    output: Path
    agencies: int
    counties: int
    states: int
    laws: int
    files: int


@cache
def _environment() -> Environment:
    """The site's templates first, then the reports': the site's `_base.html.j2` takes the place of
    the standalone one, so an agency page is the `check --format html` report inside the site's frame."""
    environment = Environment(
        loader=ChoiceLoader([PackageLoader("wso_rules.site", "templates"), PackageLoader("wso_rules", "templates")]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(reporting.TEMPLATE_FILTERS)
    return environment


def county_agencies(profiles: Sequence[Profile], generated: set[str]) -> dict[str, Profile]:
    """Each current county's sheriff: a bundled profile of that county's sheriff where one exists,
    else the one generated from the gazetteer."""
    current = {county.fips for county in gazetteer.current()}
    chosen: dict[str, Profile] = {}
    for profile in sorted(profiles, key=lambda p: (p.id in generated, p.id)):
        fips = _fips_of(profile)
        if profile.agency_kind == "sheriff" and fips in current and fips not in chosen:
            chosen[fips] = profile
    return chosen


def _fips_of(profile: Profile) -> str | None:
    if profile.county_fips:
        return profile.county_fips
    if profile.county is None:
        return None
    try:
        return gazetteer.lookup(profile.state, profile.county).fips
    except gazetteer.NoSuchCounty:
        return None


def build(
    output: Path,
    library: Library,
    evaluator: Evaluator,
    profiles: Sequence[Profile],
    generated: set[str],
    as_of: dt.date,
    assumptions: Sequence[str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> Built:
    """Write the site for `profiles` (those whose id is in `generated` were made from the gazetteer:
    one is kept only where no bundled profile is that county's sheriff) as of `as_of`."""
    by_county = county_agencies(profiles, generated)
    kept = [p for p in profiles if p.id not in generated or by_county.get(p.county_fips or "") is p]
    programs = list(library.program_ids)
    writer = _Writer(output, library, as_of, list(assumptions))
    agencies: list[Agency] = []
    start = library.catalogue.coverage_from
    end = max(as_of, start)
    for index, profile in enumerate(kept, 1):
        report = evaluator.report(profile, programs, as_of)
        agency = Agency.of(report, profile.id in generated, library)
        agencies.append(agency)
        changes = timeline(evaluator, profile, programs, start, end)
        writer.agency(agency, report, reporting.timeline_document(profile, changes, start, end, library, assumptions))
        if progress:
            progress(index, len(kept))
    counties = {fips: next(a for a in agencies if a.profile is p) for fips, p in by_county.items()}
    writer.index(counties)
    writer.agencies(agencies)
    states = writer.states(agencies)
    laws = writer.laws(agencies)
    writer.downloads(agencies)
    writer.static()
    return Built(output, len(agencies), len(counties), states, laws, writer.count)


def _counts(agencies: Iterable[Agency], programs: Sequence[str]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {program: Counter() for program in programs}
    for agency in agencies:
        for program, verdict in agency.verdicts.items():
            counts[program][verdict] += 1
    return counts


def _row(agency: Agency, root: str) -> dict[str, Any]:
    """One table row: the agency and, per program, its verdict and deciding citations."""
    profile = agency.profile
    return {
        "name": profile.agency,
        "href": root + agency.page,
        "state": profile.state,
        "county": profile.county or "",
        "city": profile.city or "",
        "kind": profile.agency_kind,
        "generated": agency.generated,
        "cells": {
            program: {"verdict": verdict, "rank": _RANK[verdict], "citations": agency.citations[program]}
            for program, verdict in agency.verdicts.items()
        },
    }


class _Writer:
    """Renders and writes the pages; every page gets the site's date, programs and assumptions."""

    def __init__(self, output: Path, library: Library, as_of: dt.date, assumptions: list[str]):
        self.output, self.library, self.as_of, self.assumptions = output, library, as_of, assumptions
        self.count = 0
        self.summaries = {
            row["law"]: row | {"injunctions": len(library.law(row["law"]).injunctions)}
            for row in listing.law_rows(library, as_of)
        }
        self.site = {
            "as_of": as_of.isoformat(),
            "assumptions": assumptions,
            "disclaimer": reporting.DISCLAIMER,
            "version": __version__,
            "programs": [{"id": p.id, "name": p.name} for p in library.catalogue.programs],
            "verdicts": [{"id": v.value, "meaning": reporting.VERDICT_MEANING[v]} for v in Verdict],
        }

    def page(self, path: str, template: str, **context: Any) -> None:
        """Render a page straight into its file, piece by piece (the home page is megabytes)."""
        root = "../" * path.count("/")
        pieces = _environment().get_template(template).generate(site=self.site, root=root, **context)
        self.write(path, (terminal.safe(piece) for piece in pieces))

    def write(self, path: str, pieces: Iterable[str]) -> None:
        target = self.output / path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8", errors="backslashreplace") as stream:
                stream.writelines(pieces)
        except OSError as error:
            raise OutputError(f"cannot write {target}: {reason(error)}") from None
        self.count += 1

    def agency(self, agency: Agency, report: AgencyReport, timeline_doc: dict[str, Any]) -> None:
        document = reporting.agency_document(report, self.library, self.assumptions)
        self.page(
            agency.page,
            "agency.html.j2",
            doc=document,
            timeline=timeline_doc,
            note=agency.profile.note,
            generated=agency.generated,
        )

    def index(self, counties: dict[str, Agency]) -> None:
        shapes = []
        for shape in topology.shapes("counties"):
            members = [counties[f] for f in SPLIT_COUNTIES.get(shape.fips, (shape.fips,)) if f in counties]
            shapes.append(_shape(shape, members))
        rows = [_row(a, "") for a in sorted(counties.values(), key=lambda a: (a.profile.state, a.profile.agency))]
        counts = _counts(counties.values(), self.site_programs)
        self.page(
            "index.html",
            "index.html.j2",
            shapes=shapes,
            states=[s.path for s in topology.shapes("states")],
            width=topology.WIDTH,
            height=topology.HEIGHT,
            rows=rows,
            counts={program: dict(counter) for program, counter in counts.items()},
            split=[
                {"old": gazetteer.by_fips(old).name, "new": [gazetteer.by_fips(f).name for f in new]}
                for old, new in SPLIT_COUNTIES.items()
            ],
            mandated=sum(a.mandated for a in counties.values()),
        )

    @property
    def site_programs(self) -> list[str]:
        return [p["id"] for p in self.site["programs"]]

    def agencies(self, agencies: list[Agency]) -> None:
        rows = [_row(a, "") for a in sorted(agencies, key=lambda a: (a.profile.state, a.generated, a.profile.agency))]
        self.page("agencies.html", "agencies.html.j2", rows=rows)

    def states(self, agencies: list[Agency]) -> int:
        by_state: dict[str, list[Agency]] = defaultdict(list)
        for agency in agencies:
            by_state[agency.profile.state].append(agency)
        laws_by_state: dict[str, list[Law]] = defaultdict(list)
        for law in self.library.laws:
            laws_by_state[law.jurisdiction.state].append(law)
        states = sorted(set(by_state) | set(laws_by_state))
        summaries = []
        for state in states:
            laws = sorted(laws_by_state[state], key=lambda law: (law.level is not Level.STATE, law.id))
            rows = [_row(a, "../") for a in sorted(by_state[state], key=lambda a: (a.generated, a.profile.agency))]
            surveys = [_survey(s) for s in self.library.surveys if s.survey_of == state]
            self.page(
                f"state/{state.lower()}.html",
                "state.html.j2",
                state=state,
                laws=[self.summaries[law.id] for law in laws],
                surveys=surveys,
                rows=rows,
            )
            summaries.append({"state": state, "laws": len(laws), "agencies": len(rows), "surveys": len(surveys)})
        self.page("states.html", "states.html.j2", states=summaries)
        return len(states)

    def laws(self, agencies: list[Agency]) -> int:
        decided: dict[str, list[Agency]] = defaultdict(list)
        for agency in agencies:
            for law_id in agency.laws:
                decided[law_id].append(agency)
        for law in self.library.laws:
            rows = [_row(a, "../") for a in sorted(decided[law.id], key=lambda a: (a.profile.state, a.profile.agency))]
            self.page(f"law/{law.id}.html", "law.html.j2", law=_law_detail(law, self.summaries[law.id]), rows=rows)
        summary = [row | {"decides": len(decided[law_id])} for law_id, row in self.summaries.items()]
        self.page("laws.html", "laws.html.j2", laws=summary, totals=listing.summary(self.library))
        return len(self.library.laws)

    def downloads(self, agencies: list[Agency]) -> None:
        document = reporting.export_document([], self.library, self.assumptions)
        document["rows"] = [row for agency in agencies for row in agency.export_rows]
        self.write("data/verdicts.csv", [output.render(document, "csv")])
        self.write("data/verdicts.json", [output.render(document, "json")])

    def static(self) -> None:
        for name, (package, path) in STATIC_FILES.items():
            source = resources.files(package)
            for part in path.split("/"):
                source = source.joinpath(part)
            self.write(f"assets/{name}", [source.read_text(encoding="utf-8")])


def _shape(shape: topology.Shape, members: list[Agency]) -> dict[str, Any]:
    """A county's shape on the map: its link, label and verdict per program. A shape that stands for
    several counties links to their state's list and is `mixed` where they disagree; one with no
    agency evaluated has no verdict."""
    county = gazetteer.by_fips(shape.fips)
    verdicts: dict[str, str] = {}
    for agency in members:
        for program, verdict in agency.verdicts.items():
            verdicts[program] = verdict if verdicts.get(program, verdict) == verdict else "mixed"
    successors = [gazetteer.by_fips(fips).name for fips in SPLIT_COUNTIES.get(shape.fips, ())]
    name = f"{county.name} (since 2019: {' and '.join(successors)})" if successors else county.name
    href = members[0].page if len(members) == 1 else f"state/{county.state.lower()}.html#agencies"
    return {
        "fips": shape.fips,
        "path": shape.path,
        "name": f"{name}, {county.state}",
        "href": href,
        "verdicts": verdicts,
    }


def _survey(survey: Any) -> dict[str, Any]:
    return {
        "id": survey.id,
        "reviewed_on": survey.reviewed_on.isoformat(),
        "covers_from": survey.covers_from.isoformat(),
        "covers_until": survey.covers_until.isoformat() if survey.covers_until else None,
        "note": survey.note,
        "sources": [
            {"id": s.id, "title": s.title, "url": s.url, "speaks_for": s.speaks_for.isoformat(), "scope": s.scope}
            for s in survey.sources
        ],
        "localities": [
            {
                "place": f"{place.county} County" if place.county else place.city,
                "named_by": list(place.named_by),
                "resolution": place.resolution.value,
                "laws": list(place.laws),
                "date": place.date.isoformat() if place.date else None,
                "note": place.note,
                "source_url": place.source_url,
            }
            for place in survey.localities
        ],
    }


def _law_detail(law: Law, summary: dict[str, Any]) -> dict[str, Any]:
    """A law as its page shows it: every provision with its words, dates, sources and how sure they are."""
    return summary | {
        "state": law.jurisdiction.state,
        "source_url": law.source_url,
        "note": law.note,
        "review": None
        if law.review is None
        else {
            "reviewed_on": law.review.reviewed_on.isoformat(),
            "note": law.review.note,
            "sources": [{"title": s.title, "url": s.url} for s in law.review.sources_checked],
        },
        "injunctions_list": [
            {
                "court": i.court,
                "case": i.case,
                "effective": i.effective.isoformat(),
                "ends": i.ends.isoformat() if i.ends else None,
                "provisions": i.provisions,
                "source_url": i.source_url,
            }
            for i in law.injunctions
        ],
        "provisions_list": [
            {
                "id": p.id,
                "citation": p.citation,
                "excerpt": " ".join(p.excerpt.split()),
                "effect": p.effect.value,
                "activities": list(p.activities),
                "binds": p.binds if isinstance(p.binds, str) else list(p.binds),
                "effective": (p.effective or law.effective).isoformat(),
                "ends": (p.ends or law.ends).isoformat() if (p.ends or law.ends) else None,
                "source_url": p.source_url or law.source_url,
                "verification": p.verification.model_dump(mode="json"),
                "exceptions": [{"scope": e.scope.value, "description": e.description} for e in p.exceptions],
                "conditions": list(p.conditions),
                "dispute": p.dispute,
                "preempts": bool(p.preempts),
            }
            for p in law.provisions
        ],
    }


def tty_progress(stream: Any = None) -> Callable[[int, int], None] | None:
    """A progress line on a terminal's stderr (none when it is not a terminal)."""
    stream = stream or sys.stderr
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return None

    def show(done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            stream.write(f"\rsite: {done}/{total} agencies" + ("\n" if done == total else ""))
            stream.flush()

    return show
