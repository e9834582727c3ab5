"""The Rapporter page and its dialogs (pytest-qt, offscreen, real SQLite in tmp_path)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from core.periods import date_range, month, tertial, year
from core.report import INDICATOR_KEYS, INDICATOR_SPECS, SECTION_NAMES
from service.reports import default_file_name, load_report
from storage.workbook import DETAIL_SHEET
from ui.context import AppContext
from ui.report_export_dialog import ReportExportDialog
from ui.report_page import (
    PeriodChooser,
    ReportPage,
    ReportTableModel,
    ScorecardModel,
    last_complete,
    percent,
)
from ui.targets_dialog import TargetsDialog, parse_percent, percent_text

TODAY = date(2026, 11, 23)
WAIT_MS = 15_000


@pytest.fixture
def ctx(demo_register):
    return AppContext(demo_register, today=lambda: TODAY)


@pytest.fixture
def page(qtbot, ctx):
    widget = ReportPage(ctx)
    qtbot.addWidget(widget)
    yield widget
    qtbot.waitUntil(lambda: not widget.busy, timeout=WAIT_MS)


def shown(qtbot, page: ReportPage) -> ReportPage:
    page.show()
    qtbot.waitUntil(lambda: page.report is not None and not page.busy, timeout=WAIT_MS)
    return page


def expected_report(ctx: AppContext, period, measured=None):
    return load_report(ctx.register, period, measured).report


# --- period chooser -------------------------------------------------------------------------------


def test_default_period_is_the_last_complete_month(qtbot) -> None:
    chooser = PeriodChooser(TODAY)
    qtbot.addWidget(chooser)
    assert chooser.period() == month(2026, 10)
    assert last_complete("tertial", TODAY) == tertial(2026, 2)
    assert last_complete("year", TODAY) == year(2025)
    assert last_complete("range", TODAY) == date_range(date(2026, 10, 1), date(2026, 10, 31))
    chooser.kind_combo.setCurrentIndex(chooser.kind_combo.findData("tertial"))
    assert chooser.period() == tertial(2026, 2)
    chooser.set_period(date_range(date(2026, 1, 15), date(2026, 3, 1)))
    assert chooser.kind() == "range" and chooser.range.isVisibleTo(chooser)
    assert chooser.period() == date_range(date(2026, 1, 15), date(2026, 3, 1))


# --- the page -------------------------------------------------------------------------------------


def test_page_computes_and_shows_the_scorecard(qtbot, page: ReportPage, ctx) -> None:
    assert page.report is None  # nothing is computed while hidden
    shown(qtbot, page)
    report = page.report
    assert report.period == month(2026, 10) and report.measured == date(2026, 10, 31)
    expected = expected_report(ctx, month(2026, 10))
    model = page.scorecard_model
    assert model.rowCount() == len(INDICATOR_KEYS)
    for row, ind in enumerate(expected.indicators):
        assert model.data(model.index(row, ScorecardModel.COL_LABEL)) == ind.label
        assert model.data(model.index(row, ScorecardModel.COL_NUM)) == str(ind.numerator)
        assert model.data(model.index(row, ScorecardModel.COL_DEN)) == str(ind.denominator)
        assert model.data(model.index(row, ScorecardModel.COL_VALUE)) == percent(ind.value)
        tooltip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
        assert ind.definition in tooltip
    header = model.headerData(ScorecardModel.COL_PREV, Qt.Orientation.Horizontal)
    assert "september 2026" in header
    assert len(page.chart.series()) == 1
    assert [s.label() for s in page.chart.series()[0].barSets()] and \
        page.chart.series()[0].barSets()[0].count() == len(INDICATOR_KEYS)
    assert page.live_layout.rowCount() == len(report.live) + 1
    for name in SECTION_NAMES:
        view = page.section_tabs[name]
        assert view.combo.count() == len(report.sections[name])
        assert view.model.table is report.sections[name][0]
    assert "oktober 2026" in page.status_label.text()


def test_a_running_year_is_measured_today_and_said_to_be_so_far(qtbot, page: ReportPage,
                                                                 ctx) -> None:
    shown(qtbot, page)
    page.set_period(year(2026))
    qtbot.waitUntil(lambda: page.report.period == year(2026) and not page.busy,
                    timeout=WAIT_MS)
    assert page.measured() == TODAY and page.report.measured == TODAY
    assert page.measured_edit.date().toPython() == TODAY
    assert "2026 (så langt, til 23.11.2026)" in page.status_label.text()
    assert page.measured_edit.maximumDate().toPython() == TODAY  # no day to come can be chosen
    page.set_period(year(2027))  # has not begun: one Norwegian line, no figures of zeros
    qtbot.waitUntil(lambda: not page.busy and page._stale is False, timeout=WAIT_MS)
    assert "har ikke begynt ennå" in page.status_label.text()
    # and no figures of the year before are left under the new year's name
    assert page.report is None and page.scorecard_model.rowCount() == 0
    assert page.chart.series() == [] and page.live_layout.rowCount() == 0


def test_choosing_a_month_and_measurement_date_recomputes(qtbot, page: ReportPage, ctx) -> None:
    shown(qtbot, page)
    page.set_period(month(2026, 6), date(2026, 6, 15))
    qtbot.waitUntil(lambda: page.report.period == month(2026, 6) and not page.busy,
                    timeout=WAIT_MS)
    assert page.report.measured == date(2026, 6, 15)
    expected = expected_report(ctx, month(2026, 6), date(2026, 6, 15))
    assert [i.numerator for i in page.report.indicators] == \
        [i.numerator for i in expected.indicators]
    page.period_end_check.setChecked(True)
    qtbot.waitUntil(lambda: page.report.measured == date(2026, 6, 30) and not page.busy,
                    timeout=WAIT_MS)


def test_measurement_date_before_the_period_is_refused(qtbot, page: ReportPage) -> None:
    shown(qtbot, page)
    with qtbot.waitSignal(page.computation_failed, timeout=WAIT_MS) as failed:
        page.set_period(month(2026, 6), date(2026, 5, 1))
    assert "er før periodens start" in failed.args[0]
    # the last report's figures are not left under the new period's name
    assert page.report is None and page.scorecard_model.rowCount() == 0


def test_refresh_is_lazy_while_hidden(qtbot, page: ReportPage, ctx) -> None:
    shown(qtbot, page)
    first = page.report
    page.hide()
    ctx.data_changed.emit()
    qtbot.wait(2 * 200 + 50)
    assert page.report is first and not page.busy
    page.show()
    qtbot.waitUntil(lambda: page.report is not first and not page.busy, timeout=WAIT_MS)


def test_models_pass_the_model_tester(qtbot, qtmodeltester, page: ReportPage) -> None:
    empty = ScorecardModel()
    qtmodeltester.check(empty)
    shown(qtbot, page)
    qtmodeltester.check(page.scorecard_model)
    for table in page.report.tables:
        model = ReportTableModel()
        model.set_table(table)
        qtmodeltester.check(model)
    qtmodeltester.check(ReportTableModel())


def test_targets_change_recomputes_the_visible_page(qtbot, page: ReportPage, ctx) -> None:
    shown(qtbot, page)
    first = page.report
    dialog = TargetsDialog(ctx, 2026, page)
    qtbot.addWidget(dialog)
    dialog.edits["tiltaksplan"].setText("90")
    assert dialog.save()
    qtbot.waitUntil(lambda: page.report is not first and not page.busy, timeout=WAIT_MS)
    assert page.report.indicator("tiltaksplan").target == 0.9
    row = list(INDICATOR_KEYS).index("tiltaksplan")
    model = page.scorecard_model
    assert model.data(model.index(row, ScorecardModel.COL_TARGET)) == "90,0 %"


# --- export dialog --------------------------------------------------------------------------------


def test_export_dialog_profiles_and_privacy_options(qtbot, ctx) -> None:
    dialog = ReportExportDialog(ctx, month(2026, 10), date(2026, 10, 31))
    qtbot.addWidget(dialog)
    assert dialog.political_radio.isChecked() and dialog.suppress_check.isChecked()
    assert not dialog.detail_check.isEnabled() and not dialog.names_check.isEnabled()
    assert dialog.options().profil == "politisk" and dialog.options().suppressing
    assert Path(dialog.path_edit.text()).name == default_file_name(month(2026, 10), "politisk")
    dialog.internal_radio.setChecked(True)
    assert not dialog.suppress_check.isChecked() and dialog.detail_check.isEnabled()
    assert not dialog.names_check.isEnabled()
    assert Path(dialog.path_edit.text()).name == default_file_name(month(2026, 10), "intern")
    dialog.detail_check.setChecked(True)
    assert dialog.names_check.isEnabled()
    dialog.names_check.setChecked(True)
    options = dialog.options()
    assert (options.profil, options.detail, options.names, options.suppressing) == \
        ("intern", True, True, False)
    dialog.political_radio.setChecked(True)
    assert not dialog.detail_check.isChecked() and not dialog.names_check.isChecked()
    assert dialog.suppress_check.isChecked()
    dialog.suppress_check.setChecked(False)
    assert dialog.warning_label.text()  # a political workbook without «<5» is warned about


def test_export_writes_the_workbook_and_logs_it(qtbot, ctx, tmp_path: Path) -> None:
    dialog = ReportExportDialog(ctx, month(2026, 10), date(2026, 10, 31))
    qtbot.addWidget(dialog)
    dialog.internal_radio.setChecked(True)
    dialog.detail_check.setChecked(True)
    target = tmp_path / "ut" / "rapport"
    target.parent.mkdir()
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS):
        dialog.start_export(target)
        assert dialog.busy and dialog.progress.isVisibleTo(dialog)
    written = target.with_name("rapport.xlsx")
    assert dialog.result_.path == written and written.exists()
    assert not dialog.busy and not dialog.progress.isVisibleTo(dialog)
    assert str(written) in dialog.status_label.text()
    wb = openpyxl.load_workbook(written)
    assert DETAIL_SHEET in wb.sheetnames and "Målekort" in wb.sheetnames
    logged = ctx.register.exports()[0]
    assert logged.profil == "intern" and logged.filnavn == str(written.resolve())
    assert logged.valg["detaljliste"] is True and logged.valg["navn"] is False
    assert logged.valg["kilde"] == "app" and logged.bruker == ctx.register.user.brukernavn


def test_export_error_is_a_norwegian_message(qtbot, ctx, tmp_path: Path) -> None:
    dialog = ReportExportDialog(ctx, month(2026, 10), date(2026, 10, 31))
    qtbot.addWidget(dialog)
    blocked = tmp_path / "rapport.xlsx"
    blocked.mkdir()
    with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS):
        dialog.start_export(blocked)
    assert "er en mappe" in dialog.error_text and "Traceback" not in dialog.status_label.text()
    assert dialog.error_text in dialog.status_label.text()
    assert ctx.register.exports() == [] and not dialog.busy
    assert dialog.export_button.isEnabled()


# --- targets dialog -------------------------------------------------------------------------------


def test_percent_parsing() -> None:
    assert parse_percent("90") == 0.9
    assert parse_percent(" 87,5 % ") == 0.875
    assert parse_percent("87.5") == 0.875
    assert parse_percent("") is None
    for bad in ("120", "-5", "ni", "5,5,5"):
        with pytest.raises(ValueError):
            parse_percent(bad)
    assert percent_text(0.875) == "87,5" and percent_text(0.9) == "90"
    assert percent_text(None) == "" and percent_text(0.0) == "0" and percent_text(1.0) == "100"


def test_targets_dialog_saves_shares_and_shows_history(qtbot, ctx) -> None:
    dialog = TargetsDialog(ctx, 2026)
    qtbot.addWidget(dialog)
    assert all(edit.text() == "" for edit in dialog.edits.values())
    dialog.edits["tiltaksplan"].setText("90")
    dialog.edits["undersokelse_fristbrudd"].setText("5,5")
    with qtbot.waitSignal(ctx.data_changed):
        assert dialog.save()
    assert ctx.register.targets(2026) == {"tiltaksplan": 0.9, "undersokelse_fristbrudd": 0.055}
    assert dialog.history_table.rowCount() == 2
    labels = {dialog.history_table.item(r, 1).text() for r in range(2)}
    assert labels == {"Andel med tiltaksplan", "Andel undersøkelser med fristbrudd"}
    assert dialog.history_table.item(0, 4).text() == ctx.register.user.brukernavn

    dialog.edits["tiltaksplan"].setText("120")
    assert not dialog.save()
    assert "Andel med tiltaksplan" in dialog.status_label.text()
    assert ctx.register.targets(2026)["tiltaksplan"] == 0.9  # nothing written

    dialog.edits["tiltaksplan"].setText("")
    assert dialog.save()
    assert "tiltaksplan" not in ctx.register.targets(2026)
    assert dialog.history_table.rowCount() == 3


def test_targets_dialog_copies_the_previous_year(qtbot, ctx) -> None:
    ctx.register.set_targets(2025, {spec.key: 0.8 for spec in INDICATOR_SPECS})
    dialog = TargetsDialog(ctx, 2026)
    qtbot.addWidget(dialog)
    dialog.copy_previous_year()
    assert ctx.register.targets(2026) == {}  # not saved until asked
    assert dialog.dirty()
    assert dialog.save()
    assert ctx.register.targets(2026) == dict.fromkeys(INDICATOR_KEYS, 0.8)
    dialog.year_spin.setValue(2025)
    assert dialog.edits["tiltaksplan"].text() == "80"
