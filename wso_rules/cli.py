"""The `wso-rules` command: argument parsing and exit codes; the work happens elsewhere.

Exit status (also in `--help`): see EXIT_STATUS. Everything printed passes through
`terminal.safe` (problems at their creation, reports in `render`), and printing never fails on an
unencodable character.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import gc
import json
import os
import shutil
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import adhoc, dates, files, overlays, rules, terminal
from .discovery import BUNDLED_SCHEMAS, MODELS, FileKind, kind_of_file, library_layers, project_config
from .engines import ENGINE_NAMES, EngineError, EngineUnavailable
from .evaluation import Evaluator, evaluator_for
from .findings import AgencyReport
from .library import Library
from .loading import DEFAULT_JURISDICTIONS, DEFAULT_POLICIES, load_library, load_profiles, yaml_files
from .models import Profile
from .output import EXTENSIONS, formats, json_text, render
from .problems import InputError
from .reporting import (
    COLOUR_CHOICES,
    agency_document,
    comparison_document,
    export_document,
    timeline_document,
    wants_colour,
    wrap,
)
from .timeline import timeline
from .verdicts import Verdict, parse_verdicts
from .version import __version__

EXIT_OK, EXIT_FAIL_ON, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl-C
EXIT_STATUS = """exit status:
  0    the command ran
  1    a verdict named by --fail-on occurred (named on stderr), or `validate` found errors
  2    bad input or usage, an output that cannot be written, a rules-engine failure (or
       `validate` could not run):
       one line per problem, with file:line:column, or naming the path
  3    a fault in wso-rules itself (--debug shows where)
  130  interrupted (Ctrl-C)"""


class UsageError(Exception):
    """A command-line argument that cannot be used; reported like argparse's own errors."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def _output(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError("an empty path; name a file, or a folder ending in /")
    return text


def _layer_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policies",
        type=Path,
        action="append",
        default=None,
        metavar="DIR",
        help="a folder of laws layered on the bundled library (repeatable; a law with a bundled law's id "
        "replaces it); default: [tool.wso-rules] policies in pyproject.toml, if any",
    )
    parser.add_argument("--only", action="store_true", help="use only the --policies folders, not the bundled library")


def _common(parser: argparse.ArgumentParser) -> None:
    _layer_options(parser)
    parser.add_argument(
        "--engine",
        choices=ENGINE_NAMES,
        default="auto",
        help="evaluation engine (default: durable-rules where it can run, else plain)",
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")


def _colour_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--color",
        "--colour",
        choices=COLOUR_CHOICES,
        default="auto",
        help="colour the terminal output: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), "
        "always or never",
    )


