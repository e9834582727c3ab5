"""Getting into a register: create one, sign in, convert an old unencrypted one, restore a backup.

Sign-in unlocks the register with the person's key slot, then checks the person in the register
itself (active, argon2id hash). Failed tries are queued in the key-slot file while the register is
locked and moved into the audit log at the next successful sign-in. After sign-in the audit chain
is verified and, once a day, a backup is taken and the rotation applied.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import sqlite_utils

from core.access import Role
from core.demo import generate_municipality
from core.local_rules import MOSS_EXAMPLES
from core.rules import Rule
from service.errors import AccessDenied
from service.register import Register, check_password_rules, local_now
from storage import audit, backup, driver, keyslots, milestones
from storage import users as U
from storage.db import (
    default_data_dir,
    file_kind,
    is_readonly,
    open_database,
    sidecar_files,
    transaction,
)
from storage.dialect import TABLES
from storage.errors import BusyError, NotEncryptedError, StorageError
from storage.files import fsync_dir, make_private, private_dir
from storage.keyslots import KeySlots, WrongPassword, queue_event
from storage.migrations import LATEST_VERSION
from storage.records import Caseworker
from storage.repository import Repository
from storage.users import User

log = logging.getLogger(__name__)

State = Literal["missing", "empty", "plain", "encrypted"]
Progress = Callable[[int, int], None]

DEMO_USER = "demo"
DEMO_PASSWORD = "demo"
PLAIN_COPY_SUFFIX = ".ukryptert-kopi"


def register_state(path: Path) -> State:
    """What is at ``path``: nothing, an empty file, an old unencrypted register (or another
    SQLite file), or an encrypted file."""
    return file_kind(Path(path))


def connect(path: Path, key: bytes | None, *, readonly: bool = False, verify: bool = True,
            before_migration: Callable[[Any, int], None] | None = None
            ) -> sqlite_utils.Database:
    """Open the register's file with its key (the schema brought up to date)."""
    if path.parent == default_data_dir():
        private_dir(path.parent)
    return open_database(path, key, readonly=readonly, verify=verify,
                         before_migration=before_migration)


# --- a new register -------------------------------------------------------------------------------


def create_register(path: Path, leader: User, password: str, *,
                    today: Callable[[], date] = date.today,
                    local_rules: Iterable[Rule] = ()) -> Register:
    """A new, empty, encrypted register whose first person is ``leader`` (role leder)."""
    path = Path(path)
    if leader.rolle != Role.LEDER:
        raise ValueError("Den første brukeren må være leder")
    check_password_rules(password)
    if register_state(path) != "missing":
        raise StorageError(f"Filen «{path.name}» finnes allerede; velg et annet navn")
    key = keyslots.new_data_key()
    slots = KeySlots()
    slots.wrap(leader.brukernavn, password, key)
    try:
        db = open_database(path, key, create=True)
        try:
            with transaction(db):
                if leader.saksbehandler:
                    db.conn.execute("INSERT INTO saksbehandlere (navn, er_leder) VALUES (?, 1) "
                                    "ON CONFLICT (navn) DO NOTHING", (leader.saksbehandler,))
                U.insert(db.conn, leader, password, local_now())
                audit.append(db.conn, leader.brukernavn, "register_opprettet", when=local_now())
                slots.save(path)
        except BaseException:
            db.close()
            raise
    except BaseException:
        backup.remove_quietly(path, *sidecar_files(path), keyslots.sidecar_path(path))
        raise
    repo = Repository(db, leader.brukernavn, today=today, local_rules=local_rules)
    reg = Register(repo, path, leader, key)
    reg.chain = audit.verify(db.conn)
    return reg


# --- signing in -----------------------------------------------------------------------------------


