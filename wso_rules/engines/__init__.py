"""The two interchangeable engines that answer a rule book's clauses for one case.

`durable` runs the clauses as durable-rules rulesets (what our users asked for); `plain` is the
obviously-correct Python reading of the same clauses, used as the test oracle and on Pythons
where durable-rules cannot be imported (3.13+).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..compiling import RuleBook
from ..conditions import Truth
from ..models import FactValue  # a plain type alias (bool | int | str), not a model

ENGINE_NAMES = ("auto", "durable", "plain")


@dataclass(frozen=True)
class Case:
    """What an engine needs to know about one agency on one day (hashable, so it can key a cache)."""

    state: str
    law_ids: tuple[str, ...]
    as_of: int
    agency_kind: str
    facts: tuple[tuple[str, FactValue], ...]


class Engine(Protocol):
    name: str
    label: str
    """How reports name the engine: its name, and why it was chosen when it was a fallback."""

    def answer(self, case: Case) -> dict[str, Truth]:
        """Truth of every clause of the case's laws: TRUE applies, FALSE does not, UNKNOWN needs facts."""
        ...


class EngineUnavailable(Exception):
    """The requested engine cannot run on this Python."""


class EngineError(RuntimeError):
    """An engine failed on a case; the answer cannot be trusted (the command stops, exit 2)."""


class RuleLimitError(Exception):
    """The library is larger than the engine can hold; `law_id` names the law, if one law is to blame."""

    def __init__(self, message: str, law_id: str | None = None):
        super().__init__(message)
        self.law_id = law_id


def make_engine(rulebook: RuleBook, name: str = "auto") -> Engine:
    """Build the named engine; 'auto' prefers durable-rules and falls back to the plain evaluator."""
    from .plain import PlainEngine

    if name == "plain":
        return PlainEngine(rulebook)
    try:
        from .durable_host import DurableEngine
    except ImportError as error:
        if not (error.name or "").startswith("durable"):
            raise  # our own module is broken: never hide that behind a fallback
        reason = f"durable-rules cannot be imported here: {error}"
        if name == "durable":
            raise EngineUnavailable(reason) from None
        return PlainEngine(rulebook, fallback_reason=reason)
    return DurableEngine(rulebook)
