"""The Saker page: search for a case (name, journal number, start of a fødselsnummer) and see it.

The list is fed by ``Register.search`` (the search runs in SQL, debounced while typing); with an
empty search it shows the cases opened recently in this session, then the user's open cases.
Selecting a case (or Enter) opens the case view beside the list.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.access import Action
from core.deadlines import Status
from storage.errors import StorageError
from ui.case_model import CaseListModel
from ui.case_view import CaseView, make_table
from ui.context import AppContext
from ui.forms import new_melding

SEARCH_DELAY_MS = 250
LIST_WIDTH = 300  # px: the case list beside an open case (wider windows give it more)
CASE_MARGINS = 40  # px: the case view's margins around its tabs
RECENT_MAX = 15
SEARCH_LIMIT = 200


class CasesPage(QWidget):
    """Case list with search, and the case view. ``open_case(sak_id, focus)`` from elsewhere."""

    case_opened = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._recent: list[int] = []
        self._shown_sak_id: int | None = None
        self._browsing = False

        self.search = QLineEdit(self)
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(self.tr("Search: name, journal number or fødselsnummer"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search cases"))
        self.new_button = QPushButton(self.tr("New &melding…"), self)
        self.new_button.clicked.connect(self.new_melding)
        self.hint = QLabel(self)
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)

        self.model = CaseListModel(ctx.today, self._deadline_counts, self)
        self.view = make_table(self)
        self.view.setModel(self.model)
        self.view.setObjectName("caseList")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        fit = QHeaderView.ResizeMode.ResizeToContents
        for col in (CaseListModel.JOURNAL, CaseListModel.FNR, CaseListModel.AGE):
            header.setSectionResizeMode(col, fit)
        # The name keeps a readable width; the deadline counts take (and elide in) the rest.
        for col, width in ((CaseListModel.NAME, 170), (CaseListModel.CASEWORKER, 130)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        header.setSectionResizeMode(CaseListModel.DEADLINES, QHeaderView.ResizeMode.Stretch)

        left = self.list_panel = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 10, 6, 10)
        left_layout.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        left_layout.addLayout(top)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.hint)

        self.case_view = CaseView(ctx, self)
        self.placeholder = QLabel(self.tr("Choose a case in the list, or search for a name, "
                                          "a journal number or the first digits of a "
                                          "fødselsnummer."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setProperty("role", "muted")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.case_view)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("casesSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([LIST_WIDTH, 800])
        self.case_view.list_button.clicked.connect(
            lambda: self.set_list_visible(not self.list_visible()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._search_entered)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.doubleClicked.connect(lambda _i: self._enter_case())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.view, self._enter_case)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search, self._search_down)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        ctx.data_changed.connect(self._data_changed)
        ctx.database_changed.connect(self._database_changed)
        self.refresh()

    # --- public API ---------------------------------------------------------------------------

    def open_case(self, sak_id: int, focus: tuple[str, int] | None = None) -> None:
        """Show the case; with ``focus`` = (gjelder, id) select that item (e.g. ("melding", 12))."""
        fresh = self._shown_sak_id != sak_id or self.case_view.case is None
        if fresh and not self.case_view.load(sak_id):
            raise StorageError(self.tr("The case could not be opened (it may have been "
                                       "deleted)."))
        self._shown_sak_id = sak_id
        self._remember(sak_id)
        self.stack.setCurrentWidget(self.case_view)
        self._fit_split(browsing=self._browsing)
        self._select_in_list(sak_id)
        if focus is not None:
            self.case_view.focus_item(*focus)
        self.case_opened.emit(sak_id)

    def show_recent(self) -> None:
        """Clear the search: the list shows the recently opened and the open cases again."""
        if self.search.text():
            with QSignalBlocker(self.search):
                self.search.clear()
            self.refresh()

    def focus_search(self) -> None:
        self.set_list_visible(True)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def new_melding(self) -> None:
        """Register a melding (new child or existing case): the same route as Ctrl+N, so the
        case opens (through the main window's ``open_case``) and the status bar confirms it."""
        try:
            new_melding(self.ctx, self)
        except (StorageError, ValueError) as error:
            self.hint.setText(str(error))

    # --- the split between list and case -------------------------------------------------------

    def list_visible(self) -> bool:
        return not self.list_panel.isHidden()

    def set_list_visible(self, visible: bool) -> None:
        """Show the case list beside the case, or fold it away (the case takes the width)."""
        if visible == self.list_visible():
            return
        self.list_panel.setVisible(visible)
        self.case_view.set_list_shown(visible)
        if visible:
            total = max(self.splitter.width(), LIST_WIDTH * 3)
            self.splitter.setSizes([LIST_WIDTH, total - LIST_WIDTH])

    def _room(self) -> int:
        """The width the page has (its parent's when it is one of the window's pages)."""
        parent = self.parentWidget()
        return parent.width() if parent is not None else self.width()

    def _fit_split(self, *, browsing: bool) -> None:
        """Give an open case the width its sections need: take it from the list, or fold the
        list away on a narrow window (not while the user is going through the list)."""
        need = self.case_view.tabs.tabBar().sizeHint().width() + CASE_MARGINS
        room = self._room() - self.splitter.handleWidth()
        if room - need >= LIST_WIDTH:
            self.set_list_visible(True)
            if self.splitter.sizes()[1] < need:
                self.splitter.setSizes([room - need, need])
        elif not browsing and self.isVisible():
            self.set_list_visible(False)

    # --- list ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Run the search again (or list the recent cases) keeping the selection."""
        self._timer.stop()
        text = self.search.text().strip()
        if not self.ctx.may(Action.SEARCH):
            self.model.set_cases([])
            return
        try:
            if text:
                saker = self.ctx.register.search(text, limit=SEARCH_LIMIT)
            else:  # recently opened first, then the user's own open cases (all if not chosen)
                saker = []
                for sak_id in self._recent:
                    try:
                        saker.append(self.ctx.register.sak(sak_id))
                    except StorageError:
                        continue
                seen = {s.id for s in saker}
                saker += [s for s in self.ctx.register.search(
                    "", limit=SEARCH_LIMIT, saksbehandler=self.ctx.me()) if s.id not in seen]
        except StorageError as error:
            self.model.set_cases([])
            self.hint.setText(str(error))
            return
        self.model.set_cases(saker)
        if text and not saker:
            self.hint.setText(self.tr("No case matches «%1».").replace("%1", text))
        elif text and len(saker) >= SEARCH_LIMIT:
            self.hint.setText(self.tr("Showing the first %1 cases – refine the search.").replace(
                "%1", str(SEARCH_LIMIT)))
        elif text:
            self.hint.setText(self.tr("1 case found.") if len(saker) == 1 else
                              self.tr("%1 cases found.").replace("%1", str(len(saker))))
        elif saker:
            self.hint.setText(self.tr("Recently opened and open cases. Type to search."))
        else:
            self.hint.setText(self.tr("Type a name, a journal number or the first digits of a "
                                      "fødselsnummer (Ctrl+F)."))
        if self._shown_sak_id is not None:
            self._select_in_list(self._shown_sak_id)

    def _deadline_counts(self, sak_id: int) -> tuple[int, int]:
        today = self.ctx.today()
        try:
            statuses = [d.status(today) for d in self.ctx.register.case_deadlines(sak_id)]
        except StorageError:
            return (0, 0)
        open_ = [s for s in statuses if s.is_open]
        return len(open_), sum(1 for s in open_ if s is Status.FORFALT)

    def _select_in_list(self, sak_id: int) -> None:
        row = self.model.row_of(sak_id)
        selection = self.view.selectionModel()
        blocked = selection.blockSignals(True)
        try:
            if row < 0:
                selection.clear()
            else:
                index = self.model.index(row, 0)
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
                self.view.scrollTo(index)
        finally:
            selection.blockSignals(blocked)
        self.view.viewport().update()

    def _row_changed(self, current, _previous) -> None:
        sak = self.model.sak(current.row()) if current.isValid() else None
        if sak is not None and sak.id is not None and sak.id != self._shown_sak_id:
            self._browsing = True  # the list stays while the user goes through it
            try:
                self.open_case(sak.id)
            except StorageError as error:
                self.hint.setText(str(error))
            finally:
                self._browsing = False

    def _enter_case(self) -> None:
        """Enter/double-click: open the selected case and move into it."""
        index = self.view.currentIndex()
        sak = self.model.sak(index.row()) if index.isValid() else None
        if sak is None or sak.id is None:
            return
        if sak.id != self._shown_sak_id:
            self.open_case(sak.id)
        self._fit_split(browsing=False)  # moving into the case: a narrow window gives it all
        self.case_view.tabs.setCurrentIndex(CaseView.TAB_OVERVIEW)
        self.case_view.deadline_view.setFocus()

    def _search_entered(self) -> None:
        self.refresh()
        if self.model.rowCount() > 0:
            self.view.setFocus()
            self.view.selectRow(0)

    def _search_down(self) -> None:
        if self.model.rowCount() > 0:
            self.view.setFocus()
            if not self.view.currentIndex().isValid():
                self.view.selectRow(0)

    def _remember(self, sak_id: int) -> None:
        if sak_id in self._recent:
            self._recent.remove(sak_id)
        self._recent.insert(0, sak_id)
        del self._recent[RECENT_MAX:]
        if not self.search.text().strip():
            self.refresh()

    # --- changes ------------------------------------------------------------------------------

    def _data_changed(self) -> None:
        self.refresh()  # the case view reloads itself on the same signal

    def _database_changed(self) -> None:
        self._recent.clear()
        self._shown_sak_id = None
        self.case_view.clear()
        self.stack.setCurrentWidget(self.placeholder)
        self.set_list_visible(True)
        self.search.clear()
        self.refresh()
