"""What would decide it: for a verdict that waits on unknown facts, the verdict each value gives.

Computed by evaluating the alternatives, never written by hand: each missing fact is given each
value the laws can tell apart (true and false; a text fact's values; an integer just below and at
every threshold a condition names), one fact at a time, and the agency is evaluated again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .compiling import binding_condition
from .conditions import Comparison, Compiled, compile_condition, tests
from .findings import Alternative, Assessment
from .models import FactType, FactValue, Law
from .verdicts import Verdict

if TYPE_CHECKING:
    from .evaluation import Evaluator, Situation

UNDECIDED = (Verdict.UNDETERMINED, Verdict.CONDITIONAL)


def alternatives(
    evaluator: Evaluator, situation: Situation, assessments: Iterable[Assessment]
) -> Iterator[Alternative]:
    """For each assessment that waits on facts, the verdict under each value of each missing fact."""
    for assessment in assessments:
        if assessment.verdict not in UNDECIDED:
            continue
        for fact in assessment.missing_facts:
            for value in candidate_values(evaluator, fact, assessment.laws_considered):
                yield _alternative(evaluator, situation, assessment, fact, value)


def candidate_values(evaluator: Evaluator, fact: str, laws: Iterable[Law]) -> list[FactValue]:
    """The values of `fact` that the laws' conditions can tell apart."""
    definition = evaluator.library.fact(fact)
    assert definition is not None, fact  # a missing fact is one a validated law reads
    if definition.type is FactType.BOOLEAN:
        return [True, False]
    found = [t for law in laws for condition in _conditions(law) for t in tests(condition) if t.fact == fact]
    if definition.type is FactType.TEXT:
        named = definition.values or [v for t in found for v in t.values if isinstance(v, str)]
        return list(dict.fromkeys(named))
    bounds = {b for t in found for b in _either_side(t)}
    return sorted(bounds)


def _alternative(
    evaluator: Evaluator, situation: Situation, assessment: Assessment, fact: str, value: FactValue
) -> Alternative:
    found = evaluator.assess(situation.assuming(fact, value), assessment.program.id)
    citations = tuple(dict.fromkeys(f.provision.citation for f in found.deciding))
    return Alternative(assessment.program.id, fact, value, found.verdict, citations)


def _conditions(law: Law) -> Iterator[Compiled]:
    for provision in law.provisions:
        condition = binding_condition(provision)
        if condition is not None:
            yield condition
        yield from (compile_condition(e.when) for e in provision.exceptions if e.when is not None)


def _either_side(test: Comparison) -> list[int]:
    """The integers a threshold tells apart: just below and at `at_least`, at and just above `at_most`."""
    (bound,) = test.values if test.operator in ("at_least", "at_most") else (None,)
    if not isinstance(bound, int) or isinstance(bound, bool):
        return []
    return [bound - 1, bound] if test.operator == "at_least" else [bound, bound + 1]
