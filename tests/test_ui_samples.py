"""Innstillinger → Stikkprøver with real widgets: draw from the dialog by keyboard, review by
keyboard (avvik needs a note, said at the field), export the list; leaders only; fits 1024x600."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from core.access import Role
from core.periods import year
from core.samples import SampleKind
from service.samples import list_samples, sample_items
from tests.conftest import DEMO_TODAY
from tests.security_support import add_user, audit_rows, sign_in_as
from ui.context import AppContext
from ui.samples_tab import DrawDialog, SamplesTab


@pytest.fixture
def tab(qtbot, demo_register):
    widget = SamplesTab(AppContext(demo_register, lambda: DEMO_TODAY))
    qtbot.addWidget(widget)
    widget.resize(1024, 600)
    widget.show()
    widget.refresh()
    return widget


def _when_dialog(qtbot, kind: type, act) -> None:
    """When a dialog of ``kind`` is up, let ``act`` work it (as a person would)."""

    def answer() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, kind) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(50, answer)
            return
        act(dialog)

    QTimer.singleShot(50, answer)


def test_draw_from_the_dialog_by_keyboard_review_and_export(qtbot, tab, tmp_path):
    def fill(dialog: DrawDialog) -> None:
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(
            SampleKind.KONKLUDERTE_UNDERSOKELSER))
        dialog.period_chooser.set_period(year(2026))
        dialog.size_spin.setValue(4)
        dialog.seed_edit.setFocus()
        qtbot.keyClicks(dialog.seed_edit, "4242")
        qtbot.keyClick(dialog.seed_edit, Qt.Key.Key_Return)

    _when_dialog(qtbot, DrawDialog, fill)
    tab.draw_button.setFocus()
    qtbot.keyClick(tab.draw_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.samples_model.rowCount() == 1)
    record = tab.current_sample()
    assert (record.kind, record.seed, record.items) == \
        (SampleKind.KONKLUDERTE_UNDERSOKELSER, 4242, 4)
    assert "4242" in tab.status_label.text() and "frø" in tab.status_label.text()
    assert tab.items_model.rowCount() == 4 and tab.current_item().nr == 1

    # a deviation without a note is refused at the field, in Norwegian
    tab.result_combo.setCurrentIndex(tab.result_combo.findData("avvik"))
    tab.note_edit.setFocus()
    qtbot.keyClick(tab.note_edit, Qt.Key.Key_Return)
    assert tab.error_label.text() == "Skriv en merknad som beskriver avviket"
    assert tab.focusWidget() is tab.note_edit  # the field that needs the note
    qtbot.keyClicks(tab.note_edit, "Samtale med barnet mangler")
    qtbot.keyClick(tab.note_edit, Qt.Key.Key_Return)
    assert tab.error_label.text() == ""
    assert tab.current_item().nr == 2  # on to the next matter
    tab.result_combo.setCurrentIndex(tab.result_combo.findData("ok"))
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    items = sample_items(tab.ctx.register, record.id)
    assert [(i.resultat, i.merknad) for i in items[:3]] == \
        [("avvik", "Samtale med barnet mangler"), ("ok", ""), (None, "")]
    assert tab.samples_model.data(tab.samples_model.index(0, 5)) == "2/4"

    target = tmp_path / "liste.xlsx"

    def save(dialog) -> None:
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        name.setText(str(target))
        qtbot.keyClick(name, Qt.Key.Key_Return)

    from PySide6.QtWidgets import QFileDialog

    _when_dialog(qtbot, QFileDialog, save)
    tab.ask_export()
    assert target.exists() and str(target) in tab.status_label.text()
    cells = [c.value for row in openpyxl.load_workbook(target).active.iter_rows() for c in row]
    assert "Samtale med barnet mangler" in cells
    assert {i.journalnummer for i in items} <= set(cells)
    assert len(audit_rows(tab.ctx.register, "stikkprove_eksportert")) == 1


def test_a_bad_seed_is_said_in_the_dialog(qtbot, tab):
    dialog = DrawDialog(tab.ctx, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.seed_edit, "tolv")
    qtbot.keyClick(dialog.seed_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error_label.text() == \
        "Frøet må være et heltall fra 0 til 2147483647"


def test_a_period_without_matters_is_said_and_nothing_is_stored(tab):
    tab.draw(SampleKind.HENLAGTE_MELDINGER, year(1995), 5, 1)
    assert "Ingen henlagte meldinger" in tab.error_label.text()
    assert list_samples(tab.ctx.register) == []


def test_the_tab_is_on_the_leaders_report_page_and_its_table_follows(qtbot, demo_register):
    from ui.report_page import ReportPage

    page = ReportPage(AppContext(demo_register, lambda: DEMO_TODAY))
    qtbot.addWidget(page)
    assert page.tabs.tabText(page.samples_index) == "Stikkprøver"
    page.tabs.setCurrentIndex(page.samples_index)
    with qtbot.waitSignal(page.samples_tab.changed):
        page.samples_tab.draw(SampleKind.HENLAGTE_MELDINGER, year(2026), 3, 8)
    assert page.samples_tab.samples_model.rowCount() == 1 and page._stale


def test_a_saksbehandler_cannot_use_it(qtbot, demo_register):
    add_user(demo_register, "sb", Role.SAKSBEHANDLER,
             saksbehandler=demo_register.caseworkers()[0].navn)
    demo_register.close()
    reg = sign_in_as(demo_register, "sb")
    try:
        tab = SamplesTab(AppContext(reg, lambda: DEMO_TODAY))
        qtbot.addWidget(tab)
        tab.refresh()
        assert "har ikke tilgang til å ta ut rapporter" in tab.error_label.text()
        assert tab.samples_model.rowCount() == 0
    finally:
        reg.close()


def test_the_tab_fits_1024x600(qtbot, tab):
    tab.draw(SampleKind.HENLAGTE_MELDINGER, year(2026), 8, 5)
    QApplication.processEvents()
    assert tab.minimumSizeHint().width() <= 1000 and tab.minimumSizeHint().height() <= 560
    for widget in (tab.draw_button, tab.export_button, tab.save_button, tab.note_edit,
                   tab.items_view):
        assert widget.isVisible() and widget.width() > 0 and widget.height() > 0
        assert tab.rect().contains(widget.geometry().center() if widget.parent() is tab
                                   else widget.mapTo(tab, widget.rect().center()))
