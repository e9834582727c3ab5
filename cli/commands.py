"""The command line: argument parsing in Norwegian and the headless commands.

Every failure the user can cause ends as one Norwegian line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cli.table import format_table
from core.dates import fmt, parse_norwegian_date
from core.demo import generate_municipality
from core.rules import rule_label
from storage.db import StorageError, default_db_path, open_database
from storage.repository import Caseworker, Repository

EXIT_USAGE = 2
EXIT_FAILED = 1


class CommandError(Exception):
    """A user-facing failure: the message is shown as one line."""


class NorwegianArgumentParser(argparse.ArgumentParser):
    """argparse with its few user-facing error phrases in Norwegian."""

    PHRASES = (
        ("the following arguments are required", "mangler påkrevd argument"),
        ("unrecognized arguments", "ukjente argumenter"),
        ("invalid choice", "ugyldig valg"),
        ("choose from", "velg blant"),
        ("expected one argument", "mangler verdi"),
        ("argument ", "argument "),
    )

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, norwegian in self.PHRASES:
            message = message.replace(english, norwegian)
        self.exit(EXIT_USAGE, f"Feil: {message}\n")


def _date(text: str) -> date:
    try:
        return parse_norwegian_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"«{text}» må være et positivt heltall")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``main.py``: no command starts the GUI."""
    parser = NorwegianArgumentParser(
        prog="python main.py", description="Fristvakt – frister i barnevernet.")
    parser.add_argument("--db", type=Path, help="databasefil (standard: i brukerens datamappe)")
    parser.set_defaults(run=_guarded(run_gui))
    sub = parser.add_subparsers(title="kommandoer", metavar="KOMMANDO",
                                parser_class=NorwegianArgumentParser)

    frister = sub.add_parser("frister", help="vis åpne frister sortert etter frist")
    frister.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="databasefil")
    frister.add_argument("--dato", type=_date, help="dagens dato (åååå-mm-dd), standard i dag")
    frister.add_argument("--saksbehandler", metavar="NAVN", help="bare denne saksbehandlerens saker")
    frister.add_argument("--status", choices=("forfalt", "snart", "alle"), default="alle")
    frister.add_argument("--json", action="store_true", help="skriv JSON i stedet for tabell")
    frister.set_defaults(run=_guarded(run_frister))

    demo = sub.add_parser("demo", help="lag en syntetisk demokommune i en ny database")
    demo.add_argument("--db", type=Path, required=True, help="ny databasefil")
    demo.add_argument("--barn", type=_positive, default=120, help="barn per år (standard 120)")
    demo.add_argument("--ar", type=_positive, default=4, help="år med historikk (standard 4)")
    demo.add_argument("--seed", type=int, default=1, help="frø for tilfeldig data (standard 1)")
    demo.add_argument("--dato", type=_date, help="dagens dato (åååå-mm-dd), standard i dag")
    demo.set_defaults(run=_guarded(run_demo))

    recompute = sub.add_parser("omberegn", help="beregn alle frister på nytt")
    recompute.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="databasefil")
    recompute.set_defaults(run=_guarded(run_recompute))

    from cli.report_command import add_report_parser  # it builds on this module's helpers

    add_report_parser(sub)
    return parser


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn expected failures into one Norwegian line and an exit code."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except (CommandError, StorageError) as error:
            print(f"Feil: {error}", file=sys.stderr)
            return EXIT_FAILED
        except KeyboardInterrupt:
            print("Avbrutt.", file=sys.stderr)
            return 130
        except BrokenPipeError:  # output piped into e.g. `head`, which closed early
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0

    return run


def _existing_repository(args: argparse.Namespace) -> Repository:
    path = args.db or default_db_path()
    if not Path(path).exists():
        hint = "" if args.db else " Start appen med «python main.py» eller lag en demo med «demo»."
        raise CommandError(f"Fant ikke databasen {path}.{hint}")
    return Repository(open_database(path), getpass.getuser())


def run_gui(args: argparse.Namespace) -> int:
    """Start the desktop app."""
    from ui.app import run_app  # Qt is loaded only for the GUI

    return run_app(args.db or default_db_path())


def run_frister(args: argparse.Namespace) -> int:
    """Print open deadlines as a table or JSON."""
    repo = _existing_repository(args)
    today = args.dato or date.today()
    if args.saksbehandler and args.saksbehandler not in {c.navn for c in repo.caseworkers()}:
        raise CommandError(f"Ukjent saksbehandler «{args.saksbehandler}»")
    rows = repo.open_deadlines(today, status=args.status, saksbehandler=args.saksbehandler)
    if args.json:
        print(json.dumps([{
            "status": r.status.value, "frist": r.deadline.frist.isoformat(),
            "dager_igjen": r.days_left, "regel": r.deadline.rule_id,
            "hva": rule_label(r.deadline.rule_id),
            "journalnummer": r.journalnummer, "navn": r.navn, "saksbehandler": r.saksbehandler,
            "forklaring": r.deadline.forklaring,
        } for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(f"Ingen åpne frister ({args.status}) per {fmt(today)}.")
        return 0
    print(format_table(
        ["Status", "Frist", "Dager", "Hva", "Barn", "Saksbehandler"],
        [[r.status.label, fmt(r.deadline.frist), _days(r.days_left),
          rule_label(r.deadline.rule_id),
          f"{r.navn} ({r.journalnummer})", r.saksbehandler] for r in rows]))
    overdue = sum(1 for r in rows if r.status.value == "forfalt")
    print(f"\n{len(rows)} åpne frister, {overdue} forfalt, per {fmt(today)}.")
    return 0


def _days(days_left: int) -> str:
    if days_left < 0:
        return f"{-days_left} over"
    return "i dag" if days_left == 0 else f"{days_left} igjen"


def run_demo(args: argparse.Namespace) -> int:
    """Write a synthetic municipality into a new database."""
    today = args.dato or date.today()
    repo = Repository(open_database(args.db), getpass.getuser())
    if repo.stats().get("saker", 0):
        raise CommandError(f"Databasen {args.db} inneholder allerede saker; velg en ny fil")
    town = generate_municipality(today=today, children_per_year=args.barn, years=args.ar,
                                 seed=args.seed)
    workers = [Caseworker(navn=c.navn, team=c.team, aktiv=True, er_leder=c.er_leder)
               for c in town.caseworkers]
    repo.import_cases(town.cases, workers)
    stats = repo.stats()
    counts = repo.count_open(today)
    overdue = sum(n for status, n in counts.items() if status.value == "forfalt")
    print(f"Demokommune skrevet til {args.db}: {stats.get('saker', 0)} barn, "
          f"{stats.get('meldinger', 0)} meldinger, {stats.get('frister', 0)} frister "
          f"({overdue} forfalt per {fmt(today)}).")
    return 0


def run_recompute(args: argparse.Namespace) -> int:
    """Recompute every stored deadline (after a parameter change or an upgrade)."""
    repo = _existing_repository(args)
    count = repo.recompute_all()
    print(f"Beregnet {count} frister på nytt.")
    return 0
