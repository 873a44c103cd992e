"""An agency described on the command line (state, county or city, kind) rather than in a file.

The profile is built in memory with id `adhoc-...`; its county is resolved through the gazetteer,
so a misspelt name fails with suggestions instead of silently finding no local law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import gazetteer
from .library import Library
from .models import Level, Profile


class AdhocError(ValueError):
    """A description of an agency that names no county, or contradicts itself."""


@dataclass(frozen=True)
class AdhocAgency:
    """What the user said about the agency; None for what they did not say."""

    state: str | None = None
    county: str | None = None
    city: str | None = None
    fips: str | None = None
    kind: str | None = None
    operates_jail: bool | None = None

    @property
    def given(self) -> bool:
        return any(v is not None for v in (self.state, self.county, self.city, self.fips, self.kind))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _county(agency: AdhocAgency, state: str) -> gazetteer.County | None:
    """The county the description names (by FIPS, by name, or an independent city by its name)."""
    try:
        by_code = gazetteer.by_fips(agency.fips) if agency.fips else None
        if by_code is not None and by_code.state != state:
            raise AdhocError(f"FIPS {by_code.fips} is {by_code.name}, {by_code.state}, not in {state}")
        by_name = gazetteer.lookup(state, agency.county) if agency.county else None
    except gazetteer.NoSuchCounty as error:
        raise AdhocError(str(error)) from None
    if by_code and by_name and by_code.fips != by_name.fips:
        raise AdhocError(
            f"FIPS {by_code.fips} is {by_code.name}, but --county {agency.county!r} is {by_name.name} ({by_name.fips})"
        )
    found = by_code or by_name
    if found is None and agency.city:
        try:
            city = gazetteer.lookup(state, agency.city, prefer_city=True)
        except gazetteer.NoSuchCounty:
            return None
        return city if city.kind == gazetteer.INDEPENDENT_CITY else None
    return found


def profile(agency: AdhocAgency, library: Library) -> Profile:
    """The in-memory profile of the described agency; AdhocError says what is wrong with it."""
    kinds = {k.id: k for k in library.catalogue.agency_kinds}
    if agency.kind is None:
        raise AdhocError(f"--kind is needed to describe an agency; one of {', '.join(kinds)}")
    if agency.kind not in kinds:
        raise AdhocError(f"unknown agency kind {agency.kind!r}; known: {', '.join(sorted(kinds))}")
    state = (agency.state or (gazetteer.by_fips(agency.fips).state if _known_fips(agency.fips) else "")).upper()
    if not state:
        raise AdhocError("--state is needed (or a --fips code, which implies it)")
    county = _county(agency, state)
    kind = kinds[agency.kind]
    if kind.level is Level.CITY and not agency.city:
        raise AdhocError(f"a {kind.label.lower()} needs --city")
    place = agency.city if kind.level is Level.CITY else county.short_name if county else None
    data = {
        "id": "adhoc-" + "-".join(_slug(part) for part in (state, place or "state", agency.kind)),
        "agency": f"Ad hoc {agency.kind.replace('_', ' ')}: {_where(county, agency.city, kind.level)}, {state}",
        "agency_kind": agency.kind,
        "state": state,
        "county": county.short_name if county else None,
        "county_fips": county.fips if county else None,
        "city": agency.city,
        "operates_jail": agency.operates_jail,
        "note": "Described on the command line (ad hoc), not read from a profile file.",
    }
    return Profile.model_validate({k: v for k, v in data.items() if v is not None})


def _where(county: gazetteer.County | None, city: str | None, level: Level) -> str:
    if level is Level.CITY or county is None:
        return city or "statewide"
    return county.name


def _known_fips(fips: str | None) -> bool:
    if fips is None:
        return False
    try:
        gazetteer.by_fips(fips)
    except gazetteer.NoSuchCounty as error:
        raise AdhocError(str(error)) from None
    return True
