"""The durable-rules engine: the only module that touches durable-rules' API.

It follows the safe pattern in `shared/brief/durable-rules.md`: one quiet host per process, rules
generated from clauses and checked against the engine's table limits, a session opened with a
one-shot state rule (so `delete_state` is safe), one fact per law, results collected in Python,
swallowed action errors surfaced. Each engine registers one ruleset per state it meets, on first
use, and unregisters them when it is freed (the C core keeps a ruleset until told otherwise).
One session per ruleset is reused and every asserted fact is retracted after its case (the notes
measure this several times faster than a session per case); any engine error drops the session
and opens a new one.

Each clause becomes up to three rules that share a prefix (case, state, law, then the clause's
scope tests): `in` (in force and binding this agency kind), `t` (the condition holds) and `f`
(the condition fails). A clause that is in scope with neither `t` nor `f` fired is UNKNOWN.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import durable_rules_engine
from durable import engine as durable_engine

from ..compiling import Clause, RuleBook
from ..conditions import Comparison, Compiled, Every, Some, Truth
from . import Case, EngineError, RuleLimitError

RULESET = "wso"
MAX_RULES_PER_LAW = 300
MAX_LAWS_PER_STATE = 400
MAX_STATES = 400
MAX_LIVE_RULESETS = 8
"""States whose rulesets an engine keeps built at once (the least recently used goes first): each
holds a few hundred kB of the C core's tables, so a national sweep would otherwise keep 51."""
_FACT_PREFIX = "f_"

Pattern = dict[str, Any]


class _QuietHost(durable_engine.Host):
    """A host without the two self-re-arming background dispatch threads."""

    def _run(self) -> None:
        pass


def _equals(attribute: str, value: Any) -> Pattern:
    return {attribute: value}


_NEGATED = {"at_least": "$lt", "at_most": "$gt"}
_RANGE = {"at_least": "$gte", "at_most": "$lte"}


def _holds(condition: Compiled) -> Pattern:
    """A pattern that matches exactly when the condition is known to be true."""
    if isinstance(condition, Comparison):
        name = _FACT_PREFIX + condition.fact
        if condition.operator in _RANGE:
            return {_RANGE[condition.operator]: {name: condition.values[0]}}
        return _either([_equals(name, value) for value in condition.values])
    if isinstance(condition, Every):
        return _both([_holds(part) for part in condition.parts])
    if isinstance(condition, Some):
        return _either([_holds(part) for part in condition.parts])
    return _fails(condition.part)


def _fails(condition: Compiled) -> Pattern:
    """A pattern that matches exactly when the condition is known to be false."""
    if isinstance(condition, Comparison):
        name = _FACT_PREFIX + condition.fact
        if condition.operator in _NEGATED:
            return {_NEGATED[condition.operator]: {name: condition.values[0]}}
        return _both([{"$neq": {name: value}} for value in condition.values])
    if isinstance(condition, Every):
        return _either([_fails(part) for part in condition.parts])
    if isinstance(condition, Some):
        return _both([_fails(part) for part in condition.parts])
    return _holds(condition.part)


def _both(patterns: list[Pattern]) -> Pattern:
    return patterns[0] if len(patterns) == 1 else {"$and": patterns}


def _either(patterns: list[Pattern]) -> Pattern:
    return patterns[0] if len(patterns) == 1 else {"$or": patterns}


def _scope_tests(clause: Clause) -> list[Pattern]:
    tests = []
    if clause.spans is not None:
        windows = [
            _both([{"$gte": {"as_of": start}}] + ([{"$lt": {"as_of": end}}] if end is not None else []))
            for start, end in clause.spans
        ]
        tests.append(_either(windows) if windows else {"$lt": {"as_of": 0}})
    if clause.agency_kinds is not None:
        tests.append(_either([_equals("agency_kind", kind) for kind in sorted(clause.agency_kinds)]))
    return tests


def _rules_for(clause: Clause) -> dict[str, list[Pattern]]:
    """Rule name -> the `$and` tests of its single pattern."""
    prefix = [{"kind": "case"}, {"state": clause.state}, {"law": clause.law_id}] + _scope_tests(clause)
    rules = {}
    if len(prefix) > 3:
        rules[f"{clause.key}|in"] = prefix
    if clause.condition is not None:
        rules[f"{clause.key}|t"] = prefix + [_holds(clause.condition)]
        rules[f"{clause.key}|f"] = prefix + [_fails(clause.condition)]
    return rules


def _rule_count(clause: Clause) -> int:
    """How many rules `_rules_for` makes of the clause, without building them."""
    scoped = clause.spans is not None or clause.agency_kinds is not None
    return int(scoped) + 2 * (clause.condition is not None)


def _check_states(rulebook: RuleBook) -> None:
    """Refuse libraries with more states, or more laws in a state, than the C core's fixed tables hold."""
    library = rulebook.library
    if len(library.states) > MAX_STATES or any(len(library.law_ids_of(s)) > MAX_LAWS_PER_STATE for s in library.states):
        raise RuleLimitError("too many laws in one state for durable-rules' tables; use --engine plain")


def _check_rules(rulebook: RuleBook, state: str) -> None:
    """Refuse a law of the state that compiles to more rules than one ruleset can hold, instead of
    letting the C core hang or crash."""
    for law_id in rulebook.library.law_ids_of(state):
        if sum(_rule_count(c) for c in rulebook.clauses_of(law_id)) > MAX_RULES_PER_LAW:
            raise RuleLimitError(
                f"the law compiles to more than {MAX_RULES_PER_LAW} durable-rules rules; split it into "
                "several laws, or use --engine plain",
                law_id,
            )


