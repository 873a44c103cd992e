"""Verdicts from small synthetic libraries: each rule of DOMAIN.md's verdict definitions."""

import datetime as dt
import gc

import pytest
from builders import WSO_ACTIVITIES, law, library, no_law, profile, provision, survey
from support import needs_durable_rules

from wso_rules import Evaluator, Verdict

AS_OF = dt.date(2020, 6, 1)


def verdict_of(lib, agency=None, program="wso", as_of=AS_OF, engine="auto"):
    report = Evaluator(lib, engine).report(agency or profile(), [program], as_of)
    return report.assessments[0]


def surveyed_state(*provisions_, **extra):
    """A state law and a survey of its local laws, so county agencies are covered."""
    return law(provisions=list(provisions_), **extra), survey(extra.get("state", "XX"))


@pytest.fixture(params=["plain", pytest.param("durable", marks=needs_durable_rules)])
def engine(request):
    return request.param


def test_prohibition_of_a_needed_activity_prohibits(engine):
    found = verdict_of(library(surveyed_state(provision())), engine=engine)
    assert found.verdict is Verdict.PROHIBITED
    assert [f.provision.citation for f in found.deciding] == ["Test Code § p1"]


def test_state_with_no_encoded_law_is_undetermined_and_names_it(engine):
    found = verdict_of(library(surveyed_state(provision(), state="YY")), engine=engine)
    assert found.verdict is Verdict.UNDETERMINED
    assert any("no state-level law of XX" in gap.message for gap in found.gaps)


def test_no_law_file_with_survey_gives_permitted_as_a_finding(engine):
    found = verdict_of(library(no_law(), survey()), engine=engine)
    assert found.verdict is Verdict.PERMITTED
    assert [law.id for law in found.laws_considered] == ["xx-no-law"]


def test_unsurveyed_county_level_leaves_a_sheriff_undetermined(engine):
    found = verdict_of(library(no_law()), engine=engine)
    assert found.verdict is Verdict.UNDETERMINED
    assert [gap.level for gap in found.gaps] == ["county"]


def test_county_file_covers_the_county_level(engine):
    county = law("xx-test-county", level="county", provisions=[provision(effect="permits")])
    assert verdict_of(library(no_law(), county), engine=engine).verdict is Verdict.PERMITTED


def test_mandate_of_any_model_leaves_each_model_permitted_and_is_reported_for_the_agency(engine):
    lib = library(surveyed_state(provision(effect="requires")))
    report = Evaluator(lib, engine).report(profile(), ["wso", "jem", "tfm"], AS_OF)
    assert [a.verdict for a in report.assessments] == [Verdict.PERMITTED] * 3
    assert "satisfies it, as would JEM, TFM" in report.assessments[0].deciding[0].reason
    assert [m.describe() for m in report.mandates] == [
        "287(g) participation required: any of WSO, JEM, TFM -- Test Code § p1"
    ]


def test_mandate_naming_one_program_makes_it_required(engine):
    found = verdict_of(library(surveyed_state(provision(effect="requires", programs=["wso"]))), engine=engine)
    assert found.verdict is Verdict.REQUIRED


def test_mandate_makes_the_only_open_model_required(engine):
    lib = library(
        surveyed_state(
            provision("must", effect="requires"),
            provision("no-screening", activities=["inquire_immigration_status"]),
        )
    )
    verdicts = {p: verdict_of(lib, program=p, engine=engine).verdict for p in ("wso", "jem", "tfm")}
    assert verdicts == {"wso": Verdict.REQUIRED, "jem": Verdict.PROHIBITED, "tfm": Verdict.PROHIBITED}


def test_mandate_no_model_can_meet_is_a_conflict(engine):
    lib = library(surveyed_state(provision("must", effect="requires"), provision("no-287g")))
    found = verdict_of(lib, engine=engine)
    assert found.verdict is Verdict.UNDETERMINED and found.conflicts


def test_duty_to_seek_never_makes_a_program_required(engine):
    lib = library(surveyed_state(provision(effect="requires", duty="seek")))
    report = Evaluator(lib, engine).report(profile(), ["wso", "jem", "tfm"], AS_OF)
    assert [a.verdict for a in report.assessments] == [Verdict.PERMITTED] * 3
    assert report.mandates[0].describe().startswith("must seek a 287(g) agreement (WSO, JEM, TFM); ICE decides")


