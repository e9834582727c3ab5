"""The register's people (brukere): user name, display name, role, caseworker link, argon2id hash.

The password hash in the register and the person's key slot (``storage.keyslots``) are made
from the same password: the slot unlocks the file, the hash then proves the slot belongs to the
user named in the register (a slot copied to another name does not pass).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from core.access import Role
from storage import keyslots


@dataclass(frozen=True)
class User:
    """A person who can sign in."""

    brukernavn: str
    navn: str
    rolle: Role
    saksbehandler: str | None = None  # the caseworker name this person works as
    aktiv: bool = True


_COLS = "brukernavn, navn, rolle, saksbehandler, aktiv"


def _hasher() -> PasswordHasher:
    cost = keyslots.COST
    return PasswordHasher(time_cost=cost.time_cost, memory_cost=cost.memory_kib,
                          parallelism=cost.parallelism)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _user(row: tuple) -> User:
    return User(row[0], row[1], Role(row[2]), row[3], bool(row[4]))


def all_users(conn: Any) -> list[User]:
    return [_user(r) for r in conn.execute(
        f"SELECT {_COLS} FROM brukere ORDER BY navn COLLATE norsk, brukernavn")]


def find(conn: Any, brukernavn: str) -> User | None:
    row = conn.execute(f"SELECT {_COLS} FROM brukere WHERE brukernavn = ?",
                       (brukernavn,)).fetchone()
    return _user(row) if row else None


def check_password(conn: Any, brukernavn: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash (False for an unknown user)."""
    row = conn.execute("SELECT passord_hash FROM brukere WHERE brukernavn = ?",
                       (brukernavn,)).fetchone()
    return row is not None and matches(row[0], password)


def matches(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches an argon2id hash."""
    try:
        return _hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_ROW_COLS = ("brukernavn, navn, rolle, saksbehandler, passord_hash, aktiv, opprettet, "
             "passord_endret")


def export_rows(conn: Any) -> list[tuple[Any, ...]]:
    """Every person as stored (hashes included), to carry them into a restored register."""
    return [tuple(r) for r in conn.execute(f"SELECT {_ROW_COLS} FROM brukere")]


def replace_all(conn: Any, rows: list[tuple[Any, ...]]) -> None:
    """Make ``rows`` (from ``export_rows``) the register's people; a caseworker link to a name
    the register does not know is dropped."""
    known = {r[0] for r in conn.execute("SELECT navn FROM saksbehandlere")}
    conn.execute("DELETE FROM brukere")
    conn.executemany(f"INSERT INTO brukere ({_ROW_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [(*r[:3], r[3] if r[3] in known else None, *r[4:]) for r in rows])


def insert(conn: Any, user: User, password: str | None, when: datetime) -> None:
    """A new person; ``password`` None for a person of a shared register (the database server
    checks their password: no hash is kept)."""
    stamp = when.isoformat()
    conn.execute("INSERT INTO brukere (brukernavn, navn, rolle, saksbehandler, passord_hash, aktiv,"
                 " opprettet, passord_endret) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (user.brukernavn, user.navn, user.rolle.value, user.saksbehandler,
                  "" if password is None else hash_password(password), int(user.aktiv), stamp,
                  stamp))


def update(conn: Any, user: User) -> None:
    conn.execute("UPDATE brukere SET navn = ?, rolle = ?, saksbehandler = ?, aktiv = ? "
                 "WHERE brukernavn = ?", (user.navn, user.rolle.value, user.saksbehandler,
                                          int(user.aktiv), user.brukernavn))


def set_password(conn: Any, brukernavn: str, password: str, when: datetime) -> None:
    conn.execute("UPDATE brukere SET passord_hash = ?, passord_endret = ? WHERE brukernavn = ?",
                 (hash_password(password), when.isoformat(), brukernavn))


def delete(conn: Any, brukernavn: str) -> None:
    conn.execute("DELETE FROM brukere WHERE brukernavn = ?", (brukernavn,))


def count_active(conn: Any, rolle: Role) -> int:
    return int(conn.execute("SELECT count(*) FROM brukere WHERE rolle = ? AND aktiv = 1",
                            (rolle.value,)).fetchone()[0])
