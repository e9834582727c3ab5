"""Placements in the UI, driven offscreen through real widgets on a real register: registering
and editing a move (validation at the field), the move on the case's timeline and its Moves tab,
the foster-home need on the vedtak form, days in a temporary placement in the case view and in
the Frister list."""

from __future__ import annotations

import random
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from core.identity import parse_person_id, synthetic_fnr
from core.model import Flytting, Lovhjemmel, Sak, Tiltak, Vedtak
from storage.records import Caseworker
from tests.conftest import new_register
from ui.case_view import CaseView
from ui.context import AppContext
from ui.deadline_model import COL_HVA, DeadlineTableModel
from ui.forms.flytting import FlyttingDialog
from ui.forms.vedtak import VedtakDialog
from ui.placement_texts import placement_days_text

TODAY = date(2026, 11, 23)
WORKER = "Kari Saksbehandler"
OMSORG = Lovhjemmel("BVL2021", "5", "1")


@pytest.fixture
def ctx(tmp_path, qapp):
    repo = new_register(tmp_path / "fristvakt.db")
    repo.save_caseworker(Caseworker(WORKER, "Team Nord"))
    yield AppContext(repo, today=lambda: TODAY)
    for widget in QApplication.topLevelWidgets():
        widget.close()
    repo.close()


@pytest.fixture
def placed(ctx) -> Sak:
    """A child under a care order, in a beredskapshjem since 01.08.2026 while a foster home is
    needed from the same day."""
    number = synthetic_fnr(date(2016, 3, 4), random.Random(4))
    person = parse_person_id(number, TODAY)
    sak = ctx.register.save(Sak("2026/00031", "Testbarn Flytt", number, person.birth_date,
                                person.sex, WORKER, date(2026, 6, 1)))
    v = ctx.register.save(Vedtak(sak.id, date(2026, 8, 1), OMSORG,
                                 fosterhjem_behov_dato=date(2026, 8, 1)))
    ctx.register.save(Tiltak(sak.id, "2.5", date(2026, 8, 1), OMSORG, vedtak_id=v.id))
    return sak


def type_date(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    field.del_()
    field.setCursorPosition(0)
    qtbot.keyClicks(field, text)


def pick(qtbot, picker, text: str) -> None:
    picker.lineEdit().clear()
    qtbot.keyClicks(picker.lineEdit(), text)


def test_a_move_is_registered_from_the_keyboard_with_messages_at_the_fields(qtbot, ctx, placed):
    before = ctx.register.stats()
    d = FlyttingDialog(ctx, placed.id)
    qtbot.addWidget(d)
    d.show()
    type_date(qtbot, d.dato, "01.12.2026")  # after today
    assert d.messages_at("dato") == "Flyttedatoen kan ikke være etter dagens dato"
    type_date(qtbot, d.dato, "20.11.2026")
    assert ("arsak_fra_kode", "Velg årsak til flytting") in {(e.field, e.message)
                                                             for e in d.errors()}
    assert not d.save_button.isEnabled()
    pick(qtbot, d.arsak.picker, "1.1.5")
    pick(qtbot, d.til.picker, "2")
    assert d.arsak.presisering.isVisible()
    assert d.messages_at("arsak_fra_presisering") == (
        "Årsak til flytting med kode 1.1.5 mangler presisering")
    assert not d.save_button.isEnabled()
    d.accept()
    assert ctx.register.stats() == before  # nothing half-written
    qtbot.keyClicks(d.arsak.presisering, "Uenighet om forsterkning")
    assert d.save_button.isEnabled(), d.errors()
    d.accept()
    [f] = ctx.register.case(placed.id).flyttinger
    assert (f.dato, f.arsak_fra_kode, f.arsak_fra_presisering, f.flytting_til_kode) == (
        date(2026, 11, 20), "1.1.5", "Uenighet om forsterkning", "2")

    edit = FlyttingDialog(ctx, placed.id, f)
    qtbot.addWidget(edit)
    edit.show()
    assert edit.dato.text() == "20.11.2026" and edit.arsak.picker.code() == "1.1.5"
    pick(qtbot, edit.til.picker, "1")
    edit.accept()
    assert ctx.register.case(placed.id).flyttinger[0].flytting_til_kode == "1"


def test_the_case_view_shows_the_move_the_wait_and_the_days(qtbot, ctx, placed):
    ctx.register.save(_move(placed.id))
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 580)
    view.show()
    assert view.load(placed.id)
    assert view.tabs.tabText(view.TAB_FLYTTINGER).endswith("(1)")
    row = [view.flyttinger.model.index(0, c).data() for c in range(3)]
    assert row[0] == "20.11.2026" and row[1].startswith("1.1.4") and row[2].startswith("3 ")
    texts = [e.text for e in view.timeline_model.events if e.kind == "flytting"]
    assert len(texts) == 1 and "3 Beredskapshjem" in texts[0] and "1.1.4" in texts[0]
    assert view.focus_item("flytting", ctx.register.case(placed.id).flyttinger[0].id)
    assert view.tabs.currentIndex() == view.TAB_FLYTTINGER
    # 01.08 → 23.11.2026: 31 + 30 + 31 + 31 + 22 = 114 days waiting and placed
    vedtak_row = [view.vedtak.model.index(0, c).data()
                  for c in range(view.vedtak.model.columnCount())]
    assert any(str(t).startswith("01.08.2026 (") and "114" in str(t) for t in vedtak_row)
    tiltak_row = [view.tiltak.model.index(0, c).data()
                  for c in range(view.tiltak.model.columnCount())]
    assert "114" in tiltak_row[-1] and "90" in tiltak_row[-1]  # over the threshold of 90 days
    header = view.work.text()
    assert header.count("114") == 2, header  # in placement and waiting, in the header too


