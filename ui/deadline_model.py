"""The table model of the Frister view: open deadlines, filtered, sorted and paged in SQL.

``DeadlineTableModel`` never computes a deadline and never filters in Python: every filter and
every sort order is an argument of ``Repository.open_deadlines``. Rows arrive a page at a time
through ``canFetchMore``/``fetchMore``, so a result of 100 000 deadlines loads only what the view
shows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from core.access import Action
from core.dates import fmt
from core.deadlines import Deadline, Status
from core.params import PARAMS_BY_KEY
from core.placements import THRESHOLD_PARAM
from core.rules import RULES_BY_ID, Rule
from service import milestones
from storage.records import DeadlineRow
from ui.context import AppContext
from ui.placement_texts import deadline_marker
from ui.style import status_color, status_icon, status_text, status_tint
from ui.table_model import Index, RowTableModel

PAGE_SIZE = 500

# --- columns --------------------------------------------------------------------------------------

COL_STATUS, COL_FRIST, COL_DAGER, COL_HVA, COL_BARN, COL_SAKSBEHANDLER, COL_HANDLING = range(7)
COLUMN_TITLES = (
    QT_TRANSLATE_NOOP("DeadlineTableModel", "Status"),
    QT_TRANSLATE_NOOP("DeadlineTableModel", "Due date"),
    QT_TRANSLATE_NOOP("DeadlineTableModel", "Days"),
    QT_TRANSLATE_NOOP("DeadlineTableModel", "What"),
    QT_TRANSLATE_NOOP("DeadlineTableModel", "Child"),
    QT_TRANSLATE_NOOP("DeadlineTableModel", "Caseworker"),
    QT_TRANSLATE_NOOP("DeadlineTableModel", "Next step"),
)
# The SQL sort key of each column (Repository.open_deadlines ``sort``).
SORT_KEYS = ("status", "frist", "frist", "regel", "navn", "saksbehandler", "regel")

# --- the natural next step of each rule (Rule.action) ---------------------------------------------

ACTION_TEXTS = {
    "konkluder_melding": QT_TRANSLATE_NOOP("DeadlineAction", "Conclude report"),
    "konkluder_undersokelse": QT_TRANSLATE_NOOP("DeadlineAction", "Conclude investigation"),
    "registrer_evaluering": QT_TRANSLATE_NOOP("DeadlineAction", "Register evaluation"),
    "registrer_besok": QT_TRANSLATE_NOOP("DeadlineAction", "Register visit"),
    "opprett_plan": QT_TRANSLATE_NOOP("DeadlineAction", "Create plan"),
    "registrer_akutt": QT_TRANSLATE_NOOP("DeadlineAction", "Update emergency decision"),
    "registrer_ettervern": QT_TRANSLATE_NOOP("DeadlineAction", "Register aftercare"),
    "avslutt_tiltak": QT_TRANSLATE_NOOP("DeadlineAction", "End measure"),
    "registrer_vedtak": QT_TRANSLATE_NOOP("DeadlineAction", "Register decision"),
    "registrer_tilbakemelding": QT_TRANSLATE_NOOP("DeadlineAction", "Register feedback"),
    "apne_sak": QT_TRANSLATE_NOOP("DeadlineAction", "Open case"),
}


def action_text(action: str) -> str:
    """The button text of a rule's next step ("Konkluder melding" …)."""
    source = ACTION_TEXTS.get(action, ACTION_TEXTS["apne_sak"])
    return QCoreApplication.translate("DeadlineAction", source)


# The open register's local milestones (interne frister) by rule id; refreshed by every reload.
_LOCAL_RULES: dict[str, Rule] = {}


def set_local_rules(rules: dict[str, Rule]) -> None:
    """The local milestone rules of the open register (their labels in the lists)."""
    _LOCAL_RULES.clear()
    _LOCAL_RULES.update(rules)


def rule_of(rule_id: str) -> Rule | None:
    """The rule behind a deadline (catalogue or a local milestone); None if unknown."""
    return RULES_BY_ID.get(rule_id) or _LOCAL_RULES.get(rule_id)


def local_marker() -> str:
    """The marker of an internal deadline (never a fristbrudd): «(intern frist)»."""
    return QCoreApplication.translate("DeadlineTableModel", "(internal deadline)")