def _evaluation_options(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    parser.add_argument(
        "profiles", nargs="*", type=Path, metavar="PROFILE", help="agency profile YAML files, or folders of them"
    )
    _adhoc_options(parser)
    _what_if_options(parser)
    parser.add_argument(
        "--program",
        default=None,
        metavar="PROGRAM",
        help="wso, jem, tfm, a comma-separated list such as wso,jem, or all; any case "
        "(default: wso for check, all for compare)",
    )
    parser.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="date of the law (default: today)")
    parser.add_argument("--format", choices=formats, default=formats[0], help=f"output format (default: {formats[0]})")
    parser.add_argument(
        "-o",
        "--output",
        type=_output,
        default=None,
        metavar="FILE",
        help="write the report here instead of standard output; several reports need a folder "
        "(one ending in /, or one that exists), which gets one file per agency",
    )
    parser.add_argument(
        "--fail-on",
        default="",
        metavar="VERDICTS",
        help="exit 1 if any verdict is in this comma-separated list, e.g. prohibited,undetermined "
        "(the agencies and verdicts that tripped it are named on stderr)",
    )
    _colour_option(parser)
    _common(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wso-rules",
        description="May a law-enforcement agency lawfully join ICE's 287(g) programs under the laws that bind it? "
        "An analytical aid, not legal advice.",
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="verdict and cited reasons for one or more agencies")
    _evaluation_options(check, formats("wso-rules/report"))
    check.set_defaults(run=_run_check, parser=check)

    compare = commands.add_parser("compare", help="several agencies side by side, agency x program")
    _evaluation_options(compare, formats("wso-rules/comparison"))
    compare.set_defaults(run=_run_compare, parser=compare)

    timeline_parser = commands.add_parser("timeline", help="every date an agency's verdict changes, and why")
    _evaluation_options(timeline_parser, formats("wso-rules/timeline"))
    timeline_parser.add_argument(
        "--from",
        dest="start",
        type=_date,
        default=None,
        metavar="DATE",
        help="first day (default: the library's coverage start)",
    )
    timeline_parser.add_argument(
        "--to", dest="end", type=_date, default=None, metavar="DATE", help="last day (default: today)"
    )
    timeline_parser.set_defaults(run=_run_timeline, parser=timeline_parser)

    export = commands.add_parser("export", help="bulk data: one row per agency x program x date, with citations")
    _evaluation_options(export, formats("wso-rules/export"))
    export.add_argument(
        "--dates", default=None, metavar="DATES", help="comma-separated days to evaluate (default: --as-of, or today)"
    )
    export.set_defaults(run=_run_export, parser=export)

    validate = commands.add_parser("validate", help="check laws, profiles and the catalogue; run the scenarios")
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="law or profile files or folders (default: the bundled library and profiles)",
    )
    validate.add_argument(
        "--format",
        choices=("auto", *formats("wso-rules/validation")),
        default="auto",
        help="auto (the default) is github under GitHub Actions, else human",
    )
    validate.add_argument("--strict", action="store_true", help="treat warnings (unexercised provisions) as errors")
    _common(validate)
    _colour_option(validate)
    validate.set_defaults(run=_run_validate, parser=validate)

    rules_parser = commands.add_parser("rules", help="what each validate rule means and how to fix it")
    rules_parser.add_argument("rule", nargs="?", default=None, metavar="RULE", help="explain this rule only")
    rules_parser.add_argument("--format", choices=("text", "md"), default="text")
    rules_parser.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")
    rules_parser.set_defaults(run=_run_rules, parser=rules_parser)

    laws = commands.add_parser("laws", help="list the library: laws, provisions, verified share, in force")
    laws.add_argument("--format", choices=formats("wso-rules/laws"), default="text")
    laws.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="the day 'in force' refers to")
    _common(laws)
    laws.set_defaults(run=_run_laws, parser=laws)

    schema = commands.add_parser(
        "schema", help="print or write JSON Schemas of law, profile, catalogue and survey files"
    )
    schema.add_argument(
        "kind",
        nargs="?",
        choices=[kind.value for kind in MODELS],
        help="print only this file kind's schema (default: all, as one JSON object keyed by file name)",
    )
    schema.add_argument(
        "-o", "--output", type=Path, default=None, metavar="DIR", help="write the schema files to this folder instead"
    )
    schema.add_argument(
        "--reference", type=Path, default=None, metavar="FILE", help="also write the Markdown field reference here"
    )
    schema.add_argument(
        "--annotate",
        nargs="*",
        type=Path,
        metavar="YAML",
        default=None,
        help="put the schema comment (pointing into -o DIR, else the bundled schemas) on the first line of "
        "these files or folders (no value: the bundled policies/ and jurisdictions/)",
    )
    schema.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")
    schema.set_defaults(run=_run_schema, parser=schema)

    init = commands.add_parser("init", help="make a law encoder's repository: laws/, profiles, pre-commit, CI, README")
    init.add_argument("folder", type=Path, metavar="DIR", help="the repository's folder (made if missing)")
    init.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")
    init.set_defaults(run=_run_init, parser=init)

    _site_parser(commands)

    impact_parser = commands.add_parser("impact", help="verdicts a change to the library moves, against a git revision")
    impact_parser.add_argument(
        "--base", default=None, metavar="GIT_REV", help="revision to compare with, e.g. origin/main"
    )
    _what_if_options(impact_parser)
    impact_parser.add_argument(
        "profiles",
        nargs="*",
        type=Path,
        metavar="PROFILE",
        help="profiles to evaluate (default: the bundled jurisdictions/)",
    )
    impact_parser.add_argument("--as-of", type=_date, default=None, metavar="DATE")
    impact_parser.add_argument("--format", choices=formats("wso-rules/impact"), default="md")
    impact_parser.add_argument("-o", "--output", type=Path, default=None, metavar="FILE")
    _common(impact_parser)
    impact_parser.set_defaults(run=_run_impact, parser=impact_parser)
    return parser


