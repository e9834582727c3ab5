"""«Eksporter til Excel…»: privacy options, the file, and the export in the background.

Profile «politisk» (aggregates only, small numbers as «<5» by default) or «intern» (optionally
with the internal detail list of open deadlines, names only when asked). The export runs on its
own database connection (``run_in_background``), writes atomically and is recorded in the export
log; errors are shown as Norwegian sentences, never as a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.dates import fmt
from core.periods import Period
from service.reports import (
    ExportOptions,
    ExportResult,
    default_file_name,
    export_report,
    load_report,
    xlsx_path,
)
from ui.context import AppContext
from ui.folders import export_folder
from ui.tasks import failure_text, run_in_background

log = logging.getLogger(__name__)

SETTINGS_FOLDER = "rapport/mappe"
GOOD, BAD, WARN = "#2e6b3a", "#b3261e", "#8a5a00"


class ReportExportDialog(QDialog):
    """Choose profile, privacy options and file; export with a progress indicator."""

    exported = Signal(object)  # ExportResult
    failed = Signal(str)

    def __init__(self, ctx: AppContext, period: Period, measured: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.period = period
        self.measured = measured
        self.result_: ExportResult | None = None
        self.error_text: str | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Export to Excel"))
        self.setMinimumWidth(560)
        self._build()
        self._profile_changed()

    # --- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Report for %1 (%2), measurement date %3.").replace(
            "%1", self.period.label).replace("%2", self.period.dates_text).replace(
            "%3", fmt(self.measured)))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        profiles = QWidget()
        row = QVBoxLayout(profiles)
        row.setContentsMargins(0, 0, 0, 0)
        self.political_radio = QRadioButton(self.tr("&Political – aggregates only, for the "
                                                    "committee"))
        self.internal_radio = QRadioButton(self.tr("&Internal – for the service's own use"))
        self.political_radio.setChecked(True)
        self.profile_group = QButtonGroup(self)
        self.profile_group.addButton(self.political_radio)
        self.profile_group.addButton(self.internal_radio)
        row.addWidget(self.political_radio)
        row.addWidget(self.internal_radio)
        form.addRow(self.tr("Profile:"), profiles)

        options = QWidget()
        column = QVBoxLayout(options)
        column.setContentsMargins(0, 0, 0, 0)
        self.suppress_check = QCheckBox(self.tr("&Show counts from 1 to 4 as «<5»"))
        self.suppress_check.setToolTip(self.tr("Small numbers can identify a child in a small "
                                               "municipality"))
        self.detail_check = QCheckBox(self.tr("Add the sheet «Intern detaljliste» (open and "
                                              "overdue deadlines per case)"))
        self.detail_check.setToolTip(self.tr("Journal number, caseworker, deadline and due date "
                                             "– never the national identity number"))
        self.names_check = QCheckBox(self.tr("Include the child's &name in the detail list"))
        names_row = QHBoxLayout()
        names_row.setContentsMargins(24, 0, 0, 0)
        names_row.addWidget(self.names_check)
        column.addWidget(self.suppress_check)
        column.addWidget(self.detail_check)
        column.addLayout(names_row)
        form.addRow(self.tr("Privacy:"), options)

        file_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setText(str(self._default_path()))
        self.path_edit.setAccessibleName(self.tr("File"))
        self.browse_button = QPushButton(self.tr("&Choose…"))
        self.browse_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        file_label = QLabel(self.tr("&File:"))
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, file_row)
        layout.addLayout(form)

        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(f"color: {WARN};")
        layout.addWidget(self.warning_label)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Exporting"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("&Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_folder_button = self.buttons.addButton(self.tr("Open &folder"),
                                                         QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._export_clicked)
        self.open_folder_button.clicked.connect(self._open_folder)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

        self.political_radio.toggled.connect(self._profile_changed)
        self.detail_check.toggled.connect(self._options_changed)
        self.suppress_check.toggled.connect(self._options_changed)

    def _default_path(self, profil: str = "politisk") -> Path:
        folder = export_folder(QSettings().value(SETTINGS_FOLDER, ""))
        return folder / default_file_name(self.period, profil)

    # --- options ----------------------------------------------------------------------------------

    def profile(self) -> str:
        return "intern" if self.internal_radio.isChecked() else "politisk"

    def options(self) -> ExportOptions:
        internal = self.profile() == "intern"
        detail = internal and self.detail_check.isChecked()
        return ExportOptions(profil=self.profile(), suppress_small=self.suppress_check.isChecked(),
                             detail=detail, names=detail and self.names_check.isChecked())

    def _profile_changed(self) -> None:
        internal = self.profile() == "intern"
        self.suppress_check.setChecked(not internal)  # the profile's default
        self.detail_check.setEnabled(internal)
        if not internal:
            self.detail_check.setChecked(False)
        # Follow the profile in the suggested file name unless the user typed their own.
        current = Path(self.path_edit.text())
        other = "politisk" if internal else "intern"
        if current.name == default_file_name(self.period, other):
            self.path_edit.setText(str(current.with_name(
                default_file_name(self.period, self.profile()))))
        self._options_changed()

    def _options_changed(self) -> None:
        detail = self.detail_check.isEnabled() and self.detail_check.isChecked()
        self.names_check.setEnabled(detail)
        if not detail:
            self.names_check.setChecked(False)
        warnings = []
        if self.profile() == "politisk" and not self.suppress_check.isChecked():
            warnings.append(self.tr("Without «<5» small numbers may identify a child. Keep it on "
                                    "for reports that leave the service."))
        if self.profile() == "intern":
            warnings.append(self.tr("Internal workbook: not for the political committee."))
        self.warning_label.setText(" ".join(warnings))
        self.warning_label.setVisible(bool(warnings))

    # --- file -------------------------------------------------------------------------------------

    def choose_file(self) -> Path | None:
        """Ask for the file name (native dialog); returns it, or None if cancelled."""
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save the report as"),
                                                self.path_edit.text(),
                                                self.tr("Excel workbook (*.xlsx)"))
        if not chosen:
            return None
        path = xlsx_path(chosen)
        self.path_edit.setText(str(path))
        return path

    def _export_clicked(self) -> None:
        text = self.path_edit.text().strip()
        path = xlsx_path(text) if text else self.choose_file()
        if path is None:
            return
        if path.is_file() and QMessageBox.question(
                self, self.tr("Replace file?"),
                self.tr("«%1» already exists. Replace it?").replace("%1", path.name)
        ) != QMessageBox.StandardButton.Yes:
            return
        self.start_export(path)

    # --- export -----------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def start_export(self, path: str | Path) -> None:
        """Build and write the workbook to ``path`` in the background and log the export."""
        if self._busy:
            return
        options = self.options()
        try:
            options.check()
        except ValueError as error:
            self._show_error(str(error))
            return
        target = xlsx_path(path)
        register = self.ctx.register
        period, measured = self.period, self.measured

        def work() -> ExportResult:
            own = register.reopen()  # a connection of the worker thread's own
            try:
                data = load_report(own, period, measured, history=options.history)
                return export_report(own, data, target, options, source="app")
            finally:
                own.close()

        self._set_busy(True)
        self.result_, self.error_text = None, None
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Writing %1…").replace("%1", target.name))
        run_in_background(work, self._guard(self._done), self._guard(self._failed))

    def _guard(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        def call(value: object) -> None:
            if shiboken6.isValid(self):
                callback(value)
        return call

    def _done(self, result: ExportResult) -> None:
        self._set_busy(False)
        self.result_ = result
        QSettings().setValue(SETTINGS_FOLDER, str(result.path.parent))
        self.status_label.setStyleSheet(f"color: {GOOD};")
        self.status_label.setText(self.tr("The report is saved: %1").replace(
            "%1", str(result.path)))
        self.open_folder_button.show()
        self.exported.emit(result)

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        text = failure_text(error, "Eksporten")
        self._show_error(text)

    def _show_error(self, text: str) -> None:
        self.error_text = text
        self.status_label.setStyleSheet(f"color: {BAD};")
        self.status_label.setText(self.tr("The report was not saved: %1").replace("%1", text))
        self.failed.emit(text)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        for widget in (self.export_button, self.close_button, self.browse_button, self.path_edit,
                       self.political_radio, self.internal_radio, self.suppress_check):
            widget.setEnabled(not busy)
        if busy:
            self.detail_check.setEnabled(False)
            self.names_check.setEnabled(False)
            self.open_folder_button.hide()
        else:
            self.detail_check.setEnabled(self.profile() == "intern")
            self._options_changed()

    def _open_folder(self) -> None:
        if self.result_ is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_.path.parent)))

    def reject(self) -> None:
        if not self._busy:  # the export finishes (and is logged) before the dialog can close
            super().reject()
