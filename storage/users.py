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
    if row is None:
        return False
    try:
        return _hasher().verify(row[0], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def insert(conn: Any, user: User, password: str, when: datetime) -> None:
    stamp = when.isoformat()
    conn.execute("INSERT INTO brukere (brukernavn, navn, rolle, saksbehandler, passord_hash, aktiv,"
                 " opprettet, passord_endret) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (user.brukernavn, user.navn, user.rolle.value, user.saksbehandler,
                  hash_password(password), int(user.aktiv), stamp, stamp))


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
