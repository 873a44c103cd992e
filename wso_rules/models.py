"""The schema: every YAML file in the library is one of these pydantic models.

This module is the single source of truth for the shape of laws, profiles and the
program catalogue; the JSON Schemas in `schemas/` and `docs/schema.md` follow from it.
Models are strict (no type coercion) and reject unknown keys.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=120)]
StateCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Url = Annotated[str, Field(pattern=r"^https?://\S+$")]
NonEmptyText = Annotated[str, Field(min_length=1)]


class Schema(BaseModel):
    """Base of every model: strict types, unknown keys rejected, immutable.

    Field docstrings are the schema's field descriptions; `schemas.py` reads them when it writes
    the JSON Schemas (pydantic's `use_attribute_docstrings` would re-read this file's source for
    every model on every import, the largest part of a cold start).
    """

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


class Duty(str, Enum):
    """What a provision requiring a 287(g) agreement obliges the agency to do."""

    ENTER = "enter"
    SEEK = "seek"


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
DutyField = _from_yaml_text(Duty)


# ---------------------------------------------------------------- conditions

FactValue = bool | int | str


class FactTest(Schema):
    """A test of one profile fact; exactly one comparison is given."""

    fact: Identifier
    """Id of a fact defined in the catalogue."""
    equals: FactValue | None = None
    """True when the fact has exactly this value."""
    one_of: list[FactValue] | None = Field(default=None, min_length=1)
    """True when the fact has one of these values."""
    at_least: int | None = None
    """True when the (integer) fact is at least this number."""
    at_most: int | None = None
    """True when the (integer) fact is at most this number."""

    @model_validator(mode="after")
    def _one_comparison(self) -> FactTest:
        given = [k for k in ("equals", "one_of", "at_least", "at_most") if getattr(self, k) is not None]
        if len(given) != 1:
            raise _problem("condition-form", "a fact test takes exactly one of: equals, one_of, at_least, at_most")
        return self


class AllOf(Schema):
    all: list[Condition] = Field(min_length=1)
    """True when every condition holds."""


class AnyOf(Schema):
    any: list[Condition] = Field(min_length=1)
    """True when at least one condition holds."""


class NotOf(Schema):
    not_: Condition = Field(alias="not")
    """True when the condition does not hold."""


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
    Annotated[FactTest, Tag("fact")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition_form",
        custom_error_message="a condition is one of {fact: ...}, {all: [...]}, {any: [...]} or {not: ...}",
    ),
]


# ---------------------------------------------------------------- sources


class Verification(Schema):
    """Whether the citation and excerpt were checked against primary text, and where."""

    status: Literal["verified", "unverified"]
    """`verified`: the citation and excerpt were seen in primary text; `unverified`: they were not."""
    url: Url | None = None
    """Where the primary text was seen (required when verified)."""
    checked_on: dt.date | None = None
    """When it was checked (required when verified)."""
    note: str | None = None
    """Which source it was, or what could not be confirmed and why (required when unverified)."""

    @model_validator(mode="after")
    def _verified_has_evidence(self) -> Verification:
        if self.status == "verified" and (self.url is None or self.checked_on is None):
            raise _problem(
                "verification", "a verified provision needs the url and checked_on of the primary text", "status"
            )
        if self.status == "unverified" and not self.note:
            raise _problem(
                "verification", "an unverified provision needs a note saying what could not be confirmed", "status"
            )
        return self


class Source(Schema):
    title: NonEmptyText
    """What the source is."""
    url: Url
    """Where to read it."""


# ---------------------------------------------------------------- laws


class ProvisionException(Schema):
    """An exception to a provision; `when` names the profile facts that trigger it."""

    id: Identifier
    """Unique within the provision."""
    scope: ScopeField
    """`case`: frees single cases (a judicial warrant, a listed conviction), not the program;
    `jurisdiction`: can free the agency's participation as a whole (an approval)."""
    description: NonEmptyText
    """The exception in plain words; shown as the condition when it is open."""
    when: Condition | None = None
    """For a jurisdiction-level exception: the profile facts that trigger it. Without it the
    exception is an open condition."""
    met_by_agreement: bool = False
    """A 287(g) agreement is itself what the exception asks for (say, "authorization by law" or
    federal delegation), so joining a program meets it."""

    @model_validator(mode="after")
    def _agreement_is_jurisdiction_level(self) -> ProvisionException:
        if self.met_by_agreement and (self.scope is not ExceptionScope.JURISDICTION or self.when is not None):
            raise _problem(
                "effect-fields",
                "met_by_agreement is for a jurisdiction-level exception without `when`",
                "met_by_agreement",
            )
        return self


