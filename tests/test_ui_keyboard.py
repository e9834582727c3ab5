"""Fristvakt by keyboard alone: the main flow, Tab out of tables, Ctrl+Tab through sections,
unique mnemonics, shortcuts in the menus, and actions disabled where they would do nothing.

Keys go to real widgets through QTest (``qtbot.keyClick``/``keyClicks``); dialogs opened by a
key are driven from the event loop while they run (``when_modal``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from core.identity import synthetic_fnr
from core.model import VisitKind
from ui.forms.conclude_melding import ConcludeMeldingDialog
from ui.forms.conclude_undersokelse import ConcludeUndersokelseDialog
from ui.forms.melding import MeldingDialog
from ui.forms.plan import PlanDialog
from ui.forms.vedtak import VedtakDialog
from ui.forms.visits import VisitDialog
from ui.main_window import PAGE_FRISTER, PAGE_INNSTILLINGER, PAGE_RAPPORTER, PAGE_SAKER, MainWindow

TODAY = date(2026, 11, 23)
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def open_window(qtbot, path) -> MainWindow:
    window = MainWindow(path, today=lambda: TODAY, credentials=("demo", "demo"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=15000)
    activate(qtbot, window)
    return window


def activate(qtbot, window: QWidget) -> None:
    """The window has the keyboard again (a window manager does this when a dialog closes)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def when_modal(qtbot, kind: type, interact: Callable[[QDialog], None]) -> list[QDialog]:
    """Run ``interact`` on the next modal dialog of type ``kind`` while it runs (rejecting it if
    it is still open afterwards); gives up after about five seconds. The dialog is made the
    active window first, so that keys reach it and not the window behind (as on a desktop)."""
    seen: list[QDialog] = []
    tries = [500]

    def handler() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(10, handler)
            return
        seen.append(dialog)
        try:
            activate(qtbot, dialog)
            interact(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, handler)
    return seen


def done(seen: list[QDialog]) -> bool:
    """The dialog was shown and has closed."""
    return bool(seen) and not seen[0].isVisible()


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" (lower case), or None."""
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def alt_key(text: str) -> Qt.Key:
    letter = mnemonic(text)
    assert letter, text
    return Qt.Key(QKeySequence(letter.upper())[0].key())


def retype(qtbot, field: QLineEdit, text: str) -> None:
    """Ctrl+A and type over (a date field keeps its mask)."""
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, text)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


# --- the main flow ----------------------------------------------------------------------------


def find_deadline(qtbot, window: MainWindow, journal: str, rule_id: str) -> None:
    """Frister (Ctrl+1), search the journal number (Ctrl+F), ↓ into the list and ↓ to the
    deadline of ``rule_id``."""
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    page = window.frister_page
    assert focused() is page.search_field
    retype(qtbot, page.search_field, journal)
    qtbot.keyClick(page.search_field, Qt.Key.Key_Down)
    assert focused() is page.view
    qtbot.keyClick(page.view, Qt.Key.Key_Home, CTRL)  # from the first row
    for _ in range(page.model.rowCount()):
        row = page.selected_row()
        if row is not None and row.rule_id == rule_id:
            return
        qtbot.keyClick(page.view, Qt.Key.Key_Down)
    rows = [page.model.row_at(i).rule_id for i in range(page.model.rowCount())]
    raise AssertionError(f"no {rule_id} deadline for {journal}: {rows}")


