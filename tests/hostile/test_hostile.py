"""Hostile input against every command: nothing hangs, nothing crashes, nothing is lost.

Each class of bad input found by the hostile-input campaign (docs/bad-input.md) has fixtures here
and variants generated below. Every command runs as a user runs it, in a subprocess with a
timeout and limits on memory and CPU (generous bounds that a hang or an explosion would pass,
never timing assertions), and the test asserts the exit status, the located message, that no
traceback or internal error is printed, and that files the run should not touch are intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import ROOT, needs_durable_rules

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE_LAW = ROOT / "tests" / "rules" / "clean.yaml"
TIMEOUT_SECONDS = 60
MEMORY_BYTES = 1 << 30
PROFILE = """\
id: us-zz-test-police
agency: Test State Police
agency_kind: state_police
state: ZZ
facts: {}
operates_jail: true
"""


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (TIMEOUT_SECONDS, TIMEOUT_SECONDS))


def run(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None, limits=_limits) -> Run:
    """The command in its own bounded process; a hang fails the test at the timeout."""
    environment = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"} | (env or {})
    result = subprocess.run(
        [sys.executable, "-m", "wso_rules", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        preexec_fn=limits,
        env=environment,
    )
    decode = lambda data: data.decode("utf-8", errors="backslashreplace")  # noqa: E731
    return Run(result.returncode, decode(result.stdout), decode(result.stderr))


def assert_refused(result: Run, status: int, location: str, *words: str) -> None:
    """Exit `status`, a problem at `location` (path:line:col, a regex) saying `words`, no crash."""
    assert result.status == status, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    assert re.search(location, result.output), result.output
    for word in words:
        assert word in result.output, result.output


@pytest.fixture
def library(tmp_path) -> Path:
    """A one-law library (state ZZ) beside the bundled catalogue."""
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(ROOT / "policies" / "catalogue.yaml", folder)
    shutil.copy(BASE_LAW, folder / "base.yaml")
    return folder


@pytest.fixture
def profile(tmp_path) -> Path:
    path = tmp_path / "profiles" / "police.yaml"
    path.parent.mkdir()
    path.write_text(PROFILE)
    return path


def law_fixture(library: Path, name: str) -> Path:
    """Put a fixture law in the library in place of the clean one."""
    (library / "base.yaml").unlink()
    return Path(shutil.copy(FIXTURES / name, library / name))


# ------------------------------------------------------------------ alias bombs and deep nesting


@pytest.mark.parametrize("command", ["check", "compare"])
def test_alias_bomb_in_a_profile_is_refused_at_once(command, library):
    result = run(command, "--policies", library, FIXTURES / "bomb-profile.yaml")
    assert_refused(result, 2, r"bomb-profile\.yaml:\d+:\d+: error \[too-large\]", "aliases")


def test_alias_bomb_in_a_law_is_refused_by_validate_and_check(library, profile):
    law_fixture(library, "bomb-law.yaml")
    assert_refused(run("validate", library), 1, r"bomb-law\.yaml:\d+:\d+: error \[too-large\]")
    assert_refused(run("check", "--policies", library, profile), 2, r"bomb-law\.yaml:\d+:\d+: error \[too-large\]")


def test_alias_inside_its_own_value_is_refused(library):
    law_fixture(library, "alias-loop.yaml")
    assert_refused(run("validate", library), 1, r"alias-loop\.yaml:14:\d+: error \[alias-loop\]")


def test_wide_alias_fan_out_is_refused(library, profile):
    profile.write_text(
        PROFILE
        + "notes:\n  big: &big ["
        + ", ".join(["x"] * 2000)
        + "]\n  many: ["
        + ", ".join(["*big"] * 2000)
        + "]\n"
    )
    assert_refused(run("check", "--policies", library, profile), 2, r"police\.yaml:\d+:\d+: error \[too-large\]")


@pytest.mark.parametrize("style", ["block", "flow"])
def test_deep_nesting_is_refused(style, library, profile):
    depth = 1000
    if style == "block":
        nested = "".join(f"{'  ' * level}k:\n" for level in range(depth)) + f"{'  ' * depth}v\n"
    else:
        nested = "[" * depth + "]" * depth + "\n"
    profile.write_text(PROFILE + "notes:\n" + "\n".join("  " + line for line in nested.splitlines()) + "\n")
    assert_refused(
        run("check", "--policies", library, profile), 2, r"police\.yaml:\d+:\d+: error \[(too-deep|yaml-syntax)\]"
    )


# ------------------------------------------------------------------ impossible dates


@pytest.mark.parametrize(
    ("fixture", "location", "words"),
    [
        (
            "date-profile-feb-30.yaml",
            r"date-profile-feb-30\.yaml:10:13: error \[bad-value\]",
            ["2025-02-30", "day is out of range"],
        ),
        ("date-agency-name.yaml", r"date-agency-name\.yaml:3:9: error \[bad-value\]", ["2026-13-01", "quote it"]),
    ],
)
def test_impossible_date_in_a_profile_is_located(fixture, location, words, library):
    assert_refused(run("check", "--policies", library, FIXTURES / fixture), 2, location, *words)


def test_impossible_date_in_a_law_is_located(library, profile):
    law_fixture(library, "date-law-month-13.yaml")
    location = r"date-law-month-13\.yaml:7:12: error \[bad-value\]"
    assert_refused(run("validate", library), 1, location, "month must be in 1..12")
    assert_refused(run("check", "--policies", library, profile), 2, location)


def test_one_bad_date_among_many_profiles_is_named_by_compare(library, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(20):
        (folder / f"agency-{index:02}.yaml").write_text(
            PROFILE.replace("us-zz-test-police", f"us-zz-agency-{index:02}")
        )
    (folder / "agency-13.yaml").write_text(
        PROFILE.replace("us-zz-test-police", "us-zz-agency-13")
        + "agreements_287g:\n  - {program: wso, signed: 2025-02-30, source_url: 'https://example.org/moa'}\n"
    )
    assert_refused(run("compare", "--policies", library, folder), 2, r"agency-13\.yaml:8:\d+: error \[bad-value\]")


# ------------------------------------------------------------------ terminal control sequences


RAW_CONTROLS = re.compile("[\x1b\x07\u202a-\u202e\u2066-\u2069]")


def test_control_sequences_in_a_law_never_reach_the_terminal(library, profile):
    law_fixture(library, "citation-escape.yaml")
    for result in (run("check", "--policies", library, profile), run("validate", library)):
        assert result.status in (0, 1) and "Traceback" not in result.output, result.output
        assert not RAW_CONTROLS.search(result.output), result.output
        assert "\\u001b[2J" in result.output


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_bidi_override_in_an_agency_name_is_shown_not_obeyed(fmt, library):
    result = run("check", "--policies", library, "--format", fmt, FIXTURES / "agency-bidi.yaml")
    assert result.status == 0, result.output
    assert not RAW_CONTROLS.search(result.output), result.output
    assert "\\u202e" in result.output
    if fmt == "json":
        assert json.loads(result.stdout)["agency"]["name"] == "Test \u202eCounty\x1b]0;pwned\x07 Sheriff"


def test_bidi_override_in_several_json_reports_is_escaped(library, profile):
    profile.write_text(PROFILE.replace("us-zz-test-police", "us-zz-other-police"))
    result = run("check", "--policies", library, "--format", "json", FIXTURES / "agency-bidi.yaml", profile)
    assert result.status == 0 and not RAW_CONTROLS.search(result.output), result.output
    assert json.loads(result.stdout)[0]["agency"]["name"].startswith("Test \u202eCounty")


def test_control_sequences_in_a_file_name_are_escaped(library):
    law = library / "law\x1b[2J\u202e.yaml"
    law.write_text("id: [unclosed\n")
    result = run("validate", library)
    assert_refused(result, 1, r"law\\u001b\[2J\\u202e\.yaml:2:1: error \[yaml-syntax\]")
    assert not RAW_CONTROLS.search(result.output)


# ------------------------------------------------------------------ non-UTF-8 names, strict encodings


def test_non_utf8_file_name_with_strict_utf8_output(library):
    with open(os.path.join(os.fsencode(library), b"bad-\xff-name.yaml"), "wb") as stream:
        stream.write(b"id: [unclosed\n")
    result = run("validate", library, env={"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"})
    assert_refused(result, 1, r"bad-\\udcff-name\.yaml:2:1: error \[yaml-syntax\]")


def test_non_ascii_report_on_an_ascii_terminal(library, profile):
    result = run("check", "--policies", library, profile, env={"PYTHONIOENCODING": "ascii:strict"})
    assert result.status == 0, result.output
    assert "Base Code \\xa7 1" in result.stdout


# ------------------------------------------------------------------ writes: atomic, and errors exit 2


def _no_bigger_files_than(size: int):
    def limits() -> None:
        _limits()
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limits


@pytest.mark.parametrize("fmt", ["html", "text"])
def test_a_run_killed_while_writing_leaves_the_old_report_whole(fmt, library, profile, tmp_path):
    report = tmp_path / f"report.{fmt}"
    good = "a good report from yesterday\n" * 3
    report.write_text(good)
    result = run(
        "check", "--policies", library, "--format", fmt, "-o", report, profile, limits=_no_bigger_files_than(200)
    )
    assert result.status != 0  # killed (SIGXFSZ) or refused, but never a half-written report
    assert report.read_text() == good


def test_a_finished_write_replaces_the_report_and_keeps_its_permissions(library, profile, tmp_path):
    report = tmp_path / "report.md"
    report.write_text("old")
    report.chmod(0o640)
    assert run("check", "--policies", library, "--format", "md", "-o", report, profile).status == 0
    assert report.read_text().startswith("#") and oct(report.stat().st_mode & 0o777) == oct(0o640)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_writing_to_a_device_writes_through_it(library, profile):
    result = run("check", "--policies", library, "-o", "/dev/stdout", profile)
    assert result.status == 0 and "Test State Police" in result.stdout, result.output
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()


@pytest.mark.parametrize("where", ["existing-folder", "under-a-file", "unwritable"])
def test_an_output_that_cannot_be_written_exits_2_with_its_path(where, library, profile, tmp_path):
    if where == "existing-folder":
        output = tmp_path / "reports"
        output.mkdir()
        args = ["compare", "--policies", library, "-o", output, profile]
        expected = r"cannot write .*reports: is a folder"
    elif where == "under-a-file":
        (tmp_path / "plain-file").write_text("x")
        output = tmp_path / "plain-file" / "report.txt"
        args = ["check", "--policies", library, "-o", output, profile]
        expected = r"plain-file/report\.txt: .*not a folder"
    else:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o500)
        if os.geteuid() == 0:  # root writes anywhere but sysfs
            folder = Path("/sys")
        args = ["check", "--policies", library, "-o", folder / "report.txt", profile]
        expected = r"cannot write .*/report\.txt: (Permission denied|Read-only file system)"
    result = run(*args)
    assert_refused(result, 2, expected, "wso-rules: error:")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("to", ["stdout", "-o"])
def test_a_full_disk_exits_2(to, library, profile):
    if to == "stdout":
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                [sys.executable, "-m", "wso_rules", "validate", str(library)],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=TIMEOUT_SECONDS,
            )
        status, stderr = result.returncode, result.stderr
    else:
        found = run("check", "--policies", library, "-o", "/dev/full", profile)
        status, stderr = found.status, found.stderr
    assert status == 2 and "No space left on device" in stderr and "Traceback" not in stderr, stderr


# ------------------------------------------------------------------ engine limits


@needs_durable_rules
def test_a_law_past_the_engine_rule_limit_is_a_located_problem(library, profile):
    law = BASE_LAW.read_text()
    provision = law[law.index("  - id: no-287g") : law.index("scenarios:")]
    many = "".join(
        provision.replace("id: no-287g", f"id: p{index}").replace(
            "    binds: [state_police]\n",
            "    binds: [state_police]\n    applies_if: {fact: operates_jail, equals: true}\n",
        )
        for index in range(120)
    )
    (library / "base.yaml").write_text(law.replace(provision, many))
    location = r"base\.yaml:8:1: error \[engine-limit\]"
    assert_refused(run("check", "--policies", library, profile), 2, location, "--engine plain")
    assert_refused(run("validate", library), 1, location)
    assert run("check", "--engine", "plain", "--policies", library, profile).status == 0


# ------------------------------------------------------------------ locations inside not:


@pytest.mark.parametrize(
    ("fixture", "location", "hint"),
    [
        ("not-unknown-key.yaml", r"not-unknown-key\.yaml:19:9: error \[unknown-key\]", "did you mean 'equals'?"),
        (
            "nested-not-unknown-key.yaml",
            r"nested-not-unknown-key\.yaml:23:13: error \[unknown-key\]",
            "expected one of:",
        ),
    ],
)
def test_unknown_key_inside_not_is_located_at_the_key(fixture, location, hint, library):
    law_fixture(library, fixture)
    result = run("validate", library)
    assert_refused(result, 1, location, hint)
    assert "'not_'" not in result.output


# ------------------------------------------------------------------ options


@pytest.mark.parametrize("programs", ["", ",", " , "])
def test_an_empty_program_list_is_a_usage_error(programs, library, profile):
    result = run("check", "--policies", library, "--program", programs, profile)
    assert_refused(result, 2, r"argument --program: unknown program")


@pytest.mark.parametrize("command", ["check", "compare"])
def test_an_empty_output_path_is_a_usage_error(command, library, profile, tmp_path):
    result = run(command, "--policies", library, "-o", "", profile, cwd=tmp_path)
    assert_refused(result, 2, r"argument -o/--output: an empty path")
    assert sorted(tmp_path.iterdir()) == sorted([library, profile.parent])  # nothing written


def test_a_program_named_twice_runs_once(library, profile):
    result = run("check", "--policies", library, "--program", "wso,wso, wso", "--format", "json", profile)
    assert result.status == 0, result.output
    assert [p["program"] for p in json.loads(result.stdout)["programs"]] == ["wso"]


@pytest.mark.parametrize("revision", ["--output={file}", "-o{file}", "--remote=/nonexistent"])
def test_a_revision_is_never_an_option_to_git(revision, tmp_path):
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    result = run("impact", f"--base={revision.format(file=victim)}", ROOT / "jurisdictions" / "us" / "fl")
    assert_refused(result, 2, r"error \[git\]", "cannot read the library at")
    assert victim.read_text() == "keep me"


# ------------------------------------------------------------------ things that are not files


def test_a_fifo_named_as_a_law_or_profile_is_refused_not_waited_on(library, tmp_path):
    os.mkfifo(library / "pipe.yaml")
    assert_refused(run("validate", library / "pipe.yaml"), 1, r"pipe\.yaml:1:1: error \[not-a-file\]")
    assert_refused(run("validate", library), 1, r"pipe\.yaml:1:1: error \[not-a-file\]")
    os.mkfifo(tmp_path / "profile.yaml")
    (library / "pipe.yaml").unlink()
    assert_refused(
        run("check", "--policies", library, tmp_path / "profile.yaml"), 2, r"profile\.yaml:1:1: error \[not-a-file\]"
    )


def test_a_catalogue_that_is_a_folder_is_refused(library, profile):
    (library / "catalogue.yaml").unlink()
    (library / "catalogue.yaml").mkdir()
    assert_refused(run("validate", library), 1, r"catalogue\.yaml:1:1: error \[missing-file\]", "is a folder")
    assert_refused(run("check", "--policies", library, profile), 2, r"catalogue\.yaml:1:1: error \[missing-file\]")


def test_broken_links_and_link_loops_among_the_laws_are_reported(library, profile):
    (library / "gone.yaml").symlink_to(library / "nowhere.yaml")
    (library / "loop.yaml").symlink_to(library / "loop.yaml")
    for result, status in ((run("validate", library), 1), (run("check", "--policies", library, profile), 2)):
        assert_refused(result, status, r"gone\.yaml:1:1: error \[missing-file\]")
        assert_refused(result, status, r"loop\.yaml:1:1: error \[unreadable\]", "symbolic links")


def test_a_huge_file_is_refused_unread(library, profile):
    with profile.open("a") as stream:
        stream.write("notes: '" + "x" * (5 * 1024 * 1024) + "'\n")
    assert_refused(run("check", "--policies", library, profile), 2, r"police\.yaml:1:1: error \[too-large\]")


# ------------------------------------------------------------------ the cache runs no code


def test_a_crafted_cache_entry_runs_no_code(library, profile, tmp_path):
    cache = tmp_path / "xdg" / "wso-rules"
    cache.mkdir(parents=True)
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_Exploit(str(marker)))
    (cache / f"library-{hashlib.sha256(str(library.resolve()).encode()).hexdigest()[:16]}.pickle").write_bytes(payload)
    env = {"WSO_RULES_CACHE": "1", "XDG_CACHE_HOME": str(tmp_path / "xdg"), "WSO_RULES_CACHE_DIR": str(cache)}
    for _ in range(2):  # once to store an entry, once to read it back
        result = run("check", "--policies", library, profile, env=env)
        assert result.status == 0, result.output
    assert not marker.exists()
    for entry in cache.glob("library-*.json"):
        entry.write_bytes(payload)
    assert run("check", "--policies", library, profile, env=env).status == 0
    assert not marker.exists()


class _Exploit:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


# ------------------------------------------------------------------ YAML 1.1 booleans


@pytest.mark.parametrize(
    ("fixture", "location", "words"),
    [
        (
            "yaml11-state-no.yaml",
            r"yaml11-state-no\.yaml:5:8: error \[ambiguous-boolean\]",
            ["'NO' means false to YAML 1.1", "quote it ('NO')"],
        ),
        ("yaml11-jail-yes.yaml", r"yaml11-jail-yes\.yaml:7:16: error \[ambiguous-boolean\]", ["write true or false"]),
    ],
)
def test_yaml_1_1_booleans_are_explained(fixture, location, words, library):
    assert_refused(run("check", "--policies", library, FIXTURES / fixture), 2, location, *words)


def test_quoted_no_is_text(library, profile):
    profile.write_text(PROFILE.replace("state: ZZ", "state: 'NO'"))
    result = run("check", "--policies", library, profile)
    assert "ambiguous-boolean" not in result.output and "expected a valid string" not in result.output