def _site_parser(commands: argparse._SubParsersAction) -> None:
    site = commands.add_parser(
        "site", help="a static website: a county map, every agency's cited report, the states and the laws"
    )
    site.add_argument(
        "profiles",
        nargs="*",
        type=Path,
        default=[DEFAULT_JURISDICTIONS],
        metavar="PROFILE",
        help="agency profiles besides every county's sheriff (default: the bundled jurisdictions/)",
    )
    site.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="folder to write the site into")
    site.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="date of the law (default: today)")
    _what_if_options(site)
    _common(site)
    site.set_defaults(run=_run_site, parser=site, program="all", **dict.fromkeys(ADHOC_FIELDS))


def _programs(args: argparse.Namespace, library: Library, default: str) -> list[str]:
    chosen = default if args.program is None else args.program
    if chosen.strip().lower() == "all":
        return list(library.program_ids)
    names = list(dict.fromkeys(name.strip().lower() for name in chosen.split(",") if name.strip()))
    unknown = [name for name in names if name not in library.program_ids]
    if unknown or not names:
        raise UsageError(
            f"argument --program: unknown program {', '.join(unknown) or chosen!r}; "
            f"expected one of {', '.join(library.program_ids)} or all"
        )
    return names


def _fail_on(args: argparse.Namespace) -> frozenset[Verdict]:
    try:
        return parse_verdicts(args.fail_on)
    except ValueError as error:
        raise UsageError(f"argument --fail-on: {error}") from None


@dataclass
class Run:
    """What an evaluating command works from: the library and profiles with any what-if
    assumptions laid over them, and those assumptions in words."""

    library: Library
    evaluator: Evaluator
    profiles: list[Profile]
    programs: list[str]
    assumptions: list[str]


def _prepare(args: argparse.Namespace, default_program: str, extra: Sequence[Profile] = ()) -> Run:
    """The run for `args`; `extra` profiles (built in memory) join those the arguments name."""
    base = _library(args)
    try:
        overlay = _overlay(args, base)
        library = overlay.library(base)
        profiles = [overlay.profile(p, library) for p in [*_profiles(args, library), *extra]]
    except overlays.OverlayError as error:
        raise UsageError(str(error)) from None
    programs = _programs(args, library, default_program)
    gc.freeze()  # the library and profiles live as long as the command: no collection need look at them again
    return Run(library, evaluator_for(library, args.engine), profiles, programs, overlay.assumptions(library))


def _evaluate(args: argparse.Namespace, default_program: str) -> tuple[Run, list[AgencyReport], int]:
    fail_on = _fail_on(args)
    run = _prepare(args, default_program)
    reports = run.evaluator.reports(run.profiles, run.programs, args.as_of)
    tripped = _tripped(reports, fail_on)
    for line in tripped:
        print(f"wso-rules: --fail-on: {line}", file=sys.stderr)
    return run, reports, EXIT_FAIL_ON if tripped else EXIT_OK


def _what_if_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("what-if (every report says which assumptions it rests on)")
    group.add_argument(
        "--fact",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="assume a catalogue fact for every agency, e.g. governor_approved_287g=true",
    )
    group.add_argument(
        "--with-law",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="assume a draft law (a law YAML file) is in force",
    )
    group.add_argument(
        "--without-law", action="append", default=[], metavar="LAW_ID", help="assume a law is repealed (left out)"
    )
    group.add_argument(
        "--enjoin",
        action="append",
        default=[],
        metavar="LAW[/PROVISION][@DATE]",
        help="assume a court enjoins a law or provision from DATE (default: always)",
    )


def _overlay(args: argparse.Namespace, library: Library) -> overlays.Overlay:
    return overlays.Overlay(
        facts=overlays.parse_facts(args.fact, library),
        with_laws=tuple(args.with_law),
        without_laws=tuple(args.without_law),
        enjoin=tuple(overlays.Enjoinder.parse(text) for text in args.enjoin),
    )


ADHOC_FIELDS = ("state", "county", "city", "fips", "kind", "operates_jail")
"""The options that describe an agency without a profile file (commands without them default each to None)."""


