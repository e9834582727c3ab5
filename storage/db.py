"""Opening a register file: what kind of file it is, the key, pragmas, migrations, transactions.

A register is an SQLCipher file (encrypted with the key from ``storage.keyslots``).
``open_database`` refuses files that are empty, not Fristvakt registers, damaged or from a newer
program, opens a file it may not write read-only, and never initialises over an existing file.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

import platformdirs
import sqlite_utils

from core.sorting import norwegian_cmp
from storage import driver
from storage.errors import NotEncryptedError, StorageError, sql_error
from storage.files import create_private, make_private, private_dir
from storage.migrations import APPLICATION_ID, LATEST_VERSION, migrate, schema_version

log = logging.getLogger(__name__)

#: How long a write waits for another program's lock before it gives up with a message.
BUSY_TIMEOUT_S = 3.0

FileKind = Literal["missing", "empty", "plain", "encrypted"]
BeforeMigration = Callable[[Any, int], None]


def default_data_dir() -> Path:
    """The per-user data folder ``<user data dir>/Fristvakt`` (not created here)."""
    return Path(platformdirs.user_data_dir("Fristvakt", appauthor=False))


def default_db_path() -> Path:
    """The per-user register file: ``<user data dir>/Fristvakt/fristvakt.db``."""
    return default_data_dir() / "fristvakt.db"


def file_kind(path: Path) -> FileKind:
    """What is at ``path``: nothing, an empty file, an unencrypted SQLite file, or anything
    else (an encrypted register looks like random bytes from the first byte on)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(driver.PLAIN_HEADER))
    except FileNotFoundError:
        return "missing"
    except OSError as e:
        raise StorageError(f"Kan ikke lese filen «{path.name}»: {e.strerror or 'ingen tilgang'}"
                           ) from None
    if not head:
        return "empty"
    return "plain" if head == driver.PLAIN_HEADER else "encrypted"


