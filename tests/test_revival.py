"""Models rebuilt from the caches' JSON equal the validated ones, field for field and type for type."""

import datetime as dt

import pytest
from support import ROOT

from wso_rules import load_library, load_profiles
from wso_rules.models import Catalogue, Law, LocalSurvey, Profile
from wso_rules.revival import RevivalError, dump, revive


@pytest.fixture(scope="module")
def library():
    return load_library()


def _same(revived, validated):
    assert revived == validated
    assert revived.model_dump() == validated.model_dump()  # every nested value of the same type


def test_every_bundled_document_comes_back_as_it_was_validated(library):
    for law in library.laws:
        _same(revive(Law, dump(law)), law)
    for survey in library.surveys:
        _same(revive(LocalSurvey, dump(survey)), survey)
    _same(revive(Catalogue, dump(library.catalogue)), library.catalogue)
    for profile in load_profiles([ROOT / "jurisdictions"], library):
        _same(revive(Profile, dump(profile)), profile)


def test_conditions_come_back_as_their_own_kinds(library):
    conditions = [p.applies_if for law in library.laws for p in law.provisions if p.applies_if is not None]
    revived = [revive(Law, dump(law)) for law in library.laws]
    again = [p.applies_if for law in revived for p in law.provisions if p.applies_if is not None]
    assert conditions and [type(c) for c in again] == [type(c) for c in conditions]
    assert isinstance(revived[0].effective, dt.date)


def test_data_of_another_shape_is_refused(library):
    law = dump(library.laws[0])
    for broken in ({**law, "provisions": "none"}, {k: v for k, v in law.items() if k != "id"}, [law], None):
        with pytest.raises(RevivalError):
            revive(Law, broken)
