"""Fil → Importer fra SSB-fil…: a Barnevern v4 or KOSTRA 15F extract from the service's case
system.

First a dry run in the background (progress per document) and a summary of what would happen —
new children, changed cases, elements refused with SSB's Id and the reason, never a
fødselsnummer — with how many FEIL SSB's controls find in the file
(``service.controls.check_file``, the right set for its format) — then, when the person says
so, the import itself: one transaction through the application layer
(``service.import_ssb``), deadlines refreshed, audit-logged. New children get the caseworker
the file names (15F; created when missing, as the summary says), else «Ikke fordelt» — or the
one chosen in the preview for every new child.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from core.access import Action
from service import USER_ERRORS, ImportResult, Register, import_ssb
from service.controls import FileCheck, check_file
from ui.tasks import run_in_background

if TYPE_CHECKING:
    from ui.main_window import MainWindow

LISTED = 200  # findings listed in the summary (the command line's --alle lists all)


class _Progress(QObject):
    """Carries the worker's progress to the UI thread (a queued signal)."""

    step = Signal(int, int)


class ImportPreview(QDialog):
    """What the file would do, with «Importer» to carry it out."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None,
                 checked: FileCheck | None = None, caseworkers: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import from SSB file"))
        self.result = result
        self.checked = checked
        layout = QVBoxLayout(self)
        self.summary = QLabel(self.summary_text(result))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.controls = QLabel(self.controls_text(checked))
        self.controls.setWordWrap(True)
        self.controls.setAccessibleName(self.tr("SSB's controls"))
        layout.addWidget(self.controls)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlainText(self.details_text(result))
        self.details.setAccessibleName(self.tr("Cases and elements"))
        layout.addWidget(self.details, 1)
        row = QHBoxLayout()
        self.caseworker_combo = QComboBox()
        self.caseworker_combo.addItem(self.tr("As the file says"), None)
        for name in caseworkers:
            self.caseworker_combo.addItem(name, name)
        self.caseworker_combo.setAccessibleName(self.tr("Caseworker for new children"))
        self.caseworker_combo.setEnabled(bool(result.new_cases))
        self.caseworker_combo.currentIndexChanged.connect(
            lambda _i: self.summary.setText(self.summary_text(result)))
        label = QLabel(self.tr("&Caseworker for new children:"))
        label.setBuddy(self.caseworker_combo)
        row.addWidget(label)
        row.addWidget(self.caseworker_combo, 1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(self.tr("&Import"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(bool(result.new_cases or result.updated_cases))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.import_button.setDefault(True)  # once in the dialog: Enter anywhere presses it
        self.resize(640, 420)

    def summary_text(self, r: ImportResult) -> str:
        """One paragraph: documents, new, changed, unchanged, refused, not stored, and the
        caseworkers the import creates for new children."""
        text = self.tr(
            "{documents} case documents in {file}: {new} new children, {changed} changed cases, "
            "{same} unchanged. {refused} elements refused, {lost} parts the register has no "
            "place for.").format(documents=r.documents, file=Path(r.file).name,
                                 new=len(r.new_cases), changed=len(r.updated_cases),
                                 same=r.unchanged, refused=len(r.rejected),
                                 lost=len(r.not_stored))
        chosen = self.chosen_caseworker()
        if chosen is not None and r.new_cases:
            text += " " + self.tr("Every new child gets {name}.").format(name=chosen)
        elif r.new_caseworkers:
            text += " " + self.tr("New caseworkers: {names}.").format(
                names=", ".join(r.new_caseworkers))
        return text

    def chosen_caseworker(self) -> str | None:
        """The caseworker chosen for every new child (None: the one the file names, else
        «Ikke fordelt»)."""
        combo = getattr(self, "caseworker_combo", None)  # None while the dialog is built
        return combo.currentData() if combo is not None else None

    def controls_text(self, checked: FileCheck | None) -> str:
        """How many FEIL (SSB refuses the file) and ADVARSEL SSB's controls find in the file."""
        if checked is None:
            return self.tr("SSB's controls could not be run on this file.")
        return self.tr(
            "SSB's controls ({format}): {errors} FEIL (SSB would refuse the file until they are "
            "corrected), {warnings} ADVARSEL.").format(
            format=checked.format.label, errors=checked.feil, warnings=checked.advarsler)

    def details_text(self, r: ImportResult) -> str:
        """The cases and findings, one per line (journalnummer and SSB Id, never a number)."""
        new, changed = self.tr("New"), self.tr("Changed")
        lines = [f"{new}: {c.journalnummer} – {c.summary()}" for c in r.new_cases]
        lines += [f"{changed}: {c.journalnummer} – {c.summary()}" for c in r.updated_cases]
        for title, findings in ((self.tr("Refused"), r.rejected),
                                (self.tr("Not stored"), r.not_stored),
                                (self.tr("Note"), r.notes)):
            lines += [f"{title}: {f.element} {f.ssb_id} – {f.reason}" for f in findings]
        more = len(lines) - LISTED
        shown = lines[:LISTED]
        if more > 0:
            shown.append(self.tr("… and {n} more lines").format(n=more))
        return "\n".join(shown)


