"""The national gazetteer: every county and equivalent, found however people write its name."""

import collections

import pytest

from wso_rules import gazetteer
from wso_rules.gazetteer import NoSuchCounty, by_fips, canonical, lookup


def test_the_2020_geography_has_3143_counties_and_equivalents_in_51_jurisdictions():
    current = gazetteer.current()
    assert len(current) == 3143
    assert len({c.fips for c in current}) == 3143
    per_state = collections.Counter(c.state for c in current)
    assert len(per_state) == 51
    assert (per_state["TX"], per_state["VA"], per_state["AK"], per_state["LA"], per_state["CT"]) == (
        254,
        133,
        30,
        64,
        8,
    )


@pytest.mark.parametrize(
    "state, name, fips",
    [
        ("GA", "Fulton", "13121"),
        ("GA", "fulton county", "13121"),
        ("GA", "  FULTON  County ", "13121"),
        ("FL", "Saint Johns", "12109"),
        ("FL", "St Johns", "12109"),
        ("MO", "Sainte Genevieve", "29186"),
        ("MO", "St. Louis", "29189"),
        ("MO", "St. Louis city", "29510"),
        ("MO", "City of St. Louis", "29510"),
        ("LA", "Orleans Parish", "22071"),
        ("LA", "east baton rouge", "22033"),
        ("LA", "St. John the Baptist Parish", "22095"),
        ("CT", "Hartford", "09003"),
        ("CT", "Capitol Planning Region", "09110"),
        ("CT", "Western Connecticut", "09190"),
        ("VA", "Fairfax", "51059"),
        ("VA", "Fairfax County", "51059"),
        ("VA", "Fairfax city", "51600"),
        ("VA", "Alexandria", "51510"),
        ("VA", "Richmond", "51159"),
        ("VA", "Richmond city", "51760"),
        ("AK", "Anchorage", "02020"),
        ("AK", "Juneau City and Borough", "02110"),
        ("AK", "Wade Hampton Census Area", "02158"),
        ("AK", "Chugach", "02063"),
        ("MD", "Prince Georges", "24033"),
        ("MD", "Baltimore", "24005"),
        ("MD", "Baltimore City", "24510"),
        ("IL", "De Kalb", "17037"),
        ("NY", "Brooklyn", "36047"),
        ("DC", "Washington", "11001"),
        ("NV", "Carson City", "32510"),
    ],
)
def test_lookup_forgives_case_suffixes_saint_and_punctuation(state, name, fips):
    assert lookup(state, name).fips == fips


def test_a_city_agency_prefers_the_independent_city_of_its_name():
    assert lookup("VA", "Fairfax", prefer_city=True).fips == "51600"
    assert lookup("VA", "Fairfax County", prefer_city=True).fips == "51059"
    assert lookup("GA", "Fulton", prefer_city=True).fips == "13121"


def test_short_names_are_the_library_spelling():
    assert by_fips("13121").short_name == "Fulton"
    assert by_fips("22071").short_name == "Orleans"
    assert by_fips("51600").short_name == "Fairfax city"
    assert by_fips("51510").short_name == "Alexandria"
    assert by_fips("09110").short_name == "Capitol"


def test_an_alias_resolves_to_the_current_name():
    assert by_fips("02158").name == "Kusilvak Census Area"
    assert lookup("SD", "Shannon").name == "Oglala Lakota County"
    assert lookup("MO", "Shannon").fips == "29203"


def test_no_match_suggests_close_names():
    with pytest.raises(NoSuchCounty, match=r"no county named 'Fultn' in GA; did you mean Fulton\?") as raised:
        lookup("GA", "Fultn")
    assert raised.value.suggestions == ("Fulton",)
    with pytest.raises(NoSuchCounty, match="no state or district"):
        lookup("ZZ", "Fulton")
    with pytest.raises(NoSuchCounty, match="no county has FIPS code '99999'"):
        by_fips("99999")


def test_every_county_is_found_by_its_own_name_and_its_short_name():
    for county in gazetteer.counties():
        found = canonical(county).fips
        assert lookup(county.state, county.name).fips == found, county
        short = canonical(county).short_name
        assert lookup(county.state, short).fips == found, county  # as a profile's `county` is read
