"""A shared register on PostgreSQL (psycopg 3 with a connection pool).

``PgConnection`` speaks to the server the way SQLite's connection speaks to a file, so the whole
storage layer (queries, migrations, transactions, the audit log) is the same code on both: each
statement is translated by ``storage.dialect``; psycopg's errors become the driver's exception
classes with SQLite's wording (``storage.errors`` words them in Norwegian) and never carry the
server's message text, which can quote the values of a row.

Connections come from one small pool per address and person, created the first time that
person connects; closing a connection gives it back to the pool.
"""

from __future__ import annotations

import atexit
import logging
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import psycopg
import sqlite_utils
from psycopg import errors as pg_errors
from psycopg.adapt import Dumper
from psycopg.pq import TransactionStatus
from psycopg.types.numeric import NumericLoader
from psycopg.types.string import StrDumper
from psycopg_pool import ConnectionPool, PoolTimeout

from storage import dialect, driver, pg_schema
from storage.errors import StorageError
from storage.migrations import LATEST_VERSION, migrate

log = logging.getLogger(__name__)

#: How long a write waits for another person's write before it gives up (SQLite's busy timeout).
LOCK_TIMEOUT_MS = 3000
#: Seconds to reach the server before giving up.
CONNECT_TIMEOUT_S = 10
POOL_MAX = 4

SCHEMES = ("postgresql://", "postgres://")


def is_url(target: object) -> bool:
    """Whether ``target`` names a PostgreSQL register (a ``postgresql://`` address)."""
    return isinstance(target, str) and target.startswith(SCHEMES)


def describe(url: str) -> str:
    """«database på server» for messages and titles (never the password)."""
    parts = urlsplit(url)
    database = unquote(parts.path.lstrip("/")) or "postgres"
    host = parts.hostname or "lokal server"
    return f"«{database}» på {host}"


def user_of(url: str) -> str:
    """The role named in the address ('' when the address names none)."""
    return unquote(urlsplit(url).username or "")


def with_user(url: str, user: str) -> str:
    """``url`` for the role ``user`` (any password in the address is dropped)."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, f"{quote(user, safe='')}@{host}", parts.path, parts.query,
                       parts.fragment))


# --- types: what SQLite gives back, from the server -----------------------------------------------

class _TextDateDumper(StrDumper):
    """Dates go as ISO text (the columns are TEXT, as on SQLite)."""

    def dump(self, obj: Any) -> bytes:
        return str(obj.isoformat()).encode()


class _IntBoolDumper(Dumper):
    """True/False as 1/0 (INTEGER flag columns, as SQLite stores them)."""

    oid = 0

    def dump(self, obj: Any) -> bytes:
        return b"1" if obj else b"0"


class _PlainNumericLoader(NumericLoader):
    """SUM over integers is NUMERIC on the server: whole numbers come back as int (as from
    SQLite), others as float."""

    def load(self, data: Any) -> Any:
        value = super().load(data)
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return value


def _configure(raw: psycopg.Connection) -> None:
    raw.adapters.register_dumper(str, StrDumper)
    raw.adapters.register_dumper(date, _TextDateDumper)
    raw.adapters.register_dumper(datetime, _TextDateDumper)
    raw.adapters.register_dumper(bool, _IntBoolDumper)
    raw.adapters.register_loader("numeric", _PlainNumericLoader)
    raw.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
    raw.execute("SET application_name = 'Fristvakt'")


# --- errors ---------------------------------------------------------------------------------------

class ServerError(driver.OperationalError):
    """A failure on the server: ``kind`` is busy, refused, lost or failed (``storage.errors``)."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(text)
        self.kind = kind
        if kind == "busy":
            self.sqlite_errorcode = driver.SQLITE_BUSY

    def __reduce__(self) -> tuple[Any, ...]:
        # Picklable with both arguments: one raised in a worker process reaches its parent
        # (multiprocessing's result thread dies on an exception it cannot rebuild: a hang).
        return (type(self), (self.kind, str(self)))


_KEY_COLUMNS = re.compile(r"Key \((?P<columns>[^)]*)\)=")


