"""``python main.py kontroll [FIL]``: SSB's controls run on the register (Barnevern v4, or with
``--format 15f`` KOSTRA 15F on what the register's 15F file for the year would contain), or on an
SSB file before it is imported (v4 or KOSTRA 15F, the right set for the file's format).

Prints the findings grouped by control (FEIL first): SSB's id, severity and count, then one
line per finding with journalnummer, record, field and SSB's message; last a summary line.
Exit code 0 when no control found a FEIL (SSB would accept the delivery; ADVARSEL and INFO
ask for a look), 1 when there is at least one FEIL — or when the command itself fails, which
is said on stderr as «Feil: …». The work is ``service.controls.check_ssb`` and, for a file,
``service.controls.check_file`` (the file is read in memory; nothing is written), and for 15F
on the register ``service.controls_15f.check_register_15f``.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from cli.commands import (
    EXIT_FAILED,
    EXIT_USAGE,
    CommandError,
    _date,
    _guarded,
    _positive,
    register_argument,
    signed_in,
)
from cli.table import format_table
from core.dates import fmt
from core.ssb_15f_controls import CONTROLS_BY_ID as CONTROLS_15F
from core.ssb_15f_controls import Finding15, Result15
from core.ssb_controls import CONTROLS_BY_ID, NOT_EVALUATED, ControlResult, Finding, Severity
from service.controls import FileCheck, check_file, check_ssb
from service.controls_15f import RegisterCheck15, check_register_15f

#: Widest message column before it is cut (the whole message is rarely longer).
MESSAGE_WIDTH = 160
_ORDER = {Severity.FEIL: 0, Severity.ADVARSEL: 1, Severity.INFO: 2}


def add_control_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``kontroll`` on the command line's subparsers."""
    control = sub.add_parser(
        "kontroll", help="kjør SSBs kontroller på registeret eller på en SSB-fil",
        description="Kjør SSBs kontroller for Barnevernsregisteret (v4) på sakene i registeret, "
                    "slik årets uttrekk viser dem (med --format 15f: KOSTRA 15F-kontrollene på "
                    "det registerets 15F-fil ville inneholdt), eller på en SSB-fil (Barnevern "
                    "v4 eller KOSTRA 15F) før den importeres. Exit-kode 0 uten FEIL, 1 når "
                    "minst én kontroll gir FEIL (SSB avviser da leveransen) eller kommandoen "
                    "feiler.")
    control.add_argument("fil", type=Path, nargs="?", metavar="FIL",
                         help="SSB-filen som skal kontrolleres (uten: registeret)")
    control.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                         help="databasefil eller postgresql://-adresse")
    control.add_argument("--format", choices=("v4", "15f"),
                         help="kontrollene for registeret: v4 (Barnevern v4; standard) eller "
                              "15f (KOSTRA 15F, på det registerets 15F-fil for året ville "
                              "inneholde)")
    control.add_argument("--ar", type=_positive, metavar="ÅR",
                         help="rapporteringsåret (standard: i år)")
    control.add_argument("--dato", type=_date, metavar="UTTREKKSDATO",
                         help="uttrekksdato i året (standard: 31.12., eller i dag for i år)")
    control.set_defaults(run=_guarded(run_control))


def run_control(args: argparse.Namespace) -> int:
    """Run the controls, print the findings by control; exit 1 when any is a FEIL."""
    if args.fil is not None:
        return _run_on_file(args)
    if args.format == "15f":
        return _run_15f(args)
    reg = signed_in(args)
    try:
        year = args.ar or (args.dato.year if args.dato else reg.today().year)
        result = check_ssb(reg, year, args.dato)
    finally:
        reg.close()
    print(report_text(result))
    return EXIT_FAILED if result.blocked else 0


def _run_15f(args: argparse.Namespace) -> int:
    if args.dato is not None:
        print("Feil: --dato gjelder Barnevern v4; 15F-filen er årets uttrekk per 31.12.",
              file=sys.stderr)
        return EXIT_USAGE
    reg = signed_in(args)
    try:
        found = check_register_15f(reg, args.ar or reg.today().year)
    finally:
        reg.close()
    print(register_15f_text(found))
    return EXIT_FAILED if found.blocked else 0


def register_15f_text(check: RegisterCheck15) -> str:
    """The 15F findings on the register's file for the year, and what the file leaves out."""
    text = report_15f_text(check.result, "", check.skjema_source,
                           subject=f"registerets 15F-fil for {check.year}")
    if check.left_out:
        text += f"\n{check.left_out} saker i året kommer ikke med i filen."
    if check.not_written:
        text += (f"\nIkke skrevet i 15F-filen: {len(check.not_written)} (ssb-eksport "
                 "--format 15f lister hva og hvorfor).")
    return text