def test_required_with_conditions_stays_required_and_lists_them(engine):
    lib = library(
        surveyed_state(
            provision("must", effect="requires", programs=["wso"]),
            provision("terms", effect="restricts", activities=["hold_on_detainer"]),
        )
    )
    found = verdict_of(lib, engine=engine)
    assert found.verdict is Verdict.REQUIRED
    assert [c for a in found.activities for f in a.provisions for c in f.open_conditions] == [
        "only for people convicted of a listed offense"
    ]


def test_agency_policy_never_prohibits_at_most_conditional(engine):
    own = law(
        "xx-test-county-memo",
        level="county",
        kind="agency_policy",
        evidence_on=dt.date(2017, 4, 28),
        provisions=[provision("memo", activities=["hold_on_detainer"])],
    )
    found = verdict_of(library(surveyed_state(provision(effect="permits")), own), engine=engine)
    assert found.verdict is Verdict.CONDITIONAL
    assert found.deciding[0].open_conditions == (
        "the agency would first have to revise its own policy: Law xx-test-county-memo, known from 2017-04-28",
    )


def test_agency_policy_requiring_participation_is_no_duty(engine):
    own = law(
        "xx-test-county-memo",
        level="county",
        kind="agency_policy",
        evidence_on=dt.date(2017, 4, 28),
        provisions=[provision("memo", effect="requires")],
    )
    report = Evaluator(library(surveyed_state(provision(effect="permits")), own), engine).report(
        profile(), ["wso"], AS_OF
    )
    assert report.assessments[0].verdict is Verdict.PERMITTED and report.mandates == ()


def test_exception_met_by_the_agreement_itself_lifts_the_prohibition(engine):
    ban = provision(
        "no-hold",
        activities=["hold_on_detainer"],
        exceptions=[
            {
                "id": "delegated",
                "scope": "jurisdiction",
                "description": "authority delegated by a 287(g) agreement",
                "met_by_agreement": True,
            }
        ],
    )
    found = verdict_of(library(surveyed_state(ban)), engine=engine)
    assert found.verdict is Verdict.PERMITTED
    assert "a 287(g) agreement itself is what it asks for" in found.deciding[0].reason


def test_provision_naming_agencies_binds_only_them(engine):
    order = provision("order", binds=["state_police"], agencies=["us-xx-state-police"])
    lib = library(surveyed_state(order))
    named = profile("state_police", county=None, id="us-xx-state-police")
    other = profile("state_police", county=None, id="us-xx-wildlife")
    assert verdict_of(lib, named, engine=engine).verdict is Verdict.PROHIBITED
    assert verdict_of(lib, other, engine=engine).verdict is Verdict.PERMITTED


def test_narrowed_agreement_alerts_only_on_the_activities_it_covers():
    agreement = {"program": "wso", "signed": dt.date(2019, 5, 6), "source_url": "https://example.org/moa"}
    lib = library(surveyed_state(provision("no-hold", activities=["hold_on_detainer"])))
    narrowed = profile(agreements_287g=[agreement | {"activities": ["transfer_custody"]}])
    whole = profile(agreements_287g=[agreement])
    assert Evaluator(lib).report(narrowed, ["wso"], AS_OF).alerts == ()
    assert Evaluator(lib).report(whole, ["wso"], AS_OF).alerts[0].verdict is Verdict.PROHIBITED


def test_requirement_limited_to_other_programs_does_not_require(engine):
    lib = library(surveyed_state(provision(effect="requires", programs=["jem"])))
    assert verdict_of(lib, program="wso", engine=engine).verdict is Verdict.PERMITTED
    assert verdict_of(lib, program="jem", engine=engine).verdict is Verdict.REQUIRED


def test_restriction_gives_conditional_with_its_conditions(engine):
    found = verdict_of(library(surveyed_state(provision(effect="restricts"))), engine=engine)
    assert found.verdict is Verdict.CONDITIONAL
    assert found.deciding[0].open_conditions == ("only for people convicted of a listed offense",)


def test_case_level_exception_does_not_lift_a_prohibition(engine):
    ban = provision(exceptions=[{"id": "warrant", "scope": "case", "description": "a judicial warrant"}])
    assert verdict_of(library(surveyed_state(ban)), engine=engine).verdict is Verdict.PROHIBITED