def _translated(error: psycopg.Error) -> Exception:
    """The driver exception for a server error, with SQLite's wording and no row values."""
    diag = error.diag
    table = diag.table_name or ""
    if isinstance(error, pg_errors.UniqueViolation):
        found = _KEY_COLUMNS.match(diag.message_detail or "")
        columns = [c.strip() for c in found["columns"].split(",")] if found else []
        return driver.IntegrityError("UNIQUE constraint failed: "
                                     + ", ".join(f"{table}.{c}" for c in columns))
    if isinstance(error, pg_errors.CheckViolation):
        return driver.IntegrityError(f"CHECK constraint failed: {diag.constraint_name or ''}")
    if isinstance(error, pg_errors.NotNullViolation):
        return driver.IntegrityError(f"NOT NULL constraint failed: {table}.{diag.column_name}")
    if isinstance(error, pg_errors.ForeignKeyViolation):
        return driver.IntegrityError("FOREIGN KEY constraint failed")
    if isinstance(error, pg_errors.IntegrityError):
        return driver.IntegrityError("constraint failed")
    if isinstance(error, (pg_errors.LockNotAvailable, pg_errors.SerializationFailure,
                          pg_errors.DeadlockDetected, pg_errors.QueryCanceled)):
        return ServerError("busy", "database is locked")
    if isinstance(error, pg_errors.InsufficientPrivilege):
        return ServerError("refused", "permission denied")
    if isinstance(error, pg_errors.ReadOnlySqlTransaction):
        return driver.OperationalError("attempt to write a readonly database")
    if isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError)):
        return ServerError("lost", "server connection lost")
    sqlstate = error.sqlstate or ""
    # Syntax and schema errors name identifiers only; data errors (class 22) can quote a value.
    primary = diag.message_primary if sqlstate[:2] in ("42", "0A") else ""
    return ServerError("failed", f"server error {sqlstate} {primary}".strip())


# --- the connection -------------------------------------------------------------------------------

class PgConnection:
    """A pooled psycopg connection with the SQLite connection's interface (autocommit; write
    with explicit ``BEGIN IMMEDIATE`` … ``COMMIT`` as on SQLite)."""

    dialect = "postgresql"

    def __init__(self, raw: psycopg.Connection, pool: ConnectionPool | None, url: str,
                 key: tuple[str, str] | None = None) -> None:
        self._raw = raw
        self._pool = pool
        self._key = key
        self._closed = False
        self.url = url

    @property
    def raw(self) -> psycopg.Connection:
        return self._raw

    @property
    def in_transaction(self) -> bool:
        return self._raw.info.transaction_status in (TransactionStatus.INTRANS,
                                                     TransactionStatus.INERROR,
                                                     TransactionStatus.ACTIVE)

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """Run one statement (SQLite's dialect) and return its cursor."""
        cursor = None
        statements = dialect.postgres(sql)
        try:
            for statement in statements:
                cursor = self._raw.execute(statement, params)
        except psycopg.Error as e:
            if statements[0].startswith("BEGIN") and self.in_transaction:
                # ``BEGIN IMMEDIATE`` that could not take the write lock: as on SQLite, no
                # transaction is left open (an aborted one would refuse every later statement)
                self._rollback_quietly()
            raise _translated(e) from None
        return cursor

    def _rollback_quietly(self) -> None:
        try:
            self._raw.execute("ROLLBACK")
        except psycopg.Error:
            pass

    def executemany(self, sql: str, rows: Iterable[Sequence[Any] | dict[str, Any]]) -> Any:
        statements = dialect.postgres(sql)
        if len(statements) != 1:
            raise dialect.UntranslatableSql("executemany med flere setninger")
        rows = list(rows)
        if not rows:
            return None
        try:
            with self._raw.cursor() as cursor:
                cursor.executemany(statements[0], rows)
                return cursor
        except psycopg.Error as e:
            raise _translated(e) from None

    @contextmanager
    def pipeline(self) -> Iterator[None]:
        """Statements in the block are sent together and answered at the first read
        (``storage.db.batched``)."""
        try:
            with self._raw.pipeline():
                yield
        except psycopg.Error as e:
            raise _translated(e) from None

    def sync_identities(self, tables: Iterable[str]) -> None:
        """Move each table's id sequence past the highest id written (after rows were inserted
        with their own ids: an import, a move of a register)."""
        for table in tables:
            self.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"GREATEST((SELECT max(id) FROM {table}), 1), "
                         f"(SELECT max(id) FROM {table}) IS NOT NULL)")

    def create_function(self, *args: Any, **kwargs: Any) -> None:
        """SQLite registers Python functions; the server has them (``storage.pg_schema``)."""

    def create_collation(self, *args: Any, **kwargs: Any) -> None:
        """The server's ICU collation ``nb-NO-x-icu`` stands for ``COLLATE norsk``."""

    def commit(self) -> None:
        if self.in_transaction:
            self.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.execute("ROLLBACK")

    def close(self) -> None:
        """Give the connection back to its pool (or close it); a second call does nothing."""
        if self._closed:
            return
        self._closed = True
        if self._pool is None or self._key is None:
            self._raw.close()
            return
        try:
            self._pool.putconn(self._raw)
        except (psycopg.Error, ValueError):
            self._raw.close()
        _given_back(self._key)


