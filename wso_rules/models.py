"""The schema: every YAML file in the library is one of these pydantic models.

This module is the single source of truth for the shape of laws, profiles and the
program catalogue; the JSON Schemas in `schemas/` and `docs/schema.md` follow from it.
Models are strict (no type coercion) and reject unknown keys.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=120)]
StateCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Url = Annotated[str, Field(pattern=r"^https?://\S+$")]
NonEmptyText = Annotated[str, Field(min_length=1)]


class Schema(BaseModel):
    """Base of every model: strict types, unknown keys rejected, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


def _problem(rule: str, message: str, field: str | None = None) -> PydanticCustomError:
    """A validation error whose type is a `validate` rule id, and which names the offending key
    (`field`) so the error can point at its line rather than at the whole mapping."""
    return PydanticCustomError(rule, message, {"field": field} if field else None)


# ---------------------------------------------------------------- enumerations


class Level(str, Enum):
    """The level of government a law belongs to, and an agency answers to."""

    STATE = "state"
    COUNTY = "county"
    CITY = "city"


class LawKind(str, Enum):
    STATUTE = "statute"
    ORDINANCE = "ordinance"
    AG_DIRECTIVE = "ag_directive"
    COURT_DECISION = "court_decision"
    EXECUTIVE_ORDER = "executive_order"
    AGENCY_POLICY = "agency_policy"
    NO_LAW = "no_law"


class Effect(str, Enum):
    """What a provision does to the activities it names."""

    PROHIBITS = "prohibits"
    RESTRICTS = "restricts"
    REQUIRES = "requires"
    PERMITS = "permits"


class ExceptionScope(str, Enum):
    """A case-level exception frees single cases; a jurisdiction-level one can free the program."""

    CASE = "case"
    JURISDICTION = "jurisdiction"


class FactType(str, Enum):
    BOOLEAN = "boolean"
    INTEGER = "integer"
    TEXT = "text"


def _from_yaml_text(enum: type[Enum]) -> Any:
    """An enum field that accepts its values as YAML text while everything else stays strict."""
    return Annotated[enum, Field(strict=False)]


LevelField = _from_yaml_text(Level)
LawKindField = _from_yaml_text(LawKind)
EffectField = _from_yaml_text(Effect)
ScopeField = _from_yaml_text(ExceptionScope)
FactTypeField = _from_yaml_text(FactType)


# ---------------------------------------------------------------- conditions

FactValue = Union[bool, int, str]


class FactTest(Schema):
    """A test of one profile fact; exactly one comparison is given."""

    fact: Identifier
    equals: FactValue | None = None
    one_of: list[FactValue] | None = Field(default=None, min_length=1)
    at_least: int | None = None
    at_most: int | None = None

    @model_validator(mode="after")
    def _one_comparison(self) -> FactTest:
        given = [k for k in ("equals", "one_of", "at_least", "at_most") if getattr(self, k) is not None]
        if len(given) != 1:
            raise _problem("condition-form", "a fact test takes exactly one of: equals, one_of, at_least, at_most")
        return self


class AllOf(Schema):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Schema):
    any: list[Condition] = Field(min_length=1)


class NotOf(Schema):
    not_: Condition = Field(alias="not")

    model_config = ConfigDict(populate_by_name=False)


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key, tag in (("all", "all"), ("any", "any"), ("not", "not"), ("fact", "fact")):
            if key in value:
                return tag
        return None
    if isinstance(value, BaseModel):
        return {AllOf: "all", AnyOf: "any", NotOf: "not", FactTest: "fact"}.get(type(value))
    return None


