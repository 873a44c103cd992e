"""Reading an agency's kind and place from the names a 287(g) participants list gives it."""

import datetime as dt

import pytest

from wso_rules import load_library
from wso_rules.agency_names import (
    ListedAgency,
    NameReading,
    Unreadable,
    map_row,
    program_of,
    read_name,
    resolve_county,
    state_code,
)

CATALOGUE = load_library().catalogue


@pytest.mark.parametrize(
    "name, state, listed_type, reading",
    [
        ("Cobb County Sheriff's Office", "GA", "County", NameReading("sheriff", "Cobb")),
        ("Orleans Parish Sheriff’s Office", "LA", "County", NameReading("sheriff", "Orleans")),
        ("Apopka Police Department", "FL", "Municipality", NameReading("city_police", city="Apopka")),
        ("Lake Alfred Police Departent", "FL", "County", NameReading("city_police", city="Lake Alfred")),
        ("Town of Hampton PD", "NH", "Municipality", NameReading("city_police", city="Hampton")),
        ("Kenneth City Police Department", "FL", "Municipality", NameReading("city_police", city="Kenneth City")),
        ("Ligonier Borough Police Department", "PA", "Municipality", NameReading("city_police", city="Ligonier")),
        (
            "Jupiter Island Department of Public Safety",
            "FL",
            "Municipality",
            NameReading("city_police", city="Jupiter Island"),
        ),
        ("Three Rivers Regional Police Department", "PA", "Municipality", NameReading("city_police")),
        ("Ohio Department of Rehabilitation and Correction", "OH", "State Agency", NameReading("state_corrections")),
        ("Kansas Department of Corrections", "KS", None, NameReading("state_corrections")),
        ("Nebraska State Patrol", "NE", "State Agency", NameReading("state_police")),
        ("Alabama Department of Public Safety", "AL", "State Agency", NameReading("state_police")),
        ("Arkansas State Police Department", "AR", "Municipality", NameReading("state_police")),
        ("Idaho Department of Fish and Game", "ID", "State Agency", NameReading("state_agency")),
        ("Louisiana Alcohol and Tobacco Control", "LA", "Municipality", NameReading("state_agency")),
        ("Texas Office of the Attorney General", "TX", "State Agency", NameReading("state_agency")),
        ("Boise State University Police", "ID", "State Agency", NameReading("university_police")),
        ("Tampa International Airport Police", "FL", "Municipality", NameReading("airport_port_police")),
        ("Collier County Port Authority Police", "FL", "County", NameReading("airport_port_police", "Collier")),
        ("Hart County Detention Center", "KY", "County", NameReading("county_corrections", "Hart")),
        ("Marion County Board of County Commissioners", "FL", "County", NameReading("county_corrections", "Marion")),
        ("Tulsa Metro Corrections", "OK", "County", NameReading("county_corrections")),
        ("Blue Ridge Regional Jail Authority", "VA", "State Agency", NameReading("regional_jail")),
        ("Suffolk County Police Department", "NY", "County", NameReading("county_police", "Suffolk")),
        ("Reno Metropolitan Police Department", "NV", "County", NameReading("county_police")),
        ("Harris County Constable Precinct 4", "TX", "County", NameReading("constable", "Harris")),
        ("Penn Township Constbales Office", "PA", "Municipality", NameReading("constable")),
        ("Bucks County District Attorney's Office", "PA", "County", NameReading("district_attorney", "Bucks")),
        ("Richmond City Jail", "VA", "Municipality", NameReading("city_corrections", city="Richmond City")),
    ],
)
def test_a_name_says_the_agency_kind_and_its_place(name, state, listed_type, reading):
    assert read_name(name, state, listed_type) == reading


def test_a_city_named_like_its_state_is_a_city_not_the_state():
    assert read_name("Virginia Beach Police Department", "VA", "Municipality") == NameReading(
        "city_police", city="Virginia Beach"
    )
    assert read_name("New York City Police Department", "NY", "Municipality").kind == "city_police"


def test_a_name_with_no_kind_is_unreadable_with_the_name_in_the_reason():
    with pytest.raises(Unreadable, match="Friends of the Library"):
        read_name("Friends of the Library", "OH", "Municipality")


@pytest.mark.parametrize(
    "written, program",
    [
        ("Warrant Service Officer", "wso"),
        ("Task Force Model ", "tfm"),
        ("jail  enforcement model", "jem"),
        ("JEM", "jem"),
    ],
)
def test_support_types_name_programs(written, program):
    assert program_of(written, CATALOGUE.programs) == program


def test_an_unknown_support_type_or_state_is_unreadable():
    with pytest.raises(Unreadable, match="Border Liaison"):
        program_of("Border Liaison", CATALOGUE.programs)
    with pytest.raises(Unreadable, match="Puerto Rico"):
        state_code("Puerto Rico")
    assert (state_code("NEW HAMPSHIRE"), state_code("tx")) == ("NH", "TX")


def test_one_close_misspelling_of_a_county_is_forgiven_and_noted():
    county, note = resolve_county("FL", "Flagere County")
    assert county.fips == "12035"
    assert "read as Flagler County" in note
    assert resolve_county("GA", "Fulton County") == (resolve_county("GA", "Fulton")[0], None)


def test_a_county_far_from_every_real_one_is_unreadable():
    with pytest.raises(Unreadable, match="no county named 'Albemarle County' in NC"):
        resolve_county("NC", "Albemarle County")


def _row(agency, county=None, listed_type="County", state="GEORGIA", support="Warrant Service Officer"):
    return ListedAgency(state, agency, listed_type, county, support, dt.date(2025, 5, 1))


def test_a_sheriff_row_becomes_a_jail_running_county_profile():
    mapped = map_row(_row("Cobb County Sheriff's Office", "Cobb County"), CATALOGUE)
    profile = mapped.profile
    assert (profile.agency_kind, profile.state, profile.county, profile.county_fips) == (
        "sheriff",
        "GA",
        "Cobb",
        "13067",
    )
    assert profile.operates_jail is True
    assert (mapped.program, mapped.notes) == ("wso", ())


def test_the_name_county_stands_in_for_a_misspelt_county_column():
    mapped = map_row(_row("Lamar County Sheriff's Office", "Lamra Xounty"), CATALOGUE)
    assert mapped.profile.county == "Lamar"
    assert "the name's county used" in mapped.notes[0]


def test_a_wrong_county_column_is_fatal_for_a_county_agency_but_only_noted_for_a_city_police():
    with pytest.raises(Unreadable, match="no county named"):
        map_row(_row("Hart Detention Center", "Bowie County"), CATALOGUE)
    police = map_row(
        _row("Griffin Police Department", "Bowie County", "Municipality", support="Task Force Model"), CATALOGUE
    )
    assert (police.profile.agency_kind, police.profile.city, police.profile.county) == ("city_police", "Griffin", None)
    assert police.profile.operates_jail is None
    assert "county column ignored" in police.notes[0]


def test_a_state_agency_keeps_no_county_even_when_the_list_gives_one():
    mapped = map_row(_row("Georgia Department of Public Safety", "Fulton County", "State Agency"), CATALOGUE)
    assert (mapped.profile.agency_kind, mapped.profile.county) == ("state_police", None)
