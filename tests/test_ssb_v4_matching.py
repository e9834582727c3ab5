"""Barnevern v4, the open points of issue #10: Vedtaksgrunnlag, feedback to a public reporter
that an imported melding cannot carry, and matching a file to cases typed by hand.

* Vedtaksgrunnlag: in the model, stored (migration 9), validated (SSB Undersøkelse kontroll 3
  and 7), asked for by the conclude form, read and written; every export of the demo register
  passes kontroll 7.
* An imported melding's feedback is «ukjent (importert)»: the deadline is neither open, overdue
  nor met, the case view says so, and a date registered later meets it.
* A service that typed cases by hand, then imports its register, gets no duplicates: the case
  is found on the child's number, its parts on content, and the next import changes nothing.

All people are synthetic (core.identity).
"""

from __future__ import annotations

import sqlite3
import uuid
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from core.deadlines import Status
from core.model import (
    Besok,
    CaseFile,
    CodedValue,
    Frequency,
    Lovhjemmel,
    Melding,
    Plan,
    Sak,
    Tiltak,
    Undersokelse,
    Vedtak,
    VisitKind,
)
from core.params import Params
from core.rules import compute_deadlines
from core.validation import validate
from service.controls import check_ssb
from service.ssb import export_ssb, import_ssb
from service.ssb_match import match_on_number
from storage import migrations
from storage.migrations import migrate
from storage.records import Caseworker
from tests.conftest import DEMO_TODAY, new_register
from tests.test_ssb_files import BIRTH, DUF, FNR, melding_body, uid, v4_document, write
from tests.test_ssb_v4 import AVGIVER, extract, rows, run
from ui.case_view import CaseView
from ui.context import AppContext
from ui.forms.conclude_undersokelse import ConcludeUndersokelseDialog
from ui.forms.tilbakemelding import TilbakemeldingDialog
from ui.forms.undersokelse import UndersokelseDialog

WORKER = "Kari Saksbehandler"
GRUNNLAG = (CodedValue("1.1.02"), CodedValue("2.4.05"))


@pytest.fixture
def reg(tmp_path, qapp):
    reg = new_register(tmp_path / "r.db")
    reg.save_caseworker(Caseworker(WORKER, "Team Nord", True, False))
    yield reg
    for widget in QApplication.topLevelWidgets():  # dialogs go before their database
        widget.close()
    reg.close()


def kjonn(fnr: str) -> str:
    return "1" if int(fnr[8]) % 2 else "2"


def typed_sak(reg, jnr: str = "2026/HAND-7", *, fnr: str = FNR, duf: str | None = None) -> Sak:
    """A child registered here by hand before any import (no SSB Id)."""
    return reg.save(Sak(jnr, "Testbarn Registrert", fnr, BIRTH, kjonn(FNR), WORKER,
                        date(2026, 1, 5), duf_nummer=duf))


# --- Vedtaksgrunnlag -----------------------------------------------------------------------------


def _case(u: Undersokelse) -> CaseFile:
    sak = Sak("2026/1", "Testbarn", FNR, BIRTH, kjonn(FNR), WORKER, date(2026, 1, 5), id=1)
    m = Melding(1, date(2026, 2, 2), (CodedValue("8"),), (CodedValue("1.1.01"),), "2",
                date(2026, 2, 6), id=1)
    return CaseFile(sak, (m,), (u,))


@pytest.mark.parametrize("kode, grunnlag, expected", [
    ("1", (), ["vedtaksgrunnlag"]),  # SSB Undersøkelse kontroll 7
    ("2", (), ["vedtaksgrunnlag"]),
    ("3", (), []),  # henlagt: no decision, no grounds needed
    ("1", GRUNNLAG, []),
    ("1", (CodedValue("19"),), ["vedtaksgrunnlag"]),  # kontroll 3: 19 needs a presisering
    ("1", (CodedValue("99.9"),), ["vedtaksgrunnlag"]),  # not a Saksinnhold code
])
def test_a_decision_needs_vedtaksgrunnlag(kode, grunnlag, expected):
    u = Undersokelse(1, 1, date(2026, 2, 6), konklusjon_kode=kode,
                     konklusjon_dato=date(2026, 4, 20), vedtaksgrunnlag=grunnlag, id=2)
    errors = validate(u, _case(u), DEMO_TODAY)
    assert [e.field for e in errors] == expected
    if kode in "12" and not grunnlag:
        assert errors[0].message.startswith("En undersøkelse som konkluderes med vedtak")


