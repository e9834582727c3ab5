"""Rapporter → «Lever til SSB…»: a year's cases as a file for SSB, and SSB's complaints first.

The format (Barnevern v4, or KOSTRA 15F), the year (``service.ssb_delivery.default_year``), the
municipality (the register's from its last SSB file, or typed here the first time) and the file
(a suggested name in the last export folder). «Skriv fil» runs ``service.ssb_delivery.deliver``
in the background on its own connection: the export (role-checked, validated against SSB's XSD,
logged) and then SSB's controls on the written file. The dialog then shows what was written,
what was left out with the reason (SSB's Id and journalnummer, never a fødselsnummer), and how
many FEIL and ADVARSEL SSB's controls find in the file. Leaders only: the page shows the button
to those with the export permission, and the service checks it again.
"""

from __future__ import annotations

import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from service import USER_ERRORS
from service.ssb import FIRST_YEAR
from service.ssb_delivery import (
    FORMATS,
    Delivery,
    default_file_name,
    default_year,
    deliver,
    stored_avgiver,
)
from storage.ssb_v4 import Avgiver
from ui.context import AppContext
from ui.folders import export_folder
from ui.tasks import failure_text, run_in_background

log = logging.getLogger(__name__)

SETTINGS_FOLDER = "ssb/mappe"
GOOD, BAD = "#2e6b3a", "#b3261e"
LISTED = 200  # lines of «not written» shown (the command line lists all)