def test_main_flow_by_keyboard(qtbot, demo_path):
    """Melding (Ctrl+N) → concluded with code 2 (an undersøkelse starts) → undersøkelse
    concluded with vedtak → vedtak with a foster-home tiltak → tiltaksplan → a visit."""
    window = open_window(qtbot, demo_path)
    repo = window.ctx.register
    worker = next(c for c in repo.caseworkers() if c.aktiv)
    journal = "2026/09901"
    number = synthetic_fnr(date(2019, 3, 4), random.Random(8))

    # 1. Ctrl+N: a new child and its melding, typed field by field, saved with Enter
    def new_melding(d: QDialog) -> None:
        assert isinstance(d, MeldingDialog) and d.sak_fields is not None
        qtbot.keyClicks(d.sak_fields.navn, "Kari Tastatur")
        qtbot.keyClicks(d.sak_fields.fnr, number)
        qtbot.keyClicks(d.sak_fields.journalnummer, journal)
        qtbot.keyClicks(d.sak_fields.saksbehandler, worker.navn)  # typing chooses a name
        assert d.sak_fields.saksbehandler.currentText() == worker.navn
        retype(qtbot, d.mottatt, "20.11.2026")
        qtbot.keyClicks(d.melder.rows[0].picker.lineEdit(), "Politi")
        qtbot.keyClicks(d.saksinnhold.rows[0].picker.lineEdit(), "Mobbing")
        assert d.save_button.isEnabled(), d.errors()
        qtbot.keyClick(d.mottatt, Qt.Key.Key_Return)

    seen = when_modal(qtbot, MeldingDialog, new_melding)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    [sak] = repo.search(journal)
    activate(qtbot, window)

    # 2. Saker (Ctrl+2): search, Enter into the case, Ctrl+PgDn to its meldinger, ↓ to the
    #    melding and Alt+K (Konkluder …): code 2 starts an undersøkelse
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    cases = window.cases_page
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert focused() is cases.search
    retype(qtbot, cases.search, journal)
    qtbot.keyClick(cases.search, Qt.Key.Key_Return)
    assert focused() is cases.view
    qtbot.keyClick(cases.view, Qt.Key.Key_Return)
    view = cases.case_view
    assert view.sak_id == sak.id
    assert focused() is view.deadline_view
    qtbot.keyClick(focused(), Qt.Key.Key_PageDown, CTRL)
    assert view.tabs.currentIndex() == view.TAB_MELDINGER
    assert focused() is view.meldinger.view
    assert view.meldinger.current() is not None  # on the first (only) melding
    conclude = next(b for b in view.meldinger.findChildren(QAbstractButton)
                    if b.isVisible() and "onklu" in b.text())

    def conclude_melding(d: QDialog) -> None:
        assert isinstance(d, ConcludeMeldingDialog)
        qtbot.keyClicks(d.konklusjon.lineEdit(), "2")
        retype(qtbot, d.dato, "23.11.2026")
        assert d.save_button.isEnabled(), d.errors()
        qtbot.keyClick(d.dato, Qt.Key.Key_Return)

    seen = when_modal(qtbot, ConcludeMeldingDialog, conclude_melding)
    qtbot.keyClick(window, alt_key(conclude.text()), ALT)
    qtbot.waitUntil(lambda: done(seen))  # a mnemonic "clicks" the button a moment later
    assert seen[0].result() == QDialog.DialogCode.Accepted
    case = repo.case(sak.id)
    assert case.meldinger[0].konklusjon_kode == "2" and len(case.undersokelser) == 1
    activate(qtbot, window)

    # 3. Frister: the undersøkelse's deadline, Ctrl+Enter, conclusion 1 (vedtak om tiltak)
    find_deadline(qtbot, window, journal, "undersokelse.frist")

    def conclude_undersokelse(d: QDialog) -> None:
        assert isinstance(d, ConcludeUndersokelseDialog)
        qtbot.keyClicks(d.konklusjon.lineEdit(), "1")
        retype(qtbot, d.dato, "23.11.2026")
        # a decision needs SSB's vedtaksgrunnlag: the row appears, its mnemonic reaches it
        assert d.grunnlag_row.visible and not d.save_button.isEnabled()
        qtbot.keyClick(focused(), alt_key(d.grunnlag_row.label.text()), ALT)
        qtbot.waitUntil(lambda: d.grunnlag.isAncestorOf(focused()))
        qtbot.keyClicks(focused(), "1.1.02")
        assert d.save_button.isEnabled(), d.errors()
        qtbot.keyClick(d.dato, Qt.Key.Key_Return)

    seen = when_modal(qtbot, ConcludeUndersokelseDialog, conclude_undersokelse)
    qtbot.keyClick(window.frister_page.view, Qt.Key.Key_Return, CTRL)
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    concluded = repo.case(sak.id).undersokelser[0]
    assert concluded.konklusjon_kode == "1"
    assert [v.kode for v in concluded.vedtaksgrunnlag] == ["1.1.02"]
    activate(qtbot, window)

    # 4. Saker: Ctrl+Tab to "Vedtak og tiltak", Alt+N (Nytt vedtak …) with a foster home
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert view.sak_id == sak.id
    view.deadline_view.setFocus()
    while view.tabs.currentIndex() != view.TAB_VEDTAK:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab, CTRL)
    new_vedtak = next(b for b in view.vedtak.findChildren(QAbstractButton) if b.isVisible())

    def register_vedtak(d: QDialog) -> None:
        assert isinstance(d, VedtakDialog) and d.tiltak_fields is not None
        retype(qtbot, d.dato, "23.11.2026")
        retype(qtbot, d.lovhjemmel.kapittel, "3")
        retype(qtbot, d.lovhjemmel.paragraf, "1")
        fields = d.tiltak_fields
        qtbot.keyClicks(fields.kategori.picker.lineEdit(), "2.2")
        if fields.kommune.isVisible():
            qtbot.keyClicks(fields.kommune, "0301")
        assert d.save_button.isEnabled(), d.errors()
        qtbot.keyClick(d.lovhjemmel.paragraf, Qt.Key.Key_Return)

    seen = when_modal(qtbot, VedtakDialog, register_vedtak)
    qtbot.keyClick(window, alt_key(new_vedtak.text()), ALT)
    qtbot.waitUntil(lambda: done(seen))
    assert seen[0].result() == QDialog.DialogCode.Accepted
    [tiltak] = repo.case(sak.id).tiltak
    assert tiltak.er_fosterhjem
    activate(qtbot, window)

    # 5. Frister: "Tiltaksplan mangler", Ctrl+Enter: the plan type is chosen, Enter saves
    find_deadline(qtbot, window, journal, "tiltaksplan.mangler")

    def create_plan(d: QDialog) -> None:
        assert isinstance(d, PlanDialog)
        assert d.save_button.isEnabled(), d.errors()
        qtbot.keyClick(d.startdato, Qt.Key.Key_Return)

    seen = when_modal(qtbot, PlanDialog, create_plan)
    qtbot.keyClick(window.frister_page.view, Qt.Key.Key_Enter, CTRL)  # the keypad's Enter
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    assert len(repo.case(sak.id).planer) == 1
    activate(qtbot, window)

    # 6. Frister: the follow-up visit, Ctrl+Enter, the date typed, Enter
    find_deadline(qtbot, window, journal, "oppfolging.besok")

    def register_visit(d: QDialog) -> None:
        assert isinstance(d, VisitDialog)
        retype(qtbot, d.dates[0], "23.11.2026")
        assert d.save_button.isEnabled(), d.errors()
        qtbot.keyClick(d.dates[0], Qt.Key.Key_Return)

    seen = when_modal(qtbot, VisitDialog, register_visit)
    qtbot.keyClick(window.frister_page.view, Qt.Key.Key_Return, CTRL)
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    case = repo.case(sak.id)
    assert case.visits(tiltak.id, VisitKind.OPPFOLGING) == [date(2026, 11, 23)]