def test_the_conclude_form_asks_for_grounds_only_for_a_decision(qtbot, reg):
    ctx = AppContext(reg, today=lambda: DEMO_TODAY)
    sak = typed_sak(reg)
    m = reg.save(Melding(sak.id, date(2026, 2, 2), (CodedValue("8"),), (CodedValue("1.1.01"),),
                         "2", date(2026, 2, 6)))
    u = reg.save(Undersokelse(sak.id, m.id, date(2026, 2, 6)))
    d = ConcludeUndersokelseDialog(ctx, u)
    qtbot.addWidget(d)
    assert not d.grunnlag_row.visible
    qtbot.keyClicks(d.konklusjon.lineEdit(), "1")
    d.dato.set_value(date(2026, 4, 20))
    assert d.grunnlag_row.visible and not d.save_button.isEnabled()
    d.accept()  # refused: the message is at the field
    assert "minst ett vedtaksgrunnlag" in d.messages_at("vedtaksgrunnlag")
    assert d.result() != QDialog.DialogCode.Accepted
    qtbot.keyClicks(d.grunnlag.rows[0].picker.lineEdit(), "1.1.02")
    assert d.save_button.isEnabled(), d.errors()
    d.accept()
    assert d.result() == QDialog.DialogCode.Accepted
    stored = reg.case(sak.id).undersokelser[0]
    assert (stored.konklusjon_kode, stored.vedtaksgrunnlag) == ("1", (CodedValue("1.1.02"),))
    # a henleggelse hides the row and keeps no grounds
    again = ConcludeUndersokelseDialog(ctx, stored)
    qtbot.addWidget(again)
    assert again.grunnlag_row.visible and again.grunnlag.values() == (CodedValue("1.1.02"),)
    again.konklusjon.lineEdit().clear()
    qtbot.keyClicks(again.konklusjon.lineEdit(), "3")
    assert not again.grunnlag_row.visible and again.save_button.isEnabled(), again.errors()
    again.accept()
    assert reg.case(sak.id).undersokelser[0].vedtaksgrunnlag == ()


def test_the_undersokelse_form_asks_for_grounds_too(qtbot, reg):
    ctx = AppContext(reg, today=lambda: DEMO_TODAY)
    sak = typed_sak(reg)
    reg.save(Melding(sak.id, date(2026, 2, 2), (CodedValue("8"),), (CodedValue("1.1.01"),),
                     "2", date(2026, 2, 6)))
    d = UndersokelseDialog(ctx, sak.id)
    qtbot.addWidget(d)
    d.startdato.set_value(date(2026, 2, 6))
    assert not d.grunnlag_row.visible and d.save_button.isEnabled(), d.errors()
    qtbot.keyClicks(d.konklusjon.lineEdit(), "2")
    d.konklusjon_dato.set_value(date(2026, 5, 1))
    assert d.grunnlag_row.visible and not d.save_button.isEnabled()
    assert "vedtaksgrunnlag" in {e.field for e in d.errors()}
    qtbot.keyClicks(d.grunnlag.rows[0].picker.lineEdit(), "2.4.05")
    d.accept()
    assert d.result() == QDialog.DialogCode.Accepted, d.errors()
    u, = reg.case(sak.id).undersokelser
    assert (u.konklusjon_kode, u.vedtaksgrunnlag) == ("2", (CodedValue("2.4.05"),))


def test_vedtaksgrunnlag_is_read_stored_and_written(reg, tmp_path):
    path = extract(tmp_path, "v1.xml")  # Vedtaksgrunnlag 1.1.02 and 2.4.05
    assert import_ssb(reg, path).rejected == ()
    sak = reg.search("2026/IMP-1")[0]
    assert reg.case(sak.id).undersokelser[0].vedtaksgrunnlag == GRUNNLAG
    conn = reg.repository_for_report().db.conn
    assert sorted(conn.execute("SELECT kode FROM undersokelse_vedtaksgrunnlag")) == [
        ("1.1.02",), ("2.4.05",)]
    export_ssb(reg, tmp_path / "ut.xml", 2026, avgiver=AVGIVER)
    root = etree.fromstring((tmp_path / "ut.xml").read_bytes())
    assert [g.get("Kode") for g in root.iter("Vedtaksgrunnlag")] == ["1.1.02", "2.4.05"]
    assert import_ssb(reg, tmp_path / "ut.xml").unchanged == 1