# --- connecting -----------------------------------------------------------------------------------

_pools: dict[tuple[str, str], ConnectionPool] = {}
_borrowed: dict[tuple[str, str], int] = {}  # connections out of each pool
_pools_lock = threading.Lock()


def connect(url: str, password: str | None = None) -> PgConnection:
    """A connection from the pool of ``url`` and this password's person.

    Raises StorageError with a Norwegian sentence when the server cannot be reached, the name
    or password is wrong, or the database does not exist.
    """
    key = (url, password or "")
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            _try(url, password)  # a clear message for a wrong password, before a pool waits
            pool = ConnectionPool(url, min_size=1, max_size=POOL_MAX, open=True,
                                  configure=_configure, name="fristvakt",
                                  kwargs=_kwargs(password))
            _pools[key] = pool
        _borrowed[key] = _borrowed.get(key, 0) + 1
    try:
        raw = pool.getconn(timeout=CONNECT_TIMEOUT_S)
    except PoolTimeout:
        _given_back(key)
        raise StorageError(f"Får ikke kontakt med registeret {describe(url)}: alle forbindelser "
                           "er i bruk, eller serveren svarer ikke") from None
    return PgConnection(raw, pool, url, key)


def _given_back(key: tuple[str, str]) -> None:
    """One connection less out of the pool; the last one closes the pool (the register was
    closed: no idle connections stay open on the server)."""
    with _pools_lock:
        _borrowed[key] -= 1
        if _borrowed[key] > 0:
            return
        del _borrowed[key]
        pool = _pools.pop(key)
    pool.close()


def _kwargs(password: str | None) -> dict[str, Any]:
    # Client-side binding: values go into the statement as literals, typed by their context as
    # SQLite types them (a server-side parameter of unknown type cannot stand alone, as in
    # ``? IS NULL``); psycopg quotes them.
    kwargs: dict[str, Any] = {"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S,
                              "prepare_threshold": 0}
    if password:
        kwargs["password"] = password
    return kwargs


def _try(url: str, password: str | None) -> None:
    """Connect once and close (a wrong password or address gets its own sentence at once)."""
    try:
        psycopg.connect(url, **_kwargs(password)).close()
    except psycopg.OperationalError as e:
        raise connect_error(url, e) from None


def connect_error(url: str, error: psycopg.Error) -> StorageError:
    """One Norwegian sentence for a failed connection (never the server's own text)."""
    where = describe(url)
    sqlstate = error.sqlstate or ""
    text = str(error)
    if (sqlstate in ("28P01", "28000") or "password" in text or "authentication" in text
            or 'role "' in text):
        return WrongServerPassword(f"Feil brukernavn eller passord for registeret {where}")
    if sqlstate == "3D000" or "does not exist" in text:
        return StorageError(f"Registeret {where} finnes ikke på serveren. Be IT opprette "
                            "databasen (se README: «Delt register på PostgreSQL»).")
    return StorageError(f"Får ikke kontakt med registeret {where}. Sjekk nettverket og "
                        "adressen, eller kontakt IT.")