@pytest.mark.parametrize(
    "approved, expected", [(True, Verdict.PERMITTED), (False, Verdict.PROHIBITED), (None, Verdict.CONDITIONAL)]
)
def test_jurisdiction_level_exception_follows_its_fact(engine, approved, expected):
    ban = provision(
        exceptions=[
            {
                "id": "governor",
                "scope": "jurisdiction",
                "description": "the governor approves",
                "when": {"fact": "governor_approved_287g", "equals": True},
            }
        ]
    )
    agency = profile(facts={"governor_approved_287g": approved})
    found = verdict_of(library(surveyed_state(ban)), agency, engine=engine)
    assert found.verdict is expected
    if approved is None:
        assert found.missing_facts == ("governor_approved_287g",)


def test_unknown_condition_is_undetermined_and_names_the_fact(engine):
    ban = provision(applies_if={"fact": "operates_jail", "equals": True})
    found = verdict_of(library(surveyed_state(ban)), engine=engine)
    assert found.verdict is Verdict.UNDETERMINED
    assert found.missing_facts == ("operates_jail",)
    assert (
        verdict_of(library(surveyed_state(ban)), profile(operates_jail=False), engine=engine).verdict
        is Verdict.PERMITTED
    )
    assert (
        verdict_of(library(surveyed_state(ban)), profile(operates_jail=True), engine=engine).verdict
        is Verdict.PROHIBITED
    )


def test_provision_binds_only_the_agency_kinds_it_names(engine):
    lib = library(surveyed_state(provision(binds=["city_police"])))
    assert verdict_of(lib, engine=engine).verdict is Verdict.PERMITTED


def test_dates_and_injunctions(engine):
    enjoined = surveyed_state(
        provision(),
        injunctions=[
            {
                "court": "Test Court",
                "case": "A v. B",
                "effective": dt.date(2019, 1, 1),
                "ends": dt.date(2019, 6, 1),
                "source_url": "https://example.org/order",
            }
        ],
        ends=dt.date(2021, 1, 1),
    )
    lib = library(enjoined)
    expected = {
        dt.date(2017, 6, 1): Verdict.PERMITTED,
        dt.date(2018, 6, 1): Verdict.PROHIBITED,
        dt.date(2019, 3, 1): Verdict.PERMITTED,
        dt.date(2019, 6, 1): Verdict.PROHIBITED,
        dt.date(2021, 1, 1): Verdict.PERMITTED,
    }
    for day, verdict in expected.items():
        assert verdict_of(lib, as_of=day, engine=engine).verdict is verdict, day


def test_dates_before_coverage_are_undetermined(engine):
    found = verdict_of(library(surveyed_state(provision())), as_of=dt.date(2016, 1, 1), engine=engine)
    assert found.verdict is Verdict.UNDETERMINED
    assert found.gaps[0].level == "date"


def test_state_preemption_voids_local_limits_and_covers_the_local_level(engine):
    state = law(
        provisions=[
            provision(
                "anti",
                effect="prohibits",
                activities=["inquire_immigration_status"],
                preempts={"levels": ["county", "city"], "effects": ["prohibits", "restricts"]},
            )
        ]
    )
    county = law("xx-test-county", level="county", provisions=[provision("local-ban")])
    found = verdict_of(library(state, county), engine=engine)
    assert found.verdict is Verdict.PERMITTED
    (local,) = [f for a in found.activities for f in a.provisions if f.provision.id == "local-ban"][:1]
    assert local.preempted_by == ("Test Code § anti",)


def test_local_law_applies_only_to_its_own_county(engine):
    county = law("xx-other-county", level="county", county="Other", provisions=[provision()])
    lib = library(surveyed_state(provision(effect="permits")), county)
    assert verdict_of(lib, engine=engine).verdict is Verdict.PERMITTED
    assert verdict_of(lib, profile(county="Other"), engine=engine).verdict is Verdict.PROHIBITED


def test_requirement_against_prohibition_is_a_conflict_not_a_silent_pick(engine):
    lib = library(
        surveyed_state(
            provision("must", effect="requires", programs=["wso"]), provision("mustnt", activities=["hold_on_detainer"])
        )
    )
    found = verdict_of(lib, engine=engine)
    assert found.verdict is Verdict.UNDETERMINED
    assert len(found.conflicts) == 1
    assert {f.provision.id for f in found.deciding} == {"must", "mustnt"}