def test_every_export_of_the_demo_register_passes_undersokelse_kontroll_7(demo_register,
                                                                          tmp_path):
    result = check_ssb(demo_register, 2026)
    assert not [f for f in result.findings
                if f.control_id in ("Undersøkelse Kontroll 3", "Undersøkelse Kontroll 7")]
    export_ssb(demo_register, tmp_path / "ut.zip", 2026, avgiver=AVGIVER)
    decided = 0
    with zipfile.ZipFile(tmp_path / "ut.zip") as z:
        for name in z.namelist():
            for u in etree.fromstring(z.read(name)).iter("Undersokelse"):
                konklusjon = u.find("Konklusjon")
                if konklusjon is not None and konklusjon.get("Kode") in ("1", "2"):
                    decided += 1
                    assert u.findall("Vedtaksgrunnlag"), name
    assert decided > 5


def test_migration_9_adds_vedtaksgrunnlag_and_unknown_feedback(tmp_path):
    conn = sqlite3.connect(tmp_path / "gammel.db", isolation_level=None)
    migrate(conn, target=8)
    conn.execute("INSERT INTO saksbehandlere (navn) VALUES ('Kari')")
    conn.execute("INSERT INTO saker (id, journalnummer, navn, fodselsnummer, fodselsdato, "
                 "saksbehandler, startdato) VALUES (1, '2026/1', 'Barn', ?, ?, 'Kari', "
                 "'2026-01-05')", (FNR, BIRTH.isoformat()))
    conn.execute("INSERT INTO meldinger (id, sak_id, mottatt) VALUES (1, 1, '2026-02-02')")
    conn.execute("INSERT INTO undersokelser (id, sak_id, melding_id, startdato) "
                 "VALUES (1, 1, 1, '2026-02-06')")
    conn.execute("INSERT INTO frister (rule_id, sak_id, gjelder, gjelder_id, seq, frist, "
                 "varsel_fra, forklaring) VALUES ('melding.gjennomgang', 1, 'melding', 1, 0, "
                 "'2026-02-09', '2026-02-06', '')")
    # meldinger 2 and 3 came from the case system's file (its Ids), 3 with a feedback date
    # given here; 4 was typed here and has the Id the register's own export gives it
    conn.executemany("INSERT INTO meldinger (id, sak_id, mottatt, tilbakemelding_dato) "
                     "VALUES (?, 1, '2026-03-02', ?)", [(2, None), (3, "2026-03-09"), (4, None)])
    namespace = uuid.UUID(conn.execute("SELECT value FROM meta WHERE key = ?",
                                       (migrations.META_SSB_NAMESPACE,)).fetchone()[0])
    conn.executemany("INSERT INTO ssb_id (type, lokal_id, ssb_id) VALUES ('Melding', ?, ?)",
                     [(2, uid("fag-2")), (3, uid("fag-3")),
                      (4, str(uuid.uuid5(namespace, "Melding/4")))])
    assert migrate(conn, target=9)  # deadlines are recomputed
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 9
    assert conn.execute("SELECT id, tilbakemelding_ukjent FROM meldinger ORDER BY id"
                        ).fetchall() == [(1, 0), (2, 1), (3, 0), (4, 0)]
    assert conn.execute("SELECT ukjent FROM frister").fetchall() == [(0,)]
    conn.execute("INSERT INTO undersokelse_vedtaksgrunnlag (undersokelse_id, kode) "
                 "VALUES (1, '6')")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DELETE FROM undersokelser")  # the grounds go with their undersøkelse
    assert conn.execute("SELECT count(*) FROM undersokelse_vedtaksgrunnlag").fetchone() == (0,)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE meldinger SET tilbakemelding_ukjent = 2")
    assert any(m.version == 9 for m in migrations.MIGRATIONS)


# --- feedback to a public reporter, not in the format ---------------------------------------------


