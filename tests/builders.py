"""Small constructors for laws and profiles in tests, so each test states only what matters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from wso_rules.library import Library
from wso_rules.loading import DEFAULT_POLICIES, read_document
from wso_rules.models import Catalogue, Law, LocalSurvey, Profile, Provision

CATALOGUE: Catalogue = read_document(DEFAULT_POLICIES / "catalogue.yaml", Catalogue)[0]
VERIFIED = {"status": "verified", "url": "https://example.org/code", "checked_on": dt.date(2026, 11, 28)}
WSO_ACTIVITIES = [
    "enter_287g_agreement",
    "perform_immigration_officer_functions",
    "arrest_on_civil_immigration_warrant",
    "hold_on_detainer",
    "transfer_custody",
]


def provision(
    id: str = "p1", effect: str = "prohibits", activities: list[str] | None = None, binds: Any = "all", **extra: Any
) -> Provision:
    if effect == "restricts":
        extra.setdefault("conditions", ["only for people convicted of a listed offense"])
    return Provision.model_validate(
        {
            "id": id,
            "citation": f"Test Code § {id}",
            "excerpt": f"Words of {id}.",
            "effect": effect,
            "activities": activities or ["enter_287g_agreement"],
            "binds": binds,
            "verification": VERIFIED,
            **extra,
        }
    )


def law(
    id: str = "xx-law",
    provisions: list[Provision] | None = None,
    state: str = "XX",
    level: str = "state",
    effective: dt.date = dt.date(2018, 1, 1),
    **extra: Any,
) -> Law:
    jurisdiction = {"state": state}
    if level == "county":
        jurisdiction["county"] = extra.pop("county", "Test")
    if level == "city":
        jurisdiction["city"] = extra.pop("city", "Testville")
    data = {
        "id": id,
        "title": f"Law {id}",
        "kind": "statute" if level == "state" else "ordinance",
        "level": level,
        "jurisdiction": jurisdiction,
        "effective": effective,
        "source_url": "https://example.org/law",
        "provisions": [p.model_dump(by_alias=True, exclude_none=True) for p in (provisions or [provision()])],
        **extra,
    }
    if data.get("kind") == "no_law":
        data["provisions"] = []
    return Law.model_validate(data)


def no_law(state: str = "XX", **extra: Any) -> Law:
    return law(
        f"{state.lower()}-no-law",
        kind="no_law",
        state=state,
        effective=dt.date(2017, 1, 1),
        review={
            "reviewed_on": dt.date(2026, 11, 28),
            "sources_checked": [{"title": "code", "url": "https://example.org"}],
            "note": "nothing found",
        },
        **extra,
    )


def survey(state: str = "XX", **extra: Any) -> LocalSurvey:
    """A survey of the state's local laws that finds none (unless `localities` says otherwise)."""
    return LocalSurvey.model_validate(
        {
            "id": f"{state.lower()}-local-survey",
            "survey_of": state,
            "reviewed_on": dt.date(2026, 11, 28),
            "covers_from": dt.date(2017, 1, 1),
            "sources": [
                {
                    "id": "list",
                    "title": "a list",
                    "url": "https://example.org/list",
                    "speaks_for": dt.date(2025, 5, 29),
                    "scope": "national",
                }
            ],
            **extra,
        }
    )


def library(*documents: Law | LocalSurvey | tuple[Law | LocalSurvey, ...]) -> Library:
    """A library of the given laws and surveys (tuples are spread), checked by nothing but the schema."""
    flat = [d for item in documents for d in (item if isinstance(item, tuple) else (item,))]
    laws = tuple(d for d in flat if isinstance(d, Law))
    return Library(CATALOGUE, laws, surveys=tuple(d for d in flat if isinstance(d, LocalSurvey)))


def profile(agency_kind: str = "sheriff", state: str = "XX", county: str | None = "Test", **extra: Any) -> Profile:
    return Profile.model_validate(
        {
            "id": "test-agency",
            "agency": "Test Agency",
            "agency_kind": agency_kind,
            "state": state,
            "county": county,
            **extra,
        }
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
