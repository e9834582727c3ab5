"""Frister: the default view — every open deadline, filtered and sorted in SQL, with its
explanation.

Filters (who, status, rule, horizon, free text) become one ``DeadlineQuery`` for the model. A
selected row shows how its date was computed; double-click or Enter opens the case on the right
item; the "Neste steg" button (a painted button in each row, and Ctrl+Enter) starts the natural
next step through ``ui.forms.open_action``.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShortcut,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.dates import fmt
from core.deadlines import Status
from core.params import PARAMS_BY_KEY, RETNINGSLINJE, VERIFY
from core.rules import CATALOGUE, Rule
from core.sorting import norwegian_key
from storage.db import StorageError
from storage.records import DeadlineRow
from ui import forms
from ui.calendar_export import CalendarExporter
from ui.context import AppContext
from ui.deadline_model import (
    COL_BARN,
    COL_DAGER,
    COL_FRIST,
    COL_HANDLING,
    COL_HVA,
    COL_SAKSBEHANDLER,
    COL_STATUS,
    DeadlineQuery,
    DeadlineTableModel,
    days_text,
    rule_of,
    rule_text,
)
from ui.fit import FitComboBox, FlowLayout, labelled
from ui.style import legal_status_text, status_color, status_text

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250
HORIZONS = (7, 14, 30, 90)
SETTINGS_HEADER = "frister/kolonner"
SETTINGS_SORT = "frister/sortering"
SETTINGS_SPLITTER = "frister/deler"
SETTINGS_EXPLANATION = "frister/forklaring"
SETTINGS_INTERNAL = "frister/interne_frister"

#: (narrowest, widest) width of each column when the columns are fitted to the rows and the
#: window; the "what" column takes whatever room is left, and gives it up last.
COLUMN_LIMITS = {COL_STATUS: (90, 180), COL_FRIST: (80, 110), COL_DAGER: (90, 160),
                 COL_HVA: (150, 520), COL_BARN: (140, 300), COL_SAKSBEHANDLER: (80, 190),
                 COL_HANDLING: (110, 240)}
#: Which columns shorten (elided) when the table is narrower than its contents, first to last.
SHRINK_ORDER = (COL_SAKSBEHANDLER, COL_BARN, COL_HVA)
#: Columns that step aside when even the shortened columns do not fit, first to last.
OPTIONAL_COLUMNS = (COL_HANDLING, COL_SAKSBEHANDLER)
CELL_PADDING = 12  # px: the cell's margins and the focus frame
HEADER_PADDING = 44  # px: a header section's padding and its sort arrow


class ActionButtonDelegate(QStyledItemDelegate):
    """Paints the "Neste steg" cell as a push button; a click on it emits ``clicked(index)``."""

    clicked = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pressed: QPersistentModelIndex | None = None

    @staticmethod
    def button_rect(cell: QRect) -> QRect:
        return cell.adjusted(4, 3, -4, -3)

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        button = QStyleOptionButton()
        button.rect = self.button_rect(option.rect)
        button.text = option.fontMetrics.elidedText(  # a narrow column: "Konkluder me…"
            text, Qt.TextElideMode.ElideRight, button.rect.width() - 12)
        button.palette = option.palette
        button.fontMetrics = option.fontMetrics
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        if option.state & QStyle.StateFlag.State_MouseOver:
            button.state |= QStyle.StateFlag.State_MouseOver
        if self._pressed is not None and self._pressed == index:
            button.state |= QStyle.StateFlag.State_Sunken
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, widget)

    EXTRA_WIDTH = 28  # px around the text: the button's frame and margins

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + self.EXTRA_WIDTH, max(size.height(), 28))

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem,
                    index: QModelIndex) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                        QEvent.Type.MouseButtonDblClick):
            return False
        inside = self.button_rect(option.rect).contains(event.position().toPoint())
        if kind == QEvent.Type.MouseButtonPress:
            self._pressed = QPersistentModelIndex(index) if inside else None
            return False  # let the view select the row too
        if kind == QEvent.Type.MouseButtonDblClick:
            return inside  # a double-click on the button is not "open the case"
        pressed, self._pressed = self._pressed, None
        if inside and pressed is not None and pressed == index:
            self.clicked.emit(QModelIndex(index))
            return True
        return False


class DeadlineView(QTableView):
    """The Frister table; says when it was resized (its columns are fitted to the width)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class FristerPage(QWidget):
    """The Frister view. Emits ``open_case_requested(sak_id, (gjelder, gjelder_id))``,
    ``current_changed`` when another deadline (or none) is selected, and
    ``explanation_toggled(visible)`` when the explanation panel is shown or hidden."""

    open_case_requested = Signal(int, object)
    counts_changed = Signal()  # after each reload: the model's counts may have changed
    current_changed = Signal()
    explanation_toggled = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = DeadlineTableModel(ctx, self)
        self._selected_key: tuple[str, str, int, int] | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self._building = False
        self._wanted: dict[int, int] | None = None  # what each column's texts need
        self._build()
        self._fill_filters()
        self._apply_filters(force=True)
        ctx.data_changed.connect(self.refresh)
        ctx.database_changed.connect(self._database_changed)

    # --- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)

        self.search_field = QLineEdit()
        self.search_field.setObjectName("search")
        self.search_field.setPlaceholderText(self.tr("Search name or journal number"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(150)
        self.search_field.setMaximumWidth(340)
        self.search_field.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.explanation_button = QToolButton()
        self.explanation_button.setText(self.tr("E&xplanation"))
        self.explanation_button.setCheckable(True)
        self.explanation_button.setChecked(True)
        self.explanation_button.setToolTip(self.tr("Show or hide the explanation of the selected "
                                                   "deadline below the list"))
        self.explanation_button.toggled.connect(self.set_explanation_visible)
        title_row = QHBoxLayout()
        title_row.setSpacing(16)
        title = QLabel(self.tr("Deadlines"))
        title.setProperty("role", "title")
        title_row.addWidget(title)
        self.summary_label = QLabel()
        self.summary_label.setProperty("role", "muted")
        self.summary_label.setWordWrap(True)  # a narrow window wraps the counts
        self.summary_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                         QSizePolicy.Policy.Preferred)
        title_row.addWidget(self.summary_label, 1, Qt.AlignmentFlag.AlignBottom)
        title_row.addWidget(self.search_field)
        title_row.addWidget(self.explanation_button)
        layout.addLayout(title_row)

        filters = FlowLayout(spacing=14, line_spacing=6)
        self.who_combo = FitComboBox()
        self.status_combo = FitComboBox()
        self.rule_combo = FitComboBox()
        self.horizon_combo = FitComboBox()
        for text, combo in ((self.tr("Sho&w:"), self.who_combo),
                            (self.tr("S&tatus:"), self.status_combo),
                            (self.tr("&Rule:"), self.rule_combo),
                            (self.tr("Due &within:"), self.horizon_combo)):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(labelled(label, combo))
        self.local_check = QCheckBox(self.tr("Show &internal deadlines"))
        self.local_check.setObjectName("showInternal")
        self.local_check.setChecked(True)
        self.local_check.setToolTip(self.tr(
            "The service's own time standards (internal deadlines) beside the legal ones; they "
            "are never counted as deadline breaches"))
        self.local_check.toggled.connect(self._local_toggled)
        filters.addWidget(self.local_check)
        self.more_label = QLabel()
        self.more_label.setProperty("role", "muted")
        self.more_label.hide()
        filters.addWidget(self.more_label)
        self.calendar_button = QPushButton(self.tr("Export to &calendar…"))
        self.calendar_button.setObjectName("calendarButton")
        self.calendar_button.setToolTip(self.tr(
            "Save the open deadlines of the caseworker shown (your own, as a caseworker) as an "
            "iCalendar file for Outlook: journal number and what is due, never names"))
        self.calendar = CalendarExporter(self.ctx, self._calendar_who, self)
        self.calendar_button.clicked.connect(self.calendar.run)
        filters.addWidget(self.calendar_button)
        layout.addLayout(filters)

        self.status_combo.addItem(self.tr("All"), "alle")
        self.status_combo.addItem(self.tr("Overdue"), "forfalt")
        self.status_combo.addItem(self.tr("Due soon"), "snart")
        self.horizon_combo.addItem(self.tr("Any date"), None)
        for days in HORIZONS:
            self.horizon_combo.addItem(self.tr("%n day(s)", "", days), days)

        for combo in (self.who_combo, self.status_combo, self.rule_combo, self.horizon_combo):
            combo.currentIndexChanged.connect(self._filters_edited)
        self.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_field.returnPressed.connect(self._apply_filters)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search_field, self._search_down)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)  # ↓ from the search into the list

        self.view = DeadlineView()
        self.view.setObjectName("fristerTable")
        self.view.setTabKeyNavigation(False)  # Tab leaves the table
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(False)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setMouseTracking(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(30)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionsMovable(False)
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, (lowest, _highest) in COLUMN_LIMITS.items():
            header.resizeSection(col, lowest)
        self.view.setSortingEnabled(True)
        header.setSortIndicator(COL_FRIST, Qt.SortOrder.AscendingOrder)
        self.action_delegate = ActionButtonDelegate(self.view)
        self.view.setItemDelegateForColumn(COL_HANDLING, self.action_delegate)
        self.action_delegate.clicked.connect(self._action_clicked)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_a: self.current_changed.emit())
        self.model.reloaded.connect(self._after_reload)
        self.model.rowsInserted.connect(lambda *_: self._rows_arrived())
        self.view.resized.connect(self.fit_columns)

        self.empty_label = QLabel(self.tr("No open deadlines match these filters."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setProperty("role", "muted")
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.view)
        self.table_stack.addWidget(self.empty_label)

        panel = self.explanation_panel = QFrame()
        panel.setObjectName("explanation")
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(14, 10, 14, 8)
        panel_layout.setSpacing(4)
        head = QHBoxLayout()
        head.setSpacing(8)
        self.explanation_title = QLabel()
        self.explanation_title.setObjectName("explanationTitle")
        self.explanation_title.setTextFormat(Qt.TextFormat.RichText)
        self.explanation_title.setWordWrap(True)
        head.addWidget(self.explanation_title, 1)
        self.next_button = QPushButton(self.tr("Next step"))
        self.next_button.setToolTip(self.tr("Perform the natural next step for the selected "
                                            "deadline (Ctrl+Enter)"))
        self.next_button.clicked.connect(self.next_step)
        self.open_button = QPushButton(self.tr("Open case"))
        self.open_button.setToolTip(self.tr("Open the case of the selected deadline (Enter)"))
        self.open_button.clicked.connect(self.open_selected_case)
        head.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        panel_layout.addLayout(head)
        self.explanation = QTextBrowser()
        self.explanation.setObjectName("explanationText")
        self.explanation.setFrameShape(QFrame.Shape.NoFrame)
        self.explanation.setOpenLinks(False)
        # the panel's white shows through (a palette, not a style sheet: a style sheet here
        # paints the scroll bar's handle black)
        palette = self.explanation.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(Qt.GlobalColor.transparent))
        self.explanation.setPalette(palette)
        self.explanation.viewport().setAutoFillBackground(False)
        self.explanation.setMinimumHeight(self.explanation.fontMetrics().height() * 2)
        panel_layout.addWidget(self.explanation, 1)

        # The explanation folds away (drag the handle down, or the Explanation button) to give a
        # small screen to the list.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table_stack)
        self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, True)
        self.splitter.setSizes([470, 250])
        self.splitter.splitterMoved.connect(self._splitter_moved)
        layout.addWidget(self.splitter, 1)

        for first, second in ((self.search_field, self.explanation_button),
                              (self.explanation_button, self.who_combo),
                              (self.who_combo, self.status_combo),
                              (self.status_combo, self.rule_combo),
                              (self.rule_combo, self.horizon_combo),
                              (self.horizon_combo, self.local_check),
                              (self.local_check, self.calendar_button),
                              (self.calendar_button, self.view),
                              (self.view, self.next_button),
                              (self.next_button, self.open_button)):
            QWidget.setTabOrder(first, second)
        self._show_explanation(None)

    # --- filters ----------------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        """(Re)build the who and rule choices, keeping the current choice where possible."""
        self._building = True
        try:
            previous = self.who_combo.currentData()
            me = self.ctx.me()
            self.who_combo.clear()
            mine = self.tr("Mine ({name})").format(name=me) if me else self.tr("Mine")
            self.who_combo.addItem(mine, ("mine", None))
            if not me:
                item = self.who_combo.model()
                if isinstance(item, QStandardItemModel):
                    entry = item.item(0)
                    entry.setEnabled(False)
                    entry.setToolTip(self.tr("Choose who you are under Settings"))
            self.who_combo.addItem(self.tr("Everyone"), ("alle", None))
            workers = self.ctx.register.caseworkers()
            teams = sorted({w.team for w in workers if w.team}, key=norwegian_key)
            if teams:
                self.who_combo.insertSeparator(self.who_combo.count())
                for team in teams:
                    self.who_combo.addItem(self.tr("Team: {team}").format(team=team),
                                           ("team", team))
            if workers:
                self.who_combo.insertSeparator(self.who_combo.count())
                for w in workers:
                    text = w.navn if w.aktiv else self.tr("{name} (inactive)").format(name=w.navn)
                    self.who_combo.addItem(text, ("saksbehandler", w.navn))
            wanted = previous if previous is not None else (("mine", None) if me
                                                            else ("alle", None))
            if wanted == ("mine", None) and not me:
                wanted = ("alle", None)
            at = self._who_index(*wanted)
            self.who_combo.setCurrentIndex(at if at >= 0 else self._who_index("alle"))

            if self.rule_combo.count() == 0:
                self.rule_combo.addItem(self.tr("All deadlines"), None)
                for rule in sorted(CATALOGUE, key=lambda r: norwegian_key(r.label)):
                    self.rule_combo.addItem(rule.label, rule.id)
                    self.rule_combo.setItemData(self.rule_combo.count() - 1,
                                                f"{rule.hjemmel}", Qt.ItemDataRole.ToolTipRole)
        finally:
            self._building = False

    def _filters_edited(self) -> None:
        if not self._building:
            self._apply_filters()

    def current_query(self) -> DeadlineQuery:
        """The query the filter widgets describe."""
        kind, value = self.who_combo.currentData() or ("alle", None)
        saksbehandler = team = None
        if kind == "mine":
            saksbehandler = self.ctx.me()
        elif kind == "saksbehandler":
            saksbehandler = value
        elif kind == "team":
            team = value
        rule = self.rule_combo.currentData()
        return DeadlineQuery(status=self.status_combo.currentData() or "alle",
                             saksbehandler=saksbehandler, team=team,
                             rule_ids=(rule,) if rule else None,
                             search=self.search_field.text().strip(),
                             horizon_days=self.horizon_combo.currentData(),
                             lokal=None if self.local_check.isChecked() else False)

    def _local_toggled(self, shown: bool) -> None:
        """Show or hide the internal deadlines; the choice is remembered."""
        QSettings().setValue(SETTINGS_INTERNAL, shown)
        self._filters_edited()

    def _apply_filters(self, force: bool = False) -> None:
        self._search_timer.stop()
        self._remember_selection()
        try:
            self.model.set_query(self.current_query(), force=force)
        except (StorageError, ValueError) as error:
            self._error(error)

    def _calendar_who(self) -> tuple[str | None, str | None]:
        """(caseworker, team) the "Show" filter names, for the calendar export."""
        query = self.current_query()
        return query.saksbehandler, query.team

    def set_who(self, kind: str, value: str | None = None) -> None:
        """Filter on "mine", "alle", ("team", name) or ("saksbehandler", name)."""
        at = self._who_index(kind, value)
        if at < 0:
            raise ValueError(f"Ukjent utvalg: {kind}")
        self.who_combo.setCurrentIndex(at)

    def _who_index(self, kind: str, value: str | None = None) -> int:
        """Index of a who-choice (the items carry (kind, value) tuples)."""
        for i in range(self.who_combo.count()):
            if self.who_combo.itemData(i) == (kind, value):
                return i
        return -1

    def set_status(self, status: str) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status))

    def set_rule(self, rule_id: str | None) -> None:
        self.rule_combo.setCurrentIndex(max(0, self.rule_combo.findData(rule_id)))

    def set_horizon(self, days: int | None) -> None:
        self.horizon_combo.setCurrentIndex(max(0, self.horizon_combo.findData(days)))

    def set_search(self, text: str) -> None:
        """Set the search text and apply it at once (typing waits for a pause)."""
        self.search_field.setText(text)
        self._apply_filters()

    def show_mine_overdue(self) -> None:
        """Mine (everyone if no user is chosen) + forfalt, other filters cleared."""
        self._building = True
        try:
            self.who_combo.setCurrentIndex(self._who_index("mine" if self.ctx.me() else "alle"))
            self.set_status("forfalt")
            self.set_rule(None)
            self.set_horizon(None)
            self.search_field.setText("")
        finally:
            self._building = False
        self._apply_filters()

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _search_down(self) -> None:
        """↓ in the search field: the (filtered) list, on its first row if none is chosen."""
        if self._search_timer.isActive():
            self._apply_filters()
        if self.model.rowCount() == 0:
            return
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.selected_row() is None:
            self.view.selectRow(0)

    # --- refresh and selection --------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-query (after a save elsewhere), keeping the loaded rows and the selection."""
        self._remember_selection()
        try:
            self._fill_filters()  # caseworkers or the chosen user may have changed
            query = self.current_query()
            if query != self.model.query:
                self.model.set_query(query)
            else:
                self.model.reload(keep_loaded=True)
        except (StorageError, ValueError) as error:
            self._error(error)

    def _database_changed(self) -> None:
        self._building = True
        try:
            self.who_combo.clear()
        finally:
            self._building = False
        self._fill_filters()
        self._selected_key = None

    def _remember_selection(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._selected_key = row.deadline.key

    def _after_reload(self) -> None:
        self.table_stack.setCurrentWidget(self.view if self.model.rowCount() else
                                          self.empty_label)
        at = self.model.row_of(self._selected_key) if self._selected_key else -1
        if at >= 0:
            self.view.selectRow(at)
            self.view.scrollTo(self.model.index(at, 0))
        else:
            self._show_explanation(None)
        self._update_summary()
        self._wanted = None
        self.fit_columns()
        self.counts_changed.emit()

    def _rows_arrived(self) -> None:
        self._update_summary()
        self._wanted = None  # measured again for the new rows
        self.fit_columns()

    def fit_columns(self) -> None:
        """Size the columns to the loaded rows and the table's width.

        Each column wants what its widest text needs (within ``COLUMN_LIMITS``). "What" always
        gets its text whole and takes the room left over; the child may shorten (elided, with
        the whole text as tooltip). When even that is too wide, the optional columns step
        aside, the next step first (its button is in the explanation, and Ctrl+Enter), then
        the caseworker (the other way round when the explanation is folded away) — so a
        1024 px window never scrolls sideways."""
        view = self.view
        header = view.horizontalHeader()
        if self._wanted is None:  # measured once per set of rows; a resize only shares out
            self._wanted = self._wanted_widths()
        wanted = self._wanted
        available = view.maximumViewportSize().width()
        rows_height = self.model.rowCount() * view.verticalHeader().defaultSectionSize()
        if rows_height > view.maximumViewportSize().height() or self.model.canFetchMore():
            available -= view.verticalScrollBar().sizeHint().width()
        widths = dict(wanted)
        least = {c: max(COLUMN_LIMITS[c][0], self._title_width(c)) for c in widths}
        shown = list(widths)
        # without the explanation (and its button) the next-step column stays longer
        order = OPTIONAL_COLUMNS if self.explanation_visible() else OPTIONAL_COLUMNS[::-1]
        for optional in order:
            if self._needed(widths, least, shown) <= available:
                break
            shown.remove(optional)
        spare = available - sum(widths[c] for c in shown)
        for col in SHRINK_ORDER:  # too wide still: the child and others shorten
            if spare >= 0:
                break
            if col in shown:
                give = max(0, min(widths[col] - least[col], -spare))
                widths[col] -= give
                spare += give
        if spare > 0:
            widths[COL_HVA] += spare
        for col, width in widths.items():
            header.setSectionHidden(col, col not in shown)
            if col in shown and header.sectionSize(col) != width:
                header.resizeSection(col, width)

    @staticmethod
    def _needed(widths: dict[int, int], least: dict[int, int], shown: list[int]) -> int:
        """The width of the shown columns when the ones that may shorten are at their least."""
        return sum(least[c] if c in SHRINK_ORDER[:-1] else widths[c] for c in shown)

    def _wanted_widths(self) -> dict[int, int]:
        """What each column's widest text (or its title) needs, within ``COLUMN_LIMITS``."""
        model, view = self.model, self.view
        plain = view.fontMetrics()
        bold_font = QFont(view.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        widths: dict[int, int] = {}
        for col, (lowest, highest) in COLUMN_LIMITS.items():
            normal, strong = model.column_texts(col)
            width = max([plain.horizontalAdvance(t) for t in normal]
                        + [bold.horizontalAdvance(t) for t in strong] + [0]) + CELL_PADDING
            if col == COL_STATUS:
                width += view.iconSize().width() if view.iconSize().isValid() else 16
                width += 4
            elif col == COL_HANDLING:
                width += ActionButtonDelegate.EXTRA_WIDTH
            width = max(width, self._title_width(col))
            widths[col] = min(max(width, lowest), highest)
        return widths

    def _title_width(self, col: int) -> int:
        """What a column's title needs (with the header's padding and the sort arrow)."""
        header = self.view.horizontalHeader()
        title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
        return header.fontMetrics().horizontalAdvance(title) + HEADER_PADDING

    def _update_summary(self) -> None:
        counts = self.model.counts
        overdue = counts.get(Status.FORFALT, 0)
        soon = counts.get(Status.SNART, 0)
        total = self.model.total
        self.summary_label.setText(
            self.tr("In this view:") + " " + self.tr("%n open deadline(s)", "", total) + " · "
            + self.tr("%n overdue", "", overdue) + " · "
            + self.tr("%n due soon", "", soon))
        loaded = self.model.rowCount()
        if loaded < total:
            self.more_label.setText(self.tr("Showing {shown} of {total} — scroll down for more")
                                    .format(shown=loaded, total=total))
        else:
            self.more_label.setText("")
        self.more_label.setVisible(bool(self.more_label.text()))

    def selected_row(self) -> DeadlineRow | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_at(index.row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        if row is not None:
            self._selected_key = row.deadline.key
        self._show_explanation(row)

    # --- explanation ------------------------------------------------------------------------------

    def explanation_visible(self) -> bool:
        return self.explanation_button.isChecked()

    def set_explanation_visible(self, visible: bool) -> None:
        """Show or fold away the explanation panel (the list gets the room)."""
        if self.explanation_button.isChecked() != visible:
            self.explanation_button.setChecked(visible)  # comes back here through toggled
            return
        self.explanation_panel.setVisible(visible)
        if visible and self.splitter.sizes()[1] == 0:  # folded by dragging: open it again
            total = sum(self.splitter.sizes())
            self.splitter.setSizes([total * 2 // 3, total - total * 2 // 3])
        self.fit_columns()
        self.explanation_toggled.emit(visible)

    def _splitter_moved(self, _pos: int, _index: int) -> None:
        if self.splitter.sizes()[1] == 0 and self.explanation_button.isChecked():
            self.set_explanation_visible(False)  # dragged shut

    def _show_explanation(self, row: DeadlineRow | None) -> None:
        self.next_button.setEnabled(row is not None)
        self.open_button.setEnabled(row is not None)
        self.current_changed.emit()
        if row is None:
            heading = self.tr("Why this date")
            self.explanation_title.setText(f"<b>{html.escape(heading)}</b>")
            self.explanation.setHtml(
                "<p style='color:#5f6b76'>" + html.escape(self.tr(
                    "Select a deadline to see how its date was computed, the legal basis and the "
                    "parameter values in force.")) + "</p>")
            return
        self.explanation_title.setText(self.headline_html(row))
        self.explanation.setHtml(self.explanation_html(row))

    def headline_html(self, row: DeadlineRow) -> str:
        """Rule, status and due date of the selected deadline (above the explanation)."""
        e = html.escape
        color = status_color(row.status).name()
        due = self.tr("due {date}").format(date=fmt(row.frist))
        return (f"<span style='font-size:15px; font-weight:600'>{e(rule_text(row))}</span>"
                f"&nbsp;&nbsp; <span style='color:{color}; font-weight:600'>"
                f"{e(status_text(row.status))}</span> · {e(due)} "
                f"({e(days_text(row.days_left))})")

    def _setting_note(self, rule: Rule, params: Any) -> str:
        """Whether the rule's values are the shipped defaults or the service's own."""
        changed = [PARAMS_BY_KEY[k] for k in rule.params
                   if k in PARAMS_BY_KEY and params[k] != PARAMS_BY_KEY[k].default]
        if not changed:
            return self.tr("Default value — can be changed in Settings")
        return "; ".join(self.tr("Changed in Settings: {title} is {value} (default {default})")
                         .format(title=p.title, value=p.format(params[p.key]),
                                 default=p.format(p.default)) for p in changed)

    def explanation_html(self, row: DeadlineRow) -> str:
        """The explanation of one deadline: how, hjemmel, status of the rule, parameters, what
        starts and meets it — in two columns."""
        e = html.escape
        rule = rule_of(row.rule_id)
        left: list[str] = []
        right: list[str] = []

        def section(into: list[str], title: str, body: str) -> None:
            into.append(f"<p style='margin:0 0 8px 0'><b>{e(title)}</b><br>{body}</p>")

        section(left, self.tr("How the date was computed"), e(row.forklaring))
        if rule is not None:
            legal = e(f"{rule.hjemmel} · {legal_status_text(rule.status)}")
            try:
                params = self.ctx.register.params()
            except StorageError:
                params = None
            if rule.status in (RETNINGSLINJE, VERIFY) and params is not None:
                legal += "<br><i style='color:#8a5a00'>" + e(self._setting_note(rule, params)) \
                    + "</i>"
            section(left, self.tr("Legal basis"), legal)
            keys = [*rule.params, rule.warning_param]
            if params is not None:
                lines = [f"{e(PARAMS_BY_KEY[k].title)}: <b>{e(PARAMS_BY_KEY[k].format(params[k]))}"
                         "</b>" for k in keys if k in PARAMS_BY_KEY]
                section(left, self.tr("Values in force"), "<br>".join(lines))
            section(right, self.tr("Starts when"), e(rule.starts))
            section(right, self.tr("Met when"), e(rule.met_by))
        child = e(f"{row.navn} ({row.journalnummer})")
        if row.saksbehandler:
            worker = self.tr("Caseworker: {name}").format(name=row.saksbehandler)
            child += f"<br>{e(worker)}"
        section(right, self.tr("Child"), child)
        return ("<table width='100%' cellspacing='0' cellpadding='0'><tr>"
                f"<td width='58%' valign='top' style='padding-right:24px'>{''.join(left)}</td>"
                f"<td width='42%' valign='top'>{''.join(right)}</td></tr></table>")

    def explanation_text(self) -> str:
        """The explanation as plain text (headline and body)."""
        title = QTextDocument()
        title.setHtml(self.explanation_title.text())
        return f"{title.toPlainText()}\n{self.explanation.toPlainText()}"

    # --- actions ----------------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self._open_case(self.model.row_at(index.row()))

    def open_selected_case(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._open_case(row)

    def _open_case(self, row: DeadlineRow) -> None:
        self.open_case_requested.emit(row.sak_id, (row.deadline.gjelder, row.deadline.gjelder_id))

    def _action_clicked(self, index: QModelIndex) -> None:
        self.view.selectRow(index.row())
        self._run_action(self.model.row_at(index.row()))

    def next_step(self) -> None:
        """Start the natural next step for the selected deadline (Ctrl+Enter)."""
        row = self.selected_row()
        if row is not None:
            self._run_action(row)

    def _run_action(self, row: DeadlineRow) -> None:
        rule = rule_of(row.rule_id)
        if rule is None or rule.action == "apne_sak":
            self._open_case(row)
            return
        try:
            forms.open_action(self.ctx, row, self)
        except (StorageError, ValueError) as error:
            self._error(error)

    def _error(self, error: Exception) -> None:
        log.warning("Frister: %s", type(error).__name__)
        QMessageBox.warning(self, self.tr("Deadlines"), str(error))

    # --- persistence ------------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(SETTINGS_HEADER, self.view.horizontalHeader().saveState())
        settings.setValue(SETTINGS_SORT, [self.model.sort_column,
                                          self.model.sort_order.value])
        settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        settings.setValue(SETTINGS_EXPLANATION, self.explanation_visible())

    def restore_state(self, settings: QSettings) -> None:
        header = self.view.horizontalHeader()
        state = settings.value(SETTINGS_HEADER)
        if state:
            header.restoreState(state)
            # the widths follow the rows and the window (an older state may stretch a column)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(False)
        splitter = settings.value(SETTINGS_SPLITTER)
        if splitter:
            self.splitter.restoreState(splitter)
        shown = settings.value(SETTINGS_EXPLANATION, True)
        self.set_explanation_visible(shown not in (False, "false", 0, "0"))
        internal = settings.value(SETTINGS_INTERNAL, True)
        self.local_check.setChecked(internal not in (False, "false", 0, "0"))
        sort = settings.value(SETTINGS_SORT)
        try:
            column, order = int(sort[0]), Qt.SortOrder(int(sort[1]))
        except (TypeError, ValueError, IndexError):
            column, order = COL_FRIST, Qt.SortOrder.AscendingOrder
        header.setSortIndicator(column, order)  # the view re-sorts the model
