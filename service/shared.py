"""Getting into a shared register on PostgreSQL: create it, sign in.

The person signs in with their own database role (the name and password municipal IT gave
them); the register's ``brukere`` table maps that role to a Fristvakt role (leder,
saksbehandler, systemansvarlig), as for a register in a file. A role without an active row
there gets no access, and the refusal is in the audit log. Creating and upgrading the register
is the database owner's job (IT), as are backups.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date

from core.access import Role
from core.rules import Rule
from service.errors import AccessDenied
from service.register import Register, Server, local_now
from storage import audit, driver
from storage import users as U
from storage.db import transaction
from storage.errors import sql_error
from storage.pg import describe, open_shared, role_exists
from storage.repository import Repository
from storage.users import User

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def create_shared_register(url: str, leader: User, password: str | None = None, *,
                           caseworker_team: str = "") -> None:
    """Make the register in the empty database at ``url`` (signed in as its owner, with
    ``password``), its first person ``leader`` (an existing login role, role leder)."""
    if leader.rolle != Role.LEDER:
        raise ValueError("Den første brukeren må være leder")
    db = open_shared(url, password, create=True)
    try:
        conn = db.conn
        if not role_exists(conn, leader.brukernavn):
            raise ValueError(f"Databasebrukeren «{leader.brukernavn}» finnes ikke på serveren")
        if U.all_users(conn):
            raise ValueError(f"Registeret {describe(url)} har allerede brukere")
        with transaction(db):
            if leader.saksbehandler:
                conn.execute("INSERT INTO saksbehandlere (navn, team, er_leder) VALUES (?, ?, 1) "
                             "ON CONFLICT (navn) DO NOTHING",
                             (leader.saksbehandler, caseworker_team))
            U.insert(conn, leader, None, local_now())
            audit.append(conn, "", "register_opprettet", objekt=leader.brukernavn)
    finally:
        db.close()


def sign_in_shared(url: str, password: str | None = None, *,
                   today: Callable[[], date] = date.today, local_rules: Iterable[Rule] = (),
                   progress: Progress | None = None) -> Register:
    """Sign in to the shared register at ``url`` (``_sign_in``); a failure of the server
    (busy, connection lost) becomes one Norwegian sentence."""
    try:
        return _sign_in(url, password, today=today, local_rules=local_rules, progress=progress)
    except driver.Error as e:
        raise sql_error(e) from None


def _sign_in(url: str, password: str | None, *, today: Callable[[], date],
             local_rules: Iterable[Rule], progress: Progress | None) -> Register:
    """Sign in to the shared register at ``url`` as the role the address names, with
    ``password`` (None: the server needs none, or it comes from the environment).

    Raises StorageError (wrong password, no server, not a register) or AccessDenied (the role
    is not a person of this register, or deactivated).
    """
    db = open_shared(url, password)
    try:
        conn = db.conn
        brukernavn = str(conn.execute("SELECT session_user").fetchone()[0])
        user = U.find(conn, brukernavn)
        if user is None or not user.aktiv:
            with transaction(db):
                audit.append(conn, brukernavn, "innlogging_feilet",
                             detaljer={"grunn": "databasebrukeren er ikke bruker i registeret"
                                       if user is None else "bruker deaktivert"})
            raise AccessDenied(f"Databasebrukeren «{brukernavn}» har ikke tilgang til "
                               f"registeret {describe(url)}. Be en leder legge deg til under "
                               "Innstillinger → Brukere.")
        repo = Repository(db, brukernavn, today=today, local_rules=local_rules,
                          progress=progress)
    except BaseException:
        db.close()
        raise
    reg = Register(repo, None, user, None, server=Server(url, password))
    try:
        reg.chain = audit.verify(conn)
        with transaction(db):
            audit.append(conn, brukernavn, "innlogget", detaljer={"logg_intakt": reg.chain.ok})
        if not reg.chain.ok:
            log.error("Revisjonsloggen er brutt ved rad %s", reg.chain.broken_at)
    except BaseException:
        reg.close()
        raise
    return reg
