"""`wso-rules laws`: what the library holds, how much of it is verified, and what is in force."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import gazetteer
from .compiling import law_in_force
from .library import Library
from .models import Law, LawKind, Level
from .output import Style


def _jurisdiction(law: Law) -> str:
    place = law.jurisdiction
    return (
        place.state + (f" / {place.county} County" if place.county else "") + (f" / {place.city}" if place.city else "")
    )


def _last_reviewed(law: Law) -> dt.date | None:
    days = [p.verification.checked_on for p in law.provisions if p.verification.checked_on]
    days += [law.review.reviewed_on] if law.review else []
    return max(days, default=None)


def law_rows(library: Library, today: dt.date) -> list[dict[str, Any]]:
    rows = []
    for law in sorted(
        library.laws, key=lambda law: (law.jurisdiction.state, law.level.value != "state", _jurisdiction(law), law.id)
    ):
        verified = sum(p.verification.status == "verified" for p in law.provisions)
        reviewed = _last_reviewed(law)
        rows.append(
            {
                "jurisdiction": _jurisdiction(law),
                "level": law.level.value,
                "law": law.id,
                "title": law.title,
                "kind": law.kind.value,
                "provisions": len(law.provisions),
                "verified": verified,
                "verified_share": round(verified / len(law.provisions), 3) if law.provisions else None,
                "last_reviewed": reviewed.isoformat() if reviewed else None,
                "effective": law.effective.isoformat(),
                "ends": law.ends.isoformat() if law.ends else None,
                "in_force_today": law_in_force(law, today),
            }
        )
    return rows


def summary(library: Library) -> dict[str, Any]:
    provisions = [p for law in library.laws for p in law.provisions]
    verified = sum(p.verification.status == "verified" for p in provisions)
    states = {law.jurisdiction.state for law in library.laws if law.level is Level.STATE}
    localities = {
        (law.jurisdiction.state, law.level.value, law.jurisdiction.county or law.jurisdiction.city)
        for law in library.laws
        if law.level is not Level.STATE
    }
    return {
        "laws": len(library.laws),
        "no_law_reviews": sum(law.kind is LawKind.NO_LAW for law in library.laws),
        "states_and_dc_covered": len(states & gazetteer.states()),
        "states_and_dc_missing": sorted(gazetteer.states() - states),
        "localities": len(localities),
        "provisions": len(provisions),
        "verified": verified,
        "verified_share": round(verified / len(provisions), 3) if provisions else None,
    }


def laws_document(library: Library, today: dt.date) -> dict[str, Any]:
    """`wso-rules laws` as data: the JSON output, and what the text and Markdown tables show."""
    return {
        "schema": "wso-rules/laws",
        "schema_version": 1,
        "as_of": today.isoformat(),
        "summary": summary(library),
        "laws": law_rows(library, today),
    }


_COLUMNS = ("jurisdiction", "law", "provisions", "verified", "last_reviewed", "in_force_today")


def _footer(totals: dict[str, Any]) -> str:
    share = f"{totals['verified_share']:.0%}" if totals["verified_share"] is not None else "n/a"
    return (
        f"{totals['laws']} laws ({totals['no_law_reviews']} no-law reviews), {totals['states_and_dc_covered']}/51 "
        f"states and DC, {totals['localities']} localities, {totals['provisions']} provisions, {share} verified "
        "against primary text"
    )


def _cells(document: dict[str, Any]) -> list[list[str]]:
    return [[_cell(row[c]) for c in _COLUMNS] for row in document["laws"]]


def markdown(document: dict[str, Any], style: Style) -> str:
    lines = ["| " + " | ".join(_COLUMNS) + " |", "|" + "---|" * len(_COLUMNS)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in _cells(document)]
    return "\n".join(lines) + f"\n\n{_footer(document['summary'])}.\n"


def text(document: dict[str, Any], style: Style) -> str:
    cells = _cells(document)
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(_COLUMNS)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(_COLUMNS, widths))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(line.rstrip() for line in lines) + f"\n\n{_footer(document['summary'])}.\n"


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)
