"""The engine fence: laws compile to plain frozen data (never pydantic models) that both engines
read; the conditions' three-valued reading; engine failures and fallbacks as a user sees them."""

import dataclasses
import datetime as dt
import json
import subprocess
import sys

import pytest
from builders import law, library, provision
from pydantic import BaseModel, TypeAdapter
from support import ROOT, needs_durable_rules

from wso_rules import cli, evaluation
from wso_rules.compiling import RuleBook, law_in_force
from wso_rules.conditions import Comparison, Every, Negation, Some, Truth, compile_condition, evaluate, facts_named
from wso_rules.engines import EngineError
from wso_rules.loading import load_library
from wso_rules.models import Condition, FactTest

CONDITION = TypeAdapter(Condition)
RULES = "tests/rules"


def _contains_model(value) -> bool:
    if isinstance(value, BaseModel):
        return True
    if dataclasses.is_dataclass(value):
        return any(_contains_model(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, (tuple, list, frozenset, set)):
        return any(_contains_model(v) for v in value)
    return False


def test_the_bundled_library_compiles_to_clauses_without_a_pydantic_model_in_them():
    rulebook = RuleBook(load_library())
    assert rulebook.clauses and not any(_contains_model(clause) for clause in rulebook.clauses)


def test_a_condition_compiles_to_its_neutral_form():
    condition = CONDITION.validate_python(
        {"all": [{"fact": "operates_jail", "equals": True}, {"not": {"any": [{"fact": "beds", "at_least": 10}]}}]}
    )
    assert compile_condition(condition) == Every(
        (Comparison("operates_jail", "equals", (True,)), Negation(Some((Comparison("beds", "at_least", (10,)),))))
    )


@pytest.mark.parametrize(
    "test, facts, truth",
    [
        ({"fact": "f", "equals": True}, {"f": True}, Truth.TRUE),
        ({"fact": "f", "equals": True}, {"f": 1}, Truth.FALSE),  # a number is not a boolean
        ({"fact": "f", "equals": True}, {}, Truth.UNKNOWN),
        ({"fact": "f", "one_of": ["a", "b"]}, {"f": "b"}, Truth.TRUE),
        ({"fact": "f", "at_least": 3}, {"f": 3}, Truth.TRUE),
        ({"fact": "f", "at_least": 3}, {"f": 2}, Truth.FALSE),
        ({"fact": "f", "at_most": 3}, {"f": True}, Truth.FALSE),  # a boolean is not a count
    ],
)
def test_fact_tests_read_three_valued(test, facts, truth):
    assert evaluate(compile_condition(FactTest.model_validate(test)), facts) is truth


def test_an_unknown_fact_never_makes_a_conjunction_false_unless_another_part_is():
    condition = compile_condition(
        CONDITION.validate_python({"all": [{"fact": "a", "equals": True}, {"fact": "b", "equals": True}]})
    )
    assert evaluate(condition, {"a": True}) is Truth.UNKNOWN
    assert evaluate(condition, {"a": False}) is Truth.FALSE
    assert facts_named(condition) == ("a", "b")


def test_a_law_is_in_force_while_a_provision_is_and_not_while_every_provision_is_enjoined():
    enjoined = law(
        provisions=[provision()],
        injunctions=[
            {
                "court": "Comparison Court",
                "case": "A v. B",
                "effective": dt.date(2019, 1, 1),
                "ends": dt.date(2020, 1, 1),
                "source_url": "https://example.org/order",
            }
        ],
    )
    assert law_in_force(enjoined, dt.date(2018, 6, 1))
    assert not law_in_force(enjoined, dt.date(2019, 6, 1))
    assert law_in_force(enjoined, dt.date(2020, 1, 1))


def test_engine_option_is_honoured_by_validate_and_impact(monkeypatch, capsys):
    chosen = []
    real = evaluation.make_engine
    monkeypatch.setattr(evaluation, "make_engine", lambda book, name="auto": chosen.append(name) or real(book, name))
    monkeypatch.chdir(ROOT)
    assert cli.main(["validate", "--engine", "plain", f"{RULES}/clean.yaml"]) == 0
    assert cli.main(["impact", "--engine", "plain", "--without-law", "fl-sb168-2019", "--format", "json"]) == 0
    capsys.readouterr()
    assert chosen and set(chosen) == {"plain"}


@needs_durable_rules
def test_an_engine_failure_is_exit_2_with_no_verdict(monkeypatch, capsys):
    from wso_rules.engines import durable_host

    def fail(self, case):
        raise EngineError("durable-rules failed on a case: boom")

    monkeypatch.setattr(durable_host.DurableEngine, "answer", fail)
    monkeypatch.chdir(ROOT)
    status = cli.main(["check", "--engine", "durable", "jurisdictions/us/fl/pinellas-county-sheriff.yaml"])
    captured = capsys.readouterr()
    assert status == 2 and "boom" in captured.err and "try --engine plain" in captured.err
    assert captured.out == ""


def _without_durable_rules(*args: str) -> subprocess.CompletedProcess:
    """The command run in a Python where durable-rules cannot be imported."""
    script = (
        f"import sys; sys.modules['durable'] = None\nfrom wso_rules.cli import main\nsys.exit(main({list(args)!r}))\n"
    )
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_fallback_to_the_plain_engine_says_why_in_the_report():
    result = _without_durable_rules("check", "--format", "json", "jurisdictions/us/fl/pinellas-county-sheriff.yaml")
    assert result.returncode == 0, result.stderr
    engine = json.loads(result.stdout)["generated_by"]["engine"]
    assert engine.startswith("plain (durable-rules cannot be imported here")


def test_asking_for_durable_rules_where_it_cannot_run_is_a_usage_error():
    result = _without_durable_rules("check", "--engine", "durable", "jurisdictions/us/fl/pinellas-county-sheriff.yaml")
    assert result.returncode == 2 and "argument --engine: durable-rules cannot be imported" in result.stderr


def test_a_library_compiled_twice_gives_equal_clauses():
    lib = library(law(provisions=[provision(applies_if={"fact": "operates_jail", "equals": True})]))
    assert RuleBook(lib).clauses == RuleBook(lib).clauses
