"""Semantic checks of a library and of profiles: what the schema alone cannot see.

Each check is a small generator with a rule id; `library_problems` runs them all. Problems point
at the line of the offending value through the file's `Origin`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from . import gazetteer
from .conditions import compile_condition, tests
from .library import Library, Origin, Place
from .models import (
    Condition,
    FactType,
    FactValue,
    Law,
    LawKind,
    Level,
    LocalSurvey,
    Profile,
    SurveyedLocality,
)
from .problems import Problem

CATALOGUE = "<catalogue>"
PROFILE_FIELD_FACTS = ("agency_kind", "agency_id", "operates_jail")

Path = tuple[object, ...]
T = TypeVar("T")


def _at(origin: Origin, path: Path, rule: str, message: str, severity: str = "error") -> Problem:
    line, column = origin.locator.value_at(path)
    return Problem(origin.display, line, column, rule, message, severity)


def _in(
    library: Library, document: Law | LocalSurvey, path: Path, rule: str, message: str, severity: str = "error"
) -> Problem:
    """A problem at `path` in the file a law or survey of the library was read from."""
    return _at(library.origins[document.id], path, rule, message, severity)


def duplicate_ids(read: Sequence[tuple[Law | Profile | LocalSurvey, Origin]]) -> Iterator[Problem]:
    """Ids must be unique across files: a later file reusing an id points back at the first."""
    first: dict[str, Origin] = {}
    for document, origin in read:
        if document.id in first:
            what = {Law: "law", Profile: "profile"}.get(type(document), "survey")
            yield _at(
                origin,
                ("id",),
                "duplicate-id",
                f"{what} id {document.id!r} is already used in {first[document.id].display}",
            )
        else:
            first[document.id] = origin


def _duplicates(ids: Iterable[T]) -> Iterator[tuple[int, T]]:
    seen: set[T] = set()
    for index, value in enumerate(ids):
        if value in seen:
            yield index, value
        seen.add(value)


def _unknown(value: str, known: Iterable[str], what: str) -> str:
    return f"unknown {what} {value!r}; known: {', '.join(sorted(known))}"


def check_unique_inner_ids(library: Library) -> Iterator[Problem]:
    for law in library.laws:
        for index, provision_id in _duplicates(p.id for p in law.provisions):
            yield _in(
                library,
                law,
                ("provisions", index, "id"),
                "duplicate-id",
                f"provision id {provision_id!r} repeats in this law",
            )
        for p_index, provision in enumerate(law.provisions):
            for index, exception_id in _duplicates(e.id for e in provision.exceptions):
                yield _in(
                    library,
                    law,
                    ("provisions", p_index, "exceptions", index, "id"),
                    "duplicate-id",
                    f"exception id {exception_id!r} repeats in this provision",
                )


def check_catalogue(library: Library) -> Iterator[Problem]:
    origin = library.origins[CATALOGUE]
    catalogue = library.catalogue
    for key, items in (
        ("activities", catalogue.activities),
        ("agency_kinds", catalogue.agency_kinds),
        ("facts", catalogue.facts),
        ("programs", catalogue.programs),
    ):
        for index, item_id in _duplicates(item.id for item in items):
            yield _at(origin, (key, index, "id"), "duplicate-id", f"{key} id {item_id!r} repeats")
    activities = {a.id for a in catalogue.activities}
    if catalogue.participation_activity not in activities:
        yield _at(
            origin,
            ("participation_activity",),
            "unknown-activity",
            _unknown(catalogue.participation_activity, activities, "activity"),
        )
    for p_index, program in enumerate(catalogue.programs):
        for index, activity in enumerate(program.activities):
            if activity not in activities:
                yield _at(
                    origin,
                    ("programs", p_index, "activities", index),
                    "unknown-activity",
                    _unknown(activity, activities, "activity"),
                )


_VOCABULARY_RULES = {"activity": "unknown-activity", "agency kind": "unknown-agency-kind", "program": "unknown-program"}


def _vocabulary_references(law: Law) -> Iterator[tuple[Path, str, str]]:
    """(where, what kind of id, the id) for every catalogue id a law names."""
    for p_index, provision in enumerate(law.provisions):
        base = ("provisions", p_index)
        yield from ((base + ("activities", i), "activity", a) for i, a in enumerate(provision.activities))
        if provision.binds != "all":
            yield from ((base + ("binds", i), "agency kind", k) for i, k in enumerate(provision.binds))
        preempted = provision.preempts.activities if provision.preempts else None
        yield from ((base + ("preempts", "activities", i), "activity", a) for i, a in enumerate(preempted or ()))
        yield from ((base + ("programs", i), "program", p) for i, p in enumerate(provision.programs or ()))
    for s_index, scenario in enumerate(law.scenarios):
        yield ("scenarios", s_index, "program"), "program", scenario.program
        yield ("scenarios", s_index, "profile", "agency_kind"), "agency kind", scenario.profile.agency_kind


def check_vocabulary(library: Library) -> Iterator[Problem]:
    """Activities, agency kinds and programs named by laws must be in the catalogue."""
    known = {
        "activity": {a.id for a in library.catalogue.activities},
        "agency kind": {k.id for k in library.catalogue.agency_kinds},
        "program": set(library.program_ids),
    }
    for law in library.laws:
        for path, what, value in _vocabulary_references(law):
            if value not in known[what]:
                yield _in(library, law, path, _VOCABULARY_RULES[what], _unknown(value, known[what], what))


def _fact_value_problem(library: Library, fact: str, value: FactValue) -> str | None:
    definition = library.fact(fact)
    if definition is None:
        return _unknown(fact, library.fact_ids, "fact")
    expected = {FactType.BOOLEAN: bool, FactType.INTEGER: int, FactType.TEXT: str}[definition.type]
    if type(value) is not expected:
        return f"fact {fact!r} is {definition.type.value}, got {value!r}"
    if definition.values is not None and value not in definition.values:
        return f"fact {fact!r} takes one of {', '.join(definition.values)}, got {value!r}"
    return None


def _condition_problems(library: Library, condition: Condition) -> Iterator[str]:
    for test in tests(compile_condition(condition)):
        for value in test.values:
            problem = _fact_value_problem(library, test.fact, value)
            if problem:
                yield problem
                break


def check_conditions(library: Library) -> Iterator[Problem]:
    """Conditions may only test catalogue facts, with values of the fact's type."""
    for law in library.laws:
        for p_index, provision in enumerate(law.provisions):
            located: list[tuple[Path, Condition | None]] = [
                (("provisions", p_index, "applies_if"), provision.applies_if)
            ]
            located += [
                (("provisions", p_index, "exceptions", e_index, "when"), e.when)
                for e_index, e in enumerate(provision.exceptions)
            ]
            for path, condition in located:
                for message in _condition_problems(library, condition) if condition else ():
                    rule = "unknown-fact" if message.startswith("unknown fact") else "fact-type"
                    yield _in(library, law, path, rule, message)
        for s_index, scenario in enumerate(law.scenarios):
            for fact, value in scenario.profile.facts.items():
                message = _fact_value_problem(library, fact, value)
                if message:
                    yield _in(library, law, ("scenarios", s_index, "profile", "facts", fact), "unknown-fact", message)


