"""Moving a register between a file and a shared PostgreSQL server, both ways (issue #11).

Everything runs against real registers: the demo file, and databases on the test session's
PostgreSQL server. "Losing nothing" is checked table by table, row by row.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.access import Role
from main import main
from service import AccessDenied, sign_in
from service.shared import sign_in_shared
from service.transfer import move_register
from storage import audit
from storage.errors import StorageError
from storage.pg import open_shared
from storage.transfer import TRANSFER_ORDER, columns, tables
from tests.conftest import DEMO_PASSWORD, DEMO_TODAY, DEMO_USER, new_register
from tests.security_support import PASSWORD, add_user, sign_in_as

NEW_PASSWORD = "flyttet-passord-1"

#: Columns that differ by design after a move: password hashes (a server keeps none; a new file
#: has the mover's only).
_CHANGED_BY_MOVE = {"brukere": {"passord_hash", "passord_endret"}}


def _content(conn, *, skip_audit_tail: int = 0) -> dict[str, list[tuple]]:
    """Every table as sorted rows of the register's own columns (moved-by-design columns out)."""
    out: dict[str, list[tuple]] = {}
    for table in TRANSFER_ORDER:
        cols = [c for c in columns(conn, table) if c not in _CHANGED_BY_MOVE.get(table, set())]
        rows = [tuple(r) for r in conn.execute(f"SELECT {', '.join(cols)} FROM {table}")]
        if table == "meta":  # the chain head and the change count move on with each write
            rows = [r for r in rows if r[0] not in (audit.META_HEAD, "endringsnummer")]
        out[table] = sorted(rows, key=repr)
    return out


def _without_audit_rows(content: dict[str, list[tuple]], handlings: set[str]) -> dict:
    """``content`` without the audit rows of ``handlings`` (the move's own rows)."""
    kept = dict(content)
    kept["revisjonslogg"] = [r for r in content["revisjonslogg"] if r[3] not in handlings]
    return kept


def _server_register(pg, request) -> str:
    database = pg.new_database()
    request.addfinalizer(lambda: pg.drop_database(database))
    return database


def test_transfer_order_names_every_table_on_both_backends(empty_db):
    db = empty_db()
    assert tables(db.conn) == set(TRANSFER_ORDER)
    assert len(TRANSFER_ORDER) == len(set(TRANSFER_ORDER))


def test_a_file_moves_to_the_server_and_back_losing_nothing(demo_path, pg, request, tmp_path):
    pg.ensure_role(DEMO_USER)
    source = sign_in(demo_path, DEMO_USER, DEMO_PASSWORD, today=lambda: DEMO_TODAY,
                     daily_backup=False)
    before = _content(source.repository_for_report().db.conn)
    overdue = source.open_deadlines(DEMO_TODAY)
    database = _server_register(pg, request)

    moved = move_register(source, pg.url(database))
    source.close()
    assert moved.source_chain.ok and moved.target_chain.ok
    assert moved.rows["saker"] == len(before["saker"]) > 0
    assert moved.without_login == ()  # demo has a login role on the server

    # on the server: the same register, signed in with the person's own role
    shared = sign_in_shared(pg.url(database, DEMO_USER), today=lambda: DEMO_TODAY)
    try:
        assert shared.chain is not None and shared.chain.ok
        on_server = _content(shared.repository_for_report().db.conn)
        assert _without_audit_rows(on_server, {"register_flyttet_ut", "register_flyttet_inn",
                                               "innlogget"}) \
            == _without_audit_rows(before, {"register_flyttet_ut", "innlogget"})
        assert [(d.rule_id, d.sak_id, d.frist) for d in shared.open_deadlines(DEMO_TODAY)] \
            == [(d.rule_id, d.sak_id, d.frist) for d in overdue]
        # the audit log went as it was: the file's rows, then the move's row on the server
        handlings = [e.handling for e in audit.query(
            shared.repository_for_report().db.conn, audit.AuditFilter(), newest_first=False)]
        assert handlings[-3:] == ["register_flyttet_ut", "register_flyttet_inn", "innlogget"]
        hashes = shared.repository_for_report().db.conn.execute(
            "SELECT passord_hash FROM brukere").fetchall()
        assert {h for h, in hashes} == {""}  # no password hash goes to a server
        analysed = shared.repository_for_report().db.conn.execute(
            "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('frister', 'saker') "
            "AND last_analyze IS NOT NULL").fetchone()[0]
        assert analysed == 2  # the planner has statistics from the first query on

        # and back to a new file
        back_path = tmp_path / "tilbake.db"
        back = move_register(shared, back_path, target_password=NEW_PASSWORD)
        assert back.target_chain.ok
    finally:
        shared.close()
    again = sign_in(back_path, DEMO_USER, NEW_PASSWORD, today=lambda: DEMO_TODAY,
                    daily_backup=False)
    try:
        content = _content(again.repository_for_report().db.conn)
        moves = {"register_flyttet_ut", "register_flyttet_inn", "innlogget"}
        assert _without_audit_rows(content, moves) == _without_audit_rows(before, moves)
        assert again.verify_audit().ok
    finally:
        again.close()