def _run_on_file(args: argparse.Namespace) -> int:
    if args.format is not None:
        print("Feil: --format gjelder kontroll av registeret; en fil kontrolleres etter sitt "
              "eget format", file=sys.stderr)
        return EXIT_USAGE
    if args.dato is not None:
        print("Feil: --dato gjelder kontroll av registeret; for en fil er uttrekksdatoen "
              "filens egen", file=sys.stderr)
        return EXIT_USAGE
    if not args.fil.is_file():
        raise CommandError(f"Fant ikke filen {args.fil}")
    reg = signed_in(args)
    try:
        found = check_file(reg, args.fil, args.ar)
    finally:
        reg.close()
    print(file_report_text(found))
    return EXIT_FAILED if found.result.blocked else 0


def file_report_text(found: FileCheck) -> str:
    """A file's findings: v4 as for the register, 15F grouped by control the same way."""
    if isinstance(found.result, ControlResult):
        return f"Fil «{found.file}» (Barnevern v4).\n" + report_text(found.result)
    return report_15f_text(found.result, found.file, found.skjema_source)


def report_15f_text(result: Result15, file: str, source: str = "", *,
                    subject: str | None = None) -> str:
    """The 15F findings grouped by control (FEIL first), and the summary line. ``subject``
    names what was checked when it is not the file «``file``»."""
    s = result.skjema
    where = f" (kommune fra {source})" if source else ""
    lines = [f"SSBs kontroller for KOSTRA Barnevern (15F) på {subject or f'«{file}»'}: "
             f"rapporteringsår {s.year}, "
             f"kommune {s.kommunenummer or 'ukjent'}{where}; {result.individer} individer "
             "kontrollert.", ""]
    groups: dict[str, list[Finding15]] = defaultdict(list)
    for finding in result.findings:
        groups[finding.control_id].append(finding)
    for control_id, found in sorted(groups.items(), key=lambda g: _ORDER[g[1][0].severity]):
        control = CONTROLS_15F[control_id]
        lines.append(f"{control_id} – {found[0].severity.value} – {len(found)} funn: "
                     f"{control.title}")
        lines.append(_indent(format_table(
            ["Journalnummer", "Element", "Id", "Melding"],
            [[f.journalnummer or "–", f.element, f.element_id or "–", f.message]
             for f in found], max_width=MESSAGE_WIDTH)))
        lines.append("")
    for control_id, reason in result.not_evaluated.items():
        lines.append(f"{control_id} er ikke kjørt: {reason}.")
    if result.not_evaluated:
        lines.append("")
    verdict = (f"{len(result.findings)} funn: {result.count(Severity.FEIL)} feil, "
               f"{result.count(Severity.ADVARSEL)} advarsler." if result.findings
               else "Ingen funn.")
    outcome = ("SSB vil avvise filen til feilene er rettet." if result.blocked
               else "Ingen feil som hindrer levering.")
    lines.append(f"{verdict} {outcome}")
    return "\n".join(lines)


def report_text(result: ControlResult) -> str:
    """The findings grouped by control, and the summary line."""
    ex = result.extract
    lines = [f"SSB-kontroller for {ex.year} (Barnevern v4), uttrekksdato {fmt(ex.uttrekk)}: "
             f"{result.cases} saker kontrollert.", ""]
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        groups[finding.control_id].append(finding)
    for control_id, found in sorted(groups.items(),
                                    key=lambda g: _ORDER[g[1][0].severity]):
        control = CONTROLS_BY_ID[control_id]
        lines.append(f"{control_id} – {found[0].severity.value} – {len(found)} funn: "
                     f"{control.title}")
        lines.append(_indent(format_table(
            ["Journalnummer", "Registrering", "Felt", "Melding"],
            [[f.journalnummer, _record(f), f.field or "–", f.message] for f in found],
            max_width=MESSAGE_WIDTH)))
        lines.append("")
    lines.append(summary(result))
    return "\n".join(lines)


def summary(result: ControlResult) -> str:
    """One line: counts by severity and what SSB would do with the delivery."""
    if not result.findings:
        verdict = "Ingen funn."
    else:
        cases = len({f.sak_id for f in result.findings})
        verdict = (f"{len(result.findings)} funn i {cases} saker: "
                   f"{result.count(Severity.FEIL)} feil, "
                   f"{result.count(Severity.ADVARSEL)} advarsler, "
                   f"{result.count(Severity.INFO)} til informasjon.")
    outcome = ("SSB vil avvise leveransen til feilene er rettet." if result.blocked
               else "Ingen feil som hindrer levering.")
    return (f"{verdict} {outcome} ({len(NOT_EVALUATED)} av SSBs kontroller kan ikke kjøres på "
            "registerets data og er ikke med.)")


def _record(finding: Finding) -> str:
    return finding.record if finding.record_id is None else f"{finding.record} {finding.record_id}"


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else line for line in text.splitlines())
