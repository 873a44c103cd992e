"""The package's shape: every module imports on its own, the module-level imports form no cycle,
and the README's layout section names exactly the modules in the tree."""

import ast
import re
import subprocess
import sys
from pathlib import Path

from support import ROOT

PACKAGE = ROOT / "wso_rules"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _top_level_imports(module: str, path: Path) -> set[str]:
    """Modules of the package this one imports at load time (lazy imports in functions excluded)."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            target = f"{base}.{node.module}" if node.module else base
            submodules = {f"{target}.{alias.name}" for alias in node.names} & MODULES.keys()
            names_attributes = node.module is not None or len(submodules) < len(node.names)
            found |= submodules | ({target} if names_attributes else set())
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in MODULES}
    return found - {module}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for child in sorted(graph.get(node, ())):
            if state.get(child) == 1:
                return stack[stack.index(child) :] + [child]
            if child not in state and (found := visit(child)):
                return found
        stack.pop()
        state[node] = 2
        return None

    return next((c for n in sorted(graph) if n not in state and (c := visit(n))), None)


def test_module_level_imports_form_no_cycle():
    graph = {module: _top_level_imports(module, path) for module, path in MODULES.items()}
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_every_module_imports_first_in_a_fresh_interpreter():
    """An import cycle shows only when a module of the cycle is imported first; so each goes first."""
    script = (
        "import importlib, subprocess, sys\n"
        "failed = [m for m in sys.argv[1:] if subprocess.run([sys.executable, '-c', f'import {m}']).returncode]\n"
        "print(' '.join(failed))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *(m for m in MODULES if not m.endswith("__main__"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.stdout.strip() == "", f"these modules fail when imported first: {result.stdout}"


def _layout_names() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Layout", 1)[1].split("```", 2)[1]
    package = block.split("\npolicies/", 1)[0]
    return set(re.findall(r"[A-Za-z_][\w]*\.py|[a-z_]+/", package))


def test_readme_layout_names_every_module_and_folder_of_the_package():
    named = _layout_names()
    modules = {p.name for p in PACKAGE.glob("*.py")} | {f"{p.name}/" for p in PACKAGE.iterdir() if p.is_dir()}
    modules -= {"__pycache__/", "_bundled/"}
    assert modules - named == set(), "add these to the README's Layout section"
    existing = {p.name for p in PACKAGE.rglob("*.py")}
    assert {n for n in named if n.endswith(".py")} - existing == set(), "the README names modules that do not exist"
