"""``python main.py flytt --fra … --til …``: move a register between a file and a server.

The work is the application layer's (``service.transfer``); this module is the arguments and
the sign-ins: the source as a Fristvakt person (leder or systemansvarlig), the target as the
database's owner (a server) or with the new file's password.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from cli.commands import CommandError, _guarded, credentials, on_server
from service import sign_in
from service.register import Register
from service.shared import sign_in_shared
from service.shared_login import check_address
from service.transfer import move_register, target_name
from storage.pg import is_url

#: The target's password in a scheduled or scripted move (the server owner's, or the new file's).
ENV_TARGET_PASSWORD = "FRISTVAKT_MAL_PASSORD"


def add_transfer_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``flytt`` on the command line's subparsers."""
    move = sub.add_parser(
        "flytt", help="flytt registeret mellom en fil og en databaseserver (begge veier)",
        description="Kopier hele registeret – saker, frister, innstillinger, brukere og "
                    "revisjonsloggen – til et nytt, tomt register. Hash-kjeden kontrolleres i "
                    "begge ender. Til en server logger du inn som eieren av databasen (IT); "
                    "til en ny fil velger du passordet ditt for filen.")
    move.add_argument("--fra", required=True, metavar="KILDE",
                      help="registerfilen eller postgresql://bruker@server/database")
    move.add_argument("--til", required=True, metavar="MÅL",
                      help="postgresql://eier@server/database (tom) eller en ny fil")
    move.set_defaults(run=_guarded(run_move))


def _password(prompt: str, variable: str) -> str:
    value = os.environ.get(variable)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise CommandError(f"Passord mangler: sett {variable}, eller kjør kommandoen i en "
                           "terminal")
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise CommandError("Avbrutt") from None


def _source(text: str) -> Register:
    if is_url(text):
        try:
            url = check_address(text)
        except ValueError as error:
            raise CommandError(str(error)) from None
        return on_server(url, lambda password: sign_in_shared(url, password))
    path = Path(text).expanduser()
    if not path.exists():
        raise CommandError(f"Fant ikke registeret {path}")
    user, password = credentials()
    return sign_in(path, user, password, daily_backup=False)


def run_move(args: argparse.Namespace) -> int:
    """Move the register; a summary of what went and who needs access."""
    target: str | Path = args.til if is_url(args.til) else Path(args.til).expanduser()
    if not is_url(args.til) and Path(target).exists():
        raise CommandError(f"Filen {target} finnes allerede; velg et nytt filnavn")
    source = _source(args.fra)
    try:
        prompt = ("Passord for eieren av databasen: " if is_url(args.til)
                  else "Nytt passord for filen: ")
        moved = move_register(source, target,
                              target_password=_password(prompt, ENV_TARGET_PASSWORD) or None)
    finally:
        source.close()
    print(f"Registeret er flyttet til {target_name(target)}: "
          f"{moved.rows.get('saker', 0)} saker, {moved.rows.get('frister', 0)} frister, "
          f"{moved.target_chain.rows} rader i revisjonsloggen (kjeden er intakt i begge ender).")
    if moved.without_login:
        print("Disse brukerne har ingen databasebruker på serveren ennå (be IT opprette dem): "
              + ", ".join(moved.without_login))
    if moved.without_password:
        print("Disse brukerne trenger nytt passord i den nye filen (Innstillinger → Brukere): "
              + ", ".join(moved.without_password))
    return 0
