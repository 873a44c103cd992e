"""What-if overlays: assumptions laid over the library and the profiles for one run.

An analyst asks what happens if a fact were known (`--fact`), a bill passed (`--with-law`), a law
were repealed (`--without-law`) or a court enjoined a law or provision (`--enjoin`). Each overlay
produces a new, validated `Library` or `Profile`; nothing in the engine knows about overlays, and
every report lists the assumptions it rests on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import checks
from .library import Library
from .loading import read_document
from .models import FactType, FactValue, Injunction, Law, Profile
from .problems import InputError

HYPOTHETICAL_URL = "https://wso-rules.invalid/what-if"
"""Source of an assumed injunction: a reserved domain, so no one mistakes it for a real order."""


class OverlayError(ValueError):
    """An assumption that cannot be applied (unknown fact, law or provision; a badly typed value)."""


@dataclass(frozen=True)
class Enjoinder:
    """An assumed court order suspending a law (or one provision) from a date on."""

    target: str
    effective: dt.date | None = None

    @classmethod
    def parse(cls, text: str) -> Enjoinder:
        """'law-id[/provision-id][@YYYY-MM-DD]' (no date: from the start of coverage)."""
        target, _, day = text.partition("@")
        if not target:
            raise OverlayError(f"--enjoin {text!r}: expected LAW[/PROVISION][@DATE]")
        try:
            return cls(target, dt.date.fromisoformat(day) if day else None)
        except ValueError:
            raise OverlayError(f"--enjoin {text!r}: {day!r} is not a date; write YYYY-MM-DD") from None


@dataclass(frozen=True)
class Overlay:
    """The assumptions of one run; empty means the library and profiles as they are."""

    facts: tuple[tuple[str, FactValue], ...] = ()
    with_laws: tuple[Path, ...] = ()
    without_laws: tuple[str, ...] = ()
    enjoin: tuple[Enjoinder, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.facts or self.with_laws or self.without_laws or self.enjoin)

    def assumptions(self, library: Library) -> list[str]:
        """The assumptions in plain words, for every report format."""
        said = [f"assumed fact: {name} = {_shown(value)}" for name, value in self.facts]
        said += [f"assumed enacted: {path} ({_law_ids(path)})" for path in self.with_laws]
        said += [f"assumed repealed: {law_id}" for law_id in self.without_laws]
        said += [
            f"assumed enjoined: {e.target} from {e.effective or library.catalogue.coverage_from}" for e in self.enjoin
        ]
        return said

    def library(self, base: Library) -> Library:
        """The library with draft laws added, laws removed and assumed injunctions applied. A draft
        is checked like any law file; a repeal may leave another law's preemption without a
        target, which is no error here (there is then nothing to preempt)."""
        if not (self.with_laws or self.without_laws or self.enjoin):
            return base
        laws = {law.id: law for law in base.laws}
        for law_id in self.without_laws:
            if laws.pop(law_id, None) is None:
                raise OverlayError(f"--without-law {law_id!r}: no such law in the library")
        origins = dict(base.origins)
        for path in self.with_laws:
            law, origin = read_document(path, Law)
            laws[law.id] = law
            origins[law.id] = origin
        for enjoinder in self.enjoin:
            law = _enjoined(laws, enjoinder, base.catalogue.coverage_from)
            laws[law.id] = law
        library = Library(base.catalogue, tuple(laws.values()), origins, base.surveys)
        problems = checks.library_problems(library) if self.with_laws else []
        if problems:
            raise InputError(problems)
        return library

    def profile(self, profile: Profile, library: Library) -> Profile:
        """The profile with the assumed facts in place of what it records."""
        if not self.facts:
            return profile
        return profile.model_copy(update={"facts": {**profile.facts, **dict(self.facts)}})


def parse_facts(pairs: Iterable[str], library: Library) -> tuple[tuple[str, FactValue], ...]:
    """'name=value' pairs typed by the catalogue's fact definitions."""
    parsed = []
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise OverlayError(f"--fact {pair!r}: expected NAME=VALUE")
        definition = library.fact(name)
        if definition is None or name in checks.PROFILE_FIELD_FACTS:
            known = ", ".join(sorted(set(library.fact_ids) - set(checks.PROFILE_FIELD_FACTS)))
            raise OverlayError(f"--fact {name!r}: unknown fact; known: {known}")
        parsed.append((name, _typed(name, text.strip(), definition.type, definition.values)))
    return tuple(parsed)


def _typed(name: str, text: str, kind: FactType, values: Sequence[str] | None) -> FactValue:
    if kind is FactType.BOOLEAN:
        truth = {"true": True, "yes": True, "false": False, "no": False}.get(text.lower())
        if truth is None:
            raise OverlayError(f"--fact {name}: {text!r} is not true or false")
        return truth
    if kind is FactType.INTEGER:
        try:
            return int(text.replace("_", "").replace(",", ""))
        except ValueError:
            raise OverlayError(f"--fact {name}: {text!r} is not a whole number") from None
    if values is not None and text not in values:
        raise OverlayError(f"--fact {name}: {text!r} is not one of {', '.join(values)}")
    return text


def _enjoined(laws: dict[str, Law], enjoinder: Enjoinder, coverage_from: dt.date) -> Law:
    law_id, _, provision_id = enjoinder.target.partition("/")
    law = laws.get(law_id)
    if law is None:
        raise OverlayError(f"--enjoin {enjoinder.target!r}: no such law in the library")
    if provision_id and provision_id not in {p.id for p in law.provisions}:
        raise OverlayError(f"--enjoin {enjoinder.target!r}: {law_id} has no provision {provision_id!r}")
    order = Injunction(
        court="assumed (what-if)",
        case="wso-rules --enjoin",
        effective=enjoinder.effective or coverage_from,
        provisions=[provision_id] if provision_id else None,
        source_url=HYPOTHETICAL_URL,
    )
    return law.model_copy(update={"injunctions": [*law.injunctions, order]})


def _law_ids(path: Path) -> str:
    try:
        return read_document(path, Law)[0].id
    except InputError:
        return "unreadable"


def _shown(value: FactValue) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
