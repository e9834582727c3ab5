"""The audit log (revisjonslogg): what is recorded, that nothing personal is recorded in clear,
and that editing or deleting rows outside Fristvakt is found, also by ``revisjon --verifiser``."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from itertools import pairwise

import pytest

from core.periods import parse_period
from main import main
from service.reports import ExportOptions, export_report, load_report
from storage import audit
from storage.keyslots import WrongPassword
from tests.security_support import (
    audit_rows,
    data_key,
    drop_audit_triggers,
    raw_connect,
    raw_detail_texts,
    server_owner,
    signed_in,
)


def _fnrs(reg) -> list[str]:
    conn = reg.repository_for_report().db.conn
    return [r[0] for r in conn.execute(
        "SELECT fodselsnummer FROM saker WHERE fodselsnummer IS NOT NULL "
        "UNION ALL SELECT duf_nummer FROM saker WHERE duf_nummer IS NOT NULL")]


def _last(reg, handling: str):
    rows = audit_rows(reg, handling)
    assert rows, f"no audit row «{handling}»"
    return rows[-1]


# --- what is recorded -----------------------------------------------------------------------------


def test_sign_in_and_failed_sign_in_are_logged(demo_path):
    with pytest.raises(WrongPassword):
        signed_in(demo_path, "demo", "galt")
    reg = signed_in(demo_path)
    try:
        failed, signed = audit_rows(reg)[-2:]
        assert (failed.handling, failed.bruker) == ("innlogging_feilet", "demo")
        assert (signed.handling, signed.bruker) == ("innlogget", "demo")
        assert signed.detaljer == {"logg_intakt": True}
    finally:
        reg.close()


def test_opening_a_case_is_logged_once_per_ten_minutes(demo_register):
    sak_id = demo_register.search("")[0].id
    demo_register.case(sak_id)
    demo_register.case(sak_id)
    rows = [r for r in audit_rows(demo_register, "apne_sak") if r.sak_id == sak_id]
    assert len(rows) == 1 and rows[0].bruker == "demo"


def test_search_is_logged_masked(demo_register):
    """A search by fødselsnummer keeps only the birth date; a name only its initials."""
    sak = demo_register.search("")[0]
    assert [s.id for s in demo_register.search(sak.fodselsnummer)] == [sak.id]
    row = _last(demo_register, "sok")
    assert row.detaljer == {"sok": sak.fodselsnummer[:6] + "*****", "treff": 1}
    first, *_ = sak.navn.split()
    demo_register.search(first)
    assert _last(demo_register, "sok").detaljer["sok"] == first[0] + "*" * (len(first) - 1)


@pytest.mark.parametrize("form", ["ddmmyy nnnnn", "ddmmyy-nnnnn", "ddmmyynnnnn"])
def test_no_full_fodselsnummer_ever_reaches_the_log(demo_register, form):
    """However the number is typed, the stored search text never holds all 11 digits."""
    sak = next(s for s in demo_register.search("") if s.fodselsnummer)
    number = sak.fodselsnummer
    typed = {"ddmmyy nnnnn": f"{number[:6]} {number[6:]}",
             "ddmmyy-nnnnn": f"{number[:6]}-{number[6:]}",
             "ddmmyynnnnn": number}[form]
    demo_register.search(typed)
    conn = demo_register.repository_for_report().db.conn
    stored = json.loads(conn.execute("SELECT detaljer FROM revisjonslogg ORDER BY id DESC "
                                     "LIMIT 1").fetchone()[0])["sok"]
    assert sum(ch.isdigit() for ch in stored) <= 6, stored
    texts = " ".join(raw_detail_texts(conn))
    digits_only = "".join(ch for ch in texts if ch.isdigit() or ch == " ")
    for fnr in _fnrs(demo_register):
        assert fnr not in texts
        assert fnr not in digits_only.replace(" ", "")


def test_save_logs_fields_old_to_new_but_never_personal_values(demo_register):
    sak = demo_register.search("")[0]
    other = next(c.navn for c in demo_register.caseworkers() if c.navn != sak.saksbehandler)
    demo_register.save(replace(sak, saksbehandler=other, navn="Helt Nytt Navn"))
    row = _last(demo_register, "endre")
    assert (row.sak_id, row.objekt) == (sak.id, f"sak {sak.id}")
    assert row.detaljer["felt"] == {"saksbehandler": [sak.saksbehandler, other],
                                    "navn": "endret"}
    conn = demo_register.repository_for_report().db.conn
    texts = " ".join(raw_detail_texts(conn))
    assert "Helt Nytt Navn" not in texts and sak.navn not in texts


def test_deleting_a_whole_case_is_logged_with_counts(demo_register):
    sak = demo_register.search("")[0]
    case = demo_register.case(sak.id)
    demo_register.delete(sak)
    row = _last(demo_register, "slette")
    assert (row.sak_id, row.objekt) == (sak.id, f"sak {sak.id}")
    assert row.detaljer["innhold"]["meldinger"] == len(case.meldinger)
    assert sak.navn not in json.dumps(row.detaljer, ensure_ascii=False)


def test_export_is_logged(demo_register, tmp_path):
    data = load_report(demo_register, parse_period("2026-K3"))
    done = export_report(demo_register, data, tmp_path / "rapport.xlsx", ExportOptions(),
                         source="app")
    row = _last(demo_register, "eksport")
    assert row.objekt == "rapport.xlsx"
    assert row.detaljer["eksport_id"] == done.export_id
    assert row.detaljer["profil"] == "politisk"


def test_settings_change_is_logged(demo_register):
    demo_register.set_param("sikkerhetskopi.daglige", 9)
    row = _last(demo_register, "innstilling")
    assert (row.objekt, row.detaljer) == ("sikkerhetskopi.daglige", {"fra": 7, "til": 9})
    assert demo_register.verify_audit().ok


def test_the_log_refuses_update_and_delete(demo_register):
    from storage import driver

    changes = ("UPDATE revisjonslogg SET bruker = 'x' WHERE id = 1",
               "DELETE FROM revisjonslogg WHERE id = 1")
    if demo_register.shared:
        # On the server a person's own session (as the role, outside Fristvakt) is refused by
        # the grants, and even the owner's session by the log's triggers.
        import psycopg
        from psycopg import errors as pg_errors

        person = psycopg.connect(demo_register.server.url, autocommit=True)
        for session, expected in ((person, "permission denied"),
                                  (server_owner(demo_register), "kan ikke endres")):
            with session:
                for sql in changes:
                    with pytest.raises(pg_errors.InsufficientPrivilege, match=expected):
                        session.execute(sql)
    else:
        conn = demo_register.repository_for_report().db.conn
        for sql in changes:
            with pytest.raises(driver.IntegrityError, match="kan ikke endres"):
                conn.execute(sql)
    assert demo_register.verify_audit().ok


# --- tampering ------------------------------------------------------------------------------------


def _busy_log(path) -> int:
    """Sign in and do a few logged things; returns the number of audit rows."""
    reg = signed_in(path)
    try:
        for sak in reg.search("")[:3]:
            reg.case(sak.id)
        reg.set_param("sikkerhetskopi.daglige", 8)
        return audit.count(reg.repository_for_report().db.conn)
    finally:
        reg.close()


def _verify_cli(path, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setenv("FRISTVAKT_BRUKER", "demo")
    monkeypatch.setenv("FRISTVAKT_PASSORD", "demo")
    code = main(["revisjon", "--verifiser", "--db", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_verify_exits_0_for_an_intact_log(demo_path, monkeypatch, capsys):
    _busy_log(demo_path)
    code, out, err = _verify_cli(demo_path, monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("Revisjonsloggen er intakt")


@pytest.mark.parametrize("tamper", ["endre_rad", "slett_midt", "slett_siste"])
def test_tampering_is_found_at_its_row(demo_path, monkeypatch, capsys, tamper):
    """With the data key and the triggers dropped, an attacker edits a row's detaljer, deletes
    a middle row or deletes the last row: ``verify`` names the row, the CLI exits 1, also after
    later sign-ins have appended to the log."""
    rows = _busy_log(demo_path)
    assert rows >= 6
    target = {"endre_rad": rows // 2, "slett_midt": rows // 2, "slett_siste": rows}[tamper]
    conn = raw_connect(demo_path, data_key(demo_path))
    try:
        drop_audit_triggers(conn)
        if tamper == "endre_rad":
            conn.execute("UPDATE revisjonslogg SET detaljer = '{\"skjult\": true}' WHERE id = ?",
                         (target,))
        else:
            conn.execute("DELETE FROM revisjonslogg WHERE id = ?", (target,))
        found = audit.verify(conn)
    finally:
        conn.close()
    assert not found.ok and found.broken_at == target, found
    expected_reason = {"endre_rad": "innholdet i raden er endret",
                       "slett_midt": f"rad {target} mangler",
                       "slett_siste": f"rad {target}"}[tamper]
    assert expected_reason in found.reason
    for attempt in range(2):  # each CLI run signs in (and appends) before it verifies
        code, out, err = _verify_cli(demo_path, monkeypatch, capsys)
        assert code == 1, (attempt, out, err)
        assert f"brutt ved rad {target}" in err
    reg = signed_in(demo_path)
    try:
        assert reg.chain is not None and reg.chain.broken_at == target
        assert _last(reg, "innlogget").detaljer == {"logg_intakt": False}
        assert not reg.verify_audit().ok
    finally:
        reg.close()


def test_audit_rows_are_chained_in_order(demo_register):
    """Each row's forrige_hash is the hash of the row before; the head in meta is the last."""
    conn = demo_register.repository_for_report().db.conn
    rows = conn.execute("SELECT id, forrige_hash, hash FROM revisjonslogg ORDER BY id").fetchall()
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0][1] == audit.GENESIS
    assert all(b[1] == a[2] for a, b in pairwise(rows))
    head = conn.execute("SELECT value FROM meta WHERE key = ?", (audit.META_HEAD,)).fetchone()[0]
    assert head == f"{rows[-1][0]}:{rows[-1][2]}"


def test_free_text_of_a_move_or_any_presisering_is_logged_as_changed_only(demo_register):
    """Where a child moved to, or why, may name a relative or an address: a presisering's
    value never reaches the audit log, in whatever record it is."""
    from core.model import Flytting

    sak = min(demo_register.search(""), key=lambda s: s.startdato)
    day = max(sak.startdato, date(2022, 6, 1))  # SSB's move codes apply from 2022
    move = demo_register.save(Flytting(sak.id, day, "1.1.4", "8", "",
                                       "Hos mormor Kari Hansen, Storgata 5"))
    demo_register.save(replace(move, flytting_til_presisering="Hos morfar Ola Hansen"))
    row = _last(demo_register, "endre")
    assert row.detaljer["felt"] == {"flytting_til_presisering": "endret"}
    texts = " ".join(raw_detail_texts(demo_register.repository_for_report().db.conn))
    assert "Hansen" not in texts and "Storgata" not in texts
