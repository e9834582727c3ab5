"""Rapporter: the leader's report on screen — scorecard with targets, chart, live figures, tables.

The report is computed in the background (``run_in_background``, own database connection) for the
chosen period and measurement date, and only while the page is visible: a change in the data
(``ctx.data_changed``) marks it stale and it is recomputed when next shown. "Eksporter til Excel…",
"Lever til SSB…" (``ui.ssb_export``) and "Målsettinger…" open their dialogs.
"""

from __future__ import annotations

import logging
import time
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QMargins, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetrics, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from core.access import Action
from core.dates import fmt
from core.periods import MONTH_NAMES, Period, date_range, half_year, month, quarter, tertial, year
from core.report import SECTION_NAMES, Indicator, Report, Share, Table
from core.report_model import PERIODE
from service.reports import load_report
from storage.errors import StorageError
from ui.context import AppContext
from ui.fit import FlowLayout, labelled
from ui.keyboard import untrap_tables
from ui.table_model import Index, RowTableModel
from ui.tasks import run_in_background

log = logging.getLogger(__name__)

RECOMPUTE_DELAY_MS = 200
SETTINGS_CHART = "rapporter/diagram"
CHART_MARGIN = 4  # px around the chart inside its view
GOOD, BAD, MUTED = "#2e6b3a", "#b3261e", "#5b6670"
VALUE_COLOR, TARGET_COLOR = "#2f6aa3", "#b9c3cc"


def percent(value: float | None) -> str:
    """«87,5 %», or «–» without a value."""
    if value is None:
        return "–"
    return f"{value * 100:.1f} %".replace(".", ",")


def count(value: int) -> str:
    """A count with a space between thousands (Norwegian style)."""
    return f"{value:,}".replace(",", "\u00a0")


# --- models ---------------------------------------------------------------------------------------