class Preemption(Schema):
    """Provisions this provision voids: by reference, or by level and effect (optionally only
    as far as they touch the listed activities; without `activities`, every activity)."""

    targets: list[NonEmptyText] = Field(default_factory=list)
    """Provisions voided: `law-id` or `law-id/provision-id`."""
    levels: list[LevelField] = Field(default_factory=list)
    """Levels of law voided (with `effects`), e.g. county and city."""
    effects: list[EffectField] = Field(default_factory=list)
    """Effects voided at those levels, e.g. prohibits and restricts."""
    activities: list[Identifier] | None = None
    """Void the provisions only as far as they touch these activities (default: every activity)."""

    @model_validator(mode="after")
    def _points_somewhere(self) -> Preemption:
        if not self.targets and not (self.levels and self.effects):
            raise _problem("preemption-target", "a preemption needs targets, or both levels and effects")
        return self


class Provision(Schema):
    id: Identifier
    """Unique within the law."""
    citation: NonEmptyText
    """The exact citation, to the subsection, e.g. `Cal. Gov. Code § 7284.6(a)(1)(G)`."""
    excerpt: NonEmptyText
    """A short verbatim quote of the operative words."""
    effect: EffectField
    """What it does to its activities: prohibits, restricts (allowed under `conditions`), requires,
    or permits."""
    activities: list[Identifier] = Field(min_length=1)
    """Catalogue activities its words reach."""
    binds: list[Identifier] | Literal["all"]
    """Agency kinds its definitions cover, or `all`."""
    applies_if: Condition | None = None
    """A condition on profile facts; the provision applies only when it holds (unknown facts leave it undetermined)."""
    exceptions: list[ProvisionException] = Field(default_factory=list)
    """Exceptions, each case-level or jurisdiction-level."""
    conditions: list[NonEmptyText] = Field(default_factory=list)
    """For `restricts`: the conditions under which the activity is allowed."""
    programs: list[Identifier] | None = None
    """For `requires`: the programs that satisfy the duty (default: any)."""
    duty: DutyField | None = None
    """For `requires` of the participation activity: `enter` (have an agreement; the default) or
    `seek` (ask ICE for one, as Georgia's "shall seek ... annually"; ICE decides, so no program
    becomes `required`)."""
    agencies: list[Identifier] | None = None
    """Profile ids of the only agencies it binds, when it names agencies rather than kinds (an
    order directing the State Police); narrows `binds`."""
    dispute: str | None = None
    """A live dispute over whether the provision is in force or what it means (implied repeal, a
    pending appeal); reported with every finding so that no reading is a silent pick."""
    preempts: Preemption | None = None
    """Provisions this one voids while in force."""
    effective: dt.date | None = None
    """First day in force, when later than the law's."""
    ends: dt.date | None = None
    """First day no longer in force, when earlier than the law's."""
    source_url: Url | None = None
    """Where to read the provision, when not at the law's `source_url`."""
    verification: Verification
    """Whether the citation and excerpt were checked against primary text."""
    note: str | None = None
    """Anything a reader of the encoding should know."""

    @model_validator(mode="after")
    def _effect_fields(self) -> Provision:
        if self.effect is Effect.RESTRICTS and not self.conditions:
            raise _problem("effect-fields", "a 'restricts' provision lists the conditions it imposes", "effect")
        if self.programs is not None and self.effect is not Effect.REQUIRES:
            raise _problem(
                "effect-fields", "programs is only for 'requires' provisions (which programs satisfy it)", "programs"
            )
        if self.duty is not None and self.effect is not Effect.REQUIRES:
            raise _problem("effect-fields", "duty is only for 'requires' provisions", "duty")
        if self.effective and self.ends and self.ends <= self.effective:
            raise _problem("date-order", "ends must be after effective", "ends")
        return self


