"""Opening the database file: checks, pragmas, migrations, and the transaction helper."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cmp_to_key
from pathlib import Path

import platformdirs
import sqlite_utils

from storage.errors import StorageError
from storage.migrations import APPLICATION_ID, LATEST_VERSION, migrate, schema_version

log = logging.getLogger(__name__)

# sqlite3 extended error codes (the exceptions carry them since Python 3.11).
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26
SQLITE_BUSY = 5
SQLITE_LOCKED = 6

BUSY_TIMEOUT_S = 10.0


def default_db_path() -> Path:
    """The per-user database file: ``<user data dir>/Fristvakt/fristvakt.db``."""
    return Path(platformdirs.user_data_dir("Fristvakt", appauthor=False)) / "fristvakt.db"


def open_database(path: str | Path, *, backup_before_migration: bool = True
                  ) -> sqlite_utils.Database:
    """Open (or create) a Fristvakt database and bring its schema up to date.

    Creates parent folders, refuses files that are not Fristvakt databases, damaged files and
    files from a newer program version (``StorageError``, Norwegian message), turns on WAL,
    foreign keys and ``synchronous=NORMAL``, and migrates. Before migrating an existing file it
    copies it to ``<name>.v<old version>.bak``. The connection is in autocommit mode; write
    through ``transaction(db)``.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    except (OSError, sqlite3.Error) as e:
        raise StorageError(f"Kan ikke åpne databasefilen «{path.name}»: mappen eller filen er "
                           "ikke tilgjengelig") from e
    try:
        version = _check_file(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        if 0 < version < LATEST_VERSION and backup_before_migration:
            _backup(conn, path.with_name(f"{path.name}.v{version}.bak"))
        if migrate(conn):
            log.info("Databasen er oppgradert; fristene beregnes på nytt")
    except StorageError:
        conn.close()
        raise
    except sqlite3.Error as e:
        conn.close()
        raise _open_error(e, path) from e
    prepare_connection(conn)
    return sqlite_utils.Database(conn, execute_plugins=False)


def _check_file(conn: sqlite3.Connection, path: Path) -> int:
    """Integrity check and identity of the file; returns its schema version."""
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        log.error("quick_check fant %d problem(er) i databasefilen", len(problems))
        raise StorageError(f"Databasefilen «{path.name}» er skadet (integritetskontrollen "
                           "feilet). Gjenopprett fra sikkerhetskopi.")
    version = schema_version(conn)
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if version == 0:
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise _not_ours(path)
    elif app_id != APPLICATION_ID:
        raise _not_ours(path)
    elif version > LATEST_VERSION:
        raise StorageError(f"Databasen «{path.name}» er laget av en nyere versjon av Fristvakt "
                           f"(versjon {version}, dette programmet kjenner til {LATEST_VERSION}). "
                           "Oppdater programmet.")
    return version


def _not_ours(path: Path) -> StorageError:
    return StorageError(f"Filen «{path.name}» er ikke en Fristvakt-database")


def _open_error(error: sqlite3.Error, path: Path) -> StorageError:
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == SQLITE_NOTADB:
        return _not_ours(path)
    if primary == SQLITE_CORRUPT:
        return StorageError(f"Databasefilen «{path.name}» er skadet. Gjenopprett fra "
                            "sikkerhetskopi.")
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StorageError(f"Databasen «{path.name}» er i bruk av et annet program. "
                            "Prøv igjen om litt.")
    return StorageError(f"Kan ikke åpne databasen «{path.name}» (feilkode {code})")


def _backup(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the whole database to ``target`` (online backup API)."""
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    log.info("Sikkerhetskopi tatt før oppgradering: %s", target.name)


# --- connection helpers ---------------------------------------------------------------------------

_NORWEGIAN = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def norwegian_key(text: str) -> str:
    """Sort key placing æ, ø, å after z, case-insensitively (Norwegian alphabetical order)."""
    return text.casefold().translate(_NORWEGIAN)


def _norwegian_cmp(a: str, b: str) -> int:
    ka, kb = norwegian_key(a), norwegian_key(b)
    return (ka > kb) - (ka < kb) or (a > b) - (a < b)


norwegian_sort_key = cmp_to_key(_norwegian_cmp)


def _fold(text: str | None) -> str | None:
    return text.casefold() if isinstance(text, str) else text


def prepare_connection(conn: sqlite3.Connection) -> None:
    """Register ``fold(text)`` (Unicode case folding) and the ``norsk`` collation. Idempotent."""
    conn.create_function("fold", 1, _fold, deterministic=True)
    conn.create_collation("norsk", _norwegian_cmp)


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
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
