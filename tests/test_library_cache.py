"""The cache of validated libraries: a hit gives the same library, any change to a law misses,
a tampered entry is ignored (it can never run code), and the cache stays bounded."""

import json
import os
import pickle
import shutil

import pytest
from support import ROOT

from wso_rules import InputError, discovery, library_cache, load_library, load_profiles, loading, validation


@pytest.fixture
def policies(tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    shutil.copy(ROOT / "policies" / "catalogue.yaml", folder)
    shutil.copy(ROOT / "tests" / "rules" / "clean.yaml", folder / "base.yaml")
    return folder


def test_cache_hit_and_invalidation(cache, policies):
    first = load_library(policies)
    assert [p.suffix for p in cache.glob("library-*")] == [".json"]
    second = load_library(policies)
    assert second.laws == first.laws and second is not first
    where = ("provisions", 0, "effect")
    assert (
        second.origins["zz-base"].locator.value_at(where) == first.origins["zz-base"].locator.value_at(where) != (1, 1)
    )

    law = policies / "base.yaml"
    law.write_text(law.read_text().replace("Base Act", "Base Act, amended"))
    assert load_library(policies).law("zz-base").title == "Base Act, amended"


def test_cache_can_be_turned_off(cache, monkeypatch):
    monkeypatch.setenv("WSO_RULES_CACHE", "0")
    load_library()
    assert not cache.exists()


def test_a_tampered_entry_is_ignored_and_never_run(cache, policies, tmp_path):
    load_library(policies)
    (entry,) = cache.glob("library-*")
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    entry.write_bytes(pickle.dumps(Payload()))
    assert load_library(policies).law("zz-base").title == "Base Act"
    assert not marker.exists()

    load_library(policies)
    entry.write_text(entry.read_text()[:1000])  # cut short, as by a full disk
    assert load_library(policies).law("zz-base").title == "Base Act"


def test_old_pickles_are_removed_and_entries_are_bounded(cache, policies, monkeypatch):
    monkeypatch.setattr(library_cache, "MAX_ENTRIES", 2)
    cache.mkdir()
    (cache / "library-0123.pickle").write_bytes(b"old")
    law = policies / "base.yaml"
    for edition in range(4):
        law.write_text(law.read_text().replace("Base Act", f"Base Act {edition}", 1))
        load_library(policies)
    assert len(list(cache.glob("library-*.json"))) == 2
    assert not list(cache.glob("*.pickle"))


def _second_law(policies):
    text = (policies / "base.yaml").read_text()
    (policies / "other.yaml").write_text(text.replace("zz-base", "zz-other").replace("Base Act", "Other Act"))


def _counting_reads(monkeypatch):
    read = []
    original = loading.read_document
    monkeypatch.setattr(loading, "read_document", lambda path, model: read.append(path.name) or original(path, model))
    return read


def test_after_an_edit_only_the_edited_file_is_read_again(cache, policies, monkeypatch):
    _second_law(policies)
    load_library(policies)
    law = policies / "other.yaml"
    law.write_text(law.read_text().replace("Other Act", "Other Act, amended"))
    read = _counting_reads(monkeypatch)
    edited = load_library(policies)
    assert read == ["catalogue.yaml", "other.yaml"]
    assert edited.law("zz-other").title == "Other Act, amended"
    monkeypatch.setenv("WSO_RULES_CACHE", "0")
    assert edited.laws == load_library(policies).laws


def test_documents_read_by_other_code_are_not_reused(cache, policies, monkeypatch):
    _second_law(policies)
    load_library(policies)
    law = policies / "other.yaml"
    law.write_text(law.read_text().replace("Other Act", "Other Act, amended"))
    monkeypatch.setattr(library_cache, "code_digest", lambda: "other code")
    read = _counting_reads(monkeypatch)
    load_library(policies)
    assert sorted(read) == ["base.yaml", "catalogue.yaml", "other.yaml"]


def test_a_cached_library_points_validate_at_the_same_lines(cache, policies, monkeypatch):
    fresh = list(validation._cases(load_library(policies)))
    read = _counting_reads(monkeypatch)
    cached = list(validation._cases(load_library(policies)))
    assert read == [] and cached == fresh and any(case.scenario for case in cached)


def test_profiles_unchanged_since_last_read_are_not_parsed_again(cache, monkeypatch):
    library = load_library()
    folder = ROOT / "jurisdictions" / "us" / "fl"
    first = load_profiles([folder], library)
    read = _counting_reads(monkeypatch)
    assert load_profiles([folder], library) == first and read == []


def test_an_edited_profile_is_read_again(cache, tmp_path, monkeypatch):
    library = load_library()
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "jurisdictions" / "us" / "fl", folder)
    load_profiles([folder], library)
    edited = sorted(folder.glob("*.yaml"))[0]
    edited.write_text(edited.read_text().replace("agency: ", "agency: Renamed ", 1))
    read = _counting_reads(monkeypatch)
    profiles = load_profiles([folder], library)
    assert read == [edited.name] and any(p.agency.startswith("Renamed ") for p in profiles)
    monkeypatch.setenv("WSO_RULES_CACHE", "0")
    assert profiles == load_profiles([folder], library)


