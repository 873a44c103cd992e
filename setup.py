"""Build hook: the wheel carries the bundled law library, profiles and schemas inside the package.

The repository keeps `policies/`, `jurisdictions/` and `schemas/` at the top level, where encoders
and reviewers work on them; `build_py` copies them to `wso_rules/_bundled/`, where
`wso_rules.discovery.bundled` finds them in an installed package. (The sdist carries them through
MANIFEST.in, so a wheel built from it has them too.) It then reads and checks the copied library
with the copied code and keeps it, validated, as `_bundled/library.json`, and compiles the report
templates into `_bundled/compiled-templates/`: a new install's first check takes them (once each
law file and template is found unchanged since) instead of parsing 250 files and compiling.
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
        if self.editable_mode:
            return  # an editable install reads the folders where they are
        target = Path(self.build_lib) / "wso_rules" / "_bundled"
        shutil.rmtree(target, ignore_errors=True)  # no file deleted from the library since the last build
        for name in BUNDLED_FOLDERS:
            shutil.copytree(Path(name), target / name, dirs_exist_ok=True)
        prebuild = (
            "from wso_rules.loading import prebuild_library; prebuild_library();"
            "from wso_rules.reporting import precompile_templates; precompile_templates()"
        )
        built = str(Path(self.build_lib).resolve())
        environment = {**os.environ, "PYTHONPATH": built, "WSO_RULES_CACHE": "0"}
        subprocess.run([sys.executable, "-c", prebuild], cwd=built, env=environment, check=True)  # not the checkout's code


setup(cmdclass={"build_py": BuildWithLibrary})