class WrongServerPassword(StorageError):
    """The server refused the name or password."""


@atexit.register
def close_pools() -> None:
    """Close every pool (at exit, and in tests)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
        _borrowed.clear()
    for pool in pools:
        pool.close()


# --- opening a register ---------------------------------------------------------------------------

def open_shared(url: str, password: str | None = None, *, create: bool = False
                ) -> sqlite_utils.Database:
    """Open the shared register at ``url`` and bring its schema up to date.

    ``create`` makes the register in an empty database (its owner's job, as every upgrade is).
    Raises StorageError with a Norwegian sentence for every failure.
    """
    conn = connect(url, password)
    try:
        version = _schema_version(conn, url, create=create)
        if version > LATEST_VERSION:
            raise StorageError(f"Registeret {describe(url)} er laget av en nyere versjon av "
                               f"Fristvakt (versjon {version}, dette programmet kjenner til "
                               f"{LATEST_VERSION}). Oppdater programmet.")
        if version < LATEST_VERSION:
            _upgrade(conn, url)
    except BaseException:
        conn.close()
        raise
    # PgConnection has the interface sqlite_utils uses of sqlite3's connection
    return sqlite_utils.Database(conn, execute_plugins=False)  # type: ignore[arg-type]


def _one(cursor: psycopg.Cursor[Any]) -> tuple[Any, ...]:
    """The one row a query of the catalogue or of ``fristvakt_skjema`` gives."""
    row = cursor.fetchone()
    if row is None:
        raise StorageError("Uventet tomt svar fra databaseserveren")
    return tuple(row)


def _schema_version(conn: PgConnection, url: str, *, create: bool) -> int:
    raw = conn.raw
    if _one(raw.execute("SELECT to_regclass('fristvakt_skjema')"))[0] is None:
        if _one(raw.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
                            "n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                            "AND c.relkind = 'r'"))[0]:
            raise StorageError(f"Databasen {describe(url)} er ikke et Fristvakt-register")
        if not create:
            raise StorageError(f"Databasen {describe(url)} er tom: registeret er ikke opprettet "
                               "ennå (se README: «Delt register på PostgreSQL»)")
        _run_owner(conn, url, pg_schema.BOOTSTRAP, bootstrap=True)
    version, app_id = _one(raw.execute("SELECT versjon, applikasjon FROM fristvakt_skjema"))
    if app_id != pg_schema.APPLICATION_ID:
        raise StorageError(f"Databasen {describe(url)} er ikke et Fristvakt-register")
    return int(version)


def _upgrade(conn: PgConnection, url: str) -> None:
    """Run the migrations and renew the server-side part (as the owner of the database)."""
    try:
        if migrate(conn):
            log.info("Registeret er oppgradert; fristene beregnes på nytt")
    except ServerError as e:
        if e.kind == "refused":
            raise StorageError(f"Registeret {describe(url)} må oppgraderes til denne versjonen "
                               "av Fristvakt, og det kan bare eieren av databasen gjøre "
                               "(kontakt IT)") from None
        raise
    _run_owner(conn, url, pg_schema.SERVER_SIDE)


def _run_owner(conn: PgConnection, url: str, statements: Sequence[str], *,
               bootstrap: bool = False) -> None:
    """Run server-side statements in one transaction under the write lock."""
    raw = conn.raw
    try:
        with raw.transaction():
            raw.execute(f"SELECT pg_advisory_xact_lock({dialect.WRITE_LOCK_KEY})")
            if bootstrap and _one(raw.execute(
                    "SELECT to_regclass('fristvakt_skjema')"))[0] is not None:
                return  # another program made it meanwhile
            for statement in statements:
                raw.execute(statement)
    except pg_errors.InsufficientPrivilege:
        raise StorageError(f"Bare eieren av databasen kan opprette eller oppgradere registeret "
                           f"{describe(url)} (kontakt IT)") from None
    except psycopg.Error as e:
        raise _translated(e) from None


def role_exists(conn: Any, name: str) -> bool:
    """Whether the server knows the login role ``name`` (a person of a shared register)."""
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = ? AND rolcanlogin",
                        (name,)).fetchone() is not None
