"""Running the test scenarios each law file carries against the library it belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import Truth
from .evaluation import Evaluator
from .models import Law, Profile, Scenario
from .verdicts import Verdict


@dataclass(frozen=True)
class ScenarioOutcome:
    law: Law
    index: int
    scenario: Scenario
    verdict: Verdict
    citations: tuple[str, ...]
    reasons: tuple[str, ...]
    applied: frozenset[str]

    @property
    def passed(self) -> bool:
        expected = self.scenario.expect
        return self.verdict.value == expected.verdict and set(self.citations) == set(expected.citations)

    def explain(self) -> str:
        """Expected and actual side by side, for a failing test's message."""
        expected = self.scenario.expect
        missing = sorted(set(expected.citations) - set(self.citations))
        extra = sorted(set(self.citations) - set(expected.citations))
        lines = [
            f"scenario {self.index + 1} of {self.law.id}: {self.scenario.name}",
            f"  program {self.scenario.program}, as of {self.scenario.as_of}",
            f"  expected verdict: {expected.verdict}",
            f"  actual verdict:   {self.verdict.value}",
        ]
        if missing:
            lines.append("  expected citations not deciding: " + "; ".join(missing))
        if extra:
            lines.append("  deciding citations not expected: " + "; ".join(extra))
        lines.extend(f"  because: {reason}" for reason in self.reasons)
        return "\n".join(lines)


def scenario_profile(law: Law, index: int, scenario: Scenario) -> Profile:
    """A whole profile from the scenario's fragment; place defaults to the law's own."""
    fragment = scenario.profile
    return Profile(
        id=fragment.agency_id or f"scenario-{law.id}-{index + 1}",
        agency=scenario.name,
        agency_kind=fragment.agency_kind,
        state=law.jurisdiction.state,
        county=fragment.county or law.jurisdiction.county,
        city=fragment.city or law.jurisdiction.city,
        operates_jail=fragment.operates_jail,
        facts=dict(fragment.facts),
    )


def run_scenario(evaluator: Evaluator, law: Law, index: int) -> ScenarioOutcome:
    scenario = law.scenarios[index]
    profile = scenario_profile(law, index, scenario)
    report = evaluator.report(profile, [scenario.program], scenario.as_of)
    assessment = report.assessments[0]
    situation = evaluator.situation(profile, scenario.as_of)
    answers = evaluator.answers(situation)
    citations = tuple(f.provision.citation for f in assessment.deciding)
    reasons = tuple(
        [g.message for g in assessment.gaps]
        + [c.describe() for c in assessment.conflicts]
        + [f"missing fact {name}" for name in assessment.missing_facts]
    )
    applied = frozenset(key for key, truth in answers.items() if truth is Truth.TRUE)
    return ScenarioOutcome(law, index, scenario, assessment.verdict, citations, reasons, applied)


def bites(outcome: ScenarioOutcome) -> bool:
    """Some provision of the scenario's own law applies to its agency on its date."""
    return any(outcome.law.key(provision) in outcome.applied for provision in outcome.law.provisions)


def decides(outcome: ScenarioOutcome) -> bool:
    """The law bites: a provision of its own decides a verdict other than `permitted` (a law cited
    for `permitted` only authorises, or was lifted by an exception)."""
    own = {provision.citation for provision in outcome.law.provisions}
    return outcome.verdict is not Verdict.PERMITTED and any(citation in own for citation in outcome.citations)
