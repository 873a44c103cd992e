"""The rule registry drives these tests: each rule with an example has a fixture here
(`tests/rules/<rule>/`, with `expected.txt`) that validate reports at the expected place, and the
example in the registry is text from that fixture."""

from pathlib import Path

import pytest
from support import ROOT

from wso_rules import rules
from wso_rules.cli import main
from wso_rules.problems import Problem

HERE = Path(__file__).resolve().parent
FOLDER = HERE.relative_to(ROOT).as_posix()


def _expectations() -> list[tuple[str, str, str, str]]:
    cases = []
    for expected in sorted(HERE.glob("*/expected.txt")):
        for line in expected.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                target, location, severity = line.split()
                cases.append((expected.parent.name, target, location, severity))
    return cases


CASES = _expectations()


@pytest.mark.parametrize("rule, target, location, severity", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_fixture_triggers_its_rule_at_its_place(rule, target, location, severity, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    status = main(["validate", "--format", "human", f"{FOLDER}/{rule}/{target}"])
    file, place = location.split(":", 1)
    shown = capsys.readouterr().out
    assert f"{FOLDER}/{rule}/{file}:{place}: {severity} [{rule}]" in shown, shown
    assert status == (1 if severity == "error" else 0)
    assert rules.rule(rule).severity == severity


def test_every_fixture_folder_is_a_registered_rule():
    folders = {p.name for p in HERE.iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert folders <= set(rules.RULES)


@pytest.mark.parametrize("rule", [r for r in rules.RULES.values() if r.example], ids=lambda r: r.id)
def test_each_example_is_text_of_a_fixture_that_breaks_the_rule(rule):
    folder = HERE / rule.id
    assert (folder / "expected.txt").is_file(), f"{rule.id} has an example but no fixture in {folder}"
    texts = [p.read_text() for p in folder.rglob("*.yaml")]
    assert any(rule.example in text for text in texts), f"the example of {rule.id} is not in its fixture"


def test_the_passing_example_passes(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["validate", f"{FOLDER}/clean.yaml"]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_a_problem_with_an_unregistered_rule_is_refused():
    with pytest.raises(ValueError, match="not registered"):
        Problem("x.yaml", 1, 1, "no-such-rule", "message")


def test_docs_rules_md_is_generated_from_the_registry():
    assert (ROOT / "docs" / "rules.md").read_text() == rules.markdown(), (
        "docs/rules.md is stale: run `wso-rules rules --format md > docs/rules.md`"
    )


def test_rules_command_explains_one_rule_and_suggests_for_a_typo(cli):
    shown = cli("rules", "date-order")
    assert shown.returncode == 0 and "Fix:" in shown.stdout and "ends: 2017-06-01" in shown.stdout
    typo = cli("rules", "date-ordr")
    assert typo.returncode == 2 and "did you mean date-order?" in typo.stderr
