"""``python main.py importer`` and ``ssb-eksport``: SSB's files (Barnevern v4 and KOSTRA 15F)
in and out.

The work is the application layer's (``service.ssb``); this module is the arguments and the
Norwegian summary. Nothing printed names a child: elements are named by SSB's Id and the case's
journalnummer.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from cli.commands import (
    EXIT_USAGE,
    CommandError,
    _guarded,
    _positive,
    register_argument,
    signed_in,
)
from service.ssb import (
    ImportResult,
    SsbExportResult,
    export_ssb,
    export_target,
    import_ssb,
)
from service.ssb_delivery import default_year
from storage.errors import SsbFileError
from storage.ssb_v4 import Avgiver, Finding

#: Findings listed one by one before the rest is only counted (``--alle`` lists everything).
LISTED = 20


def add_ssb_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``importer`` and ``ssb-eksport`` on the command line's subparsers."""
    imp = sub.add_parser(
        "importer", help="importer en SSB-fil (Barnevern v4 eller KOSTRA 15F) fra fagsystemet",
        description="Les en Barnevern v4-fil (ett XML-dokument, eller et zip-arkiv med ett "
                    "dokument per sak) eller en KOSTRA 15F-fil (ett dokument for kommunen), vis "
                    "hva som endres, og lagre det med fristene beregnet. "
                    "Samme fil to ganger endrer ingenting.")
    imp.add_argument("fil", type=Path, metavar="FIL", help="SSB-filen (.xml eller .zip)")
    imp.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                     help="databasefil eller postgresql://-adresse")
    imp.add_argument("--torrkjoring", action="store_true",
                     help="vis bare hva som ville skjedd; ingenting lagres")
    imp.add_argument("--saksbehandler", metavar="NAVN",
                     help="saksbehandler for alle nye barn (standard: den en 15F-fil oppgir "
                          "for barnet, opprettet om den mangler; ellers «Ikke fordelt»)")
    imp.add_argument("--alle", action="store_true",
                     help="list alle saker og alle elementer som ikke er lagret")
    imp.set_defaults(run=_guarded(run_import))

    exp = sub.add_parser(
        "ssb-eksport", help="skriv sakene for et år som SSB-fil (Barnevern v4)",
        description="Skriv sakene som var åpne i et år som Barnevern v4 (ett dokument per sak; "
                    ".zip, eller .xml for én sak). Filen følger SSBs XSD.")
    exp.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                     help="databasefil eller postgresql://-adresse")
    exp.add_argument("--format", choices=("v4", "15f"), default="v4",
                     help="v4 (Barnevern v4; standard) eller 15f (KOSTRA Barnevern, én "
                          ".xml for hele kommunen)")
    exp.add_argument("--ar", type=_positive, metavar="ÅR",
                     help="året (standard: i fjor før 1. mars, ellers i år)")
    exp.add_argument("--ut", type=str, required=True, metavar="FIL",
                     help="filen som skal skrives (.zip, eller .xml for én sak)")
    exp.add_argument("--kommunenummer", metavar="NNNN", help="avgivers kommunenummer")
    exp.add_argument("--kommunenavn", metavar="NAVN", help="avgivers kommunenavn")
    exp.add_argument("--orgnr", metavar="NNNNNNNNN", help="avgivers organisasjonsnummer")
    exp.add_argument("--bydelsnummer", metavar="NN", default="",
                     help="bydelsnummer (bare kommuner med bydeler)")
    exp.add_argument("--bydelsnavn", metavar="NAVN", default="", help="bydelsnavn")
    exp.set_defaults(run=_guarded(run_export))


# --- importer -------------------------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    """Plan (and unless a dry run, write) the import; print the summary."""
    if not args.fil.exists():
        raise CommandError(f"Fant ikke filen {args.fil}")
    reg = signed_in(args)
    try:
        result = import_ssb(reg, args.fil, dry_run=args.torrkjoring,
                            saksbehandler=args.saksbehandler,
                            progress=_progress if sys.stderr.isatty() else None)
    finally:
        reg.close()
    print_import(result, everything=args.alle)
    return 0


def _progress(done: int, total: int) -> None:
    print(f"\rLeser {done} av {total} dokumenter …", end="" if done < total else "\n",
          file=sys.stderr, flush=True)