class Injunction(Schema):
    """A court order that suspends a law (or some of its provisions) for a period."""

    court: NonEmptyText
    """The court that issued the order."""
    case: NonEmptyText
    """The case name and number."""
    effective: dt.date
    """First day the order suspends the law."""
    ends: dt.date | None = None
    """First day the law applies again (stay, reversal, dissolution)."""
    provisions: list[Identifier] | None = None
    """Ids of the provisions suspended (default: all of the law's)."""
    source_url: Url
    """The order or a report of it."""


class Jurisdiction(Schema):
    state: StateCode
    """Two-letter state code (DC for the District of Columbia)."""
    county: NonEmptyText | None = None
    """County name without 'County' or 'Parish', for county-level laws."""
    city: NonEmptyText | None = None
    """City name without 'City of', for city-level laws."""


class SurveySource(Schema):
    """A dated list of localities with limiting (or mandating) policies that a survey rests on."""

    id: Identifier
    """Short id that localities' `named_by` refers to, e.g. `dhs-2025-05-29`."""
    title: NonEmptyText
    """Who published it and what it is."""
    url: Url
    """Where to read it."""
    speaks_for: dt.date
    """The date the list describes (its publication or as-of date)."""
    scope: Literal["national", "state", "local"]
    """`national`: a list covering every state; `state` or `local`: a source about this state."""
    note: str | None = None
    """What the source counts as a limiting policy, and its known biases."""


class LocalityResolution(str, Enum):
    """What a survey found about a locality some source names."""

    ENCODED = "encoded"
    PRACTICE = "practice"
    NON_BINDING = "non_binding"
    AGENCY_POLICY = "agency_policy"
    REPEALED = "repealed"
    PREEMPTED = "preempted"
    LISTING_ERROR = "listing_error"
    STATE_LAW = "state_law"
    UNRESOLVED = "unresolved"


class SurveyedLocality(Schema):
    """A locality a survey source names, resolved: its law is encoded, or why it binds nothing."""

    county: NonEmptyText | None = None
    """County name without 'County' or 'Parish' (give county or city)."""
    city: NonEmptyText | None = None
    """City name without 'City of' (give county or city)."""
    named_by: list[Identifier] = Field(min_length=1)
    """Ids of the survey's sources that name it."""
    resolution: _from_yaml_text(LocalityResolution)
    """`encoded` (its law is in the library: `laws`); or why nothing binds: `practice` (a practice,
    not a law), `non_binding` (a resolution), `agency_policy` (only an agency's own policy, encoded
    or not), `repealed` or `preempted` (on `date`), `listing_error` (listed in error), `state_law`
    (listed for a state law that is encoded); or `unresolved`: reviewed, but what the place adopted
    could not be established, so the survey does not settle it and its agencies stay undetermined
    (the note says what was searched)."""
    laws: list[Identifier] = Field(default_factory=list)
    """For `encoded` (and optionally `agency_policy`): the ids of its law files."""
    date: dt.date | None = None
    """For `repealed` and `preempted`: the first day it no longer bound anyone."""
    note: NonEmptyText
    """Why: what the source listed and what was found."""
    source_url: Url | None = None
    """Where the finding can be checked (the ordinance, a news report of its repeal)."""

    @model_validator(mode="after")
    def _resolved(self) -> SurveyedLocality:
        if (self.county is None) == (self.city is None):
            raise _problem("survey-locality", "a surveyed locality names a county or a city (one of them)", "county")
        if self.resolution is LocalityResolution.ENCODED and not self.laws:
            raise _problem("survey-locality", "an encoded locality lists the ids of its laws", "resolution")
        needs_date = self.resolution in (LocalityResolution.REPEALED, LocalityResolution.PREEMPTED)
        if needs_date and self.date is None:
            raise _problem("survey-locality", "a repealed or preempted locality gives the date", "resolution")
        return self


class LocalSurvey(Schema):
    """A state's local layer, surveyed: for the period its sources support, a county or city it
    does not list with an encoded law has no law of its own that limits or mandates cooperation."""

    id: Identifier
    """Unique across the library: `<state>-local-survey`."""
    survey_of: StateCode
    """The state whose counties and cities were surveyed (marks the file as a survey)."""
    reviewed_on: dt.date
    """When the survey was made."""
    covers_from: dt.date
    """First day the survey speaks for; earlier dates have no survey (undetermined)."""
    covers_until: dt.date | None = None
    """First day it no longer speaks for (default: until superseded)."""
    sources: list[SurveySource] = Field(min_length=1)
    """The dated lists it rests on."""
    localities: list[SurveyedLocality] = Field(default_factory=list)
    """Every locality any source names, resolved."""
    note: str | None = None
    """How the survey was made and what it does not cover."""

    @cached_property
    def cited_sources(self) -> str:
        """Its sources as reports name them (kept: every unlisted place of the state names them)."""
        return ", ".join(f"{s.id} ({s.speaks_for})" for s in self.sources)

    @model_validator(mode="after")
    def _dates(self) -> LocalSurvey:
        if self.covers_until is not None and self.covers_until <= self.covers_from:
            raise _problem("date-order", "covers_until must be after covers_from", "covers_until")
        return self