def check_references(library: Library) -> Iterator[Problem]:
    """Preemption targets and injunction provision lists must point at something that exists."""
    for law in library.laws:
        for p_index, provision in enumerate(law.provisions):
            for index, target in enumerate(provision.preempts.targets if provision.preempts else ()):
                exists = library.provision(target) if "/" in target else library.has_law(target)
                if not exists:
                    yield _in(
                        library,
                        law,
                        ("provisions", p_index, "preempts", "targets", index),
                        "dangling-reference",
                        f"preemption target {target!r} is not a law or 'law-id/provision-id' in the library",
                    )
        provision_ids = {p.id for p in law.provisions}
        for i_index, injunction in enumerate(law.injunctions):
            for index, provision_id in enumerate(injunction.provisions or ()):
                if provision_id not in provision_ids:
                    yield _in(
                        library,
                        law,
                        ("injunctions", i_index, "provisions", index),
                        "dangling-reference",
                        _unknown(provision_id, provision_ids, "provision of this law"),
                    )


def check_dates(library: Library) -> Iterator[Problem]:
    """A provision's own dates must fall within its law's period; injunctions must be ordered."""
    for law in library.laws:
        for p_index, provision in enumerate(law.provisions):
            if provision.effective and provision.effective < law.effective:
                yield _in(
                    library,
                    law,
                    ("provisions", p_index, "effective"),
                    "date-order",
                    f"provision takes effect {provision.effective} before its law ({law.effective})",
                )
            if provision.ends and law.ends and provision.ends > law.ends:
                yield _in(
                    library,
                    law,
                    ("provisions", p_index, "ends"),
                    "date-order",
                    f"provision ends {provision.ends} after its law ({law.ends})",
                )
        for i_index, injunction in enumerate(law.injunctions):
            if injunction.ends and injunction.ends <= injunction.effective:
                yield _in(
                    library, law, ("injunctions", i_index, "ends"), "date-order", "injunction ends before it starts"
                )


# ---------------------------------------------------------------- surveys

