"""Three-valued reading of conditions: a fact that is unknown makes a test unknown, never false.

This is the plain, obviously-correct evaluator that the durable-rules engine is checked against.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import Enum

from .models import AllOf, AnyOf, Condition, FactTest, FactValue, NotOf


class Truth(str, Enum):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    def negate(self) -> Truth:
        return {Truth.TRUE: Truth.FALSE, Truth.FALSE: Truth.TRUE}.get(self, Truth.UNKNOWN)


def _all(values: list[Truth]) -> Truth:
    if Truth.FALSE in values:
        return Truth.FALSE
    return Truth.UNKNOWN if Truth.UNKNOWN in values else Truth.TRUE


def _any(values: list[Truth]) -> Truth:
    if Truth.TRUE in values:
        return Truth.TRUE
    return Truth.UNKNOWN if Truth.UNKNOWN in values else Truth.FALSE


def _test(test: FactTest, value: FactValue) -> bool:
    if test.equals is not None:
        return value == test.equals and type(value) is type(test.equals)
    if test.one_of is not None:
        return any(value == option and type(value) is type(option) for option in test.one_of)
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    if test.at_least is not None:
        return value >= test.at_least
    return test.at_most is not None and value <= test.at_most


def evaluate(condition: Condition, facts: Mapping[str, FactValue]) -> Truth:
    """Kleene logic over the known facts; a fact missing from `facts` is unknown."""
    if isinstance(condition, FactTest):
        if condition.fact not in facts:
            return Truth.UNKNOWN
        return Truth.TRUE if _test(condition, facts[condition.fact]) else Truth.FALSE
    if isinstance(condition, AllOf):
        return _all([evaluate(part, facts) for part in condition.all])
    if isinstance(condition, AnyOf):
        return _any([evaluate(part, facts) for part in condition.any])
    if isinstance(condition, NotOf):
        return evaluate(condition.not_, facts).negate()
    raise TypeError(f"not a condition: {condition!r}")


def fact_tests(condition: Condition) -> Iterator[FactTest]:
    """Every fact test inside a condition, depth first."""
    if isinstance(condition, FactTest):
        yield condition
    elif isinstance(condition, (AllOf, AnyOf)):
        for part in condition.all if isinstance(condition, AllOf) else condition.any:
            yield from fact_tests(part)
    elif isinstance(condition, NotOf):
        yield from fact_tests(condition.not_)


def facts_named(condition: Condition | None) -> tuple[str, ...]:
    """The fact ids a condition reads, sorted and without repeats."""
    return tuple(sorted({test.fact for test in fact_tests(condition)})) if condition else ()