class Review(Schema):
    """For a `no_law` file: what was searched to conclude there is no such law."""

    reviewed_on: dt.date
    """When the search for a law was made."""
    sources_checked: list[Source] = Field(min_length=1)
    """What was searched."""
    note: NonEmptyText
    """What was found (bills that failed, etc.)."""


class ScenarioProfile(Schema):
    """The parts of an agency profile a scenario sets; the rest defaults from the law."""

    agency_kind: Identifier
    """The agency's kind."""
    agency_id: Identifier | None = None
    """The agency's profile id, for a law that binds named agencies (default: a scenario id)."""
    county: NonEmptyText | None = None
    """The agency's county (default: the law's)."""
    city: NonEmptyText | None = None
    """The agency's city (default: the law's)."""
    operates_jail: bool | None = None
    """Whether the agency runs a jail (omit for unknown)."""
    facts: dict[Identifier, FactValue] = Field(default_factory=dict)
    """Other catalogue facts the law asks about."""


class Expectation(Schema):
    verdict: Literal["prohibited", "conditional", "required", "permitted", "undetermined"]
    """The expected verdict."""
    citations: list[NonEmptyText] = Field(default_factory=list)
    """The citations expected to decide it (compared as a set)."""


class Scenario(Schema):
    name: NonEmptyText
    """What the scenario shows."""
    profile: ScenarioProfile
    """The parts of an agency profile that matter; the state is the law's."""
    program: Identifier
    """Program id."""
    as_of: dt.date
    """The date of the law."""
    expect: Expectation
    """The expected verdict and deciding citations."""


class Law(Schema):
    id: Identifier
    """Unique across the library: `<state>-<slug>` or `<state>-<locality>-<slug>`."""
    title: NonEmptyText
    """The law's name and citation."""
    kind: LawKindField
    """statute, ordinance, ag_directive, court_decision, executive_order, agency_policy, or no_law
    (a review that found none)."""
    level: LevelField
    """state, county or city."""
    jurisdiction: Jurisdiction
    """The state, and the county or city for local laws."""
    effective: dt.date
    """First day in force (for no_law: first day the review covers)."""
    ends: dt.date | None = None
    """First day no longer in force (repeal, sunset)."""
    source_url: Url
    """The law's text."""
    injunctions: list[Injunction] = Field(default_factory=list)
    """Court orders that suspended it, with their dates."""
    provisions: list[Provision] = Field(default_factory=list)
    """What the law does, provision by provision."""
    review: Review | None = None
    """For no_law: the search that found no law."""
    evidence_on: dt.date | None = None
    """For agency_policy: the date of the latest source showing the policy in force."""
    scenarios: list[Scenario] = Field(default_factory=list)
    """Tests the law carries: where it bites and where it does not."""
    note: str | None = None
    """Anything a reader of the encoding should know."""

    def key(self, provision: Provision) -> str:
        """`law/provision`: how reports, overlays (`--enjoin`) and the engines name a provision."""
        return f"{self.id}/{provision.id}"

    @model_validator(mode="after")
    def _consistent(self) -> Law:
        county, city = self.jurisdiction.county, self.jurisdiction.city
        if self.level is Level.STATE and (county or city):
            raise _problem(
                "jurisdiction-level", "a state-level law names only the state in its jurisdiction", "jurisdiction"
            )
        if self.level is Level.COUNTY and (not county or city):
            raise _problem(
                "jurisdiction-level",
                "a county-level law names the state and county in its jurisdiction",
                "jurisdiction",
            )
        if self.level is Level.CITY and not city:
            raise _problem(
                "jurisdiction-level", "a city-level law names the state and city in its jurisdiction", "jurisdiction"
            )
        if self.kind is LawKind.NO_LAW and (self.provisions or self.review is None):
            raise _problem(
                "no-law-shape", "a no_law file has no provisions and a review saying what was checked", "kind"
            )
        if self.kind is not LawKind.NO_LAW and not self.provisions:
            raise _problem(
                "no-law-shape", "a law has at least one provision (use kind: no_law to record an absence)", "kind"
            )
        if self.ends is not None and self.ends <= self.effective:
            raise _problem("date-order", "ends must be after effective", "ends")
        if self.kind is LawKind.AGENCY_POLICY and self.evidence_on is None:
            raise _problem(
                "effect-fields", "an agency_policy names the date of its latest evidence (evidence_on)", "kind"
            )
        return self


