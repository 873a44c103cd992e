"""Reports as data and as text, in process: one document per report, every format rendered from
it, data from the files escaped in HTML and made safe for the terminal."""

import datetime as dt
import json

import pytest
from builders import law, library, profile, provision

from wso_rules.evaluation import Evaluator
from wso_rules.output import EXTENSIONS, FORMATS, formats, render
from wso_rules.reporting import agency_document, wrap

DAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def document():
    lib = library(law(provisions=[provision(citation="Test Code § 1 <b>&</b>")]))
    report = Evaluator(lib, "plain").report(profile(state="XX"), ["wso"], DAY)
    return agency_document(report, lib)


def test_the_document_carries_the_verdict_the_citation_and_the_disclaimer(document):
    (program,) = document["programs"]
    assert program["verdict"] == "prohibited"
    assert "Test Code § 1 <b>&</b>" in json.dumps(document, ensure_ascii=False)
    assert "not legal advice" in document["disclaimer"]


@pytest.mark.parametrize("fmt", formats("wso-rules/report"))
def test_every_report_format_renders_the_verdict(document, fmt):
    assert "prohibited" in render(document, fmt).lower()


def test_html_escapes_what_came_from_the_files(document):
    html = render(document, "html")
    assert "Test Code § 1 &lt;b&gt;&amp;&lt;/b&gt;" in html and "<b>&</b>" not in html


def test_text_is_made_safe_for_the_terminal(document):
    hostile = json.loads(json.dumps(document).replace("Test Code", "Test\\u001b[31m Code"))
    assert "\x1b[31m" not in render(hostile, "text")


def test_every_registered_renderer_can_be_found():
    from wso_rules.output import renderer

    for schema, table in FORMATS.items():
        for fmt in table:
            assert callable(renderer(schema, fmt)), (schema, fmt)
    assert set(formats("wso-rules/report")) <= set(EXTENSIONS)


def test_an_unknown_format_names_the_ones_there_are(document):
    with pytest.raises(ValueError, match="has text, md, html, json"):
        render(document, "pdf")


def test_wrap_keeps_urls_whole_and_indents_continuations():
    line = "- " + "word " * 20 + "https://example.org/a/very/long/address/that/must/not/break"
    wrapped = wrap(line, 40).split("\n")
    assert all(not row.startswith("- ") for row in wrapped[1:]) and wrapped[1].startswith("  ")
    assert any("https://example.org/a/very/long/address/that/must/not/break" in row for row in wrapped)


def test_templates_compiled_at_build_are_used_and_a_changed_source_is_compiled_again(tmp_path, monkeypatch):
    from jinja2 import DictLoader, Environment

    from wso_rules import compiled_templates, reporting

    prebuilt = tmp_path / "compiled"
    monkeypatch.setattr(compiled_templates, "PREBUILT", prebuilt)
    reporting.precompile_templates()
    assert len(list(prebuilt.glob("*.cache"))) >= 10
    (tmp_path / "user").mkdir()
    cache = compiled_templates.TemplateCache(tmp_path / "user", prebuilt)
    compile_ = Environment.compile
    compiled = []
    monkeypatch.setattr(Environment, "compile", lambda self, *a, **k: compiled.append(a) or compile_(self, *a, **k))
    reporting._templates(cache).get_template("report.html.j2")
    assert compiled == []  # the page, its base and its stylesheet all came compiled
    changed = Environment(loader=DictLoader({"report.txt.j2": "changed {{ 1 + 1 }}"}), bytecode_cache=cache)
    assert changed.get_template("report.txt.j2").render() == "changed 2" and len(compiled) == 1
