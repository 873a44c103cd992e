"""The loaded law library: the catalogue plus every law, indexed by the place it governs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import files
from .dates import holds
from .models import Activity, AgencyKind, Catalogue, FactDefinition, Law, Level, LocalSurvey, Program, Provision
from .problems import InputError, display_path
from .yaml_source import Locator, YamlProblem, parse_yaml


@dataclass(frozen=True)
class Outline:
    """The lines a document's `id` and each of its scenarios start on: what validate's cases point
    at, kept with a cached library so a run that hits the cache need not parse every file again."""

    id_line: int
    scenario_lines: tuple[int, ...] = ()

    @classmethod
    def of(cls, locator: Locator, scenarios: int) -> Outline:
        return cls(locator.value_at(("id",))[0], tuple(locator.value_at(("scenarios", i))[0] for i in range(scenarios)))


@dataclass(frozen=True)
class Origin:
    """Where a document was read from, so later checks can point at its lines.

    A library read back from the cache has no positions; they are found again, from the file
    (unchanged, or the cache would have missed), the first time a problem needs one. `digest` is
    the SHA-256 of the file's bytes (None for a document made in memory): what the caches compare."""

    path: Path
    known_positions: Locator | None = field(default=None, repr=False, compare=False)
    digest: str | None = field(default=None, compare=False)
    known_outline: Outline | None = field(default=None, repr=False, compare=False)

    @property
    def locator(self) -> Locator:
        if self.known_positions is None:
            try:
                _, found = parse_yaml(files.read_text(self.path), self.display)
            except (InputError, YamlProblem):
                found = Locator()
            object.__setattr__(self, "known_positions", found)
        return self.known_positions

    def outline(self, scenarios: int) -> Outline:
        """The lines of the id and of the first `scenarios` scenarios."""
        known = self.known_outline
        if known is not None and len(known.scenario_lines) == scenarios:
            return known
        return Outline.of(self.locator, scenarios)

    @property
    def display(self) -> str:
        """The path as the user would type it from the current folder."""
        return display_path(self.path)


@dataclass(frozen=True)
class Place:
    """The key a law is filed under: state, and county or city for local laws."""

    state: str
    level: Level
    name: str | None = None

    @classmethod
    def of(cls, law: Law) -> Place:
        name = {Level.STATE: None, Level.COUNTY: law.jurisdiction.county, Level.CITY: law.jurisdiction.city}
        return cls(law.jurisdiction.state, law.level, name[law.level])

    def describe(self) -> str:
        if self.level is Level.STATE:
            return f"state of {self.state}"
        return f"{self.level.value} of {self.name}, {self.state}"


@dataclass(frozen=True)
class Replacement:
    """A law of a lower library layer that a higher layer's law with the same id replaced."""

    law_id: str
    replaced: Path
    by: Path

    def __str__(self) -> str:
        return f"{display_path(self.by)} replaces law {self.law_id!r} of {display_path(self.replaced)}"


@dataclass
class Library:
    """Laws and their vocabulary; build with `load_library` so it is validated as a whole."""

    catalogue: Catalogue
    laws: tuple[Law, ...]
    origins: dict[str, Origin] = field(default_factory=dict)
    surveys: tuple[LocalSurvey, ...] = ()
    replacements: tuple[Replacement, ...] = ()

    def __post_init__(self) -> None:
        self.laws = tuple(sorted(self.laws, key=lambda law: law.id))
        self.surveys = tuple(sorted(self.surveys, key=lambda survey: survey.id))
        self._by_place: dict[Place, list[Law]] = defaultdict(list)
        for law in self.laws:
            self._by_place[Place.of(law)].append(law)
        self._law_by_id = {law.id: law for law in self.laws}
        self._surveys_of: dict[str, list[LocalSurvey]] = defaultdict(list)
        for survey in self.surveys:
            self._surveys_of[survey.survey_of].append(survey)
        self._programs = {program.id: program for program in self.catalogue.programs}
        self._agency_kinds = {kind.id: kind for kind in self.catalogue.agency_kinds}
        self._activities = {activity.id: activity for activity in self.catalogue.activities}
        self._facts = {fact.id: fact for fact in self.catalogue.facts}

    def laws_at(self, place: Place) -> tuple[Law, ...]:
        return tuple(self._by_place.get(place, ()))

    def is_encoded(self, place: Place) -> bool:
        return place in self._by_place

    def survey_for(self, state: str, day: dt.date) -> LocalSurvey | None:
        """The survey of the state's local laws that speaks for `day`, if any."""
        return next(
            (
                survey
                for survey in self._surveys_of.get(state, ())
                if holds(survey.covers_from, survey.covers_until, day)
            ),
            None,
        )

    def law(self, law_id: str) -> Law:
        return self._law_by_id[law_id]

    def has_law(self, law_id: str) -> bool:
        return law_id in self._law_by_id

    def provision(self, ref: str) -> tuple[Law, Provision] | None:
        """Resolve 'law-id/provision-id'; None when either part does not exist."""
        law_id, _, provision_id = ref.partition("/")
        law = self._law_by_id.get(law_id)
        if law is None:
            return None
        found = next((p for p in law.provisions if p.id == provision_id), None)
        return (law, found) if found else None

    def program(self, program_id: str) -> Program:
        return self._programs[program_id]

    @property
    def program_ids(self) -> tuple[str, ...]:
        return tuple(self._programs)

    def fact(self, fact_id: str) -> FactDefinition | None:
        """The catalogue's definition of a fact; None when the catalogue has no such fact."""
        return self._facts.get(fact_id)

    @property
    def fact_ids(self) -> tuple[str, ...]:
        return tuple(self._facts)

    def agency_kind(self, kind_id: str) -> AgencyKind:
        return self._agency_kinds[kind_id]

    def activity(self, activity_id: str) -> Activity:
        return self._activities[activity_id]