SURVEY_SOURCE_EXEMPT = frozenset({"DC"})
"""Surveys that record structure, not lists: the District has no county or city below it, so its
survey may rest on one source of any date (the code that makes the District its only local
government)."""


def _locality_place(state: str, locality: SurveyedLocality) -> Place:
    if locality.county is not None:
        return Place(state, Level.COUNTY, locality.county)
    return Place(state, Level.CITY, locality.city)


def check_survey_references(library: Library) -> Iterator[Problem]:
    """`named_by` names a source of the same survey; an encoded locality's laws exist at its place."""
    for survey in library.surveys:
        source_ids = {s.id for s in survey.sources}
        for l_index, locality in enumerate(survey.localities):
            for index, source_id in enumerate(locality.named_by):
                if source_id not in source_ids:
                    yield _in(
                        library,
                        survey,
                        ("localities", l_index, "named_by", index),
                        "survey-source-ref",
                        _unknown(source_id, source_ids, "source of this survey"),
                    )
            place = _locality_place(survey.survey_of, locality)
            for index, law_id in enumerate(locality.laws):
                message = None
                if not library.has_law(law_id):
                    message = f"law {law_id!r} is not in the library"
                elif not _law_of(library.law(law_id), place):
                    found = Place.of(library.law(law_id))
                    message = f"law {law_id!r} is a law of the {found.describe()}, not of the {place.describe()}"
                if message:
                    yield _in(library, survey, ("localities", l_index, "laws", index), "survey-law", message)


def _law_of(law: Law, place: Place) -> bool:
    """Whether a law is the place's own: filed under it, or -- for a consolidated city-county such
    as Louisville/Jefferson -- a city law whose jurisdiction also names the county."""
    if Place.of(law) == place:
        return True
    consolidated = law.level is Level.CITY and place.level is Level.COUNTY
    return consolidated and (law.jurisdiction.state, law.jurisdiction.county) == (place.state, place.name)


def check_survey_entries(library: Library) -> Iterator[Problem]:
    """Each source and each locality appears once in its survey."""
    for survey in library.surveys:
        for index, source_id in _duplicates(s.id for s in survey.sources):
            yield _in(library, survey, ("sources", index, "id"), "duplicate-id", f"source id {source_id!r} repeats")
        places = [_locality_place(survey.survey_of, loc) for loc in survey.localities]
        for index, place in _duplicates(places):
            yield _in(
                library,
                survey,
                ("localities", index, "county" if place.level is Level.COUNTY else "city"),
                "survey-duplicate-locality",
                f"the {place.describe()} is already listed in this survey",
            )


def check_survey_sources(library: Library) -> Iterator[Problem]:
    """A survey speaks only for dates its sources support, and rests on independent national lists."""
    for survey in library.surveys:
        if survey.survey_of in SURVEY_SOURCE_EXEMPT:
            continue
        earliest = min(s.speaks_for for s in survey.sources)
        if survey.covers_from < earliest:
            yield _in(
                library,
                survey,
                ("covers_from",),
                "survey-coverage",
                f"covers_from {survey.covers_from} is before the earliest source's speaks_for ({earliest})",
            )
        national = [s for s in survey.sources if s.scope == "national"]
        if len(survey.sources) < 2 or not national:
            yield _in(
                library,
                survey,
                ("sources",),
                "survey-sources",
                f"a survey rests on at least two sources, at least one national; this one has "
                f"{len(survey.sources)} source(s), {len(national)} national",
            )


def _place_name_problem(state: str, county: str) -> str | None:
    """Why a county name of a real state is not spelled as the gazetteer (and so profiles) spell it."""
    if not gazetteer.knows_state(state):
        return None
    try:
        found = gazetteer.lookup(state, county)
    except gazetteer.NoSuchCounty as error:
        return str(error)
    if found.short_name != county:
        return f"write {found.short_name!r} ({found.name}, {found.fips}): places are matched by their exact name"
    return None


def check_place_names(library: Library) -> Iterator[Problem]:
    """County names of laws and surveyed localities are spelled as the gazetteer spells them, since
    an agency's county is matched by name: a variant spelling would silently find no law."""
    for law in library.laws:
        county = law.jurisdiction.county
        message = _place_name_problem(law.jurisdiction.state, county) if county else None
        if message:
            yield _in(library, law, ("jurisdiction", "county"), "place-name", message)
    for survey in library.surveys:
        for index, locality in enumerate(survey.localities):
            message = _place_name_problem(survey.survey_of, locality.county) if locality.county else None
            if message:
                yield _in(library, survey, ("localities", index, "county"), "place-name", message)


def _period(survey: LocalSurvey) -> tuple[dt.date, dt.date]:
    return survey.covers_from, survey.covers_until or dt.date.max


