"""Innstillinger → Datakvalitet: SSB's controls on the register, on request.

The findings of ``service.controls.check_ssb`` (Barnevern v4, the default) or of
``service.controls_15f.check_register_15f`` (KOSTRA 15F: on what the register's 15F file for
the year would contain, each finding placed on its case and record) for a reporting year, listed
by control or by
caseworker (and narrowed to one caseworker); a row opens its case at the record it concerns
(``open_case_requested(sak_id, (record, record_id))``), and the field is named in the row.
The run is in the background on its own connection, and it is logged (so it runs when asked,
never on every change). A saksbehandler sees their own cases only, as everywhere.
"""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.dates import fmt
from core.ssb_15f_controls import CONTROLS as CONTROLS_15F
from core.ssb_controls import CONTROLS, FIRST_YEAR, ControlResult, Finding, Severity
from service import USER_ERRORS
from service.controls import check_ssb
from service.controls_15f import RegisterCheck15, check_register_15f
from ui.context import AppContext
from ui.fit import FlowLayout, labelled
from ui.table_model import Index, RowTableModel
from ui.tasks import run_in_background

log = logging.getLogger(__name__)

BY_CONTROL, BY_CASEWORKER = 0, 1
V4, KOSTRA_15F = "v4", "15f"
_CONTROL_ORDER = {c.id: i for i, c in enumerate(CONTROLS)}
_CONTROL_ORDER_15F = {c.id: i for i, c in enumerate(CONTROLS_15F)}
_SEVERITY_ORDER = {Severity.FEIL: 0, Severity.ADVARSEL: 1, Severity.INFO: 2}
ERROR_COLOR = "#b3261e"


class FindingModel(RowTableModel):
    """One finding per row: severity, control, caseworker, journal number, record, field,
    message."""

    COL_SEVERITY, COL_CONTROL, COL_WORKER, COL_JOURNAL, COL_RECORD, COL_FIELD, COL_MESSAGE = \
        range(7)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent=parent)
        self.headers = [self.tr("Severity"), self.tr("Control"), self.tr("Caseworker"),
                        self.tr("Journal number"), self.tr("Record"), self.tr("Field"),
                        self.tr("Message")]
        self.severity_text = {Severity.FEIL: self.tr("Error"),
                              Severity.ADVARSEL: self.tr("Warning"),
                              Severity.INFO: self.tr("Information")}

    finding = RowTableModel.row_at

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        f: Finding | None = self.index_row(index)
        if f is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            record = f.record if f.record_id is None else f"{f.record} {f.record_id}"
            return (self.severity_text[f.severity], f.control_id, f.saksbehandler,
                    f.journalnummer, record, f.field or "–", f.message)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and f.severity is Severity.FEIL \
                and index.column() == self.COL_SEVERITY:
            return QColor(ERROR_COLOR)
        return None


