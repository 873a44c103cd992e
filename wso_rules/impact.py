"""`wso-rules impact`: which agencies' verdicts a change to the law library moves, and why.

The library is read twice, at a git revision and in the working tree; every profile is evaluated
for every program against both, and the verdicts that differ are listed with the provisions that
now decide (or no longer decide) them. This is what a reviewer of a new encoding reads first.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .evaluation import Evaluator, evaluator_for
from .library import Library
from .loading import load_library, load_profiles
from .output import Style
from .overlays import Overlay
from .problems import InputError, Problem, real_path


class GitError(Exception):
    """git could not give us the library at the requested revision."""


@dataclass(frozen=True)
class VerdictChange:
    profile_id: str
    agency: str
    program: str
    before: str
    after: str
    now_deciding: tuple[str, ...]
    no_longer_deciding: tuple[str, ...]


def _git(repo: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
    if result.returncode != 0:
        raise GitError(result.stderr.decode(errors="replace").strip() or f"git {' '.join(args)} failed")
    return result.stdout


def library_at(revision: str, layers: Sequence[Path], into: Path) -> Library:
    """Load the layered library as it was at `revision` of the git repository holding the top layer:
    each layer in that repository is extracted with `git archive` into `into`; the others (the
    bundled library, when the top layer is an encoder's own) are used as they are."""
    top = real_path(layers[-1])
    repo = real_path(Path(_git(top, "rev-parse", "--show-toplevel").decode().strip()))
    # --end-of-options: a revision such as "--output=FILE" is a name to look up, never an option
    commit = _git(repo, "rev-parse", "--verify", "--end-of-options", f"{revision}^{{commit}}").decode().strip()
    at_revision = []
    for index, layer in enumerate(real_path(layer) for layer in layers):
        if layer != repo and repo not in layer.parents:
            at_revision.append(layer)
            continue
        relative = layer.relative_to(repo).as_posix()
        archive = _git(repo, "archive", "--format=tar", commit, "--", relative)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(into / str(index), filter="data")
        at_revision.append(into / str(index) / relative)
    return load_library(at_revision)


def _deciding(evaluator: Evaluator, profile: Any, program: str, as_of: dt.date) -> tuple[str, set[str]]:
    assessment = evaluator.report(profile, [program], as_of).assessments[0]
    return assessment.verdict.value, {f"{f.provision.citation} ({f.law.id})" for f in assessment.deciding}


def verdict_changes(
    before: Library, after: Library, profile_paths: list[Path], as_of: dt.date, engine: str = "auto"
) -> list[VerdictChange]:
    profiles = load_profiles(profile_paths, after)
    old, new = evaluator_for(before, engine), evaluator_for(after, engine)
    changes = []
    for profile in profiles:
        for program in after.program_ids:
            old_verdict, old_deciding = _deciding(old, profile, program, as_of)
            new_verdict, new_deciding = _deciding(new, profile, program, as_of)
            if old_verdict != new_verdict:
                changes.append(
                    VerdictChange(
                        profile.id,
                        profile.agency,
                        program,
                        old_verdict,
                        new_verdict,
                        tuple(sorted(new_deciding - old_deciding)),
                        tuple(sorted(old_deciding - new_deciding)),
                    )
                )
    return changes


def changed_laws(before: Library, after: Library) -> dict[str, list[str]]:
    old = {law.id: law for law in before.laws}
    new = {law.id: law for law in after.laws}
    return {
        "added": sorted(new.keys() - old.keys()),
        "removed": sorted(old.keys() - new.keys()),
        "modified": sorted(i for i in old.keys() & new.keys() if old[i] != new[i]),
    }


def impact(
    revision: str, layers: Sequence[Path], profile_paths: list[Path], as_of: dt.date, engine: str = "auto"
) -> dict[str, Any]:
    """The impact report as plain data (the JSON output; Markdown is rendered from it)."""
    after = load_library(layers)
    with tempfile.TemporaryDirectory(prefix="wso-impact-") as folder:
        try:
            before = library_at(revision, layers, Path(folder))
        except GitError as error:
            raise InputError(
                [Problem(str(layers[-1]), 1, 1, "git", f"cannot read the library at {revision!r}: {error}")]
            ) from None
        return _report(revision, [], before, after, profile_paths, as_of, engine)


def impact_of_overlay(
    overlay: Overlay, policies: Path, profile_paths: list[Path], as_of: dt.date, engine: str = "auto"
) -> dict[str, Any]:
    """What a draft bill, a repeal or an injunction (a what-if overlay) would move."""
    before = load_library(policies)
    after = overlay.library(before)
    return _report(None, overlay.assumptions(before), before, after, profile_paths, as_of, engine)


def _report(
    base: str | None,
    assumptions: list[str],
    before: Library,
    after: Library,
    profile_paths: list[Path],
    as_of: dt.date,
    engine: str,
) -> dict[str, Any]:
    """`base` is the git revision compared with, or None for a what-if (then `assumptions` say what)."""
    changes = verdict_changes(before, after, profile_paths, as_of, engine)
    return {
        "schema": "wso-rules/impact",
        "schema_version": 1,
        "base": base,
        "assumptions": assumptions,
        "as_of": as_of.isoformat(),
        "laws": changed_laws(before, after),
        "changes": [
            change.__dict__
            | {"now_deciding": list(change.now_deciding), "no_longer_deciding": list(change.no_longer_deciding)}
            for change in changes
        ],
    }


def markdown(report: dict[str, Any], style: Style) -> str:
    """The impact report as a pull-request comment."""
    laws = report["laws"]
    against = f"against `{report['base']}`" if report["base"] else "of " + "; ".join(report["assumptions"])
    lines = [f"## wso-rules impact {against} (as of {report['as_of']})", ""]
    for label in ("added", "removed", "modified"):
        if laws[label]:
            lines.append(f"- Laws {label}: " + ", ".join(f"`{law_id}`" for law_id in laws[label]))
    if not report["changes"]:
        lines += ["", "No agency's verdict changes."]
        return "\n".join(lines) + "\n"
    lines += [
        "",
        f"{len(report['changes'])} verdict(s) change:",
        "",
        "| Agency | Program | Before | After | Now deciding | No longer deciding |",
        "|---|---|---|---|---|---|",
    ]
    for change in report["changes"]:
        cells = [
            change["agency"],
            change["program"],
            change["before"],
            f"**{change['after']}**",
            "<br>".join(change["now_deciding"]),
            "<br>".join(change["no_longer_deciding"]),
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