def rule_text(row: DeadlineRow) -> str:
    """The "Hva" text: the rule label, internal deadlines marked."""
    return deadline_label(row.deadline)


def deadline_label(deadline: Deadline) -> str:
    """What a deadline is for: its rule's label, an internal deadline marked «(intern
    frist)»."""
    rule = rule_of(deadline.rule_id)
    label = rule.label if rule else deadline.rule_id
    if deadline.lokal:
        label += " " + local_marker()
    return label


def days_text(days_left: int) -> str:
    """"3 dager over", "i dag", "om 5 dager"."""
    n = abs(days_left)
    if days_left == 0:
        return QCoreApplication.translate("DeadlineTableModel", "today")
    if days_left < 0:
        if n == 1:
            return QCoreApplication.translate("DeadlineTableModel", "1 day overdue")
        return QCoreApplication.translate("DeadlineTableModel", "%1 days overdue").replace(
            "%1", str(n))
    if n == 1:
        return QCoreApplication.translate("DeadlineTableModel", "in 1 day")
    return QCoreApplication.translate("DeadlineTableModel", "in %1 days").replace("%1", str(n))


def child_text(row: DeadlineRow) -> str:
    return f"{row.navn} ({row.journalnummer})"


# --- the query ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineQuery:
    """The Frister filters, as arguments of ``Repository.open_deadlines``/``count_open``."""

    status: str = "alle"  # alle | forfalt | snart
    saksbehandler: str | None = None
    team: str | None = None
    rule_ids: tuple[str, ...] | None = None
    search: str = ""
    horizon_days: int | None = None  # only deadlines due within this many days (None: all)
    lokal: bool | None = None  # False: legal deadlines only (internal deadlines hidden)

    def filter_args(self, today: date) -> dict[str, Any]:
        horizon = today + timedelta(days=self.horizon_days) if self.horizon_days is not None \
            else None
        return {"status": self.status, "saksbehandler": self.saksbehandler, "team": self.team,
                "rule_ids": self.rule_ids, "search": self.search.strip() or None,
                "horizon": horizon, "lokal": self.lokal}

    def with_(self, **changes: Any) -> DeadlineQuery:
        return replace(self, **changes)


# --- the model ------------------------------------------------------------------------------------


