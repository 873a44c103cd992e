"""The public face notebooks use stays small and deliberate."""

import wso_rules


def test_public_names():
    assert sorted(wso_rules.__all__) == sorted(
        [
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
        ]
    )
    for name in wso_rules.__all__:
        assert hasattr(wso_rules, name)
