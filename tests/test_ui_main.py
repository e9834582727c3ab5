"""The main window on real database files: empty state, demo data, navigation, keyboard,
translations, opening files in the background and remembering state."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

import ui.main_window
from core.deadlines import Status
from ui.deadline_model import COL_BARN, COL_HVA
from ui.main_window import PAGE_INNSTILLINGER, PAGE_RAPPORTER, PAGE_SAKER, MainWindow
from ui.signin import NewLeaderDialog

TODAY = date(2026, 11, 23)


def fill_new_leader(qtbot, dialog, name="Lise Leder", user="lise", password="hemmelig-123"):
    """Type the first leader into the new-register dialog and press the default button."""
    dialog.full_name.setText(name)
    dialog.user.setText(user)
    dialog.password.setText(password)
    dialog.repeat.setText(password)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def new_window(qtbot, path):
    """A window on a register that does not exist yet: its first leader typed in the dialog."""
    window = MainWindow(path, today=lambda: TODAY, credentials=("demo", "demo"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: isinstance(window.opener.dialog, NewLeaderDialog), timeout=5000)
    fill_new_leader(qtbot, window.opener.dialog)
    qtbot.waitUntil(window.is_ready, timeout=15000)
    return window


def open_window(qtbot, path, **kw):
    window = MainWindow(path, today=lambda: TODAY, credentials=("demo", "demo"), **kw)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=15000)
    return window


def test_empty_database_shows_the_empty_state(qtbot, tmp_path):
    path = tmp_path / "ny.db"
    assert not path.exists()
    window = new_window(qtbot, path)
    assert path.exists()  # created fresh
    assert window.ctx.register.user.brukernavn == "lise"
    assert window.ctx.register.user.saksbehandler == "Lise Leder"  # "I also work on cases"
    assert "Lise Leder (leder)" in window.user_label.text()
    assert window.is_empty_state()
    state = window.empty_state
    assert state.demo_button.text() == "Åpne demokommune"
    assert state.first_button.text() == "Registrer første melding"
    assert window.frister_page is not None
    window.show_page(PAGE_INNSTILLINGER)
    assert window.current_page() is window.settings_page
    window.show_page(0)
    assert window.is_empty_state()


def test_first_melding_from_the_empty_state_uses_the_form(qtbot, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(ui.main_window, "new_melding", lambda ctx, parent: calls.append(ctx))
    window = new_window(qtbot, tmp_path / "ny.db")
    window.empty_state.first_button.click()
    assert calls == [window.ctx]
    window.new_melding_action.trigger()  # Ctrl+N
    assert len(calls) == 2


def test_demo_database_populates_frister_sorted_by_due_date(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    assert not window.is_empty_state()
    page = window.frister_page
    assert window.current_page() is page
    repo = window.ctx.register
    expected = repo.open_deadlines(TODAY, limit=500)
    assert page.model.rowCount() == len(expected) > 0
    assert [page.model.row_at(i).deadline.key for i in range(page.model.rowCount())] == [
        r.deadline.key for r in expected]
    dates = [page.model.row_at(i).frist for i in range(page.model.rowCount())]
    assert dates == sorted(dates)
    # status bar: the file in use, and the reminder's numbers (one source), labelled
    assert str(demo_path) in window.db_label.text()
    counts = repo.count_open(TODAY, lokal=False)  # the law's deadlines; internal ones apart
    internal = repo.count_open(TODAY, lokal=True)
    status = window.counts_label.text()
    assert status.startswith("Hele tjenesten:")
    assert f"{counts[Status.FORFALT]} frister er forfalt" in status
    assert f"{counts[Status.SNART]} forfaller snart" in status
    assert f"{internal[Status.FORFALT]} interne frister forfalt" in status
    assert status.strip() == window.reminder_bar.text.text()
    # the heading counts the current filter, and says so
    page.set_status("forfalt")
    assert page.summary_label.text().startswith("I utvalget:")
    shown = counts[Status.FORFALT] + internal[Status.FORFALT]  # the list shows both kinds
    assert f"{shown} forfalt" in page.summary_label.text()
    assert window.counts_label.text() == status  # the filter does not change the summary


def test_navigation_by_keyboard(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    texts = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert texts == ["Frister", "Saker", "Rapporter", "Innstillinger"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for key, page in ((Qt.Key.Key_2, window.cases_page), (Qt.Key.Key_3, window.report_page),
                      (Qt.Key.Key_4, window.settings_page), (Qt.Key.Key_1, window.frister_page)):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page() is page
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.frister_page.search_field
    window.show_page(PAGE_SAKER)
    window.search_action.trigger()
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit) and window.cases_page.isAncestorOf(focused)


def test_double_click_opens_the_case_on_the_saker_page(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    page = window.frister_page
    row = page.model.row_at(0)
    rect = page.view.visualRect(page.model.index(0, COL_HVA))
    with qtbot.waitSignal(window.cases_page.case_opened) as opened:
        qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [row.sak_id]
    assert window.current_page() is window.cases_page
    assert window.nav.currentRow() == PAGE_SAKER


def test_refresh_and_data_changed_update_the_status_bar(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    before = window.counts_label.text()
    window.refresh_action.trigger()  # F5
    assert window.counts_label.text() == before
    assert window.reminder_bar.text.text().startswith("Hele tjenesten:")


def test_translations_are_installed():
    assert QLocale().language() == QLocale.Language.NorwegianBokmal
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Avbryt"
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "OK"


def test_menus_are_norwegian(qtbot, tmp_path):
    window = new_window(qtbot, tmp_path / "ny.db")
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Fil", "S&ak", "&Vis", "&Hjelp"]
    assert window.new_melding_action.shortcut().toString() == "Ctrl+N"
    assert window.refresh_action.shortcut().toString() == "F5"


def test_a_file_that_is_not_a_database_gives_a_message(qtbot, tmp_path):
    bad = tmp_path / "notater.db"
    bad.write_text("dette er ikke en database " * 100, encoding="utf-8")
    window = MainWindow(bad, today=lambda: TODAY, credentials=("demo", "demo"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.open_failed, timeout=15000) as failed:
        pass
    assert "ikke et Fristvakt-register" in failed.args[0]
    assert "ikke et Fristvakt-register" in window.loading_page.detail.text()
    assert not window.loading_page.open_button.isHidden()
    assert window.ctx is None


def test_opening_another_database_switches_and_is_remembered(qtbot, tmp_path, demo_path):
    window = new_window(qtbot, tmp_path / "ny.db")
    assert window.is_empty_state()
    with qtbot.waitSignal(window.database_opened, timeout=15000):
        window.open_database(demo_path)
    assert window.ctx.register.db_path() == str(demo_path)
    assert not window.is_empty_state()
    assert window.frister_page.model.rowCount() > 0
    recent = window.recent_files()
    assert recent[0] == str(demo_path) and str((tmp_path / "ny.db").resolve()) in recent
    window._fill_recent()
    assert len(window.recent_menu.actions()) == len(recent) + 2  # files, separator, clear


def test_sort_order_and_geometry_are_remembered(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    window.frister_page.view.horizontalHeader().setSortIndicator(
        COL_BARN, Qt.SortOrder.DescendingOrder)
    window.resize(1100, 640)
    window.close()
    assert QSettings().value("vindu/geometri") is not None
    again = open_window(qtbot, demo_path)
    model = again.frister_page.model
    assert (model.sort_column, model.sort_order) == (COL_BARN, Qt.SortOrder.DescendingOrder)
    expected = again.ctx.register.open_deadlines(TODAY, sort="navn", descending=True, limit=500)
    assert [model.row_at(i).deadline.key for i in range(model.rowCount())] == [
        r.deadline.key for r in expected]
    assert again.height() == 640  # (the offscreen screen is too narrow to test the width)


def test_open_demo_generates_it_in_the_background(qtbot, tmp_path):
    window = new_window(qtbot, tmp_path / "ny.db")
    window.demo_path = tmp_path / "demo" / "demokommune.db"
    with qtbot.waitSignal(window.database_opened, timeout=60000):
        window.empty_state.demo_button.click()
    assert window.ctx.register.db_path() == str(window.demo_path)
    assert window.frister_page.model.rowCount() > 0
    assert window.current_page() is window.frister_page
    assert window.ctx.register.user.brukernavn == "demo"
    assert window.ctx.register.stats()["saker"] > 100


def test_rapporter_and_innstillinger_pages(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    window.show_page(PAGE_RAPPORTER)
    assert window.current_page() is window.report_page
    window.show_page(PAGE_INNSTILLINGER)
    assert window.current_page() is window.settings_page
    assert window.nav.currentRow() == PAGE_INNSTILLINGER


def test_about_box_and_status_bar_name_the_version(qtbot, demo_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from core.version import VERSION

    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window = open_window(qtbot, demo_path)
    window._about()
    assert shown and f"versjon {VERSION}" in shown[0]
    assert VERSION in window.db_label.toolTip()


def test_the_last_register_is_opened_at_the_next_start(tmp_path):
    from ui.app import start_register

    last, gone, default = tmp_path / "sist.db", tmp_path / "borte.db", tmp_path / "egen.db"
    last.write_bytes(b"x")
    assert start_register(None, [str(gone), str(last)], default) == last
    assert start_register(None, [str(gone)], default) == default
    assert start_register(tmp_path / "valgt.db", [str(last)], default) == tmp_path / "valgt.db"


def test_export_folders_exist_even_without_a_documents_folder(tmp_path, monkeypatch):
    from PySide6.QtCore import QStandardPaths

    from ui.folders import export_folder

    monkeypatch.setattr(QStandardPaths, "writableLocation",
                        lambda location: str(tmp_path / "Dokumenter-finnes-ikke"))
    assert export_folder("") == Path.home()
    assert export_folder(str(tmp_path)) == tmp_path
    assert export_folder(str(tmp_path / "slettet")) == Path.home()


def test_opening_a_case_from_frister_clears_an_old_search(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    row = window.frister_page.model.row_at(0)
    window.show_page(PAGE_SAKER)
    window.cases_page.search.setText("finnes ikke i registeret")
    window.cases_page.refresh()
    assert window.cases_page.model.rowCount() == 0
    window.open_case(row.sak_id)
    assert window.cases_page.search.text() == ""
    assert window.cases_page.model.row_of(row.sak_id) >= 0


def test_the_demo_is_one_click_from_the_first_start(qtbot, tmp_path):
    window = MainWindow(tmp_path / "ny.db", today=lambda: TODAY)
    qtbot.addWidget(window)
    window.demo_path = tmp_path / "demo" / "demokommune.db"
    window.show()
    qtbot.waitUntil(lambda: isinstance(window.opener.dialog, NewLeaderDialog), timeout=5000)
    with qtbot.waitSignal(window.database_opened, timeout=60000):
        window.opener.dialog.demo_button.click()
    assert window.ctx.register.path == window.demo_path
    assert window.ctx.register.user.brukernavn == "demo"
    assert not (tmp_path / "ny.db").exists()  # nothing made where the user did not ask
