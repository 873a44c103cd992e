"""Build hook: the wheel carries the bundled law library, profiles and schemas inside the package.

The repository keeps `policies/`, `jurisdictions/` and `schemas/` at the top level, where encoders
and reviewers work on them; `build_py` copies them to `wso_rules/_bundled/`, where
`wso_rules.discovery.bundled` finds them in an installed package. (The sdist carries them through
MANIFEST.in, so a wheel built from it has them too.)
"""

import shutil
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


setup(cmdclass={"build_py": BuildWithLibrary})
