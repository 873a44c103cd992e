"""The loaded law library: the catalogue plus every law, indexed by the place it governs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

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


DocumentT = TypeVar("DocumentT", Law, LocalSurvey)
KeyT = TypeVar("KeyT")


class Shelf(Generic[DocumentT, KeyT]):
    """Documents by id, each filed under a key (the place a law governs, the state a survey
    surveys) and built the first time it is asked for: a library read back from the cache holds
    every state's laws, and a check reads one state's."""

    def __init__(self, unbuilt: Mapping[str, tuple[KeyT, Callable[[], DocumentT]]]):
        self.filed = {doc_id: key for doc_id, (key, _) in unbuilt.items()}
        self.ids = tuple(sorted(self.filed))
        self._unbuilt = {doc_id: build for doc_id, (_, build) in unbuilt.items()}
        self._built: dict[str, DocumentT] = {}

    @classmethod
    def of(cls, documents: Iterable[DocumentT], key: Callable[[DocumentT], KeyT]) -> Shelf[DocumentT, KeyT]:
        """A shelf of documents already built."""
        documents = tuple(documents)
        shelf = cls({document.id: (key(document), lambda document=document: document) for document in documents})
        if len(shelf.ids) != len(documents):
            raise ValueError("two documents of a library share an id")  # load_library reports where
        return shelf

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.filed

    def get(self, doc_id: str) -> DocumentT:
        if doc_id not in self._built:
            self._built[doc_id] = self._unbuilt.pop(doc_id)()
        return self._built[doc_id]

    def every(self) -> tuple[DocumentT, ...]:
        """Every document, by id."""
        return tuple(self.get(doc_id) for doc_id in self.ids)


class Library:
    """Laws and their vocabulary; build with `load_library` so it is validated as a whole.

    Laws are filed by the place they govern and surveys by the state they survey. Each may be
    given built, or as a `Shelf` of documents built when first read (the cache's)."""

    def __init__(
        self,
        catalogue: Catalogue,
        laws: Iterable[Law] | Shelf[Law, Place] = (),
        origins: dict[str, Origin] | None = None,
        surveys: Iterable[LocalSurvey] | Shelf[LocalSurvey, str] = (),
    ):
        self.catalogue = catalogue
        self.origins = origins or {}
        self.replacements: tuple[Replacement, ...] = ()
        self._laws = laws if isinstance(laws, Shelf) else Shelf.of(laws, Place.of)
        self._surveys = surveys if isinstance(surveys, Shelf) else Shelf.of(surveys, lambda survey: survey.survey_of)
        self._by_place: dict[Place, list[str]] = defaultdict(list)
        self._law_ids_of: dict[str, list[str]] = defaultdict(list)
        for law_id in self._laws.ids:
            place = self._laws.filed[law_id]
            self._by_place[place].append(law_id)
            self._law_ids_of[place.state].append(law_id)
        self._surveys_of: dict[str, list[str]] = defaultdict(list)
        for survey_id in self._surveys.ids:
            self._surveys_of[self._surveys.filed[survey_id]].append(survey_id)
        self._programs = {program.id: program for program in catalogue.programs}
        self._agency_kinds = {kind.id: kind for kind in catalogue.agency_kinds}
        self._activities = {activity.id: activity for activity in catalogue.activities}
        self._facts = {fact.id: fact for fact in catalogue.facts}

    @property
    def laws(self) -> tuple[Law, ...]:
        """Every law, by id (building any not built yet)."""
        return self._laws.every()

    @property
    def law_ids(self) -> tuple[str, ...]:
        return self._laws.ids

    @property
    def surveys(self) -> tuple[LocalSurvey, ...]:
        """Every survey, by id."""
        return self._surveys.every()

    @property
    def states(self) -> tuple[str, ...]:
        """The states some law governs."""
        return tuple(sorted(self._law_ids_of))

    def laws_at(self, place: Place) -> tuple[Law, ...]:
        return tuple(self._laws.get(law_id) for law_id in self._by_place.get(place, ()))

    def law_ids_of(self, state: str) -> tuple[str, ...]:
        """The ids of the laws governing the state or a place in it (none is built)."""
        return tuple(self._law_ids_of.get(state, ()))

    def is_encoded(self, place: Place) -> bool:
        return place in self._by_place

    def surveys_of(self, state: str) -> tuple[LocalSurvey, ...]:
        return tuple(self._surveys.get(survey_id) for survey_id in self._surveys_of.get(state, ()))

    def survey_for(self, state: str, day: dt.date) -> LocalSurvey | None:
        """The survey of the state's local laws that speaks for `day`, if any."""
        return next(
            (survey for survey in self.surveys_of(state) if holds(survey.covers_from, survey.covers_until, day)),
            None,
        )

    def law(self, law_id: str) -> Law:
        return self._laws.get(law_id)

    def document(self, doc_id: str) -> Law | LocalSurvey:
        """The law or survey of that id."""
        return self._laws.get(doc_id) if doc_id in self._laws else self._surveys.get(doc_id)

    def has_law(self, law_id: str) -> bool:
        return law_id in self._laws

    def provision(self, ref: str) -> tuple[Law, Provision] | None:
        """Resolve 'law-id/provision-id'; None when either part does not exist."""
        law_id, _, provision_id = ref.partition("/")
        if law_id not in self._laws:
            return None
        law = self._laws.get(law_id)
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