class SsbExportDialog(QDialog):
    """Format, year, municipality and file; the export and SSB's controls in the background."""

    delivered = Signal(object)  # Delivery
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.delivery: Delivery | None = None
        self.error_text: str | None = None
        self._busy = False
        self._typed: Avgiver | None = None
        self.setWindowTitle(self.tr("Deliver to SSB"))
        try:
            self.stored = stored_avgiver(ctx.register)
        except USER_ERRORS:
            self.stored = None
        self._build()

    # --- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Write the cases of a year as a file for Statistics Norway (SSB). "
                               "SSB's controls are then run on the file, so you see what SSB "
                               "would complain about before you send it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.format_combo = QComboBox()
        self.format_combo.addItem(self.tr("Barnevern v4 (zip, one document per case)"), "v4")
        self.format_combo.addItem(self.tr("KOSTRA 15F (one XML file for the municipality)"),
                                  "15f")
        self.format_combo.setAccessibleName(self.tr("Format"))
        self._add_row(form, self.tr("F&ormat:"), self.format_combo)
        today = self.ctx.today()
        self.year_spin = QSpinBox()
        self.year_spin.setRange(FIRST_YEAR, today.year)
        self.year_spin.setValue(default_year(today))
        self.year_spin.setAccessibleName(self.tr("Year"))
        self._add_row(form, self.tr("&Year:"), self.year_spin)
        a = self.stored or Avgiver("", "", "")
        self.kommunenummer_edit = self._line(a.kommunenummer, 4, self.tr("Municipality number"))
        self.kommunenavn_edit = self._line(a.kommunenavn, 250, self.tr("Municipality name"))
        self.orgnr_edit = self._line(a.organisasjonsnummer, 9,
                                     self.tr("Organisation number"))
        self._add_row(form, self.tr("&Municipality number:"), self.kommunenummer_edit)
        self._add_row(form, self.tr("Municipality &name:"), self.kommunenavn_edit)
        self._add_row(form, self.tr("Or&ganisation number:"), self.orgnr_edit)
        file_row = QHBoxLayout()
        self.path_edit = QLineEdit(str(self._default_path()))
        self.path_edit.setAccessibleName(self.tr("File"))
        self.browse_button = QPushButton(self.tr("&Choose…"))
        self.browse_button.setAutoDefault(False)  # Enter in the form writes the file
        self.browse_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        file_label = QLabel(self.tr("&File:"))
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, file_row)
        layout.addLayout(form)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Writing the file"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setTabChangesFocus(True)
        self.details.setAccessibleName(self.tr("Not written"))
        self.details.hide()
        layout.addWidget(self.details, 1)

        self.buttons = QDialogButtonBox()
        self.write_button = self.buttons.addButton(self.tr("&Write file"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.write_button.clicked.connect(self._write_clicked)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.write_button.setDefault(True)  # once in the dialog: Enter anywhere presses it
        self.format_combo.currentIndexChanged.connect(lambda _i: self._follow_defaults())
        self.year_spin.valueChanged.connect(lambda _v: self._follow_defaults())
        self._shown_name = Path(self.path_edit.text()).name
        self.setMinimumWidth(560)

    def _add_row(self, form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)

    def _line(self, text: str, length: int, name: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setMaxLength(length)
        edit.setAccessibleName(name)
        return edit

    def _default_path(self) -> Path:
        folder = export_folder(QSettings().value(SETTINGS_FOLDER, ""))
        return folder / default_file_name(self.fmt(), self.year_spin.value())

    def _follow_defaults(self) -> None:
        """A suggested file name follows the format and year; a name typed here stays."""
        current = Path(self.path_edit.text())
        if current.name == self._shown_name:
            wanted = default_file_name(self.fmt(), self.year_spin.value())
            self.path_edit.setText(str(current.with_name(wanted)))
            self._shown_name = wanted

    # --- choices ----------------------------------------------------------------------------------

    def fmt(self) -> str:
        """"v4" or "15f"."""
        return str(self.format_combo.currentData())

    def avgiver(self) -> Avgiver | None:
        """The municipality typed here (None: leave it to the register's); ValueError
        (Norwegian) for one that cannot be written."""
        given = Avgiver(self.orgnr_edit.text().strip(), self.kommunenummer_edit.text().strip(),
                        self.kommunenavn_edit.text().strip(), *(
                            (self.stored.bydelsnummer, self.stored.bydelsnavn)
                            if self.stored else ("", "")))
        if given == self.stored:
            return None
        if not any((given.organisasjonsnummer, given.kommunenummer, given.kommunenavn)):
            raise ValueError("Oppgi kommunenummer, kommunenavn og organisasjonsnummer; "
                             "registeret har ingen avgiver fra før")
        problems = given.problems()
        if problems:
            raise ValueError(f"Avgiveren kan ikke brukes: {'; '.join(problems)}")
        return given

    def target(self) -> Path:
        """The file to write, with the format's suffix when none was typed."""
        path = Path(self.path_edit.text().strip()).expanduser()
        return path if path.suffix else path.with_suffix(FORMATS[self.fmt()])

    def choose_file(self) -> None:
        """Ask for the file name (the native dialog)."""
        suffix = FORMATS[self.fmt()]
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the SSB file as"), self.path_edit.text(),
            self.tr("SSB file (*%1)").replace("%1", suffix))
        if chosen:
            path = Path(chosen)
            self.path_edit.setText(str(path if path.suffix else path.with_suffix(suffix)))

    # --- writing ----------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def _write_clicked(self) -> None:
        if not self.path_edit.text().strip():
            self._show_error(self.tr("Choose the file to write."))
            self.path_edit.setFocus()
            return
        path = self.target()
        if path.is_file() and QMessageBox.question(
                self, self.tr("Replace file?"),
                self.tr("«%1» already exists. Replace it?").replace("%1", path.name)
        ) != QMessageBox.StandardButton.Yes:
            return
        self.start(path)

    def start(self, path: Path) -> None:
        """Write the file and run SSB's controls on it, in the background."""
        if self._busy:
            return
        try:
            avgiver = self.avgiver()
        except ValueError as error:
            self._show_error(str(error))
            self.kommunenummer_edit.setFocus()
            return
        register, year, fmt = self.ctx.register, self.year_spin.value(), self.fmt()
        self._typed = avgiver

        def work() -> Delivery:
            own = register.reopen()  # a connection of the worker thread's own
            try:
                return deliver(own, path, year, fmt, avgiver=avgiver)
            finally:
                own.close()

        def done(delivery: Delivery) -> None:
            if shiboken6.isValid(self):
                self._done(delivery)

        def failed(error: Exception) -> None:
            if shiboken6.isValid(self):
                self._failed(error)

        self._set_busy(True)
        self.delivery, self.error_text = None, None
        self.details.hide()
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Writing %1…").replace("%1", path.name))
        run_in_background(work, done, failed)

    def _done(self, delivery: Delivery) -> None:
        self._set_busy(False)
        self.delivery = delivery
        if self._typed is not None:  # the register remembers it now
            self.stored = self._typed
        QSettings().setValue(SETTINGS_FOLDER, str(delivery.export.path.parent))
        self.status_label.setStyleSheet(f"color: {GOOD if self._clean(delivery) else BAD};")
        self.status_label.setText(self.summary_text(delivery))
        self.details.setPlainText(self.details_text(delivery))
        self.details.setVisible(bool(delivery.export.findings))
        self.close_button.setFocus()
        self.delivered.emit(delivery)

    @staticmethod
    def _clean(delivery: Delivery) -> bool:
        return delivery.controls is not None and delivery.controls.feil == 0

    def summary_text(self, d: Delivery) -> str:
        """What was written, how much was left out, and SSB's verdict on the file."""
        e = d.export
        text = self.tr("%1 for %2 written to %3: %4 cases, %5 left out.").replace(
            "%1", e.format).replace("%2", str(e.year)).replace("%3", str(e.path)).replace(
            "%4", str(e.cases)).replace("%5", str(e.left_out))
        if d.controls is None:
            return text + " " + self.tr("SSB's controls could not be run on the file.")
        verdict = (self.tr("SSB would refuse the file until they are corrected.")
                   if d.controls.feil else self.tr("Nothing that stops the delivery."))
        return text + " " + self.tr(
            "SSB's controls on the file: %1 FEIL, %2 ADVARSEL. %3 Innstillinger → "
            "Datakvalitet lists them case by case.").replace(
            "%1", str(d.controls.feil)).replace("%2", str(d.controls.advarsler)).replace(
            "%3", verdict)

    def details_text(self, d: Delivery) -> str:
        """Each element not written with its reason (SSB's Id and journalnummer)."""
        title = self.tr("Not written")
        lines = [f"{title}: {f.element} {f.ssb_id} ({f.journalnummer}) – {f.reason}"
                 for f in d.export.findings]
        more = len(lines) - LISTED
        shown = lines[:LISTED]
        if more > 0:
            shown.append(self.tr("… and %1 more").replace("%1", str(more)))
        return "\n".join(shown)

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        text = failure_text(error, "SSB-leveransen")
        self._show_error(text)

    def _show_error(self, text: str) -> None:
        self.error_text = text
        self.status_label.setStyleSheet(f"color: {BAD};")
        self.status_label.setText(self.tr("No file was written: %1").replace("%1", text))
        self.failed.emit(text)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        for widget in (self.write_button, self.close_button, self.browse_button, self.path_edit,
                       self.format_combo, self.year_spin, self.kommunenummer_edit,
                       self.kommunenavn_edit, self.orgnr_edit):
            widget.setEnabled(not busy)

    def reject(self) -> None:
        if not self._busy:  # the export finishes (and is logged) before the dialog can close
            super().reject()
