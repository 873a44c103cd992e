"""The cache of validated libraries: a hit gives the same library, any change to a law misses."""

import shutil

from conftest import ROOT

from wso_rules import load_library
from wso_rules.library_cache import _cache_folder


def test_cache_hit_and_invalidation(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    policies = tmp_path / "policies"
    policies.mkdir()
    shutil.copy(ROOT / "policies" / "catalogue.yaml", policies)
    law = policies / "base.yaml"
    shutil.copy(ROOT / "tests" / "fixtures" / "validate" / "clean.yaml", law)

    first = load_library(policies)
    assert list(_cache_folder().glob("library-*.pickle"))
    second = load_library(policies)
    assert second.laws == first.laws and second is not first

    law.write_text(law.read_text().replace("Base Act", "Base Act, amended"))
    assert load_library(policies).law("zz-base").title == "Base Act, amended"


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("WSO_RULES_CACHE", "0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    load_library()
    assert not (tmp_path / "cache").exists()
