"""What an evaluation finds: built once as data, then rendered by every report format."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .conditions import Truth
from .models import (
    Duty,
    FactValue,
    Law,
    LocalSurvey,
    Profile,
    Program,
    Provision,
    ProvisionException,
    SurveyedLocality,
)
from .verdicts import Verdict

if TYPE_CHECKING:
    from .library import Library


@dataclass(frozen=True)
class ProvisionFinding:
    """How one binding, in-force provision bears on a program for this agency."""

    law: Law
    provision: Provision
    applies: Truth
    status: Verdict | None
    reason: str
    preempted_by: tuple[str, ...] = ()
    lifted_by: tuple[ProvisionException, ...] = ()
    open_conditions: tuple[str, ...] = ()
    case_exceptions: tuple[ProvisionException, ...] = ()
    missing_facts: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.law.key(self.provision)


@dataclass(frozen=True)
class ActivityFinding:
    activity: str
    label: str
    status: Verdict
    provisions: tuple[ProvisionFinding, ...]


@dataclass(frozen=True)
class Conflict:
    """Two binding provisions that pull opposite ways; never resolved silently."""

    prohibiting: ProvisionFinding
    requiring: ProvisionFinding
    activity: str | None

    def describe(self) -> str:
        where = f" on {self.activity}" if self.activity else ""
        return (
            f"{self.prohibiting.provision.citation} forbids what {self.requiring.provision.citation} "
            f"requires{where}; the library cannot say which prevails"
        )


@dataclass(frozen=True)
class Gap:
    """A level of law that binds the agency but is not encoded, or a date outside coverage."""

    level: str
    message: str


@dataclass(frozen=True)
class LocalBasis:
    """Why a local level with no law file of its own still counts as known for a program: a survey
    of the state's local laws speaks for the date, or state law voids local limits on every
    activity the program needs (or both, in part)."""

    level: str
    place: str
    message: str
    survey: LocalSurvey | None = None
    locality: SurveyedLocality | None = None
    """The survey's entry for the place, when a source named it."""
    preempted_by: tuple[str, ...] = ()
    """Citations of the state provisions that void local limits on `preempted_activities`."""
    preempted_activities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """One program, one agency situation, one date: the verdict and everything that decided it."""

    program: Program
    as_of: dt.date
    verdict: Verdict
    activities: tuple[ActivityFinding, ...]
    deciding: tuple[ProvisionFinding, ...]
    conflicts: tuple[Conflict, ...]
    gaps: tuple[Gap, ...]
    missing_facts: tuple[str, ...]
    laws_considered: tuple[Law, ...]
    not_applicable: tuple[ProvisionFinding, ...]
    engine: str
    local_basis: LocalBasis | None = None
    """How the agency's local level was decided when it has no law file (None: it has one, the
    agency is a state agency, or the level is a gap)."""


@dataclass(frozen=True)
class AgreementAlert:
    """An existing 287(g) agreement that the law, as of the date, forbids or conditions."""

    program: str
    signed: dt.date
    verdict: Verdict
    message: str


@dataclass(frozen=True)
class Mandate:
    """A binding duty, on the agency as a whole, to enter (or to seek) some 287(g) agreement:
    reported once per agency, since most mandates are met by any of several programs."""

    duty: Duty
    programs: tuple[str, ...]
    finding: ProvisionFinding

    def describe(self) -> str:
        names = ", ".join(program.upper() for program in self.programs)
        citation = self.finding.provision.citation
        if self.duty is Duty.SEEK:
            return f"must seek a 287(g) agreement ({names}); ICE decides whether to sign -- {citation}"
        choice = "any of " if len(self.programs) > 1 else ""
        return f"287(g) participation required: {choice}{names} -- {citation}"


@dataclass(frozen=True)
class Alternative:
    """What one value of a missing fact would make of a program's verdict."""

    program: str
    fact: str
    value: FactValue
    verdict: Verdict
    citations: tuple[str, ...]

    def describe(self) -> str:
        shown = str(self.value).lower() if isinstance(self.value, bool) else str(self.value)
        cited = f" ({'; '.join(self.citations)})" if self.citations else ""
        return f"if {self.fact} is {shown}: {self.verdict.value}{cited}"


@dataclass(frozen=True)
class AgencyReport:
    """Everything a report shows about one agency."""

    profile: Profile
    as_of: dt.date
    assessments: tuple[Assessment, ...]
    alerts: tuple[AgreementAlert, ...] = field(default=())
    mandates: tuple[Mandate, ...] = field(default=())
    alternatives: tuple[Alternative, ...] = field(default=())
    library: Library | None = field(default=None, compare=False, repr=False)
    """The library it was evaluated against (`Evaluator.report` sets it), which labels the data."""

    def to_dict(self) -> dict[str, Any]:
        """The report as the documented JSON data (docs/report-json.md): what `check --format json` prints."""
        from .reporting import agency_document

        return agency_document(self, self._evaluated_against())

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def records(self) -> list[dict[str, Any]]:
        """Flat rows, one per program (agency, program, verdict, deciding citations, as-of ...), which
        `pandas.DataFrame` takes as they are; `wso_rules.records` does the same for many reports."""
        from .reporting import records

        return list(records([self]))

    def _repr_html_(self) -> str:
        """The HTML report, so a notebook shows a report by evaluating it."""
        from .output import render

        return render(self.to_dict(), "html")

    def _evaluated_against(self) -> Library:
        if self.library is None:
            raise ValueError("this report was not made by Evaluator.report, so it has no library to label it")
        return self.library
