"""Backups and restore: encrypted private files in the register's own folder, the rotation by
hand-worked dates, and a restore that checks the backup before it replaces anything."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from core.access import Role
from main import main
from service import restore_register
from storage import backup as B
from storage import driver
from storage.audit import AuditFilter
from storage.db import file_kind, open_database
from storage.errors import StorageError
from storage.keyslots import WrongPassword, sidecar_path
from tests.security_support import (
    PASSWORD,
    add_user,
    data_key,
    drop_audit_triggers,
    raw_connect,
    signed_in,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _count(path: Path, table: str = "saker", key_from: Path | None = None) -> int:
    db = open_database(path, data_key(key_from or path), readonly=True)
    try:
        return int(db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        db.close()


# --- taking a backup ------------------------------------------------------------------------------


@pytest.mark.file_register  # backups of the file (a server is backed up by IT)
def test_backup_is_encrypted_private_and_in_the_registers_folder(demo_register, demo_path):
    made = demo_register.backup()
    folder = B.backup_dir(demo_path)
    assert made.parent == folder
    assert folder.parent.name == "sikkerhetskopier"
    assert folder.is_relative_to(Path(os.environ["XDG_DATA_HOME"]))
    assert made.name.startswith("demo-") and made.name.endswith("-manuell.db")
    with open(made, "rb") as handle:
        assert handle.read(16) != driver.PLAIN_HEADER
    assert file_kind(made) == "encrypted"
    assert sidecar_path(made).read_bytes() == sidecar_path(demo_path).read_bytes()
    if os.name == "posix":
        assert _mode(made) == 0o600
        assert _mode(sidecar_path(made)) == 0o600
        assert _mode(folder) == 0o700
        assert _mode(folder.parent) == 0o700
    assert [b.path for b in demo_register.backups()] == [made]
    row = [r for r in demo_register.audit_entries(AuditFilter()) if r.handling == "sikkerhetskopi"]
    assert row and row[0].objekt == made.name
    # the same key and people open it, with the same cases
    assert _count(made) == demo_register.stats()["saker"]


def test_two_registers_with_the_same_name_have_separate_folders(tmp_path):
    a, b = tmp_path / "a" / "fristvakt.db", tmp_path / "b" / "fristvakt.db"
    assert B.backup_dir(a) != B.backup_dir(b)
    assert B.backup_dir(a).name.startswith("fristvakt-")


# --- rotation -------------------------------------------------------------------------------------


def _daily(stamp: datetime, kind: str = "daglig") -> B.BackupFile:
    return B.BackupFile(Path(f"demo-{stamp:%Y%m%d-%H%M%S}-{kind}.db"), stamp, kind)


def test_rotation_keeps_7_daily_4_weekly_12_monthly():
    """One daily backup at 08:00 from 1 Oct 2025 to Mon 23 Nov 2026, a second one on the last
    day, and some of the other kinds. Worked out by hand:

    * days: 17 to 23 Nov (the newest of 23 Nov is the 12:00 one);
    * ISO weeks: 48 → 23 Nov, 47 → Sun 22 Nov, 46 → Sun 15 Nov, 45 → Sun 8 Nov;
    * months: Nov 2026 → 23 Nov, then the last day of Oct … Jan 2026 and 31 Dec 2025;
    * every manual backup; the newest three taken before an upgrade, conversion or restore.
    """
    day = datetime(2025, 10, 1, 8)
    backups = []
    while day <= datetime(2026, 11, 23, 8):
        backups.append(_daily(day))
        day += timedelta(days=1)
    backups.append(_daily(datetime(2026, 11, 23, 12)))
    manual = [_daily(datetime(2025, 10, 3, 9), "manuell"), _daily(datetime(2026, 5, 5, 9),
                                                                  "manuell")]
    special = [_daily(datetime(2026, m, 2, 9), kind) for m, kind in
               ((3, "oppgradering"), (6, "konvertering"), (9, "for-gjenoppretting"),
                (10, "oppgradering"))]
    removed = {b.path for b in B.to_remove(backups + manual + special, B.Rotation(7, 4, 12))}
    kept = {b.taken for b in backups + manual + special if b.path not in removed}
    month_ends = [datetime(2026, m, d, 8) for m, d in ((10, 31), (9, 30), (8, 31), (7, 31),
                                                        (6, 30), (5, 31), (4, 30), (3, 31),
                                                        (2, 28), (1, 31))]
    expected = {
        datetime(2026, 11, 23, 12), *(datetime(2026, 11, d, 8) for d in range(17, 23)),
        datetime(2026, 11, 15, 8), datetime(2026, 11, 8, 8),
        *month_ends, datetime(2025, 12, 31, 8),
        *(b.taken for b in manual),
        datetime(2026, 10, 2, 9), datetime(2026, 9, 2, 9), datetime(2026, 6, 2, 9),
    }
    assert kept == expected
    assert len(kept) == 7 + 2 + 11 + 2 + 3


@pytest.mark.file_register  # backups of the file (a server is backed up by IT)
def test_rotate_deletes_files_and_their_key_copies(demo_register, demo_path):
    folder = B.private_dir(B.backup_dir(demo_path))
    for n in range(10):
        stamp = datetime(2026, 11, 1, 8) + timedelta(days=n)
        path = folder / f"demo-{stamp:%Y%m%d-%H%M%S}-daglig.db"
        path.write_bytes(b"x")
        sidecar_path(path).write_bytes(b"{}")
    assert B.rotate(demo_path, B.Rotation(3, 0, 0)) == 7
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted(f"demo-202611{d:02d}-080000-daglig.db{s}" for d in (8, 9, 10)
                          for s in ("", ".nokler"))


# --- restore --------------------------------------------------------------------------------------


def _backup_then_delete_a_case(path: Path) -> tuple[Path, int]:
    """Take a backup, then delete a case; returns the backup and the deleted case's id."""
    reg = signed_in(path)
    try:
        made = reg.backup()
        sak = reg.search("")[0]
        reg.delete(sak)
        return made, sak.id
    finally:
        reg.close()


