"""The rule registry: every id a located problem can carry, with what it means and how to fix it.

A `Problem` names its rule by id; the id must be registered here (problems.py refuses an
unknown one, so a new check cannot ship without its entry). `docs/rules.md` is generated from
this table (`wso-rules rules --format md`), and the suite triggers each rule that has an example
with the fixture under `tests/rules/<id>/`, whose text holds the example verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Family(str, Enum):
    """Where in the pipeline a rule is checked, in the order a file goes through."""

    READING = "reading"
    SCHEMA = "schema"
    LIBRARY = "library"
    SURVEY = "survey"
    SCENARIO = "scenario"
    RUN = "run"


FAMILY_MEANING = {
    Family.READING: "The file itself and its YAML, before any key is read.",
    Family.SCHEMA: "One document against its schema: keys, types and the rules between fields.",
    Family.LIBRARY: "A document against the rest of the library: the catalogue, ids, places, references.",
    Family.SURVEY: "A local survey: its sources, its localities and the laws it names.",
    Family.SCENARIO: "The tests a law carries, run by the engine.",
    Family.RUN: "A command that cannot run with what it was given (not a problem in a law's text).",
}


@dataclass(frozen=True)
class Rule:
    id: str
    family: Family
    meaning: str
    """One line: what the rule guards against."""
    fix: str
    """How to make the file pass."""
    example: str | None = None
    """A few lines of YAML that break the rule (its fixture holds them verbatim)."""
    severity: str = "error"
    """`warning` rules become errors under `validate --strict`."""


_RULES = (
    # reading
    Rule(
        "yaml-syntax",
        Family.READING,
        "The file is not well-formed YAML.",
        "Fix the YAML at the line shown (indentation, quotes, colons).",
        "title: [Base Act\nkind: statute",
    ),
    Rule("empty-file", Family.READING, "The file holds no document.", "Write the document, or remove the file."),
    Rule(
        "duplicate-key",
        Family.READING,
        "A key appears twice in one mapping; YAML would silently keep the last.",
        "Keep one of the two keys.",
        "kind: statute\nkind: ordinance",
    ),
    Rule(
        "unsafe-tag",
        Family.READING,
        "A YAML tag asks to build an object (`!!python/...`); only plain values are read.",
        "Remove the tag; write the value as text.",
        "title: !!python/name:os.system",
    ),
    Rule("merge-key", Family.READING, "A merge key (`<<`) hides which keys a mapping has.", "Write the keys out."),
    Rule(
        "key-type",
        Family.READING,
        "A mapping key is not plain text (a number, a list, a date).",
        "Quote the key or use a name.",
    ),
    Rule(
        "alias-loop",
        Family.READING,
        "An alias refers to a value that contains it.",
        "Write the value out instead of the alias.",
    ),
    Rule(
        "too-deep",
        Family.READING,
        "Values are nested more deeply than any law or profile needs (64 levels).",
        "Flatten the document.",
    ),
    Rule(
        "too-large",
        Family.READING,
        "The file is over 4 MiB, or expands (through aliases) to over 100,000 values.",
        "Split the file, or write aliases out.",
    ),
    Rule(
        "bad-value",
        Family.READING,
        "A value cannot be built: an impossible date, an integer too long to be real.",
        "Correct the value, or quote it if it is meant as text.",
    ),
    Rule(
        "ambiguous-boolean",
        Family.READING,
        "An unquoted YAML 1.1 boolean word (`NO`, `yes`, `on`) where text or `true`/`false` was meant.",
        'Quote it (`state: "NO"`) or write true/false.',
    ),
    Rule(
        "not-a-file",
        Family.READING,
        "A path is a pipe, socket, device or a folder where a file was expected.",
        "Give a regular file.",
    ),
    Rule(
        "unreadable",
        Family.READING,
        "A file exists but cannot be read (permissions, an I/O error).",
        "Make the file readable by the user running the command.",
    ),
    Rule(
        "encoding",
        Family.READING,
        "A file is not UTF-8 text.",
        "Save the file as UTF-8.",
    ),
    Rule(
        "missing-file",
        Family.READING,
        "A path given on the command line or by a layer does not exist.",
        "Correct the path.",
    ),
    Rule(
        "changed-file",
        Family.READING,
        "A law file changed while a command was reading the library, after the library was checked.",
        "Run the command again once the file is saved.",
    ),
    # schema
    Rule(
        "schema",
        Family.SCHEMA,
        "A value has the wrong type or form for its key.",
        "Give the type the schema names (see docs/schema.md).",
        "effective: soon",
    ),
    Rule(
        "unknown-key",
        Family.SCHEMA,
        "A key the schema does not define (often a misspelling).",
        "Use the key the message suggests, or remove it.",
        "    efect: prohibits",
    ),
    Rule("missing-key", Family.SCHEMA, "A required key is absent.", "Add the key the message names."),
    Rule(
        "condition-form",
        Family.SCHEMA,
        "A fact test gives none or more than one comparison.",
        "Give exactly one of equals, one_of, at_least, at_most.",
        "applies_if: {fact: operates_jail, equals: true, at_least: 1}",
    ),
    Rule(
        "verification",
        Family.SCHEMA,
        "A verified provision lacks the URL and date of the primary text, or an unverified one lacks a note.",
        "Add url and checked_on, or mark it unverified with what was searched.",
        "verification: {status: verified, checked_on: 2026-11-28}",
    ),
    Rule(
        "date-order",
        Family.SCHEMA,
        "A period ends on or before it starts.",
        "Correct effective/ends (ends is the first day no longer in force).",
        "ends: 2017-06-01",
    ),
    Rule(
        "effect-fields",
        Family.SCHEMA,
        "A provision's fields do not fit its effect (conditions on a 'restricts', a duty on a non-mandate).",
        "Give the fields the effect needs, and only those.",
        "    effect: restricts",
    ),
    Rule(
        "jurisdiction-level",
        Family.SCHEMA,
        "The jurisdiction names more or fewer places than the law's level.",
        "A state law names the state; a county law the county; a city law the city.",
        "jurisdiction: {state: ZZ, county: Test}",
    ),
    Rule(
        "no-law-shape",
        Family.SCHEMA,
        "A no_law review has provisions or no review, or a law has no provision.",
        "Give a no_law file a review and no provisions; give a law its provisions.",
        "kind: no_law",
    ),
    Rule(
        "preemption-target",
        Family.SCHEMA,
        "A preemption says neither what it voids nor which levels and effects.",
        "Give targets, or both levels and effects.",
        "preempts: {levels: [county]}",
    ),
    Rule(
        "survey-locality",
        Family.SCHEMA,
        "A surveyed locality lacks what its resolution needs (a place, its laws, a date).",
        "Name a county or a city; list laws for encoded; a date for repealed or preempted.",
    ),
    # library
    Rule(
        "duplicate-id",
        Family.LIBRARY,
        "An id (law, survey, provision, exception, source, catalogue entry) is used twice.",
        "Give each its own id.",
        "id: zz-base",
    ),
    Rule(
        "unknown-activity",
        Family.LIBRARY,
        "An activity the catalogue does not define.",
        "Use a catalogue activity (the message suggests the nearest).",
        "activities: [enter_287g_agreements]",
    ),
    Rule(
        "unknown-agency-kind",
        Family.LIBRARY,
        "An agency kind the catalogue does not define.",
        "Use a catalogue agency kind.",
        "binds: [sherriff]",
    ),
    Rule(
        "unknown-program",
        Family.LIBRARY,
        "A program the catalogue does not define.",
        "Use a catalogue program id (wso, jem, tfm).",
        "program: wsoo",
    ),
    Rule(
        "unknown-fact",
        Family.LIBRARY,
        "A condition or profile reads a fact the catalogue does not define.",
        "Use a catalogue fact, or add the fact to the catalogue.",
        "applies_if: {fact: runs_jail, equals: true}",
    ),
    Rule(
        "fact-type",
        Family.LIBRARY,
        "A fact is compared with, or given, a value of the wrong type.",
        "Give the type the catalogue declares for the fact.",
        'applies_if: {fact: operates_jail, equals: "yes"}',
    ),
    Rule(
        "dangling-reference",
        Family.LIBRARY,
        "A preemption or exception names a law or provision that is not in the library.",
        "Name an existing `law-id` or `law-id/provision-id`.",
        "preempts: {targets: [zz-missing-law]}",
    ),
    Rule(
        "place-name",
        Family.LIBRARY,
        "A county is not spelled as the gazetteer spells it in that state.",
        "Use the gazetteer's name (the message suggests it).",
        "county: Saint Louis",
    ),
    Rule(
        "county-fips",
        Family.LIBRARY,
        "A profile's county FIPS code is unknown, of another state, or of another county than the one named.",
        "Give the five-digit code of the named county (wso-rules check --state S --county C shows it).",
        'county_fips: "51600"',
    ),
    Rule(
        "engine-limit",
        Family.LIBRARY,
        "A law is larger than the rules engine can hold.",
        "Split the law's provisions, or run with --engine plain.",
    ),
    # surveys
    Rule(
        "survey-sources",
        Family.SURVEY,
        "A survey rests on fewer than two sources, or on no national one.",
        "Add the sources the survey was made from.",
        "  - id: national-list",
    ),
    Rule(
        "survey-source-ref",
        Family.SURVEY,
        "A locality is `named_by` a source the survey does not list.",
        "Name one of the survey's source ids.",
        "named_by: [national-lst]",
    ),
    Rule(
        "survey-law",
        Family.SURVEY,
        "A locality resolved as encoded lists a law that is missing or belongs to another place.",
        "List the ids of that place's laws.",
        "laws: [zz-testville-ordinance]",
    ),
    Rule(
        "survey-duplicate-locality",
        Family.SURVEY,
        "A survey lists one locality twice.",
        "Merge the two entries.",
        "  - county: Test",
    ),
    Rule(
        "survey-coverage",
        Family.SURVEY,
        "A survey claims dates earlier than its earliest source speaks for.",
        "Set covers_from no earlier than the earliest source's speaks_for.",
        "covers_from: 2019-01-01",
    ),
    Rule(
        "survey-overlap",
        Family.SURVEY,
        "Two surveys of one state cover the same day.",
        "End the earlier survey (covers_until) where the later one starts.",
        "covers_from: 2026-01-01",
    ),
    Rule(
        "survey-unlisted-law",
        Family.SURVEY,
        "A place has a law in force during the survey, but the survey does not list that place.",
        "List the place as encoded with its laws.",
        "  - county: Test",
        "warning",
    ),
    # scenarios
    Rule(
        "no-scenario",
        Family.SCENARIO,
        "A law carries no scenario.",
        "Add a scenario where the law bites and one where it does not.",
        "id: zz-base",
    ),
    Rule(
        "no-biting-scenario",
        Family.SCENARIO,
        "No scenario makes any provision of the law apply.",
        "Add a scenario whose agency, date and facts the law reaches.",
        "  - name: bites",
    ),
    Rule(
        "no-contrast-scenario",
        Family.SCENARIO,
        "Every scenario gets the same verdict, so none shows where the law stops.",
        "Add a scenario with another verdict (another date, kind or fact).",
        "  - name: bites",
        "warning",
    ),
    Rule(
        "scenario-failed",
        Family.SCENARIO,
        "A scenario's expected verdict or citations differ from the engine's.",
        "Correct the encoding or the expectation; the message shows both.",
        "  - name: bites",
    ),
    Rule(
        "unexercised-provision",
        Family.SCENARIO,
        "No scenario makes this provision apply.",
        "Add a scenario that exercises it.",
        "  - id: no-detention-contracts",
        "warning",
    ),
    # runs
    Rule(
        "library-invalid",
        Family.RUN,
        "Profiles were checked against a law library that has problems of its own.",
        "Validate the library first and fix what it reports.",
    ),
    Rule(
        "usage",
        Family.RUN,
        "The paths given to validate belong to more than one law library.",
        "Validate one library at a time.",
    ),
    Rule(
        "config",
        Family.RUN,
        "The [tool.wso-rules] table of pyproject.toml is not usable.",
        "Correct the table as the message says (see docs/encoding-a-law.md).",
    ),
    Rule(
        "git",
        Family.RUN,
        "impact cannot read the library at the revision given.",
        "Give a revision git knows (a commit, branch or tag).",
    ),
    Rule(
        "exists",
        Family.RUN,
        "init would overwrite a file that already exists.",
        "Run init in a new folder, or move the file.",
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
MODEL_RULES = frozenset(rule.id for rule in _RULES if rule.family is Family.SCHEMA) - {
    "schema",
    "unknown-key",
    "missing-key",
}
"""Rules raised inside the models' own validators (the loader keeps their id, not `schema`)."""


