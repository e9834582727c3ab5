"""Moving a register between a file and a shared server (``python main.py flytt``), either way.

The person signed in to the source must be allowed to take backups (leder, systemansvarlig): a
move copies everything. The source's audit chain must be intact; the move is logged in it, the
copy is made in one transaction on the target (nothing is left half-written if anything
fails), then the target's chain is verified and must continue the source's row for row.

* To a server: the target is an empty database and the mover signs in to it as its owner (IT).
  People keep their Fristvakt roles; on the server they sign in with their own database roles,
  so no password hash goes along, and people without a login role there are listed.
* To a file: a new encrypted register, whose key slot and password belong to the mover alone;
  the others get access when a leader gives them a new password (Innstillinger → Brukere).

The source is left as it was; its last audit row says where the register went.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from core.access import Action
from service.register import Register, check_password_rules, local_now
from storage import audit, backup, keyslots
from storage import users as U
from storage.audit import ChainCheck
from storage.db import file_kind, open_database, sidecar_files, transaction
from storage.errors import StorageError
from storage.keyslots import KeySlots
from storage.pg import describe, is_url, open_shared, role_exists
from storage.transfer import check_empty, copy_tables

log = logging.getLogger(__name__)

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Moved:
    """A finished move: rows per table, the chain on both sides, people to see to."""

    target: str
    rows: dict[str, int]
    source_chain: ChainCheck
    target_chain: ChainCheck
    without_login: tuple[str, ...] = ()  # (to a server) people with no login role there
    without_password: tuple[str, ...] = ()  # (to a file) people who need a new password


def target_name(target: str | Path) -> str:
    """The target for messages and the audit log (never a password)."""
    return describe(str(target)) if is_url(target) else f"«{Path(target).name}»"


def move_register(source: Register, target: str | Path, *, target_password: str | None = None,
                  progress: Progress | None = None) -> Moved:
    """Copy the register ``source`` is signed in to into ``target`` (an empty database on a
    server, signed in to as its owner with ``target_password``; or a new file, whose password
    for the mover is ``target_password``)."""
    source._require(Action.BACKUP)
    repo = source.repository_for_report()
    chain = source.verify_audit()
    if not chain.ok:
        raise StorageError("Revisjonsloggen i registeret som skal flyttes er brutt ("
                           f"{chain.message()}); registeret flyttes ikke")
    with transaction(repo.db):
        source.audit_in("register_flyttet_ut", objekt=target_name(target))
    if is_url(target):
        db = open_shared(str(target), target_password, create=True)
    else:
        if target_password is None:
            raise ValueError("Den nye filen trenger et passord")
        check_password_rules(target_password)
        db, key = _new_file(Path(target))
    try:
        with transaction(db):
            check_empty(db.conn)
            with repo.snapshot():
                rows = copy_tables(repo.db.conn, db.conn, progress)
            if is_url(target):
                without = _to_server(db.conn)
                missing: tuple[str, ...] = ()
            else:
                without = ()
                missing = _to_file(db.conn, Path(target), key, source, target_password or "")
            audit.append(db.conn, source.user.brukernavn, "register_flyttet_inn",
                         objekt=source.name, when=local_now(),
                         detaljer={"rader": sum(rows.values())})
        target_chain = audit.verify(db.conn)
        # fresh statistics for the query planner: a server's first plans are otherwise made
        # without any (a save measured four times slower until autovacuum came by)
        db.conn.execute("ANALYZE")
    except BaseException:
        db.close()
        if not is_url(target):
            path = Path(target)
            backup.remove_quietly(path, *sidecar_files(path), keyslots.sidecar_path(path))
        raise
    db.close()
    if not target_chain.ok or target_chain.rows != rows["revisjonslogg"] + 1:
        raise StorageError(f"Revisjonsloggen i {target_name(target)} er ikke lik kildens etter "
                           f"flyttingen ({target_chain.message()})")
    log.info("Registeret er flyttet (%d rader)", sum(rows.values()))
    return Moved(target_name(target), rows, chain, target_chain, without, missing)


def _new_file(path: Path) -> tuple[sqlite_utils.Database, bytes]:
    if file_kind(path) != "missing":
        raise StorageError(f"Filen «{path.name}» finnes allerede; velg et nytt filnavn")
    key = keyslots.new_data_key()
    return open_database(path, key, create=True), key


def _to_server(conn: Any) -> tuple[str, ...]:
    """People on a server sign in with their database roles: no hash goes along."""
    conn.execute("UPDATE brukere SET passord_hash = ''")
    return tuple(name for name, in conn.execute("SELECT brukernavn FROM brukere "
                                                "WHERE aktiv = 1 ORDER BY brukernavn")
                 if not role_exists(conn, name))


def _to_file(conn: Any, path: Path, key: bytes, source: Register, password: str
             ) -> tuple[str, ...]:
    """The mover's password and key slot in the new file; the others are listed."""
    me = source.user.brukernavn
    U.set_password(conn, me, password, local_now())
    slots = KeySlots()
    slots.wrap(me, password, key)
    slots.save(path)
    return tuple(name for name, in conn.execute(
        "SELECT brukernavn FROM brukere WHERE aktiv = 1 AND brukernavn <> ? ORDER BY brukernavn",
        (me,)))
