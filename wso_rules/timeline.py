"""When an agency's verdict changes, and which provisions change it.

A verdict can only change on a day some dated thing of its laws starts or stops: a law or
provision taking effect or ending, an injunction starting or lifting, a survey's period, the
library's coverage. So the timeline evaluates the agency on the first day and on each such day,
never by sampling every day, and keeps the days on which a program's verdict moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .evaluation import Evaluator
from .models import Law, Profile
from .verdicts import Verdict


@dataclass(frozen=True)
class Event:
    """A dated thing that starts or stops on a day."""

    day: dt.date
    what: str


@dataclass(frozen=True)
class Change:
    """A program's verdict (and the agency's duties to take part) from `day` on, and what
    happened on that day."""

    program: str
    day: dt.date
    before: Verdict | None
    after: Verdict
    deciding: tuple[str, ...]
    duties: tuple[str, ...]
    events: tuple[str, ...]


def timeline(
    evaluator: Evaluator, profile: Profile, programs: Iterable[str], start: dt.date, end: dt.date
) -> list[Change]:
    """Every day in [start, end] on which a program's verdict, or the agency's duty to take part,
    differs from the day before (each program's first entry gives its state on `start`)."""
    programs = list(programs)
    events = _events_by_day(evaluator, profile)
    days = [start] + sorted(day for day in events if start < day <= end)
    changes: list[Change] = []
    last: dict[str, tuple[Verdict, tuple[str, ...]]] = {}
    for day in days:
        situation = evaluator.situation(profile, day)
        duties = tuple(m.describe() for m in evaluator.reading(situation).mandates)
        for program in programs:
            assessment = evaluator.assess(situation, program)
            state = (assessment.verdict, duties)
            if last.get(program) != state:
                before = last[program][0] if program in last else None
                deciding = tuple(dict.fromkeys(f.provision.citation for f in assessment.deciding))
                changes.append(Change(program, day, before, assessment.verdict, deciding, duties, events.get(day, ())))
                last[program] = state
    return changes


def verdict_on(changes: list[Change], program: str, day: dt.date) -> Verdict | None:
    """The verdict a timeline gives a program on `day` (None before its start)."""
    found = None
    for change in changes:
        if change.program == program and change.day <= day:
            found = change.after
    return found


def _events_by_day(evaluator: Evaluator, profile: Profile) -> dict[dt.date, tuple[str, ...]]:
    """The candidate laws' dated events (over all dates), grouped by day."""
    library = evaluator.library
    laws = evaluator.candidate_laws(evaluator.situation(profile, library.catalogue.coverage_from))
    found: dict[dt.date, list[str]] = {library.catalogue.coverage_from: ["the library's coverage begins"]}
    for event in (e for law in laws for e in _law_events(law)):
        found.setdefault(event.day, []).append(event.what)
    for survey in library.surveys:
        if survey.survey_of == profile.state:
            found.setdefault(survey.covers_from, []).append(f"survey {survey.id} begins")
            if survey.covers_until:
                found.setdefault(survey.covers_until, []).append(f"survey {survey.id} ends")
    return {day: tuple(whats) for day, whats in found.items()}


def _law_events(law: Law) -> Iterator[Event]:
    yield Event(law.effective, f"{law.title} takes effect")
    if law.ends:
        yield Event(law.ends, f"{law.title} ends")
    for provision in law.provisions:
        if provision.effective and provision.effective > law.effective:
            yield Event(provision.effective, f"{provision.citation} takes effect")
        if provision.ends:
            yield Event(provision.ends, f"{provision.citation} ends")
    for injunction in law.injunctions:
        what = ", ".join(injunction.provisions) if injunction.provisions is not None else "the whole law"
        yield Event(injunction.effective, f"{injunction.case} enjoins {law.id} ({what or 'no encoded provision'})")
        if injunction.ends:
            yield Event(injunction.ends, f"{injunction.case} no longer enjoins {law.id}")