class SsbImport(QObject):
    """The File menu's import action and its flow for the window's register."""

    imported = Signal(object)  # ImportResult, after a real import

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction(self.tr("&Import from SSB file…"), window)
        self.action.triggered.connect(lambda _checked=False: self.choose_file())
        self.preview: ImportPreview | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.update_action()

    def update_action(self) -> None:
        ctx = self.window.ctx
        self.action.setEnabled(ctx is not None and ctx.register.is_open()
                               and ctx.may(Action.IMPORT))

    def choose_file(self) -> None:
        """Ask for the file, then show what it would do."""
        name, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import from SSB file"), str(Path.home()),
            self.tr("SSB files (*.xml *.zip);;All files (*)"))
        if name:
            self.start(Path(name), dry_run=True)

    def start(self, path: Path, *, dry_run: bool, saksbehandler: str | None = None) -> None:
        """Read ``path`` in the background: a dry run (then the summary) or the import
        (``saksbehandler``: the caseworker chosen for every new child)."""
        ctx = self.window.ctx
        if ctx is None:
            return
        register = ctx.register
        steps = _Progress(self)
        dialog = QProgressDialog(self.tr("Reading {name}…").format(name=path.name), "", 0, 0,
                                 self.window)
        dialog.setCancelButton(None)  # one transaction: it finishes or changes nothing
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        steps.step.connect(lambda done, total: (dialog.setMaximum(total), dialog.setValue(done)))
        self.progress_dialog = dialog

        def work() -> tuple[ImportResult, FileCheck | None]:
            own = register.reopen()  # a connection of the worker thread's own
            try:
                result = import_ssb(own, path, dry_run, saksbehandler=saksbehandler,
                                    progress=lambda done, total: steps.step.emit(done, total))
                return result, _controls(own, path) if dry_run else None
            finally:
                own.close()

        def finished() -> None:
            dialog.close()
            self.progress_dialog = None

        def done(found: tuple[ImportResult, FileCheck | None]) -> None:
            if not shiboken6.isValid(self.window):
                return
            finished()
            result, checked = found
            if dry_run:
                self.show_preview(path, result, checked)
            else:
                self.window.statusBar().showMessage(self.tr(
                    "Imported from {name}: {new} new children, {changed} changed cases.").format(
                    name=path.name, new=len(result.new_cases),
                    changed=len(result.updated_cases)), 15000)
                ctx.data_changed.emit()
                self.imported.emit(result)

        def failed(error: Exception) -> None:
            if not shiboken6.isValid(self.window):
                return
            finished()
            text = str(error) if isinstance(error, USER_ERRORS) else self.tr(
                "Unexpected error ({kind}); nothing was imported.").format(
                kind=type(error).__name__)
            QMessageBox.warning(self.window, self.tr("Import from SSB file"), text)

        run_in_background(work, done, failed)

    def show_preview(self, path: Path, result: ImportResult,
                     checked: FileCheck | None = None) -> None:
        """The dry run's summary; «Importer» runs the import."""
        ctx = self.window.ctx
        names = ([c.navn for c in ctx.register.caseworkers() if c.aktiv]
                 if ctx is not None else [])
        preview = ImportPreview(result, self.window, checked, names)
        preview.accepted.connect(lambda: self.start(
            path, dry_run=False, saksbehandler=preview.chosen_caseworker()))
        self.preview = preview
        preview.open()


def _controls(register: Register, path: Path) -> FileCheck | None:
    """SSB's controls on the file for the preview; None when they cannot run (the import's own
    summary has said what is wrong with the file)."""
    try:
        return check_file(register, path)
    except USER_ERRORS:
        return None
