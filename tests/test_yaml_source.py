"""The YAML reader on its own: values with their positions, and each unsafe or ambiguous form
refused at its line and column with its rule."""

import datetime as dt

import pytest

from wso_rules.yaml_source import YamlProblem, parse_yaml


def test_values_and_keys_are_located_one_based():
    data, locator = parse_yaml("id: x\nprovisions:\n  - id: p1\n    effective: 2019-07-01\n", "f.yaml")
    assert data == {"id": "x", "provisions": [{"id": "p1", "effective": dt.date(2019, 7, 1)}]}
    assert locator.value_at(("provisions", 0, "effective")) == (4, 16)
    assert locator.key_at(("provisions", 0, "effective")) == (4, 5)
    assert locator.value_at(("provisions", 0, "missing")) == (3, 5)  # a missing key: its parent
    assert not locator.has(("nowhere",))


@pytest.mark.parametrize(
    "text, rule, place",
    [
        ("a: 1\na: 2\n", "duplicate-key", (2, 1)),
        ("a: !!python/name:os.system\n", "unsafe-tag", (1, 4)),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", "merge-key", (3, 3)),
        ("? [1, 2]\n: x\n", "key-type", (1, 3)),
        ("state: NO\n", "ambiguous-boolean", (1, 8)),
        ("effective: 2019-02-30\n", "bad-value", (1, 12)),
        ("a: [1\n", "yaml-syntax", None),
        ("", "empty-file", (1, 1)),
    ],
)
def test_unsafe_or_ambiguous_yaml_is_refused_where_it_is(text, rule, place):
    with pytest.raises(YamlProblem) as raised:
        parse_yaml(text, "f.yaml")
    problem = raised.value.problem
    assert problem.rule == rule and problem.path == "f.yaml"
    if place is not None:
        assert (problem.line, problem.column) == place


def test_quoted_words_stay_text():
    data, _ = parse_yaml('state: "NO"\nflag: true\n', "f.yaml")
    assert data == {"state": "NO", "flag": True}
