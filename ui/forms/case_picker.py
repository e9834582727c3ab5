"""Choosing an existing case by search (name, journal number or the start of a fødselsnummer)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from core.identity import mask
from core.model import Sak
from storage.errors import StorageError
from ui.context import AppContext

SEARCH_DELAY_MS = 200


def case_line(sak: Sak) -> str:
    """One line describing a case, with the fødselsnummer masked."""
    return f"{sak.navn} · {sak.journalnummer} · {mask(sak.fodselsnummer)}"


class CasePicker(QWidget):
    """A search field and the matching cases; ``changed`` when the chosen case changes."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search by name, journal number or fødselsnummer"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setMaximumHeight(self.results.fontMetrics().height() * 6 + 12)
        self.results.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.setFocusProxy(self.search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.results.currentItemChanged.connect(lambda *_a: self.changed.emit())

    def _search_now(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.run_search()

    def run_search(self) -> None:
        chosen = self.sak_id()
        self.results.clear()
        try:
            found = self.ctx.register.search(self.search.text(), limit=50)
        except StorageError:
            found = []
        for sak in found:
            item = QListWidgetItem(case_line(sak), self.results)
            item.setData(Qt.ItemDataRole.UserRole, sak.id)
        if chosen is not None:
            self.select(chosen)
        elif self.results.count() == 1:
            self.results.setCurrentRow(0)
        self.changed.emit()

    def sak_id(self) -> int | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, sak_id: int) -> None:
        for i in range(self.results.count()):
            if self.results.item(i).data(Qt.ItemDataRole.UserRole) == sak_id:
                self.results.setCurrentRow(i)
                return
        try:
            sak = self.ctx.register.sak(sak_id)
        except LookupError:
            return
        item = QListWidgetItem(case_line(sak), self.results)
        item.setData(Qt.ItemDataRole.UserRole, sak.id)
        self.results.setCurrentItem(item)

    def is_empty(self) -> bool:
        return self.sak_id() is None and not self.search.text().strip()