def test_the_feedback_rule_on_an_imported_melding():
    """Hand-worked: received Monday 02.02.2026 from a public reporter (politi), 3 weeks: due
    Monday 23.02.2026. Unknown: neither open, overdue nor met on any day; a date meets it."""
    sak = Sak("2026/1", "Testbarn", FNR, BIRTH, kjonn(FNR), WORKER, date(2026, 1, 5), id=1)
    m = Melding(1, date(2026, 2, 2), (CodedValue("8"),), (CodedValue("1.1.01"),), id=1,
                tilbakemelding_ukjent=True)
    only = {"melding.tilbakemelding"}
    d, = compute_deadlines(CaseFile(sak, (m,)), Params.defaults(), only=only)
    assert (d.frist, d.ukjent, d.oppfylt_dato) == (date(2026, 2, 23), True, None)
    assert "importert fra en SSB-fil" in d.forklaring
    for day in (date(2026, 2, 2), date(2026, 2, 23), date(2026, 11, 23)):
        assert d.status(day) is Status.UKJENT
    assert not Status.UKJENT.is_open and not Status.UKJENT.is_breach
    assert Status.UKJENT.label == "ukjent (importert)"
    met, = compute_deadlines(CaseFile(sak, (replace(m, tilbakemelding_dato=date(2026, 3, 2)),)),
                             Params.defaults(), only=only)
    assert not met.ukjent and met.status(DEMO_TODAY) is Status.SENT  # 02.03 is after 23.02
    typed, = compute_deadlines(CaseFile(sak, (replace(m, tilbakemelding_ukjent=False),)),
                               Params.defaults(), only=only)
    assert typed.status(DEMO_TODAY) is Status.FORFALT  # registered here: it is overdue


def test_an_imported_melding_shows_feedback_unknown_until_a_date_is_registered(qtbot, reg,
                                                                                tmp_path):
    path = write(tmp_path / "a.xml", v4_document(melding_body(
        konklusjon='<Konklusjon SluttDato="2026-02-05" Kode="1"/>')))
    import_ssb(reg, path)
    sak = reg.search("2026/IMP-1")[0]
    m, = reg.case(sak.id).meldinger
    assert m.tilbakemelding_ukjent and m.tilbakemelding_dato is None
    feedback, = [d for d in reg.case_deadlines(sak.id) if d.rule_id == "melding.tilbakemelding"]
    assert feedback.ukjent and feedback.status(DEMO_TODAY) is Status.UKJENT
    assert feedback.frist == date(2026, 2, 23)
    listed = reg.open_deadlines(DEMO_TODAY)
    assert not [r for r in listed if r.deadline.rule_id == "melding.tilbakemelding"]
    assert reg.count_open(DEMO_TODAY).get(Status.FORFALT, 0) == len(
        [r for r in listed if r.status is Status.FORFALT])

    ctx = AppContext(reg, today=lambda: DEMO_TODAY)
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.load(sak.id)
    model = view.meldinger.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
               for c in range(model.columnCount())]
    cell = model.data(model.index(0, headers.index("Tilbakemelding")), Qt.ItemDataRole.DisplayRole)
    assert cell == "ukjent (importert)"

    d = TilbakemeldingDialog(ctx, m)  # the caseworker registers the real date
    qtbot.addWidget(d)
    d.dato.set_value(date(2026, 2, 16))
    d.accept()
    assert d.result() == QDialog.DialogCode.Accepted
    feedback, = [d for d in reg.case_deadlines(sak.id) if d.rule_id == "melding.tilbakemelding"]
    assert (feedback.ukjent, feedback.status(DEMO_TODAY)) == (False, Status.OPPFYLT)
    assert import_ssb(reg, path).unchanged == 1  # the next extract keeps the date
    assert reg.case(sak.id).meldinger[0].tilbakemelding_dato == date(2026, 2, 16)


# --- typed by hand, then imported -----------------------------------------------------------------


