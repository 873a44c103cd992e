"""Analyst workflows: timelines, what-if overlays, what would decide a verdict, bulk export."""

import datetime as dt
import json

import pytest
from builders import law, library, profile, provision, survey, write
from hypothesis import given
from hypothesis import strategies as st
from test_properties import DAYS, PROGRAMS, SETTINGS, SURVEY, agencies, laws

from wso_rules import Evaluator, Verdict
from wso_rules.overlays import Enjoinder, Overlay, OverlayError, parse_facts
from wso_rules.timeline import timeline, verdict_on

START, END = dt.date(2017, 1, 1), dt.date(2027, 1, 1)


@SETTINGS
@given(laws(), agencies(), st.sampled_from(PROGRAMS), DAYS)
def test_a_timeline_gives_the_verdict_check_gives_on_any_day(found_laws, agency, program, day):
    lib = library(SURVEY, *found_laws)
    evaluator = Evaluator(lib, "plain")
    changes = timeline(evaluator, agency, [program], START, END)
    expected = evaluator.report(agency, [program], day).assessments[0].verdict
    assert verdict_on(changes, program, day) is (expected if day >= START else None)


@SETTINGS
@given(laws(), agencies(), st.sampled_from(PROGRAMS), DAYS)
def test_without_law_is_the_same_as_removing_its_file(found_laws, agency, program, day):
    dropped = found_laws[-1]
    overlaid = Overlay(without_laws=(dropped.id,)).library(library(SURVEY, *found_laws))
    removed = library(SURVEY, *found_laws[:-1])
    assert (
        Evaluator(overlaid, "plain").report(agency, [program], day).assessments[0].verdict
        == Evaluator(removed, "plain").report(agency, [program], day).assessments[0].verdict
    )


@SETTINGS
@given(laws(), agencies(), st.sampled_from(PROGRAMS), DAYS)
def test_a_fact_no_law_reads_never_changes_a_verdict(found_laws, agency, program, day):
    lib = library(SURVEY, *found_laws)
    untouched = Overlay(facts=(("county_legislative_body_approved_287g", True),))
    before = Evaluator(lib, "plain").report(agency, [program], day).assessments[0]
    after = Evaluator(lib, "plain").report(untouched.profile(agency, lib), [program], day).assessments[0]
    assert (before.verdict, [f.key for f in before.deciding]) == (after.verdict, [f.key for f in after.deciding])


def test_an_assumed_injunction_suspends_a_law_from_its_date():
    lib = library(law(provisions=[provision("ban")]), survey())
    enjoined = Overlay(enjoin=(Enjoinder.parse("xx-law/ban@2020-01-01"),)).library(lib)
    evaluator = Evaluator(enjoined)
    assert evaluator.report(profile(), ["wso"], dt.date(2019, 6, 1)).assessments[0].verdict is Verdict.PROHIBITED
    assert evaluator.report(profile(), ["wso"], dt.date(2020, 6, 1)).assessments[0].verdict is Verdict.PERMITTED


@pytest.mark.parametrize(
    "pair, message",
    [
        ("governor_approved_287g=maybe", "is not true or false"),
        ("county_population=many", "is not a whole number"),
        ("no_such_fact=1", "unknown fact"),
        ("agency_kind=sheriff", "unknown fact"),
        ("governor_approved_287g", "expected NAME=VALUE"),
    ],
)
def test_facts_are_typed_by_the_catalogue(pair, message):
    with pytest.raises(OverlayError, match=message):
        parse_facts([pair], library())


def _ban_unless_approved():
    return provision(
        "ban",
        exceptions=[
            {
                "id": "approved",
                "scope": "jurisdiction",
                "description": "the governor approves",
                "when": {"fact": "governor_approved_287g", "equals": True},
            }
        ],
    )


def test_a_verdict_waiting_on_a_fact_says_what_each_value_gives():
    lib = library(law(provisions=[_ban_unless_approved()]), survey())
    report = Evaluator(lib).report(profile(), ["wso"], dt.date(2020, 6, 1))
    assert [a.describe() for a in report.alternatives] == [
        "if governor_approved_287g is true: permitted (Test Code § ban)",
        "if governor_approved_287g is false: prohibited (Test Code § ban)",
    ]