Condition = Annotated[
    Union[
        Annotated[FactTest, Tag("fact")],
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
        Annotated[NotOf, Tag("not")],
    ],
    Discriminator(
        _condition_tag,
        custom_error_type="condition_form",
        custom_error_message="a condition is one of {fact: ...}, {all: [...]}, {any: [...]} or {not: ...}",
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


# ---------------------------------------------------------------- sources


class Verification(Schema):
    """Whether the citation and excerpt were checked against primary text, and where."""

    status: Literal["verified", "unverified"]
    url: Url | None = None
    checked_on: dt.date | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _verified_has_evidence(self) -> Verification:
        if self.status == "verified" and (self.url is None or self.checked_on is None):
            raise _problem("verification", "a verified provision needs the url and checked_on of the primary text", "status")
        if self.status == "unverified" and not self.note:
            raise _problem("verification", "an unverified provision needs a note saying what could not be confirmed", "status")
        return self


class Source(Schema):
    title: NonEmptyText
    url: Url


# ---------------------------------------------------------------- laws


class ProvisionException(Schema):
    """An exception to a provision; `when` names the profile facts that trigger it."""

    id: Identifier
    scope: ScopeField
    description: NonEmptyText
    when: Condition | None = None


class Preemption(Schema):
    """Provisions this provision voids: by reference, or by level and effect (optionally only
    as far as they touch the listed activities; without `activities`, every activity)."""

    targets: list[NonEmptyText] = Field(default_factory=list)
    levels: list[LevelField] = Field(default_factory=list)
    effects: list[EffectField] = Field(default_factory=list)
    activities: list[Identifier] | None = None

    @model_validator(mode="after")
    def _points_somewhere(self) -> Preemption:
        if not self.targets and not (self.levels and self.effects):
            raise _problem("preemption-target", "a preemption needs targets, or both levels and effects")
        return self


class Provision(Schema):
    id: Identifier
    citation: NonEmptyText
    excerpt: NonEmptyText
    effect: EffectField
    activities: list[Identifier] = Field(min_length=1)
    binds: list[Identifier] | Literal["all"]
    applies_if: Condition | None = None
    exceptions: list[ProvisionException] = Field(default_factory=list)
    conditions: list[NonEmptyText] = Field(default_factory=list)
    programs: list[Identifier] | None = None
    preempts: Preemption | None = None
    effective: dt.date | None = None
    ends: dt.date | None = None
    source_url: Url | None = None
    verification: Verification
    note: str | None = None

    @model_validator(mode="after")
    def _effect_fields(self) -> Provision:
        if self.effect is Effect.RESTRICTS and not self.conditions:
            raise _problem("effect-fields", "a 'restricts' provision lists the conditions it imposes", "effect")
        if self.programs is not None and self.effect is not Effect.REQUIRES:
            raise _problem("effect-fields", "programs is only for 'requires' provisions (which programs satisfy it)", "programs")
        if self.effective and self.ends and self.ends <= self.effective:
            raise _problem("date-order", "ends must be after effective", "ends")
        return self


class Injunction(Schema):
    """A court order that suspends a law (or some of its provisions) for a period."""

    court: NonEmptyText
    case: NonEmptyText
    effective: dt.date
    ends: dt.date | None = None
    provisions: list[Identifier] | None = None
    source_url: Url


class Jurisdiction(Schema):
    state: StateCode
    county: NonEmptyText | None = None
    city: NonEmptyText | None = None


class LocalSurvey(Schema):
    """The encoder's statement that the state's local laws were surveyed and encoded."""

    reviewed_on: dt.date
    sources_checked: list[Source] = Field(min_length=1)
    note: str | None = None


class Review(Schema):
    """For a `no_law` file: what was searched to conclude there is no such law."""

    reviewed_on: dt.date
    sources_checked: list[Source] = Field(min_length=1)
    note: NonEmptyText


class ScenarioProfile(Schema):
    """The parts of an agency profile a scenario sets; the rest defaults from the law."""

    agency_kind: Identifier
    county: NonEmptyText | None = None
    city: NonEmptyText | None = None
    operates_jail: bool | None = None
    facts: dict[Identifier, FactValue] = Field(default_factory=dict)


class Expectation(Schema):
    verdict: Literal["prohibited", "conditional", "required", "permitted", "undetermined"]
    citations: list[NonEmptyText] = Field(default_factory=list)


class Scenario(Schema):
    name: NonEmptyText
    profile: ScenarioProfile
    program: Identifier
    as_of: dt.date
    expect: Expectation


class Law(Schema):
    id: Identifier
    title: NonEmptyText
    kind: LawKindField
    level: LevelField
    jurisdiction: Jurisdiction
    effective: dt.date
    ends: dt.date | None = None
    source_url: Url
    injunctions: list[Injunction] = Field(default_factory=list)
    provisions: list[Provision] = Field(default_factory=list)
    review: Review | None = None
    local_survey: LocalSurvey | None = None
    scenarios: list[Scenario] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Law:
        county, city = self.jurisdiction.county, self.jurisdiction.city
        if self.level is Level.STATE and (county or city):
            raise _problem("jurisdiction-level", "a state-level law names only the state in its jurisdiction", "jurisdiction")
        if self.level is Level.COUNTY and (not county or city):
            raise _problem("jurisdiction-level", "a county-level law names the state and county in its jurisdiction", "jurisdiction")
        if self.level is Level.CITY and not city:
            raise _problem("jurisdiction-level", "a city-level law names the state and city in its jurisdiction", "jurisdiction")
        if self.kind is LawKind.NO_LAW and (self.provisions or self.review is None):
            raise _problem("no-law-shape", "a no_law file has no provisions and a review saying what was checked", "kind")
        if self.kind is not LawKind.NO_LAW and not self.provisions:
            raise _problem("no-law-shape", "a law has at least one provision (use kind: no_law to record an absence)", "kind")
        if self.local_survey is not None and self.level is not Level.STATE:
            raise _problem("jurisdiction-level", "local_survey belongs on a state-level law", "local_survey")
        if self.ends is not None and self.ends <= self.effective:
            raise _problem("date-order", "ends must be after effective", "ends")
        return self


# ---------------------------------------------------------------- catalogue


class Activity(Schema):
    id: Identifier
    label: NonEmptyText
    description: NonEmptyText


class AgencyKind(Schema):
    id: Identifier
    label: NonEmptyText
    level: LevelField


class FactDefinition(Schema):
    """A fact that conditions may ask about; profiles give its value or leave it unknown."""

    id: Identifier
    type: FactTypeField
    description: NonEmptyText
    values: list[str] | None = None


class Program(Schema):
    id: Identifier
    name: NonEmptyText
    description: NonEmptyText
    activities: list[Identifier] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)


class Catalogue(Schema):
    """Activities, agency kinds, facts and programs: the vocabulary laws and profiles use."""

    coverage_from: dt.date
    participation_activity: Identifier
    activities: list[Activity] = Field(min_length=1)
    agency_kinds: list[AgencyKind] = Field(min_length=1)
    facts: list[FactDefinition] = Field(default_factory=list)
    programs: list[Program] = Field(min_length=1)


# ---------------------------------------------------------------- profiles


class Agreement(Schema):
    """A 287(g) agreement the agency has signed."""

    program: Identifier
    signed: dt.date
    ended: dt.date | None = None
    source_url: Url


class Profile(Schema):
    id: Identifier
    agency: NonEmptyText
    agency_kind: Identifier
    state: StateCode
    county: NonEmptyText | None = None
    city: NonEmptyText | None = None
    operates_jail: bool | None = None
    agreements_287g: list[Agreement] = Field(default_factory=list)
    facts: dict[Identifier, FactValue | None] = Field(default_factory=dict)
    sources: list[Source] = Field(default_factory=list)
    note: str | None = None