def test_existing_agreement_forbidden_by_law_raises_an_alert():
    agency = profile(
        agreements_287g=[{"program": "wso", "signed": dt.date(2019, 5, 6), "source_url": "https://example.org/moa"}]
    )
    report = Evaluator(library(surveyed_state(provision()))).report(agency, ["wso"], AS_OF)
    (alert,) = report.alerts
    assert alert.verdict is Verdict.PROHIBITED and "2019-05-06" in alert.message


def test_provisions_on_activities_the_program_does_not_need_do_not_count(engine):
    lib = library(surveyed_state(provision(activities=["inquire_immigration_status"])))
    assert verdict_of(lib, program="wso", engine=engine).verdict is Verdict.PERMITTED
    assert verdict_of(lib, program="jem", engine=engine).verdict is Verdict.PROHIBITED


def test_every_wso_activity_is_reported():
    found = verdict_of(library(surveyed_state(provision())))
    assert [a.activity for a in found.activities] == WSO_ACTIVITIES


def test_preemption_limited_to_activities_voids_only_those(engine):
    state = law(
        provisions=[
            provision(
                "anti",
                effect="permits",
                activities=["share_personal_information"],
                preempts={"levels": ["county"], "effects": ["prohibits"], "activities": ["hold_on_detainer"]},
            )
        ]
    )
    county = law(
        "xx-test-county",
        level="county",
        provisions=[provision("local", activities=["hold_on_detainer", "transfer_custody"])],
    )
    found = verdict_of(library(state, county, survey()), engine=engine)
    assert found.verdict is Verdict.PROHIBITED
    by_activity = {a.activity: a for a in found.activities}
    assert by_activity["hold_on_detainer"].status is Verdict.PERMITTED
    assert by_activity["hold_on_detainer"].provisions[0].preempted_by == ("Test Code § anti",)
    assert by_activity["transfer_custody"].status is Verdict.PROHIBITED


def test_preemption_in_force_voids_local_law_whatever_agency_it_binds(engine):
    state = law(
        provisions=[
            provision(
                "anti",
                effect="permits",
                binds=["state_police"],
                preempts={"levels": ["county"], "effects": ["prohibits"]},
            )
        ]
    )
    county = law("xx-test-county", level="county", provisions=[provision("local")])
    assert verdict_of(library(state, county), engine=engine).verdict is Verdict.PERMITTED


def test_an_expired_no_law_review_no_longer_covers_its_state(engine):
    lib = library(no_law(ends=dt.date(2020, 1, 1)), survey())
    assert verdict_of(lib, as_of=dt.date(2019, 6, 1), engine=engine).verdict is Verdict.PERMITTED
    later = verdict_of(lib, as_of=dt.date(2020, 6, 1), engine=engine)
    assert later.verdict is Verdict.UNDETERMINED and later.gaps[0].level == "state"


def preempting_state(activities=None, effects=("prohibits", "restricts"), levels=("county", "city")):
    """A state law voiding local limits (on `activities`, or on every activity) and nothing else."""
    scope = {"levels": list(levels), "effects": list(effects)}
    if activities is not None:
        scope["activities"] = activities
    return law(provisions=[provision("anti", effect="permits", activities=["enter_287g_agreement"], preempts=scope)])


def test_preemption_of_every_activity_a_program_needs_lifts_the_local_gap_for_that_program(engine):
    lib = library(preempting_state(activities=WSO_ACTIVITIES))
    wso = verdict_of(lib, program="wso", engine=engine)
    assert wso.verdict is Verdict.PERMITTED and wso.gaps == ()
    assert wso.local_basis.preempted_by == ("Test Code § anti",)
    assert "local law cannot limit these activities" in wso.local_basis.message
    jem = verdict_of(lib, program="jem", engine=engine)
    assert jem.verdict is Verdict.UNDETERMINED and [g.level for g in jem.gaps] == ["county"]
    assert "preempted by Test Code § anti" in jem.gaps[0].message


def test_preemption_of_prohibitions_alone_leaves_local_restrictions_possible(engine):
    found = verdict_of(library(preempting_state(effects=("prohibits",))), engine=engine)
    assert found.verdict is Verdict.UNDETERMINED and [g.level for g in found.gaps] == ["county"]


def test_preemption_of_the_county_level_does_not_cover_a_city_agency(engine):
    lib = library(preempting_state(levels=("county",)))
    assert verdict_of(lib, engine=engine).verdict is Verdict.PERMITTED
    city = verdict_of(lib, profile("city_police", county=None, city="Testville"), engine=engine)
    assert city.verdict is Verdict.UNDETERMINED and [g.level for g in city.gaps] == ["city"]