def rule(rule_id: str) -> Rule:
    """The registered rule; an unregistered id is a programming error, caught by the suite."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise ValueError(f"problem rule {rule_id!r} is not registered in wso_rules/rules.py") from None


def markdown() -> str:
    """docs/rules.md: every rule by family, with its meaning, its fix and an example that breaks it."""
    lines = [
        "# Validate rules",
        "",
        "Every problem `wso-rules validate` (and every other command) reports carries one of these",
        "rule ids. Generated from `wso_rules/rules.py` by `wso-rules rules --format md`; do not edit.",
        "Warnings become errors under `validate --strict`.",
    ]
    for family in Family:
        lines += ["", f"## {family.value.capitalize()}", "", FAMILY_MEANING[family]]
        lines += ["\n" + explain(r, markdown=True).rstrip("\n") for r in _RULES if r.family is family]
    return "\n".join(lines) + "\n"


def explain(entry: Rule, markdown: bool = False) -> str:
    """One rule in full: meaning, fix and the example that breaks it."""
    head = (
        f"### `{entry.id}` ({entry.severity})" if markdown else f"{entry.id} ({entry.severity}, {entry.family.value})"
    )
    lines = [head, "", entry.meaning, "", f"Fix: {entry.fix}"]
    if entry.example:
        example = entry.example.strip("\n")
        lines += (
            ["", "```yaml", example, "```"]
            if markdown
            else ["", "Breaks it:", *("    " + x for x in example.split("\n"))]
        )
    return "\n".join(lines) + "\n"


def text() -> str:
    """The terminal listing: one rule per line."""
    width = max(len(r.id) for r in _RULES)
    return "\n".join(f"{r.id:<{width}}  {r.severity:<7}  {r.family.value:<8}  {r.meaning}" for r in _RULES) + "\n"