class DeadlineTableModel(RowTableModel):
    """Open deadlines of one query, a page at a time, sorted by SQL."""

    ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the DeadlineRow
    ACTION_ROLE = Qt.ItemDataRole.UserRole + 2  # the rule's action key
    KEY_ROLE = Qt.ItemDataRole.UserRole + 3  # Deadline.key (stable identity for the selection)

    reloaded = Signal()  # after the rows were replaced (filter, sort or data change)

    def __init__(self, ctx: AppContext, parent: Any = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__([QCoreApplication.translate("DeadlineTableModel", title)
                          for title in COLUMN_TITLES], parent)
        self._ctx = ctx
        self._threshold = int(PARAMS_BY_KEY[THRESHOLD_PARAM].default)  # read at each reload
        self._page = page_size
        self._query = DeadlineQuery()
        self._sort_column = COL_FRIST
        self._order = Qt.SortOrder.AscendingOrder
        self.rows: list[DeadlineRow] = []
        self._cells: list[tuple[str, ...]] = []
        self._total = 0
        self._counts: dict[Status, int] = {}
        self._today = ctx.today()
        self._loaded = False  # nothing is queried before the first reload()
        #: The register's change number when the rows were last read (None: not yet).
        self.change_number: int | None = None

    # --- state ------------------------------------------------------------------------------------

    @property
    def query(self) -> DeadlineQuery:
        return self._query

    def set_query(self, query: DeadlineQuery, *, force: bool = False) -> None:
        """Filter anew (re-queries when the query changed, or always with ``force``)."""
        if force or query != self._query:
            self._query = query
            self.reload()

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._order

    @property
    def total(self) -> int:
        """Number of deadlines matching the query (loaded or not)."""
        return self._total

    @property
    def counts(self) -> dict[Status, int]:
        """Matching deadlines per status (forfalt, snart, apen)."""
        return dict(self._counts)

    @property
    def today(self) -> date:
        return self._today

    def column_texts(self, column: int) -> tuple[set[str], set[str]]:
        """The different texts of one column among the loaded rows (to fit its width): those
        shown in the normal font, and those shown bold (status and days of overdue rows)."""
        plain: set[str] = set()
        bold: set[str] = set()
        emphasis = column in (COL_STATUS, COL_DAGER)
        for row, cells in zip(self.rows, self._cells, strict=True):
            (bold if emphasis and row.status == Status.FORFALT else plain).add(cells[column])
        return plain, bold

    def row_of(self, key: tuple[str, str, int, int]) -> int:
        """Row number of a deadline among the loaded rows; -1 if not loaded."""
        for i, r in enumerate(self.rows):
            if r.deadline.key == key:
                return i
        return -1

    # --- loading ----------------------------------------------------------------------------------

    def _args(self) -> dict[str, Any]:
        return self._query.filter_args(self._today)

    def _fetch(self, limit: int, offset: int) -> list[DeadlineRow]:
        descending = self._order == Qt.SortOrder.DescendingOrder
        return self._ctx.register.open_deadlines(self._today, **self._args(),
                                             sort=SORT_KEYS[self._sort_column],
                                             descending=descending, limit=limit, offset=offset)

    def reload(self, keep_loaded: bool = False) -> None:
        """Re-query from the first row (``keep_loaded``: as many rows as are loaded now, so a
        refresh after a save keeps the scroll position and the selection)."""
        self._today = self._ctx.today()
        # read before the rows: a change committed meanwhile makes the number older than the
        # rows, never newer, so the window's poll reloads once too often rather than never
        self.change_number = self._ctx.register.change_number()
        limit = max(self._page, len(self.rows)) if keep_loaded else self._page
        self.beginResetModel()
        if self._ctx.may(Action.VIEW_DEADLINES):
            set_local_rules(milestones.local_rules(self._ctx.register))
            self._counts = self._ctx.register.count_open(self._today, **self._args())
            self._threshold = self._ctx.register.params().int(THRESHOLD_PARAM)
            self.rows = self._fetch(limit, 0)
        else:  # a role without access to deadlines sees an empty list, and asks nothing
            self._counts = {s: 0 for s in (Status.FORFALT, Status.SNART, Status.APEN)}
            self.rows = []
        self._total = sum(self._counts.values())
        self._cells = [self._format(r) for r in self.rows]
        if len(self.rows) < limit:
            self._total = len(self.rows)
        self._loaded = True
        self.endResetModel()
        self.reloaded.emit()

    def clear(self) -> None:
        self.beginResetModel()
        self.rows, self._cells, self._total, self._counts = [], [], 0, {}
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 — Qt signature
        return not parent.isValid() and len(self.rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 — Qt signature
        if parent.isValid() or len(self.rows) >= self._total:
            return
        more = self._fetch(self._page, len(self.rows))
        if not more:  # the data shrank since the count: stop asking
            self._total = len(self.rows)
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.rows.extend(more)
        self._cells.extend(self._format(r) for r in more)
        if len(more) < self._page:
            self._total = len(self.rows)
        self.endInsertRows()

    def _format(self, r: DeadlineRow) -> tuple[str, ...]:
        rule = rule_of(r.rule_id)
        what = rule_text(r) + deadline_marker(r.rule_id, r.frist, self._today, self._threshold)
        return (status_text(r.status), fmt(r.frist), days_text(r.days_left), what,
                child_text(r), r.saksbehandler, action_text(rule.action if rule else "apne_sak"))

    # --- QAbstractTableModel ----------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][col]
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATUS:
            return status_icon(row.status)
        if role == Qt.ItemDataRole.ForegroundRole and col in (COL_STATUS, COL_DAGER):
            return status_color(row.status)
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_STATUS:
            return status_tint(row.status)
        if role == Qt.ItemDataRole.FontRole and col in (COL_STATUS, COL_DAGER) \
                and row.status == Status.FORFALT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col != COL_HANDLING:
            return row.forklaring
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._cells[index.row()][col]
        if role == self.ROW_ROLE:
            return row
        if role == self.ACTION_ROLE:
            rule = rule_of(row.rule_id)
            return rule.action if rule else "apne_sak"
        if role == self.KEY_ROLE:
            return row.deadline.key
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.headers)):
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in the column's SQL order (the action column sorts by rule)."""
        if not 0 <= column < len(SORT_KEYS):
            return
        if column == self._sort_column and order == self._order and self._loaded:
            return
        self._sort_column, self._order = column, order
        if self._loaded:  # before the first load only remember the order
            self.reload()
