"""``python main.py kontroll``: SSB's controls (Barnevern v4) run on the register.

Prints the findings grouped by control (FEIL first): SSB's id, severity and count, then one
line per finding with journalnummer, record, field and SSB's message; last a summary line.
Exit code 0 when no control found a FEIL (SSB would accept the delivery; ADVARSEL and INFO
ask for a look), 1 when there is at least one FEIL — or when the command itself fails, which
is said on stderr as «Feil: …». The work is ``service.controls.check_ssb``; running the
controls on an SSB file is the import's business, not this command's.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from cli.commands import EXIT_FAILED, _date, _guarded, _positive, signed_in
from cli.table import format_table
from core.dates import fmt
from core.ssb_controls import CONTROLS_BY_ID, NOT_EVALUATED, ControlResult, Finding, Severity
from service.controls import check_ssb

#: Widest message column before it is cut (the whole message is rarely longer).
MESSAGE_WIDTH = 160
_ORDER = {Severity.FEIL: 0, Severity.ADVARSEL: 1, Severity.INFO: 2}


def add_control_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``kontroll`` on the command line's subparsers."""
    control = sub.add_parser(
        "kontroll", help="kjør SSBs kontroller (Barnevern v4) på registeret",
        description="Kjør SSBs kontroller for Barnevernsregisteret (v4) på sakene i registeret, "
                    "slik årets uttrekk viser dem. Exit-kode 0 uten FEIL, 1 når minst én "
                    "kontroll gir FEIL (SSB avviser da leveransen) eller kommandoen feiler.")
    control.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="databasefil")
    control.add_argument("--ar", type=_positive, metavar="ÅR",
                         help="rapporteringsåret (standard: i år)")
    control.add_argument("--dato", type=_date, metavar="UTTREKKSDATO",
                         help="uttrekksdato i året (standard: 31.12., eller i dag for i år)")
    control.set_defaults(run=_guarded(run_control))


def run_control(args: argparse.Namespace) -> int:
    """Run the controls, print the findings by control; exit 1 when any is a FEIL."""
    reg = signed_in(args)
    try:
        year = args.ar or (args.dato.year if args.dato else reg.today().year)
        result = check_ssb(reg, year, args.dato)
    finally:
        reg.close()
    print(report_text(result))
    return EXIT_FAILED if result.blocked else 0


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