def test_preemption_that_is_not_yet_in_force_does_not_lift_the_gap(engine):
    lib = library(law(provisions=preempting_state().provisions, effective=dt.date(2021, 1, 1)), no_law())
    assert verdict_of(lib, engine=engine).verdict is Verdict.UNDETERMINED
    assert verdict_of(lib, as_of=dt.date(2021, 6, 1), engine=engine).verdict is Verdict.PERMITTED


def test_a_survey_in_force_is_named_as_the_basis_of_the_local_level(engine):
    found = verdict_of(library(no_law(), survey()), engine=engine)
    basis = found.local_basis
    assert basis.survey.id == "xx-local-survey" and basis.locality is None
    assert basis.message == (
        "no county-level law of Test, XX found in sources list (2025-05-29) (survey reviewed 2026-11-28)"
    )


def test_a_survey_that_does_not_speak_for_the_date_says_which_dates_it_covers(engine):
    lib = library(no_law(), survey(covers_from=dt.date(2025, 5, 29)))
    found = verdict_of(lib, engine=engine)
    assert found.verdict is Verdict.UNDETERMINED and found.local_basis is None
    assert "the survey of XX's local laws covers 2025-05-29 on, not 2020-06-01" in found.gaps[0].message


def test_a_listed_locality_is_named_with_its_resolution(engine):
    entry = {"county": "Test", "named_by": ["list"], "resolution": "practice", "note": "a practice"}
    found = verdict_of(library(no_law(), survey(localities=[entry])), engine=engine)
    assert found.verdict is Verdict.PERMITTED
    assert found.local_basis.message.endswith("; listed by list: practice")


def test_a_locality_whose_unencoded_law_was_repealed_later_is_a_gap_until_then(engine):
    entry = {
        "county": "Test",
        "named_by": ["list"],
        "resolution": "repealed",
        "date": dt.date(2021, 1, 1),
        "note": "repealed",
    }
    lib = library(no_law(), survey(localities=[entry]))
    before = verdict_of(lib, engine=engine)
    assert before.verdict is Verdict.UNDETERMINED and "bound until 2021-01-01" in before.gaps[0].message
    assert verdict_of(lib, as_of=dt.date(2021, 6, 1), engine=engine).verdict is Verdict.PERMITTED


def test_an_unresolved_locality_stays_undetermined_unless_state_law_voids_its_limits(engine):
    entry = {"county": "Test", "named_by": ["list"], "resolution": "unresolved", "note": "text not found"}
    found = verdict_of(library(no_law(), survey(localities=[entry])), engine=engine)
    assert found.verdict is Verdict.UNDETERMINED and found.local_basis is None
    assert "lists it (named by list) as unresolved" in found.gaps[0].message
    other = verdict_of(library(no_law(), survey(localities=[entry])), profile(county="Other"), engine=engine)
    assert other.verdict is Verdict.PERMITTED
    assert verdict_of(library(preempting_state(), survey(localities=[entry])), engine=engine).verdict is (
        Verdict.PERMITTED
    )


def test_a_survey_and_a_full_preemption_are_both_named(engine):
    found = verdict_of(library(preempting_state(), survey()), engine=engine)
    assert found.verdict is Verdict.PERMITTED
    assert found.local_basis.survey.id == "xx-local-survey"
    assert found.local_basis.message.startswith("no county-level law of Test, XX found in sources list")
    assert "; local law cannot limit these activities: " in found.local_basis.message


def test_an_unrecorded_county_is_no_gap_when_state_law_voids_every_local_limit(engine):
    found = verdict_of(library(preempting_state()), profile(county=None), engine=engine)
    assert found.verdict is Verdict.PERMITTED and found.local_basis.place == "XX"
    assert verdict_of(library(no_law(), survey()), profile(county=None), engine=engine).gaps[0].message == (
        "the agency's county is not recorded in its profile"
    )


def test_a_preemption_by_level_never_voids_a_court_judgment(engine):
    state = law(
        provisions=[provision("anti", effect="permits", preempts={"levels": ["county"], "effects": ["prohibits"]})]
    )
    decree = law("xx-test-county-decree", level="county", kind="court_decision", provisions=[provision("decree")])
    found = verdict_of(library(state, decree, survey()), engine=engine)
    assert found.verdict is Verdict.PROHIBITED and found.deciding[0].provision.id == "decree"