def _counting_file_reads(monkeypatch, folder):
    read = []
    original = library_cache.files.read_bytes

    def counting(path, *args):
        if folder in path.parents:
            read.append(path.name)
        return original(path, *args)

    monkeypatch.setattr(library_cache.files, "read_bytes", counting)
    monkeypatch.setattr(loading.files, "read_bytes", counting)
    return read


def test_a_settled_library_is_found_again_without_reading_a_file(cache, policies, monkeypatch):
    monkeypatch.setattr(library_cache, "SETTLED_SECONDS", -1)  # every file counts as long unchanged
    _second_law(policies)
    first = load_library(policies)
    read = _counting_file_reads(monkeypatch, policies)
    again = load_library(policies)
    assert read == [] and again.laws == first.laws and again.origins == first.origins


def test_a_scan_misses_on_an_edit_of_the_same_size_and_on_a_new_file(cache, policies, monkeypatch):
    monkeypatch.setattr(library_cache, "SETTLED_SECONDS", -1)
    load_library(policies)
    law = policies / "base.yaml"
    law.write_text(law.read_text().replace("Base Act", "Base Tca"))
    assert load_library(policies).law("zz-base").title == "Base Tca"
    _second_law(policies)
    assert load_library(policies).has_law("zz-other")


def test_a_scan_of_files_changed_just_now_is_not_remembered(cache, policies):
    load_library(policies)
    assert not list(cache.glob("scan-*.json"))


def _damage_the_law(entry):
    """Give the entry's one law a list of provisions of the wrong type."""
    index, document = entry.read_text().split("\n")
    law = json.loads(document)
    law["provisions"] = "none"
    entry.write_text(index + "\n" + json.dumps(law))


def test_a_damaged_document_is_read_again_from_its_unchanged_file(cache, policies):
    load_library(policies)
    (entry,) = cache.glob("library-*.json")
    _damage_the_law(entry)
    assert load_library(policies).law("zz-base").provisions


def test_a_damaged_document_whose_file_changed_since_is_an_error_not_a_guess(cache, policies):
    load_library(policies)
    (entry,) = cache.glob("library-*.json")
    _damage_the_law(entry)
    library = load_library(policies)
    law = policies / "base.yaml"
    law.write_text(law.read_text().replace("Base Act", "Base Act, amended"))
    with pytest.raises(InputError, match="changed-file"):
        library.law("zz-base")


def test_after_an_edit_the_damaged_document_of_the_edited_file_is_not_reused(cache, policies):
    load_library(policies)
    (entry,) = cache.glob("library-*.json")
    _damage_the_law(entry)
    law = policies / "base.yaml"
    law.write_text(law.read_text().replace("Base Act", "Base Act, amended"))
    assert load_library(policies).law("zz-base").title == "Base Act, amended"


def test_an_index_listing_other_documents_than_the_entry_holds_is_ignored(cache, policies):
    load_library(policies)
    (entry,) = cache.glob("library-*.json")
    index, document = entry.read_text().split("\n")
    entry.write_text(index + "\n" + document + "\n" + document)
    library = load_library(policies)
    assert library.law_ids == ("zz-base",) and library.law("zz-base").provisions


