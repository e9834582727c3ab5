"""``python main.py rapport``: the leader's report written to an Excel workbook.

The work itself is the application layer's (``service.reports``); this module is the arguments.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from cli.commands import (
    EXIT_USAGE,
    CommandError,
    _date,
    _guarded,
    register_argument,
    signed_in,
)
from core.dates import fmt
from core.periods import (
    PERIOD_HELP,
    REPORT_FIRST,
    REPORT_LAST,
    REPORT_MAX_YEARS,
    check_report_period,
    parse_period,
)
from service.reports import (
    DEFAULT_HISTORY,
    PROFILES,
    ExportOptions,
    check_measured,
    check_target,
    default_file_name,
    export_report,
    load_report,
    report_period,
    xlsx_path,
)
from storage.workbook import WorkbookError

# --- the command ----------------------------------------------------------------------------------


def _period_arg(text: str) -> str:
    try:
        parse_period(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def add_report_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``rapport`` on the command line's subparsers."""
    report = sub.add_parser(
        "rapport", help="skriv lederrapporten (målekort og tabeller) til en Excel-fil",
        description=f"Skriv lederrapporten for en periode til Excel. Periode: {PERIOD_HELP}; "
                    f"mellom {fmt(REPORT_FIRST)} og {fmt(REPORT_LAST)}, høyst "
                    f"{REPORT_MAX_YEARS} år.")
    report.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                        help="databasefil eller postgresql://-adresse")
    report.add_argument("--periode", type=_period_arg, required=True, metavar="PERIODE",
                        help="måned, tertial, halvår, kvartal, år eller datoområde")
    report.add_argument("--til", type=_period_arg, metavar="PERIODE",
                        help="til og med slutten av denne perioden (f.eks. --periode 2026-10 "
                             "--til 2026-12)")
    report.add_argument("--profil", choices=PROFILES, default="politisk",
                        help="politisk (bare summer, små tall som «<5»; standard) eller intern")
    report.add_argument("--ut", type=str, required=True, metavar="FIL",
                        help="Excel-filen som skal skrives (.xlsx; uten endelse legges .xlsx "
                             "til); en mappe gir filen standardnavnet i den mappen")
    report.add_argument("--dato", type=_date, metavar="MÅLEDATO",
                        help="måledato for øyeblikkstall (standard: periodens siste dag)")
    report.add_argument("--detaljliste", action="store_true",
                        help="ta med arket «Intern detaljliste» (bare med --profil intern)")
    report.add_argument("--navn", action="store_true",
                        help="ta med barnets navn i detaljlisten")
    report.add_argument("--historikk", type=int, default=DEFAULT_HISTORY, metavar="N",
                        help=f"tidligere perioder i målekortet (standard {DEFAULT_HISTORY})")
    report.set_defaults(run=_guarded(run_report))


def run_report(args: argparse.Namespace) -> int:
    """Build the report and write the workbook; one summary line."""
    options = ExportOptions(profil=args.profil, detail=args.detaljliste, names=args.navn,
                            history=args.historikk)
    try:
        options.check()
        period = check_report_period(report_period(args.periode, args.til))
        check_measured(period, args.dato)
    except ValueError as error:
        print(f"Feil: {error}", file=sys.stderr)
        return EXIT_USAGE
    # The file really written: checked before signing in, said in the summary line.
    target = xlsx_path(args.ut, default_file_name(period, options.profil))
    try:
        check_target(target)
    except WorkbookError as error:
        raise CommandError(str(error)) from None
    started = time.perf_counter()
    # The whole-file check of a sign-in runs beside the counting, and nothing is written before
    # it has passed (Register.checked_meanwhile).
    reg = signed_in(args, check_integrity=False)
    try:
        with reg.checked_meanwhile():
            data = load_report(reg, period, args.dato, history=options.history)
        result = export_report(reg, data, target, options, source="kommandolinje")
    except WorkbookError as error:
        raise CommandError(str(error)) from None
    finally:
        reg.close()
    report = result.report
    small = ", små tall vist som «<5»" if options.suppressing else ""
    detail = ", med intern detaljliste" if options.detail else ""
    named = (f" (standardnavn i mappen «{args.ut}»)"
             if result.path.parent == Path(args.ut).expanduser() else "")
    print(f"Rapport for {report.period_text} (måledato {fmt(report.measured)}, profil "
          f"{options.profil}{small}{detail}) skrevet til {result.path}{named} "
          f"({_seconds(time.perf_counter() - started)}).")
    return 0


def _seconds(seconds: float) -> str:
    return f"{seconds:.1f} s".replace(".", ",")