def sign_in(path: Path, brukernavn: str, password: str, *,
            today: Callable[[], date] = date.today, local_rules: Iterable[Rule] = (),
            progress: Progress | None = None, daily_backup: bool = True,
            readonly: bool = False, check_integrity: bool = True) -> Register:
    """Unlock ``path`` with ``brukernavn``'s password and return the open register.

    Raises WrongPassword (logged) for a wrong name or password, NotEncryptedError for an old
    unencrypted register (``convert_register``) and StorageError for every other problem.
    ``check_integrity=False`` leaves SQLite's quick check of the whole file to the caller
    (``Register.check_integrity``: the desktop app runs it once the window is up).
    """
    path = Path(path)
    state = register_state(path)
    if state == "plain":
        raise NotEncryptedError(f"Registeret «{path.name}» er ikke kryptert")
    if state == "missing":
        raise StorageError(f"Fant ikke registeret «{path.name}»")
    if state == "empty":
        open_database(path)  # raises the message for an empty file
    if not KeySlots.exists(path):
        raise StorageError(f"Filen «{path.name}» er ikke et Fristvakt-register, eller "
                           f"nøkkelfilen «{keyslots.sidecar_path(path).name}» som hører til det "
                           "mangler (den ligger i sikkerhetskopien)")
    slots = KeySlots.load(path)
    try:
        if brukernavn == keyslots.RECOVERY_SLOT:
            raise WrongPassword()
        key = slots.unwrap(brukernavn, password)
    except WrongPassword:
        _note_failure(path, slots, brukernavn)
        raise
    db = connect(path, key, readonly=readonly, verify=check_integrity,
                 before_migration=lambda conn, version: _backup_before(conn, key, path, version))
    try:
        conn = db.conn
        user = U.find(conn, brukernavn)
        if user is None or not user.aktiv or not U.check_password(conn, brukernavn, password):
            if not is_readonly(db):
                with transaction(db):
                    audit.append(conn, brukernavn, "innlogging_feilet", when=local_now(),
                                 detaljer={"grunn": "bruker ukjent, deaktivert eller passord "
                                                    "endret"})
            raise WrongPassword()
        repo = Repository(db, brukernavn, today=today, local_rules=local_rules,
                          refresh=not is_readonly(db), progress=progress)
    except BaseException:
        db.close()
        raise
    reg = Register(repo, path, user, key)
    try:
        _after_sign_in(reg, slots, db, today(), daily_backup)
    except BaseException:
        reg.close()
        raise
    return reg


def _note_failure(path: Path, slots: KeySlots, brukernavn: str) -> None:
    log.info("Mislykket innlogging")
    try:
        fresh = KeySlots.load(path)
        fresh.note_failure(brukernavn, local_now())
        fresh.save(path)
    except (StorageError, OSError):
        log.warning("Kunne ikke notere mislykket innlogging i nøkkelfilen")


def _after_sign_in(reg: Register, slots: KeySlots, db: sqlite_utils.Database, today: date,
                   daily_backup: bool) -> None:
    """Move queued failures into the log, record the sign-in, verify the chain, back up."""
    conn = db.conn
    path = reg.file
    reg.chain = audit.verify(conn)
    if reg.readonly:
        return
    try:
        with transaction(db):
            fresh = KeySlots.load(path)
            events = fresh.take_events()
            for e in events:
                audit.append(conn, e.bruker, e.handling, sak_id=e.sak_id, when=e.tid,
                             detaljer={**e.detaljer, "fra_ko": True})
            audit.append(conn, reg.user.brukernavn, "innlogget", when=local_now(),
                         detaljer={"logg_intakt": reg.chain.ok})
            if events:
                fresh.save(path)
    except BusyError:  # another program writes right now: the sign-in row waits in the queue
        queue_event(path, reg.user.brukernavn, "innlogget", None,
                    {"logg_intakt": reg.chain.ok}, local_now())
    if not reg.chain.ok:
        log.error("Revisjonsloggen er brutt ved rad %s", reg.chain.broken_at)
    _finish_conversion(path, conn)
    if daily_backup:
        reg.daily_backup(today)


def _backup_before(conn: Any, key: bytes, path: Path, version: int) -> None:
    target = backup.make_backup(conn, key, path, "oppgradering", local_now())
    log.info("Sikkerhetskopi før oppgradering fra versjon %d: %s", version, target.name)


