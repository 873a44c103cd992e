"""From a profile, a program and a date to a cited verdict.

The engine answers which provisions apply (in force, binding this agency kind, conditions met);
this module decides which laws are candidates, applies preemption, reads each provision's effect
and exceptions, aggregates activity findings into the program verdict, and names what is missing.
What the law says is read once per legal situation as the law sees it: the laws of the agency's
places, its kind, the facts those laws read, the date. A county or city with no law file of its
own adds no law, so it is left out of that key; only its local level (gap or basis, which names
the place) is read per agency. The cost grows with the number of distinct legal situations, not
with the number of agencies. Every cache is bounded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TypeVar

from .checks import CATALOGUE
from .compiling import AGENCY_ID_FACT, RuleBook, binding_condition, exception_key, preemption_key
from .conditions import Truth, facts_named, facts_of
from .dates import holds
from .deciders import alternatives
from .engines import Case, Engine, RuleLimitError, make_engine
from .findings import (
    ActivityFinding,
    AgencyReport,
    AgreementAlert,
    Alternative,
    Assessment,
    Conflict,
    Gap,
    LocalBasis,
    Mandate,
    ProvisionFinding,
)
from .library import Library, Place
from .models import (
    Agreement,
    Duty,
    Effect,
    ExceptionScope,
    FactValue,
    Law,
    LawKind,
    Level,
    LocalityResolution,
    LocalSurvey,
    Profile,
    Program,
    Provision,
    ProvisionException,
    SurveyedLocality,
)
from .problems import InputError, Problem
from .verdicts import Verdict, strongest

_LEVEL_ORDER = {Level.STATE: 0, Level.COUNTY: 1, Level.CITY: 2}
_K = TypeVar("_K")
_V = TypeVar("_V")
_Where = tuple[str, str | None, str | None]
"""A state, county and city."""
_Voiding = tuple[tuple[str, ...], tuple[str, ...], str | None]
"""A program's activities on which state law voids every local limit, the citations that do it, the note."""
CACHE_SIZE = 50_000
"""Entries each evaluation cache keeps (the oldest go first): far more than the distinct legal
situations of a national sweep, and a ceiling on memory for any stream of agencies."""


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, then as it was (left off if the caller had it off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Bounded(dict[_K, _V]):
    """A dict that `trim` brings back to `size` entries, the oldest going first (trimmed once a
    report, not on every insertion: a check on each would cost more than the lookups it guards)."""

    def __init__(self) -> None:
        super().__init__()
        self.size = CACHE_SIZE

    def trim(self) -> None:
        if len(self) <= self.size:
            return
        for key in list(itertools.islice(self, max(0, len(self) - self.size))):
            del self[key]


@dataclass(frozen=True)
class Situation:
    """The parts of a profile the law can see: two agencies with equal situations get equal verdicts."""

    state: str
    county: str | None
    city: str | None
    agency_kind: str
    facts: tuple[tuple[str, FactValue], ...]
    as_of: dt.date
    _hash: int = field(init=False, repr=False, compare=False)
    """Kept: a situation is a key of every evaluation cache, looked up several times a report."""

    def __post_init__(self) -> None:
        fields = (self.state, self.county, self.city, self.agency_kind, self.facts, self.as_of)
        object.__setattr__(self, "_hash", hash(fields))

    def __hash__(self) -> int:
        return self._hash

    @classmethod
    def of(cls, profile: Profile, as_of: dt.date, read: frozenset[str]) -> Situation:
        """The profile's situation with only the facts in `read`, those some law of its place reads
        (others cannot change a verdict)."""
        known = {name: value for name, value in profile.facts.items() if value is not None}
        known["agency_kind"] = profile.agency_kind
        known[AGENCY_ID_FACT] = profile.id
        if profile.operates_jail is not None:
            known["operates_jail"] = profile.operates_jail
        facts = tuple(sorted((name, value) for name, value in known.items() if name in read))
        return cls(profile.state, profile.county, profile.city, profile.agency_kind, facts, as_of)

    @property
    def where(self) -> _Where:
        """Its state, county and city."""
        return (self.state, self.county, self.city)

    def assuming(self, fact: str, value: FactValue) -> Situation:
        """The same situation with one more fact known (a fact some law reads: the facts kept)."""
        facts = tuple(sorted({**dict(self.facts), fact: value}.items()))
        return Situation(self.state, self.county, self.city, self.agency_kind, facts, self.as_of)

    def at(self, county: str | None, city: str | None) -> Situation:
        """The same situation placed in another county and city."""
        if (county, city) == (self.county, self.city):
            return self
        return Situation(self.state, county, city, self.agency_kind, self.facts, self.as_of)


class Evaluator:
    """Load once, evaluate many: holds the library, the compiled rule book and the engine."""

    def __init__(self, library: Library, engine: str = "auto"):
        self.library = library
        self._rulebook = RuleBook(library)
        self.engine: Engine = make_engine(self._rulebook, engine)
        self._places_seen: _Bounded[_Where, _Where] = _Bounded()
        self._facts_read: _Bounded[_Where, frozenset[str]] = _Bounded()
        self._laws_by_place: _Bounded[_Where, tuple[Law, ...]] = _Bounded()
        self._answers: _Bounded[Situation, dict[str, Truth]] = _Bounded()
        self._readings: _Bounded[Situation, _Reading] = _Bounded()
        self._assessors: _Bounded[tuple[Situation, str], _Assessor] = _Bounded()
        self._decided_by: _Bounded[tuple[Situation, tuple[str, ...], bool], tuple[Alternative, ...]] = _Bounded()
        self._caches = (
            self._places_seen,
            self._facts_read,
            self._laws_by_place,
            self._answers,
            self._readings,
            self._assessors,
            self._decided_by,
        )

    def report(self, profile: Profile, programs: Iterable[str], as_of: dt.date) -> AgencyReport:
        situation = self.situation(profile, as_of)
        reading = self.reading(situation)
        own = reading.own_place(situation)
        assessments = tuple(self._assessment(reading, own, program) for program in programs)
        alerts = tuple(_alerts(profile, assessments))
        report = AgencyReport(
            profile,
            as_of,
            assessments,
            alerts,
            reading.mandates,
            self._alternatives(situation, reading, own, assessments),
            library=self.library,
        )
        self._trim()
        return report

    def reports(self, profiles: Iterable[Profile], programs: Sequence[str], as_of: dt.date) -> list[AgencyReport]:
        """Many agencies' reports, made with the cyclic collector paused: its collections would walk
        the growing list of reports again and again, and evaluation makes no reference cycles for
        it to find (durable-rules' own, a few hundred small objects in a national sweep, wait until
        the call returns)."""
        with _collector_paused():
            return [self.report(profile, programs, as_of) for profile in profiles]

    def _trim(self) -> None:
        """Keep every cache within its size, however many agencies pass through."""
        for kept in self._caches:
            kept.trim()

    def _alternatives(
        self, situation: Situation, reading: _Reading, own: _OwnPlace | None, assessments: tuple[Assessment, ...]
    ) -> tuple[Alternative, ...]:
        """What would decide each assessment, cached on what the law sees and on whether the agency's
        own place leaves its local level unsettled: nothing else of the place can change a verdict,
        and an alternative names no place."""
        unsettled = own is not None and own.unsettled is not None
        cache_key = (reading.situation, tuple(a.program.id for a in assessments), unsettled)
        if cache_key not in self._decided_by:
            self._decided_by[cache_key] = tuple(alternatives(self, situation, assessments))
        return self._decided_by[cache_key]

    def situation(self, profile: Profile, as_of: dt.date) -> Situation:
        """The profile's legal situation: its place, kind, date and the facts its laws can read."""
        where = self._where((profile.state, profile.county, profile.city))
        if where not in self._facts_read:
            law_ids = tuple(law.id for law in self._laws_at(where))
            self._facts_read[where] = frozenset(
                name for clause in self._rulebook.clauses_for(law_ids) for name in facts_named(clause.condition)
            )
        return Situation.of(profile, as_of, self._facts_read[where])

    def assess(self, situation: Situation, program_id: str) -> Assessment:
        """One program's assessment: the law's reading, shared by every agency the law sees alike,
        with the local level of the agency's own place."""
        reading = self.reading(situation)
        assessment = self._assessment(reading, reading.own_place(situation), program_id)
        self._trim()
        return assessment

    def _assessment(self, reading: _Reading, own: _OwnPlace | None, program_id: str) -> Assessment:
        assessor_key = (reading.situation, program_id)
        if assessor_key not in self._assessors:
            self._assessors[assessor_key] = _Assessor(reading, self.library.program(program_id))
        assessor = self._assessors[assessor_key]
        gaps, basis = reading.local_reading(assessor.program, own)
        return assessor.assessment(reading.general_gaps + gaps, basis)

    def reading(self, situation: Situation) -> _Reading:
        """What the law says for the situation, whatever the program (cached on what the law sees)."""
        seen = self._seen(situation)
        if seen not in self._readings:
            self._readings[seen] = _Reading(self, seen)
        return self._readings[seen]

    def _seen(self, situation: Situation) -> Situation:
        """What the law sees of the situation: its place as `_where` has it."""
        _, county, city = self._where(situation.where)
        return situation.at(county, city)

    def _where(self, place: _Where) -> _Where:
        """Where the law sees an agency at `place`: its state, and its county and city only where the
        library has laws filed for them (elsewhere they add no law; their local level is read apart)."""
        if place not in self._places_seen:
            state, county, city = place
            county_place, city_place = Place(state, Level.COUNTY, county), Place(state, Level.CITY, city)
            self._places_seen[place] = (
                state,
                county if county and self.library.is_encoded(county_place) else None,
                city if city and self.library.is_encoded(city_place) else None,
            )
        return self._places_seen[place]

    def candidate_laws(self, situation: Situation) -> tuple[Law, ...]:
        """The laws of the agency's state, county and city; `binds` then decides which bind it."""
        return self._laws_at(self._where(situation.where))

    def _laws_at(self, where: _Where) -> tuple[Law, ...]:
        if where not in self._laws_by_place:
            state, county, city = where
            places = [Place(state, Level.STATE)]
            if county:
                places.append(Place(state, Level.COUNTY, county))
            if city:
                places.append(Place(state, Level.CITY, city))
            self._laws_by_place[where] = tuple(law for place in places for law in self.library.laws_at(place))
        return self._laws_by_place[where]

    def answers(self, situation: Situation) -> dict[str, Truth]:
        """The engine's answer for every clause of the situation's candidate laws (cached)."""
        situation = self._seen(situation)
        if situation not in self._answers:
            law_ids = tuple(law.id for law in self.candidate_laws(situation))
            case = Case(situation.state, law_ids, situation.as_of.toordinal(), situation.agency_kind, situation.facts)
            try:
                self._answers[situation] = self.engine.answer(case)
            except RuleLimitError as error:  # met when the engine first builds the state's rules
                raise engine_limit(self.library, error) from None
        return self._answers[situation]


class _Reading:
    """What the law says for one legal situation, whatever the program: which provisions apply,
    what each one's effect comes to, what preempts what, and which levels of law are missing
    (the local level read for each agency's own place)."""

    def __init__(self, evaluator: Evaluator, situation: Situation):
        self.library = evaluator.library
        self.situation = situation
        self.laws = tuple(
            sorted(evaluator.candidate_laws(situation), key=lambda law: (_LEVEL_ORDER[law.level], law.id))
        )
        self.answers = evaluator.answers(situation)
        self.known = dict(situation.facts)
        self.engine_name = evaluator.engine.label
        self._preempted: dict[tuple[str, str], ProvisionFinding] = {}
        self._barred: dict[str, bool] = {}
        self._voided_by: dict[tuple[Level, str], _Voiding] = {}

    @cached_property
    def preemptions(self) -> list[tuple[Law, Provision]]:
        """Provisions in force on the date that void other provisions."""
        return [
            (law, p)
            for law in self.laws
            for p in law.provisions
            if p.preempts and self.answers[preemption_key(law, p)] is Truth.TRUE
        ]

    def preempted_by(self, law: Law, provision: Provision, activity: str) -> tuple[str, ...]:
        """Citations of the provisions that void `provision` as far as it touches `activity`. A
        preemption by level reaches local ordinances, orders and policies, never a court's judgment
        (a statute does not set aside a consent decree); only naming it in `targets` can."""
        citations = []
        for source_law, source in self.preemptions:
            scope = source.preempts
            assert scope is not None
            if source_law.id == law.id or scope.activities is not None and activity not in scope.activities:
                continue
            targeted = law.id in scope.targets or law.key(provision) in scope.targets
            by_scope = (
                law.level in scope.levels
                and provision.effect in scope.effects
                and law.kind is not LawKind.COURT_DECISION
            )
            if targeted or by_scope:
                citations.append(source.citation)
        return tuple(citations)

    def unless_preempted(self, finding: ProvisionFinding, activity_id: str) -> ProvisionFinding:
        """The finding as it bears on one activity: voided there if a preemption reaches it."""
        cache_key = (finding.key, activity_id)
        if cache_key not in self._preempted:
            preempted = (
                () if finding.applies is Truth.FALSE else self.preempted_by(finding.law, finding.provision, activity_id)
            )
            self._preempted[cache_key] = (
                replace(finding, status=None, preempted_by=preempted, reason="preempted by " + "; ".join(preempted))
                if preempted
                else finding
            )
        return self._preempted[cache_key]

    def missing(self, condition_facts: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(name for name in condition_facts if name not in self.known))

    def finding(self, law: Law, provision: Provision) -> ProvisionFinding:
        applies = self.answers[law.key(provision)]
        case_exceptions = tuple(e for e in provision.exceptions if e.scope is ExceptionScope.CASE)
        base = dict(law=law, provision=provision, applies=applies, case_exceptions=case_exceptions)
        if applies is Truth.FALSE:
            return ProvisionFinding(**base, status=None, reason="does not apply to this agency on this date")
        if applies is Truth.UNKNOWN:
            if provision.effect is Effect.PERMITS:
                return ProvisionFinding(**base, status=None, reason="express permission; its condition is unknown")
            missing = self.missing(facts_named(binding_condition(provision)))
            return ProvisionFinding(
                **base,
                status=Verdict.UNDETERMINED,
                missing_facts=missing,
                reason="applies only if facts that are unknown hold: " + ", ".join(missing),
            )
        found = self._effect_finding(base, law, provision)
        return self._as_own_policy(found) if law.kind is LawKind.AGENCY_POLICY else found

    @staticmethod
    def _as_own_policy(found: ProvisionFinding) -> ProvisionFinding:
        """An agency's own policy binds its staff, not the office: the agency can revise it, so it
        never makes joining unlawful (at most conditional on the revision) nor obliges joining."""
        law = found.law
        if found.status in (Verdict.PROHIBITED, Verdict.CONDITIONAL, Verdict.UNDETERMINED):
            evidence = f", known from {law.evidence_on}" if law.evidence_on else ""
            return replace(
                found,
                status=Verdict.CONDITIONAL,
                missing_facts=(),
                open_conditions=(f"the agency would first have to revise its own policy: {law.title}{evidence}",),
                reason="the agency's own policy, which it may revise; it does not make joining unlawful",
            )
        if found.status is Verdict.REQUIRED:
            return replace(found, status=None, reason="the agency's own policy; not a legal duty to take part")
        return found

    def _effect_finding(self, base: dict, law: Law, provision: Provision) -> ProvisionFinding:
        if provision.effect is Effect.PROHIBITS:
            return self._prohibition(base, law, provision)
        if provision.effect is Effect.RESTRICTS:
            return ProvisionFinding(
                **base,
                status=Verdict.CONDITIONAL,
                open_conditions=tuple(provision.conditions),
                reason="allowed only under the conditions it sets",
            )
        if provision.effect is Effect.REQUIRES:
            if self.library.catalogue.participation_activity not in provision.activities:
                return ProvisionFinding(
                    **base,
                    status=None,
                    reason="requires the activity itself, which is not a duty to join a 287(g) program",
                )
            if provision.duty is Duty.SEEK:
                return ProvisionFinding(
                    **base,
                    status=Verdict.PERMITTED,
                    reason="a duty to seek a 287(g) agreement, not to have one: ICE decides whether to sign",
                )
            return ProvisionFinding(**base, status=Verdict.REQUIRED, reason="obliges the agency to take part")
        return ProvisionFinding(**base, status=Verdict.PERMITTED, reason="expressly authorises the activity")

    def _prohibition(self, base: dict, law: Law, provision: Provision) -> ProvisionFinding:
        jurisdiction = [e for e in provision.exceptions if e.scope is ExceptionScope.JURISDICTION]
        readings = {e.id: self._exception_reading(law, provision, e) for e in jurisdiction}
        lifted = tuple(e for e in jurisdiction if readings[e.id] is Truth.TRUE)
        if lifted:
            return ProvisionFinding(
                **base,
                status=Verdict.PERMITTED,
                lifted_by=lifted,
                reason="prohibition lifted by a jurisdiction-level exception"
                + (
                    "; a 287(g) agreement itself is what it asks for" if any(e.met_by_agreement for e in lifted) else ""
                ),
            )
        open_exceptions = [e for e in jurisdiction if readings[e.id] is Truth.UNKNOWN]
        if open_exceptions:
            missing = self.missing(name for e in open_exceptions for name in facts_of(e.when))
            return ProvisionFinding(
                **base,
                status=Verdict.CONDITIONAL,
                missing_facts=missing,
                open_conditions=tuple(e.description for e in open_exceptions),
                reason="forbidden unless a jurisdiction-level exception is met",
            )
        reason = "forbids the activity"
        if base["case_exceptions"]:
            reason += "; its exceptions free single cases only, not the program"
        return ProvisionFinding(**base, status=Verdict.PROHIBITED, reason=reason)

    def _exception_reading(self, law: Law, provision: Provision, exception: ProvisionException) -> Truth:
        """Whether a jurisdiction-level exception holds: a 287(g) agreement meets one that asks for
        what the agreement itself is; one without `when` is an open condition."""
        if exception.met_by_agreement:
            return Truth.TRUE
        return self.answers[exception_key(law, provision, exception.id)] if exception.when else Truth.UNKNOWN

    @cached_property
    def findings_by_activity(self) -> dict[str, list[ProvisionFinding]]:
        """Each provision's finding, filed under every activity it touches (state law first)."""
        filed: dict[str, list[ProvisionFinding]] = {}
        for law in self.laws:
            for provision in law.provisions:
                found = self.finding(law, provision)
                for activity in provision.activities:
                    filed.setdefault(activity, []).append(found)
        return filed

    @cached_property
    def mandates(self) -> tuple[Mandate, ...]:
        """Binding, unpreempted duties to enter or seek a 287(g) agreement, for the agency as a whole."""
        participation = self.library.catalogue.participation_activity
        found = []
        for finding in self.findings_by_activity.get(participation, ()):
            provision = finding.provision
            binding = finding.applies is Truth.TRUE and finding.law.kind is not LawKind.AGENCY_POLICY
            if provision.effect is not Effect.REQUIRES or not binding:
                continue
            if self.unless_preempted(finding, participation).preempted_by:
                continue
            programs = tuple(provision.programs or self.library.program_ids)
            found.append(Mandate(provision.duty or Duty.ENTER, programs, finding))
        return tuple(found)

    def bars(self, program: Program) -> bool:
        """Whether a binding provision forbids an activity the program needs (mandates aside)."""
        if program.id not in self._barred:
            self._barred[program.id] = any(
                self.unless_preempted(f, activity).status is Verdict.PROHIBITED
                for activity in program.activities
                for f in self.findings_by_activity.get(activity, ())
            )
        return self._barred[program.id]

    @cached_property
    def general_gaps(self) -> tuple[Gap, ...]:
        """Gaps whatever the program: a date outside coverage, a state with no law encoded."""
        situation, library = self.situation, self.library
        gaps = []
        if situation.as_of < library.catalogue.coverage_from:
            gaps.append(Gap("date", f"the library covers dates from {library.catalogue.coverage_from} on"))
        if not self._covered(Place(situation.state, Level.STATE)):
            gaps.append(Gap("state", f"no state-level law of {situation.state} is encoded for {situation.as_of}"))
        return tuple(gaps)

    def own_place(self, situation: Situation) -> _OwnPlace | None:
        """What the agency's own county or city says of its local level, whatever the program:
        None for a state-level agency and for a place with a law file of its own (read per agency,
        once a report: the place is the one part of the agency its legal situation may leave out)."""
        level = self.library.agency_kind(situation.agency_kind).level
        if level is Level.STATE:
            return None
        name = situation.county if level is Level.COUNTY else situation.city
        state, day = self.situation.state, self.situation.as_of
        if name is not None and self._covered(Place(state, level, name)):
            return None
        place = f"{name}, {state}" if name else state
        survey = self.library.survey_for(state, day) if name else None
        locality = _surveyed(survey, level, name) if survey and name else None
        unsettled = self._unsettled(level, name, place, survey, locality, day)
        found = _survey_message(survey, level, place, locality) if survey and unsettled is None else None
        return _OwnPlace(level, place, survey, locality, unsettled, found)

    def local_reading(self, program: Program, own: _OwnPlace | None) -> tuple[tuple[Gap, ...], LocalBasis | None]:
        """The local level for one program at the agency's own place: a gap, or the basis on which
        it is known (none when the place has a law file or the agency is state-level)."""
        return ((), None) if own is None else own.reading(program, self._voided(own.level, program))

    def _covered(self, place: Place) -> bool:
        """Encoded for the date: a law file of the place, or a no_law review whose period holds the date."""
        day = self.situation.as_of
        return any(
            law.kind is not LawKind.NO_LAW or holds(law.effective, law.ends, day) for law in self.library.laws_at(place)
        )

    def local_preemption(self, level: Level, activity: str) -> tuple[str, ...]:
        """Citations of state provisions in force that void every local limit (prohibitions and
        restrictions) of `level` on `activity`; empty when some local limit could still stand."""
        voiding = {
            effect: [
                p.citation
                for law, p in self.preemptions
                if law.level is Level.STATE
                and p.preempts is not None
                and level in p.preempts.levels
                and effect in p.preempts.effects
                and (p.preempts.activities is None or activity in p.preempts.activities)
            ]
            for effect in (Effect.PROHIBITS, Effect.RESTRICTS)
        }
        if not all(voiding.values()):
            return ()
        return tuple(dict.fromkeys(c for citations in voiding.values() for c in citations))

    def _voided(self, level: Level, program: Program) -> _Voiding:
        """The program's activities on which state law voids every local limit of `level`, the
        citations that do it, and the note saying so: the same for every place (cached)."""
        if (level, program.id) not in self._voided_by:
            preempted = {a: self.local_preemption(level, a) for a in program.activities}
            voided = tuple(a for a in program.activities if preempted[a])
            citations = tuple(dict.fromkeys(c for a in voided for c in preempted[a]))
            note = _preemption_note(self.library, voided, citations) if voided else None
            self._voided_by[(level, program.id)] = (voided, citations, note)
        return self._voided_by[(level, program.id)]

    def _unsettled(
        self,
        level: Level,
        name: str | None,
        place: str,
        survey: LocalSurvey | None,
        locality: SurveyedLocality | None,
        day: dt.date,
    ) -> str | None:
        """Why no survey settles the place's local law on the date (None when one does)."""
        if name is None:
            return f"the agency's {level.value} is not recorded in its profile"
        if survey is None:
            return self._unsurveyed(level, place)
        if locality and locality.resolution is LocalityResolution.UNRESOLVED:
            return (
                f"no {level.value}-level law of {place} is encoded, and the survey {survey.id} lists it (named by "
                f"{', '.join(locality.named_by)}) as unresolved: what it adopted is not known"
            )
        if locality and locality.date and day < locality.date:
            return (
                f"no {level.value}-level law of {place} is encoded, and the survey {survey.id} lists it as having "
                f"a law that bound until {locality.date} ({locality.resolution.value})"
            )
        return None

    def _unsurveyed(self, level: Level, place: str) -> str:
        state = self.situation.state
        periods = self.library.surveys_of(state)
        if not periods:
            return f"no {level.value}-level law of {place} is encoded and the state's local laws have not been surveyed"
        spans = ", ".join(
            f"{s.covers_from} on" if s.covers_until is None else f"{s.covers_from} to {s.covers_until}"
            for s in sorted(periods, key=lambda s: s.covers_from)
        )
        return (
            f"no {level.value}-level law of {place} is encoded and the survey of {state}'s local laws "
            f"covers {spans}, not {self.situation.as_of}"
        )


@dataclass
class _OwnPlace:
    """What an agency's own place says of its local level: how the place is named, the survey and
    its entry for the place, why no survey settles it (None when one does), what the survey found.
    A program's local reading depends on it and on state law's voiding of local limits only, so
    the programs of one report share a reading (and one LocalBasis) for each voiding."""

    level: Level
    place: str
    survey: LocalSurvey | None
    locality: SurveyedLocality | None
    unsettled: str | None
    found: str | None
    _readings: dict[tuple[_Voiding, bool], tuple[tuple[Gap, ...], LocalBasis | None]] = field(
        default_factory=dict, init=False, repr=False
    )

    def reading(self, program: Program, voiding: _Voiding) -> tuple[tuple[Gap, ...], LocalBasis | None]:
        """A gap unless state law voids every local limit on the program's activities or a survey
        speaks for the date; else no gap, and the basis names which."""
        gap = self.unsettled is not None and len(voiding[0]) < len(program.activities)
        if (voiding, gap) not in self._readings:
            self._readings[(voiding, gap)] = self._gap(voiding) if gap else ((), self._basis(voiding))
        return self._readings[(voiding, gap)]

    def _gap(self, voiding: _Voiding) -> tuple[tuple[Gap, ...], None]:
        note = voiding[2]
        return (Gap(self.level.value, "; ".join(m for m in (self.unsettled, note) if m)),), None

    def _basis(self, voiding: _Voiding) -> LocalBasis:
        voided, citations, note = voiding
        survey, locality = (None, None) if self.unsettled is not None else (self.survey, self.locality)
        message = "; ".join(m for m in (self.found, note) if m)
        return LocalBasis(self.level.value, self.place, message, survey, locality, citations, voided)


def _surveyed(survey: LocalSurvey, level: Level, name: str) -> SurveyedLocality | None:
    """The survey's entry for the place, if a source named it."""
    return next((loc for loc in survey.localities if (loc.county if level is Level.COUNTY else loc.city) == name), None)


def _survey_message(survey: LocalSurvey, level: Level, place: str, locality: SurveyedLocality | None) -> str:
    sources = survey.cited_sources
    found = f"no {level.value}-level law of {place} found in sources {sources} (survey reviewed {survey.reviewed_on})"
    if locality is None:
        return found
    return f"{found}; listed by {', '.join(locality.named_by)}: {locality.resolution.value.replace('_', ' ')}"


def _preemption_note(library: Library, activities: tuple[str, ...], citations: tuple[str, ...]) -> str:
    labels = ", ".join(library.activity(a).label for a in activities)
    return f"local law cannot limit these activities: {labels}: preempted by {'; '.join(citations)}"


class _Assessor:
    """Works out one program's Assessment from a situation's reading of the law: everything but
    the local level once, then an assessment for each agency's gaps and local basis."""

    def __init__(self, reading: _Reading, program: Program):
        self.reading = reading
        self.program = program
        self._deciding: dict[Verdict, tuple[ProvisionFinding, ...]] = {}

    def _for_program(self, finding: ProvisionFinding) -> ProvisionFinding:
        """A duty to take part makes this program `required` only when it is the way to comply:
        named by the duty, and no other program that satisfies the duty is open to the agency."""
        if finding.status is None or finding.provision.effect is not Effect.REQUIRES:
            return finding
        library = self.reading.library
        programs = finding.provision.programs or library.program_ids
        if self.program.id not in programs:
            return replace(
                finding,
                status=None,
                reason="requires participation, but only " + ", ".join(p.upper() for p in programs) + " satisfies it",
            )
        if finding.status is not Verdict.REQUIRED:
            return finding
        open_alternatives = [p for p in programs if p != self.program.id and not self.reading.bars(library.program(p))]
        if open_alternatives:
            return replace(
                finding,
                status=Verdict.PERMITTED,
                reason="requires some 287(g) agreement; this program satisfies it, as would "
                + ", ".join(p.upper() for p in open_alternatives),
            )
        only = (
            "the only program it names" if len(programs) == 1 else "the only program open to the agency that meets it"
        )
        return replace(finding, reason=f"obliges the agency to take part, and this is {only}")

    def activity(self, activity_id: str) -> ActivityFinding:
        touching = tuple(
            self._for_program(self.reading.unless_preempted(f, activity_id))
            for f in self.reading.findings_by_activity.get(activity_id, ())
        )
        status = strongest(f.status for f in touching if f.status is not None)
        return ActivityFinding(activity_id, self.reading.library.activity(activity_id).label, status, touching)

    @cached_property
    def activities(self) -> tuple[ActivityFinding, ...]:
        return tuple(self.activity(a) for a in self.program.activities)

    @cached_property
    def activity_verdict(self) -> Verdict:
        """What the activities come to, before gaps and conflicts."""
        return strongest(a.status for a in self.activities)

    @cached_property
    def shown(self) -> tuple[ProvisionFinding, ...]:
        return tuple(f for a in self.activities for f in a.provisions)

    @cached_property
    def conflicts(self) -> tuple[Conflict, ...]:
        """A binding requirement to take part set against a binding prohibition of a needed activity."""
        requiring = _unique(f for f in self.shown if f.status is Verdict.REQUIRED)
        prohibiting = _unique(f for f in self.shown if f.status is Verdict.PROHIBITED)
        return tuple(Conflict(p, r, _shared_activity(p, r)) for r in requiring for p in prohibiting)

    @cached_property
    def missing_facts(self) -> tuple[str, ...]:
        relevant = [f for f in self.shown if f.status in (Verdict.UNDETERMINED, Verdict.CONDITIONAL)]
        return tuple(sorted({name for f in relevant for name in f.missing_facts}))

    @cached_property
    def not_applicable(self) -> tuple[ProvisionFinding, ...]:
        return _unique(f for f in self.shown if f.status is None and not f.preempted_by)

    def deciding(self, verdict: Verdict) -> tuple[ProvisionFinding, ...]:
        if verdict not in self._deciding:
            deciding = _unique(f for f in self.shown if f.status is verdict)
            if self.conflicts:
                sides = [c.prohibiting for c in self.conflicts] + [c.requiring for c in self.conflicts]
                deciding = _unique(sides + list(deciding))
            self._deciding[verdict] = deciding
        return self._deciding[verdict]

    def assessment(self, gaps: tuple[Gap, ...], local_basis: LocalBasis | None) -> Assessment:
        """The assessment for an agency whose place leaves these gaps, on this local basis."""
        reading, activities, conflicts = self.reading, self.activities, self.conflicts
        verdict = self.activity_verdict
        if gaps or conflicts:
            verdict = strongest([verdict, Verdict.UNDETERMINED])
        if conflicts:
            verdict = Verdict.UNDETERMINED
        return Assessment(
            program=self.program,
            as_of=reading.situation.as_of,
            verdict=verdict,
            activities=activities,
            deciding=self.deciding(verdict),
            conflicts=conflicts,
            gaps=gaps,
            missing_facts=self.missing_facts,
            laws_considered=reading.laws,
            not_applicable=self.not_applicable,
            engine=reading.engine_name,
            local_basis=local_basis,
        )


def _unique(findings: Iterable[ProvisionFinding]) -> tuple[ProvisionFinding, ...]:
    seen: dict[str, ProvisionFinding] = {}
    for finding in findings:
        seen.setdefault(finding.key, finding)
    return tuple(seen.values())


def _shared_activity(a: ProvisionFinding, b: ProvisionFinding) -> str | None:
    shared = [x for x in a.provision.activities if x in b.provision.activities]
    return shared[0] if shared else None


def _verdict_within(assessment: Assessment, agreement: Agreement) -> Verdict:
    """The verdict on the activities an agreement covers: a narrowed agreement answers only for them."""
    if agreement.activities is None:
        return assessment.verdict
    return strongest(a.status for a in assessment.activities if a.activity in agreement.activities)


def _alerts(profile: Profile, assessments: tuple[Assessment, ...]) -> Iterable[AgreementAlert]:
    """Agreements in force on the date whose program the law forbids or conditions."""
    verdicts: Mapping[str, Assessment] = {a.program.id: a for a in assessments}
    for agreement in profile.agreements_287g:
        assessment = verdicts.get(agreement.program)
        if assessment is None or not holds(agreement.signed, agreement.ended, assessment.as_of):
            continue
        verdict = _verdict_within(assessment, agreement)
        if verdict is Verdict.PROHIBITED:
            message = (
                f"{profile.agency} holds a {assessment.program.name} agreement signed {agreement.signed} "
                f"that the law forbids as of {assessment.as_of}"
            )
        elif verdict is Verdict.CONDITIONAL:
            message = (
                f"{profile.agency} holds a {assessment.program.name} agreement signed {agreement.signed} "
                f"that is lawful as of {assessment.as_of} only if the listed conditions hold"
            )
        else:
            continue
        yield AgreementAlert(agreement.program, agreement.signed, verdict, message)


def evaluator_for(library: Library, engine: str = "auto") -> Evaluator:
    """An evaluator of the library; InputError located at the law when the engine cannot hold it."""
    try:
        return Evaluator(library, engine)
    except RuleLimitError as error:
        raise engine_limit(library, error) from None


def engine_limit(library: Library, error: RuleLimitError) -> InputError:
    """The engine's refusal of the library, located at the law it names (else the catalogue)."""
    origin = library.origins.get(error.law_id or "") or library.origins[CATALOGUE]
    line, column = origin.locator.key_at(("provisions",))
    return InputError([Problem(origin.display, line, column, "engine-limit", str(error))])