def test_what_would_decide_tells_a_settled_county_from_an_unsettled_one_of_the_same_state():
    """Alternatives are shared by agencies the law sees alike; an unsettled local level is part of
    what they share, so a county the survey leaves unresolved never borrows a settled one's."""
    unresolved = {"county": "Open", "named_by": ["list"], "resolution": "unresolved", "note": "text not found"}
    lib = library(law(provisions=[_ban_unless_approved()]), survey(localities=[unresolved]))
    evaluator = Evaluator(lib)
    day = dt.date(2020, 6, 1)
    for _ in range(2):
        settled = evaluator.report(profile(county="Test"), ["wso"], day)
        open_ = evaluator.report(profile(county="Open"), ["wso"], day)
        assert {a.verdict for a in settled.alternatives} == {Verdict.PERMITTED, Verdict.PROHIBITED}
        assert {a.verdict for a in open_.alternatives} == {Verdict.UNDETERMINED, Verdict.PROHIBITED}
        assert open_.assessments[0].gaps and not settled.assessments[0].gaps


def test_integer_facts_are_tried_at_each_threshold_the_law_names():
    counted = provision("big", applies_if={"fact": "county_population", "at_least": 100_000})
    report = Evaluator(library(law(provisions=[counted]), survey())).report(profile(), ["wso"], dt.date(2020, 6, 1))
    assert {(a.value, a.verdict) for a in report.alternatives} == {
        (99_999, Verdict.PERMITTED),
        (100_000, Verdict.PROHIBITED),
    }


def test_timeline_command_names_the_law_that_changes_a_verdict(cli):
    result = cli(
        "timeline",
        "jurisdictions/us/fl/pinellas-county-sheriff.yaml",
        "--program",
        "wso",
        "--to",
        "2026-12-01",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    changes = json.loads(result.stdout)["changes"]
    mandate = next(c for c in changes if c["date"] == "2022-07-01")
    assert mandate["duties"] == ["287(g) participation required: any of WSO, JEM, TFM -- Fla. Stat. § 908.11(1)"]
    assert any("908.11" in event for event in mandate["events"])


def test_check_with_a_draft_bill_says_it_rests_on_it(cli, tmp_path):
    draft = write(
        tmp_path / "draft.yaml",
        """\
id: ga-draft-ban
title: Draft Georgia ban on 287(g) agreements
kind: statute
level: state
jurisdiction: {state: GA}
effective: 2026-07-01
source_url: https://example.org/draft
provisions:
  - id: ban
    citation: Draft Ga. Bill § 1
    excerpt: No agency shall enter into an agreement under 8 U.S.C. 1357(g).
    effect: prohibits
    activities: [enter_287g_agreement]
    binds: all
    verification: {status: unverified, note: a draft}
""",
    )
    args = ["jurisdictions/us/ga/cobb-county-sheriff.yaml", "--as-of", "2026-12-01"]
    result = cli("check", *args, "--with-law", str(draft), "--format", "json")
    document = json.loads(result.stdout)
    assert document["programs"][0]["verdict"] == "prohibited"
    assert document["assumptions"] == [f"assumed enacted: {draft} (ga-draft-ban)"]
    assert "WHAT-IF" in cli("check", *args, "--with-law", str(draft)).stdout
    moved = json.loads(cli("impact", "--with-law", str(draft), "jurisdictions/us/ga", "--format", "json").stdout)
    assert {(c["profile_id"], c["after"]) for c in moved["changes"]} >= {("us-ga-cobb-county-sheriff", "prohibited")}


def test_bad_what_if_options_are_usage_errors(cli):
    profile_path = "jurisdictions/us/ga/cobb-county-sheriff.yaml"
    for option in (["--fact", "governor_approved_287g=maybe"], ["--without-law", "nope"], ["--enjoin", "x@2020-13-01"]):
        result = cli("check", profile_path, *option)
        assert result.returncode == 2 and "Traceback" not in result.stderr, option
    assert cli("impact", "jurisdictions/us/ga").returncode == 2


def test_export_writes_a_row_per_agency_program_and_date(cli, tmp_path):
    out = tmp_path / "verdicts.csv"
    result = cli("export", "jurisdictions/us/ga", "--dates", "2019-01-01,2026-12-01", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeffagency_id,")
    rows = text.splitlines()[1:]
    assert len(rows) == 6 * 3 * 2
    assert any("O.C.G.A. § 35-1-17(b)(2)" in row and "2026-12-01" in row for row in rows)
