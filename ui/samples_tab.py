"""Rapporter → Stikkprøver (leder only, as the page): draw an audit sample, list the draws,
review each drawn matter (ok / avvik with a note) and export the reviewers' list.

Everything goes through ``service.samples`` (role checks, one transaction, audit rows); this
module is the widgets. Keyboard: the buttons have mnemonics, the two tables and the review
fields are in the tab order, Enter in the note saves the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.dates import fmt
from core.samples import MAX_SEED, MAX_SIZE, SampleKind
from service import USER_ERRORS
from service.samples import (
    SampleItem,
    SampleRecord,
    default_sample_file_name,
    draw_sample,
    export_sample,
    list_samples,
    new_seed,
    record_result,
    sample_items,
)
from ui.context import AppContext
from ui.folders import ask_save_path, export_folder
from ui.report_page import PeriodChooser
from ui.table_model import Index, RowTableModel

SETTINGS_FOLDER = "stikkprove/mappe"
Column = tuple[str, Callable[[Any], str]]


class ColumnModel(RowTableModel):
    """Read-only rows; each column a (title, text of the row) pair."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__([title for title, _text in columns], parent)
        self._texts = [text for _title, text in columns]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.index_row(index)
        if row is None or role not in (Qt.ItemDataRole.DisplayRole,
                                       Qt.ItemDataRole.ToolTipRole):
            return None
        return self._texts[index.column()](row)


