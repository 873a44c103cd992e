"""Properties that must hold for any library and any agency, checked with hypothesis."""

import datetime as dt
import itertools

from builders import CATALOGUE, law, library, profile, provision, survey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import needs_durable_rules

from wso_rules import Evaluator, Verdict
from wso_rules.compiling import RuleBook
from wso_rules.engines import Case, make_engine

ACTIVITIES = [a.id for a in CATALOGUE.activities]
KINDS = [k.id for k in CATALOGUE.agency_kinds]
PROGRAMS = [p.id for p in CATALOGUE.programs]
BOOLEAN_FACTS = ["operates_jail", "governor_approved_287g", "attorney_general_approved_287g"]
POPULATIONS = [0, 50_000, 100_000, 500_000, 2_000_000]
DAYS = st.dates(min_value=dt.date(2016, 6, 1), max_value=dt.date(2027, 1, 1))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SURVEY = survey()

fact_tests = st.one_of(
    st.builds(lambda f, v: {"fact": f, "equals": v}, st.sampled_from(BOOLEAN_FACTS), st.booleans()),
    st.builds(lambda n: {"fact": "county_population", "at_least": n}, st.sampled_from(POPULATIONS)),
    st.builds(lambda n: {"fact": "county_population", "at_most": n}, st.sampled_from(POPULATIONS)),
    st.builds(
        lambda ks: {"fact": "agency_kind", "one_of": ks},
        st.lists(st.sampled_from(KINDS), min_size=1, max_size=3, unique=True),
    ),
)
conditions = st.recursive(
    fact_tests,
    lambda inner: st.one_of(
        st.builds(lambda parts: {"all": parts}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda parts: {"any": parts}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda part: {"not": part}, inner),
    ),
    max_leaves=5,
)
exceptions = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.sampled_from(["e1", "e2", "e3"]),
            "scope": st.sampled_from(["case", "jurisdiction"]),
            "description": st.just("an exception"),
        },
        optional={"when": conditions},
    ),
    max_size=2,
    unique_by=lambda e: e["id"],
)


@st.composite
def provisions(draw, effects=("prohibits", "restricts", "requires", "permits"), index=0):
    effect = draw(st.sampled_from(effects))
    extra = {}
    if draw(st.booleans()):
        extra["applies_if"] = draw(conditions)
    if effect == "prohibits":
        extra["exceptions"] = draw(exceptions)
    if effect == "requires" and draw(st.booleans()):
        extra["programs"] = draw(st.lists(st.sampled_from(PROGRAMS), min_size=1, unique=True))
    start = draw(st.one_of(st.none(), st.dates(dt.date(2018, 1, 1), dt.date(2024, 1, 1))))
    if start:
        extra["effective"] = start
        if draw(st.booleans()):
            extra["ends"] = start + dt.timedelta(days=draw(st.integers(1, 2000)))
    return provision(
        f"p{index}-{draw(st.integers(0, 10**6))}",
        effect,
        draw(st.lists(st.sampled_from(ACTIVITIES), min_size=1, max_size=3, unique=True)),
        draw(st.one_of(st.just("all"), st.lists(st.sampled_from(KINDS), min_size=1, unique=True))),
        **extra,
    )


@st.composite
def laws(draw):
    count = draw(st.integers(1, 4))
    found = []
    for number in range(count):
        level = "state" if number == 0 else draw(st.sampled_from(["state", "county", "city"]))
        items = [draw(provisions(index=i)) for i in range(draw(st.integers(1, 4)))]
        extra = {}
        if draw(st.booleans()):
            extra["injunctions"] = [
                {
                    "court": "c",
                    "case": "x",
                    "effective": dt.date(2019, 1, 1),
                    "ends": dt.date(2020, 1, 1),
                    "source_url": "https://example.org",
                }
            ]
        found.append(law(f"law-{number}", items, level=level, effective=dt.date(2017, 1, 1), **extra))
    return found


@st.composite
def agencies(draw):
    facts = {name: draw(st.one_of(st.none(), st.booleans())) for name in BOOLEAN_FACTS if name != "operates_jail"}
    facts["county_population"] = draw(st.one_of(st.none(), st.sampled_from(POPULATIONS + [75_000])))
    return profile(
        draw(st.sampled_from(KINDS)),
        county="Test",
        city="Testville",
        operates_jail=draw(st.one_of(st.none(), st.booleans())),
        facts=facts,
    )


def assess(lib, agency, program, day, engine="plain"):
    return Evaluator(lib, engine).report(agency, [program], day).assessments[0]


def summary(assessment):
    return (assessment.verdict, tuple(sorted(f.key for f in assessment.deciding)))


@needs_durable_rules
@SETTINGS
@given(laws(), agencies(), DAYS)
def test_durable_rules_and_the_plain_evaluator_agree(found_laws, agency, day):
    rulebook = RuleBook(library(SURVEY, *found_laws))
    facts = {k: v for k, v in agency.facts.items() if v is not None} | {"agency_kind": agency.agency_kind}
    if agency.operates_jail is not None:
        facts["operates_jail"] = agency.operates_jail
    case = Case(
        "XX", tuple(law.id for law in found_laws), day.toordinal(), agency.agency_kind, tuple(sorted(facts.items()))
    )
    assert make_engine(rulebook, "durable").answer(case) == make_engine(rulebook, "plain").answer(case)