def typed_foster_case(reg, jnr: str = "2026/HAND-7", **numbers) -> tuple[Sak, dict[str, object]]:
    """What FOSTER_BODY holds, typed here by hand first (plus one melding the file lacks)."""
    sak = typed_sak(reg, jnr, **numbers)
    m = reg.save(Melding(sak.id, date(2026, 2, 2), (CodedValue("22", "Helsestasjonen"),),
                         (CodedValue("1.1.01"),), "2", date(2026, 2, 6),
                         tilbakemelding_dato=date(2026, 2, 9)))
    u = reg.save(Undersokelse(sak.id, m.id, date(2026, 2, 6)))
    v = reg.save(Vedtak(sak.id, date(2026, 4, 28), Lovhjemmel("BVL2021", "3", "2")))
    t = reg.save(Tiltak(sak.id, "2.2", date(2026, 5, 1), Lovhjemmel("BVL2021", "3", "2"),
                        vedtak_id=v.id, oppfolging_hyppighet=(Frequency(date(2026, 5, 1), 4),),
                        tilsyn_hyppighet=(Frequency(date(2026, 5, 1), 4),),
                        tilsyn_ansvarlig_kommune="3998"))
    p = reg.save(Plan(sak.id, "1", date(2026, 5, 1)))
    b = reg.save(Besok(t.id, VisitKind.OPPFOLGING, date(2026, 7, 15)))
    extra = reg.save(Melding(sak.id, date(2026, 9, 1), (CodedValue("11"),)))
    return sak, {"m": m, "u": u, "v": v, "t": t, "p": p, "b": b, "extra": extra}


VISIT = f'<Utfort Id="{uid("b1")}" UtfortDato="2026-07-15"/>'


def test_typed_by_hand_then_imported_gives_no_duplicates_and_again_changes_nothing(reg,
                                                                                   tmp_path):
    sak, typed = typed_foster_case(reg)
    path = extract(tmp_path, "v1.xml", oppf=VISIT)
    before = rows(reg)

    plan = import_ssb(reg, path, dry_run=True)
    assert plan.new_cases == () and plan.rejected == () and rows(reg) == before
    change, = plan.updated_cases
    assert change.sak_id == sak.id and change.matched_on == "fødselsnummer"
    assert change.matched == {"Melding": 1, "Undersokelse": 1, "Vedtak": 1, "Tiltak": 1,
                              "Plan": 1, "Utfort": 1}
    assert change.added == {} and change.changed == {"Melding": 1, "Undersokelse": 1}
    assert change.summary().startswith("koblet til saken på fødselsnummer; koblet til "
                                       "registrerte: 1 melding")
    note, = plan.notes
    assert "koblet til sak 2026/HAND-7" in note.reason and FNR not in note.reason

    done = import_ssb(reg, path)
    assert [c.summary() for c in done.updated_cases] == [change.summary()]
    case = reg.case(sak.id)
    assert case.sak.journalnummer == "2026/IMP-1"  # the case system's number from now on
    assert case.sak.navn == "Testbarn Registrert" and case.sak.saksbehandler == WORKER
    assert [len(getattr(case, k)) for k in ("meldinger", "undersokelser", "vedtak", "tiltak",
                                            "planer", "besok")] == [2, 1, 1, 1, 1, 1]
    m = next(x for x in case.meldinger if x.id == typed["m"].id)
    assert m.tilbakemelding_dato == date(2026, 2, 9) and not m.tilbakemelding_ukjent
    assert m.melder == (CodedValue("22", "Bor i annen kommune"),)  # the file's version
    u, = case.undersokelser
    assert (u.id, u.konklusjon_kode, u.vedtaksgrunnlag) == (typed["u"].id, "1", GRUNNLAG)
    ids = reg.repository_for_report().ssb_ids()
    assert ids[("Sak", sak.id)] == uid("sak-1") and ids[("Melding", m.id)] == uid("m1")
    assert ids[("Utfort", typed["b"].id)] == uid("b1")
    assert ("Melding", typed["extra"].id) not in ids  # not in the file: left as typed

    after = rows(reg)
    again = import_ssb(reg, path)
    assert again.unchanged == 1 and again.updated_cases == () and again.new_cases == ()
    assert rows(reg) == after


def test_a_case_matched_on_journalnummer_gets_its_parts_matched_on_content(reg, tmp_path):
    sak, _ = typed_foster_case(reg, "2026/IMP-1")
    result = import_ssb(reg, extract(tmp_path, "v1.xml"))
    change, = result.updated_cases
    assert change.matched_on == "journalnummer" and change.added == {}
    assert change.matched == {"Melding": 1, "Undersokelse": 1, "Vedtak": 1, "Tiltak": 1,
                              "Plan": 1}
    assert result.notes == ()  # the same journalnummer: nothing to point out
    assert len(reg.case(sak.id).besok) == 1  # the file has no visit: the typed one stays


