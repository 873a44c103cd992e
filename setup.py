"""Build hook: the wheel carries the bundled law library, profiles and schemas inside the package.

The repository keeps `policies/`, `jurisdictions/` and `schemas/` at the top level, where encoders
and reviewers work on them; `build_py` copies them to `wso_rules/_bundled/`, where
`wso_rules.discovery.bundled` finds them in an installed package. (The sdist carries them through
MANIFEST.in, so a wheel built from it has them too.) It then reads and checks the copied library
with the copied code and keeps it, validated, as `_bundled/library.json`, and compiles the report
templates into `_bundled/compiled-templates/`: a new install's first check takes them (once each
law file and template is found unchanged since) instead of parsing 250 files and compiling.

An editable install (`pip install -e .`, an encoder's checkout) reads the folders where they are
and copies nothing, but keeps the same checks, made with the checkout's code, in the checkout's
`wso_rules/_bundled/` (ignored by git): its first check parses only the laws edited since, and
none once the code itself has changed (the checks name the code that made them).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED_FOLDERS = ("policies", "jurisdictions", "schemas")


class BuildWithLibrary(build_py):
    def run(self) -> None:
        super().run()
        # an editable install's code reads the folders where they are, so only its checks are kept
        root = Path(__file__).resolve().parent if self.editable_mode else Path(self.build_lib).resolve()
        target = root / "wso_rules" / "_bundled"
        shutil.rmtree(target, ignore_errors=True)  # nothing kept from an earlier build or install
        if not self.editable_mode:
            for name in BUNDLED_FOLDERS:
                shutil.copytree(Path(name), target / name, dirs_exist_ok=True)
        prebuild = (
            "from wso_rules.loading import prebuild_library; prebuild_library();"
            "from wso_rules.reporting import precompile_templates; precompile_templates()"
        )
        # `root` first; the rest kept, as pip finds its build requirements through PYTHONPATH
        path = os.pathsep.join(filter(None, (str(root), os.environ.get("PYTHONPATH"))))
        environment = {**os.environ, "PYTHONPATH": path, "WSO_RULES_CACHE": "0"}
        subprocess.run([sys.executable, "-c", prebuild], cwd=root, env=environment, check=True)  # `root`'s code


setup(cmdclass={"build_py": BuildWithLibrary})