@SETTINGS
@given(laws(), agencies(), st.sampled_from(PROGRAMS), DAYS, st.randoms())
def test_order_of_laws_never_changes_a_verdict(found_laws, agency, program, day, rnd):
    shuffled = list(found_laws)
    rnd.shuffle(shuffled)
    assert summary(assess(library(SURVEY, *found_laws), agency, program, day)) == summary(
        assess(library(SURVEY, *shuffled), agency, program, day)
    )


@SETTINGS
@given(laws(), agencies(), st.sampled_from(PROGRAMS), DAYS, provisions(effects=("prohibits",), index=99))
def test_adding_a_prohibition_never_makes_a_verdict_more_permissive(found_laws, agency, program, day, ban):
    """A new ban may close the last program that met a mandate of any model; the mandate and the
    ban then conflict, and a conflict is `undetermined` by design (never resolved silently)."""
    before = assess(library(SURVEY, *found_laws), agency, program, day).verdict
    first = found_laws[0]
    widened = first.model_copy(update={"provisions": first.provisions + [ban]})
    after = assess(library(SURVEY, widened, *found_laws[1:]), agency, program, day)
    assert after.verdict.rank >= before.rank or after.conflicts, (before, after.verdict)


@SETTINGS
@given(laws(), agencies(), st.sampled_from(PROGRAMS), DAYS, provisions(index=98))
def test_a_provision_outside_its_dates_changes_nothing(found_laws, agency, program, day, extra):
    if day < dt.date(2017, 1, 2):
        return
    dormant = extra.model_copy(update={"effective": day + dt.timedelta(days=1), "ends": None, "preempts": None})
    expired = extra.model_copy(update={"effective": dt.date(2017, 1, 1), "ends": day, "preempts": None})
    first = found_laws[0]
    before = summary(assess(library(SURVEY, *found_laws), agency, program, day))
    for outside in (dormant, expired):
        changed = first.model_copy(update={"provisions": first.provisions + [outside]})
        assert summary(assess(library(SURVEY, changed, *found_laws[1:]), agency, program, day)) == before


@SETTINGS
@given(laws(), agencies(), st.sampled_from(PROGRAMS), DAYS)
def test_unknown_facts_never_give_permitted_where_a_known_value_gives_prohibited(found_laws, agency, program, day):
    lib = library(SURVEY, *found_laws)
    if assess(lib, agency, program, day).verdict is not Verdict.PERMITTED:
        return
    unknown = [name for name, value in agency.facts.items() if value is None]
    domains = [POPULATIONS + [75_000] if name == "county_population" else [True, False] for name in unknown]
    jail_domain = [True, False] if agency.operates_jail is None else [agency.operates_jail]
    for jail, values in itertools.product(jail_domain, itertools.product(*domains)):
        known = agency.model_copy(update={"operates_jail": jail, "facts": agency.facts | dict(zip(unknown, values))})
        assert assess(lib, known, program, day).verdict is not Verdict.PROHIBITED, (jail, dict(zip(unknown, values)))


@SETTINGS
@given(
    preempted=st.lists(st.sampled_from(ACTIVITIES), unique=True, max_size=len(ACTIVITIES)),
    program=st.sampled_from(PROGRAMS),
)
def test_the_local_gap_stands_exactly_when_some_needed_activity_escapes_state_preemption(preempted, program):
    scope = {"levels": ["county", "city"], "effects": ["prohibits", "restricts"], "activities": preempted or None}
    state = law(provisions=[provision("anti", effect="permits", preempts=scope)])
    found = Evaluator(library(state)).report(profile(), [program], dt.date(2020, 6, 1)).assessments[0]
    needed = set(CATALOGUE.programs[PROGRAMS.index(program)].activities)
    escapes = bool(preempted) and not needed <= set(preempted)
    assert any(g.level == "county" for g in found.gaps) is escapes
    assert (found.local_basis is not None) is not escapes


PLACES = [
    ("Test", "Testville"),
    ("Test", None),
    ("Listed", None),
    ("Other", "Testville"),
    ("Elsewhere", None),
    (None, None),
]
LISTED = {"county": "Listed", "named_by": ["list"], "resolution": "practice", "note": "a practice"}


@SETTINGS
@given(
    laws(),
    st.booleans(),
    st.lists(st.tuples(agencies(), st.sampled_from(PLACES)), min_size=2, max_size=6),
    DAYS,
)
def test_the_evaluation_caches_never_change_a_report(found_laws, surveyed, placed, day):
    """One Evaluator, whose caches are shared by every agency the law sees alike (a county with
    no law file of its own shares its key with any other), reports for each agency exactly what a
    fresh Evaluator reports for it alone: with county and city laws, a survey listing a county
    or none, counties without law, and an agency whose county is not recorded."""
    lib = library(*found_laws, *([survey(localities=[LISTED])] if surveyed else []))
    shared = Evaluator(lib, "plain")
    for agency, (county, city) in placed:
        at_place = agency.model_copy(update={"county": county, "city": city})
        assert shared.report(at_place, PROGRAMS, day) == Evaluator(lib, "plain").report(at_place, PROGRAMS, day)
