"""Each verdict on real, bundled agencies, and the whole bundled set through both engines."""

import datetime as dt

import pytest
from support import ROOT, needs_durable_rules

from wso_rules import Evaluator, Verdict, load_library, load_profile, load_profiles

LIBRARY = load_library()
TODAY = dt.date(2026, 11, 28)


def verdict(profile_path: str, program: str, as_of: dt.date):
    profile = load_profile(ROOT / "jurisdictions" / "us" / profile_path, LIBRARY)
    return Evaluator(LIBRARY).report(profile, [program], as_of)


@pytest.mark.parametrize(
    "profile, program, as_of, expected, cited",
    [
        (
            "ca/los-angeles-county-sheriff.yaml",
            "wso",
            dt.date(2019, 6, 1),
            Verdict.PROHIBITED,
            "Cal. Gov. Code § 7284.6(a)(1)(G)",
        ),
        ("fl/pinellas-county-sheriff.yaml", "wso", TODAY, Verdict.PERMITTED, "Fla. Stat. § 908.11(1)"),
        ("vt/vermont-department-of-corrections.yaml", "wso", TODAY, Verdict.CONDITIONAL, "20 V.S.A. § 4652(a)"),
        # Before Minnesota's local survey speaks (2025-05-29) the county level is open.
        ("mn/hennepin-county-sheriff.yaml", "wso", dt.date(2025, 3, 1), Verdict.CONDITIONAL, None),
        ("hi/hawaii-department-of-corrections-and-rehabilitation.yaml", "wso", TODAY, Verdict.UNDETERMINED, None),
        ("ak/alaska-department-of-corrections.yaml", "wso", TODAY, Verdict.PERMITTED, None),
    ],
)
def test_each_verdict_on_a_real_agency(profile, program, as_of, expected, cited):
    (assessment,) = verdict(profile, program, as_of).assessments
    assert assessment.verdict is expected
    if cited:
        assert cited in [f.provision.citation for f in assessment.deciding]
    if expected is Verdict.UNDETERMINED:
        assert assessment.gaps or assessment.missing_facts or assessment.conflicts


def test_the_same_agency_changes_verdict_over_the_years():
    """Harris County: no county law encoded before Texas SB 4 voided local limits; SB 8 later
    obliges jail-running sheriffs to enter some 287(g) agreement, which WSO satisfies."""
    reports = [
        verdict("tx/harris-county-sheriff.yaml", "wso", day)
        for day in (dt.date(2017, 3, 1), dt.date(2019, 6, 1), TODAY)
    ]
    assert [r.assessments[0].verdict for r in reports] == [Verdict.UNDETERMINED, Verdict.PERMITTED, Verdict.PERMITTED]
    assert [len(r.mandates) for r in reports] == [0, 0, 1]


@pytest.mark.parametrize(
    "profile, mandate",
    [
        (
            "fl/pinellas-county-sheriff.yaml",
            "287(g) participation required: any of WSO, JEM, TFM -- Fla. Stat. § 908.11(1)",
        ),
        (
            "tx/harris-county-sheriff.yaml",
            "287(g) participation required: any of WSO, JEM, TFM -- Tex. Gov't Code § 753.051(a)",
        ),
    ],
)
def test_mandates_of_any_model_are_reported_for_the_agency_and_no_model_is_required(profile, mandate):
    report = Evaluator(LIBRARY).report(
        load_profile(ROOT / "jurisdictions" / "us" / profile, LIBRARY), LIBRARY.program_ids, TODAY
    )
    assert [m.describe() for m in report.mandates] == [mandate]
    assert Verdict.REQUIRED not in [a.verdict for a in report.assessments]


PROFILES = load_profiles([ROOT / "jurisdictions"], LIBRARY)
DAYS = (dt.date(2017, 6, 1), dt.date(2020, 1, 1), TODAY)


def _summaries(evaluator: Evaluator) -> list:
    return [
        (profile.id, day, [(a.verdict, [f.key for f in a.deciding]) for a in report.assessments])
        for day in DAYS
        for profile in PROFILES
        for report in [evaluator.report(profile, LIBRARY.program_ids, day)]
    ]


def test_every_bundled_profile_evaluates_for_every_program():
    assert len(PROFILES) >= 120
    summaries = _summaries(Evaluator(LIBRARY, "auto"))
    assert len(summaries) == len(PROFILES) * len(DAYS)
    assert all(len(verdicts) == len(LIBRARY.program_ids) for _, _, verdicts in summaries)


@needs_durable_rules
def test_both_engines_agree_on_every_bundled_profile():
    assert _summaries(Evaluator(LIBRARY, "durable")) == _summaries(Evaluator(LIBRARY, "plain"))