class ScorecardModel(RowTableModel):
    """The scorecard (målekort): one row per indicator, the definition as tooltip."""

    COL_LABEL, COL_KIND, COL_NUM, COL_DEN, COL_VALUE, COL_TARGET, COL_MET, COL_PREV, COL_LY = \
        range(9)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent=parent)
        self.headers = [self.tr("Indicator"), self.tr("Type"), self.tr("Numerator"),
                        self.tr("Denominator"), self.tr("Value"), self.tr("Target"),
                        self.tr("Target met"), self.tr("Previous"), self.tr("Last year")]
        self._report: Report | None = None

    def set_report(self, report: Report | None) -> None:
        self._report = report
        self.set_rows(report.indicators if report is not None else ())

    indicator = RowTableModel.row_at

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        report = self._report
        if role == Qt.ItemDataRole.DisplayRole:
            if report is not None and section == self.COL_PREV:
                return f"{self.headers[section]}\n{report.previous_period.label}"
            if report is not None and section == self.COL_LY:
                return f"{self.headers[section]}\n{report.last_year_period.label}"
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = {
                self.COL_KIND: self.tr("Period: counted over the whole period. Snapshot: counted "
                                       "on the measurement date."),
                self.COL_NUM: self.tr("Numerator: what is counted (see the row's tooltip)"),
                self.COL_DEN: self.tr("Denominator: what it is counted out of"),
                self.COL_VALUE: self.tr("Numerator divided by denominator"),
                self.COL_TARGET: self.tr("Set under «Targets…» per indicator and year"),
            }
            if report is not None:
                tips[self.COL_PREV] = self.tr("Previous period: %1 (%2), measured on its last "
                                              "day").replace("%1", report.previous_period.label
                                                             ).replace(
                    "%2", report.previous_period.dates_text)
                tips[self.COL_LY] = self.tr("Same period last year: %1 (%2)").replace(
                    "%1", report.last_year_period.label).replace(
                    "%2", report.last_year_period.dates_text)
            return tips.get(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        ind, col = self.index_row(index), index.column()
        if ind is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(ind, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(ind, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col >= self.COL_NUM:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col in (self.COL_VALUE, self.COL_MET) and ind.target_met is not None:
                return QColor(GOOD if ind.target_met else BAD)
            if col == self.COL_KIND:
                return QColor(MUTED)
        if role == Qt.ItemDataRole.FontRole and col == self.COL_VALUE:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, ind: Indicator, col: int) -> str:
        if col == self.COL_LABEL:
            return ind.label
        if col == self.COL_KIND:
            return self.tr("Period") if ind.kind == PERIODE else self.tr("Snapshot")
        if col == self.COL_NUM:
            return count(ind.numerator)
        if col == self.COL_DEN:
            return count(ind.denominator)
        if col == self.COL_VALUE:
            return percent(ind.value)
        if col == self.COL_TARGET:
            return percent(ind.target) if ind.target is not None else ""
        if col == self.COL_MET:
            met = ind.target_met
            return "" if met is None else (self.tr("Yes") if met else self.tr("No"))
        if col == self.COL_PREV:
            return percent(ind.previous)
        if col == self.COL_LY:
            return percent(ind.last_year)
        return ""

    def _tooltip(self, ind: Indicator, col: int) -> str:
        better = (self.tr("Lower is better.") if ind.lower_is_better
                  else self.tr("Higher is better."))
        if col == self.COL_PREV:
            s = ind.previous_share
            return self.tr("%1 of %2").replace("%1", count(s.numerator)).replace(
                "%2", count(s.denominator))
        if col == self.COL_LY:
            s = ind.last_year_share
            return self.tr("%1 of %2").replace("%1", count(s.numerator)).replace(
                "%2", count(s.denominator))
        return f"{ind.label}\n\n{ind.definition}\n\n{better}"


class ReportTableModel(RowTableModel):
    """One activity table of the report (cells: text, counts, shares, dates)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent=parent)
        self._table: Table | None = None

    def set_table(self, table: Table | None) -> None:
        self._table = table
        self.set_rows(table.rows if table is not None else (),
                      table.columns if table is not None else ())

    @property
    def table(self) -> Table | None:
        return self._table

    def _cell(self, index: Index) -> tuple[bool, Any]:
        row = self.index_row(index)
        if row is None:
            return False, None
        return True, row[index.column()] if index.column() < len(row) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        ok, value = self._cell(index)
        if not ok:
            return None
        numeric = isinstance(value, (int, float, Share)) and not isinstance(value, bool)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return ""
            if isinstance(value, Share):
                return percent(value.value)
            if isinstance(value, bool):
                return self.tr("Yes") if value else self.tr("No")
            if isinstance(value, int):
                return count(value)
            if isinstance(value, float):
                return percent(value)
            if isinstance(value, date):
                return fmt(value)
            return str(value)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, Share):
            return self.tr("%1 of %2").replace("%1", count(value.numerator)).replace(
                "%2", count(value.denominator))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None


# --- period chooser -------------------------------------------------------------------------------


KINDS = ("month", "quarter", "tertial", "half", "year", "range")


def unit_period(kind: str, y: int, n: int) -> Period:
    """The ``n``-th month/quarter/tertial/half of year ``y`` (``n`` ignored for a year)."""
    factory = {"month": month, "quarter": quarter, "tertial": tertial, "half": half_year}
    return year(y) if kind == "year" else factory[kind](y, n)


def last_complete(kind: str, today: date) -> Period:
    """The last whole period of ``kind`` before ``today`` (a range: the last whole month)."""
    if kind == "range":
        last = month(today.year, today.month).previous()
        return date_range(last.start, last.end)
    per_year = {"month": 12, "quarter": 4, "tertial": 3, "half": 2, "year": 1}[kind]
    n = (today.month - 1) * per_year // 12 + 1
    return unit_period(kind, today.year, n).previous()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PeriodChooser(QWidget):
    """Kind (month … date range), year and number, or two dates for a range."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._quiet = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.kind_combo = QComboBox()
        for text, kind in ((self.tr("Month"), "month"), (self.tr("Quarter"), "quarter"),
                           (self.tr("Tertial"), "tertial"), (self.tr("Half-year"), "half"),
                           (self.tr("Year"), "year"), (self.tr("Date range"), "range")):
            self.kind_combo.addItem(text, kind)
        self.number_combo = QComboBox()
        self.number_combo.setMinimumContentsLength(10)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1900, 2200)
        self.year_spin.setAccessibleName(self.tr("Year"))
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
        self.from_edit.setAccessibleName(self.tr("From"))
        self.to_edit.setAccessibleName(self.tr("To"))
        self.units = QWidget()
        units = QHBoxLayout(self.units)
        units.setContentsMargins(0, 0, 0, 0)
        units.setSpacing(6)
        units.addWidget(self.number_combo)
        units.addWidget(self.year_spin)
        self.range = QWidget()
        ranges = QHBoxLayout(self.range)
        ranges.setContentsMargins(0, 0, 0, 0)
        ranges.setSpacing(6)
        ranges.addWidget(self.from_edit)
        ranges.addWidget(QLabel("–"))
        ranges.addWidget(self.to_edit)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.units)
        layout.addWidget(self.range)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.number_combo.currentIndexChanged.connect(self._emit)
        self.year_spin.valueChanged.connect(self._emit)
        self.from_edit.dateChanged.connect(self._emit)
        self.to_edit.dateChanged.connect(self._emit)
        self.set_period(last_complete("month", today))

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def period(self) -> Period:
        """The chosen period (a range with its ends swapped into order)."""
        kind = self.kind()
        if kind == "range":
            a, b = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
            return date_range(min(a, b), max(a, b))
        return unit_period(kind, self.year_spin.value(), max(1, self.number_combo.currentIndex()
                                                             + 1))

    def set_period(self, period: Period) -> None:
        self._quiet = True
        try:
            kind = period.kind if period.kind in KINDS else "range"
            self.kind_combo.setCurrentIndex(KINDS.index(kind))
            self._fill_numbers(kind)
            self.year_spin.setValue(period.start.year)
            if kind not in ("year", "range"):
                self.number_combo.setCurrentIndex(period.number - 1)
            self.from_edit.setDate(_qdate(period.start))
            self.to_edit.setDate(_qdate(period.end))
            self._show(kind)
        finally:
            self._quiet = False
        self.changed.emit()

    def _fill_numbers(self, kind: str) -> None:
        self.number_combo.blockSignals(True)
        self.number_combo.clear()
        if kind == "month":
            names = [name.capitalize() for name in MONTH_NAMES]
        elif kind == "quarter":
            names = [self.tr("%1. quarter").replace("%1", str(n)) for n in range(1, 5)]
        elif kind == "tertial":
            names = [self.tr("%1. tertial").replace("%1", str(n)) for n in range(1, 4)]
        elif kind == "half":
            names = [self.tr("%1. half-year").replace("%1", str(n)) for n in range(1, 3)]
        else:
            names = []
        self.number_combo.addItems(names)
        self.number_combo.blockSignals(False)

    def _show(self, kind: str) -> None:
        self.units.setVisible(kind != "range")
        self.number_combo.setVisible(kind not in ("year", "range"))
        self.range.setVisible(kind == "range")

    def _kind_changed(self) -> None:
        if not self._quiet:
            self.set_period(last_complete(self.kind(), self._today))

    def _emit(self) -> None:
        if not self._quiet:
            self.changed.emit()