@pytest.fixture
def prebuilt(cache, policies, tmp_path, monkeypatch):
    """`policies` as the bundled library, with the prebuilt entry the wheel build would make of it."""
    _second_law(policies)
    monkeypatch.setattr(discovery, "BUNDLED_POLICIES", policies)
    monkeypatch.setattr(library_cache, "PREBUILT", tmp_path / "library.json")
    monkeypatch.setenv("WSO_RULES_CACHE", "0")
    library_cache.write_prebuilt(load_library(policies), policies)
    monkeypatch.setenv("WSO_RULES_CACHE", "1")
    return library_cache.PREBUILT


def test_a_new_install_takes_the_prebuilt_library_and_parses_no_law(prebuilt, cache, policies, monkeypatch):
    read = _counting_reads(monkeypatch)
    library = load_library(policies)
    assert read == [] and list(cache.glob("library-*.json"))  # remembered in the user cache
    assert load_library(policies).laws == library.laws and read == []
    assert library.origins["zz-other"].path == policies / "other.yaml"
    assert library.origins["zz-other"].locator.value_at(("id",))[0] == 1  # positions found again from the file
    monkeypatch.setenv("WSO_RULES_CACHE", "0")
    fresh = load_library(policies)
    assert library.laws == fresh.laws and library.origins == fresh.origins


def test_an_edited_law_is_read_not_taken_from_the_prebuilt_library(prebuilt, policies, monkeypatch):
    law = policies / "other.yaml"
    law.write_text(law.read_text().replace("Other Act", "Other Act, amended"))
    read = _counting_reads(monkeypatch)
    assert load_library(policies).law("zz-other").title == "Other Act, amended"
    assert "other.yaml" in read


def test_a_prebuilt_library_of_other_code_or_other_laws_is_not_used(prebuilt, policies, tmp_path, monkeypatch):
    monkeypatch.setattr(library_cache, "code_digest", lambda: "other code")
    read = _counting_reads(monkeypatch)
    load_library(policies)
    assert sorted(read) == ["base.yaml", "catalogue.yaml", "other.yaml"]
    monkeypatch.undo()
    elsewhere = shutil.copytree(policies, tmp_path / "elsewhere")  # the same files, not the bundled library
    monkeypatch.setattr(discovery, "BUNDLED_POLICIES", policies)
    monkeypatch.setattr(library_cache, "PREBUILT", prebuilt)
    read = _counting_reads(monkeypatch)
    load_library(elsewhere)
    assert sorted(read) == ["base.yaml", "catalogue.yaml", "other.yaml"]


def test_a_first_run_over_the_bundled_laws_and_an_encoders_parses_only_the_encoders(
    prebuilt, policies, tmp_path, monkeypatch
):
    own = tmp_path / "own"
    own.mkdir()
    text = (policies / "base.yaml").read_text()
    (own / "mine.yaml").write_text(text.replace("zz-base", "zz-mine").replace("Base Act", "My Act"))
    read = _counting_reads(monkeypatch)
    library = load_library([policies, own])
    assert read == ["catalogue.yaml", "mine.yaml"] and library.law("zz-other").title == "Other Act"


def test_unchanged_code_is_known_again_without_reading_it(cache, monkeypatch):
    library_cache.code_digest.cache_clear()
    monkeypatch.setattr(library_cache, "SETTLED_SECONDS", 0)
    digest = library_cache.code_digest()
    library_cache.code_digest.cache_clear()
    read = []
    original = library_cache.files.read_bytes
    monkeypatch.setattr(library_cache.files, "read_bytes", lambda path, *a: read.append(path) or original(path, *a))
    assert library_cache.code_digest() == digest
    assert not [path for path in read if path.suffix == ".py"]

    library_cache.code_digest.cache_clear()
    monkeypatch.setenv("WSO_RULES_CACHE", "0")
    assert library_cache.code_digest() == digest  # the same digest read from the code itself
    library_cache.code_digest.cache_clear()