def recover_access(path: Path, code: str, brukernavn: str, new_password: str) -> None:
    """When every password is lost: the printed recovery key unlocks the register, and the
    named leder or systemansvarlig gets ``new_password`` (new hash, new key slot; logged)."""
    path = Path(path)
    check_password_rules(new_password)
    slots = KeySlots.load(path)
    try:
        key = slots.unwrap(keyslots.RECOVERY_SLOT, keyslots.normalise_recovery_code(code))
    except WrongPassword:
        _note_failure(path, slots, keyslots.RECOVERY_SLOT)
        raise StorageError("Gjenopprettingsnøkkelen stemmer ikke for dette registeret") from None
    db = connect(path, key)
    try:
        person = U.find(db.conn, brukernavn)
        if person is None or person.rolle == Role.SAKSBEHANDLER:
            raise StorageError("Gjenopprettingsnøkkelen kan bare gi en leder eller "
                               "systemansvarlig nytt passord")
        with transaction(db):
            U.set_password(db.conn, brukernavn, new_password, local_now())
            if not person.aktiv:
                U.update(db.conn, User(person.brukernavn, person.navn, person.rolle,
                                       person.saksbehandler, True))
            audit.append(db.conn, brukernavn, "passord_tilbakestilt", objekt=brukernavn,
                         when=local_now(), detaljer={"med": "gjenopprettingsnokkel"})
            fresh = KeySlots.load(path)
            fresh.wrap(brukernavn, new_password, key)
            fresh.save(path)
    finally:
        db.close()


# --- converting an old unencrypted register -------------------------------------------------------


@dataclass(frozen=True)
class Conversion:
    """A finished conversion: the open register and the rows it holds per table."""

    register: Register
    counts: dict[str, int]


def plain_copy_path(path: Path) -> Path:
    return path.with_name(path.name + PLAIN_COPY_SUFFIX)


def convert_register(path: Path, brukernavn: str, password: str, *, navn: str = "",
                     today: Callable[[], date] = date.today,
                     local_rules: Iterable[Rule] = (),
                     crash_hook: Callable[[str], None] | None = None) -> Conversion:
    """Encrypt an old unencrypted register in place, after the person agreed.

    A verified unencrypted copy is kept beside it until the encrypted file is in place and
    checked; the original is replaced in one rename, so an interruption at any point leaves
    either the old file or the complete new one. If the register has no people yet, the one
    converting becomes its first leader; otherwise they must be a leder or systemansvarlig of it.
    ``crash_hook(stage)`` is for tests that kill the process between the steps.
    """
    path = Path(path)
    hook = crash_hook or (lambda stage: None)
    if register_state(path) != "plain":
        raise StorageError(f"Registeret «{path.name}» er ikke et ukryptert Fristvakt-register")
    check_password_rules(password)
    work = path.with_name(f".{path.name}.krypterer")
    copy = plain_copy_path(path)
    backup.remove_quietly(work)
    plain = open_database(path)  # migrates the old schema first (the copy below is the backup)
    try:
        conn = plain.conn
        _plain_copy(conn, copy)
        hook("kopi")
        existing = U.all_users(conn)
        if existing:
            person = U.find(conn, brukernavn)
            if person is None or not U.check_password(conn, brukernavn, password) \
                    or person.rolle == Role.SAKSBEHANDLER:
                raise WrongPassword()
            leader = person
        else:
            leader = User(brukernavn, navn.strip() or brukernavn, Role.LEDER)
        counts = _table_counts(conn)
        key = keyslots.new_data_key()
        conn.execute("ATTACH DATABASE ? AS kryptert KEY \"x'" + key.hex() + "'\"", (str(work),))
        try:
            conn.execute("SELECT sqlcipher_export('kryptert')")
            for pragma in ("user_version", "application_id"):
                value = int(conn.execute(f"PRAGMA main.{pragma}").fetchone()[0])
                conn.execute(f"PRAGMA kryptert.{pragma} = {value}")
        finally:
            conn.execute("DETACH DATABASE kryptert")
        make_private(work)
        hook("kryptert")
        enc = open_database(work, key)
        try:
            if _table_counts(enc.conn) != counts:
                raise StorageError("Kontrollen av det krypterte registeret feilet; "
                                   "det ukrypterte registeret er urørt")
            with transaction(enc):
                if not existing:
                    U.insert(enc.conn, leader, password, local_now())
                audit.append(enc.conn, brukernavn, "register_kryptert", when=local_now(),
                             detaljer={"saker": counts.get("saker", 0)})
            enc.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            enc.close()
        hook("kontrollert")
        slots = KeySlots()
        slots.wrap(leader.brukernavn, password, key)
        slots.save(path)
        hook("nokler")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        plain.close()
    wal, shm = sidecar_files(path)
    if wal.exists() and wal.stat().st_size > 0:
        backup.remove_quietly(work)
        raise StorageError(f"Registeret «{path.name}» er åpent i et annet program; lukk det og "
                           "prøv igjen")
    backup.remove_quietly(wal, shm, *sidecar_files(work))
    os.replace(work, path)
    fsync_dir(path.parent)
    hook("byttet")
    reg = sign_in(path, brukernavn, password, today=today, local_rules=local_rules,
                  daily_backup=False)
    reg.backup(kind="konvertering")
    return Conversion(reg, counts)


