"""An agency's kind and place, read from how a list names it ("Cobb County Sheriff's Office", "Apopka
Police Department", "Florida Department of Corrections").

ICE's list of 287(g) participants gives each agency a name, a state, a rough type ("County",
"Municipality", "State Agency", often wrong for police departments) and sometimes a county. The
name is the better witness: it says the kind (sheriff, police, jail, constable...) and, for a city
police department, the city. The county comes from the list's county column when it has one, else
from the name; it is resolved through the gazetteer, forgiving one close misspelling ("Flagere" for
Flagler) but never guessing between several. A name this module cannot read raises `Unreadable`
with the reason, so a caller can report the row instead of evaluating a wrong profile.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import gazetteer
from .models import Catalogue, Level, Profile, Program

STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
    "connecticut": "CT", "delaware": "DE", "district of columbia": "DC", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS",
    "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD", "massachusetts": "MA",
    "michigan": "MI", "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM",
    "new york": "NY", "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
    "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
}  # fmt: skip
JAIL_KINDS = frozenset({"sheriff", "county_corrections", "regional_jail", "city_corrections", "state_corrections"})
"""Kinds assumed to run a jail (a sheriff usually runs the county jail, as benchmarks/national.py assumes)."""
JAIL_PROGRAMS = frozenset({"wso", "jem"})
"""Programs that run inside the agency's own jail: an agency that signed one runs a jail."""
_PARENTHESES = re.compile(r"\([^)]*\)")
_BLANK = {"", "n/a", "#n/a", "#na", "na", "none", "-"}
_COUNTY_IN_NAME = re.compile(r"^(?:.*? of )?(?P<county>.+?) (?:county|parish)\b", re.I)
_STATE_OFFICE = (
    r"department|division|office|bureau|state|national|highway|military|alcohol|attorney|law enforcement|gaming"
)
_CITY_SUFFIX = re.compile(
    r"\s+(?:police(?:\s+services)?(?:\s+dep[a-z]*\.?|\s+bureau|\s+division)?|pd|"
    r"(?:department\s+of\s+)?public\s+safety(?:\s+department)?|marshal'?s?(?:\s+office)?)$",
    re.I,
)
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bsheriff", "sheriff"),
    (r"\bconstab|\bconstbal", "constable"),
    (r"\bdistrict attorney|\bprosecut", "district_attorney"),
    (r"\battorney general|\bdepartment of justice\b", "state_agency"),
    (r"\buniversity|\bcollege\b|\bboard of trustees\b", "university_police"),
    (r"\bairport|\bport authority|\baviation\b", "airport_port_police"),
    (r"\b(?:regional|district)\s+jail|\bjail authority|\bregional detention", "regional_jail"),
    (r"\bstate police|\bhighway patrol|\bstate patrol", "state_police"),
)
"""Words that settle the kind whatever the level, tried in order (a port authority's police is not a city's)."""
_CITY_PREFIX = re.compile(r"^(?:city|town|village|borough)\s+of\s+", re.I)


class Unreadable(ValueError):
    """A row this module cannot turn into a profile; the message says why."""


@dataclass(frozen=True)
class NameReading:
    """What a name says about an agency: its kind, and the county or city it names (if any)."""

    kind: str
    county: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class ListedAgency:
    """One row of a list of 287(g) participants, as printed."""

    state: str
    agency: str
    listed_type: str | None
    county: str | None
    support_type: str
    signed: dt.date | None


@dataclass(frozen=True)
class MappedAgency:
    """A row read into a profile, with the program it signed and what the reading had to forgive."""

    row: ListedAgency
    profile: Profile
    program: str
    notes: tuple[str, ...] = ()


def blank(text: str | None) -> bool:
    """The list's ways of saying nothing ("#N/A", "N/A", "")."""
    return text is None or text.strip().lower() in _BLANK


def state_code(text: str) -> str:
    cleaned = " ".join(text.split()).lower()
    if cleaned.upper() in STATES.values():
        return cleaned.upper()
    if cleaned not in STATES:
        raise Unreadable(f"state {text!r} is not a US state or DC")
    return STATES[cleaned]


def program_of(support_type: str, programs: Sequence[Program]) -> str:
    """The program id of a support type ("Task Force Model ", "WSO"): the catalogue's id, or its
    name without the abbreviation ("Warrant Service Officer (WSO)" -> "warrant service officer")."""
    spellings = {program.id: program.id for program in programs}
    spellings |= {_PARENTHESES.sub("", program.name).strip().lower(): program.id for program in programs}
    cleaned = " ".join(support_type.split()).lower()
    if cleaned not in spellings:
        names = ", ".join(s for s in spellings if s not in {p.id for p in programs})
        raise Unreadable(f"support type {support_type!r} is none of {names}")
    return spellings[cleaned]


def _is_state_level(words: str, state: str, listed_type: str) -> bool:
    """Named as the state's own ("Louisiana Alcohol and Tobacco Control"), or listed as a state agency."""
    state_name = next((name for name, code in STATES.items() if code == state), "")
    prefixed = re.match(rf"^{re.escape(state_name)} (?:{_STATE_OFFICE})\b", words) is not None
    return prefixed or listed_type == "state agency"


