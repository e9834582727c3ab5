"""``python main.py kalender``: open deadlines written to an iCalendar file for Outlook.

The work is the application layer's (``service.calendar_export``); this module is the arguments.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from cli.commands import _date, _guarded, register_argument, signed_in
from core.dates import fmt
from service.calendar_export import MAX_DAYS, calendar_path, export_calendar


def _days(text: str) -> int:
    if not text.strip().isdigit() or int(text) > MAX_DAYS:
        raise argparse.ArgumentTypeError(f"«{text}» må være et heltall fra 0 til {MAX_DAYS}")
    return int(text)


def add_calendar_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``kalender`` on the command line's subparsers."""
    cal = sub.add_parser(
        "kalender", help="skriv åpne frister til en kalenderfil (.ics) for Outlook",
        description="Skriv åpne frister som heldagshendelser i en iCalendar-fil (.ics). "
                    "Hendelsene har journalnummer, hva som forfaller, hjemmel og dato – aldri "
                    "navn eller fødselsnummer. Samme frist får samme UID, så en ny import "
                    "oppdaterer hendelsen.")
    cal.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                     help="databasefil eller postgresql://-adresse")
    cal.add_argument("--ut", type=str, required=True, metavar="FIL",
                     help="kalenderfilen som skal skrives (.ics; uten endelse legges .ics til); "
                          "en mappe gir filen standardnavnet i den mappen")
    cal.add_argument("--saksbehandler", metavar="NAVN",
                     help="bare denne saksbehandlerens frister (en saksbehandler får alltid "
                          "bare sine egne; en leder uten valget får alle)")
    cal.add_argument("--dager", type=_days, metavar="N",
                     help="bare frister som forfaller innen N dager (forfalte tas med)")
    cal.add_argument("--dato", type=_date, help="dagens dato (åååå-mm-dd), standard i dag")
    cal.set_defaults(run=_guarded(run_calendar))


def run_calendar(args: argparse.Namespace) -> int:
    """Write the calendar file; one summary line."""
    if not Path(args.ut).expanduser().is_dir():  # checked before signing in (WorkbookError)
        calendar_path(args.ut, args.saksbehandler, None)
    today = args.dato or date.today()
    reg = signed_in(args, today=lambda: today)
    try:
        result = export_calendar(reg, args.ut, saksbehandler=args.saksbehandler,
                                 days=args.dager, source="kommandolinje")
    finally:
        reg.close()
    whose = result.saksbehandler or "alle saksbehandlere"
    within = f" som forfaller innen {args.dager} dager" if args.dager is not None else ""
    print(f"{result.events} åpne frister{within} for {whose} per {fmt(today)} skrevet til "
          f"{result.path}.")
    return 0
