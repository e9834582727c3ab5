"""Innstillinger → Tilgangslogg: the leader's view of the audit log, its check and its export.

Filter by person, journal number and period; the hash chain is checked on demand; the filtered
log can be exported to Excel for the data protection officer. Looking is itself logged.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from service import USER_ERRORS
from storage.audit import AuditEntry, AuditFilter, action_label
from ui.context import AppContext
from ui.folders import export_folder
from ui.table_model import Index, RowTableModel

LIMIT = 2000


class AuditModel(RowTableModel):
    """Audit rows, newest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__((), parent)
        self.set_rows([], [self.tr("Time"), self.tr("User"), self.tr("Action"), self.tr("Case"),
                           self.tr("Concerns"), self.tr("Details")])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        e: AuditEntry = self.rows[index.row()]
        case = e.journalnummer or (f"#{e.sak_id}" if e.sak_id is not None else "")
        return (f"{e.tidspunkt:%d.%m.%Y %H:%M:%S}", e.bruker, action_label(e.handling), case,
                e.objekt, _details(e.detaljer))[index.column()]


def _details(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in values.items())


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class AuditTab(QWidget):
    """Filters, the table, and the check and export buttons."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.user_combo = QComboBox()
        self.user_combo.setAccessibleName(self.tr("User"))
        self.journal_edit = QLineEdit()
        self.journal_edit.setPlaceholderText(self.tr("Journal number"))
        self.journal_edit.setAccessibleName(self.tr("Journal number"))
        today = ctx.today()
        self.from_edit = QDateEdit(_qdate(today - timedelta(days=30)))
        self.to_edit = QDateEdit(_qdate(today))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
        self.search_button = QPushButton(self.tr("Show"))
        self.search_button.clicked.connect(self.refresh)
        self.journal_edit.returnPressed.connect(self.refresh)
        for widget in (QLabel(self.tr("User")), self.user_combo, self.journal_edit,
                       QLabel(self.tr("From")), self.from_edit, QLabel(self.tr("To")),
                       self.to_edit, self.search_button):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.model = AuditModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("Check the chain"))
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.clicked.connect(self.export)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)
        self._users_loaded = False

    def filter(self) -> AuditFilter:
        return AuditFilter(bruker=self.user_combo.currentData() or None,
                           journalnummer=self.journal_edit.text().strip() or None,
                           fra=self.from_edit.date().toPython(),
                           til=self.to_edit.date().toPython())

    def _load_users(self) -> None:
        self.user_combo.clear()
        self.user_combo.addItem(self.tr("Everyone"), None)
        for user in self.ctx.register.users():
            self.user_combo.addItem(f"{user.navn} ({user.brukernavn})", user.brukernavn)
        self._users_loaded = True

    def refresh(self) -> None:
        """Read the log with the filters (the reading is itself logged)."""
        try:
            if not self._users_loaded:
                self._load_users()
            rows = self.ctx.register.audit_entries(self.filter(), limit=LIMIT)
        except USER_ERRORS as error:
            self.model.set_rows([])
            self.status.setText(str(error))
            return
        self.model.set_rows(rows)
        more = (self.tr(" (the newest {n} shown)").format(n=LIMIT) if len(rows) >= LIMIT
                else "")
        self.status.setText(self.tr("{n} rows").format(n=len(rows)) + more)

    def verify(self) -> None:
        try:
            chain = self.ctx.register.verify_audit()
        except USER_ERRORS as error:
            self.status.setText(str(error))
            return
        self.status.setText(chain.message())
        if not chain.ok:
            QMessageBox.warning(self, self.tr("Audit log"), chain.message())

    def export(self) -> None:
        start = export_folder()
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export audit log"), str(start / "revisjonslogg.xlsx"),
            self.tr("Excel workbook (*.xlsx)"))
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        try:
            count = self.ctx.register.export_audit(path, self.filter())
        except USER_ERRORS as error:
            QMessageBox.warning(self, self.tr("Export audit log"), str(error))
            return
        self.status.setText(self.tr("{n} rows written to {path}").format(n=count,
                                                                          path=path))
