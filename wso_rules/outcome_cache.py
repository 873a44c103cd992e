"""A cache of scenario outcomes, one entry per state, so `validate` re-runs only the scenarios
whose inputs changed.

A scenario's agency is in its own law's state, and a verdict there reads only that state's laws
and survey, the catalogue and the code (the gazetteer is package data). So a state's outcomes are
kept under a digest of those files (as read: `Origin.digest`), the code and the engine; editing a
Florida ordinance re-runs Florida's scenarios and reuses every other state's. A state holding a
document made in memory (no digest) is never cached. The file sits beside the library cache, holds
one entry per state (the newest), and is read back through a model, so a corrupt or tampered file
is ignored, never run.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable

from pydantic import BaseModel, ConfigDict

from . import checks
from .library import Library
from .library_cache import cache_folder, code_digest, read_entry, write_entry
from .models import Law
from .scenarios import ScenarioOutcome
from .verdicts import Verdict

FILE_NAME = "scenario-outcomes.json"


class _Outcome(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built by validate alone, not by every command importing it

    law: str
    index: int
    verdict: Verdict
    citations: tuple[str, ...]
    reasons: tuple[str, ...]
    applied: frozenset[str]


class _StateOutcomes(BaseModel):
    model_config = ConfigDict(defer_build=True)

    key: str
    outcomes: list[_Outcome]


class _Store(BaseModel):
    model_config = ConfigDict(defer_build=True)

    states: dict[str, _StateOutcomes]


def outcomes(
    library: Library, engine: str, run: Callable[[Law], list[ScenarioOutcome]]
) -> dict[str, list[ScenarioOutcome]]:
    """Each law's scenario outcomes by law id: from the cache for states whose inputs are unchanged,
    else `run(law)` (and cached). `engine` names the engine the outcomes come from."""
    by_state: dict[str, list[Law]] = defaultdict(list)
    for law in library.laws:
        by_state[law.jurisdiction.state].append(law)
    folder = cache_folder()
    path = folder / FILE_NAME if folder else None
    store = (read_entry(path, _Store) if path else None) or _Store(states={})
    found: dict[str, list[ScenarioOutcome]] = {}
    changed = False
    for state, laws in sorted(by_state.items()):
        key = _key(library, state, engine)
        kept = store.states.get(state)
        if key is not None and kept is not None and kept.key == key:
            restored = _restore(library, laws, kept.outcomes)
            if restored is not None:
                found.update(restored)
                continue
        ran = {law.id: run(law) for law in laws}
        found.update(ran)
        if key is not None:
            store.states[state] = _StateOutcomes(key=key, outcomes=[_kept(o) for group in ran.values() for o in group])
            changed = True
    if path and changed:
        write_entry(path, store)
    return found


def _key(library: Library, state: str, engine: str) -> str | None:
    """The digest of what the state's verdicts read; None when a document has no file digest."""
    origins = library.origins
    documents = [*library.law_ids_of(state), *(survey.id for survey in library.surveys_of(state))]
    digests = [(doc_id, origins[doc_id].digest) for doc_id in sorted(documents)]
    digests.append((checks.CATALOGUE, origins[checks.CATALOGUE].digest))
    if any(digest is None for _, digest in digests):
        return None
    key = hashlib.sha256(f"{code_digest()}\0{engine}\0{state}".encode())
    for doc_id, digest in digests:
        key.update(f"\0{doc_id}\0{digest}".encode())
    return key.hexdigest()


def _restore(library: Library, laws: Iterable[Law], kept: list[_Outcome]) -> dict[str, list[ScenarioOutcome]] | None:
    """The kept outcomes as the laws' outcomes; None unless they are exactly one per scenario."""
    restored: dict[str, list[ScenarioOutcome]] = {law.id: [] for law in laws}
    for outcome in kept:
        if outcome.law not in restored or not library.has_law(outcome.law):
            return None
        law = library.law(outcome.law)
        if outcome.index != len(restored[law.id]) or outcome.index >= len(law.scenarios):
            return None
        restored[law.id].append(
            ScenarioOutcome(
                law,
                outcome.index,
                law.scenarios[outcome.index],
                outcome.verdict,
                outcome.citations,
                outcome.reasons,
                outcome.applied,
            )
        )
    if any(len(restored[law.id]) != len(law.scenarios) for law in laws):
        return None
    return restored


def _kept(outcome: ScenarioOutcome) -> _Outcome:
    return _Outcome(
        law=outcome.law.id,
        index=outcome.index,
        verdict=outcome.verdict,
        citations=outcome.citations,
        reasons=outcome.reasons,
        applied=outcome.applied,
    )
