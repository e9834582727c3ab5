"""The Frister view: filtering and sorting in SQL, paging, explanation, actions (real widgets)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

import ui.forms
from core.deadlines import Deadline, Status
from core.model import CodedValue, Melding
from storage.records import DeadlineRow
from ui.context import AppContext
from ui.deadline_model import (
    COL_BARN,
    COL_FRIST,
    COL_HANDLING,
    COL_HVA,
    COL_SAKSBEHANDLER,
    COL_STATUS,
    DeadlineTableModel,
    days_text,
    rule_text,
)
from ui.frister_page import FristerPage
from ui.style import STATUS_LOOK, status_icon, status_text

TODAY = date(2026, 11, 23)


@pytest.fixture
def ctx(demo_register):
    return AppContext(demo_register, lambda: TODAY)


@pytest.fixture
def page(qtbot, ctx):
    widget = FristerPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def keys(rows):
    return [r.deadline.key for r in rows]


def page_keys(page):
    return [page.model.row_at(i).deadline.key for i in range(page.model.rowCount())]


def test_rows_come_from_open_deadlines_sorted_by_due_date(page, ctx):
    expected = ctx.register.open_deadlines(TODAY, limit=500)
    assert page.model.rowCount() == len(expected) > 20
    assert page_keys(page) == keys(expected)
    dates = [page.model.row_at(i).frist for i in range(page.model.rowCount())]
    assert dates == sorted(dates)
    first = page.model.index(0, COL_FRIST)
    assert first.data() == expected[0].frist.strftime("%d.%m.%Y")
    total = sum(ctx.register.count_open(TODAY).values())
    assert page.model.total == total
    assert str(total) in page.summary_label.text()


@pytest.mark.parametrize("status", ["forfalt", "snart"])
def test_status_filter(page, ctx, status):
    page.set_status(status)
    expected = ctx.register.open_deadlines(TODAY, status=status, limit=500)
    assert expected or status == "snart"  # the small demo may have nothing due soon today
    assert page_keys(page) == keys(expected)
    want = Status.FORFALT if status == "forfalt" else Status.SNART
    assert {page.model.row_at(i).status for i in range(page.model.rowCount())} <= {want}
    assert page.model.total == ctx.register.count_open(TODAY, status=status)[want]


def test_caseworker_and_team_filters(page, ctx):
    worker = next(w for w in ctx.register.caseworkers() if w.team)
    page.set_who("saksbehandler", worker.navn)
    expected = ctx.register.open_deadlines(TODAY, saksbehandler=worker.navn, limit=500)
    assert expected and page_keys(page) == keys(expected)
    page.set_who("team", worker.team)
    expected = ctx.register.open_deadlines(TODAY, team=worker.team, limit=500)
    assert expected and page_keys(page) == keys(expected)
    page.set_who("alle")
    assert page_keys(page) == keys(ctx.register.open_deadlines(TODAY, limit=500))


def test_mine_follows_the_chosen_user(page, ctx):
    assert page.current_query().saksbehandler is None  # nobody chosen: everyone
    worker = ctx.register.caseworkers()[0].navn
    ctx.set_me(worker)
    page.set_who("mine")
    assert worker in page.who_combo.currentText()
    assert page_keys(page) == keys(ctx.register.open_deadlines(TODAY, saksbehandler=worker,
                                                           limit=500))


def test_rule_and_horizon_filters(page, ctx):
    page.set_rule("melding.tilbakemelding")
    expected = ctx.register.open_deadlines(TODAY, rule_ids=["melding.tilbakemelding"], limit=500)
    assert expected and page_keys(page) == keys(expected)
    page.set_rule(None)
    page.set_horizon(30)
    expected = ctx.register.open_deadlines(TODAY, horizon=TODAY + timedelta(days=30), limit=500)
    assert page_keys(page) == keys(expected)
    assert all(page.model.row_at(i).frist <= TODAY + timedelta(days=30)
               for i in range(page.model.rowCount()))


def test_search_is_debounced_and_matches_the_repository(qtbot, page, ctx):
    row = ctx.register.open_deadlines(TODAY, limit=1)[0]
    word = row.navn.split()[0][:4].lower()
    before = page_keys(page)
    qtbot.keyClicks(page.search_field, word)
    assert page_keys(page) == before  # nothing happens while typing
    expected = keys(ctx.register.open_deadlines(TODAY, search=word, limit=500))
    qtbot.waitUntil(lambda: page_keys(page) == expected, timeout=2000)
    assert row.deadline.key in expected
    page.set_search(row.journalnummer)
    assert page_keys(page) == keys(ctx.register.open_deadlines(TODAY, search=row.journalnummer,
                                                           limit=500))


def test_no_match_shows_a_message(page):
    page.set_search("ingen-slikt-navn-finnes")
    assert page.model.rowCount() == 0
    assert page.table_stack.currentWidget() is page.empty_label


def _click_header(qtbot, page, column):
    header = page.view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 8))


@pytest.mark.parametrize(("column", "key"), [(COL_BARN, "navn"), (COL_STATUS, "status"),
                                             (COL_HVA, "regel"),
                                             (COL_SAKSBEHANDLER, "saksbehandler")])
def test_clicking_a_header_sorts_in_sql(qtbot, page, ctx, column, key):
    _click_header(qtbot, page, column)
    assert page.model.sort_column == column
    assert page_keys(page) == keys(ctx.register.open_deadlines(TODAY, sort=key, limit=500))
    _click_header(qtbot, page, column)
    assert page.model.sort_order == Qt.SortOrder.DescendingOrder
    assert page_keys(page) == keys(ctx.register.open_deadlines(TODAY, sort=key, descending=True,
                                                           limit=500))


def test_sorting_by_child_is_alphabetical(qtbot, page):
    _click_header(qtbot, page, COL_BARN)
    names = [page.model.row_at(i).navn for i in range(page.model.rowCount())]
    from core.sorting import norwegian_sort_key
    assert names == sorted(names, key=norwegian_sort_key)


def test_selecting_a_row_explains_the_date(page, ctx):
    rows = ctx.register.open_deadlines(TODAY, limit=500)
    at = next(i for i, r in enumerate(rows) if r.rule_id == "tiltaksplan.evaluering")
    page.view.selectRow(at)
    text = page.explanation_text()
    row = rows[at]
    assert row.forklaring in text
    assert "bvl § 8-1" in text  # hjemmel
    assert "Retningslinje" in text
    assert "Standardverdi — kan endres i Innstillinger" in text
    assert "Intervall for evaluering av tiltaksplan: 3 måneder" in text
    assert "Plan opprettet eller sist evaluert" in text  # what starts it
    assert "Evaluering registrert" in text  # what meets it
    assert row.navn in text
    assert "tiltaksplan.evaluering" not in text  # rule ids are for programmers
    assert page.selected_row() == row
    assert page.next_button.isEnabled()


def test_after_a_parameter_change_the_explanation_says_so(page, ctx):
    ctx.set_param("tiltaksplan.evaluering.mnd", 2)
    rows = ctx.register.open_deadlines(TODAY, limit=500)
    at = next(i for i, r in enumerate(rows) if r.rule_id == "tiltaksplan.evaluering")
    page.view.selectRow(at)
    text = page.explanation_text()
    assert "Standardverdi — kan endres" not in text
    assert ("Endret under Innstillinger: Intervall for evaluering av tiltaksplan er 2 måneder "
            "(standard 3 måneder)") in text


def test_a_law_rule_has_no_default_value_note(page, ctx):
    rows = ctx.register.open_deadlines(TODAY, limit=500)
    at = next(i for i, r in enumerate(rows) if r.rule_id == "melding.gjennomgang")
    page.view.selectRow(at)
    assert "bvl § 2-1 · Lov" in page.explanation_text()
    assert "Standardverdi" not in page.explanation_text()


def test_refresh_keeps_the_selection(page, ctx):
    page.view.selectRow(5)
    key = page.selected_row().deadline.key
    ctx.data_changed.emit()
    assert page.selected_row() is not None
    assert page.selected_row().deadline.key == key


def test_a_saved_melding_appears_and_the_view_updates(page, ctx):
    sak = ctx.register.sak(ctx.register.open_deadlines(TODAY, limit=1)[0].sak_id)
    saved = ctx.save(Melding(sak_id=sak.id, mottatt=TODAY - timedelta(days=2),
                             melder=(CodedValue("8"),), saksinnhold=(CodedValue("1.1.01"),)))
    page.set_search(sak.journalnummer)
    found = [page.model.row_at(i) for i in range(page.model.rowCount())
             if page.model.row_at(i).deadline.gjelder_id == saved.id
             and page.model.row_at(i).rule_id == "melding.gjennomgang"]
    assert len(found) == 1
    assert found[0].frist == TODAY + timedelta(days=5)


def test_double_click_asks_to_open_the_case_on_the_right_item(qtbot, page):
    row = page.model.row_at(2)
    rect = page.view.visualRect(page.model.index(2, COL_HVA))
    with qtbot.waitSignal(page.open_case_requested) as signal:
        # a real double-click: press/release, then the double-click event
        qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [row.sak_id, (row.deadline.gjelder, row.deadline.gjelder_id)]


def test_enter_opens_the_case(qtbot, page):
    page.view.setFocus()
    page.view.selectRow(1)
    row = page.model.row_at(1)
    with qtbot.waitSignal(page.open_case_requested) as signal:
        qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert signal.args[0] == row.sak_id


def test_action_button_and_next_step_call_open_action(qtbot, page, monkeypatch):
    calls = []
    monkeypatch.setattr(ui.forms, "open_action",
                        lambda ctx, row, parent: calls.append(row) or False)
    at = next(i for i in range(page.model.rowCount())
              if page.model.row_at(i).rule_id != "ettervern.slutt"
              and page.model.index(i, 0).data(DeadlineTableModel.ACTION_ROLE) != "apne_sak")
    rect = page.view.visualRect(page.model.index(at, COL_HANDLING))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert calls == [page.model.row_at(at)]
    assert page.selected_row() == page.model.row_at(at)
    page.next_step()
    assert calls[-1] == page.model.row_at(at)
    text = page.model.index(at, COL_HANDLING).data()
    assert text in {"Konkluder melding", "Konkluder undersøkelse", "Registrer evaluering",
                    "Registrer besøk", "Opprett plan", "Oppdater akuttvedtak",
                    "Registrer ettervern", "Avslutt tiltak", "Registrer vedtak",
                    "Registrer tilbakemelding", "Åpne sak"}


def test_paging_loads_a_page_at_a_time(qtmodeltester, ctx):
    model = DeadlineTableModel(ctx, page_size=10)
    model.reload()
    total = sum(ctx.register.count_open(TODAY).values())
    assert total > 20
    assert model.rowCount() == 10 and model.total == total
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 20
    assert keys(model.row_at(i) for i in range(20)) == keys(
        ctx.register.open_deadlines(TODAY, limit=20))
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total
    qtmodeltester.check(model)


def test_model_passes_the_model_tester(qtmodeltester, page):
    qtmodeltester.check(page.model)
    page.set_status("forfalt")
    qtmodeltester.check(page.model)


def test_texts_and_status_look(ctx):
    assert days_text(-3) == "3 dager over"
    assert days_text(-1) == "1 dag over"
    assert days_text(0) == "i dag"
    assert days_text(5) == "om 5 dager"
    assert [status_text(s) for s in (Status.FORFALT, Status.SNART, Status.APEN)] == [
        "Forfalt", "Forfaller snart", "Åpen"]
    shapes = {STATUS_LOOK[s].shape for s in (Status.FORFALT, Status.SNART, Status.APEN)}
    assert len(shapes) == 3  # not colour alone: each status has its own icon
    images = [status_icon(s).pixmap(16, 16).toImage() for s in (Status.FORFALT, Status.SNART)]
    assert images[0] != images[1]


def test_local_rules_are_marked(page):
    # the page's model read the demo's stored milestones (Moss' plan) on its first load
    deadline = Deadline("lokal.evaluering_tiltaksplan", 1, "plan", 1, 0, TODAY, TODAY, "x",
                        lokal=True)
    row = DeadlineRow(deadline, "A", "2026/1", "B", "", Status.APEN, 0)
    assert rule_text(row) == "Evaluering 6 uker, så hver 3. mnd. (intern frist)"