def _move(sak_id: int) -> Flytting:
    return Flytting(sak_id, date(2026, 11, 20), "1.1.4", "3")


def test_the_need_date_on_the_vedtak_form_is_checked_at_the_field(qtbot, ctx, placed):
    [v] = ctx.register.case(placed.id).vedtak
    d = VedtakDialog(ctx, placed.id, v)
    qtbot.addWidget(d)
    d.show()
    assert d.behov.text() == "01.08.2026"
    type_date(qtbot, d.behov, "31.07.2026")
    assert d.messages_at("vedtak.fosterhjem_behov_dato") == (
        "Behovet for fosterhjem kan ikke være før vedtaksdatoen (01.08.2026)")
    assert not d.save_button.isEnabled()
    type_date(qtbot, d.behov, "15.08.2026")
    assert d.save_button.isEnabled(), d.errors()
    d.accept()
    assert ctx.register.case(placed.id).vedtak[0].fosterhjem_behov_dato == date(2026, 8, 15)


def test_the_frister_list_marks_the_days_in_placement(qtbot, ctx, placed):
    model = DeadlineTableModel(ctx)
    model.reload()
    rows = [r for r in range(model.rowCount())
            if model.row_at(r).rule_id == "midlertidig.varighet"]
    assert len(rows) == 1
    text = model.index(rows[0], COL_HVA).data()
    assert text.endswith("114 days") or text.endswith("114 dager"), text
    ctx.register.set_param("midlertidig.varsel.dager", 100)
    model.reload()
    [r] = [r for r in range(model.rowCount())
           if model.row_at(r).rule_id == "midlertidig.varighet"]
    assert model.index(r, COL_HVA).data().endswith(text[-8:])  # the same days, new threshold


def test_days_text_only_for_temporary_placements():
    t = Tiltak(1, "2.2", date(2026, 8, 1), OMSORG)
    assert placement_days_text(t, TODAY, 90) == ""
    short = Tiltak(1, "2.5", date(2026, 11, 1), OMSORG)
    assert placement_days_text(short, TODAY, 90) in ("22 days", "22 dager")


def test_a_closed_case_shows_the_wait_ended_without_a_foster_home(qapp):
    # need 01.08.2026, beredskapshjem only, case closed 30.09.2026: 31 + 30 = 60 days, then no
    # «waiting» in the header any more on 23.11
    from dataclasses import replace

    from core.model import CaseFile
    from ui.placement_texts import case_summary, need_text

    v = Vedtak(1, date(2026, 8, 1), OMSORG, fosterhjem_behov_dato=date(2026, 8, 1), id=1)
    sak = Sak("2026/00032", "Testbarn Slutt", "", None, None, WORKER, date(2026, 6, 1),
              sluttdato=date(2026, 9, 30), id=1)
    case = CaseFile(sak=sak, vedtak=(v,), tiltak=(
        Tiltak(1, "2.5", date(2026, 8, 1), OMSORG, vedtak_id=1, sluttdato=date(2026, 9, 30),
               id=1),))
    assert need_text(v, case, TODAY) == "01.08.2026 (saken avsluttet etter 60 dager uten " \
                                         "fosterhjem)"
    assert case_summary(case, TODAY, 90) == []  # neither placed nor waiting any more
    still_open = replace(case, sak=replace(sak, sluttdato=None))
    assert need_text(v, still_open, date(2026, 9, 30)) == "01.08.2026 (venter 60 dager)"
