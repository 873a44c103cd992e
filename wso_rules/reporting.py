"""Reports: the findings turned into one documented data shape per command, and the renderers
of its formats (`output.FORMATS` says which).

`agency_document`, `comparison_document`, `timeline_document` and `export_document` build plain
data once (this is also the JSON output, versioned by `SCHEMA_VERSION`); text, Markdown and HTML
are Jinja templates over that data, CSV a writer over it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import BytecodeCache, Environment

from . import gazetteer
from .findings import (
    ActivityFinding,
    AgencyReport,
    Alternative,
    Assessment,
    LocalBasis,
    Mandate,
    ProvisionFinding,
)
from .library import Library
from .models import ExceptionScope, Profile
from .output import EXTENSIONS, Style
from .timeline import Change
from .verdicts import Verdict
from .version import __version__

SCHEMA_VERSION = 2
DISCLAIMER = (
    "wso-rules is an analytical aid, not legal advice. Laws change and courts interpret them; "
    "confirm every conclusion against the cited primary sources and with counsel."
)

VERDICT_MEANING = {
    Verdict.PROHIBITED: "A binding provision in force forbids an activity this program needs, and no "
    "jurisdiction-level exception lifts it.",
    Verdict.UNDETERMINED: "The library cannot decide: a needed fact is unknown, provisions conflict, or a "
    "level of law that binds the agency is not encoded.",
    Verdict.CONDITIONAL: "Participation is lawful only if the listed conditions hold.",
    Verdict.REQUIRED: "A binding provision obliges the agency to take part in this program (it names it, or it is "
    "the only program open to the agency that meets the duty), and nothing forbids it; any conditions are listed.",
    Verdict.PERMITTED: "Every level of law that binds the agency was encoded and considered; none forbids or "
    "conditions this program, and none requires it in particular (a duty that any of several programs meets is "
    "shown for the agency as a whole).",
}


class _Rendered:
    """Parts already turned into plain data, by the object they came from: agencies in one legal
    situation share their assessments and findings, so a sweep renders each once. The parts are
    shared between documents, which are read, never changed. Bounded; holds each object so its id
    stays its own."""

    def __init__(self, build: Callable[..., dict[str, Any]], size: int = 4096):
        self._build = build
        self._size = size
        self._done: dict[int, tuple[Any, tuple[Any, ...], dict[str, Any]]] = {}

    def __call__(self, part: Any, *extra: Any) -> dict[str, Any]:
        """`part` as plain data; `extra` (compared by value) are the other arguments of the build."""
        done = self._done.get(id(part))
        if done is None or done[0] is not part or done[1] != extra:
            if len(self._done) >= self._size:
                del self._done[next(iter(self._done))]
            done = self._done[id(part)] = (part, extra, self._build(part, *extra))
        return done[2]


def _provision(finding: ProvisionFinding) -> dict[str, Any]:
    provision, law = finding.provision, finding.law
    lifted = {e.id for e in finding.lifted_by}
    return {
        "key": finding.key,
        "law": law.id,
        "law_title": law.title,
        "level": law.level.value,
        "citation": provision.citation,
        "excerpt": " ".join(provision.excerpt.split()),
        "effect": provision.effect.value,
        "activities": list(provision.activities),
        "status": finding.status.value if finding.status else None,
        "applies": finding.applies.value,
        "reason": finding.reason,
        "source_url": provision.source_url or law.source_url,
        "effective": (provision.effective or law.effective).isoformat(),
        "ends": _iso(provision.ends or law.ends),
        "verification": {
            "status": provision.verification.status,
            "url": provision.verification.url,
            "checked_on": _iso(provision.verification.checked_on),
            "note": provision.verification.note,
        },
        "preempted": bool(finding.preempted_by),
        "preempted_by": list(finding.preempted_by),
        "exceptions": [
            {"id": e.id, "scope": e.scope.value, "description": e.description, "applied": e.id in lifted}
            for e in provision.exceptions
        ],
        "case_level_exceptions_only": bool(finding.case_exceptions)
        and all(e.scope is ExceptionScope.CASE for e in provision.exceptions),
        "open_conditions": list(finding.open_conditions),
        "missing_facts": list(finding.missing_facts),
        "dispute": provision.dispute,
    }


_provision_data = _Rendered(_provision)


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def _activity(activity: ActivityFinding) -> dict[str, Any]:
    counted = [f for f in activity.provisions if f.status is not None or f.preempted_by]
    return {
        "activity": activity.activity,
        "label": activity.label,
        "status": activity.status.value,
        "provisions": [f.key for f in counted],
        "citations": list(dict.fromkeys(f.provision.citation for f in counted)),
    }


_activity_data = _Rendered(_activity)


def _assessment(assessment: Assessment, alternatives: Sequence[Alternative] = ()) -> dict[str, Any]:
    shown = [f for a in assessment.activities for f in a.provisions if f.status is not None or f.preempted_by]
    unique = {f.key: f for f in shown}
    return {
        "program": assessment.program.id,
        "name": assessment.program.name,
        "verdict": assessment.verdict.value,
        "meaning": VERDICT_MEANING[assessment.verdict],
        "deciding": [_provision_data(f) for f in assessment.deciding],
        "activities": [_activity_data(a) for a in assessment.activities],
        "provisions": [_provision_data(f) for f in unique.values()],
        "conditions": sorted({c for f in unique.values() for c in f.open_conditions}),
        "conflicts": [
            {
                "prohibiting": c.prohibiting.key,
                "requiring": c.requiring.key,
                "activity": c.activity,
                "message": c.describe(),
            }
            for c in assessment.conflicts
        ],
        "gaps": [{"level": g.level, "message": g.message} for g in assessment.gaps],
        "local_basis": _local_basis(assessment.local_basis),
        "missing_facts": list(assessment.missing_facts),
        "would_decide": [
            {
                "fact": a.fact,
                "value": a.value,
                "verdict": a.verdict.value,
                "citations": list(a.citations),
                "message": a.describe(),
            }
            for a in alternatives
            if a.program == assessment.program.id
        ],
        "not_applicable": [
            {"key": f.key, "citation": f.provision.citation, "reason": f.reason} for f in assessment.not_applicable
        ],
    }


_assessment_data = _Rendered(_assessment)


def _missing_fact(name: str, library: Library | None) -> dict[str, Any]:
    """A fact the decision needs, in words, and how to supply it."""
    definition = library.fact(name) if library else None
    kind = definition.type.value if definition else "value"
    example = {"boolean": "true", "integer": "1000"}.get(kind) or (
        definition.values[0] if definition and definition.values else "..."
    )
    if name in Profile.model_fields:
        how = f"set `{name}: {example}` in the profile"
        if name == "operates_jail":
            how += " (or pass `--operates-jail` or `--no-operates-jail`)"
    else:
        how = f"add `facts: {{{name}: {example}}}` to the profile, or assume it with `--fact {name}={example}`"
    described = definition.description.rstrip(".") if definition else name
    return {"fact": name, "description": described, "type": kind, "how": how}


def _programs_decided(report: AgencyReport) -> dict[str, list[str]]:
    """Provision key -> the programs it decides in this report, so each excerpt is shown once."""
    decided: dict[str, list[str]] = {}
    for assessment in report.assessments:
        for finding in assessment.deciding:
            programs = decided.setdefault(finding.key, [])
            if assessment.program.id not in programs:
                programs.append(assessment.program.id)
    return decided


def _mandate(mandate: Mandate) -> dict[str, Any]:
    return {
        "duty": mandate.duty.value,
        "programs": list(mandate.programs),
        "provision": mandate.finding.key,
        "citation": mandate.finding.provision.citation,
        "message": mandate.describe(),
    }


def _local_basis(basis: LocalBasis | None) -> dict[str, Any] | None:
    """How the agency's local level was decided without a law file of its own: the survey and the
    state preemption it rests on."""
    if basis is None:
        return None
    survey, locality = basis.survey, basis.locality
    return {
        "level": basis.level,
        "place": basis.place,
        "message": basis.message,
        "survey": None
        if survey is None
        else {
            "id": survey.id,
            "reviewed_on": survey.reviewed_on.isoformat(),
            "covers_from": survey.covers_from.isoformat(),
            "covers_until": _iso(survey.covers_until),
            "sources": [
                {"id": s.id, "title": s.title, "url": s.url, "speaks_for": s.speaks_for.isoformat(), "scope": s.scope}
                for s in survey.sources
            ],
        },
        "locality": None
        if locality is None
        else {
            "named_by": list(locality.named_by),
            "resolution": locality.resolution.value,
            "note": locality.note,
            "source_url": locality.source_url,
        },
        "preempted_by": list(basis.preempted_by),
        "preempted_activities": list(basis.preempted_activities),
    }


def _agency(profile: Profile, library: Library) -> dict[str, Any]:
    """Who the agency is, as every document names it."""
    return {
        "id": profile.id,
        "name": profile.agency,
        "kind": profile.agency_kind,
        "kind_label": library.agency_kind(profile.agency_kind).label,
        "state": profile.state,
        "county": profile.county,
        "county_name": gazetteer.full_name(profile.state, profile.county, profile.county_fips)
        if profile.county
        else None,
        "city": profile.city,
    }


def _law(law: Any) -> dict[str, Any]:
    return {
        "id": law.id,
        "title": law.title,
        "kind": law.kind.value,
        "level": law.level.value,
        "jurisdiction": {key: value for key, value in vars(law.jurisdiction).items() if value is not None},
        "effective": law.effective.isoformat(),
        "ends": _iso(law.ends),
        "source_url": law.source_url,
    }


_law_data = _Rendered(_law)


def agency_document(report: AgencyReport, library: Library, assumptions: Sequence[str] = ()) -> dict[str, Any]:
    """The whole report for one agency as plain data: the JSON output and every template's input.
    `assumptions` are the what-if overlays the report rests on, shown in every format."""
    profile = report.profile
    laws = {law.id: law for a in report.assessments for law in a.laws_considered}
    engines = sorted({a.engine for a in report.assessments})
    return {
        "schema": "wso-rules/report",
        "schema_version": SCHEMA_VERSION,
        "generated_by": {"tool": "wso-rules", "version": __version__, "engine": ", ".join(engines)},
        "as_of": report.as_of.isoformat(),
        "agency": {
            **_agency(profile, library),
            "county_fips": profile.county_fips,
            "operates_jail": profile.operates_jail,
            "agreements_287g": [
                {
                    "program": a.program,
                    "signed": a.signed.isoformat(),
                    "ended": _iso(a.ended),
                    "activities": a.activities,
                    "source_url": a.source_url,
                    "note": a.note,
                }
                for a in profile.agreements_287g
            ],
        },
        "alerts": [
            {"program": a.program, "signed": a.signed.isoformat(), "verdict": a.verdict.value, "message": a.message}
            for a in report.alerts
        ],
        "mandates": [_mandate(m) for m in report.mandates],
        "assumptions": list(assumptions),
        "programs": [_assessment_data(a, tuple(report.alternatives)) for a in report.assessments],
        "provisions_decide": _programs_decided(report),
        "missing_facts_explained": {
            name: _missing_fact(name, library) for a in report.assessments for name in a.missing_facts
        },
        "laws_considered": [_law_data(law) for law in laws.values()],
        "disclaimer": DISCLAIMER,
    }


def comparison_document(
    reports: Iterable[AgencyReport], library: Library, assumptions: Sequence[str] = ()
) -> dict[str, Any]:
    """Several agencies side by side: one row per agency, one cell per program."""
    reports = list(reports)
    programs = [a.program for a in reports[0].assessments] if reports else []
    return {
        "schema": "wso-rules/comparison",
        "schema_version": SCHEMA_VERSION,
        "generated_by": {
            "tool": "wso-rules",
            "version": __version__,
            "engine": ", ".join(sorted({a.engine for r in reports for a in r.assessments})),
        },
        "as_of": reports[0].as_of.isoformat() if reports else None,
        "programs": [{"program": p.id, "name": p.name} for p in programs],
        "assumptions": list(assumptions),
        "rows": [
            {
                "agency": _agency(r.profile, library),
                "alerts": [a.message for a in r.alerts],
                "mandates": [m.describe() for m in r.mandates],
                "cells": [
                    {
                        "program": a.program.id,
                        "verdict": a.verdict.value,
                        "citations": list(dict.fromkeys(f.provision.citation for f in a.deciding)),
                        "source_urls": _source_urls(a.deciding),
                        "verification": _verification(a.deciding),
                        "gaps": [g.message for g in a.gaps],
                        "local_basis": a.local_basis.message if a.local_basis else None,
                        "missing_facts": list(a.missing_facts),
                    }
                    for a in r.assessments
                ],
            }
            for r in reports
        ],
        "disclaimer": DISCLAIMER,
    }


TEMPLATE_FILTERS = {
    "cell": lambda text: str(text).replace("|", "\\|").replace("\n", " "),
    "upper_verdict": lambda verdict: verdict.upper(),
    "sentence": lambda text: text[:1].upper() + text[1:],
}
"""The filters the report templates use (the site's environment registers them too)."""


@cache
def _environment() -> Environment:
    """The templates, loaded on first use (JSON and CSV never import jinja2). Compiled templates
    are kept (`compiled_templates`), unless WSO_RULES_CACHE=0."""
    if os.environ.get("WSO_RULES_CACHE", "1") == "0":
        return _templates(None)
    from .compiled_templates import TemplateCache

    return _templates(TemplateCache())


def precompile_templates() -> None:
    """Compile every report template into the prebuilt compiled templates (the wheel build and an
    editable install run this)."""
    from .compiled_templates import PREBUILT, TemplateCache

    PREBUILT.mkdir(parents=True, exist_ok=True)
    environment = _templates(TemplateCache(PREBUILT, prebuilt=None))
    for name in environment.list_templates(filter_func=lambda name: not name.startswith("init/")):
        environment.get_template(name)  # init/ holds the files `wso-rules init` copies, not templates


def _templates(bytecode_cache: BytecodeCache | None) -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(
        loader=PackageLoader("wso_rules", "templates"),
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache,
    )
    environment.filters.update(TEMPLATE_FILTERS)
    return environment


def _colour(enabled: bool) -> dict[str, str]:
    codes = {"prohibited": "31", "undetermined": "35", "conditional": "33", "required": "34", "permitted": "32"}
    return {name: (f"\033[1;{code}m" if enabled else "") for name, code in codes.items()} | {
        "reset": "\033[0m" if enabled else ""
    }


COLOUR_CHOICES = ("auto", "always", "never")


def wants_colour(stream: Any = None, choice: str = "auto") -> bool:
    """`always`/`never` as asked; `auto` colours a terminal unless NO_COLOR is set, and anything
    when FORCE_COLOR is (see no-color.org and force-color.org)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


_TEMPLATES = {"wso-rules/report": "report", "wso-rules/comparison": "compare", "wso-rules/timeline": "timeline"}


def templated(fmt: str) -> Callable[[dict[str, Any], Style], str]:
    """The renderer of a templated format: the document's template for that format's extension."""

    def render(document: dict[str, Any], style: Style) -> str:
        template = _environment().get_template(f"{_TEMPLATES[document['schema']]}.{EXTENSIONS[fmt]}.j2")
        return template.render(doc=document, colour=_colour(style.colour and fmt == "text"))

    return render


def timeline_document(
    profile: Profile,
    changes: Sequence[Change],
    start: dt.date,
    end: dt.date,
    library: Library,
    assumptions: Sequence[str] = (),
) -> dict[str, Any]:
    """An agency's timeline: each day a program's verdict or the agency's duty changes."""
    return {
        "schema": "wso-rules/timeline",
        "schema_version": SCHEMA_VERSION,
        "generated_by": {"tool": "wso-rules", "version": __version__},
        "agency": _agency(profile, library),
        "from": start.isoformat(),
        "to": end.isoformat(),
        "assumptions": list(assumptions),
        "changes": [
            {
                "program": c.program,
                "date": c.day.isoformat(),
                "before": c.before.value if c.before else None,
                "after": c.after.value,
                "deciding": list(c.deciding),
                "duties": list(c.duties),
                "events": list(c.events),
            }
            for c in changes
        ],
        "disclaimer": DISCLAIMER,
    }


def export_document(
    reports: Iterable[AgencyReport], library: Library, assumptions: Sequence[str] = ()
) -> dict[str, Any]:
    """Bulk data: one row per agency x program x date, with what decided it and how sure it is."""
    rows = list(records(reports))
    return {
        "schema": "wso-rules/export",
        "schema_version": SCHEMA_VERSION,
        "generated_by": {"tool": "wso-rules", "version": __version__},
        "assumptions": list(assumptions),
        "rows": rows,
        "disclaimer": DISCLAIMER,
    }


def records(reports: Iterable[AgencyReport]) -> Iterator[dict[str, Any]]:
    """Flat rows, one per agency x program x date: the `export` rows, and what `pandas.DataFrame` takes."""
    for report in reports:
        profile = report.profile
        for a in report.assessments:
            deciding = _unique_findings(a.deciding)
            yield {
                "agency_id": profile.id,
                "agency": profile.agency,
                "state": profile.state,
                "county": profile.county,
                "city": profile.city,
                "program": a.program.id,
                "as_of": a.as_of.isoformat(),
                "verdict": a.verdict.value,
                "citations": [f.provision.citation for f in deciding],
                "source_urls": _source_urls(deciding),
                "verification": _verification(deciding),
                "local_basis": a.local_basis.message if a.local_basis else None,
                "gaps": [g.message for g in a.gaps],
                "missing_facts": list(a.missing_facts),
                "mandates": [m.describe() for m in report.mandates],
            }


def _source_urls(findings: Iterable[ProvisionFinding]) -> list[str]:
    return list(dict.fromkeys(f.provision.source_url or f.law.source_url for f in findings))


def _verification(findings: Iterable[ProvisionFinding]) -> list[str]:
    """Each deciding provision's verification status, in citation order."""
    return [f.provision.verification.status for f in _unique_findings(findings)]


def _unique_findings(findings: Iterable[ProvisionFinding]) -> list[ProvisionFinding]:
    return list({f.key: f for f in findings}.values())


def export_csv(document: dict[str, Any], style: Style) -> str:
    """One row per agency x program x date, with the what-if assumptions on each."""
    columns = [c for c in document["rows"][0]] if document["rows"] else ["agency_id"]
    assumptions = "; ".join(document["assumptions"])
    return _csv(
        [*columns, "assumptions"], ([*(_csv_cell(row[c]) for c in columns), assumptions] for row in document["rows"])
    )


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV in UTF-8 with a byte-order mark, so spreadsheet programs read the section signs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def _csv_cell(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


_MARKERS = ("- ", "!! ", ">> ", "== ")
_TABLE_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")


def wrap(text: str, width: int) -> str:
    """Text folded to `width` columns; a continuation is indented under the text of its line (past a
    list marker), and URLs and citations are never split."""
    width = max(width, 40)
    lines = []
    for line in text.split("\n"):
        body = line.lstrip(" ")
        if len(line) <= width or not body:
            lines.append(line)
            continue
        indent = " " * (len(line) - len(body))
        marker = next((m for m in _MARKERS if body.startswith(m)), "")
        column = _TABLE_GAP.search(body)  # a table row continues under its second column
        hanging = column.end() if column and not marker else len(marker)
        lines += textwrap.wrap(
            body,
            width,
            initial_indent=indent,
            subsequent_indent=indent + " " * hanging,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return "\n".join(lines)


_COMPARISON_COLUMNS = (
    "agency_id",
    "agency",
    "state",
    "county",
    "city",
    "program",
    "as_of",
    "verdict",
    "citations",
    "source_urls",
    "verification",
    "gaps",
    "mandates",
    "local_basis",
)


def comparison_csv(document: dict[str, Any], style: Style) -> str:
    """One row per agency and program, with each decision's sources and how they were verified."""
    rows = (
        [
            row["agency"]["id"],
            row["agency"]["name"],
            row["agency"]["state"],
            row["agency"]["county"] or "",
            row["agency"]["city"] or "",
            cell["program"],
            document["as_of"],
            cell["verdict"],
            *(_csv_cell(cell[key]) for key in ("citations", "source_urls", "verification", "gaps")),
            _csv_cell(row["mandates"]),
            cell["local_basis"] or "",
        ]
        for row in document["rows"]
        for cell in row["cells"]
    )
    return _csv(_COMPARISON_COLUMNS, rows)
