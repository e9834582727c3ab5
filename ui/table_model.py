"""``RowTableModel``: the common ground of the read-only table models.

A flat list of ``rows`` (one object per row) under a list of column ``headers``. Subclasses
implement ``data()`` and whatever is specific to them (extra header roles, paging, sorting …).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel):
    """Read-only rows (any objects) with one column per header; no children."""

    def __init__(self, headers: Iterable[str] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self.headers: list[str] = list(headers)

    def set_rows(self, rows: Iterable[Any], headers: Iterable[str] | None = None) -> None:
        """Replace the rows (and the headers, if given) in one model reset."""
        self.beginResetModel()
        self.rows = list(rows)
        if headers is not None:
            self.headers = list(headers)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        """The object of row ``row``; None outside the rows."""
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def index_row(self, index: Index) -> Any:
        """The object of ``index``'s row; None for an invalid index or one outside the rows."""
        return self.row_at(index.row()) if index.isValid() else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt signature
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.headers)):
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)
