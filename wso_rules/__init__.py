"""wso-rules: may a law-enforcement agency lawfully join ICE's 287(g) programs, and which
provisions say so?

The public API, for notebooks and scripts::

    from wso_rules import load_library, load_profiles, Evaluator
    library = load_library()                      # the bundled laws, validated as a whole
    evaluator = Evaluator(library)                # compile once
    for profile in load_profiles(["jurisdictions/"], library):
        report = evaluator.report(profile, ["wso"], as_of)
        report.to_dict()                          # the documented JSON data; to_json() as text
    rows = records(reports)                       # flat rows: pandas.DataFrame(rows)

This is an analytical aid, not legal advice.
"""

from importlib import import_module
from typing import Any

from .version import __version__ as __version__

_PUBLIC = {
    "AgencyReport": "findings",
    "Assessment": "findings",
    "Evaluator": "evaluation",
    "InputError": "problems",
    "Law": "models",
    "Library": "library",
    "Problem": "problems",
    "Profile": "models",
    "Program": "models",
    "Provision": "models",
    "Situation": "evaluation",
    "Verdict": "verdicts",
    "load_library": "loading",
    "load_profile": "loading",
    "load_profiles": "loading",
    "records": "reporting",
}
"""Each public name and the module it lives in, imported on first use (PEP 562): so the
`wso-rules` command can start before the library's modules are imported (see `__main__`)."""

__all__ = list(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