@needs_durable_rules
def test_durable_rules_state_is_freed_with_its_evaluator():
    from wso_rules.engines.durable_host import live_rulesets

    gc.collect()
    before = live_rulesets()
    lib = library(surveyed_state(provision()), law("yy-law", provisions=[provision()], state="YY"))
    evaluators = [Evaluator(lib, "durable") for _ in range(3)]
    for evaluator in evaluators:
        evaluator.report(profile(), ["wso"], AS_OF)
    assert live_rulesets() == before + 3  # one state met, so one ruleset (and session) each
    evaluators[0].report(profile(state="YY"), ["wso"], AS_OF)
    assert live_rulesets() == before + 4
    del evaluators, evaluator
    gc.collect()
    assert live_rulesets() == before


@needs_durable_rules
def test_durable_rules_keeps_a_bounded_number_of_states_built(monkeypatch):
    """A state whose ruleset was freed to make room is built again when met again, with the
    same answers (the engine's memory stays bounded over a national sweep)."""
    from wso_rules.engines import durable_host

    monkeypatch.setattr(durable_host, "MAX_LIVE_RULESETS", 1)
    gc.collect()
    before = durable_host.live_rulesets()
    lib = library(surveyed_state(provision()), surveyed_state(provision(), id="yy-law", state="YY"))
    durable, plain = Evaluator(lib, "durable"), Evaluator(lib, "plain")
    for day in (AS_OF, AS_OF + dt.timedelta(days=1)):  # a new day: new cases, so the engine runs again
        for state in ("XX", "YY", "XX"):
            verdicts = [e.report(profile(state=state), ["wso"], day).assessments[0].verdict for e in (durable, plain)]
            assert verdicts[0] is verdicts[1] is Verdict.PROHIBITED
            assert durable_host.live_rulesets() == before + 1


def test_every_evaluation_cache_stays_within_its_size(monkeypatch):
    from wso_rules import evaluation

    monkeypatch.setattr(evaluation, "CACHE_SIZE", 5)
    evaluator = Evaluator(library(*surveyed_state(provision())))
    first = evaluator.report(profile(county="County 0"), ["wso"], AS_OF).assessments[0]
    for n in range(1, 40):
        evaluator.report(profile(county=f"County {n}"), ["wso"], AS_OF + dt.timedelta(days=n % 7))
        sizes = [len(cache) for cache in evaluator._caches]
        assert max(sizes) <= 5
    again = evaluator.report(profile(county="County 0"), ["wso"], AS_OF).assessments[0]
    assert again == first and again is not first  # forgotten, then worked out again alike


def test_many_reports_are_the_reports_one_at_a_time_and_leave_the_collector_as_it_was(engine, monkeypatch):
    lib = library(surveyed_state(provision()), law("xx-law-2", provisions=[provision("p2", effect="requires")]))
    agencies = [profile(county=f"County {n}") for n in range(5)] + [
        profile("city_police", city="Testville"),
        profile("state_police", county=None),
    ]
    many = Evaluator(lib, engine)
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            reports = many.reports(agencies, ["wso", "jem"], AS_OF)
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
        one_at_a_time = Evaluator(lib, engine)
        assert reports == [one_at_a_time.report(a, ["wso", "jem"], AS_OF) for a in agencies]

    def fails(*_):
        raise RuntimeError("a report failed")

    monkeypatch.setattr(Evaluator, "report", fails)
    with pytest.raises(RuntimeError):
        many.reports(agencies, ["wso"], AS_OF)
    assert gc.isenabled()


def test_evaluation_makes_no_reference_cycles_for_the_collector_to_free():
    """What lets `Evaluator.reports` pause the collector: the plain engine's reports, caches and
    readings are freed by reference counting alone."""
    lib = library(surveyed_state(provision("p1", applies_if={"fact": "county_population", "at_least": 100_000})))
    agencies = [profile(county=f"County {n}") for n in range(20)]
    Evaluator(lib, "plain").reports(agencies[:1], ["wso"], AS_OF)  # what the first run of a process sets up once
    gc.collect()
    gc.disable()
    try:
        evaluator = Evaluator(lib, "plain")
        reports = evaluator.reports(agencies, ["wso", "jem", "tfm"], AS_OF)
        assert reports[0].alternatives  # the what-would-decide path ran too
        del evaluator, reports
        assert gc.collect() == 0
    finally:
        gc.enable()