def test_a_target_that_is_not_empty_is_refused_and_left_as_it_was(demo_register, pg, request):
    database = _server_register(pg, request)
    open_shared(pg.url(database), create=True).close()
    db = open_shared(pg.url(database))
    db.conn.execute("INSERT INTO saksbehandlere (navn) VALUES ('Allerede Her')")
    db.close()
    with pytest.raises(StorageError, match="ikke tomt"):
        move_register(demo_register, pg.url(database))
    db = open_shared(pg.url(database))
    try:
        assert db.conn.execute("SELECT count(*) FROM saker").fetchone()[0] == 0
        assert db.conn.execute("SELECT count(*) FROM revisjonslogg").fetchone()[0] == 0
    finally:
        db.close()


def test_a_failure_midway_leaves_no_file_and_an_empty_server(demo_register, pg, request,
                                                             tmp_path):
    def fail(table: str, rows: int) -> None:
        if table == "frister":
            raise RuntimeError("stopp")

    target = tmp_path / "halv.db"
    with pytest.raises(RuntimeError):
        move_register(demo_register, target, target_password=NEW_PASSWORD, progress=fail)
    assert not target.exists() and not target.with_name("halv.db.nokler").exists()
    database = _server_register(pg, request)
    with pytest.raises(RuntimeError):
        move_register(demo_register, pg.url(database), progress=fail)
    db = open_shared(pg.url(database))
    try:
        assert db.conn.execute("SELECT count(*) FROM saker").fetchone()[0] == 0
    finally:
        db.close()


def test_a_saksbehandler_may_not_move_the_register(make_register, tmp_path):
    leader = make_register()
    add_user(leader, "sb", Role.SAKSBEHANDLER)
    worker = sign_in_as(leader, "sb")
    try:
        with pytest.raises(AccessDenied):
            move_register(worker, tmp_path / "ut.db", target_password=NEW_PASSWORD)
    finally:
        worker.close()
    assert not (tmp_path / "ut.db").exists()


def test_people_without_a_login_role_on_the_server_are_listed(pg, request, tmp_path):
    leader = new_register(tmp_path / "fil.db")
    try:
        add_user(leader, "uten_rolle", Role.SAKSBEHANDLER, password=PASSWORD)
        moved = move_register(leader, pg.url(_server_register(pg, request)))
    finally:
        leader.close()
    assert moved.without_login == ("uten_rolle",)  # tester, the leader, is a role already
    assert moved.without_password == ()


def test_the_command_moves_a_file_to_the_server(demo_path, pg, request, monkeypatch, capsys):
    database = _server_register(pg, request)
    monkeypatch.setenv("FRISTVAKT_BRUKER", DEMO_USER)
    monkeypatch.setenv("FRISTVAKT_PASSORD", DEMO_PASSWORD)
    monkeypatch.setenv("FRISTVAKT_MAL_PASSORD", "")
    assert main(["flytt", "--fra", str(demo_path), "--til", pg.url(database)]) == 0
    out = capsys.readouterr().out
    assert "kjeden er intakt i begge ender" in out
    pg.ensure_role(DEMO_USER)
    reg = sign_in_shared(pg.url(database, DEMO_USER), today=lambda: date(2026, 11, 23))
    try:
        assert reg.verify_audit().ok
        assert reg.stats()["saker"] > 0
    finally:
        reg.close()
