"""Opening, checking and migrating database files (real SQLite files in tmp_path)."""

from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from core.identity import synthetic_fnr
from storage import migrations
from storage.db import default_db_path, open_database, transaction
from storage.errors import StorageError
from storage.migrations import APPLICATION_ID, LATEST_VERSION, MIGRATIONS, Migration, migrate
from storage.repository import Repository


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def indexes(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_new_file_in_missing_folder_is_created_and_migrated(tmp_path):
    path = tmp_path / "a" / "b" / "fristvakt.db"
    db = open_database(path, create=True)
    conn = db.conn
    assert path.exists()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert {"saksbehandlere", "saker", "meldinger", "melding_melder", "melding_saksinnhold",
            "undersokelser", "vedtak", "tiltak", "tiltak_hyppighet", "planer", "plan_evalueringer",
            "besok", "ettervern", "frister", "innstillinger", "innstilling_historikk",
            "eksportlogg"} <= tables(conn)
    assert {"frister_apne", "frister_sak", "saker_saksbehandler"} <= indexes(conn)
    db.close()


def test_wal_foreign_keys_and_synchronous_are_on(tmp_path):
    db = open_database(tmp_path / "f.db", create=True)
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    db.close()


def test_reopening_a_current_file_changes_nothing(tmp_path):
    path = tmp_path / "f.db"
    open_database(path, create=True).close()
    conn = raw(path)
    assert migrate(conn) is False
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()
    open_database(path, create=True).close()
    assert not list(tmp_path.glob("*.bak"))


def test_ladder_is_numbered_and_documented():
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))
    assert LATEST_VERSION >= 2
    for m in MIGRATIONS:
        assert m.upgrade.__name__ == f"upgrade_to_{m.version}"
        assert m.upgrade.__doc__ and "\n" not in m.upgrade.__doc__.strip()


def test_upgrade_from_version_1_keeps_data_and_recomputes(tmp_path):
    path = tmp_path / "gammel.db"
    conn = raw(path)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, target=1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "eksportlogg" not in tables(conn)
    fnr = synthetic_fnr(date(2016, 3, 4), random.Random(1))
    conn.execute("INSERT INTO saksbehandlere (navn, team) VALUES ('Kari', 'Team 1')")
    conn.execute("INSERT INTO saker (id, journalnummer, navn, fodselsnummer, fodselsdato, kjonn, "
                 "saksbehandler, startdato) VALUES (5, '2026/1', 'Testbarn', ?, '2016-03-04', "
                 "'1', 'Kari', '2026-01-01')", (fnr,))
    conn.execute("INSERT INTO meldinger (id, sak_id, mottatt) VALUES (9, 5, '2026-03-03')")
    conn.execute("INSERT INTO melding_melder (melding_id, kode) VALUES (9, '8')")
    conn.close()

    upgraded_from = []
    db = open_database(path, before_migration=lambda conn, version: upgraded_from.append(version))
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert "eksportlogg" in tables(db.conn)
    assert "frister_apne" in indexes(db.conn)
    assert upgraded_from == [1]  # the caller's backup ran once, before the upgrade
    repo = Repository(db, "test")
    case = repo.case(5)
    assert case.sak.navn == "Testbarn" and case.meldinger[0].melder[0].kode == "8"
    assert db.conn.execute("SELECT navn_sortering FROM saker").fetchall() == [("testbarn",)]
    frister = {d.rule_id: d.frist for d in repo.case_deadlines(5)}
    assert frister["melding.gjennomgang"] == date(2026, 3, 10)  # recomputed after the upgrade
    assert not repo.needs_recompute()
    repo.close()


def test_failed_step_rolls_back_and_keeps_old_version(tmp_path, monkeypatch):
    def upgrade_to_2(conn):
        """Broken step."""
        conn.execute("CREATE TABLE halvferdig (x INTEGER)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "MIGRATIONS", (MIGRATIONS[0], Migration(2, upgrade_to_2)))
    conn = raw(tmp_path / "f.db")
    with pytest.raises(RuntimeError):
        migrate(conn, target=2)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "halvferdig" not in tables(conn)
    assert not conn.in_transaction
    conn.close()


def test_newer_file_is_refused(tmp_path):
    path = tmp_path / "ny.db"
    open_database(path, create=True).close()
    conn = raw(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(StorageError, match="nyere versjon"):
        open_database(path, create=True)


def test_text_file_is_refused_without_showing_content(tmp_path):
    path = tmp_path / "notat.db"
    path.write_text("Navn: Testbarn Testesen, fnr 01011200100\n" * 200, encoding="utf-8")
    with pytest.raises(StorageError, match="ikke et Fristvakt-register") as info:
        open_database(path, create=True)
    assert "Testbarn" not in str(info.value) and "01011200100" not in str(info.value)
    assert path.read_text(encoding="utf-8").startswith("Navn:")  # untouched


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "annen.db"
    conn = raw(path)
    conn.execute("CREATE TABLE kunder (id INTEGER)")
    conn.close()
    with pytest.raises(StorageError, match="ikke et Fristvakt-register"):
        open_database(path, create=True)
    conn = raw(path)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with pytest.raises(StorageError, match="ikke et Fristvakt-register"):
        open_database(path, create=True)


def test_damaged_file_is_refused(tmp_path):
    path = tmp_path / "skadet.db"
    db = open_database(path, create=True)
    db.conn.execute("INSERT INTO saksbehandlere (navn) VALUES ('Kari')")
    db.conn.executemany("INSERT INTO innstilling_historikk (key, new_json, endret_av, endret_tid) "
                        "VALUES ('k', ?, 'x', 'y')", [(str(i) * 50,) for i in range(3000)])
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for i in range(10 * page, 20 * page):
        data[i] = 0xA5
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError, match="skadet"):
        open_database(path, create=True)


def test_transaction_rolls_back_and_nests_as_savepoint(tmp_path):
    db = open_database(tmp_path / "f.db", create=True)
    with pytest.raises(ValueError), transaction(db):
        db.conn.execute("INSERT INTO saksbehandlere (navn) VALUES ('A')")
        raise ValueError
    with transaction(db):
        db.conn.execute("INSERT INTO saksbehandlere (navn) VALUES ('B')")
        with pytest.raises(ValueError), transaction(db):
            db.conn.execute("INSERT INTO saksbehandlere (navn) VALUES ('C')")
            raise ValueError
    names = [r[0] for r in db.conn.execute("SELECT navn FROM saksbehandlere")]
    assert names == ["B"]
    db.close()


def test_default_path_is_in_the_user_data_folder():
    path = default_db_path()
    assert path.name == "fristvakt.db"
    assert "Fristvakt" in path.parts