def _adhoc_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "an agency without a profile file", "e.g. --state GA --county Fulton --kind sheriff --operates-jail"
    )
    group.add_argument("--state", metavar="XX", help="the agency's state (two letters)")
    group.add_argument("--county", metavar="NAME", help="its county, as the Census names it (suffix optional)")
    group.add_argument("--city", metavar="NAME", help="its city, for city agencies")
    group.add_argument("--fips", metavar="CODE", help="its county's 5-digit FIPS code (instead of, or with, --county)")
    group.add_argument("--kind", metavar="KIND", help="its agency kind, e.g. sheriff, city_police")
    group.add_argument(
        "--operates-jail",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="whether it runs a jail (default: unknown)",
    )


def _profiles(args: argparse.Namespace, library: Library) -> list[Profile]:
    """The profiles named as files, plus the agency described by options, if any."""
    described = adhoc.AdhocAgency(args.state, args.county, args.city, args.fips, args.kind, args.operates_jail)
    if not args.profiles and not described.given:
        raise UsageError("give PROFILE files or describe an agency with --state, --county/--city/--fips and --kind")
    profiles = load_profiles(args.profiles, library) if args.profiles else []
    if described.given:
        try:
            profiles.append(adhoc.profile(described, library))
        except adhoc.AdhocError as error:
            raise UsageError(str(error)) from None
    return profiles


def _tripped(reports: Sequence[AgencyReport], fail_on: frozenset[Verdict]) -> list[str]:
    """Each agency whose verdicts --fail-on names, with those programs and verdicts."""
    lines = []
    for report in reports:
        hits = [f"{a.program.id} {a.verdict.value}" for a in report.assessments if a.verdict in fail_on]
        if hits:
            lines.append(f"{report.profile.agency} ({report.profile.id}): {', '.join(hits)}")
    return lines


def _layers(args: argparse.Namespace) -> list[Path]:
    """The library layers a command uses: --policies/--only, else the project's [tool.wso-rules], else bundled."""
    if args.policies:
        return library_layers(args.policies, args.only)
    if args.only:
        raise UsageError("argument --only: name the libraries to use with --policies DIR")
    config = project_config()
    return config.layers() if config else [DEFAULT_POLICIES]


def _library(args: argparse.Namespace) -> Library:
    """The layered library, telling the user on stderr which laws a layer replaced."""
    library = load_library(_layers(args))
    for replacement in library.replacements:
        print(f"wso-rules: note: {replacement}", file=sys.stderr)
    return library


def _write(text: str, output: Path | str | None, durable: bool = True) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    output = Path(output)
    files.write_atomic(output, text, durable)
    print(terminal.safe(f"wrote {output}"), file=sys.stderr)


def _is_folder(output: str | None) -> bool:
    return output is not None and (output.endswith(("/", os.sep)) or Path(output).is_dir())


def _run_check(args: argparse.Namespace) -> int:
    run, reports, status = _evaluate(args, "wso")
    documents = (agency_document(report, run.library, run.assumptions) for report in reports)  # one at a time
    colour = args.output is None and wants_colour(choice=args.color)
    if len(reports) > 1 and args.output is not None and not _is_folder(args.output):
        raise UsageError(
            f"argument -o/--output: {len(reports)} reports need a folder; end it with / "
            f"(e.g. -o {Path(args.output).with_suffix('')}/) or name an existing folder"
        )
    if _is_folder(args.output):
        written = []
        for document in documents:
            written.append(Path(args.output) / f"{document['agency']['id']}.{EXTENSIONS[args.format]}")
            _write(render(document, args.format, compact=True), written[-1], durable=False)
        files.sync(written)  # once for the folder, not once per report
    elif len(reports) == 1:
        text = render(next(documents), args.format, colour, compact=args.output is not None)
        _write(_fitted(text, args), args.output)
    elif args.format == "json":
        _write(json_text(list(documents)), None)
    elif args.format == "html":
        raise UsageError("argument -o/--output: several HTML reports need a folder, e.g. -o reports/")
    else:
        separator = "\n" + "-" * 72 + "\n\n" if args.format == "text" else "\n\n"
        text = separator.join(render(document, args.format, colour) for document in documents)
        _write(_fitted(text, args), None)
    return status