@functools.cache
def _shared_host() -> _QuietHost:
    """The process's one host; engines register their rulesets on it and drop them when freed."""
    return _QuietHost()


def live_rulesets() -> int:
    """Rulesets registered on the process's host (each holds its rules and one session)."""
    return len(_shared_host()._ruleset_directory)


def _close_all(rulesets: dict[str, _StateRuleset]) -> None:
    for ruleset in rulesets.values():
        ruleset.close()
    rulesets.clear()


class _StateRuleset:
    """One state's clauses as a ruleset on the shared host, with the session its cases run in."""

    def __init__(self, name: str, clauses: Iterable[Clause]):
        self.name = name
        self.fired: list[str] = []
        self._sessions = itertools.count()
        definitions: dict[str, Any] = {
            "__init": {
                "all": [{"m": {"$and": [{"$s": 1}, {"$nex": {"ready": 1}}]}}],
                "run": self._open_session,
            }
        }
        for clause in clauses:
            for rule, tests in _rules_for(clause).items():
                definitions[rule] = {"all": [{"m": _both(tests)}], "run": self._recorder(rule)}
        with _quiet_deprecations():  # `definitions` is built here and used once, so no deep copy
            _shared_host().set_rulesets({name: definitions})
        self._open()

    @staticmethod
    def _open_session(c: Any) -> None:
        c.s.ready = 1

    def _recorder(self, rule: str) -> Callable[[Any], None]:
        fired = self.fired

        def record(c: Any) -> None:
            fired.append(rule)

        return record

    def close(self) -> None:
        """Free the session, then the ruleset: durable-rules has no public call for the latter (see
        the notes), and deleting a ruleset alone leaves its live session's memory allocated."""
        host = _shared_host()
        with _quiet_deprecations():
            host.delete_state(self.name, self._sid)
        ruleset = host._ruleset_directory.pop(self.name)
        host._ruleset_list.remove(ruleset)
        durable_rules_engine.delete_ruleset(ruleset._handle)

    def _open(self) -> None:
        """Start a fresh session; its one-shot `__init` rule makes a later `delete_state` safe."""
        self._sid = f"session-{next(self._sessions)}"
        with _quiet_deprecations():
            _shared_host().update_state(self.name, {"sid": self._sid})

    def fire(self, case: Case) -> set[str]:
        """Assert one fact per law into the session, collect what fired, retract them all."""
        host = _shared_host()
        self.fired.clear()
        facts = {_FACT_PREFIX + name: value for name, value in case.facts}
        asserted: list[dict[str, Any]] = []
        with _quiet_deprecations():
            try:
                for law_id in case.law_ids:
                    fact = {
                        "kind": "case",
                        "state": case.state,
                        "law": law_id,
                        "as_of": case.as_of,
                        "agency_kind": case.agency_kind,
                        **facts,
                        "sid": self._sid,
                    }
                    if self._assert(host, fact):
                        asserted.append(fact)
                for fact in asserted:
                    host.retract_fact(self.name, fact)
            except (durable_rules_engine.error, durable_engine.MessageObservedException, EngineError) as error:
                host.delete_state(self.name, self._sid)
                self._open()
                raise EngineError(f"durable-rules failed on a case: {error}") from None
        return set(self.fired)

    def _assert(self, host: _QuietHost, fact: dict[str, Any]) -> bool:
        """True when the engine stored the fact (so it must be retracted after the case)."""
        try:
            state = host.assert_fact(self.name, fact)
        except durable_engine.MessageNotHandledException:
            return False
        if state and "exception" in state:
            raise EngineError(f"a rule action failed: {state['exception']}")
        return True


class DurableEngine:
    """Rules built per state on first use (a single check pays for one state, not fifty), on the
    process's shared host; at most `MAX_LIVE_RULESETS` kept at once (the least recently used is
    freed to make room, and built again if its state is met again), all freed with the engine."""

    name = label = "durable-rules"
    _names = itertools.count()

    def __init__(self, rulebook: RuleBook):
        _check_states(rulebook)
        self._rulebook = rulebook
        self._rulesets: dict[str, _StateRuleset] = {}
        """Built rulesets by state, the least recently used first."""
        weakref.finalize(self, _close_all, self._rulesets)

    def answer(self, case: Case) -> dict[str, Truth]:
        fired = self._ruleset(case.state).fire(case) if case.law_ids else set()
        return {clause.key: _reading(clause, fired) for clause in self._rulebook.clauses_for(case.law_ids)}

    def _ruleset(self, state: str) -> _StateRuleset:
        if state in self._rulesets:
            self._rulesets[state] = self._rulesets.pop(state)  # now the most recently used
        else:
            if len(self._rulesets) >= MAX_LIVE_RULESETS:
                self._rulesets.pop(next(iter(self._rulesets))).close()
            _check_rules(self._rulebook, state)
            name = f"{RULESET}-{next(self._names)}-{state}"
            self._rulesets[state] = _StateRuleset(name, self._rulebook.clauses_of_state(state))
        return self._rulesets[state]


@contextlib.contextmanager
def _quiet_deprecations() -> Iterator[None]:
    """durable-rules calls datetime.utcfromtimestamp on every action, deprecated since Python 3.12."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        yield


def _reading(clause: Clause, fired: set[str]) -> Truth:
    in_scope = (clause.spans is None and clause.agency_kinds is None) or f"{clause.key}|in" in fired
    if not in_scope:
        return Truth.FALSE
    if clause.condition is None:
        return Truth.TRUE
    if f"{clause.key}|t" in fired:
        return Truth.TRUE
    return Truth.FALSE if f"{clause.key}|f" in fired else Truth.UNKNOWN
