"""The cache of scenario outcomes: a state whose inputs are unchanged is not run again, an edit
re-runs its own state only (and a broken expectation there is still caught), and a corrupt cache
file is ignored."""

import shutil

import pytest
from support import ROOT

from wso_rules import load_library, outcome_cache, validation


@pytest.fixture
def policies(tmp_path):
    """Two states' laws: Delaware's and Vermont's bundled folders."""
    folder = tmp_path / "policies"
    (folder / "us").mkdir(parents=True)
    shutil.copy(ROOT / "policies" / "catalogue.yaml", folder)
    for state in ("de", "vt"):
        shutil.copytree(ROOT / "policies" / "us" / state, folder / "us" / state)
    return folder


def _states_run(monkeypatch):
    ran = []
    original = validation.run_scenario
    monkeypatch.setattr(
        validation,
        "run_scenario",
        lambda evaluator, law, index: ran.append(law.jurisdiction.state) or original(evaluator, law, index),
    )
    return ran


def _problems(policies):
    return [p.rule for p in validation.scenario_problems(load_library(policies), strict=True)]


def test_unchanged_states_are_not_run_again(cache, policies, monkeypatch):
    assert _problems(policies) == []
    ran = _states_run(monkeypatch)
    assert _problems(policies) == [] and ran == []


def test_an_edit_reruns_its_own_state_and_catches_a_broken_expectation(cache, policies, monkeypatch):
    _problems(policies)
    law = policies / "us" / "vt" / "287g-agreement-authorization-act5.yaml"
    law.write_text(law.read_text().replace("verdict: prohibited", "verdict: required", 1))
    ran = _states_run(monkeypatch)
    assert "scenario-failed" in _problems(policies)
    assert set(ran) == {"VT"}


def test_outcomes_from_the_cache_equal_a_fresh_run(cache, policies, monkeypatch):
    library = load_library(policies)
    first = list(validation.scenario_problems(library, strict=True))
    cached = outcome_cache.outcomes(library, "auto", lambda law: pytest.fail(f"ran {law.id}"))
    monkeypatch.setenv("WSO_RULES_CACHE", "0")
    fresh = outcome_cache.outcomes(
        library,
        "auto",
        lambda law: [
            validation.run_scenario(validation.evaluator_for(library), law, i) for i in range(len(law.scenarios))
        ],
    )
    assert first == [] and cached == fresh


def test_a_corrupt_cache_file_is_ignored(cache, policies, monkeypatch):
    _problems(policies)
    (cache / outcome_cache.FILE_NAME).write_text('{"states": {"VT": {"key": 1')
    ran = _states_run(monkeypatch)
    assert _problems(policies) == [] and set(ran) == {"DE", "VT"}
