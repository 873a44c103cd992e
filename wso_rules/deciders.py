"""What would decide it: for a verdict that waits on unknown facts, the verdict each value gives.

Computed by evaluating the alternatives, never written by hand: each missing fact is given each
value the laws can tell apart (true and false; a text fact's values; an integer just below and at
every threshold a condition names), one fact at a time, and the agency is evaluated again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .compiling import binding_condition
from .conditions import fact_tests
from .findings import Alternative, Assessment
from .models import Condition, FactType, FactValue, Law, Profile
from .verdicts import Verdict

if TYPE_CHECKING:
    from .evaluation import Evaluator

UNDECIDED = (Verdict.UNDETERMINED, Verdict.CONDITIONAL)


def alternatives(evaluator: Evaluator, profile: Profile, assessments: Iterable[Assessment]) -> Iterator[Alternative]:
    """For each assessment that waits on facts, the verdict under each value of each missing fact."""
    for assessment in assessments:
        if assessment.verdict not in UNDECIDED:
            continue
        for fact in assessment.missing_facts:
            for value in candidate_values(evaluator, fact, assessment.laws_considered):
                yield _alternative(evaluator, profile, assessment, fact, value)


def candidate_values(evaluator: Evaluator, fact: str, laws: Iterable[Law]) -> list[FactValue]:
    """The values of `fact` that the laws' conditions can tell apart."""
    definition = next(f for f in evaluator.library.catalogue.facts if f.id == fact)
    if definition.type is FactType.BOOLEAN:
        return [True, False]
    tests = [t for law in laws for condition in _conditions(law) for t in fact_tests(condition) if t.fact == fact]
    if definition.type is FactType.TEXT:
        named = definition.values or [v for t in tests for v in [t.equals, *(t.one_of or [])] if isinstance(v, str)]
        return list(dict.fromkeys(named))
    bounds = {b for t in tests for b in (_below_and_at(t.at_least) + _at_and_above(t.at_most))}
    return sorted(bounds)


def _alternative(
    evaluator: Evaluator, profile: Profile, assessment: Assessment, fact: str, value: FactValue
) -> Alternative:
    assumed = profile.model_copy(update={"facts": {**profile.facts, fact: value}})
    as_of: dt.date = assessment.as_of
    found = evaluator.assess(evaluator.situation(assumed, as_of), assessment.program.id)
    citations = tuple(dict.fromkeys(f.provision.citation for f in found.deciding))
    return Alternative(assessment.program.id, fact, value, found.verdict, citations)


def _conditions(law: Law) -> Iterator[Condition]:
    for provision in law.provisions:
        condition = binding_condition(provision)
        if condition is not None:
            yield condition
        yield from (e.when for e in provision.exceptions if e.when is not None)


def _below_and_at(bound: int | None) -> list[int]:
    return [] if bound is None else [bound - 1, bound]


def _at_and_above(bound: int | None) -> list[int]:
    return [] if bound is None else [bound, bound + 1]
