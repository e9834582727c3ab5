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
