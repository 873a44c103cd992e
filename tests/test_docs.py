"""Documented examples are tested: the README's commands and the encoding walk-through's law."""

import re
import shlex
import shutil

import pytest
from support import ROOT

README = (ROOT / "README.md").read_text()


def _code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


README_COMMANDS = [
    line for block in _code_blocks(README, "sh") for line in block.splitlines() if line.startswith("wso-rules ")
]


@pytest.mark.parametrize("command", README_COMMANDS)
def test_readme_commands_run(cli, command, tmp_path):
    args = shlex.split(command)[1:]
    args = [f"{tmp_path}/{a}" if a.startswith("reports/") else a for a in args]  # keeps a folder's trailing /
    if args[0] == "schema":
        args += ["-o", str(tmp_path / "schemas"), "--reference", str(tmp_path / "schema.md")]
    result = cli(*args)
    assert result.returncode == 0, result.stderr


def test_readme_quick_start_is_two_commands_and_ci_runs_the_test_one():
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [block.strip() for block in _code_blocks(quick_start, "sh")]
    assert len(commands) == 2
    assert commands[1] in (ROOT / ".ci" / "run").read_text()


def test_readme_python_example_runs():
    (example,) = _code_blocks(README, "python")
    exec(compile(example, "README.md", "exec"), {})


def test_walkthrough_law_validates_in_a_library_of_its_own(cli, tmp_path):
    walkthrough = (ROOT / "docs" / "encoding-a-law.md").read_text()
    whole_file = _code_blocks(walkthrough, "yaml")[-1]
    library = tmp_path / "policies"
    (library / "us" / "de").mkdir(parents=True)
    shutil.copy(ROOT / "policies" / "catalogue.yaml", library / "catalogue.yaml")
    (library / "us" / "de" / "hb182-287g-ban.yaml").write_text(whole_file)
    result = cli("validate", str(library))
    assert result.returncode == 0, result.stdout
    assert "no problems found" in result.stdout