class DrawDialog(QDialog):
    """Kind, period, size and seed (empty: a new random one, shown after the draw)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Draw an audit sample"))
        form = QFormLayout(self)
        self.kind_combo = QComboBox()
        for kind in SampleKind:
            self.kind_combo.addItem(kind.label, kind)
        self.period_chooser = PeriodChooser(ctx.today())
        self.size_spin = QSpinBox()
        self.size_spin.setRange(1, MAX_SIZE)
        self.size_spin.setValue(10)
        self.seed_edit = QLineEdit()
        self.seed_edit.setPlaceholderText(self.tr("Empty: a new random seed"))
        self.seed_edit.setToolTip(self.tr(
            "The same kind, stored period (a running period ends on the day drawn) and seed "
            "draw the same list again, from the records as they stand: a matter concluded "
            "later with a date in the period can change it"))
        for text, widget in ((self.tr("&Kind:"), self.kind_combo),
                             (self.tr("&Period:"), self.period_chooser),
                             (self.tr("&Size:"), self.size_spin),
                             (self.tr("S&eed:"), self.seed_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        form.addRow(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Draw"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def seed(self) -> int | None:
        """The seed typed (None when empty); ValueError (Norwegian) for anything else."""
        text = self.seed_edit.text().strip()
        if not text:
            return None
        if not text.isdigit() or int(text) > MAX_SEED:
            raise ValueError(self.tr("The seed must be a whole number from 0 to {max}").format(
                max=MAX_SEED))
        return int(text)

    def _check(self) -> None:
        try:
            self.seed()
        except ValueError as error:
            self.error_label.setText(str(error))
            self.seed_edit.setFocus()
            return
        self.accept()


class SamplesTab(QWidget):
    """The draws (newest first) above the drawn matters of the selected draw and their review.
    Emits ``changed`` after a draw or a review (the report's summary table counts them)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Random, repeatable samples of closed matters for internal "
                               "control. The reviewers' list holds journal numbers, never "
                               "names or national identity numbers."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        top = QHBoxLayout()
        self.draw_button = QPushButton(self.tr("&Draw sample…"))
        self.draw_button.clicked.connect(self.ask_draw)
        self.export_button = QPushButton(self.tr("E&xport list…"))
        self.export_button.clicked.connect(self.ask_export)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setProperty("role", "muted")
        top.addWidget(self.draw_button)
        top.addWidget(self.export_button)
        top.addWidget(self.status_label, 1)
        layout.addLayout(top)

        self.samples_model = ColumnModel([
            (self.tr("No."), lambda r: str(r.id)),
            (self.tr("Kind"), lambda r: r.kind.label),
            (self.tr("Period"), lambda r: f"{fmt(r.start)}–{fmt(r.end)}"),
            (self.tr("Drawn"), lambda r: self.tr("{n} of {m}").format(n=r.items,
                                                                       m=r.population)),
            (self.tr("Seed"), lambda r: str(r.seed)),
            (self.tr("Reviewed"), lambda r: f"{r.reviewed}/{r.items}"),
            (self.tr("Deviations"), lambda r: str(r.avvik)),
            (self.tr("Drawn by"), lambda r: f"{r.drawn_by}, {r.drawn_at:%d.%m.%Y}"),
        ], self)
        self.items_model = ColumnModel([
            (self.tr("No."), lambda i: str(i.nr)),
            (self.tr("Journal number"), lambda i: i.journalnummer or self.tr("(deleted)")),
            (self.tr("Caseworker"), lambda i: i.saksbehandler),
            (self.tr("From"), lambda i: fmt(i.fra)),
            (self.tr("To"), lambda i: fmt(i.til)),
            (self.tr("Code"), lambda i: i.kode),
            (self.tr("Result"), lambda i: self._result_text(i.resultat)),
            (self.tr("Note"), lambda i: i.merknad),
        ], self)
        self.samples_view = self._table(self.samples_model, "samplesTable")
        self.items_view = self._table(self.items_model, "sampleItemsTable")
        self.samples_view.selectionModel().currentRowChanged.connect(
            lambda *_a: self._show_items())
        self.items_view.selectionModel().currentRowChanged.connect(
            lambda *_a: self._show_item())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.samples_view)
        splitter.addWidget(self.items_view)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)  # the matters under review get the room
        layout.addWidget(splitter, 1)

        review = QHBoxLayout()
        self.result_combo = QComboBox()
        self.result_combo.addItem(self.tr("Not reviewed"), None)
        self.result_combo.addItem(self.tr("OK"), "ok")
        self.result_combo.addItem(self.tr("Deviation"), "avvik")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("Note (required for a deviation)"))
        self.note_edit.returnPressed.connect(self.save_result)
        self.save_button = QPushButton(self.tr("&Save result"))
        self.save_button.clicked.connect(self.save_result)
        result_label = QLabel(self.tr("&Result:"))
        result_label.setBuddy(self.result_combo)
        note_label = QLabel(self.tr("N&ote:"))
        note_label.setBuddy(self.note_edit)
        for widget, stretch in ((result_label, 0), (self.result_combo, 0), (note_label, 0),
                                (self.note_edit, 1), (self.save_button, 0)):
            review.addWidget(widget, stretch)
        layout.addLayout(review)
        self.error_label = QLabel()
        self.error_label.setObjectName("sampleError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        for first, second in ((self.draw_button, self.export_button),
                              (self.export_button, self.samples_view),
                              (self.samples_view, self.items_view),
                              (self.items_view, self.result_combo),
                              (self.result_combo, self.note_edit),
                              (self.note_edit, self.save_button)):
            QWidget.setTabOrder(first, second)
        self._show_item()

    def _table(self, model: RowTableModel, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setTabKeyNavigation(False)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _result_text(self, resultat: str | None) -> str:
        return {None: "", "ok": self.tr("OK"), "avvik": self.tr("Deviation")}.get(
            resultat, resultat or "")

    # --- reading ----------------------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        """Read the draws again (keeping, or moving to, the selected one)."""
        current = self.current_sample()
        wanted = select if select is not None else (current.id if current else None)
        try:
            records = list_samples(self.ctx.register)
        except USER_ERRORS as error:
            self.error_label.setText(str(error))
            return
        self.samples_model.set_rows(records)
        at = next((n for n, r in enumerate(records) if r.id == wanted), 0 if records else -1)
        if at >= 0:
            self.samples_view.selectRow(at)
        self._show_items()

    def current_sample(self) -> SampleRecord | None:
        index = self.samples_view.currentIndex()
        return self.samples_model.row_at(index.row()) if index.isValid() else None

    def current_item(self) -> SampleItem | None:
        index = self.items_view.currentIndex()
        return self.items_model.row_at(index.row()) if index.isValid() else None

    def _show_items(self, keep: int | None = None) -> None:
        record = self.current_sample()
        self.export_button.setEnabled(record is not None)
        items: list[SampleItem] = []
        if record is not None:
            try:
                items = sample_items(self.ctx.register, record.id)
            except USER_ERRORS as error:
                self.error_label.setText(str(error))
        self.items_model.set_rows(items)
        at = next((n for n, i in enumerate(items) if i.nr == keep), 0 if items else -1)
        if at >= 0:
            self.items_view.selectRow(at)
        self._show_item()

    def _show_item(self) -> None:
        item = self.current_item()
        for widget in (self.result_combo, self.note_edit, self.save_button):
            widget.setEnabled(item is not None)
        self.result_combo.setCurrentIndex(
            max(0, self.result_combo.findData(item.resultat if item else None)))
        self.note_edit.setText(item.merknad if item else "")

    # --- actions ----------------------------------------------------------------------------------

    def ask_draw(self) -> None:
        """The draw dialog; on «Draw» the sample is drawn, stored and selected."""
        dialog = self.dialog = DrawDialog(self.ctx, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            self.draw(SampleKind(dialog.kind_combo.currentData()), dialog.period_chooser.period(),
                      dialog.size_spin.value(), dialog.seed())
        finally:
            self.dialog = None
            dialog.deleteLater()

    def draw(self, kind: SampleKind, period: Any, size: int, seed: int | None) -> None:
        self.error_label.clear()
        try:
            record = draw_sample(self.ctx.register, kind, period, size,
                                 new_seed() if seed is None else seed)
        except USER_ERRORS as error:
            self.error_label.setText(str(error))
            return
        self.status_label.setText(self.tr(
            "Sample {no}: {n} of {m} drawn with seed {seed}.").format(
            no=record.id, n=record.items, m=record.population, seed=record.seed))
        self.refresh(select=record.id)
        self.items_view.setFocus()
        self.changed.emit()

    def save_result(self) -> None:
        record, item = self.current_sample(), self.current_item()
        if record is None or item is None:
            return
        self.error_label.clear()
        try:
            record_result(self.ctx.register, record.id, item.nr,
                          self.result_combo.currentData(), self.note_edit.text())
        except USER_ERRORS as error:
            self.error_label.setText(str(error))
            (self.note_edit if self.result_combo.currentData() else self.result_combo).setFocus()
            return
        self.refresh()
        self._show_items(keep=item.nr)
        self.changed.emit()
        next_row = min(self.items_view.currentIndex().row() + 1, self.items_model.rowCount() - 1)
        self.items_view.selectRow(next_row)
        self.items_view.setFocus()

    def ask_export(self) -> None:
        record = self.current_sample()
        if record is None:
            return
        start = export_folder(QSettings().value(SETTINGS_FOLDER, ""))
        path = ask_save_path(self, self, self.tr("Export sample list"),
                             start / default_sample_file_name(record),
                             self.tr("Excel workbook (*.xlsx)"), "xlsx")
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> Path | None:
        record = self.current_sample()
        if record is None:
            return None
        self.error_label.clear()
        try:
            written = export_sample(self.ctx.register, record.id, path)
        except USER_ERRORS as error:
            self.error_label.setText(str(error))
            return None
        QSettings().setValue(SETTINGS_FOLDER, str(written.parent))
        self.status_label.setText(self.tr("The list was written to {path}.").format(
            path=written))
        return written
