"""Counting verdicts over many assessments, and why the undetermined ones are undetermined.

Shared by the benchmarks that evaluate lists of agencies (every county's sheriff, ICE's list of
287(g) participants), so that both speak of the same reasons in the same words.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable

from .findings import Assessment
from .verdicts import Verdict

REASONS = ("missing local law", "missing state law", "missing fact", "conflict", "other")


def reasons(assessment: Assessment) -> list[str]:
    """Why an assessment is undetermined, in the words of the report (it can have several)."""
    levels = {gap.level for gap in assessment.gaps}
    found = []
    if levels & {"county", "city"}:
        found.append("missing local law")
    if levels & {"state", "date"}:
        found.append("missing state law")
    if assessment.missing_facts:
        found.append("missing fact")
    if assessment.conflicts:
        found.append("conflict")
    return found or ["other"]


def verdict_counts(assessments: Iterable[Assessment]) -> str:
    """ "prohibited 3, permitted 40, ..." in the order of `Verdict`, zeros left out."""
    counts = collections.Counter(a.verdict for a in assessments)
    return ", ".join(f"{v.value} {counts[v]}" for v in Verdict if counts[v])


def undetermined_counts(assessments: Iterable[Assessment]) -> str:
    """ "missing local law 5, missing fact 2" over the undetermined ones; empty when there are none."""
    why = collections.Counter(reason for a in assessments if a.verdict is Verdict.UNDETERMINED for reason in reasons(a))
    return ", ".join(f"{r} {why[r]}" for r in REASONS if why[r])
