"""The `wso-rules` command: argument parsing and exit codes; the work happens elsewhere.

Exit status: 0 the command ran; 1 a verdict named by --fail-on occurred (or `validate` found
problems); 2 bad input or usage, or an output that cannot be written (or `validate` could not
run), reported as one line per problem with file, line and column, or naming the path; 3 only
for a fault in wso-rules itself. Everything printed passes through `terminal.safe` (problems at
their creation, reports in `render`), and printing never fails on an unencodable character.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import adhoc, files, overlays, problem_formats, terminal
from .engines import EngineUnavailable
from .evaluation import Evaluator
from .findings import AgencyReport
from .library import Library
from .loading import (
    CATALOGUE_FILE,
    DEFAULT_JURISDICTIONS,
    DEFAULT_POLICIES,
    PACKAGE_ROOT,
    load_library,
    load_profiles,
    yaml_files,
)
from .models import Profile
from .problems import InputError, real_path
from .reporting import (
    COMPARE_FORMATS,
    EXPORT_FORMATS,
    FILE_EXTENSIONS,
    REPORT_FORMATS,
    agency_document,
    comparison_document,
    export_document,
    json_text,
    render,
    timeline_document,
    wants_colour,
)
from .timeline import timeline
from .validation import evaluator_for, validate
from .verdicts import Verdict, parse_verdicts

DEFAULT_SCHEMAS = PACKAGE_ROOT / "schemas"
DEFAULT_REFERENCE = PACKAGE_ROOT / "docs" / "schema.md"

EXIT_OK, EXIT_FAIL_ON, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl-C


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


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policies", type=Path, default=None, metavar="DIR", help="law library to use (default: the bundled policies/)"
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "durable", "plain"),
        default="auto",
        help="evaluation engine (default: durable-rules where it can run, else plain)",
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")


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
        help="wso, jem, tfm or all (default: wso for check, all for compare)",
    )
    parser.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="date of the law (default: today)")
    parser.add_argument("--format", choices=formats, default=formats[0], help=f"output format (default: {formats[0]})")
    parser.add_argument(
        "-o",
        "--output",
        type=_output,
        default=None,
        metavar="FILE",
        help="write the report here instead of standard output (a folder, ending in /, gets one file per agency)",
    )
    parser.add_argument(
        "--fail-on",
        default="",
        metavar="VERDICTS",
        help="exit 1 if any verdict is in this comma-separated list, e.g. prohibited,undetermined",
    )
    _common(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wso-rules",
        description="May a law-enforcement agency lawfully join ICE's 287(g) programs under the laws that bind it? "
        "An analytical aid, not legal advice.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="verdict and cited reasons for one or more agencies")
    _evaluation_options(check, REPORT_FORMATS)
    check.set_defaults(run=_run_check, parser=check)

    compare = commands.add_parser("compare", help="several agencies side by side, agency x program")
    _evaluation_options(compare, COMPARE_FORMATS)
    compare.set_defaults(run=_run_compare, parser=compare)

    timeline_parser = commands.add_parser("timeline", help="every date an agency's verdict changes, and why")
    _evaluation_options(timeline_parser, ("text", "md", "html", "json"))
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
    _evaluation_options(export, EXPORT_FORMATS)
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
    validate.add_argument("--format", choices=tuple(problem_formats.FORMATS), default="human")
    validate.add_argument("--strict", action="store_true", help="treat warnings (unexercised provisions) as errors")
    validate.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")
    validate.set_defaults(run=_run_validate, parser=validate)

    laws = commands.add_parser("laws", help="list the library: laws, provisions, verified share, in force")
    laws.add_argument("--format", choices=("text", "md", "json"), default="text")
    laws.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="the day 'in force' refers to")
    _common(laws)
    laws.set_defaults(run=_run_laws, parser=laws)

    schema = commands.add_parser("schema", help="write JSON Schemas of law, profile and catalogue files")
    schema.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_SCHEMAS,
        metavar="DIR",
        help="folder to write to (default: the bundled schemas/)",
    )
    schema.add_argument(
        "--reference",
        type=Path,
        default=DEFAULT_REFERENCE,
        metavar="FILE",
        help="where to write the Markdown field reference (default: the bundled docs/schema.md)",
    )
    schema.add_argument(
        "--annotate",
        nargs="*",
        type=Path,
        metavar="YAML",
        default=None,
        help="also put the schema comment on the first line of these files or folders "
        "(no value: the bundled policies/ and jurisdictions/)",
    )
    schema.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")
    schema.set_defaults(run=_run_schema, parser=schema)

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
    impact_parser.add_argument("--format", choices=("md", "json"), default="md")
    impact_parser.add_argument("-o", "--output", type=Path, default=None, metavar="FILE")
    _common(impact_parser)
    impact_parser.set_defaults(run=_run_impact, parser=impact_parser)
    return parser


def _programs(args: argparse.Namespace, library: Library, default: str) -> list[str]:
    chosen = default if args.program is None else args.program
    if chosen == "all":
        return list(library.program_ids)
    names = list(dict.fromkeys(name.strip() for name in chosen.split(",") if name.strip()))
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


def _prepare(args: argparse.Namespace, default_program: str) -> Run:
    base = load_library(args.policies or DEFAULT_POLICIES)
    try:
        overlay = _overlay(args, base)
        library = overlay.library(base)
        profiles = [overlay.profile(p, library) for p in _profiles(args, library)]
    except overlays.OverlayError as error:
        raise UsageError(str(error)) from None
    programs = _programs(args, library, default_program)
    return Run(library, evaluator_for(library, args.engine), profiles, programs, overlay.assumptions(library))


def _evaluate(args: argparse.Namespace, default_program: str) -> tuple[Run, list[AgencyReport], int]:
    fail_on = _fail_on(args)
    run = _prepare(args, default_program)
    as_of = args.as_of or dt.date.today()
    reports = [run.evaluator.report(profile, run.programs, as_of) for profile in run.profiles]
    failed = any(a.verdict in fail_on for r in reports for a in r.assessments)
    return run, reports, EXIT_FAIL_ON if failed else EXIT_OK


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
    colour = args.output is None and wants_colour()
    if _is_folder(args.output) or (len(reports) > 1 and args.output is not None):
        written = []
        for document in documents:
            written.append(Path(args.output) / f"{document['agency']['id']}.{FILE_EXTENSIONS[args.format]}")
            _write(render(document, args.format, compact=True), written[-1], durable=False)
        files.sync(written)  # once for the folder, not once per report
    elif len(reports) == 1:
        _write(render(next(documents), args.format, colour, compact=args.output is not None), args.output)
    elif args.format == "json":
        _write(json_text(list(documents)), None)
    elif args.format == "html":
        raise UsageError("argument -o/--output: several HTML reports need a folder, e.g. -o reports/")
    else:
        separator = "\n" + "-" * 72 + "\n\n" if args.format == "text" else "\n\n"
        _write(separator.join(render(document, args.format, colour) for document in documents), None)
    return status


def _run_compare(args: argparse.Namespace) -> int:
    run, reports, status = _evaluate(args, "all")
    document = comparison_document(reports, run.library, run.assumptions)
    del run, reports  # the reports and the evaluator's caches go before the document is rendered
    to_file = args.output is not None
    _write(render(document, args.format, not to_file and wants_colour(), compact=to_file), args.output)
    return status


def _run_timeline(args: argparse.Namespace) -> int:
    run = _prepare(args, "all")
    start = args.start or run.library.catalogue.coverage_from
    end = args.end or dt.date.today()
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
    if args.format == "json":
        body = json_text(documents[0] if len(documents) == 1 else documents)
    else:
        body = "\n".join(render(document, args.format) for document in documents)
    _write(body, args.output)
    return EXIT_OK


def _run_export(args: argparse.Namespace) -> int:
    days = _export_days(args)
    run = _prepare(args, "all")
    reports = [run.evaluator.report(profile, run.programs, day) for day in days for profile in run.profiles]
    _write(render(export_document(reports, run.library, run.assumptions), args.format), args.output)
    return EXIT_OK


def _export_days(args: argparse.Namespace) -> list[dt.date]:
    if args.dates is None:
        return [args.as_of or dt.date.today()]
    try:
        return [_date(part.strip()) for part in args.dates.split(",") if part.strip()]
    except argparse.ArgumentTypeError as error:
        raise UsageError(f"argument --dates: {error}") from None


def _run_validate(args: argparse.Namespace) -> int:
    problems = validate(args.paths, strict=args.strict)
    colour = args.format == "human" and wants_colour()
    sys.stdout.write(problem_formats.FORMATS[args.format](problems, colour))
    return EXIT_FAIL_ON if any(p.severity == "error" for p in problems) else EXIT_OK


def _run_laws(args: argparse.Namespace) -> int:
    from . import listing  # each command imports only what it runs: a cold check pays for none of these

    library = load_library(args.policies or DEFAULT_POLICIES)
    _write(terminal.safe(listing.render(library, args.format, args.as_of or dt.date.today())), None)
    return EXIT_OK


def _run_schema(args: argparse.Namespace) -> int:
    from .schemas import annotate, write_schemas

    for path in write_schemas(args.output, args.reference):
        print(terminal.safe(f"wrote {path}"), file=sys.stderr)
    if args.annotate is not None:
        targets = args.annotate or [DEFAULT_POLICIES, DEFAULT_JURISDICTIONS]
        changed = [f for t in targets for f in yaml_files(t) if annotate(f, args.output, _document_kind(f))]
        print(f"annotated {len(changed)} file(s)", file=sys.stderr)
    return EXIT_OK


def _document_kind(path: Path) -> str:
    if path.name == CATALOGUE_FILE:
        return "catalogue"
    return "profile" if "jurisdictions" in real_path(path).parts else "law"


def _run_impact(args: argparse.Namespace) -> int:
    from . import impact

    policies = args.policies or DEFAULT_POLICIES
    profiles = args.profiles or [DEFAULT_JURISDICTIONS]
    as_of = args.as_of or dt.date.today()
    if args.fact:
        raise UsageError("argument --fact: impact compares libraries; facts belong to profiles (use check --fact)")
    try:
        overlay = _overlay(args, load_library(policies))
    except overlays.OverlayError as error:
        raise UsageError(str(error)) from None
    if (args.base is None) == (not overlay):
        raise UsageError("give --base GIT_REV, or a draft change: --with-law, --without-law or --enjoin")
    if overlay:
        report = impact.impact_of_overlay(overlay, policies, profiles, as_of)
    else:
        report = impact.impact(args.base, policies, profiles, as_of)
    _write(terminal.safe(impact.render(report, args.format)), args.output)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
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
