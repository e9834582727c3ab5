"""Encryption at rest and key slots: no child's data is readable in the register, its WAL or a
backup; wrong passwords, unknown users, changed, removed and moved slots do not open it."""

from __future__ import annotations

import json

import pytest

from core.access import Role
from service import create_register
from storage import driver
from storage.db import file_kind, sidecar_files
from storage.errors import StorageError
from storage.keyslots import KeySlots, WrongPassword, sidecar_path
from storage.records import Caseworker
from storage.repository import open_repository
from storage.users import User
from tests.security_support import (
    CHILD_FNR,
    CHILD_NAME,
    PASSWORD,
    TODAY,
    add_user,
    audit_rows,
    child_sak,
    data_key,
    found_in,
    signed_in,
)

WORKER = Caseworker("Kari Nordmann", "Mottak", True, False)


def _head(path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(len(driver.PLAIN_HEADER))


# --- encryption at rest ---------------------------------------------------------------------------


def test_child_data_never_readable_in_register_wal_or_backup(tmp_path):
    """Name, fødselsnummer and journal number are in none of the files' raw bytes."""
    path = tmp_path / "sikker.db"
    reg = create_register(path, User("leder1", "Leder En", Role.LEDER), PASSWORD,
                          today=lambda: TODAY)
    try:
        reg.save_caseworker(WORKER)
        sak = reg.save(child_sak(WORKER.navn))
        assert [s.id for s in reg.search(CHILD_NAME)] == [sak.id]
        reg.case(sak.id)
        wal, _ = sidecar_files(path)
        assert wal.exists() and wal.stat().st_size > 0, "the writes are in the WAL"
        assert found_in(path) == set()
        assert found_in(wal) == set()
        made = reg.backup()
        assert found_in(made) == set()
        assert _head(made) != driver.PLAIN_HEADER
        assert found_in(sidecar_path(made)) == set()
    finally:
        reg.close()
    assert found_in(path) == set(), "after the checkpoint at close"
    assert _head(path) != driver.PLAIN_HEADER
    assert file_kind(path) == "encrypted"
    assert found_in(sidecar_path(path)) == set()
    # and the data is really there for the key holder
    reg = signed_in(path, "leder1", PASSWORD)
    try:
        assert reg.search(CHILD_FNR)[0].navn == CHILD_NAME
    finally:
        reg.close()


def test_the_grep_finds_the_child_in_a_plaintext_file(tmp_path):
    """Control: the same grep on an unencrypted storage-level file finds every string."""
    path = tmp_path / "ukryptert.db"
    repo = open_repository(path, "x")
    try:
        repo.save_caseworker(WORKER)
        repo.save(child_sak(WORKER.navn))
        wal, _ = sidecar_files(path)
        assert found_in(path) | found_in(wal) == {"navn", "fodselsnummer", "journalnummer"}
    finally:
        repo.close()
    assert found_in(path) == {"navn", "fodselsnummer", "journalnummer"}
    assert _head(path) == driver.PLAIN_HEADER


def test_wrong_key_file_does_not_open_the_register(demo_path, tmp_path):
    """Another register's key file beside this one unlocks nothing and changes nothing."""
    other = tmp_path / "annet.db"
    create_register(other, User("demo", "Demo", Role.LEDER), "demodemo1",
                    today=lambda: TODAY).close()
    before = demo_path.read_bytes()
    sidecar_path(demo_path).write_bytes(sidecar_path(other).read_bytes())
    with pytest.raises(StorageError) as caught:
        signed_in(demo_path, "demo", "demodemo1")
    assert not isinstance(caught.value, WrongPassword)
    assert "kan ikke låses opp" in str(caught.value)
    assert demo_path.read_bytes() == before


# --- passwords and key slots ----------------------------------------------------------------------


@pytest.mark.parametrize("user", ["demo", "ukjent-person"])
def test_failed_sign_in_is_queued_then_logged(demo_path, user):
    """A wrong password or an unknown name: the same message; queued in the key file while the
    register is locked; moved into the audit log at the next successful sign-in."""
    for _ in range(2):
        with pytest.raises(WrongPassword) as caught:
            signed_in(demo_path, user, "feil-passord")
        assert str(caught.value) == "Feil brukernavn eller passord"
    queued = KeySlots.load(demo_path).failures
    assert [f["bruker"] for f in queued] == [user, user]
    reg = signed_in(demo_path)
    try:
        failed = audit_rows(reg, "innlogging_feilet")
        assert [r.bruker for r in failed] == [user, user]
        assert [r.tidspunkt.isoformat() for r in failed] == [f["tid"] for f in queued]
        assert audit_rows(reg)[-1].handling == "innlogget"
        assert reg.verify_audit().ok
    finally:
        reg.close()
    assert KeySlots.load(demo_path).failures == [], "the queue is emptied"


@pytest.mark.file_register  # the key slots of the file
def test_changing_own_password_rewraps_the_slot(demo_register, demo_path):
    slot_before = KeySlots.load(demo_path).slots["demo"]
    with pytest.raises(ValueError, match="nåværende passordet er feil"):
        demo_register.change_own_password("ikke-demo", "nytt-passord-1")
    demo_register.change_own_password("demo", "nytt-passord-1")
    assert [r.objekt for r in audit_rows(demo_register, "passord_endret")] == ["demo"]
    demo_register.close()
    slot_after = KeySlots.load(demo_path).slots["demo"]
    assert slot_after["nokkel"] != slot_before["nokkel"]
    assert slot_after["salt"] != slot_before["salt"]
    with pytest.raises(WrongPassword):
        signed_in(demo_path, "demo", "demo")
    signed_in(demo_path, "demo", "nytt-passord-1").close()


@pytest.mark.file_register  # the key slots of the file
def test_removed_user_loses_their_slot(demo_register, demo_path):
    add_user(demo_register, "kari", Role.SAKSBEHANDLER)
    assert KeySlots.load(demo_path).has("kari")
    signed_in(demo_path, "kari", PASSWORD).close()
    demo_register.remove_user("kari")
    assert not KeySlots.load(demo_path).has("kari")
    with pytest.raises(WrongPassword):
        signed_in(demo_path, "kari", PASSWORD)


@pytest.mark.file_register  # the key slots of the file
def test_deactivated_user_loses_their_slot(demo_register, demo_path):
    user = add_user(demo_register, "kari", Role.SAKSBEHANDLER)
    demo_register.update_user(User(user.brukernavn, user.navn, user.rolle, aktiv=False))
    assert not KeySlots.load(demo_path).has("kari")
    with pytest.raises(WrongPassword):
        signed_in(demo_path, "kari", PASSWORD)


@pytest.mark.file_register  # the key slots of the file
def test_slot_copied_to_another_name_does_not_open(demo_register, demo_path):
    """The user name is sealed into the slot: kari's slot under ola's or demo's name fails."""
    add_user(demo_register, "kari", Role.SAKSBEHANDLER)
    add_user(demo_register, "ola", Role.LEDER, password="olas-passord")
    demo_register.close()
    sidecar = sidecar_path(demo_path)
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["slots"]["ola"] = data["slots"]["kari"]
    data["slots"]["demo"] = data["slots"]["kari"]
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    for name in ("ola", "demo"):
        with pytest.raises(WrongPassword):
            signed_in(demo_path, name, PASSWORD)
    signed_in(demo_path, "kari", PASSWORD).close()  # the slot itself is fine


@pytest.mark.file_register  # the key slots of the file
def test_slot_without_matching_hash_is_refused_and_logged(demo_register, demo_path):
    """A slot that opens but whose person the register does not know (or with another
    password) is refused: the register's argon2id hash has the last word."""
    key = data_key(demo_path)
    demo_register.close()
    slots = KeySlots.load(demo_path)
    slots.wrap("inntrenger", "inntrenger1", key)  # someone holding the key adds a slot
    slots.wrap("demo", "annet-passord", key)  # ... and re-wraps the leader's
    slots.save(demo_path)
    for name, password in (("inntrenger", "inntrenger1"), ("demo", "annet-passord")):
        with pytest.raises(WrongPassword):
            signed_in(demo_path, name, password)
    # The refusals were written straight into the log (the file was unlocked).
    conn = driver.connect(str(demo_path))
    try:
        driver.set_key(conn, key)
        rows = conn.execute("SELECT bruker FROM revisjonslogg WHERE handling = "
                            "'innlogging_feilet' ORDER BY id").fetchall()
    finally:
        conn.close()
    assert rows == [("inntrenger",), ("demo",)]