class QualityTab(QWidget):
    """Year, grouping and caseworker; «Run» and «Open case»; the findings and a summary."""

    open_case_requested = Signal(int, object)  # sak id, (record kind, record id)
    finished = Signal()  # a run ended (with findings or an error)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: ControlResult | RegisterCheck15 | None = None
        self._running = False
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Statistics Norway's controls, run on the cases you may open: "
                               "those of the child welfare register (Barnevern v4), or those "
                               "of KOSTRA (15F) on what the register's 15F file for the year "
                               "would contain. An error stops the delivery; a warning asks for "
                               "a look."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        top = FlowLayout(spacing=8, line_spacing=6)
        self.format_combo = QComboBox()
        self.format_combo.addItem(self.tr("Barnevern v4"), V4)
        self.format_combo.addItem(self.tr("KOSTRA 15F"), KOSTRA_15F)
        self.format_combo.setAccessibleName(self.tr("Format"))
        self.format_combo.currentIndexChanged.connect(lambda _i: self.clear())
        self.year_spin = QSpinBox()
        self.year_spin.setRange(FIRST_YEAR, ctx.today().year)
        self.year_spin.setValue(ctx.today().year)
        self.year_spin.setAccessibleName(self.tr("Reporting year"))
        self.group_combo = QComboBox()
        self.group_combo.addItem(self.tr("By control"), BY_CONTROL)
        self.group_combo.addItem(self.tr("By caseworker"), BY_CASEWORKER)
        self.group_combo.setAccessibleName(self.tr("Grouping"))
        self.group_combo.currentIndexChanged.connect(self._show_rows)
        self.worker_combo = QComboBox()
        self.worker_combo.setAccessibleName(self.tr("Caseworker"))
        self.worker_combo.setMinimumContentsLength(16)
        self.worker_combo.currentIndexChanged.connect(self._show_rows)
        self.run_button = QPushButton(self.tr("Run the controls"))
        self.run_button.clicked.connect(self.run)
        for widget in (self.format_combo, labelled(QLabel(self.tr("Year")), self.year_spin),
                       self.group_combo, labelled(QLabel(self.tr("Caseworker")),
                                                  self.worker_combo), self.run_button):
            top.addWidget(widget)
        layout.addLayout(top)
        self.model = FindingModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.activated.connect(lambda _index: self.open_selected())
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        self.status = QLabel(self.tr("Choose a year and run the controls."))
        self.status.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open case"))
        self.open_button.clicked.connect(self.open_selected)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)
        ctx.database_changed.connect(self.clear)
        self.clear()

    # --- running ----------------------------------------------------------------------------------

    def run(self) -> None:
        """Run the controls for the chosen year in the background (the run is logged)."""
        if self._running:
            return
        self._running = True
        self.run_button.setEnabled(False)
        year = self.year_spin.value()
        fmt_15f = self.format_combo.currentData() == KOSTRA_15F
        register = self.ctx.register
        self.status.setText(self.tr("Running the controls for %1…").replace("%1", str(year)))

        def work() -> ControlResult | RegisterCheck15:
            own = register.reopen()  # a connection of the worker thread's own
            try:
                return check_register_15f(own, year) if fmt_15f else check_ssb(own, year)
            finally:
                own.close()

        def done(result: ControlResult | RegisterCheck15) -> None:
            if shiboken6.isValid(self):
                self._done(result, None)

        def failed(error: Exception) -> None:
            if shiboken6.isValid(self):
                self._done(None, error)

        run_in_background(work, done, failed)

    def _done(self, result: ControlResult | RegisterCheck15 | None,
              error: Exception | None) -> None:
        self._running = False
        self.run_button.setEnabled(True)
        if error is not None:
            if isinstance(error, USER_ERRORS):
                text = str(error)
            else:
                log.error("SSB-kontrollene feilet: %s", type(error).__name__)
                text = self.tr("Unexpected error (%1).").replace("%1", type(error).__name__)
            self.status.setText(self.tr("The controls could not be run: %1").replace("%1", text))
        else:
            self.show_result(result)
        self.finished.emit()

    def show_result(self, result: ControlResult | RegisterCheck15 | None) -> None:
        self.result = result
        self._fill_workers()
        self._show_rows()
        if result is None:
            return
        if isinstance(result, RegisterCheck15):
            self.status.setText(self.status_15f(result))
            return
        ex = result.extract
        self.status.setText(
            self.tr("%1: %2 cases checked as the extract of %3 shows them. %4 errors, %5 "
                    "warnings, %6 for information.")
            .replace("%1", str(ex.year)).replace("%2", str(result.cases))
            .replace("%3", fmt(ex.uttrekk)).replace("%4", str(result.count(Severity.FEIL)))
            .replace("%5", str(result.count(Severity.ADVARSEL)))
            .replace("%6", str(result.count(Severity.INFO))))

    def status_15f(self, check: RegisterCheck15) -> str:
        """The summary of a 15F run: the file's cases, errors and warnings, what is left out
        and the controls not run."""
        text = self.tr("%1 (KOSTRA 15F): %2 cases in the file the register would write. %3 "
                       "errors, %4 warnings.").replace("%1", str(check.year)).replace(
            "%2", str(check.cases)).replace("%3", str(check.count(Severity.FEIL))).replace(
            "%4", str(check.count(Severity.ADVARSEL)))
        if check.left_out:
            text += " " + self.tr("%1 cases of the year are left out of the file.").replace(
                "%1", str(check.left_out))
        if check.result.not_evaluated:
            text += " " + self.tr("%1 controls not run: the municipality is not known (import "
                                  "or export an SSB file first).").replace(
                "%1", str(len(check.result.not_evaluated)))
        return text

    def clear(self) -> None:
        """Another register or person: the old findings are not theirs."""
        self.result = None
        self.status.setText(self.tr("Choose a year and run the controls."))
        self._fill_workers()
        self._show_rows()

    # --- the list ---------------------------------------------------------------------------------

    def _fill_workers(self) -> None:
        chosen = self.worker_combo.currentData()
        workers = sorted({f.saksbehandler for f in self.result.findings}) if self.result else []
        self.worker_combo.blockSignals(True)
        self.worker_combo.clear()
        self.worker_combo.addItem(self.tr("Everyone"), None)
        for name in workers:
            self.worker_combo.addItem(name or self.tr("(none)"), name)
        at = self.worker_combo.findData(chosen) if chosen is not None else 0
        self.worker_combo.setCurrentIndex(max(at, 0))
        self.worker_combo.blockSignals(False)

    def rows(self) -> list[Finding]:
        """The findings shown: of the chosen caseworker, in the chosen grouping."""
        if self.result is None:
            return []
        worker = self.worker_combo.currentData()
        shown = [f for f in self.result.findings if worker is None or f.saksbehandler == worker]
        order = (_CONTROL_ORDER_15F if isinstance(self.result, RegisterCheck15)
                 else _CONTROL_ORDER)

        def by_control(f: Finding) -> tuple[Any, ...]:
            return (_SEVERITY_ORDER[f.severity], order.get(f.control_id, 0),
                    f.saksbehandler, f.journalnummer, f.record, f.record_id or 0)

        if self.group_combo.currentData() == BY_CASEWORKER:
            return sorted(shown, key=lambda f: (f.saksbehandler, *by_control(f)))
        return sorted(shown, key=by_control)

    def _show_rows(self) -> None:
        self.model.set_rows(self.rows())
        self.open_button.setEnabled(self.model.rowCount() > 0)

    def selected(self) -> Finding | None:
        index = self.view.currentIndex()
        return self.model.finding(index.row()) if index.isValid() else None

    def open_selected(self) -> None:
        """Open the selected finding's case at its record."""
        f = self.selected()
        if f is not None and f.sak_id is not None:
            self.open_case_requested.emit(f.sak_id, (f.record, f.record_id))
