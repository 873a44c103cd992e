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

from .evaluation import Evaluator, Situation
from .findings import AgencyReport, Assessment
from .library import Library
from .loading import load_library, load_profile, load_profiles
from .models import Law, Profile, Program, Provision
from .problems import InputError, Problem
from .reporting import records
from .verdicts import Verdict
from .version import __version__ as __version__

__all__ = [
    "AgencyReport",
    "Assessment",
    "Evaluator",
    "InputError",
    "Law",
    "Library",
    "Problem",
    "Profile",
    "Program",
    "Provision",
    "Situation",
    "Verdict",
    "load_library",
    "load_profile",
    "load_profiles",
    "records",
]
