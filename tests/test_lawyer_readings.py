"""Issue 14's readings on the bundled library: the cases a lawyer checks first."""

import datetime as dt

import pytest
from support import ROOT

from wso_rules import Evaluator, Verdict, load_library, load_profile
from wso_rules.models import Profile

LIBRARY = load_library()
EVALUATOR = Evaluator(LIBRARY)
TODAY = dt.date(2026, 12, 1)


def report(path: str, as_of: dt.date = TODAY):
    profile = load_profile(ROOT / "jurisdictions" / "us" / path, LIBRARY)
    return EVALUATOR.report(profile, LIBRARY.program_ids, as_of)


def verdicts(found) -> dict[str, Verdict]:
    return {a.program.id: a.verdict for a in found.assessments}


def test_georgia_duty_to_seek_leaves_every_model_permitted():
    found = report("ga/gwinnett-county-sheriff.yaml")
    assert set(verdicts(found).values()) == {Verdict.PERMITTED}
    assert [m.describe() for m in found.mandates] == [
        "must seek a 287(g) agreement (WSO, JEM, TFM); ICE decides whether to sign -- O.C.G.A. § 35-1-17(b)(2)"
    ]


def test_tennessee_mandate_is_reported_and_the_approval_rule_is_shown_with_its_dispute():
    found = report("tn/knox-county-sheriff.yaml")
    assert [m.duty.value for m in found.mandates] == ["enter"]
    assert found.mandates[0].programs == ("wso", "jem", "tfm")
    wso = found.assessments[0]
    approval = next(f for f in wso.deciding if f.provision.citation == "Tenn. Code Ann. § 50-1-101(a)")
    assert approval.provision.dispute and "7-68-105" in approval.provision.dispute
    assert "county_legislative_body_approved_287g" in wso.missing_facts


def test_an_agency_memo_never_makes_joining_unlawful():
    found = report("mi/wayne-county-sheriff.yaml", dt.date(2018, 1, 1))
    assert verdicts(found)["wso"] is Verdict.CONDITIONAL
    conditions = [c for f in found.assessments[0].deciding for c in f.open_conditions]
    assert conditions and all("revise its own policy" in c for c in conditions)


def test_virginia_order_to_the_state_police_binds_no_other_state_police_agency():
    wildlife = Profile(
        id="us-va-wildlife-resources", agency="Virginia DWR Law Enforcement", agency_kind="state_police", state="VA"
    )
    (other,) = EVALUATOR.report(wildlife, ["tfm"], dt.date(2025, 6, 1)).assessments
    named = next(
        a for a in report("va/virginia-state-police.yaml", dt.date(2025, 6, 1)).assessments if a.program.id == "tfm"
    )
    order = "va-eo-47-2025/state-police-task-force"
    assert named.verdict is Verdict.REQUIRED and order in {f.key for f in named.deciding}
    assert order in {f.key for f in other.not_applicable}


@pytest.mark.parametrize("day, in_force", [(dt.date(2022, 3, 1), False), (dt.date(2024, 3, 1), True)])
def test_florida_sanctuary_ban_is_suspended_while_south_miami_injunction_ran(day, in_force):
    found = report("fl/pinellas-county-sheriff.yaml", day)
    cited = {f.provision.citation for a in found.assessments for f in a.deciding}
    assert ("Fla. Stat. § 908.103" in cited) is in_force
