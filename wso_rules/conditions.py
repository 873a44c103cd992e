"""Conditions in the engine-neutral form both engines read, and their three-valued reading.

`compile_condition` is the one place a pydantic `Condition` becomes plain frozen data; the
engines (durable-rules and the plain evaluator) see only these. A fact that is unknown makes a
test unknown, never false: `evaluate` is the plain, obviously-correct reading that the
durable-rules engine is checked against.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from .models import AllOf, AnyOf, Condition, FactTest, FactValue, NotOf

Operator = Literal["equals", "one_of", "at_least", "at_most"]


class Truth(str, Enum):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    def negate(self) -> Truth:
        return {Truth.TRUE: Truth.FALSE, Truth.FALSE: Truth.TRUE}.get(self, Truth.UNKNOWN)


@dataclass(frozen=True)
class Comparison:
    """One fact compared: `values` holds one value, or the options of `one_of`."""

    fact: str
    operator: Operator
    values: tuple[FactValue, ...]


@dataclass(frozen=True)
class Every:
    parts: tuple[Compiled, ...]


@dataclass(frozen=True)
class Some:
    parts: tuple[Compiled, ...]


@dataclass(frozen=True)
class Negation:
    part: Compiled


Compiled = Comparison | Every | Some | Negation


def compile_condition(condition: Condition) -> Compiled:
    """The engine-neutral form of a condition from a law file."""
    if isinstance(condition, FactTest):
        for operator in ("equals", "at_least", "at_most"):
            value = getattr(condition, operator)
            if value is not None:
                return Comparison(condition.fact, operator, (value,))
        return Comparison(condition.fact, "one_of", tuple(condition.one_of or ()))
    if isinstance(condition, AllOf):
        return Every(tuple(compile_condition(part) for part in condition.all))
    if isinstance(condition, AnyOf):
        return Some(tuple(compile_condition(part) for part in condition.any))
    if isinstance(condition, NotOf):
        return Negation(compile_condition(condition.not_))
    raise TypeError(f"not a condition: {condition!r}")


def _all(values: list[Truth]) -> Truth:
    if Truth.FALSE in values:
        return Truth.FALSE
    return Truth.UNKNOWN if Truth.UNKNOWN in values else Truth.TRUE


def _any(values: list[Truth]) -> Truth:
    if Truth.TRUE in values:
        return Truth.TRUE
    return Truth.UNKNOWN if Truth.UNKNOWN in values else Truth.FALSE


def _same(value: FactValue, wanted: FactValue) -> bool:
    return value == wanted and type(value) is type(wanted)


def _holds(test: Comparison, value: FactValue) -> bool:
    if test.operator in ("equals", "one_of"):
        return any(_same(value, wanted) for wanted in test.values)
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    (bound,) = test.values
    return value >= bound if test.operator == "at_least" else value <= bound


def evaluate(condition: Compiled, facts: Mapping[str, FactValue]) -> Truth:
    """Kleene logic over the known facts; a fact missing from `facts` is unknown."""
    if isinstance(condition, Comparison):
        if condition.fact not in facts:
            return Truth.UNKNOWN
        return Truth.TRUE if _holds(condition, facts[condition.fact]) else Truth.FALSE
    if isinstance(condition, Every):
        return _all([evaluate(part, facts) for part in condition.parts])
    if isinstance(condition, Some):
        return _any([evaluate(part, facts) for part in condition.parts])
    return evaluate(condition.part, facts).negate()


def tests(condition: Compiled) -> Iterator[Comparison]:
    """Every fact test inside a condition, depth first."""
    if isinstance(condition, Comparison):
        yield condition
    elif isinstance(condition, (Every, Some)):
        for part in condition.parts:
            yield from tests(part)
    else:
        yield from tests(condition.part)


def facts_named(condition: Compiled | None) -> tuple[str, ...]:
    """The fact ids a condition reads, sorted and without repeats."""
    return tuple(sorted({test.fact for test in tests(condition)})) if condition else ()


def facts_of(condition: Condition | None) -> tuple[str, ...]:
    """The fact ids a law file's condition reads (none when there is no condition)."""
    return facts_named(compile_condition(condition)) if condition is not None else ()
