"""Fil → Importer fra SSB-fil…: a dry run's summary first, then the import, through real widgets
on real encrypted registers (the file is the demo municipality's own Barnevern v4 export)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from service import export_ssb, import_ssb, sign_in
from storage.ssb_v4 import Avgiver
from tests.conftest import new_register
from ui.main_window import MainWindow

TODAY = date(2026, 11, 23)
AVGIVER = Avgiver("999888777", "3999", "Fjordvik")


@pytest.fixture
def extract(demo_register, tmp_path):
    """The demo municipality's cases of 2026 as a v4 zip, and how many cases it holds."""
    result = export_ssb(demo_register, tmp_path / "uttrekk.zip", 2026, avgiver=AVGIVER)
    return result.path, result.cases


@pytest.fixture
def window(qtbot, tmp_path):
    """The window on a new, empty register, signed in as its leader."""
    path = tmp_path / "tom.db"
    new_register(path).close()
    win = MainWindow(path, today=lambda: TODAY, credentials=("tester", "passord123"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(win.is_ready, timeout=15000)
    return win


def saker(window: MainWindow) -> int:
    return window.ctx.register.stats().get("saker", 0)


def test_a_dry_run_shows_what_would_happen_then_import_writes_it(qtbot, window, extract):
    path, cases = extract
    importer = window.ssb_import
    assert importer.action.isEnabled() and importer.action.text() == "&Importer fra SSB-fil…"
    importer.start(path, dry_run=True)
    qtbot.waitUntil(lambda: importer.preview is not None, timeout=30000)
    preview = importer.preview
    plan = preview.result
    new = len(plan.new_cases)
    assert plan.documents == cases and 0 < new <= cases
    assert preview.summary.text().startswith(f"{cases} saksdokumenter i uttrekk.zip: {new} nye "
                                             "barn, 0 endrede saker, 0 uendret.")
    details = preview.details.toPlainText()
    assert details.count("Ny: ") == new
    assert details.count("Avvist: ") == len(plan.rejected)  # each with SSB's Id and why
    assert saker(window) == 0  # a dry run writes nothing
    assert preview.import_button.isEnabled()

    with qtbot.waitSignal(importer.imported, timeout=60000) as imported:
        preview.import_button.click()
    assert len(imported.args[0].new_cases) == new == saker(window)
    assert window.statusBar().currentMessage().startswith(
        f"Importert fra uttrekk.zip: {new} nye barn")

    importer.preview = None  # the same file again: nothing to import
    importer.start(path, dry_run=True)
    qtbot.waitUntil(lambda: importer.preview is not None, timeout=30000)
    assert f"0 nye barn, 0 endrede saker, {new} uendret" in importer.preview.summary.text()
    assert not importer.preview.import_button.isEnabled()


def test_a_bad_file_is_one_norwegian_message_and_nothing_written(qtbot, window, tmp_path,
                                                                  monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    bad = tmp_path / "ikke-xml.xml"
    bad.write_text("dette er ikke XML", encoding="utf-8")
    window.ssb_import.start(bad, dry_run=True)
    qtbot.waitUntil(lambda: bool(said), timeout=15000)
    assert len(said) == 1 and "Traceback" not in said[0] and "XML" in said[0]
    assert saker(window) == 0 and window.ssb_import.preview is None


def test_a_caseworker_may_not_import(qtbot, demo_path):
    from core.access import Role
    from storage.users import User

    leader = sign_in(demo_path, "demo", "demo", daily_backup=False)
    leader.add_user(User("kari", "Kari Saksbehandler", Role.SAKSBEHANDLER), "passord123")
    leader.close()
    win = MainWindow(demo_path, today=lambda: TODAY, credentials=("kari", "passord123"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(win.is_ready, timeout=15000)
    assert not win.ssb_import.action.isEnabled()


def test_the_dry_run_of_a_15f_file_shows_how_many_feil_ssb_would_find(qtbot, window):
    example = (Path(__file__).resolve().parent / "data" / "ssb15f"
               / "Testfil_21_OK_2020_15F_for_3401.xml")
    importer = window.ssb_import
    importer.start(example, dry_run=True)
    qtbot.waitUntil(lambda: importer.preview is not None, timeout=30000)
    preview = importer.preview
    assert preview.result.format == "KOSTRA Barnevern (15F)" and len(preview.result.new_cases) == 4
    assert preview.checked is not None and preview.checked.feil == 0
    assert preview.controls.text().startswith("SSBs kontroller (KOSTRA Barnevern (15F)): 0 FEIL")
    assert saker(window) == 0


def test_the_preview_counts_the_feil_of_a_file(qtbot, tmp_path, demo_register):
    from service.controls import check_file
    from ui.ssb_import import ImportPreview

    bad = tmp_path / "ugyldig.xml"  # the OK example with a melder that lacks its code
    example = (Path(__file__).resolve().parent / "data" / "ssb15f"
               / "Testfil_21_OK_2020_15F_for_3401.xml")
    bad.write_bytes(example.read_bytes().replace(b'<Melder Kode="1"/>', b"<Melder/>", 1))
    checked = check_file(demo_register, bad)
    plan = import_ssb(demo_register, example, dry_run=True)
    preview = ImportPreview(plan, None, checked)
    qtbot.addWidget(preview)
    assert checked.feil == 1  # the XSD (the melding has other melders)
    assert "1 FEIL (SSB avviser filen til de er rettet), 0 ADVARSEL" in preview.controls.text()
