"""Helpers for the tests of a shared register from the command line and the desktop app.

``MemoryKeyring`` stands in for the system keyring (CI has none): a real
``keyring.backend.KeyringBackend`` set with ``keyring.set_keyring``, which records every read.
``password_role`` makes the test server ask one role for its password: the session's server
trusts every local connection, so a line for that role alone goes first in ``pg_hba.conf``
(scram-sha-256 over the same Unix socket) and the server reloads it.
"""

from __future__ import annotations

import time
from pathlib import Path

import keyring
import psycopg
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from core.access import Role
from service.shared import create_shared_register
from storage.pg import close_pools
from storage.users import User

#: A login role the test server checks the password of (``password_role``).
PASSWORD_ROLE = "fv_kari_passord"
RIGHT_PASSWORD = "Riktig-Passord-42"


class MemoryKeyring(KeyringBackend):
    """A keyring in memory that remembers what was read."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}
        self.reads: list[tuple[str, str]] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.reads.append((service, username))
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise PasswordDeleteError("ikke lagret")
        del self.store[(service, username)]


@pytest.fixture(name="memory_keyring")
def memory_keyring_fixture():
    """The system keyring replaced by a ``MemoryKeyring`` for this test."""
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture(name="password_role", scope="session")
def password_role_fixture(pg):
    """``PASSWORD_ROLE``, whose password (``RIGHT_PASSWORD``) the test server checks."""
    pg.ensure_role(PASSWORD_ROLE, password=RIGHT_PASSWORD)
    with pg.admin() as conn:
        hba = Path(conn.execute("SHOW hba_file").fetchone()[0])
        original = hba.read_text()
        hba.write_text(f"local all {PASSWORD_ROLE} scram-sha-256\n{original}")
        conn.execute("SELECT pg_reload_conf()")
    deadline = time.monotonic() + 10
    while True:  # the reload is a signal: wait until the server asks for the password
        try:
            psycopg.connect(pg.url("postgres", PASSWORD_ROLE), connect_timeout=5).close()
        except psycopg.OperationalError:
            break
        if time.monotonic() > deadline:
            pytest.fail("Testserveren ba aldri om passord")
        time.sleep(0.05)
    yield PASSWORD_ROLE
    hba.write_text(original)
    with pg.admin() as conn:
        conn.execute("SELECT pg_reload_conf()")


def new_shared(pg, request, leader: str, name: str = "Kari Leder") -> str:
    """A new shared register (made by the server's owner) whose first leader is the login role
    ``leader``; returns the address of the database without a user. Dropped after the test."""
    pg.ensure_role(leader)
    database = pg.new_database()

    def drop() -> None:
        close_pools()
        pg.drop_database(database)

    request.addfinalizer(drop)
    create_shared_register(pg.url(database), User(leader, name, Role.LEDER, name))
    return pg.url(database)


def audit_text(pg, url: str) -> str:
    """Every audit row of the shared register at ``url``, as one text."""
    database = url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(pg.url(database)) as conn:
        rows = conn.execute("SELECT * FROM revisjonslogg").fetchall()
    return "\n".join(repr(row) for row in rows)
