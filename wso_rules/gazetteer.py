"""Every US county and county equivalent, by FIPS code and by name, forgiving of how people write them.

Names are matched after normalising case, punctuation, "Saint"/"St." and the kind words ("County",
"Parish", "Borough", "Census Area", "City and Borough", "Municipality", "Planning Region"). Where a
Virginia (or Maryland, Missouri) independent city shares its name with a county, the county wins
unless the name says city ("Fairfax city", "City of Fairfax") or the caller prefers cities. The data
is `data/counties.csv` (see data/README.md for its source).
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

CURRENT = "2020"
"""The geography whose counties make up the national list (3,143 of them)."""
INDEPENDENT_CITY = "independent_city"
_KIND_WORDS = (
    "city and borough",
    "census area",
    "planning region",
    "municipality",
    "borough",
    "parish",
    "county",
)


class County(NamedTuple):
    """A county or county equivalent as the Census names it (a tuple: 3,200 of them are built on
    every run that reads a FIPS code, ten times faster than a frozen dataclass)."""

    state: str
    fips: str
    name: str
    kind: str
    geography: str

    @property
    def short_name(self) -> str:
        """The name as the library spells places: without "County", "Parish", "Borough" and the like;
        an independent city keeps "city" only where a county of the same name exists."""
        stem = _strip_kind(self.name)
        if self.kind == INDEPENDENT_CITY:
            base = stem.removesuffix(" city")
            shared = any(c.kind != INDEPENDENT_CITY for c in _named(self.state).get(_key(base), ()))
            return stem if shared else base
        return stem


class NoSuchCounty(LookupError):
    """A name or code that matches no county; `suggestions` holds close names."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        self.suggestions = suggestions


def _strip_kind(name: str) -> str:
    for word in _KIND_WORDS:
        if name.lower().endswith(" " + word):
            return name[: -len(word) - 1]
    return name


_CITY_OF = re.compile(r"\bcity of\b")
_APOSTROPHES = re.compile(r"['’]")
_PUNCTUATION = re.compile(r"[.,\-]")
_SAINT = re.compile(r"\bsaint\b")
_SAINTE = re.compile(r"\bsainte\b|\bste\b")


def _key(name: str) -> str:
    """Case, punctuation, Saint/St. and kind words do not distinguish two county names."""
    text = _CITY_OF.sub(" ", name.lower().replace("&", " and "))
    text = _PUNCTUATION.sub(" ", _APOSTROPHES.sub("", text))
    text = _SAINTE.sub("ste", _SAINT.sub("st", text))
    text = " ".join(text.split())
    for word in _KIND_WORDS:
        text = text.removesuffix(" " + word)
    return text.removesuffix(" city").replace(" ", "")


def _says_city(name: str) -> bool:
    lowered = name.lower()
    return bool(_CITY_OF.search(lowered)) or lowered.rstrip(". ").endswith(" city")


def _says_county(name: str) -> bool:
    return any(name.lower().rstrip(". ").endswith(" " + word) for word in _KIND_WORDS)


_TABLE = Path(__file__).parent / "data" / "counties.csv"
"""Beside the code, as the package installs it (importlib.resources would cost a check 9 ms to import)."""


@cache
def counties() -> tuple[County, ...]:
    """Every row of the bundled table (current counties, CT planning regions, aliases, former)."""
    header, *rows = _TABLE.read_text(encoding="utf-8").splitlines()
    if header.split(",") != list(County._fields) or '"' in "".join(rows):
        raise ValueError("data/counties.csv: expected the unquoted columns " + ",".join(County._fields))
    return tuple(County._make(row.split(",")) for row in rows)


@cache
def _by_state() -> dict[str, tuple[County, ...]]:
    grouped: dict[str, list[County]] = {}
    for county in counties():
        grouped.setdefault(county.state, []).append(county)
    return {state: tuple(rows) for state, rows in grouped.items()}


@cache
def _by_fips() -> dict[str, County]:
    """FIPS to its canonical row (an alias never wins over the current name)."""
    found: dict[str, County] = {}
    for county in counties():
        if county.geography != "alias" or county.fips not in found:
            found[county.fips] = county
    return found


@cache
def _named(state: str) -> dict[str, tuple[County, ...]]:
    """The state's counties by normalised name (built per state: a check reads one state)."""
    grouped: dict[str, list[County]] = {}
    for county in _by_state().get(state, ()):
        grouped.setdefault(_key(county.name), []).append(county)
    return {key: tuple(rows) for key, rows in grouped.items()}


def knows_state(state: str) -> bool:
    return state.strip().upper() in _by_state()


def states() -> frozenset[str]:
    """The postal codes of the 50 states and DC."""
    return frozenset(_by_state())


def current() -> tuple[County, ...]:
    """The 3,143 counties and equivalents of the 2020 census geography."""
    return tuple(c for c in counties() if c.geography == CURRENT)


def by_fips(fips: str) -> County:
    county = _by_fips().get(fips.strip())
    if county is None:
        raise NoSuchCounty(f"no county has FIPS code {fips!r} (five digits: state and county, e.g. 13121)")
    return county


def canonical(county: County) -> County:
    """The current row for an alias; the row itself otherwise."""
    return _by_fips()[county.fips]


def full_name(state: str, county: str, fips: str | None = None) -> str:
    """The Census name of a profile's county ("Orleans Parish", "Charlottesville city", "Juneau
    City and Borough"), by FIPS when known; "<name> County" for a name the gazetteer lacks."""
    try:
        return (by_fips(fips) if fips else lookup(state, county)).name
    except NoSuchCounty:
        return f"{county} County"


def lookup(state: str, name: str, prefer_city: bool = False) -> County:
    """The county of `state` called `name`; raise NoSuchCounty (with suggestions) when none is."""
    state = state.strip().upper()
    rows = _by_state().get(state)
    if rows is None:
        raise NoSuchCounty(f"no state or district with postal code {state!r}")
    key = _key(name)
    matches = list(_named(state).get(key, ()))
    if not matches:
        names: dict[str, list[str]] = {}
        for c in rows:
            names.setdefault(_key(c.name), []).append(canonical(c).short_name)
        near = difflib.get_close_matches(key, names, n=3, cutoff=0.6)
        close = tuple(dict.fromkeys(short for k in near for short in names[k]))
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise NoSuchCounty(f"no county named {name!r} in {state}{hint}", close)
    wants_city = _says_city(name) or (prefer_city and not _says_county(name))
    matches.sort(key=lambda c: ((c.kind == INDEPENDENT_CITY) != wants_city, c.geography != CURRENT))
    return canonical(matches[0])