def print_import(result: ImportResult, *, everything: bool = False) -> None:
    """The Norwegian summary of an import or a dry run."""
    head = "Tørrkjøring av" if result.dry_run else "Import av"
    unit = (("individ", "individer") if "15F" in result.format
            else ("dokument", "dokumenter"))
    print(f"{head} «{result.file}» ({result.format}, {result.documents} "
          f"{unit[0] if result.documents == 1 else unit[1]}):")
    rows = (("Nye barn", len(result.new_cases)),
            ("Oppdaterte saker", len(result.updated_cases)),
            ("Uendrede saker", result.unchanged),
            ("Avviste elementer", len(result.rejected)),
            ("Ikke lagret (finnes ikke i Fristvakt)", len(result.not_stored)),
            ("Merknader", len(result.notes)))
    width = max(len(label) for label, _ in rows)
    for label, count in rows:
        print(f"  {label + ':':<{width + 1}} {count:>6}")
    if result.ignored_members:
        print(f"  Filer i arkivet som ikke er XML (ikke lest): {len(result.ignored_members)}")
    for name in result.new_caseworkers:
        print(f"  Ny saksbehandler: {name}")
    limit = None if everything else LISTED
    if everything and result.new_cases:
        print("\nNye barn (journalnummer):")
        for change in result.new_cases:
            print(f"  {change.journalnummer}: {change.summary()}")
    if result.updated_cases:
        print("\nOppdaterte saker (journalnummer):")
        _listed([f"  {c.journalnummer}: {c.summary()}" for c in result.updated_cases], limit)
    if result.rejected:
        print("\nAvvist (element, SSB-Id, sak):")
        _listed([f"  {f.element} {f.ssb_id} (journalnr. {f.journalnummer}): {f.reason}"
                 for f in result.rejected], limit)
    if result.not_stored:
        print("\nIkke lagret, etter årsak:")
        _grouped(result.not_stored, limit)
    if result.notes:
        print("\nMerknader (lagret, men se over):")
        _listed([f"  {f.element} {f.ssb_id} (journalnr. {f.journalnummer}): {f.reason}"
                 for f in result.notes], limit)
    if result.dry_run:
        print("\nIngenting er lagret. Kjør uten --torrkjoring for å importere.")
    else:
        print(f"\nLagret i én transaksjon, fristene er beregnet på nytt "
              f"({_seconds(result.seconds)}).")


def _listed(lines: Sequence[str], limit: int | None) -> None:
    shown = lines if limit is None else lines[:limit]
    for line in shown:
        print(line)
    if len(shown) < len(lines):
        print(f"  … og {len(lines) - len(shown)} til (--alle viser alle)")


def _grouped(findings: Sequence[Finding], limit: int | None) -> None:
    """One line per (element, reason), with the count and the first Ids."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in findings:
        groups[(f.element, f.reason)].append(f.ssb_id)
    for (element, reason), ids in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        first = ids if limit is None else ids[:3]
        more = f" og {len(ids) - len(first)} til" if len(first) < len(ids) else ""
        print(f"  {len(ids):>5} × {element}: {reason} (Id {', '.join(first)}{more})")


def _seconds(seconds: float) -> str:
    return f"{seconds:.1f} s".replace(".", ",")


# --- ssb-eksport ----------------------------------------------------------------------------------


def run_export(args: argparse.Namespace) -> int:
    """Write the year's v4 or 15F file; one summary line and what was left out."""
    given = [args.kommunenummer, args.kommunenavn, args.orgnr]
    if any(given) and not all(given):
        print("Feil: oppgi hele avgiveren: --kommunenummer, --kommunenavn og --orgnr",
              file=sys.stderr)
        return EXIT_USAGE
    avgiver = (Avgiver(args.orgnr, args.kommunenummer, args.kommunenavn, args.bydelsnummer,
                       args.bydelsnavn) if all(given) else None)
    if avgiver is not None and avgiver.problems():
        print(f"Feil: avgiveren kan ikke brukes: {'; '.join(avgiver.problems())}",
              file=sys.stderr)
        return EXIT_USAGE
    if args.format == "15f" and not args.ut.lower().endswith(".xml"):
        print("Feil: En 15F-fil er ett XML-dokument for hele kommunen; velg et filnavn som "
              "slutter på .xml", file=sys.stderr)
        return EXIT_USAGE
    try:
        target = export_target(args.ut)  # checked before signing in
    except SsbFileError as error:
        raise CommandError(str(error)) from None
    reg = signed_in(args)
    try:
        year = args.ar or default_year(reg.today())
        result = export_ssb(reg, target, year, avgiver=avgiver, fmt=args.format)
    finally:
        reg.close()
    print_export(result)
    return 0


def print_export(result: SsbExportResult) -> None:
    left = f", {result.left_out} utelatt" if result.left_out else ""
    print(f"SSB-fil ({result.format}) for {result.year} skrevet til {result.path}: "
          f"{result.cases} {'sak' if result.cases == 1 else 'saker'}{left}; følger SSBs XSD "
          f"({_seconds(result.seconds)}).")
    if result.findings:
        print("Ikke skrevet, etter årsak:")
        _grouped(result.findings, LISTED)