def _fitted(text: str, args: argparse.Namespace) -> str:
    """A text report on a terminal folded to its width (COLUMNS, when set, says how wide it is);
    files and pipes keep whole lines, so they stay the same byte for byte."""
    if args.format != "text" or args.output is not None or not sys.stdout.isatty():
        return text
    return wrap(text, shutil.get_terminal_size().columns)


def _run_compare(args: argparse.Namespace) -> int:
    run, reports, status = _evaluate(args, "all")
    document = comparison_document(reports, run.library, run.assumptions)
    del run, reports  # the reports and the evaluator's caches go before the document is rendered
    to_file = args.output is not None
    colour = not to_file and wants_colour(choice=args.color)
    _write(render(document, args.format, colour, compact=to_file), args.output)
    return status


def _run_timeline(args: argparse.Namespace) -> int:
    run = _prepare(args, "all")
    start = args.start or run.library.catalogue.coverage_from
    end = args.end
    if end < start:
        raise UsageError(f"argument --to: {end} is before --from {start}")
    documents = [
        timeline_document(
            profile,
            timeline(run.evaluator, profile, run.programs, start, end),
            start,
            end,
            run.library,
            run.assumptions,
        )
        for profile in run.profiles
    ]
    if args.format == "json":  # several agencies: one JSON list
        body = render(documents[0] if len(documents) == 1 else documents, "json")
    else:
        body = "\n".join(render(document, args.format) for document in documents)
    _write(body, args.output)
    return EXIT_OK


def _run_export(args: argparse.Namespace) -> int:
    days = _export_days(args)
    run = _prepare(args, "all")
    reports = [report for day in days for report in run.evaluator.reports(run.profiles, run.programs, day)]
    _write(render(export_document(reports, run.library, run.assumptions), args.format), args.output)
    return EXIT_OK


def _export_days(args: argparse.Namespace) -> list[dt.date]:
    if args.dates is None:
        return [args.as_of]
    try:
        return [_date(part.strip()) for part in args.dates.split(",") if part.strip()]
    except argparse.ArgumentTypeError as error:
        raise UsageError(f"argument --dates: {error}") from None


def _run_validate(args: argparse.Namespace) -> int:
    from . import problem_formats
    from .validation import validate_run  # with the scenario runner and its cache: only validate needs them

    run = validate_run(args.paths, strict=args.strict, policies=args.policies or (), only=args.only, engine=args.engine)
    problems = run.problems
    fmt = problem_formats.auto_format() if args.format == "auto" else args.format
    colour = fmt == "human" and wants_colour(choice=args.color)
    sys.stdout.write(render(problem_formats.validation_document(problems, run.cases), fmt, colour))
    return EXIT_FAIL_ON if any(p.severity == "error" for p in problems) else EXIT_OK


def _run_rules(args: argparse.Namespace) -> int:
    if args.rule is None:
        _write(rules.markdown() if args.format == "md" else rules.text(), None)
        return EXIT_OK
    if args.rule not in rules.RULES:
        hint = difflib.get_close_matches(args.rule, rules.RULES, n=3)
        raise UsageError(f"no rule {args.rule!r}" + (f"; did you mean {', '.join(hint)}?" if hint else ""))
    _write(rules.explain(rules.RULES[args.rule], markdown=args.format == "md"), None)
    return EXIT_OK


def _run_laws(args: argparse.Namespace) -> int:
    from . import listing  # each command imports only what it runs: a cold check pays for none of these

    library = _library(args)
    _write(render(listing.laws_document(library, args.as_of), args.format), None)
    return EXIT_OK


def _run_schema(args: argparse.Namespace) -> int:
    from .schemas import reference_markdown, schema_texts, write_schemas

    if args.output is not None:
        for path in write_schemas(args.output):
            print(terminal.safe(f"wrote {path}"), file=sys.stderr)
    else:
        texts = schema_texts()
        chosen = {
            name: json.loads(text) for name, text in texts.items() if not args.kind or name.startswith(args.kind + ".")
        }
        document = next(iter(chosen.values())) if args.kind else chosen
        _write(json_text(document), None)
    if args.reference is not None:
        _write(reference_markdown(), args.reference)
    if args.annotate is not None:
        _annotate(args.annotate or [DEFAULT_POLICIES, DEFAULT_JURISDICTIONS], args.output or BUNDLED_SCHEMAS)
    return EXIT_OK


