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
from typing import TypeVar

from cli.table import format_table
from core.access import Role
from core.dates import fmt, parse_norwegian_date
from core.deadlines import Deadline, Status
from core.demo import (
    FIRST_DAY,
    FIRST_TODAY,
    LAST_TODAY,
    MAX_CHILDREN_PER_YEAR,
    DemoArgumentError,
    check_arguments,
)
from core.params import FORSKRIFT, LOKAL, LOV, RETNINGSLINJE, VERIFY
from core.rules import RULES_BY_ID, Rule, rule_label
from service import (
    USER_ERRORS,
    Register,
    create_demo_register,
    milestones,
    restore_register,
    sign_in,
)
from service.opening import DEMO_PASSWORD, DEMO_USER, recover_access
from service.samples import add_demo_samples
from service.shared import create_shared_register, sign_in_shared
from service.shared_login import check_address, saved_password
from storage.db import default_db_path
from storage.errors import NotEncryptedError, unreadable_page
from storage.pg import (
    WrongServerPassword,
    describe,
    is_url,
    open_shared,
    user_of,
    with_user,
)
from storage.users import User

ENV_USER = "FRISTVAKT_BRUKER"
ENV_PASSWORD = "FRISTVAKT_PASSORD"
#: The register to use when ``--db`` is not given: a file, or a ``postgresql://`` address.
ENV_DB = "FRISTVAKT_DB"

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


def register_argument(text: str) -> Path | str:
    """``--db``: a register file, or the address of a shared register (kept as text)."""
    return text if is_url(text) else Path(text)


