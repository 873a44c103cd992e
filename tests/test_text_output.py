"""The text report as a reader sees it: folded to the terminal, each excerpt once, facts explained."""

import os
import pty
import subprocess
import sys

from support import ROOT

AUSTIN = "jurisdictions/us/tx/austin-police.yaml"
EXCERPT = "A local entity or campus police department may not"


def test_each_excerpt_is_quoted_once_with_the_programs_it_decides(cli_env):
    result = cli_env({}, "check", AUSTIN, "--program", "all", "--as-of", "2026-11-28")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(EXCERPT) == 1
    assert "Decides: WSO, JEM, TFM" in result.stdout and "(quoted above)" in result.stdout


def _on_a_terminal(*args: str, columns: int) -> str:
    """The command's standard output when it is a terminal `columns` wide."""
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")} | {"COLUMNS": str(columns)}
    process = subprocess.Popen(
        [sys.executable, "-m", "wso_rules", *args, "--color", "never"], cwd=ROOT, stdout=terminal, env=env
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the command has finished writing
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(controller)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_text_is_folded_to_the_terminal_and_whole_in_a_pipe(cli_env):
    folded = _on_a_terminal("check", AUSTIN, "--as-of", "2026-11-28", columns=72)
    whole = cli_env({"COLUMNS": "72"}, "check", AUSTIN, "--as-of", "2026-11-28").stdout
    assert max(len(line) for line in whole.splitlines()) > 72
    long_words = [line for line in folded.splitlines() if len(line) > 72]
    assert all(" " not in line.strip() for line in long_words), long_words  # only unbreakable words overrun
    assert folded.split() == whole.split()  # the same words, only the line breaks differ


def test_a_missing_fact_says_what_it_means_and_how_to_supply_it(cli_env):
    result = cli_env({}, "check", "--state", "TN", "--county", "Davidson", "--kind", "sheriff", "--as-of", "2026-11-28")
    assert result.returncode == 0, result.stderr
    assert "Missing facts:\n   - The governing legislative body of the agency's county" in result.stdout
    assert "`--fact county_legislative_body_approved_287g=true`" in result.stdout


def test_comparisons_and_timelines_name_agency_kinds_by_label(cli_env):
    vermont = "jurisdictions/us/vt/vermont-department-of-corrections.yaml"
    compare = cli_env({}, "compare", vermont, "--as-of", "2026-11-28").stdout
    timeline = cli_env({}, "timeline", vermont, "--from", "2026-01-01", "--to", "2026-11-28").stdout
    for text in (compare, timeline):
        assert "state_corrections" not in text and "State department of corrections" in text, text[:300]