def _annotate(targets: Sequence[Path], schemas: Path) -> None:
    """Schema comments on wso-rules files, each naming the schema of the kind its content shows."""
    from .schemas import annotate

    kinds = {f: kind_of_file(f) for t in targets for f in yaml_files(t)}
    changed = [f for f, kind in kinds.items() if kind is not FileKind.FOREIGN and annotate(f, schemas, kind.value)]
    print(f"annotated {len(changed)} file(s)", file=sys.stderr)


def _run_init(args: argparse.Namespace) -> int:
    from . import scaffold

    for path in scaffold.init(args.folder):
        print(terminal.safe(f"wrote {path}"), file=sys.stderr)
    print(f"next: cd {args.folder} && wso-rules validate && pytest", file=sys.stderr)
    return EXIT_OK


def _run_site(args: argparse.Namespace) -> int:
    from . import national
    from .site.build import build, tty_progress

    if args.output.exists() and not args.output.is_dir():
        raise UsageError(f"argument -o/--output: {args.output} is a file; name a folder")
    sheriffs = national.sheriffs()
    run = _prepare(args, "all", sheriffs)
    built = build(
        args.output,
        run.library,
        run.evaluator,
        run.profiles,
        {p.id for p in sheriffs},
        args.as_of,
        run.assumptions,
        tty_progress(),
    )
    print(
        terminal.safe(
            f"wrote {built.files} files to {built.output}: {built.agencies} agencies, {built.counties} counties, "
            f"{built.states} states, {built.laws} laws; open {built.output / 'index.html'}"
        ),
        file=sys.stderr,
    )
    return EXIT_OK


def _run_impact(args: argparse.Namespace) -> int:
    from . import impact

    policies = _layers(args)
    profiles = args.profiles or [DEFAULT_JURISDICTIONS]
    if args.fact:
        raise UsageError("argument --fact: impact compares libraries; facts belong to profiles (use check --fact)")
    try:
        overlay = _overlay(args, load_library(policies))
    except overlays.OverlayError as error:
        raise UsageError(str(error)) from None
    if (args.base is None) == (not overlay):
        raise UsageError("give --base GIT_REV, or a draft change: --with-law, --without-law or --enjoin")
    if overlay:
        report = impact.impact_of_overlay(overlay, policies, profiles, args.as_of, args.engine)
    else:
        report = impact.impact(args.base, policies, profiles, args.as_of, args.engine)
    _write(render(report, args.format), args.output)
    return EXIT_OK


def _default_days(args: argparse.Namespace) -> None:
    """The one place "today" enters a command: every day option left out means today."""
    for option in ("as_of", "end"):
        if getattr(args, option, False) is None:
            setattr(args, option, dates.today())


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    _default_days(args)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        status = run(args)
        sys.stdout.flush()  # a full disk or closed pipe is reported here, not at interpreter exit
        return status
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INPUT
    except EngineUnavailable as error:
        print(f"wso-rules: error: argument --engine: {error}", file=sys.stderr)
        return EXIT_INPUT
    except EngineError as error:
        print(terminal.safe(f"wso-rules: error: {error}; no verdict is given (try --engine plain)"), file=sys.stderr)
        return EXIT_INPUT
    except UsageError as error:
        args.parser.print_usage(sys.stderr)
        print(terminal.safe(f"wso-rules: error: {error}"), file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("wso-rules: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except files.OutputError as error:
        print(terminal.safe(f"wso-rules: error: {error}"), file=sys.stderr)
        return EXIT_INPUT
    except OSError as error:  # a file we were given or need cannot be used: name it, no traceback
        if args.debug:
            traceback.print_exc()
        where = f"{error.filename}: " if error.filename else ""
        print(terminal.safe(f"wso-rules: error: {where}{files.reason(error)}"), file=sys.stderr)
        return EXIT_INPUT
    except Exception as error:  # an internal fault: say so plainly; --debug shows where
        if args.debug:
            traceback.print_exc()
        print(
            terminal.safe(
                f"wso-rules: internal error: {type(error).__name__}: {error} (run with --debug for a traceback)"
            ),
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