def test_restore_replaces_the_register_and_keeps_the_old_one(demo_path):
    made, sak_id = _backup_then_delete_a_case(demo_path)
    before = _count(demo_path)
    done = restore_register(demo_path, made, "demo", "demo")
    assert done.backup == made and done.kept is not None
    assert done.kept.name.startswith("demo.db.erstattet-")
    # the replaced register is kept as it was (same data key: the register's key file opens it)
    assert _count(done.kept, key_from=demo_path) == before
    if os.name == "posix":
        assert _mode(done.kept) == 0o600
    assert not list(demo_path.parent.glob(".*gjenoppretter*"))
    reg = signed_in(demo_path)
    try:
        assert reg.stats()["saker"] == before + 1
        assert reg.sak(sak_id).id == sak_id
        assert reg.chain is not None and reg.chain.ok
        rows = [r for r in reg.audit_entries(AuditFilter()) if r.handling == "gjenopprettet"]
        assert rows and rows[0].detaljer["fra"] == made.name
    finally:
        reg.close()
    # ... and a restore from it undoes the restore
    undo = restore_register(demo_path, done.kept, "demo", "demo")
    assert undo.kept is not None and _count(demo_path) == before


def _untouched(path: Path):
    """Snapshot of the register and its folder, to assert a refused restore changed nothing."""
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


def _tampered(made: Path) -> None:
    conn = raw_connect(made, data_key(made))
    try:
        drop_audit_triggers(conn)
        conn.execute("UPDATE revisjonslogg SET bruker = 'noen-andre' WHERE id = 2")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


@pytest.mark.parametrize("damage", ["brutt_kjede", "avkortet", "tilfeldig", "tom"])
def test_restore_refuses_a_bad_backup_and_touches_nothing(demo_path, damage):
    made, _ = _backup_then_delete_a_case(demo_path)
    if damage == "brutt_kjede":
        _tampered(made)
    elif damage == "avkortet":
        data = made.read_bytes()
        made.write_bytes(data[: len(data) // 2])
    elif damage == "tilfeldig":
        made.write_bytes(os.urandom(made.stat().st_size))
    else:
        made.write_bytes(b"")
    before = _untouched(demo_path)
    with pytest.raises(StorageError) as caught:
        restore_register(demo_path, made, "demo", "demo")
    message = str(caught.value)
    if damage == "brutt_kjede":
        assert "brutt revisjonslogg (rad 2)" in message and "ingenting er endret" in message
    assert _untouched(demo_path) == before
    signed_in(demo_path).close()


def test_restore_refuses_a_saksbehandler_and_wrong_password(demo_path):
    reg = signed_in(demo_path)
    try:
        worker = reg.caseworkers()[0].navn
        add_user(reg, "sb", Role.SAKSBEHANDLER, saksbehandler=worker)
        made = reg.backup()
    finally:
        reg.close()
    before = _untouched(demo_path)
    with pytest.raises(StorageError, match="Bare en leder eller systemansvarlig"):
        restore_register(demo_path, made, "sb", PASSWORD)
    with pytest.raises(WrongPassword):
        restore_register(demo_path, made, "demo", "feil-passord")
    assert _untouched(demo_path)[0] == before[0]


@pytest.mark.file_register  # backups of the file (a server is backed up by IT)
def test_restore_refuses_a_register_that_is_open(demo_register, demo_path):
    made = demo_register.backup()
    demo_register.search("")  # a write: the WAL is not empty while open
    with pytest.raises(StorageError, match="lukk det"):
        restore_register(demo_path, made, "demo", "demo")
    assert demo_register.search("") is not None


def test_cli_backup_then_restore_round_trip(demo_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FRISTVAKT_BRUKER", "demo")
    monkeypatch.setenv("FRISTVAKT_PASSORD", "demo")
    out = tmp_path / "kopi.db"
    assert main(["sikkerhetskopi", "--db", str(demo_path), "--ut", str(out)]) == 0
    assert f"Sikkerhetskopi skrevet til {out}" in capsys.readouterr().out
    assert file_kind(out) == "encrypted" and sidecar_path(out).exists()
    reg = signed_in(demo_path)
    try:
        sak = reg.search("")[0]
        reg.delete(sak)
        cases = reg.stats()["saker"]
    finally:
        reg.close()
    assert main(["gjenopprett", str(out), "--db", str(demo_path)]) == 0
    printed = capsys.readouterr()
    assert printed.err == "" and "Registeret er gjenopprettet fra kopi.db" in printed.out
    assert _count(demo_path) == cases + 1
    # the CLI refuses garbage with one Norwegian line
    out.write_bytes(os.urandom(4096))
    assert main(["gjenopprett", str(out), "--db", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Feil: ") and err.count("\n") == 1


def test_restore_after_changing_own_password(demo_path):
    """The people and their passwords stay the register's current ones after a restore."""
    reg = signed_in(demo_path)
    try:
        made = reg.backup()
        reg.change_own_password("demo", "nytt-passord-1")
    finally:
        reg.close()
    with pytest.raises(WrongPassword):
        restore_register(demo_path, made, "demo", "demo")  # the old password: slot is gone
    restore_register(demo_path, made, "demo", "nytt-passord-1")
    signed_in(demo_path, "demo", "nytt-passord-1").close()