def _plain_copy(conn: Any, copy: Path) -> None:
    """The verified unencrypted copy kept while converting."""
    backup.remove_quietly(copy)
    dest = driver.connect(str(copy))
    try:
        conn.backup(dest)
        if dest.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StorageError("Kopien av registeret kunne ikke kontrolleres; ingenting er endret")
    finally:
        dest.close()
    make_private(copy)


def _table_counts(conn: Any) -> dict[str, int]:
    names = [r[0] for r in conn.execute(TABLES)]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def _finish_conversion(path: Path, conn: Any) -> None:
    """Remove the unencrypted copy once the encrypted register holds at least its rows."""
    copy = plain_copy_path(path)
    if not copy.exists():
        return
    try:
        old = driver.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            before = _table_counts(old)
        finally:
            old.close()
        now = _table_counts(conn)
    except driver.Error:
        log.warning("Den ukrypterte kopien kunne ikke leses; den blir liggende")
        return
    if all(now.get(t, -1) >= n for t, n in before.items()):
        _shred(copy)
        log.info("Konverteringen er kontrollert; den ukrypterte kopien er slettet")


def _shred(path: Path) -> None:
    """Overwrite with zeros, then delete (best effort: SSDs may keep old blocks)."""
    with contextlib.suppress(OSError):
        size = path.stat().st_size
        with open(path, "r+b") as handle:
            handle.write(b"\0" * size)
            handle.flush()
            os.fsync(handle.fileno())
    backup.remove_quietly(path, *sidecar_files(path))


# --- the demo municipality ------------------------------------------------------------------------


def create_demo_register(path: Path, today: date, *, children_per_year: int = 120,
                         years: int = 4, seed: int = 1) -> Register:
    """A synthetic municipality in a new register, signed in as ``demo``/``demo`` (leder)."""
    path = Path(path)
    leader = User(DEMO_USER, "Demobruker", Role.LEDER)
    key = keyslots.new_data_key()
    if register_state(path) != "missing":
        raise StorageError(f"Filen «{path.name}» finnes allerede; velg en ny fil for demoen")
    slots = KeySlots()
    slots.wrap(DEMO_USER, DEMO_PASSWORD, key)
    db = open_database(path, key, create=True)
    try:
        repo = Repository(db, DEMO_USER, today=lambda: today)
        reg = Register(repo, path, leader, key)
        with transaction(db):
            U.insert(db.conn, leader, DEMO_PASSWORD, local_now())
            audit.append(db.conn, DEMO_USER, "register_opprettet", when=local_now(),
                         detaljer={"demo": True})
            slots.save(path)
        fill_demo(reg, today, children_per_year=children_per_year, years=years, seed=seed)
    except BaseException:
        db.close()
        backup.remove_quietly(path, *sidecar_files(path), keyslots.sidecar_path(path))
        raise
    reg.chain = audit.verify(db.conn)
    return reg


def fill_demo(reg: Register, today: date, *, children_per_year: int = 120, years: int = 4,
              seed: int = 1) -> None:
    """Fill an empty register with a synthetic municipality: its caseworkers and cases, and
    Moss' interne frister (in one transaction)."""
    town = generate_municipality(today=today, children_per_year=children_per_year,
                                 years=years, seed=seed)
    db = reg.repository_for_report().db
    with transaction(db):
        for spec in MOSS_EXAMPLES:  # Moss' interne frister, computed by the import below
            milestones.write_version(db.conn, spec, True, reg.user.brukernavn, local_now())
        reg.import_cases(town.cases, [Caseworker(c.navn, c.team, True, c.er_leder)
                                      for c in town.caseworkers])


