"""The Saker page and the case view, driven offscreen on a real database."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.deadlines import Status
from core.identity import mask, parse_person_id, synthetic_fnr
from core.model import (
    Akutt,
    Besok,
    CodedValue,
    Ettervern,
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
from storage.records import Caseworker
from tests.conftest import new_register
from ui.case_model import (
    ID_ROLE,
    CaseDeadlineModel,
    CaseListModel,
    Column,
    RecordModel,
    TimelineModel,
    timeline_events,
)
from ui.case_view import CaseView
from ui.cases_page import CasesPage
from ui.context import AppContext
from ui.forms.conclude_melding import ConcludeMeldingDialog
from ui.forms.melding import MeldingDialog
from ui.forms.visits import VisitDialog

TODAY = date(2026, 11, 23)
WORKER = "Kari Saksbehandler"


@pytest.fixture
def repo(tmp_path, qapp):
    repo = new_register(tmp_path / "fristvakt.db")
    repo.save_caseworker(Caseworker(WORKER, "Team Nord"))
    yield repo
    for widget in QApplication.topLevelWidgets():
        widget.close()
    repo.close()


@pytest.fixture
def ctx(repo):
    return AppContext(repo, today=lambda: TODAY)


def new_sak(ctx: AppContext, journal: str, name: str, birth: date, seed: int) -> Sak:
    number = synthetic_fnr(birth, random.Random(seed))
    person = parse_person_id(number, TODAY)
    return ctx.register.save(Sak(journal, name, number, person.birth_date, person.sex, WORKER,
                             date(2025, 1, 10), team="Team Nord"))


@pytest.fixture
def full_case(ctx):
    """A case with something of every kind, saved through storage."""
    sak = new_sak(ctx, "2025/00107", "Ingrid Testesen", date(2012, 4, 3), seed=5)
    repo = ctx.register
    m1 = repo.save(Melding(sak.id, date(2025, 1, 10), (CodedValue("11"),), (CodedValue("7"),),
                           konklusjon_kode="2", konklusjon_dato=date(2025, 1, 15)))
    u = repo.save(Undersokelse(sak.id, m1.id, date(2025, 1, 15), konklusjon_kode="1",
                               konklusjon_dato=date(2025, 3, 20),
                               vedtaksgrunnlag=(CodedValue("7"),)))
    v = repo.save(Vedtak(sak.id, date(2025, 3, 24), Lovhjemmel("BVL2021", "4", "2"),
                         akutt=Akutt("§ 4-2 akuttvedtak om plassering",
                                     datetime(2025, 3, 24, 10, 15),
                                     datetime(2025, 3, 24, 12, 0))))
    t = repo.save(Tiltak(sak.id, "2.2", date(2025, 3, 25), Lovhjemmel("BVL2021", "4", "2"),
                         vedtak_id=v.id, oppfolging_hyppighet=(Frequency(date(2025, 3, 25), 4),)))
    p = repo.save(Plan(sak.id, "1", date(2025, 4, 1), evalueringer=(date(2025, 7, 1),)))
    b = repo.save(Besok(t.id, VisitKind.OPPFOLGING, date(2025, 6, 2)))
    m2 = repo.save(Melding(sak.id, date(2026, 11, 20), (CodedValue("9"),)))
    e = repo.save(Ettervern(sak.id, date(2026, 10, 1)))
    return {"sak": sak, "m1": m1, "u": u, "v": v, "t": t, "p": p, "b": b, "m2": m2, "e": e}


def find_row(model, column: int, text: str) -> int:
    return next(r for r in range(model.rowCount())
                if model.data(model.index(r, column)) == text)


# --- case list ----------------------------------------------------------------------------------


def test_case_list_search_by_journal_number_and_fnr_prefix_masks_the_number(qtbot, ctx):
    a = new_sak(ctx, "2025/00107", "Ingrid Testesen", date(2012, 4, 3), seed=5)
    b = new_sak(ctx, "2026/00220", "Jonas Prøvesen", date(2019, 8, 30), seed=9)
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 2  # empty search: the open cases
    assert page.hint.text()

    qtbot.keyClicks(page.search, "00220")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)  # debounced SQL search
    assert page.model.sak(0).id == b.id

    page.search.clear()
    qtbot.keyClicks(page.search, a.fodselsnummer[:6])
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.sak(0).id == a.id)
    shown = [page.model.data(page.model.index(0, c)) for c in range(page.model.columnCount())]
    assert shown[CaseListModel.FNR] == mask(a.fodselsnummer) == f"{a.fodselsnummer[:6]} *****"
    assert shown[CaseListModel.JOURNAL] == "2025/00107"
    assert shown[CaseListModel.AGE] == "14"
    assert not any(a.fodselsnummer in str(value) for value in shown)

    page.search.clear()
    qtbot.keyClicks(page.search, "prøve")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.sak(0).id == b.id)


def test_selecting_a_case_opens_it_and_enter_moves_into_it(qtbot, ctx, full_case):
    sak = full_case["sak"]
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.keyClicks(page.search, "Ingrid")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.model.rowCount() == 1
    assert page.stack.currentWidget() is page.case_view
    assert page.case_view.sak_id == sak.id
    assert page.case_view.name.text() == "Ingrid Testesen"
    assert mask(sak.fodselsnummer) in page.case_view.facts.text()
    assert sak.fodselsnummer not in page.case_view.facts.text()
    assert "2025/00107" in page.case_view.work.text()


def test_open_case_focuses_the_item(qtbot, ctx, full_case):
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.open_case(full_case["sak"].id, ("melding", full_case["m2"].id))
    view = page.case_view
    assert view.tabs.currentIndex() == CaseView.TAB_MELDINGER
    assert view.meldinger.current() == full_case["m2"]
    page.open_case(full_case["sak"].id, ("tiltak", full_case["t"].id))
    assert view.tabs.currentIndex() == CaseView.TAB_VEDTAK
    assert view.tiltak.current().id == full_case["t"].id
    page.open_case(full_case["sak"].id, ("sak", full_case["sak"].id))
    assert view.tabs.currentIndex() == CaseView.TAB_OVERVIEW
    # opened cases are listed while the search is empty
    assert page.model.row_of(full_case["sak"].id) == 0


def test_focus_search(qtbot, ctx):
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.focus_search()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search)


# --- case view ----------------------------------------------------------------------------------


def test_case_view_shows_the_timeline_in_date_order(qtbot, ctx, full_case):
    view = CaseView(ctx)
    qtbot.addWidget(view)
    assert view.load(full_case["sak"].id)
    model = view.timeline_model
    dates = [ev.dato for ev in model.events]
    assert dates == sorted(dates)
    texts = [model.data(model.index(r, TimelineModel.TEXT)) for r in range(model.rowCount())]
    shown_dates = [model.data(model.index(r, TimelineModel.DATE)) for r in range(model.rowCount())]
    assert shown_dates[0] == "10.01.2025" and shown_dates[-1] == "20.11.2026"
    kinds = {ev.kind for ev in model.events}
    assert kinds == {"melding", "undersokelse", "akutt", "tiltak", "plan", "besok", "ettervern"}
    assert any("11 Skole" in t for t in texts)  # codes shown with their labels
    assert len(model.events) == 12
    # same day: the akuttvedtak at 10:15 before it was sent at 12:00
    akutt = [ev for ev in model.events if ev.kind == "akutt"]
    assert [ev.when for ev in akutt] == sorted(ev.when for ev in akutt)


def test_case_view_shows_the_stored_open_deadlines(qtbot, ctx, full_case):
    sak_id = full_case["sak"].id
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.load(sak_id)
    stored = [d for d in ctx.register.case_deadlines(sak_id) if d.status(TODAY).is_open]
    model = view.deadline_model
    assert model.rowCount() == len(stored) > 0
    assert {(d.rule_id, d.frist) for d in model.deadlines} == {(d.rule_id, d.frist)
                                                                for d in stored}
    row = find_row(model, CaseDeadlineModel.WHAT, "Gjennomgå melding")
    assert model.data(model.index(row, CaseDeadlineModel.DUE)) == "27.11.2026"
    assert model.data(model.index(row, CaseDeadlineModel.EXPLANATION)).startswith(
        "Mottatt 20.11.2026 + 7 dager")
    view.show_met.setChecked(True)
    assert model.rowCount() == len(ctx.register.case_deadlines(sak_id))


def test_case_view_refreshes_when_data_changes(qtbot, ctx, full_case):
    sak_id = full_case["sak"].id
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.load(sak_id)
    view.focus_item("melding", full_case["m1"].id)
    before = view.besok.model.rowCount()
    ctx.save(Besok(full_case["t"].id, VisitKind.TILSYN, date(2026, 11, 2)))
    assert view.besok.model.rowCount() == before + 1
    assert view.meldinger.current() == full_case["m1"]  # the selection survives the reload
    assert "Besøk (2)" in [view.tabs.tabText(i) for i in range(view.tabs.count())]


def test_tiltak_shows_visits_done_of_owed_in_the_last_12_months(qtbot, ctx, full_case):
    """«x av n» counts as the report does (core.visits): 24.11.2025–23.11.2026, 4 a year."""
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.load(full_case["sak"].id)
    model = view.tiltak.model
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) == "Besøk siste 12 måneder")
    row = model.row_of(full_case["t"].id)

    def shown() -> str:
        return model.data(model.index(row, column))

    assert shown() == "oppfølging 0 av 4; tilsyn 0 av 4"  # the June 2025 visit is too old
    for day in (date(2025, 11, 24), date(2026, 3, 2)):
        ctx.save(Besok(full_case["t"].id, VisitKind.OPPFOLGING, day))
    assert shown() == "oppfølging 2 av 4; tilsyn 0 av 4"


def test_section_actions_open_the_right_dialogs(qtbot, ctx, full_case, monkeypatch):
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.load(full_case["sak"].id)
    opened = []
    monkeypatch.setattr(view, "_run", lambda dialog, kind=None: opened.append(dialog) or False)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.focus_item("melding", full_case["m2"].id)
    qtbot.waitUntil(view.meldinger.view.hasFocus)
    qtbot.keyClick(view.meldinger.view, Qt.Key.Key_Return)  # Enter = Endre…
    view.conclude_melding()
    view.focus_item("tiltak", full_case["t"].id)
    view.visits_for_tiltak()
    assert [type(d) for d in opened] == [MeldingDialog, ConcludeMeldingDialog, VisitDialog]
    assert opened[0].melding == full_case["m2"]
    assert opened[2].tiltak.currentData() == full_case["t"].id
    for dialog in opened:
        qtbot.addWidget(dialog)


def test_deadline_next_step_from_the_case_view(qtbot, ctx, full_case, monkeypatch):
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.load(full_case["sak"].id)
    opened = []
    monkeypatch.setattr(view, "_run", lambda dialog, kind=None: opened.append(dialog) or False)
    row = find_row(view.deadline_model, CaseDeadlineModel.WHAT, "Gjennomgå melding")
    view.deadline_view.selectRow(row)
    assert view.action_button.isEnabled()
    view.run_deadline_action()
    assert isinstance(opened[0], ConcludeMeldingDialog)
    assert opened[0].melding == full_case["m2"]
    qtbot.addWidget(opened[0])


# --- models -------------------------------------------------------------------------------------


def test_models_pass_the_model_tester(qtmodeltester, ctx, full_case):
    sak = full_case["sak"]
    case = ctx.register.case(sak.id)

    cases = CaseListModel(ctx.today, lambda _sid: (3, 1))
    cases.set_cases(ctx.register.search("2025"))
    qtmodeltester.check(cases, force_py=True)
    assert cases.data(cases.index(0, CaseListModel.DEADLINES)).startswith("3 (1 ")
    assert cases.data(cases.index(0, 0), ID_ROLE) == sak.id

    timeline = TimelineModel()
    timeline.set_case(case)
    qtmodeltester.check(timeline, force_py=True)

    deadlines = CaseDeadlineModel(ctx.today)
    deadlines.set_deadlines(ctx.register.case_deadlines(sak.id), only_open=False)
    qtmodeltester.check(deadlines, force_py=True)
    statuses = {d.status(TODAY) for d in deadlines.deadlines}
    assert Status.OPPFYLT in statuses

    records = RecordModel([Column("Mottatt", lambda m: m.mottatt.isoformat()),
                           Column("Melder", lambda m: m.melder[0].kode)])
    records.set_items(case.meldinger)
    qtmodeltester.check(records, force_py=True)
    assert records.row_of(full_case["m2"].id) >= 0

    empty = RecordModel([Column("A", str)])
    qtmodeltester.check(empty, force_py=True)


def test_retired_codes_still_display_with_their_label(ctx):
    sak = new_sak(ctx, "2024/00001", "Gammel Kode", date(2014, 1, 1), seed=2)
    m = ctx.register.save(Melding(sak.id, date(2024, 6, 1), (CodedValue("15"),)))  # retired 2024
    events = timeline_events(ctx.register.case(sak.id))
    assert "15 Lege / Sykehus / Tannlege" in events[0].text
    assert m.id is not None


def test_new_melding_from_the_page_opens_the_new_case(qtbot, ctx):
    from PySide6.QtCore import QTimer

    page = CasesPage(ctx)
    qtbot.addWidget(page)
    number = synthetic_fnr(date(2020, 2, 2), random.Random(4))

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, fill)
            return
        assert isinstance(dialog, MeldingDialog)
        qtbot.keyClicks(dialog.sak_fields.navn, "Nora Ny")
        qtbot.keyClicks(dialog.sak_fields.fnr, number)
        qtbot.keyClicks(dialog.sak_fields.journalnummer, "2026/00999")
        dialog.sak_fields.saksbehandler.setCurrentIndex(1)
        qtbot.keyClicks(dialog.melder.rows[0].picker.lineEdit(), "Barnehage")
        dialog.accept()
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, fill)
    page.new_melding()
    [sak] = ctx.register.search("2026/00999")
    assert page.case_view.sak_id == sak.id
    assert page.model.row_of(sak.id) == 0  # listed among the recently opened
    assert page.case_view.deadline_model.rowCount() >= 1  # melding.gjennomgang at least


def test_list_follows_saves_made_elsewhere(qtbot, ctx):
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    qtbot.keyClicks(page.search, "Testesen")
    page.refresh()
    assert page.model.rowCount() == 0
    new_sak(ctx, "2026/00500", "Eva Testesen", date(2016, 6, 6), seed=8)  # via repo: no signal
    ctx.data_changed.emit()
    assert page.model.rowCount() == 1
