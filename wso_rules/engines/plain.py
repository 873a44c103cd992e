"""The plain evaluator: each clause read directly in Python, three-valued."""

from __future__ import annotations

from ..compiling import RuleBook
from ..conditions import Truth, evaluate
from . import Case


class PlainEngine:
    name = "plain"

    def __init__(self, rulebook: RuleBook, fallback_reason: str | None = None):
        self._rulebook = rulebook
        self.label = f"plain ({fallback_reason})" if fallback_reason else "plain"

    def answer(self, case: Case) -> dict[str, Truth]:
        facts = dict(case.facts)
        answers = {}
        for clause in self._rulebook.clauses_for(case.law_ids):
            if not clause.in_scope(case.as_of, case.agency_kind):
                answers[clause.key] = Truth.FALSE
            elif clause.condition is None:
                answers[clause.key] = Truth.TRUE
            else:
                answers[clause.key] = evaluate(clause.condition, facts)
        return answers
