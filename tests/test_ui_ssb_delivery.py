"""Rapporter → «Lever til SSB…» (``ui.ssb_export``), the 15F choice in Innstillinger →
Datakvalitet, and the import preview's new caseworkers — real widgets offscreen on real
encrypted registers, driven from the keyboard where a person would type.

The delivery's defaults (``service.ssb_delivery``) are hand-worked: 28.02.2027 offers 2026 (SSB's
KOSTRA deadline season), 01.03.2027 offers 2027.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication

from core.access import Role
from service import import_ssb
from service.controls import check_file
from service.controls_15f import RegisterCheck15
from service.ssb_delivery import default_file_name, default_year, deliver, stored_avgiver
from storage.errors import SsbFileError
from tests.conftest import new_register
from tests.security_support import add_user
from tests.security_support import signed_in as sign_in_as
from tests.test_ssb_15f import OK_FILE
from tests.test_ssb_v4 import run
from ui.context import AppContext
from ui.quality_tab import KOSTRA_15F, V4, QualityTab
from ui.report_page import ReportPage
from ui.ssb_export import SsbExportDialog
from ui.ssb_import import ImportPreview

TODAY = date(2026, 11, 23)
WAIT_MS = 30_000
SMALL = QSize(1024, 600)


@pytest.fixture
def ctx(demo_register):
    return AppContext(demo_register, today=lambda: TODAY)


@pytest.fixture
def dialog(qtbot, ctx):
    widget = SsbExportDialog(ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    qtbot.waitUntil(lambda: not widget.busy, timeout=WAIT_MS)


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


# --- defaults -------------------------------------------------------------------------------------


def test_the_year_and_file_name_offered():
    assert default_year(date(2027, 2, 28)) == 2026
    assert default_year(date(2027, 3, 1)) == 2027
    assert default_year(date(2026, 12, 31)) == 2026
    assert default_file_name("v4", 2026) == "barnevern-v4-2026.zip"
    assert default_file_name("15f", 2025) == "kostra-15f-2025.xml"
    with pytest.raises(ValueError, match="Ukjent format «v3»"):
        default_file_name("v3", 2026)


@pytest.mark.usefixtures("cli_login")
def test_the_command_uses_the_same_year_when_none_is_given(demo_path, tmp_path, capsys):
    out = tmp_path / "kostra.xml"
    code, text, err = run(capsys, "ssb-eksport", "--db", str(demo_path), "--format", "15f",
                          "--ut", str(out), "--kommunenummer", "3999", "--kommunenavn",
                          "Fjordvik", "--orgnr", "999888777")
    assert code == 0, err
    assert f"for {default_year(date.today())} skrevet til" in text and out.is_file()


# --- the report page ------------------------------------------------------------------------------


def test_only_those_who_may_export_see_the_button(qtbot, demo_path):
    leader = sign_in_as(demo_path)
    add_user(leader, "sb", Role.SAKSBEHANDLER, leader.caseworkers()[0].navn)
    page = ReportPage(AppContext(leader, today=lambda: TODAY))
    qtbot.addWidget(page)
    assert page.ssb_button.isVisibleTo(page) and page.ssb_button.text() == "Lever til SS&B…"
    leader.close()
    worker = sign_in_as(demo_path, "sb", "passord123")
    other = ReportPage(AppContext(worker, today=lambda: TODAY))
    qtbot.addWidget(other)
    assert not other.ssb_button.isVisibleTo(other)
    with pytest.raises(Exception, match="ikke tilgang til å eksportere"):
        deliver(worker, Path("x.zip"), 2026, "v4")
    worker.close()


def test_the_button_opens_the_dialog(qtbot, ctx):
    page = ReportPage(ctx)
    qtbot.addWidget(page)
    page.ssb_button.click()
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, SsbExportDialog)]
    assert opened and opened[-1].isVisible() and opened[-1].windowTitle() == "Lever til SSB"
    opened[-1].close()
    qtbot.waitUntil(lambda: page.busy is False, timeout=WAIT_MS)


# --- the dialog -----------------------------------------------------------------------------------


def test_a_15f_delivery_from_the_keyboard_shows_ssbs_complaints(qtbot, dialog, ctx, tmp_path):
    assert dialog.year_spin.value() == 2026 and dialog.fmt() == "v4"
    assert Path(dialog.path_edit.text()).name == "barnevern-v4-2026.zip"
    assert dialog.kommunenummer_edit.text() == ""  # the demo register knows no municipality
    # keyboard: the format combo first, then the year, the municipality and the file
    dialog.format_combo.setFocus()
    qtbot.keyClick(dialog.format_combo, Qt.Key.Key_Down)
    assert dialog.fmt() == "15f"
    assert Path(dialog.path_edit.text()).name == "kostra-15f-2026.xml"  # follows the format
    order = [dialog.format_combo, dialog.year_spin, dialog.kommunenummer_edit,
             dialog.kommunenavn_edit, dialog.orgnr_edit, dialog.path_edit]
    for here, there in itertools.pairwise(order):
        assert here.hasFocus()
        qtbot.keyClick(here, Qt.Key.Key_Tab)
        assert there.hasFocus(), there.accessibleName()
    target = tmp_path / "kostra.xml"
    type_into(qtbot, dialog.path_edit, str(target))
    with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # «Skriv fil» is the default
    assert dialog.error_text.startswith("Oppgi kommunenummer, kommunenavn og "
                                        "organisasjonsnummer")
    assert dialog.status_label.text().startswith("Ingen fil ble skrevet: ")
    assert not target.exists() and dialog.kommunenummer_edit.hasFocus()
    qtbot.keyClicks(dialog.kommunenummer_edit, "399")  # one digit short
    type_into(qtbot, dialog.kommunenavn_edit, "Fjordvik")
    type_into(qtbot, dialog.orgnr_edit, "999888777")
    with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS):
        qtbot.keyClick(dialog.orgnr_edit, Qt.Key.Key_Return)
    assert "kommunenummeret må ha 4 siffer" in dialog.error_text and not target.exists()
    type_into(qtbot, dialog.kommunenummer_edit, "3999")
    with qtbot.waitSignal(dialog.delivered, timeout=WAIT_MS) as signal:
        qtbot.keyClick(dialog.kommunenummer_edit, Qt.Key.Key_Return)
        assert dialog.busy and not dialog.write_button.isEnabled()
    delivery = signal.args[0]
    assert target.is_file() and delivery.export.path == target
    on_file = check_file(ctx.register, target, 2026)
    assert delivery.controls.feil == on_file.feil > 0  # the demo's 2026 codes 15F lacks
    status = dialog.status_label.text()
    assert status.startswith(f"KOSTRA Barnevern (15F) for 2026 skrevet til {target}: "
                             f"{delivery.export.cases} saker, {delivery.export.left_out} "
                             "utelatt.")
    assert f"SSBs kontroller på filen: {on_file.feil} FEIL, {on_file.advarsler} ADVARSEL. " \
           "SSB vil avvise filen til feilene er rettet." in status
    assert dialog.details.isVisibleTo(dialog)
    lines = dialog.details.toPlainText().splitlines()
    assert len(lines) == len(delivery.export.findings) > 0
    assert all(line.startswith("Ikke skrevet: ") for line in lines)
    assert all(f.journalnummer in lines[n] for n, f in enumerate(delivery.export.findings))
    fnrs = {c.sak.fodselsnummer for c in ctx.register.repository_for_report().iter_cases()}
    assert not any(n and n in dialog.details.toPlainText() + status for n in fnrs)
    # the register remembers the municipality; the next dialog offers it
    assert stored_avgiver(ctx.register).kommunenummer == "3999"
    logged = ctx.register.exports()[0]
    assert logged.profil == "ssb-15f" and logged.valg["kilde"] == "app"
    again = SsbExportDialog(ctx)
    qtbot.addWidget(again)
    assert (again.kommunenummer_edit.text(), again.kommunenavn_edit.text(),
            again.orgnr_edit.text()) == ("3999", "Fjordvik", "999888777")
    assert again.avgiver() is None  # unchanged: the register's own is used


def test_a_v4_file_that_cannot_be_written_is_one_norwegian_message(qtbot, dialog, ctx,
                                                                   tmp_path):
    type_into(qtbot, dialog.kommunenummer_edit, "3999")
    type_into(qtbot, dialog.kommunenavn_edit, "Fjordvik")
    type_into(qtbot, dialog.orgnr_edit, "999888777")
    dialog.path_edit.setText(str(tmp_path / "en.xml"))  # many cases need a zip
    with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS):
        dialog.write_button.click()
    assert "skrives som et zip-arkiv" in dialog.error_text
    assert "Traceback" not in dialog.status_label.text()
    assert ctx.register.exports() == [] and not (tmp_path / "en.xml").exists()
    assert dialog.write_button.isEnabled() and not dialog.details.isVisibleTo(dialog)
    dialog.path_edit.setText(str(tmp_path / "alle"))  # no suffix: the format's
    with qtbot.waitSignal(dialog.delivered, timeout=WAIT_MS) as signal:
        dialog.write_button.click()
    assert signal.args[0].export.path == tmp_path / "alle.zip" and signal.args[0].controls
    assert (tmp_path / "alle.zip").is_file()
    assert "Barnevern v4 for 2026 skrevet til" in dialog.status_label.text()


def test_the_dialog_fits_a_small_screen(qtbot, dialog, tmp_path):
    dialog.path_edit.setText(str(tmp_path / "k.xml"))
    dialog.format_combo.setCurrentIndex(1)
    for edit, text in ((dialog.kommunenummer_edit, "3999"), (dialog.kommunenavn_edit, "Fjordvik"),
                       (dialog.orgnr_edit, "999888777")):
        edit.setText(text)
    with qtbot.waitSignal(dialog.delivered, timeout=WAIT_MS):
        dialog.write_button.click()
    assert dialog.details.isVisibleTo(dialog)
    for size in (dialog.minimumSizeHint(), dialog.sizeHint()):
        assert size.width() <= SMALL.width() and size.height() <= SMALL.height()


def test_a_bad_target_is_refused_before_anything_is_written(demo_register, tmp_path):
    folder = tmp_path / "mappe.zip"
    folder.mkdir()
    with pytest.raises(SsbFileError, match="er en mappe"):
        deliver(demo_register, folder, 2026, "v4")
    assert demo_register.exports() == []


# --- Datakvalitet: the 15F choice -----------------------------------------------------------------


def test_the_quality_tab_runs_the_15f_controls_and_opens_the_case(qtbot, ctx):
    tab = QualityTab(ctx)
    qtbot.addWidget(tab)
    assert tab.format_combo.currentData() == V4  # v4 stays the default
    tab.format_combo.setCurrentIndex(tab.format_combo.findData(KOSTRA_15F))
    assert tab.format_combo.currentText() == "KOSTRA 15F"
    with qtbot.waitSignal(tab.finished, timeout=WAIT_MS):
        tab.run_button.click()
    check = tab.result
    assert isinstance(check, RegisterCheck15) and tab.model.rowCount() == len(check.findings) > 0
    assert tab.status.text().startswith(f"2026 (KOSTRA 15F): {check.cases} saker i filen "
                                        "registeret ville skrevet.")
    assert "6 kontroller er ikke kjørt: kommunen er ikke kjent" in tab.status.text()
    first = [tab.model.index(0, c).data() for c in range(tab.model.columnCount())]
    assert first[0] == "Feil" and first[1] == "Melding Kontroll 5" and first[4].startswith(
        "melding ")
    row = next(r for r in range(tab.model.rowCount()) if tab.model.finding(r).record == "melding")
    finding = tab.model.finding(row)
    tab.view.setCurrentIndex(tab.model.index(row, 0))
    with qtbot.waitSignal(tab.open_case_requested) as opened:
        tab.open_button.click()
    assert opened.args == [finding.sak_id, ("melding", finding.record_id)]
    tab.format_combo.setCurrentIndex(tab.format_combo.findData(V4))  # another format: cleared
    assert tab.result is None and tab.model.rowCount() == 0


# --- the import preview ---------------------------------------------------------------------------


def test_the_import_preview_names_the_caseworkers_it_creates(qtbot, tmp_path):
    reg = new_register(tmp_path / "a.db")
    plan = import_ssb(reg, OK_FILE, dry_run=True)
    preview = ImportPreview(plan)
    qtbot.addWidget(preview)
    assert preview.summary.text().endswith(" Nye saksbehandlere: Sara Saksbehandler.")
    import_ssb(reg, OK_FILE)
    again = ImportPreview(import_ssb(reg, OK_FILE, dry_run=True))  # now known: nothing to say
    qtbot.addWidget(again)
    assert "saksbehandler" not in again.summary.text()
    reg.close()


def test_a_caseworker_chosen_in_the_preview_gets_every_new_child(qtbot, tmp_path):
    from storage.records import Caseworker
    from ui.main_window import MainWindow

    path = tmp_path / "tom.db"
    reg = new_register(path)
    reg.save_caseworker(Caseworker("Kari Nordmann", "Team A", True, False))
    reg.close()
    window = MainWindow(path, today=lambda: TODAY, credentials=("tester", "passord123"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=15000)
    importer = window.ssb_import
    importer.start(OK_FILE, dry_run=True)
    qtbot.waitUntil(lambda: importer.preview is not None, timeout=WAIT_MS)
    preview = importer.preview
    combo = preview.caseworker_combo
    assert combo.currentData() is None and combo.currentText() == "Som filen sier"
    assert preview.summary.text().endswith(" Nye saksbehandlere: Sara Saksbehandler.")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the keyboard picks Kari
    assert combo.currentData() == "Kari Nordmann"
    assert preview.summary.text().endswith(" Alle nye barn får Kari Nordmann.")
    with qtbot.waitSignal(importer.imported, timeout=WAIT_MS) as imported:
        qtbot.keyClick(combo, Qt.Key.Key_Return)  # «Importer» is the default button
    assert imported.args[0].new_caseworkers == () and len(imported.args[0].new_cases) == 4
    register = window.ctx.register
    assert {c.sak.saksbehandler for c in register.repository_for_report().iter_cases()} == \
        {"Kari Nordmann"}
    assert [c.navn for c in register.caseworkers()] == ["Kari Nordmann"]