def _children_per_year(text: str) -> int:
    number = _positive(text)
    if number > MAX_CHILDREN_PER_YEAR:
        raise argparse.ArgumentTypeError(f"høyst {MAX_CHILDREN_PER_YEAR} barn per år (fire "
                                         f"ganger Oslo), ikke {number}")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``main.py``: no command starts the GUI."""
    parser = NorwegianArgumentParser(
        prog="python main.py", description="Fristvakt – frister i barnevernet.")
    parser.add_argument("--db", type=register_argument,
                        help=f"databasefil eller postgresql://bruker@server/database (standard: "
                             f"{ENV_DB}, ellers en fil i brukerens datamappe)")
    parser.set_defaults(run=None)  # no command: main.py starts the desktop app
    sub = parser.add_subparsers(title="kommandoer", metavar="KOMMANDO",
                                parser_class=NorwegianArgumentParser)

    frister = sub.add_parser("frister", help="vis åpne frister sortert etter frist")
    frister.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                         help="databasefil eller postgresql://-adresse")
    frister.add_argument("--dato", type=_date, help="dagens dato (åååå-mm-dd), standard i dag")
    frister.add_argument("--saksbehandler", metavar="NAVN",
                         help="bare denne saksbehandlerens saker")
    frister.add_argument("--status", choices=("forfalt", "snart", "alle"), default="alle")
    frister.add_argument("--json", action="store_true", help="skriv JSON i stedet for tabell")
    frister.set_defaults(run=_guarded(run_frister))

    demo = sub.add_parser("demo", help="lag en syntetisk demokommune i en ny database")
    demo.add_argument("--db", type=register_argument, required=True, help="ny databasefil")
    demo.add_argument("--barn", type=_children_per_year, default=120,
                      help=f"barn per år, 1–{MAX_CHILDREN_PER_YEAR} (standard 120)")
    demo.add_argument("--ar", type=_positive, default=4,
                      help=f"år med historikk (standard 4); ingen historikk før "
                           f"{fmt(FIRST_DAY)}, da kodelistene begynner")
    demo.add_argument("--seed", type=int, default=1, help="frø for tilfeldig data (standard 1)")
    demo.add_argument("--dato", type=_date,
                      help=f"dagens dato (åååå-mm-dd) mellom {fmt(FIRST_TODAY)} og "
                           f"{fmt(LAST_TODAY)}, standard i dag")
    demo.set_defaults(run=_guarded(run_demo))

    recompute = sub.add_parser("omberegn", help="beregn alle frister på nytt")
    recompute.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                           help="databasefil eller postgresql://-adresse")
    recompute.set_defaults(run=_guarded(run_recompute))

    audit = sub.add_parser("revisjon", help="kontroller revisjonsloggen (hash-kjeden)")
    audit.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                       help="databasefil eller postgresql://-adresse")
    audit.add_argument("--verifiser", action="store_true", required=True,
                       help="gå gjennom hele kjeden; exit 0 når den er intakt, 1 når den er brutt")
    audit.set_defaults(run=_guarded(run_verify_audit))

    backup = sub.add_parser("sikkerhetskopi", help="ta en kryptert sikkerhetskopi nå")
    backup.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                        help="databasefil (et delt register tas kopi av hos IT)")
    backup.add_argument("--ut", type=Path, metavar="FIL",
                        help="skriv kopien hit (standard: registerets mappe for sikkerhetskopier)")
    backup.set_defaults(run=_guarded(run_backup))

    recover = sub.add_parser("nytt-passord",
                             help="gi en leder nytt passord med gjenopprettingsnøkkelen")
    recover.add_argument("bruker", metavar="BRUKERNAVN", help="lederens brukernavn")
    recover.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                         help="databasefil")
    recover.set_defaults(run=_guarded(run_recover))

    restore = sub.add_parser("gjenopprett", help="erstatt registeret med en sikkerhetskopi")
    restore.add_argument("fil", type=Path, metavar="FIL", help="sikkerhetskopien")
    restore.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                         help="databasefil")
    restore.set_defaults(run=_guarded(run_restore))

    shared = sub.add_parser(
        "opprett-delt", help="opprett et delt register på PostgreSQL (for IT)",
        description="Lager registerets tabeller og rettigheter i en tom database. Kjøres som "
                    "eieren av databasen (se README: «Delt register på PostgreSQL»).")
    shared.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                        metavar="ADRESSE", help="postgresql://eier@server/database (tom)")
    shared.add_argument("--leder", required=True, metavar="BRUKERNAVN",
                        help="den første lederens databasebruker (må finnes på serveren)")
    shared.add_argument("--navn", required=True, help="lederens fulle navn")
    shared.set_defaults(run=_guarded(run_create_shared))

    upgrade = sub.add_parser(
        "oppgrader-delt", help="oppgrader et delt register til denne versjonen (for IT)",
        description="Bringer tabellene og rettighetene i et delt register opp til denne "
                    "versjonen av Fristvakt. Kjøres som eieren av databasen.")
    upgrade.add_argument("--db", type=register_argument, default=argparse.SUPPRESS,
                         metavar="ADRESSE", help="postgresql://eier@server/database")
    upgrade.set_defaults(run=_guarded(run_upgrade_shared))

    from cli.calendar_command import add_calendar_parser
    from cli.control_command import add_control_parser  # both build on this module's helpers
    from cli.report_command import add_report_parser
    from cli.ssb_command import add_ssb_parsers
    from cli.transfer_command import add_transfer_parser

    add_report_parser(sub)
    add_calendar_parser(sub)
    add_control_parser(sub)
    add_ssb_parsers(sub)
    add_transfer_parser(sub)
    return parser


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn expected failures into one Norwegian line and an exit code."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except (CommandError, *USER_ERRORS) as error:
            print(f"Feil: {error}", file=sys.stderr)
            return EXIT_FAILED
        except MemoryError:  # SQLCipher refusing a damaged page outside a guarded use case
            print(f"Feil: {unreadable_page()}", file=sys.stderr)
            return EXIT_FAILED
        except KeyboardInterrupt:
            print("Avbrutt.", file=sys.stderr)
            return 130
        except BrokenPipeError:  # output piped into e.g. `head`, which closed early
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0

    return run


#: What a file-only command says for the address of a shared register (one sentence).
FILE_ONLY = {
    "sikkerhetskopi": "Et delt register tas sikkerhetskopi av på databaseserveren av IT (med "
                      "pg_dump); «sikkerhetskopi» gjelder bare et register i en fil.",
    "gjenopprett": "Et delt register gjenopprettes på databaseserveren av IT; «gjenopprett» "
                   "gjelder bare et register i en fil.",
    "nytt-passord": "I et delt register er passordet det du logger inn på databaseserveren med, "
                    "og det endrer IT; «nytt-passord» gjelder bare et register i en fil.",
    "demo": "Demokommunen lages bare i en ny fil (--db FIL); et delt register opprettes med "
            "«opprett-delt», og en demofil kan flyttes dit med «flytt».",
}
#: What ``sign_in_shared`` takes of ``signed_in``'s options (the rest are about a file).
SHARED_OPTIONS = ("today", "local_rules", "progress")

T = TypeVar("T")


def given_register(args: argparse.Namespace) -> Path | str | None:
    """The register asked for: ``--db``, else ``FRISTVAKT_DB`` (a file or an address); None
    when neither is given."""
    given = getattr(args, "db", None)
    if given is None:
        text = os.environ.get(ENV_DB, "").strip()
        given = register_argument(text) if text else None
    return given  # type: ignore[no-any-return]


def register_target(args: argparse.Namespace) -> Path | str:
    """The register a command works on: a file that exists (the user's own by default), or
    the address of a shared register, for the role ``FRISTVAKT_BRUKER`` when the address
    names none."""
    given = given_register(args)
    if isinstance(given, str):
        try:
            url = check_address(given)
        except ValueError as error:
            raise CommandError(str(error)) from None
        user = os.environ.get(ENV_USER, "").strip()
        return with_user(url, user) if user and not user_of(url) else url
    path = Path(given or default_db_path())
    if not path.exists():
        hint = "" if given else \
            " Start appen med «python main.py» eller lag en demo med «demo»."
        raise CommandError(f"Fant ikke registeret {path}.{hint}")
    return path


def _register_path(args: argparse.Namespace, command: str = "") -> Path:
    """The register file of a command that only makes sense for a file."""
    if isinstance(given_register(args), str):
        raise CommandError(FILE_ONLY.get(command, "Dette gjelder bare et register i en fil."))
    target = register_target(args)
    assert isinstance(target, Path)
    return target


def credentials() -> tuple[str, str]:
    """User name and password: from FRISTVAKT_BRUKER/FRISTVAKT_PASSORD (scheduled jobs), else
    asked for on the terminal."""
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    if user and password is not None:
        return user, password
    if not sys.stdin.isatty():
        raise CommandError(f"Innlogging mangler: sett {ENV_USER} og {ENV_PASSWORD}, eller kjør "
                           "kommandoen i en terminal")
    try:
        user = user or input("Brukernavn: ").strip()
        password = getpass.getpass("Passord: ")
    except EOFError:
        raise CommandError("Innlogging avbrutt") from None
    return user, password


def on_server(url: str, work: Callable[[str | None], T]) -> T:
    """``work(password)`` against the database server of ``url`` (the role is the address's).

    The password is ``FRISTVAKT_PASSORD`` when set, else the one saved in the system keyring
    for the address and role (the desktop app's «Husk passordet i nøkkelringen»). Without
    either, the server is asked without a password first (it may need none: peer, Kerberos,
    ``.pgpass``), as psql does; when it refuses, the password is asked for on the terminal, and
    without a terminal the command stops with one Norwegian sentence. A password is never
    printed, logged or put into a message.
    """
    password = os.environ.get(ENV_PASSWORD)
    from_keyring = password is None
    if password is None:
        password = saved_password(url)
    if password is not None:
        try:
            return work(password)
        except WrongServerPassword as error:
            if not from_keyring:
                raise
            raise CommandError(f"{error}: passordet som er lagret i nøkkelringen, stemmer ikke. "
                               f"Koble til i appen og lagre det nye, eller sett {ENV_PASSWORD}"
                               ) from None
    try:
        return work(None)
    except WrongServerPassword as error:
        if not sys.stdin.isatty():
            raise CommandError(f"{error}. Uten terminal må passordet komme fra {ENV_PASSWORD} "
                               "eller nøkkelringen (i appen: «Husk passordet i nøkkelringen»)"
                               ) from None
    role = user_of(url)
    try:
        typed = getpass.getpass(f"Passord for {role or 'deg'} ({describe(url)}): ")
    except EOFError:
        raise CommandError("Innlogging avbrutt") from None
    return work(typed)


def signed_in(args: argparse.Namespace, **options: object) -> Register:
    """Sign in to the register of ``--db`` or ``FRISTVAKT_DB`` (or the user's own) as the
    command line's user: a file with FRISTVAKT_BRUKER's password, a shared register as the
    role its address names (``on_server``)."""
    target = register_target(args)
    if isinstance(target, str):
        url = target
        kept = {k: v for k, v in options.items() if k in SHARED_OPTIONS}
        return on_server(url, lambda password: sign_in_shared(
            url, password, **kept))  # type: ignore[arg-type]
    path = target
    user, password = credentials()
    try:
        return sign_in(path, user, password, **options)  # type: ignore[arg-type]
    except NotEncryptedError:
        raise CommandError(f"Registeret {path} er ikke kryptert ennå. Åpne det i appen "
                           "(python main.py) for å kryptere det.") from None


def run_frister(args: argparse.Namespace) -> int:
    """Print open deadlines as a table or JSON."""
    reg = signed_in(args)
    try:
        today = args.dato or date.today()
        if args.saksbehandler and args.saksbehandler not in {c.navn for c in reg.caseworkers()}:
            raise CommandError(f"Ukjent saksbehandler «{args.saksbehandler}»")
        rows = reg.open_deadlines(today, status=args.status, saksbehandler=args.saksbehandler)
        reg.log_listing(f"frister status={args.status}", len(rows))
        local = milestones.local_rules(reg)
    finally:
        reg.close()

    def what(d: Deadline) -> str:
        rule = local.get(d.rule_id)
        return f"{rule.label} (intern frist)" if rule else rule_label(d.rule_id)

    if args.json:
        print(json.dumps([{
            "status": r.status.value, "status_tekst": r.status.label,
            "frist": r.deadline.frist.isoformat(),
            "dager_igjen": r.days_left, "regel": r.deadline.rule_id,
            "hva": what(r.deadline), "intern_frist": r.deadline.lokal,
            **_legal_basis(r.deadline, local),
            "journalnummer": r.journalnummer, "navn": r.navn, "saksbehandler": r.saksbehandler,
            "forklaring": r.deadline.forklaring,
        } for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(f"Ingen åpne frister ({args.status}) per {fmt(today)}.")
        return 0
    print(format_table(
        ["Status", "Frist", "Dager", "Hva", "Barn", "Saksbehandler"],
        [[r.status.label, fmt(r.deadline.frist), _days(r.days_left), what(r.deadline),
          f"{r.navn} ({r.journalnummer})", r.saksbehandler] for r in rows]))
    overdue = sum(1 for r in rows if r.status.value == "forfalt")
    print(f"\n{len(rows)} åpne frister, {overdue} forfalt, per {fmt(today)}.")
    return 0


#: A rule's legal footing (``Rule.status``) as the JSON output names it.
LEGAL_STATUS = {LOV: "lov", FORSKRIFT: "forskrift", RETNINGSLINJE: "retningslinje",
                VERIFY: "standardverdi", LOKAL: "lokal praksis"}


def _legal_basis(deadline: Deadline, local: dict[str, Rule]) -> dict[str, str | None]:
    """«hjemmel» and «hjemmel_status» of the deadline's rule, in the catalogue (``core.rules``)
    or among the service's own milestones; a rule no longer there has neither."""
    rule = RULES_BY_ID.get(deadline.rule_id) or local.get(deadline.rule_id)
    if rule is None:
        return {"hjemmel": None, "hjemmel_status": None}
    return {"hjemmel": rule.hjemmel, "hjemmel_status": LEGAL_STATUS.get(rule.status)}


def _days(days_left: int) -> str:
    if days_left < 0:
        return f"{-days_left} over"
    return "i dag" if days_left == 0 else f"{days_left} igjen"


def run_demo(args: argparse.Namespace) -> int:
    """Write a synthetic municipality into a new, encrypted register (user demo/demo).

    The arguments are checked against the demo's limits (``core.demo.check_arguments``) before
    any file is made."""
    today = args.dato or date.today()
    try:
        check_arguments(today=today, children_per_year=args.barn, years=args.ar)
    except DemoArgumentError as error:
        print(f"Feil: argument --{error.argument}: {error}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(args.db, str):
        raise CommandError(FILE_ONLY["demo"])
    if Path(args.db).exists():
        raise CommandError(f"Filen {args.db} finnes allerede; velg en ny fil for demoen")
    reg = create_demo_register(Path(args.db), today, children_per_year=args.barn, years=args.ar,
                               seed=args.seed)
    try:
        add_demo_samples(reg)
        stats = reg.stats()
        legal, internal_counts = reg.count_open_by_kind(today)
    finally:
        reg.close()
    overdue, internal = legal[Status.FORFALT], internal_counts[Status.FORFALT]
    print(f"Demokommune skrevet til {args.db}: {stats.get('saker', 0)} barn, "
          f"{stats.get('meldinger', 0)} meldinger, {stats.get('frister', 0)} frister "
          f"({overdue} lovfrister og {internal} interne frister forfalt per {fmt(today)}). "
          f"Logg inn med brukernavn «{DEMO_USER}» og passord «{DEMO_PASSWORD}».")
    return 0


def run_recompute(args: argparse.Namespace) -> int:
    """Recompute every stored deadline (after a parameter change or an upgrade)."""
    reg = signed_in(args)
    try:
        count = reg.recompute_all()
    finally:
        reg.close()
    print(f"Beregnet {count} frister på nytt.")
    return 0


def run_verify_audit(args: argparse.Namespace) -> int:
    """Walk the audit log's hash chain: exit 0 when intact, 1 when broken."""
    reg = signed_in(args, daily_backup=False)
    try:
        chain = reg.verify_audit()
    finally:
        reg.close()
    print(chain.message(), file=sys.stdout if chain.ok else sys.stderr)
    return 0 if chain.ok else EXIT_FAILED


def run_backup(args: argparse.Namespace) -> int:
    """Take a backup now (a register in a file: IT backs up a shared one)."""
    _register_path(args, "sikkerhetskopi")
    reg = signed_in(args, daily_backup=False)
    try:
        made = reg.backup(args.ut.expanduser() if args.ut else None)
    finally:
        reg.close()
    print(f"Sikkerhetskopi skrevet til {made}.")
    return 0


def run_recover(args: argparse.Namespace) -> int:
    """Every password lost: the recovery key gives a leader a new password."""
    path = _register_path(args, "nytt-passord")
    if not sys.stdin.isatty():
        raise CommandError("Kjør kommandoen i en terminal: gjenopprettingsnøkkelen og det nye "
                           "passordet skrives inn der")
    code = getpass.getpass("Gjenopprettingsnøkkel: ")
    first = getpass.getpass("Nytt passord: ")
    if getpass.getpass("Gjenta nytt passord: ") != first:
        raise CommandError("Passordene er ikke like")
    recover_access(path, code, args.bruker, first)
    print(f"{args.bruker} har fått nytt passord og kan logge inn.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Replace the register with a verified backup; the replaced file is kept."""
    given = given_register(args)
    if isinstance(given, str):
        raise CommandError(FILE_ONLY["gjenopprett"])
    path = Path(given or default_db_path())
    user, password = credentials()
    done = restore_register(path, args.fil, user, password)
    kept = f" Det gamle registeret er tatt vare på som {done.kept}." if done.kept else ""
    print(f"Registeret er gjenopprettet fra {done.backup.name} (revisjonsloggen er kontrollert, "
          f"{done.rows} rader).{kept}")
    return 0


def _owner_address(args: argparse.Namespace, command: str) -> str:
    """The address of ``--db`` (or FRISTVAKT_DB) for one of IT's commands on a server."""
    given = given_register(args)
    if not isinstance(given, str):
        raise CommandError(f"{command} trenger adressen til databasen: "
                           "--db postgresql://eier@server/database")
    try:
        return check_address(given)
    except ValueError as error:
        raise CommandError(str(error)) from None


def run_create_shared(args: argparse.Namespace) -> int:
    """IT's command: make the register in an empty database as its owner, with the first
    leader (an existing login role)."""
    url = _owner_address(args, "opprett-delt")
    leader = User(args.leder.strip(), args.navn.strip(), Role.LEDER)
    if not leader.brukernavn or not leader.navn:
        raise CommandError("Oppgi lederens databasebruker (--leder) og navn (--navn)")
    on_server(url, lambda password: create_shared_register(url, leader, password))
    print(f"Det delte registeret {describe(url)} er opprettet med {leader.navn} "
          f"({leader.brukernavn}) som leder. Hver person trenger en egen databasebruker i "
          "rollen fristvakt_bruker; lederen legger dem til under Innstillinger → Brukere.")
    return 0


def run_upgrade_shared(args: argparse.Namespace) -> int:
    """IT's command: bring a shared register's tables and grants up to this version (as the
    owner; people who open it before that are told to contact IT)."""
    url = _owner_address(args, "oppgrader-delt")
    on_server(url, lambda password: open_shared(url, password).close())
    print(f"Registeret {describe(url)} er oppdatert til denne versjonen av Fristvakt.")
    return 0
