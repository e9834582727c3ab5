"""The SQLite driver: SQLCipher (``sqlcipher3``), the one place that names it.

SQLCipher is SQLite with page-level AES encryption; without a key it reads and writes ordinary
SQLite files, so the same driver opens an old unencrypted register for its conversion. Every
other storage module imports the connection type and the exception classes from here.
"""

from __future__ import annotations

from typing import Any

from sqlcipher3 import dbapi2 as _sqlcipher

Connection = _sqlcipher.Connection
Error = _sqlcipher.Error
DatabaseError = _sqlcipher.DatabaseError
IntegrityError = _sqlcipher.IntegrityError
OperationalError = _sqlcipher.OperationalError

SQLITE_VERSION: str = _sqlcipher.sqlite_version

# Primary result codes (``error.sqlite_errorcode & 0xFF``).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

#: Page cache per connection, in KiB (see ``set_key``).
CACHE_KIB = 65536

#: The first 16 bytes of every unencrypted SQLite file.
PLAIN_HEADER = b"SQLite format 3\x00"


def connect(target: str, *, uri: bool = False, timeout: float = 5.0) -> Any:
    """A connection in autocommit mode (``isolation_level=None``)."""
    return _sqlcipher.connect(target, isolation_level=None, timeout=timeout, uri=uri,
                              check_same_thread=True)


def complete_statement(sql: str) -> bool:
    """Whether ``sql`` ends a complete SQL statement."""
    return bool(_sqlcipher.complete_statement(sql))


def primary_code(error: BaseException) -> int | None:
    """The primary SQLite result code of a driver exception (None if it carries none)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def set_key(conn: Any, key: bytes) -> None:
    """Give SQLCipher the register's raw 256-bit key (no passphrase derivation: the key is
    already the random data key unwrapped from a person's key slot)."""
    if len(key) != 32:
        raise ValueError("Registernøkkelen må være 32 byte")
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    # SQLite's page cache holds decrypted pages: with the default 8 MB a count over the deadline
    # table decrypts it again on every call (1.8x slower than unencrypted at Oslo size); 64 MB
    # keeps a municipality's working set decrypted (bench/bench_encryption.py). Only after the key.
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