def sidecar_files(path: Path) -> tuple[Path, Path]:
    """The -wal and -shm files SQLite keeps beside ``path``."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def open_database(path: str | Path, key: bytes | None = None, *, create: bool = False,
                  readonly: bool = False, verify: bool = True,
                  before_migration: BeforeMigration | None = None) -> sqlite_utils.Database:
    """Open a register and bring its schema up to date.

    ``key`` is the register's data key (None only for an unencrypted file: tests of the schema
    and the conversion of an old register). ``create`` makes a new register where no file is;
    an existing file is never initialised over. A file this user may not write (or
    ``readonly``) is opened read-only (``is_readonly``). ``before_migration(conn, version)``
    runs before an existing file is upgraded (the caller's backup). ``verify=False`` skips
    SQLite's quick check (a second connection to a register just checked). Raises ``StorageError``
    with a Norwegian sentence for every failure. The connection is in autocommit mode; write
    through ``transaction(db)``.
    """
    path = Path(path)
    kind = file_kind(path)
    if kind == "missing":
        if not create:
            raise StorageError(f"Fant ikke registeret «{path.name}»")
        _create_file(path)
    elif kind == "empty":
        raise StorageError(f"Filen «{path.name}» er tom (0 byte) og er ikke et Fristvakt-register. "
                           "Kanskje en kopiering feilet? Gjenopprett fra sikkerhetskopi.")
    elif kind == "plain" and key is not None:
        raise NotEncryptedError(f"Registeret «{path.name}» er ikke kryptert")
    elif kind == "encrypted" and key is None:
        raise _not_ours(path)
    readonly = readonly or not _writable(path)
    try:
        if readonly:
            conn = driver.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True,
                                  timeout=BUSY_TIMEOUT_S)
        else:
            conn = driver.connect(str(path), timeout=BUSY_TIMEOUT_S)
    except driver.Error as e:
        raise sql_error(e, path.name) from None
    try:
        if key is not None:
            driver.set_key(conn, key)
        version = _check_file(conn, path, fresh=kind == "missing", verify=verify)
        conn.execute("PRAGMA foreign_keys = ON")
        if readonly:
            if version < LATEST_VERSION:
                raise StorageError(f"Registeret «{path.name}» er skrivebeskyttet og må "
                                   "oppgraderes før det kan brukes i denne versjonen")
            conn.execute("PRAGMA query_only = ON")
        else:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if 0 < version < LATEST_VERSION and before_migration is not None:
                before_migration(conn, version)
            if migrate(conn):
                log.info("Registeret er oppgradert; fristene beregnes på nytt")
            for extra in (path, *sidecar_files(path)):
                make_private(extra)
    except StorageError:
        conn.close()
        raise
    except driver.Error as e:
        conn.close()
        raise sql_error(e, path.name, encrypted=key is not None) from None
    prepare_connection(conn)
    return sqlite_utils.Database(conn, execute_plugins=False)


def is_readonly(db: sqlite_utils.Database) -> bool:
    """True for a register opened read-only."""
    return bool(db.conn.execute("PRAGMA query_only").fetchone()[0])


def _create_file(path: Path) -> None:
    try:
        if path.parent == default_data_dir() or not path.parent.exists():
            private_dir(path.parent)
        create_private(path)
    except OSError as e:
        raise StorageError(f"Kan ikke lage registeret «{path.name}»: "
                           f"{e.strerror or 'mappen er ikke tilgjengelig'}") from None


def _writable(path: Path) -> bool:
    """Whether this user may write the file and create its -wal/-shm beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _check_file(conn: Any, path: Path, *, fresh: bool, verify: bool = True) -> int:
    """Integrity check and identity of the file; returns its schema version."""
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")] if verify else ["ok"]
    if problems != ["ok"]:
        log.error("quick_check fant %d problem(er) i registeret", len(problems))
        raise StorageError(f"Registeret «{path.name}» er skadet (integritetskontrollen "
                           "feilet). Gjenopprett fra sikkerhetskopi.")
    version = schema_version(conn)
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if version == 0:
        if not fresh:
            raise _not_ours(path)
    elif app_id != APPLICATION_ID:
        raise _not_ours(path)
    elif version > LATEST_VERSION:
        raise StorageError(f"Registeret «{path.name}» er laget av en nyere versjon av Fristvakt "
                           f"(versjon {version}, dette programmet kjenner til {LATEST_VERSION}). "
                           "Oppdater programmet.")
    return version


def _not_ours(path: Path) -> StorageError:
    return StorageError(f"Filen «{path.name}» er ikke et Fristvakt-register")


# --- connection helpers ---------------------------------------------------------------------------

def _fold(text: str | None) -> str | None:
    return text.casefold() if isinstance(text, str) else text


def prepare_connection(conn: Any) -> None:
    """Register ``fold(text)`` (Unicode case folding) and the ``norsk`` collation. Idempotent."""
    conn.create_function("fold", 1, _fold, deterministic=True)
    conn.create_collation("norsk", norwegian_cmp)


def batched(conn: Any) -> AbstractContextManager[Any]:
    """A block whose statements go to a server together and are answered together (several
    independent reads: one round trip). SQLite runs them one by one as always."""
    pipeline = getattr(conn, "pipeline", None)  # storage.pg.PgConnection
    return pipeline() if pipeline is not None else nullcontext()


def ids_written(conn: Any, tables: Iterable[str]) -> None:
    """Rows were inserted with their own ids: on PostgreSQL each table's id sequence moves past
    them (SQLite's next rowid follows the largest id by itself)."""
    sync = getattr(conn, "sync_identities", None)  # storage.pg.PgConnection
    if sync is not None:
        sync(tables)


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One write transaction (``BEGIN IMMEDIATE``); nested use becomes a savepoint.

    Any exception rolls back everything done inside the block.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except driver.OperationalError as e:
        raise sql_error(e) from None
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