def read_name(name: str, state: str, listed_type: str | None = None) -> NameReading:
    """The kind and place an agency's name says; Unreadable when it says no kind this reader knows.
    `listed_type` ("County", "Municipality", "State Agency") breaks ties the name leaves open."""
    text = " ".join(name.replace("’", "'").split())
    words = text.lower()
    county_match = _COUNTY_IN_NAME.match(text)
    county = county_match.group("county") if county_match else None
    for pattern, kind in _KIND_WORDS:
        if re.search(pattern, words):
            return NameReading(kind, county)
    listed = (listed_type or "").strip().lower()
    if county is None and _is_state_level(words, state, listed):
        if re.search(r"\bcorrection|\bdoc\b", words):
            return NameReading("state_corrections")
        if re.search(r"\bdepartment of (?:public )?safety\b", words):
            return NameReading("state_police")
        return NameReading("state_agency")
    metropolitan = "metropolitan police" in words  # a county-wide merged force (Las Vegas Metropolitan)
    if county is not None or (listed == "county" and (metropolitan or not _CITY_SUFFIX.search(text))):
        if re.search(r"\bjail|\bdetention|\bcorrection|\bcriminal justice authority|\bcommissioners\b", words):
            return NameReading("county_corrections", county)
        if re.search(r"\bpolice\b", words):
            return NameReading("county_police", county)
    if re.search(r"\bjail|\bcorrection", words):
        place = re.sub(r"\s+(?:jail|dep.*|division.*)$", "", text, flags=re.I)
        return NameReading("city_corrections", city=_city(place))
    if _CITY_SUFFIX.search(text):
        return NameReading("city_police", city=_city(_CITY_SUFFIX.sub("", text)))
    raise Unreadable(f"the name {name!r} says no agency kind this reader knows")


def _city(text: str) -> str | None:
    """The city a name says; None for a regional force, which serves several."""
    city = _CITY_PREFIX.sub("", text).strip(" ,")
    if re.search(r"\bregional\b", city, re.I):
        return None
    city = re.sub(r"\s+borough$", "", city, flags=re.I)
    return city or None


def resolve_county(state: str, name: str) -> tuple[gazetteer.County, str | None]:
    """The county `name` means, and a note when it was read through one close misspelling."""
    try:
        return gazetteer.lookup(state, name.strip()), None
    except gazetteer.NoSuchCounty as error:
        close = [s for s in error.suggestions if _similar(name, s)]
        if len(close) != 1:
            raise Unreadable(str(error)) from None
        county = gazetteer.lookup(state, close[0])
        return county, f"county {name.strip()!r} read as {county.name}"


def _similar(written: str, known: str) -> bool:
    stem = re.sub(r"\s+(county|parish)$", "", written.strip(), flags=re.I).lower()
    return difflib.SequenceMatcher(None, stem, known.lower()).ratio() >= 0.8


def _county(
    state: str, listed: str | None, reading: NameReading, level: Level
) -> tuple[gazetteer.County | None, list[str]]:
    """The agency's county: the list's county column, else the county its name says. A county the
    gazetteer does not know is fatal for a county agency but only noted for a city's or the state's,
    which no county ordinance binds (the list sometimes names a neighbouring state's county)."""
    written = [text for text in (None if blank(listed) else listed, reading.county) if text]
    if level is Level.STATE or not written:
        return None, []
    failure = None
    for text in dict.fromkeys(written):
        try:
            county, note = resolve_county(state, text)
        except Unreadable as error:
            failure = failure or error
            continue
        notes = [note] if note else []
        if text != written[0]:
            notes.append(f"county column {written[0]!r}: {failure}; the name's county used")
        return county, notes
    if level is Level.CITY:
        return None, [f"county column ignored: {failure}"]
    raise failure


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def map_row(row: ListedAgency, catalogue: Catalogue) -> MappedAgency:
    """The row's profile and program, in the catalogue's vocabulary; Unreadable names what could
    not be read."""
    kinds = {kind.id: kind.level for kind in catalogue.agency_kinds}
    state = state_code(row.state)
    program = program_of(row.support_type, catalogue.programs)
    reading = read_name(row.agency, state, row.listed_type)
    if reading.kind not in kinds:
        raise Unreadable(f"agency kind {reading.kind!r} is not in the catalogue")
    county, notes = _county(state, row.county, reading, kinds[reading.kind])
    operates_jail = True if reading.kind in JAIL_KINDS or program in JAIL_PROGRAMS else None
    data = {
        "id": f"ice-{state.lower()}-{_slug(row.agency)}",
        "agency": " ".join(row.agency.split()),
        "agency_kind": reading.kind,
        "state": state,
        "county": county.short_name if county else None,
        "county_fips": county.fips if county else None,
        "city": reading.city,
        "operates_jail": operates_jail,
    }
    profile = Profile.model_validate({k: v for k, v in data.items() if v is not None})
    return MappedAgency(row, profile, program, tuple(notes))