# ---------------------------------------------------------------- catalogue


class Activity(Schema):
    id: Identifier
    """Identifier used by provisions and programs."""
    label: NonEmptyText
    """Short name shown in reports."""
    description: NonEmptyText
    """What counts as this activity."""


class AgencyKind(Schema):
    id: Identifier
    """Identifier used by provisions and profiles."""
    label: NonEmptyText
    """Name shown in reports."""
    level: LevelField
    """The level of government the agency belongs to; decides which local level must be encoded."""


class FactDefinition(Schema):
    """A fact that conditions may ask about; profiles give its value or leave it unknown."""

    id: Identifier
    """Identifier used by conditions and profiles."""
    type: FactTypeField
    """boolean, integer or text."""
    description: NonEmptyText
    """What the fact means."""
    values: list[str] | None = None
    """For text facts: the allowed values."""


class Program(Schema):
    id: Identifier
    """Identifier (wso, jem, tfm)."""
    name: NonEmptyText
    """Name shown in reports."""
    description: NonEmptyText
    """What the program does."""
    activities: list[Identifier] = Field(min_length=1)
    """The activities the program needs."""
    sources: list[Source] = Field(min_length=1)
    """Where the program is described."""


class Catalogue(Schema):
    """Activities, agency kinds, facts and programs: the vocabulary laws and profiles use."""

    coverage_from: dt.date
    """The first date the library covers; earlier dates are undetermined."""
    participation_activity: Identifier
    """The activity whose requirement makes a program `required`."""
    activities: list[Activity] = Field(min_length=1)
    """Activities that laws regulate."""
    agency_kinds: list[AgencyKind] = Field(min_length=1)
    """Kinds of agency that laws bind."""
    facts: list[FactDefinition] = Field(default_factory=list)
    """Facts that conditions may test."""
    programs: list[Program] = Field(min_length=1)
    """The 287(g) programs as sets of activities."""


# ---------------------------------------------------------------- profiles


class Agreement(Schema):
    """A 287(g) agreement the agency has signed."""

    program: Identifier
    """Program id of the agreement."""
    signed: dt.date
    """Date signed."""
    ended: dt.date | None = None
    """Date it ended, if it has (first day no longer in force)."""
    activities: list[Identifier] | None = None
    """The activities the agreement covers, when narrower than the program's."""
    source_url: Url
    """Where the agreement or a report of it is."""
    note: str | None = None
    """Anything a reader should know (a pause, a narrowing)."""


class Profile(Schema):
    id: Identifier
    """Unique: `us-<state>-<agency-slug>`."""
    agency: NonEmptyText
    """The agency's official name."""
    agency_kind: Identifier
    """The agency's kind (catalogue agency_kinds)."""
    state: StateCode
    """Two-letter state code."""
    county: NonEmptyText | None = None
    """County name without 'County' or 'Parish'."""
    county_fips: Annotated[str, Field(pattern=r"^[0-9]{5}$")] | None = None
    """The county's 5-digit Census FIPS code (quoted), checked against the bundled gazetteer and
    `county`; it tells apart a Virginia independent city from the county of the same name."""
    city: NonEmptyText | None = None
    """City name without 'City of'."""
    operates_jail: bool | None = None
    """Whether the agency runs a jail; omit when unknown (unknown is not false)."""
    agreements_287g: list[Agreement] = Field(default_factory=list)
    """287(g) agreements the agency has signed."""
    facts: dict[Identifier, FactValue | None] = Field(default_factory=dict)
    """Other catalogue facts; null or omitted means unknown."""
    sources: list[Source] = Field(default_factory=list)
    """Pages about the agency."""
    note: str | None = None
    """Anything a reader should know."""