# --- restoring a backup ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    """A finished restore: where the replaced register was kept, and the backup's chain."""

    kept: Path | None
    rows: int
    backup: Path


def restore_register(path: Path, source: Path, brukernavn: str, password: str) -> Restored:
    """Replace the register at ``path`` with the backup ``source``, after verifying it.

    The person signs in against the backup itself (key from the register's key file, or the
    backup's own copy if the register's is gone) and must be a leder or systemansvarlig there.
    The backup must pass SQLite's integrity check and the audit-chain check before anything is
    replaced; the replaced register is kept beside it as ``<name>.erstattet-<time>``.
    """
    path, source = Path(path), Path(source)
    if not source.is_file():
        raise StorageError(f"Fant ikke sikkerhetskopien «{source.name}»")
    if file_kind(source) != "encrypted":
        raise StorageError(f"«{source.name}» er ikke en kryptert sikkerhetskopi av et register")
    slot_file = path if KeySlots.exists(path) else source
    slots = KeySlots.load(slot_file)
    try:
        key = slots.unwrap(brukernavn, password)
    except WrongPassword:
        if slot_file is path:
            _note_failure(path, slots, brukernavn)
        raise
    work = backup.copy_for_restore(source, path)
    try:
        db = open_database(work, key)
        try:
            conn = db.conn
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StorageError(f"Sikkerhetskopien «{source.name}» er skadet; ingenting er "
                                   "endret")
            chain = audit.verify(conn)
            if not chain.ok:
                raise StorageError(f"Sikkerhetskopien «{source.name}» har brutt revisjonslogg "
                                   f"(rad {chain.broken_at}); ingenting er endret")
            # The people, their passwords and roles are the register's as it is now (its key
            # file holds their current slots); only if it no longer opens, the backup's.
            current = _current_users(path, key)
            rows = current if current is not None else U.export_rows(conn)
            person = next((r for r in rows if r[0] == brukernavn), None)
            if person is None or not person[5] or not U.matches(person[4], password):
                raise WrongPassword()
            if person[2] == Role.SAKSBEHANDLER.value:
                raise AccessDenied("Bare en leder eller systemansvarlig kan gjenopprette fra "
                                   "sikkerhetskopi")
            with transaction(db):
                if current is not None:
                    U.replace_all(conn, current)
                audit.append(conn, brukernavn, "gjenopprettet", when=local_now(),
                             detaljer={"fra": source.name, "versjon": LATEST_VERSION})
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            restored_rows = chain.rows + 1
        finally:
            db.close()
        kept = _keep_replaced(path)
        backup.remove_quietly(*sidecar_files(work))
        os.replace(work, path)
        fsync_dir(path.parent)
        if current is None:  # the backup's people: their slots come with them
            KeySlots.load(source).save(path)
    except BaseException:
        backup.remove_quietly(work, *sidecar_files(work))
        raise
    return Restored(kept, restored_rows, source)


def _current_users(path: Path, key: bytes) -> list[tuple[Any, ...]] | None:
    """The people of the register at ``path`` as stored, or None if it does not open."""
    try:
        db = open_database(path, key, verify=False)
    except StorageError:
        return None
    try:
        return U.export_rows(db.conn)
    except driver.Error:
        return None
    finally:
        db.close()


def _keep_replaced(path: Path) -> Path | None:
    """Move the current register aside (``<name>.erstattet-<time>``) before a restore."""
    if not path.exists():
        return None
    wal, shm = sidecar_files(path)
    if wal.exists() and wal.stat().st_size > 0:
        raise StorageError(f"Registeret «{path.name}» er åpent i Fristvakt eller et annet program; "
                           "lukk det før du gjenoppretter")
    kept = path.with_name(f"{path.name}.erstattet-{local_now():%Y%m%d-%H%M%S}")
    try:
        os.replace(path, kept)
    except OSError as e:
        raise StorageError(f"Kan ikke flytte det gamle registeret: "
                           f"{e.strerror or 'ingen tilgang'}") from None
    backup.remove_quietly(wal, shm)
    make_private(kept)
    return kept
