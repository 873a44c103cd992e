"""The country's county sheriffs as profiles: one per county of the gazetteer's current list.

No profile file exists for most of them, so each is built from its county alone: a sheriff that
runs the county jail (the usual case; Connecticut's counties, Alaska's boroughs and DC have no
such office, which the library cannot know). Every report built on one says so in the profile note.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import gazetteer
from .models import Profile

NOTE = (
    "Built from the Census county list, not from a profile file: the county's sheriff, assumed to run "
    "the county jail; no facts about it are known."
)


def sheriff(county: gazetteer.County) -> Profile:
    """The county's sheriff as the library sees an agency it knows nothing else about."""
    return Profile.model_validate(
        {
            "id": f"us-{county.state.lower()}-{county.fips}-sheriff",
            "agency": f"{county.name} Sheriff",
            "agency_kind": "sheriff",
            "state": county.state,
            "county": county.short_name,
            "county_fips": county.fips,
            "operates_jail": True,
            "note": NOTE,
        }
    )


def sheriffs(counties: Iterable[gazetteer.County] | None = None) -> list[Profile]:
    """A sheriff profile for each county (default: the 3,143 of the current geography)."""
    return [sheriff(county) for county in (gazetteer.current() if counties is None else counties)]