def test_a_child_known_only_by_duf_nummer_is_matched_on_it(reg, tmp_path):
    sak = typed_sak(reg, fnr="", duf=DUF)
    unknown = BIRTH.strftime("%d%m%y") + "00100"
    result = import_ssb(reg, write(tmp_path / "a.xml", v4_document(melding_body(),
                                                                   fnr=unknown, duf=DUF)))
    change, = result.updated_cases
    assert (change.sak_id, change.matched_on, change.added) == (sak.id, "DUF-nummer",
                                                                 {"Melding": 1})


def test_content_matching_needs_the_same_content_and_a_shared_melder(reg, tmp_path):
    sak = typed_sak(reg, "2026/IMP-1")
    other_day = reg.save(Melding(sak.id, date(2026, 2, 3), (CodedValue("22", "X"),)))
    other_melder = reg.save(Melding(sak.id, date(2026, 2, 2), (CodedValue("11"),)))
    result = import_ssb(reg, write(tmp_path / "a.xml", v4_document(melding_body())))
    change, = result.updated_cases
    assert change.matched == {} and change.added == {"Melding": 1}
    assert {m.id for m in reg.case(sak.id).meldinger} > {other_day.id, other_melder.id}


def test_a_stored_part_is_matched_once_and_a_linked_one_never(reg, tmp_path):
    sak = typed_sak(reg, "2026/IMP-1")
    reg.save(Melding(sak.id, date(2026, 2, 2), (CodedValue("22", "X"),)))
    two = melding_body("m1") + melding_body("m2")  # two file meldinger, the same content
    result = import_ssb(reg, write(tmp_path / "a.xml", v4_document(two)))
    change, = result.updated_cases
    assert change.matched == {"Melding": 1} and change.added == {"Melding": 1}
    # a later extract with a third: both stored ones are linked to m1 and m2 now
    three = two + melding_body("m3")
    later = import_ssb(reg, write(tmp_path / "b.xml", v4_document(
        three, uttrekk="2026-11-21T10:00:00+01:00")))
    change, = later.updated_cases
    assert change.matched == {} and change.added == {"Melding": 1}
    assert len(reg.case(sak.id).meldinger) == 3


def test_the_commands_dry_run_lists_what_is_matched_and_what_is_new(reg, tmp_path, capsys,
                                                                     monkeypatch):
    typed_foster_case(reg)
    path = extract(tmp_path, "v1.xml", oppf=VISIT)
    db = reg.db_path()
    reg.close()
    monkeypatch.setenv("FRISTVAKT_BRUKER", "tester")
    monkeypatch.setenv("FRISTVAKT_PASSORD", "passord123")
    code, out, err = run(capsys, "importer", str(path), "--db", db, "--torrkjoring")
    assert code == 0, err
    assert "Nye barn:" in out and "Oppdaterte saker:" in out
    line = next(x for x in out.splitlines() if x.startswith("  2026/IMP-1: "))
    assert "koblet til saken på fødselsnummer" in line
    assert "koblet til registrerte: 1 melding" in line and "nye:" not in line
    assert "koblet til sak 2026/HAND-7" in out and FNR not in out + err


def test_a_number_matches_only_one_available_case_and_never_an_unknown_number():
    unknown = BIRTH.strftime("%d%m%y") + "00100"
    by_number = {FNR: [3], DUF: [5], unknown: [7], "0101209999": [8, 9]}
    assert match_on_number({"fodselsnummer": FNR, "duf_nummer": DUF}, by_number, ()) == (
        3, "fødselsnummer")
    assert match_on_number({"fodselsnummer": FNR, "duf_nummer": DUF}, by_number, {3}) == (
        5, "DUF-nummer")  # the fødselsnummer's case is taken: the DUF-nummer decides
    assert match_on_number({"fodselsnummer": unknown}, by_number, ()) == (None, "")
    assert match_on_number({"fodselsnummer": "0101209999"}, by_number, ()) == (None, "")
    assert match_on_number({"fodselsnummer": "", "duf_nummer": None}, by_number, ()) == (
        None, "")
