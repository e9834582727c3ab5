"""Shared helpers of the security tests (tests/test_security_*.py): synthetic children, raw access
to an encrypted register with its data key, users of each role, audit rows and deadline snapshots.

Everything here is synthetic: fødselsnumre come from ``core.identity.synthetic_fnr``.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

from bench.bench_crash import foster_tiltak as foster_tiltak  # re-exported
from bench.bench_crash import visit as visit  # re-exported
from core.access import Role
from core.identity import parse_person_id, synthetic_fnr
from core.model import Sak
from service import Register, sign_in
from service.shared import sign_in_shared
from storage import audit, driver
from storage.keyslots import KeySlots
from storage.pg import open_shared, with_user
from storage.repository import Repository, open_repository
from storage.users import User
from tests.pg_server import CLUSTER

TODAY = date(2026, 11, 23)  # the day the conftest demo register is generated for
DEMO = ("demo", "demo")
PASSWORD = "passord123"

# A synthetic child that exists nowhere but in these tests.
CHILD_NAME = "Tindra Skjærvøy-Quistgaard"
CHILD_JOURNAL = "2026/SIKR-7731"
CHILD_BIRTH = date(2016, 3, 14)
CHILD_FNR = synthetic_fnr(CHILD_BIRTH, random.Random(4711))


def child_sak(saksbehandler: str, **changes: Any) -> Sak:
    """The synthetic child's case (unsaved)."""
    person = parse_person_id(CHILD_FNR, TODAY)
    fields: dict[str, Any] = {
        "journalnummer": CHILD_JOURNAL, "navn": CHILD_NAME, "fodselsnummer": CHILD_FNR,
        "fodselsdato": person.birth_date, "kjonn": person.sex, "saksbehandler": saksbehandler,
        "startdato": date(2026, 1, 5)}
    fields.update(changes)
    return Sak(**fields)


def secrets_of_child() -> dict[str, bytes]:
    """The strings that must never be readable in an encrypted file (utf-8)."""
    return {"navn": CHILD_NAME.encode(), "fodselsnummer": CHILD_FNR.encode(),
            "journalnummer": CHILD_JOURNAL.encode()}


def found_in(path: Path) -> set[str]:
    """Which of the child's strings occur in the raw bytes of ``path``."""
    data = path.read_bytes()
    return {label for label, needle in secrets_of_child().items() if needle in data}


def signed_in(path: Path, user: str = "demo", password: str = "demo", **kw: Any) -> Register:
    """Sign in with the test date and without the daily backup (unless asked for)."""
    kw.setdefault("daily_backup", False)
    return sign_in(path, user, password, today=lambda: TODAY, **kw)


def data_key(path: Path, user: str = "demo", password: str = "demo") -> bytes:
    """The register's data key, unwrapped from ``user``'s slot."""
    return KeySlots.load(path).unwrap(user, password)


def raw_connect(path: Path, key: bytes) -> Any:
    """A plain SQLCipher connection to ``path`` (no checks, no migrations): the attacker's view
    of a register whose key they hold."""
    conn = driver.connect(str(path))
    driver.set_key(conn, key)
    return conn


def drop_audit_triggers(conn: Any) -> None:
    """Remove the triggers that refuse UPDATE and DELETE on the audit log."""
    conn.execute("DROP TRIGGER revisjonslogg_ingen_endring")
    conn.execute("DROP TRIGGER revisjonslogg_ingen_sletting")


def add_user(reg: Register, brukernavn: str, rolle: Role, saksbehandler: str | None = None,
             password: str = PASSWORD) -> User:
    """Add a person through the leader's register and return them (on a shared register, IT
    has made their login role first)."""
    user = User(brukernavn, f"Test {brukernavn}", rolle, saksbehandler)
    if reg.shared:
        CLUSTER[0].ensure_role(brukernavn)
    reg.add_user(user, password)
    return user


def sign_in_as(reg: Register, brukernavn: str, password: str = PASSWORD, **kw: Any) -> Register:
    """``brukernavn`` signed in to the register ``reg`` is open on (a file or a server)."""
    if reg.server is not None:
        return sign_in_shared(with_user(reg.server.url, brukernavn), today=lambda: TODAY)
    assert reg.path is not None
    return signed_in(reg.path, brukernavn, password, **kw)


def server_owner(reg: Register) -> Any:
    """A psycopg session of the database's owner (IT's administrator) on the shared register
    ``reg`` is open on, outside Fristvakt (autocommit; close it, or use it in ``with``)."""
    import psycopg

    assert reg.server is not None
    return psycopg.connect(with_user(reg.server.url, CLUSTER[0].superuser), autocommit=True)


def storage_repository(reg: Register, user: str = "test") -> Repository:
    """The closed register ``reg`` was open on, opened at storage level (no sign-in, no audit):
    the file with its data key, or the shared register on the server."""
    if reg.server is not None:
        return Repository(open_shared(reg.server.url), user)
    assert reg.path is not None
    return open_repository(reg.path, user, key=data_key(reg.path), create=False)


def audit_rows(reg: Register, handling: str | None = None) -> list[audit.AuditEntry]:
    """The audit log as stored (oldest first), read on the register's own connection."""
    conn = reg.repository_for_report().db.conn
    return audit.query(conn, audit.AuditFilter(handling=handling), newest_first=False)


def raw_detail_texts(conn: Any) -> list[str]:
    """Every stored ``detaljer`` and ``objekt`` text of the audit log."""
    return [f"{o} {d}" for o, d in conn.execute("SELECT objekt, detaljer FROM revisjonslogg")]


def deadline_snapshot(conn: Any) -> list[tuple]:
    """The whole ``frister`` table in a fixed order."""
    return conn.execute("SELECT * FROM frister ORDER BY rule_id, gjelder, gjelder_id, seq"
                        ).fetchall()


def audit_detail(entry: audit.AuditEntry) -> str:
    return json.dumps(entry.detaljer, ensure_ascii=False)
