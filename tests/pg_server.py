"""A real PostgreSQL server for the tests that need one (issue #11: never a mock).

``pg_server`` (session-scoped) runs the distribution's ``initdb`` and ``pg_ctl`` into a private
temporary folder, listening only on a Unix socket there, and stops it afterwards. initdb refuses
to run as root, so as root the server runs as the ``postgres`` account the package creates. A
machine without PostgreSQL fails the test with what to install; it never skips.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def _bindir() -> Path:
    config = shutil.which("pg_config")
    if config:
        found = Path(subprocess.run([config, "--bindir"], check=True, capture_output=True,
                                    text=True).stdout.strip())
        if (found / "initdb").exists():
            return found
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    pytest.fail("PostgreSQL mangler: installer pakken «postgresql» (initdb og pg_ctl)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def pg_server() -> Iterator[dict[str, Any]]:
    """Connection arguments (host = socket folder, port, user, dbname) of a running server."""
    bindir = _bindir()
    folder = Path(tempfile.mkdtemp(prefix="fristvakt-pg-"))
    as_root = os.geteuid() == 0
    user = "postgres" if as_root else os.environ.get("USER", "postgres")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root:
        shutil.chown(folder, "postgres")
    port = _free_port()
    data = folder / "data"
    subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", user,
                    "--encoding=UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l",
                    str(folder / "server.log"), "-w", "-o",
                    f"-k {folder} -p {port} -c listen_addresses=''", "start"],
                   check=True, capture_output=True)
    try:
        yield {"host": str(folder), "port": port, "user": user, "dbname": "postgres"}
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w",
                        "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


class PgCluster:
    """The test server as the tests use it: addresses, fresh databases, login roles.

    Every person role is a member of ``fristvakt_bruker`` (as README tells IT to make them);
    the superuser is the database owner (IT's administrator).
    """

    def __init__(self, info: dict[str, Any]) -> None:
        self.host = info["host"]
        self.port = info["port"]
        self.superuser = info["user"]
        self._count = 0
        self.ensure_role("fristvakt_bruker", login=False)

    def url(self, database: str, user: str | None = None) -> str:
        return (f"postgresql://{user or self.superuser}@/{database}"
                f"?host={self.host}&port={self.port}")

    def admin(self) -> Any:
        import psycopg

        return psycopg.connect(self.url("postgres"), autocommit=True)

    def new_database(self, template: str | None = None) -> str:
        """A new, empty database (or a copy of ``template``); returns its name."""
        self._count += 1
        name = f"t{os.getpid()}_{self._count}"
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {name}"
                         + (f" TEMPLATE {template}" if template else " TEMPLATE template0"))
        return name

    def drop_database(self, name: str) -> None:
        """Drop a test's database (its connections are cut)."""
        with self.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def ensure_role(self, name: str, *, login: bool = True, password: str | None = None) -> None:
        """A login role in fristvakt_bruker (or the group role itself)."""
        from psycopg import sql

        with self.admin() as conn:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                return
            role = sql.Identifier(name).as_string(conn)  # a person's name may hold a «-»
            if not login:
                conn.execute(f"CREATE ROLE {role} NOLOGIN")
                return
            conn.execute(f"CREATE ROLE {role} LOGIN IN ROLE fristvakt_bruker"
                         + (f" PASSWORD '{password}'" if password else ""))


#: The session's cluster once made (helpers that add login roles reach it here).
CLUSTER: list[PgCluster] = []


@pytest.fixture(scope="session")
def pg(pg_server: dict[str, Any]) -> PgCluster:
    """The session's PostgreSQL server, for shared registers."""
    CLUSTER.append(PgCluster(pg_server))
    return CLUSTER[-1]
