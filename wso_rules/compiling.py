"""Compiling laws into clauses: the engine-neutral questions an evaluation asks of each case.

A clause asks, for one provision: is it in force on the date, does it bind this kind of agency,
and does its `applies_if` hold? Or, for one exception: does its `when` hold? Clauses are plain
frozen data (conditions in the form of `conditions.py`), never pydantic models. Both engines
(durable-rules and the plain evaluator) answer the same clauses, so their answers can be
compared one for one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .conditions import Comparison, Compiled, Every, compile_condition
from .dates import holds
from .library import Library
from .models import Law, Provision

Span = tuple[int, int | None]
"""Days in force as date ordinals: from the first (inclusive) to the second (exclusive, None = open)."""


@dataclass(frozen=True)
class Clause:
    key: str
    law_id: str
    state: str
    spans: tuple[Span, ...] | None
    agency_kinds: frozenset[str] | None
    condition: Compiled | None

    def in_scope(self, as_of: int, agency_kind: str) -> bool:
        """In force on the day and binding this kind of agency (always known, so two-valued)."""
        in_force = self.spans is None or any(holds(start, end, as_of) for start, end in self.spans)
        return in_force and (self.agency_kinds is None or agency_kind in self.agency_kinds)


def exception_key(law: Law, provision: Provision, exception_id: str) -> str:
    return f"{law.key(provision)}!{exception_id}"


def preemption_key(law: Law, provision: Provision) -> str:
    """In force, whatever agency asks: a preemption voids local law, it does not bind an agency."""
    return f"{law.key(provision)}@preempts"


def _subtract(spans: list[Span], gap_start: int, gap_end: int | None) -> list[Span]:
    """Remove [gap_start, gap_end) from each span."""
    result: list[Span] = []
    for start, end in spans:
        if end is not None and end <= gap_start or gap_end is not None and gap_end <= start:
            result.append((start, end))
            continue
        if start < gap_start:
            result.append((start, gap_start))
        if gap_end is not None and (end is None or gap_end < end):
            result.append((gap_end, end))
    return result


def in_force_spans(law: Law, provision: Provision) -> tuple[Span, ...]:
    """The provision's days in force: its law's period, narrowed by its own dates, less injunctions."""
    start = max(law.effective, provision.effective or law.effective)
    ends = [d for d in (law.ends, provision.ends) if d is not None]
    end = min(ends) if ends else None
    spans: list[Span] = [(start.toordinal(), end.toordinal() if end else None)] if not end or end > start else []
    for injunction in law.injunctions:
        if injunction.provisions is None or provision.id in injunction.provisions:
            spans = _subtract(
                spans, injunction.effective.toordinal(), injunction.ends.toordinal() if injunction.ends else None
            )
    return tuple(spans)


AGENCY_ID_FACT = "agency_id"
"""The fact that carries a profile's id, for provisions that bind named agencies."""


def binding_condition(provision: Provision) -> Compiled | None:
    """`applies_if`, narrowed to the named agencies when the provision names them."""
    applies = compile_condition(provision.applies_if) if provision.applies_if is not None else None
    if provision.agencies is None:
        return applies
    named = Comparison(AGENCY_ID_FACT, "one_of", tuple(provision.agencies))
    return named if applies is None else Every((applies, named))


def _provision_clauses(law: Law, provision: Provision) -> Iterable[Clause]:
    kinds = None if provision.binds == "all" else frozenset(provision.binds)
    state = law.jurisdiction.state
    spans = in_force_spans(law, provision)
    yield Clause(law.key(provision), law.id, state, spans, kinds, binding_condition(provision))
    if provision.preempts is not None:
        yield Clause(preemption_key(law, provision), law.id, state, spans, None, None)
    for exception in provision.exceptions:
        if exception.when is not None:
            key = exception_key(law, provision, exception.id)
            yield Clause(key, law.id, state, None, None, compile_condition(exception.when))


class RuleBook:
    """The library's clauses, grouped by law (the unit an engine is asked about); each law is
    compiled the first time an engine asks about it, so a check compiles its own state's laws."""

    def __init__(self, library: Library):
        self.library = library
        self._clauses_by_law: dict[str, tuple[Clause, ...]] = {}

    def clauses_of(self, law_id: str) -> tuple[Clause, ...]:
        if law_id not in self._clauses_by_law:
            law = self.library.law(law_id)
            self._clauses_by_law[law_id] = tuple(
                clause for provision in law.provisions for clause in _provision_clauses(law, provision)
            )
        return self._clauses_by_law[law_id]

    def clauses_for(self, law_ids: Iterable[str]) -> Iterable[Clause]:
        for law_id in law_ids:
            yield from self.clauses_of(law_id)

    def clauses_of_state(self, state: str) -> tuple[Clause, ...]:
        """The clauses of every law of the state and of its counties and cities."""
        return tuple(self.clauses_for(self.library.law_ids_of(state)))

    @property
    def clauses(self) -> tuple[Clause, ...]:
        """Every clause of the library (compiling every law)."""
        return tuple(self.clauses_for(self.library.law_ids))


def law_in_force(law: Law, day: dt.date) -> bool:
    """A law is in force on a day when one of its provisions is (injunctions count); a law
    without provisions (a no-law review) holds for its own period."""
    if not law.provisions:
        return holds(law.effective, law.ends, day)
    return any(holds(start, end, day.toordinal()) for p in law.provisions for start, end in in_force_spans(law, p))