# --- tables, tabs, menus ----------------------------------------------------------------------


def all_tables(window: MainWindow) -> list[QTableView]:
    return window.findChildren(QTableView)


def test_tab_leaves_every_table(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    window.show_page(PAGE_SAKER)
    window.open_case(window.ctx.register.search("", limit=1)[0].id)
    tables = all_tables(window)
    assert len(tables) > 10
    assert [t for t in tables if t.tabKeyNavigation()] == []
    window.show_page(PAGE_FRISTER)
    page = window.frister_page
    page.view.setFocus()
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    assert focused() is not page.view  # on to the next field, not the next cell
    assert page.selected_row() is not None


def test_ctrl_tab_and_ctrl_page_keys_switch_sections_and_tabs(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    repo = window.ctx.register
    window.open_case(repo.search("", limit=1)[0].id)
    view = window.cases_page.case_view
    tabs = view.tabs
    view.tabs.setCurrentIndex(0)
    view.deadline_view.setFocus()
    steps = ((Qt.Key.Key_Tab, CTRL, 1), (Qt.Key.Key_PageDown, CTRL, 2),
             (Qt.Key.Key_PageUp, CTRL, 1), (Qt.Key.Key_Backtab, CTRL | SHIFT, 0),
             (Qt.Key.Key_PageUp, CTRL, tabs.count() - 1), (Qt.Key.Key_Tab, CTRL, 0))
    for key, modifiers, expected in steps:
        qtbot.keyClick(focused(), key, modifiers)  # from inside a table of the section
        assert tabs.currentIndex() == expected, (key, modifiers)
        assert isinstance(focused(), (QTableView, type(tabs.tabBar())))
        assert tabs.isAncestorOf(focused())

    for page, tab_widget in ((PAGE_INNSTILLINGER, window.settings_page.tabs),
                             (PAGE_RAPPORTER, window.report_page.tabs)):
        window.show_page(page)
        tab_widget.setCurrentIndex(0)
        qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)
        assert tab_widget.currentIndex() == 1
        qtbot.keyClick(window, Qt.Key.Key_Tab, CTRL)
        assert tab_widget.currentIndex() == 2
        qtbot.keyClick(window, Qt.Key.Key_PageUp, CTRL)
        assert tab_widget.currentIndex() == 1


def test_menus_have_unique_mnemonics_and_show_their_shortcuts(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    bar = [a.text() for a in window.menuBar().actions()]
    assert len({mnemonic(t) for t in bar}) == len(bar), bar
    for top in window.menuBar().actions():
        texts = [a.text() for a in top.menu().actions() if a.text()]
        letters = [mnemonic(t) for t in texts]
        assert None not in letters, texts
        assert len(set(letters)) == len(letters), texts
    native = QKeySequence.SequenceFormat.NativeText
    assert window.next_step_action.shortcut().toString(native) == "Ctrl+Enter"
    assert window.next_tab_action.shortcut().toString(native) == "Ctrl+PgDown"
    assert window.previous_tab_action.shortcut().toString(native) == "Ctrl+PgUp"
    shortcuts = [a.shortcut().toString() for m in window.menuBar().actions()
                 for a in m.menu().actions() if not a.shortcut().isEmpty()]
    assert len(set(shortcuts)) == len(shortcuts)  # no key does two things


def visible_mnemonics(window: MainWindow) -> list[tuple[str, str]]:
    """(letter, text) of every mnemonic Alt+letter would reach now: the menu bar and the
    visible labels (with a buddy), buttons, check boxes and group boxes."""
    found = [(mnemonic(a.text()), a.text()) for a in window.menuBar().actions()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        text = ""
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            text = widget.text()
        elif isinstance(widget, QAbstractButton):
            text = widget.text()
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            text = widget.title()
        if mnemonic(text):
            found.append((mnemonic(text), text))
    for tabs in window.findChildren(QTabWidget):
        if tabs.isVisible():
            found += [(mnemonic(tabs.tabText(i)), tabs.tabText(i)) for i in range(tabs.count())
                      if mnemonic(tabs.tabText(i))]
    return [f for f in found if f[0]]


def assert_unique(window: MainWindow, where: str) -> None:
    QApplication.processEvents()
    found = visible_mnemonics(window)
    letters = [letter for letter, _text in found]
    twice = sorted({t for letter, t in found if letters.count(letter) > 1})
    assert not twice, f"{where}: the same Alt+letter for {twice}"


def test_every_page_has_unique_mnemonics(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    window.show_page(PAGE_FRISTER)
    window.frister_page.view.selectRow(0)
    assert_unique(window, "Frister")
    window.show_page(PAGE_RAPPORTER)
    report = window.report_page
    qtbot.waitUntil(lambda: report.report is not None and not report.busy, timeout=15000)
    for i in range(report.tabs.count()):
        report.tabs.setCurrentIndex(i)
        assert_unique(window, f"Rapporter {report.tabs.tabText(i)}")
    window.show_page(PAGE_INNSTILLINGER)
    for i in range(window.settings_page.tabs.count()):
        window.settings_page.tabs.setCurrentIndex(i)
        assert_unique(window, f"Innstillinger {window.settings_page.tabs.tabText(i)}")
    window.show_page(PAGE_SAKER)
    assert_unique(window, "Saker")
    repo = window.ctx.register
    window.open_case(repo.search("", limit=1)[0].id)
    window.cases_page.set_list_visible(True)
    tabs = window.cases_page.case_view.tabs
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        assert_unique(window, f"Saker, case {tabs.tabText(i)}")


def test_actions_are_disabled_where_they_do_nothing(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    page = window.frister_page
    window.show_page(PAGE_FRISTER)
    page.view.clearSelection()
    page.view.setCurrentIndex(page.model.index(-1, -1))
    QApplication.processEvents()
    assert not window.next_step_action.isEnabled()  # nothing selected
    assert not window.open_case_action.isEnabled()
    assert not window.next_tab_action.isEnabled()  # Frister has no tabs
    assert window.explanation_action.isEnabled() and not window.chart_action.isEnabled()
    page.view.selectRow(0)
    assert window.next_step_action.isEnabled() and window.open_case_action.isEnabled()

    window.show_page(PAGE_INNSTILLINGER)
    assert not window.next_step_action.isEnabled()
    assert window.next_tab_action.isEnabled() and window.previous_tab_action.isEnabled()
    assert not window.search_action.isEnabled()
    assert not window.explanation_action.isEnabled()

    window.show_page(PAGE_RAPPORTER)
    assert window.chart_action.isEnabled()
    window.show_page(PAGE_SAKER)
    assert window.search_action.isEnabled()
    assert not window.next_tab_action.isEnabled()  # no case open yet
    window.open_case(window.ctx.register.search("", limit=1)[0].id)
    assert window.next_tab_action.isEnabled()