# --- the page -------------------------------------------------------------------------------------


class ReportPage(QWidget):
    """The Rapporter page."""

    report_ready = Signal(object)  # the Report shown after each computation
    computation_failed = Signal(str)
    chart_toggled = Signal(bool)  # the chart was shown or folded away

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: Report | None = None
        self._stale = True
        self._generation = 0
        self._busy = 0
        self._started = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOMPUTE_DELAY_MS)
        self._timer.timeout.connect(self.compute_now)
        self.scorecard_model = ScorecardModel(self)
        self._build()
        ctx.data_changed.connect(self.refresh)
        ctx.database_changed.connect(self.refresh)

    # --- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)

        title_row = QHBoxLayout()
        title = QLabel(self.tr("Reports"))
        title.setProperty("role", "title")
        title_row.addWidget(title)
        title_row.addStretch(1)
        self.targets_button = QPushButton(self.tr("&Targets…"))
        self.targets_button.setToolTip(self.tr("Set the targets of the scorecard per year"))
        self.targets_button.clicked.connect(self.open_targets)
        self.export_button = QPushButton(self.tr("&Export to Excel…"))
        self.export_button.setToolTip(self.tr("Write the report as an Excel workbook for the "
                                              "committee or for internal use"))
        self.export_button.clicked.connect(self.open_export)
        self.ssb_button = QPushButton(self.tr("Deliver to SS&B…"))
        self.ssb_button.setToolTip(self.tr("Write a year's cases as a file for Statistics "
                                           "Norway (Barnevern v4 or KOSTRA 15F) and run SSB's "
                                           "controls on it"))
        self.ssb_button.clicked.connect(self.open_ssb_export)
        self._show_ssb_button()
        self.ctx.database_changed.connect(self._show_ssb_button)
        self.chart_button = QToolButton()
        self.chart_button.setText(self.tr("&Chart"))
        self.chart_button.setCheckable(True)
        self.chart_button.setChecked(True)
        self.chart_button.setToolTip(self.tr("Show or hide the chart of values and targets "
                                             "under the scorecard"))
        self.chart_button.toggled.connect(self.set_chart_visible)
        title_row.addWidget(self.chart_button)
        title_row.addWidget(self.targets_button)
        title_row.addWidget(self.export_button)
        title_row.addWidget(self.ssb_button)
        layout.addLayout(title_row)

        controls = FlowLayout(spacing=16, line_spacing=6)
        period_label = QLabel(self.tr("&Period:"))
        self.period_chooser = PeriodChooser(self.ctx.today())
        period_label.setBuddy(self.period_chooser.kind_combo)
        controls.addWidget(labelled(period_label, self.period_chooser))
        measured_label = QLabel(self.tr("Measurement &date:"))
        self.period_end_check = QCheckBox(self.tr("End of period or today"))
        self.period_end_check.setChecked(True)
        self.period_end_check.setToolTip(self.tr(
            "Snapshot figures (plan coverage, evaluations) are counted on the measurement date: "
            "the period's last day, or today while the period is still running (the report is "
            "then «so far»)"))
        self.measured_edit = QDateEdit()
        self.measured_edit.setMaximumDate(_qdate(self.ctx.today()))  # never a day to come
        self.measured_edit.setCalendarPopup(True)
        self.measured_edit.setDisplayFormat("dd.MM.yyyy")
        self.measured_edit.setEnabled(False)
        self.measured_edit.setAccessibleName(self.tr("Measurement date"))
        measured_label.setBuddy(self.measured_edit)
        measured = QWidget()
        measured_row = QHBoxLayout(measured)
        measured_row.setContentsMargins(0, 0, 0, 0)
        measured_row.setSpacing(8)
        measured_row.addWidget(measured_label)
        measured_row.addWidget(self.period_end_check)
        measured_row.addWidget(self.measured_edit)
        controls.addWidget(measured)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(140)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Computing the report"))
        self.progress.hide()
        controls.addWidget(self.progress)
        layout.addLayout(controls)

        self.status_label = QLabel()
        self.status_label.setProperty("role", "muted")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._scorecard_tab(), self.tr("Scorecard"))
        self.section_tabs: dict[str, SectionView] = {}
        for name in SECTION_NAMES:
            view = SectionView(self)
            self.section_tabs[name] = view
            self.tabs.addTab(view, name)
        from ui.samples_tab import SamplesTab  # it builds on this module's PeriodChooser

        self.samples_tab = SamplesTab(self.ctx)
        self.samples_tab.changed.connect(self.refresh)  # the «Internkontroll» table
        self.samples_index = self.tabs.addTab(self.samples_tab, self.tr("Audit samples"))
        self.tabs.currentChanged.connect(
            lambda index: self.samples_tab.refresh() if index == self.samples_index else None)
        layout.addWidget(self.tabs, 1)

        self.period_chooser.changed.connect(self._period_changed)
        self.period_end_check.toggled.connect(self._measured_mode_changed)
        self.measured_edit.dateChanged.connect(self._schedule)
        shown = QSettings().value(SETTINGS_CHART, True)
        self.set_chart_visible(shown not in (False, "false", 0, "0"))
        self._period_changed()

    def _scorecard_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 0, 0)
        self.scorecard_view = QTableView()
        self.scorecard_view.setModel(self.scorecard_model)
        self.scorecard_view.setTabKeyNavigation(False)  # Tab leaves the table
        self.scorecard_view.setAlternatingRowColors(True)
        self.scorecard_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.scorecard_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.scorecard_view.verticalHeader().hide()
        self.scorecard_view.setWordWrap(False)
        header = self.scorecard_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        # Below the scorecard: the chart (which folds away by its button, or View > Chart) and
        # the live breaches, in a scroll area so that a low window is not pushed taller than
        # the screen.
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.chart.setMargins(QMargins(0, 0, 0, 0))  # the height goes to the labels
        self.chart.layout().setContentsMargins(CHART_MARGIN, CHART_MARGIN, CHART_MARGIN,
                                               CHART_MARGIN)
        self.chart.setBackgroundRoundness(0)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setSizePolicy(QSizePolicy.Policy.Expanding,
                                      QSizePolicy.Policy.Expanding)
        self.chart_panel = self.chart_view
        self.live_box = QGroupBox(self.tr("Live deadline breaches"))
        self.live_layout = QFormLayout(self.live_box)
        self.live_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.live_box.setToolTip(self.tr("Breaches not yet closed on the measurement date: the "
                                         "ones to act on now (no target)"))
        live_holder = QWidget()
        live_column = QVBoxLayout(live_holder)
        live_column.setContentsMargins(0, 0, 0, 0)
        live_column.addWidget(self.live_box)
        live_column.addStretch(1)
        self.live_scroll = QScrollArea()
        self.live_scroll.setWidget(live_holder)
        self.live_scroll.setWidgetResizable(True)
        self.live_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.live_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.live_scroll.setMaximumWidth(380)
        self.live_scroll.setMinimumWidth(240)
        self.live_scroll.setMinimumHeight(80)

        bottom = QWidget()
        row = QHBoxLayout(bottom)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chart_view, 1)
        row.addWidget(self.live_scroll)

        self.scorecard_splitter = QSplitter(Qt.Orientation.Vertical)
        self.scorecard_splitter.addWidget(self.scorecard_view)
        self.scorecard_splitter.addWidget(bottom)
        self.scorecard_splitter.setStretchFactor(0, 0)
        self.scorecard_splitter.setStretchFactor(1, 1)
        self.scorecard_splitter.setChildrenCollapsible(False)  # the chart folds by its button
        layout.addWidget(self.scorecard_splitter)
        self._fit_chart(len(self.scorecard_model.rows) or 8)
        return tab

    def _fit_scorecard(self) -> None:
        """Give the scorecard the height of all its rows when there is room (it is short), but
        ask for no more than a few rows as its minimum: a low window scrolls it instead."""
        view = self.scorecard_view
        view.resizeRowsToContents()
        header = view.horizontalHeader()
        top = max(header.height(), header.sizeHint().height()) + 2 * view.frameWidth() + 6
        rows = [view.rowHeight(r) for r in range(self.scorecard_model.rowCount())]
        view.setMinimumHeight(top + sum(rows[:1]))
        self._fit_chart(len(rows))
        sizes = self.scorecard_splitter.sizes()
        total = sum(sizes)
        if total > 0 and sizes[1] > 0:  # all rows if the chart keeps its minimum height
            bottom = self.scorecard_splitter.widget(1).minimumSizeHint().height()
            height = max(min(top + sum(rows), total - bottom), view.minimumHeight())
            self.scorecard_splitter.setSizes([height, total - height])

    def _fit_chart(self, categories: int) -> None:
        """The chart is tall enough to show every indicator's label (Qt Charts skips labels
        that would overlap): a label's height and a little air per indicator, and the value
        axis below."""
        line = QFontMetrics(self.chart_view.font()).height()
        self.chart_view.setMinimumHeight(categories * (line + 4) + line + 20 + 2 * CHART_MARGIN)

    def chart_visible(self) -> bool:
        return self.chart_button.isChecked()

    def set_chart_visible(self, visible: bool) -> None:
        """Show or fold away the chart (the live breaches stay; the scorecard gets the room)."""
        if self.chart_button.isChecked() != visible:
            self.chart_button.setChecked(visible)  # comes back here through toggled
            return
        self.chart_panel.setVisible(visible)
        QSettings().setValue(SETTINGS_CHART, visible)
        self.chart_toggled.emit(visible)

    # --- period and measurement date --------------------------------------------------------------

    def period(self) -> Period:
        return self.period_chooser.period()

    def measured(self) -> date:
        """The chosen measurement date, or the period's end or today, whichever is earlier."""
        if self.period_end_check.isChecked():
            return min(self.period().end, self.ctx.today())
        return _pydate(self.measured_edit.date())

    def set_period(self, period: Period, measured: date | None = None) -> None:
        """Choose a period (and a measurement date; None = the period's end)."""
        self.period_end_check.setChecked(measured is None)
        if measured is not None:
            self.measured_edit.setDate(_qdate(measured))
        self.period_chooser.set_period(period)

    def _period_changed(self) -> None:
        if self.period_end_check.isChecked():
            self.measured_edit.blockSignals(True)
            self.measured_edit.setDate(_qdate(self.measured()))
            self.measured_edit.blockSignals(False)
        self._schedule()

    def _measured_mode_changed(self, at_end: bool) -> None:
        self.measured_edit.setEnabled(not at_end)
        self._period_changed()

    # --- computing --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """The data changed: recompute now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self._schedule()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._schedule()

    def _schedule(self) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def compute_now(self) -> None:
        """Compute the report for the chosen period in the background."""
        self._timer.stop()
        if not self.ctx.may(Action.REPORT):
            return
        self._stale = False
        self._generation += 1
        generation = self._generation
        period = self.period()
        chosen = None if self.period_end_check.isChecked() else self.measured()
        register = self.ctx.register
        self._busy += 1
        self._started = time.perf_counter()
        self.progress.show()
        self.status_label.setText(self.tr("Computing the report for %1…").replace(
            "%1", period.label))

        def work() -> Report:
            own = register.reopen()  # a connection of the worker thread's own
            try:
                return load_report(own, period, chosen).report
            finally:
                own.close()

        def done(report: Report) -> None:
            if shiboken6.isValid(self):
                self._finished(generation, report, None)

        def failed(error: Exception) -> None:
            if shiboken6.isValid(self):
                self._finished(generation, None, error)

        run_in_background(work, done, failed)

    def _finished(self, generation: int, report: Report | None,
                  error: Exception | None) -> None:
        self._busy = max(0, self._busy - 1)
        self.progress.setVisible(self.busy)
        if generation != self._generation:
            return  # a newer computation was started meanwhile
        if error is not None:
            if isinstance(error, (StorageError, ValueError)):
                text = str(error)
            else:
                log.error("Rapporten kunne ikke beregnes: %s", type(error).__name__)
                text = self.tr("Unexpected error (%1).").replace("%1", type(error).__name__)
            self._show_error(self.tr("The report could not be computed: %1").replace("%1", text))
            return
        assert report is not None
        self.show_report(report, time.perf_counter() - self._started)

    def _show_error(self, text: str) -> None:
        """Say why there is no report, and show no figures (the last report's numbers under
        another period's name would be read as that period's)."""
        self.report = None
        self.scorecard_model.set_report(None)
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        while self.live_layout.rowCount():
            self.live_layout.removeRow(0)
        for view in self.section_tabs.values():
            view.set_tables(())
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {BAD};")
        self.computation_failed.emit(text)

    def show_report(self, report: Report, seconds: float | None = None) -> None:
        """Show a computed report (scorecard, chart, live figures, tables)."""
        self.report = report
        self.scorecard_model.set_report(report)
        self._fit_scorecard()
        self._fill_chart(report)
        self._fill_live(report)
        for name, view in self.section_tabs.items():
            view.set_tables(report.sections.get(name, ()))
        self.status_label.setStyleSheet("")
        text = self.tr("%1 (%2) · measurement date %3 · %4 cases").replace(
            "%1", report.period_text).replace("%2", report.period.dates_text).replace(
            "%3", fmt(report.measured)).replace("%4", count(report.case_count))
        if seconds is not None:
            text += " · " + self.tr("computed in %1 s").replace(
                "%1", f"{seconds:.1f}".replace(".", ","))
        self.status_label.setText(text)
        self.report_ready.emit(report)

    def _fill_chart(self, report: Report) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        # No title inside the chart (the legend names the bars and the page the period): the
        # height goes to the indicators' labels.
        title = self.tr("Value and target – %1").replace("%1", report.period_text)
        self.chart_view.setAccessibleName(title)
        self.chart_view.setToolTip(title)
        values = QBarSet(self.tr("Value"))
        targets = QBarSet(self.tr("Target"))
        values.setColor(QColor(VALUE_COLOR))
        targets.setColor(QColor(TARGET_COLOR))
        labels = []
        short = self._chart_labels()
        for ind in reversed(report.indicators):  # bars are drawn bottom-up: first on top
            values.append((ind.value or 0.0) * 100)
            targets.append((ind.target or 0.0) * 100)
            labels.append(short.get(ind.key, ind.label))
        series = QHorizontalBarSeries()
        series.append(values)
        series.append(targets)
        series.setLabelsVisible(False)
        full = list(reversed(report.indicators))
        series.hovered.connect(lambda on, i, bars: self._bar_tip(on, full[i] if 0 <= i < len(full)
                                                                  else None, bars))
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.setTruncateLabels(False)  # the whole label; the chart is tall enough for it
        categories.append(labels)
        axis = QValueAxis()
        axis.setRange(0, 100)
        axis.setLabelFormat("%d %%")
        axis.setTickCount(6)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(axis)

    def _bar_tip(self, on: bool, ind: Indicator | None, bars: QBarSet) -> None:
        """Hovering a bar names the whole indicator and its value or target."""
        if not on or ind is None:
            QToolTip.hideText()
            return
        value = ind.value if bars.label() == self.tr("Value") else ind.target
        QToolTip.showText(QCursor.pos(), f"{ind.label}\n{bars.label()}: {percent(value)}",
                          self.chart_view)

    def _chart_labels(self) -> dict[str, str]:
        """Short names of the indicators for the chart's axis (the scorecard has the full
        ones): long labels would squeeze the bars or be cut."""
        return {"melding_fristbrudd": self.tr("Meldinger: breaches"),
                "undersokelse_fristbrudd": self.tr("Undersøkelser: breaches"),
                "tiltaksplan": self.tr("Tiltaksplan"),
                "evaluert_tiltaksplan": self.tr("Evaluated tiltaksplan"),
                "omsorgsplan": self.tr("Omsorgsplan"),
                "samvaersplan": self.tr("Samværsplan"),
                "besok_oppfolging": self.tr("Follow-up visits"),
                "besok_tilsyn": self.tr("Supervision visits")}

    def _fill_live(self, report: Report) -> None:
        while self.live_layout.rowCount():
            self.live_layout.removeRow(0)
        for figure in report.live:
            value = QLabel(count(figure.value))
            font = value.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.3)
            value.setFont(font)
            if figure.value:
                value.setStyleSheet(f"color: {BAD};")
            label = QLabel(figure.label)
            label.setWordWrap(True)
            label.setMinimumWidth(150)  # wraps onto lines of a readable length
            for widget in (label, value):
                widget.setToolTip(figure.definition)
            self.live_layout.addRow(label, value)
        note = QLabel(self.tr("Counted on the measurement date; hover for the definition."))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        self.live_layout.addRow(note)

    # --- dialogs ----------------------------------------------------------------------------------

    def open_export(self) -> None:
        from ui.report_export_dialog import ReportExportDialog

        dialog = ReportExportDialog(self.ctx, self.period(), self.measured(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _show_ssb_button(self) -> None:
        self.ssb_button.setVisible(self.ctx.may(Action.EXPORT))  # leaders (the service checks)

    def open_ssb_export(self) -> None:
        from ui.ssb_export import SsbExportDialog

        dialog = SsbExportDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_targets(self) -> None:
        from ui.targets_dialog import TargetsDialog

        dialog = TargetsDialog(self.ctx, self.period().end.year, self)
        untrap_tables(dialog)  # Tab leaves its history table
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


class SectionView(QWidget):
    """The tables of one workbook section: a chooser when there are several, the table, its
    note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tables: tuple[Table, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        top = QHBoxLayout()
        self.choose_label = QLabel(self.tr("&Table:"))
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.choose_label.setBuddy(self.combo)
        top.addWidget(self.choose_label)
        top.addWidget(self.combo)
        top.addStretch(1)
        layout.addLayout(top)
        self.title = QLabel()
        self.title.setProperty("role", "heading")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.model = ReportTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.setWordWrap(False)
        self.empty = QLabel(self.tr("No tables for this period."))
        self.empty.setProperty("role", "muted")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.combo.currentIndexChanged.connect(self._show)

    def set_tables(self, tables: tuple[Table, ...]) -> None:
        current = self.combo.currentText()
        self._tables = tuple(tables)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems([t.title for t in self._tables])
        index = max(0, self.combo.findText(current))
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        several = len(self._tables) > 1
        self.combo.setVisible(several)
        self.choose_label.setVisible(several)
        self.title.setVisible(not several)  # the chooser already names the table
        self._show(index)

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self._tables):
            self.model.set_table(None)
            self.title.clear()
            self.note.clear()
            self.stack.setCurrentWidget(self.empty)
            return
        table = self._tables[index]
        self.model.set_table(table)
        self.title.setText(table.title)
        self.note.setText(table.note)
        self.stack.setCurrentWidget(self.view)
        self.view.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            self.view.setColumnWidth(col, min(max(self.view.columnWidth(col) + 16, 90), 520))