def check_survey_overlap(library: Library) -> Iterator[Problem]:
    """One survey per state per day, so `survey_for` never picks silently between two."""
    by_state: dict[str, list[LocalSurvey]] = {}
    for survey in sorted(library.surveys, key=lambda s: (s.covers_from, s.id)):
        for earlier in by_state.get(survey.survey_of, []):
            start, end = _period(earlier)
            if survey.covers_from < end:
                yield _in(
                    library,
                    survey,
                    ("covers_from",),
                    "survey-overlap",
                    f"this survey of {survey.survey_of} overlaps {earlier.id!r} (from {start}"
                    f"{'' if end == dt.date.max else f' until {end}'}); a state has one survey per period",
                )
        by_state.setdefault(survey.survey_of, []).append(survey)


def survey_warnings(library: Library, strict: bool = False) -> Iterator[Problem]:
    """A county or city law of a surveyed state, in force during the survey, that the survey does not
    list: the survey missed a locality (a warning, an error when strict; loading still succeeds)."""
    local_laws = [
        law
        for law in library.laws
        if law.level is not Level.STATE and law.kind not in (LawKind.NO_LAW, LawKind.AGENCY_POLICY)
    ]
    for survey in library.surveys:
        listed = {_locality_place(survey.survey_of, loc) for loc in survey.localities}
        start, end = _period(survey)
        for law in local_laws:
            place = Place.of(law)
            overlaps = law.effective < end and (law.ends is None or start < law.ends)
            if place.state == survey.survey_of and place not in listed and overlaps:
                yield _in(
                    library,
                    survey,
                    ("localities",) if survey.localities else ("survey_of",),
                    "survey-unlisted-law",
                    f"{law.id!r} is a law of the {place.describe()} in force during this survey, "
                    "which does not list that place",
                    "error" if strict else "warning",
                )


LIBRARY_CHECKS: tuple[Callable[[Library], Iterator[Problem]], ...] = (
    check_catalogue,
    check_unique_inner_ids,
    check_vocabulary,
    check_conditions,
    check_references,
    check_dates,
    check_survey_references,
    check_survey_entries,
    check_survey_sources,
    check_survey_overlap,
    check_place_names,
)


def library_problems(library: Library) -> list[Problem]:
    return [problem for check in LIBRARY_CHECKS for problem in check(library)]


def profile_problems(profile: Profile, origin: Origin, library: Library) -> Iterator[Problem]:
    kinds = {k.id for k in library.catalogue.agency_kinds}
    if profile.agency_kind not in kinds:
        yield _at(origin, ("agency_kind",), "unknown-agency-kind", _unknown(profile.agency_kind, kinds, "agency kind"))
    for fact, value in profile.facts.items():
        if fact in PROFILE_FIELD_FACTS:
            message = f"{fact!r} is a top-level key of the profile, not a fact"
        elif value is None:
            known = {f.id for f in library.catalogue.facts}
            message = None if fact in known else _unknown(fact, known, "fact")
        else:
            message = _fact_value_problem(library, fact, value)
        if message:
            yield _at(origin, ("facts", fact), "unknown-fact", message)
    yield from _county_fips_problems(profile, origin)
    programs = set(library.program_ids)
    for index, agreement in enumerate(profile.agreements_287g):
        if agreement.program not in programs:
            yield _at(
                origin,
                ("agreements_287g", index, "program"),
                "unknown-program",
                _unknown(agreement.program, programs, "program"),
            )


def _county_fips_problems(profile: Profile, origin: Origin) -> Iterator[Problem]:
    """A profile's FIPS code names a county of its state, and the county its `county` names."""
    if profile.county_fips is None:
        return
    try:
        county = gazetteer.by_fips(profile.county_fips)
    except gazetteer.NoSuchCounty as error:
        yield _at(origin, ("county_fips",), "county-fips", str(error))
        return
    if county.state != profile.state:
        yield _at(
            origin,
            ("county_fips",),
            "county-fips",
            f"FIPS {county.fips} is {county.name}, {county.state}, not in {profile.state}",
        )
        return
    if profile.county is None:
        return
    try:
        named = gazetteer.lookup(profile.state, profile.county)
    except gazetteer.NoSuchCounty as error:
        yield _at(origin, ("county",), "county-fips", str(error))
        return
    if named.fips != county.fips:
        message = f"FIPS {county.fips} is {county.name}, but county {profile.county!r} is {named.name} ({named.fips})"
        if county.kind == gazetteer.INDEPENDENT_CITY:
            message += f"; write county: {county.short_name!r} for the independent city"
        yield _at(origin, ("county_fips",), "county-fips", message)
