"""The main window: navigation, pages, the File menu, the status bar and the reminder bar.

A database is opened in two steps: in the background (``run_in_background``) the file is checked,
migrated and its deadlines recomputed if stale, on a connection of its own; then the UI thread
opens its connection, which is quick because nothing is left to do. The window never freezes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

import shiboken6
from PySide6.QtCore import QRect, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.access import Action
from core.version import VERSION
from service import Register
from service.shared_login import password_in, split_address
from storage.db import StorageError, default_db_path
from storage.pg import describe, is_url
from ui.cases_page import CasesPage
from ui.context import AppContext
from ui.fit import ElidedLabel
from ui.forms import new_melding
from ui.frister_page import FristerPage
from ui.keyboard import step_tab, tabs_for, untrap_tables
from ui.opener import RegisterOpener
from ui.register_actions import RegisterActions
from ui.reminders import ReminderBar, Reminders
from ui.ssb_import import SsbImport
from ui.style import app_icon, nav_icon
from ui.tasks import run_in_background

if TYPE_CHECKING:
    from ui.report_page import ReportPage
    from ui.settings_page import SettingsPage

log = logging.getLogger(__name__)

PAGE_FRISTER, PAGE_SAKER, PAGE_RAPPORTER, PAGE_INNSTILLINGER = range(4)
#: What a role must be allowed to see each page (None: every role).
PAGE_ACTIONS = (Action.VIEW_DEADLINES, Action.SEARCH, Action.REPORT, None)
MAX_RECENT = 8
SETTINGS_RECENT = "filer/nylige"
SETTINGS_GEOMETRY = "vindu/geometri"
SETTINGS_STATE = "vindu/tilstand"
DEFAULT_SIZE = QSize(1280, 800)
FRAME_ALLOWANCE = QSize(16, 40)  # a window manager's borders and title bar, before they are known

# The demo municipality generated on demand (a small service: 120 children a year, 4 years).
DEMO_CHILDREN_PER_YEAR = 120
DEMO_YEARS = 4
DEMO_SEED = 1

#: How often the window asks the register whether someone else changed it (ms).
CHANGE_POLL_MS = 15_000


def wall_clock() -> datetime:
    """The time shown as «Sist oppdatert» (a function, so tests can set it)."""
    return datetime.now()


def demo_db_path() -> Path:
    """Where "Åpne demokommune" keeps its database: beside the user's own database."""
    return default_db_path().parent / "demokommune.db"


class EmptyState(QWidget):
    """Shown instead of an empty grid when the database holds no cases yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("Welcome to Fristvakt"))
        title.setProperty("role", "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(self.tr("This database has no cases yet. Open the demo municipality to see "
                              "how Fristvakt works, or register the first report of concern."))
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setProperty("role", "muted")
        text.setFixedWidth(480)
        text_row = QHBoxLayout()
        text_row.addStretch(1)
        text_row.addWidget(text)
        text_row.addStretch(1)
        self.demo_button = QPushButton(self.tr("Open demo municipality"))
        self.demo_button.setDefault(True)
        self.first_button = QPushButton(self.tr("Register first report"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        buttons.addSpacing(8)
        buttons.addWidget(self.first_button)
        buttons.addStretch(1)
        self.path_label = QLabel()
        self.path_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.path_label.setProperty("role", "muted")
        outer.addWidget(icon)
        outer.addSpacing(8)
        outer.addWidget(title)
        outer.addSpacing(4)
        outer.addLayout(text_row)
        outer.addSpacing(16)
        outer.addLayout(buttons)
        outer.addSpacing(12)
        outer.addWidget(self.path_label)
        outer.addStretch(3)
        QWidget.setTabOrder(self.demo_button, self.first_button)


class LoadingPage(QWidget):
    """Shown while a database opens, and when none could be opened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setProperty("role", "title")
        self.detail = QLabel()
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.detail.setProperty("role", "muted")
        self.bar = QProgressBar()
        self.bar.setFixedWidth(320)
        self.bar.setTextVisible(False)
        self.new_button = QPushButton(self.tr("New database…"))
        self.open_button = QPushButton(self.tr("Open database…"))
        self.shared_button = QPushButton(self.tr("Connect to shared register…"))
        self.demo_button = QPushButton(self.tr("Open demo municipality"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in self.buttons():
            buttons.addWidget(button)
        buttons.addStretch(1)
        outer.addWidget(self.message)
        outer.addSpacing(6)
        outer.addWidget(self.detail)
        outer.addSpacing(12)
        outer.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addLayout(buttons)
        outer.addStretch(2)

    def buttons(self) -> tuple[QPushButton, ...]:
        return (self.new_button, self.open_button, self.shared_button, self.demo_button)

    def loading_text(self, what: str) -> None:
        self.message.setText(what)
        self.detail.setText(self.tr("Checking the register and bringing the deadlines up to "
                                    "date."))
        self.bar.setRange(0, 0)
        self.bar.show()
        for button in self.buttons():
            button.hide()

    def progress(self, done: int, total: int) -> None:
        self.detail.setText(self.tr("Recomputing deadlines: {done} of {total} cases")
                            .format(done=done, total=total))
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)

    def failed(self, message: str) -> None:
        self.message.setText(self.tr("No register is open"))
        self.detail.setText(message)
        self.bar.hide()
        for button in self.buttons():
            button.show()


class MainWindow(QMainWindow):
    """Fristvakt's window. Give it a register path (signed in to, then opened in the
    background; ``credentials`` skips the sign-in dialog) or a ready ``AppContext``.

    Public: ``ctx``, the pages (``frister_page``, ``cases_page``, ``report_page``,
    ``settings_page``), ``show_page(index)``, ``current_page()``, ``open_database(path)``,
    ``open_case(sak_id, focus)``, ``open_demo()``, ``is_ready()``, ``is_empty_state()``,
    signals ``database_opened(str)`` and ``open_failed(str)``.
    """

    database_opened = Signal(str)
    open_failed = Signal(str)

    def __init__(self, db_path: str | Path | None = None, *, ctx: AppContext | None = None,
                 today: Callable[[], date] = date.today,
                 credentials: tuple[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Fristvakt")
        self.setWindowIcon(app_icon())
        self.ctx: AppContext | None = None
        self._today = today
        self._owns_repo = ctx is None
        self._empty = False
        self._demo_dialog: QProgressDialog | None = None
        self.demo_path = demo_db_path()
        self.opener = RegisterOpener(self, today, credentials)
        self.opener.opened.connect(self._opened)
        self.opener.failed.connect(self._open_error)
        self.opener.cancelled.connect(self._open_cancelled)
        self.opener.demo_requested.connect(self.open_demo)
        self.opener.busy.connect(self._busy)
        self.opener.progress.connect(lambda done, total: self.loading_page.progress(done, total))
        self.opener.notice.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.trust = RegisterActions(self)
        self.ssb_import = SsbImport(self)
        self.frister_page: FristerPage | None = None
        self.cases_page: CasesPage | None = None
        self.reminders: Reminders | None = None
        self._pages: dict[int, QWidget] = {}
        self._build()
        self._build_menus()
        self._restore_geometry()
        if ctx is not None:
            self._attach(ctx)
        elif db_path is not None:
            self.open_database(db_path, credentials)  # a shared register's too
        else:
            self.loading_page.failed(self.tr("Create a new database, open one, or try the demo "
                                             "municipality."))
            self.stack.setCurrentWidget(self.loading_page)

    # --- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.trust_banner = QLabel()
        self.trust_banner.setObjectName("trustBanner")
        self.trust_banner.setWordWrap(True)
        self.trust_banner.setStyleSheet("QLabel#trustBanner { background: #fdecea; color: #7a1212;"
                                        " padding: 6px 16px; border-bottom: 1px solid #e6b3b3; }")
        self.trust_banner.hide()
        outer.addWidget(self.trust_banner)
        self.reminder_bar = ReminderBar()
        outer.addWidget(self.reminder_bar)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setAccessibleName(self.tr("Navigation"))
        texts = []
        for text, kind, key in ((self.tr("Deadlines"), "frister", "Ctrl+1"),
                                (self.tr("Cases"), "saker", "Ctrl+2"),
                                (self.tr("Reports"), "rapporter", "Ctrl+3"),
                                (self.tr("Settings"), "innstillinger", "Ctrl+4")):
            item = QListWidgetItem(nav_icon(kind), text)
            native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            item.setToolTip(f"{text} ({native})")
            item.setSizeHint(QSize(0, 38))
            self.nav.addItem(item)
            texts.append(text)
        # As wide as its longest name (icon, item padding and margins around it): a narrow
        # screen keeps its width for the pages.
        widest = max(self.nav.fontMetrics().horizontalAdvance(t) for t in texts)
        self.nav.setFixedWidth(max(150, widest + 20 + 2 * 10 + 2 * 6 + 24))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.currentRowChanged.connect(self._nav_changed)
        body.addWidget(self.nav)
        self.stack = QStackedWidget()
        self.loading_page = LoadingPage()
        self.loading_page.new_button.clicked.connect(self.new_database)
        self.loading_page.open_button.clicked.connect(self.choose_database)
        self.loading_page.shared_button.clicked.connect(lambda: self.connect_shared())
        self.loading_page.demo_button.clicked.connect(self.open_demo)
        self.empty_state = EmptyState()
        self.empty_state.demo_button.clicked.connect(self.open_demo)
        self.empty_state.first_button.clicked.connect(self.new_melding)
        # Every page added later: Tab leaves its tables; the View menu's actions follow the page.
        self.stack.widgetAdded.connect(self._page_added)
        self.stack.currentChanged.connect(lambda _i: self._update_view_actions())
        self.stack.addWidget(self.loading_page)
        self.stack.addWidget(self.empty_state)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.nav.setEnabled(False)

        self.db_label = ElidedLabel()  # a long path is shortened in the middle (whole: tooltip)
        self.db_label.setProperty("role", "muted")
        self.counts_label = QLabel()
        self.user_label = QLabel()
        self.updated_label = QLabel()  # «Sist oppdatert kl. …» of the Frister list
        self.updated_label.setToolTip(self.tr(
            "When the Deadlines list was last read from the register. It is read again at once "
            "when you save, and within 15 seconds when someone else does."))
        self.updated_label.hide()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.updated_label)
        QWidget.setTabOrder(self.nav, self.stack)
        # Another person's save: every view reads the register again (``poll_changes``).
        self.change_timer = QTimer(self)
        self.change_timer.setInterval(CHANGE_POLL_MS)
        self.change_timer.timeout.connect(self.poll_changes)

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | list[str] = "",
                needs_db: bool = True, checkable: bool = False) -> QAction:
        """A window action (its shortcut works on every page; the first of several shortcuts is
        the one the menu shows)."""
        action = QAction(text, self)
        if isinstance(shortcut, list):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        elif shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutVisibleInContextMenu(True)
        action.setCheckable(checkable)
        action.triggered.connect(lambda _checked=False: slot())
        if needs_db:
            self._db_actions.append(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        self._db_actions: list[QAction] = []
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addAction(self._action(self.tr("&New database…"), self.new_database,
                                         "Ctrl+Shift+N", needs_db=False))
        file_menu.addAction(self._action(self.tr("Open data&base…"), self.choose_database,
                                         "Ctrl+O", needs_db=False))
        self.connect_shared_action = self._action(self.tr("&Connect to shared register…"),
                                                  self.connect_shared, needs_db=False)
        file_menu.addAction(self.connect_shared_action)
        file_menu.addAction(self._action(self.tr("Open &demo municipality"), self.open_demo,
                                         needs_db=False))
        self.recent_menu = file_menu.addMenu(self.tr("&Recent registers"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addAction(self.ssb_import.action)
        file_menu.addSeparator()
        self.trust.add_to_menu(file_menu)
        file_menu.addSeparator()
        quit_action = self._action(self.tr("&Quit"), self.close, "Ctrl+Q", needs_db=False)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

        case_menu = menu.addMenu(self.tr("&Case"))
        self.new_melding_action = self._action(self.tr("&New report…"), self.new_melding,
                                               "Ctrl+N")
        case_menu.addAction(self.new_melding_action)
        self.next_step_action = self._action(self.tr("Ne&xt step"), self.next_step,
                                             ["Ctrl+Enter", "Ctrl+Return"])
        case_menu.addAction(self.next_step_action)
        self.open_case_action = self._action(self.tr("&Open case"), self.open_selected_case)
        case_menu.addAction(self.open_case_action)

        view_menu = menu.addMenu(self.tr("&View"))
        self.page_actions = []
        for i, text in enumerate((self.tr("&Deadlines"), self.tr("&Cases"), self.tr("&Reports"),
                                  self.tr("&Settings"))):
            action = self._action(text, lambda i=i: self.show_page(i), f"Ctrl+{i + 1}")
            view_menu.addAction(action)
            self.page_actions.append(action)
        view_menu.addSeparator()
        # The sections of a case, the tabs of Rapporter and Innstillinger (also from a table)
        self.next_tab_action = self._action(self.tr("Next &tab"), lambda: self._step_tab(1),
                                            ["Ctrl+PgDown", "Ctrl+Tab"])
        view_menu.addAction(self.next_tab_action)
        self.previous_tab_action = self._action(
            self.tr("&Previous tab"), lambda: self._step_tab(-1),
            ["Ctrl+PgUp", "Ctrl+Shift+Tab", "Ctrl+Shift+Backtab"])
        view_menu.addAction(self.previous_tab_action)
        view_menu.addSeparator()
        self.search_action = self._action(self.tr("&Search"), self.focus_search, "Ctrl+F")
        view_menu.addAction(self.search_action)
        self.refresh_action = self._action(self.tr("&Refresh"), self.refresh, "F5")
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self._action(self.tr("Show overdue (&mine)"), self.show_mine_overdue))
        view_menu.addSeparator()
        self.explanation_action = self._action(
            self.tr("E&xplanation panel"), lambda: self.frister_page is not None
            and self.frister_page.set_explanation_visible(self.explanation_action.isChecked()),
            checkable=True)
        view_menu.addAction(self.explanation_action)
        self.chart_action = self._action(
            self.tr("C&hart"), lambda: self.current_page() is self._pages.get(PAGE_RAPPORTER)
            and self.report_page is not None
            and self.report_page.set_chart_visible(self.chart_action.isChecked()),
            checkable=True)
        view_menu.addAction(self.chart_action)

        help_menu = menu.addMenu(self.tr("&Help"))
        about = self._action(self.tr("&About Fristvakt"), self._about, needs_db=False)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)
        self._set_db_actions_enabled(False)
        self.database_opened.connect(lambda _path: self._update_view_actions())
        for menu_of_actions in (case_menu, view_menu):  # right before a menu shows, too
            menu_of_actions.aboutToShow.connect(self._update_view_actions)

    def _page_added(self, _index: int) -> None:
        """A page joined the stack: Tab leaves its tables; its toggles keep the menu in step."""
        untrap_tables(self.stack)
        page = self.stack.widget(_index)
        for name in ("current_changed", "explanation_toggled", "chart_toggled", "case_opened"):
            signal = getattr(page, name, None)
            if signal is not None:
                signal.connect(lambda *_a: self._update_view_actions())

    def _update_view_actions(self) -> None:
        """Actions that would do nothing on the current page (or selection) are disabled."""
        if not shiboken6.isValid(self) or self.ctx is None or not self.nav.isEnabled():
            return
        page = self.current_page()
        frister = self.frister_page if page is self.frister_page else None
        selected = frister is not None and frister.selected_row() is not None
        self.next_step_action.setEnabled(selected and self.ctx.may(Action.CREATE))
        self.open_case_action.setEnabled(selected)
        has_tabs = tabs_for(page) is not None
        self.next_tab_action.setEnabled(has_tabs)
        self.previous_tab_action.setEnabled(has_tabs)
        self.search_action.setEnabled(callable(getattr(page, "focus_search", None)))
        self.explanation_action.setEnabled(frister is not None)
        if self.frister_page is not None:
            self.explanation_action.setChecked(self.frister_page.explanation_visible())
        report = self._pages.get(PAGE_RAPPORTER)
        self.chart_action.setEnabled(report is not None and page is report)
        if report is not None:
            self.chart_action.setChecked(cast("ReportPage", report).chart_visible())

    def _step_tab(self, step: int) -> None:
        """Ctrl+PgDn / Ctrl+Tab (and back): the next section of a case, or tab of a page."""
        tabs = tabs_for(self.current_page())
        if tabs is not None:
            step_tab(tabs, step)

    def _set_db_actions_enabled(self, enabled: bool) -> None:
        for action in self._db_actions:
            action.setEnabled(enabled)
        self.nav.setEnabled(enabled)

    # --- pages ------------------------------------------------------------------------------------

    def _attach(self, ctx: AppContext) -> None:
        """Build Frister and Saker for the first open database (Rapporter and Innstillinger
        are built the first time they are shown: start-up does only what the first view
        needs)."""
        self.ctx = ctx
        self.frister_page = FristerPage(ctx, self)
        self.frister_page.open_case_requested.connect(self.open_case)
        self.frister_page.counts_changed.connect(self._update_counts)
        self.frister_page.model.reloaded.connect(self._frister_reloaded)
        self._frister_reloaded()  # the page read its list as it was built
        self.cases_page = CasesPage(ctx, self)
        self._pages = {PAGE_FRISTER: self.frister_page, PAGE_SAKER: self.cases_page}
        for page in self._pages.values():
            self.stack.addWidget(page)
        self.frister_page.restore_state(QSettings())
        self.reminders = Reminders(ctx, self.reminder_bar, self)
        self.reminders.show_overdue.connect(self.show_mine_overdue)
        self.reminders.new_day.connect(ctx.data_changed)
        ctx.data_changed.connect(self._data_changed)
        ctx.database_changed.connect(self._database_changed)
        self._database_changed()
        self.reminders.start()
        self.change_timer.start()
        if self._empty:
            self.reminder_bar.hide()

    def show_page(self, index: int) -> None:
        """Switch to a page (0 Frister, 1 Saker, 2 Rapporter, 3 Innstillinger) the role may
        see."""
        if self.ctx is None or index not in self.allowed_pages():
            return
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # comes back here through _nav_changed
            return
        if index == PAGE_FRISTER and self._empty:
            self.stack.setCurrentWidget(self.empty_state)
        else:
            self.stack.setCurrentWidget(self._page(index))

    def _page(self, index: int) -> QWidget:
        """The page at ``index``, built (and added to the stack) the first time it is needed."""
        assert self.ctx is not None
        page = self._pages.get(index)
        if page is None:
            # Imported here, too: start-up loads neither Qt Charts nor the settings' tabs.
            from ui.report_page import ReportPage
            from ui.settings_page import SettingsPage

            if index == PAGE_RAPPORTER:
                page = ReportPage(self.ctx, self)
            else:
                page = SettingsPage(self.ctx, self)
                page.quality_tab.open_case_requested.connect(self.open_case)  # Datakvalitet
                page.connect_requested.connect(lambda: self.connect_shared())
            self._pages[index] = page
            self.stack.addWidget(page)
        return page

    @property
    def report_page(self) -> ReportPage | None:
        """Rapporter (built on first use); None before a register is open."""
        return cast("ReportPage", self._page(PAGE_RAPPORTER)) if self.ctx is not None else None

    @property
    def settings_page(self) -> SettingsPage | None:
        """Innstillinger (built on first use); None before a register is open."""
        return (cast("SettingsPage", self._page(PAGE_INNSTILLINGER)) if self.ctx is not None
                else None)

    def _nav_changed(self, row: int) -> None:
        if row >= 0:
            self.show_page(row)

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    def is_ready(self) -> bool:
        """A database is open and the pages show it."""
        return self.ctx is not None and self.stack.currentWidget() is not self.loading_page

    def is_empty_state(self) -> bool:
        return self.stack.currentWidget() is self.empty_state

    # --- opening databases ------------------------------------------------------------------------

    def open_database(self, path: str | Path, credentials: tuple[str, str] | None = None) -> None:
        """Open a register: sign in (or create / encrypt it after asking), then checks,
        migration and any recompute run in the background with progress on the loading page.
        A ``postgresql://`` address (text) is a shared register: the connect dialog, filled
        in."""
        if is_url(path):
            self.opener.open_shared(str(path), credentials)
            return
        self._pending = Path(path)
        self.opener.open(self._pending, credentials)

    def connect_shared(self, url: str | None = None, *, fill_saved: bool = True) -> None:
        """«Koble til delt register…»: the dialog, filled with ``url`` — else the open shared
        register's address, else the shared register used last (none: empty)."""
        if url is None and self.ctx is not None and self.ctx.register.shared:
            url = self.ctx.register.db_path()
        if url is None:
            url = next((r for r in self.recent_files() if is_url(r)), None)
        self.opener.open_shared(url, fill_saved=fill_saved)

    def _busy(self, what: str) -> None:
        self._set_db_actions_enabled(False)
        self.reminder_bar.hide()
        self.loading_page.loading_text(what)
        self.stack.setCurrentWidget(self.loading_page)

    def _opened(self, register: Register) -> None:
        if self.ctx is None:
            self._attach(AppContext(register, self._today, self))
        else:
            self.ctx.set_register(register)  # closes the old connection; pages refresh
        self._owns_repo = True
        self._remember_recent(register.db_path() if register.shared else register.file)
        log.info("Register åpnet")
        self.database_opened.emit(register.db_path())
        self._after_open(register)

    def _after_open(self, register: Register) -> None:
        """The slow checks of a sign-in, in the background once the window is up: SQLite's
        check of the whole file (it reads every page; a damaged register is said in the
        banner with what to do), then the first backup of the day if it is due."""
        self.damaged = False
        today = self._today()

        def work() -> bool:
            own = register.reopen()
            try:
                ok = own.check_integrity()
                if ok:  # never back up a damaged file over the rotation's good ones
                    own.daily_backup(today)
                return ok
            finally:
                own.close()

        def done(ok: bool) -> None:
            if not ok and self.ctx is not None and self.ctx.register is register:
                log.error("Integritetskontrollen av registeret feilet")
                self.damaged = True
                self._show_banner()

        run_in_background(work, done, lambda _error: done(False))  # unreadable pages too

    def _open_cancelled(self) -> None:
        if self.ctx is not None and self.ctx.register.is_open():
            self._set_db_actions_enabled(True)
            self.show_page(max(0, self.nav.currentRow()))
        else:  # signed out, or nothing open yet: nothing can be done until someone signs in
            self._set_db_actions_enabled(False)
            self.trust.update_actions()
            self.ssb_import.update_action()
            self.reminder_bar.hide()
            self.loading_page.failed(self.tr("Sign in, create a new register, open another one, "
                                             "or try the demo municipality."))
            self.stack.setCurrentWidget(self.loading_page)

    def _open_error(self, message: str) -> None:
        log.warning("Kunne ikke åpne registeret")
        if self.ctx is not None and self.ctx.register.is_open():  # keep showing the open one
            self._set_db_actions_enabled(True)
            self.show_page(max(0, self.nav.currentRow()))
            QMessageBox.warning(self, self.tr("Open register"), message)
        else:
            self.loading_page.failed(message)
            self.stack.setCurrentWidget(self.loading_page)
        self.open_failed.emit(message)

    def allowed_pages(self) -> list[int]:
        """The pages the signed-in person's role may see (Innstillinger always)."""
        if self.ctx is None:
            return []
        return [i for i, action in enumerate(PAGE_ACTIONS) if action is None
                or self.ctx.may(action)]

    def _database_changed(self) -> None:
        assert self.ctx is not None
        register = self.ctx.register
        path = register.db_path()
        if register.shared:  # «database» på server; the address has no password
            self.db_label.setText(self.tr("Shared register: {name}").format(name=register.name))
            self.empty_state.path_label.setText(self.tr("Shared register {name}").format(
                name=register.name))
            self.setWindowTitle(self.tr("Fristvakt – {name} (shared register)").format(
                name=register.name))
            self.db_label.setToolTip(self.tr("Shared register on a database server: {address}")
                                     .format(address=path) + f"\nFristvakt {VERSION}")
        else:
            self.db_label.setText(self.tr("Register: {path}").format(path=path))
            self.empty_state.path_label.setText(path)
            self.setWindowTitle(f"Fristvakt – {Path(path).name}" if path else "Fristvakt")
            self.db_label.setToolTip(f"{path}\nFristvakt {VERSION}")
        self.user_label.setText(self.tr("Signed in: {name} ({role})").format(
            name=register.user.navn, role=register.role.label.lower()) + "  ")
        self._set_db_actions_enabled(True)
        allowed = self.allowed_pages()
        for i in range(self.nav.count()):
            self.nav.item(i).setHidden(i not in allowed)
            self.page_actions[i].setEnabled(i in allowed)
        can_write = self.ctx.may(Action.CREATE)
        self.new_melding_action.setEnabled(can_write)
        self.next_step_action.setEnabled(can_write)
        self.empty_state.first_button.setEnabled(can_write)
        self.trust.update_actions()
        self.ssb_import.update_action()
        self._show_banner()
        self._check_empty()
        first = allowed[0]
        if self.nav.currentRow() != first:
            self.nav.setCurrentRow(first)
        else:
            self.show_page(first)
        self._update_counts()
        if self.reminders is not None and self.reminders.summary is not None:
            self.reminders.check(notify=not self._empty)
        if self._empty:
            self.reminder_bar.hide()  # nothing to remind of in an empty register

    def _show_banner(self) -> None:
        """Read-only registers, a broken audit chain and children whose age deadlines cannot
        be computed are said at the top of the window."""
        assert self.ctx is not None
        register = self.ctx.register
        if not register.is_open():
            return
        texts = []
        if getattr(self, "damaged", False):
            texts.append(self.tr("The register is damaged (SQLite's integrity check failed). "
                                 "Restore it from a backup: File → Restore from backup…"))
        if self.ctx.may(Action.VIEW_DEADLINES):
            try:
                missing = register.cases_missing_birth_date()
            except StorageError:
                missing = []
            if missing:
                shown = ", ".join(s.journalnummer for s in missing[:5])
                more = ", …" if len(missing) > 5 else ""
                texts.append(self.tr(
                    "%n child(ren) without a known birth date: the deadlines at 18 and 25 years "
                    "cannot be computed ({cases}). Register the birth date in the case.", "",
                    len(missing)).format(cases=shown + more))
        if register.readonly:
            texts.append(self.tr("The register is open read-only: you can read, but not change "
                                 "anything, and openings are not logged."))
        if register.chain is not None and not register.chain.ok and \
                self.ctx.may(Action.VERIFY_AUDIT):
            texts.append(register.chain.message())
        self.trust_banner.setText("  ".join(texts))
        self.trust_banner.setVisible(bool(texts))

    def _check_empty(self) -> None:
        assert self.ctx is not None
        try:
            self._empty = self.ctx.register.stats().get("saker", 0) == 0
        except StorageError:
            self._empty = False

    def _data_changed(self) -> None:
        if self._empty:
            self._check_empty()
            if not self._empty and self.stack.currentWidget() is self.empty_state:
                self.show_page(PAGE_FRISTER)
        self._update_counts()
        self._show_banner()

    def choose_database(self) -> None:
        start = str(self.ctx.register.db_path() if self.ctx and not self.ctx.register.shared
                    else default_db_path().parent)
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open database"), start,
            self.tr("Fristvakt database (*.db *.sqlite);;All files (*)"))
        if name:
            self.open_database(name)

    def new_database(self) -> None:
        start = str(default_db_path().parent / "fristvakt.db")
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("New database"), start, self.tr("Fristvakt database (*.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if not name:
            return
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".db")
        if path.exists():
            QMessageBox.information(self, self.tr("New database"), self.tr(
                "The file {name} already exists. Use Open database to open it.")
                .format(name=path.name))
            return
        self.open_database(path)

    def open_demo(self) -> None:
        """Open the demo municipality (user demo, password demo), generating it first in the
        background if needed."""
        self.opener.open_demo(self.demo_path)

    # --- recent files -----------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        return self.recent_files_setting()

    @staticmethod
    def recent_files_setting() -> list[str]:
        """The registers opened last, newest first (QSettings)."""
        value = QSettings().value(SETTINGS_RECENT, [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])][:MAX_RECENT]

    def _remember_recent(self, target: Path | str) -> None:
        """Put a register first in the recent list: a file's full path, or a shared register's
        address with the user name (an address never holds a password here: such an address
        is refused before connecting, and is not remembered either)."""
        if isinstance(target, str):
            if password_in(target) is not None:
                return
            text = target
        else:
            text = str(target.resolve())
        files = [text, *[f for f in self.recent_files() if f != text]][:MAX_RECENT]
        QSettings().setValue(SETTINGS_RECENT, files)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for i, name in enumerate(files, start=1):
            if is_url(name):  # a shared register: the dialog, filled in
                user = split_address(name)[1]
                action = self.recent_menu.addAction(
                    f"&{i} {describe(name)}  —  {user}" if user else f"&{i} {describe(name)}")
                action.setToolTip(split_address(name)[0])
                action.triggered.connect(lambda _checked=False, u=name: self.connect_shared(u))
                continue
            path = Path(name)
            action = self.recent_menu.addAction(f"&{i} {path.name}  —  {path.parent}")
            action.setEnabled(path.exists())
            action.triggered.connect(lambda _checked=False, p=path: self.open_database(p))
        if not files:
            empty = self.recent_menu.addAction(self.tr("(none)"))
            empty.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction(self.tr("&Clear list"))
            clear.triggered.connect(lambda: QSettings().remove(SETTINGS_RECENT))

    # --- actions ----------------------------------------------------------------------------------

    def new_melding(self) -> None:
        """Ctrl+N and the empty state: register a new melding; the case it is in opens on the
        Saker page (``self.open_case``) and the status bar confirms it, as from the Saker
        page's "New melding…" (one function: ``ui.forms.new_melding``)."""
        if self.ctx is None:
            return
        try:
            new_melding(self.ctx, self)
        except (StorageError, ValueError) as error:
            QMessageBox.warning(self, self.tr("New report"), str(error))

    def next_step(self) -> None:
        if self.frister_page is not None and self.current_page() is self.frister_page:
            self.frister_page.next_step()

    def open_selected_case(self) -> None:
        if self.frister_page is not None and self.current_page() is self.frister_page:
            self.frister_page.open_selected_case()

    def open_case(self, sak_id: int, focus: tuple[str, int] | None = None) -> None:
        """Switch to Saker and open one case, on the item ``focus`` = (gjelder, gjelder_id)."""
        self.show_page(PAGE_SAKER)
        if self.cases_page is None:
            return
        try:
            self.cases_page.show_recent()  # an old search would hide the case in the list
            self.cases_page.open_case(sak_id, focus)
        except (StorageError, ValueError) as error:
            QMessageBox.warning(self, self.tr("Open case"), str(error))

    def focus_search(self) -> None:
        """Ctrl+F: the search field of the current page."""
        page = self.current_page()
        focus = getattr(page, "focus_search", None)
        if callable(focus):
            focus()
            return
        fields = [f for f in page.findChildren(QLineEdit) if f.isVisible() and not f.isReadOnly()]
        named = [f for f in fields if "search" in f.objectName().lower()
                 or "søk" in f.placeholderText().lower()]
        target = (named or fields or [None])[0]
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
            target.selectAll()

    def refresh(self) -> None:
        """F5: every view re-reads the database."""
        if self.ctx is not None:
            self.ctx.data_changed.emit()

    def poll_changes(self) -> None:
        """Every 15 s (``change_timer``): when the register's change number is not the one the
        Frister list was read at, someone else saved (one's own saves reload at once), and
        every view reads the register again, as F5 does. One primary-key lookup when nothing
        changed. It waits while a dialog is open: reloading the case behind a form would
        count as having seen the other change, and the form's save would no longer be
        refused. It never raises: a failure shows nothing, and the next tick tries again."""
        try:
            ctx, page = self.ctx, self.frister_page
            if ctx is None or page is None or not ctx.register.is_open():
                return
            if QApplication.activeModalWidget() is not None:
                return
            if ctx.register.change_number() != page.model.change_number:
                ctx.data_changed.emit()
        except Exception as error:  # a poll must never show a traceback
            log.info("Kunne ikke se etter endringer i registeret (%s)", type(error).__name__)

    def _frister_reloaded(self) -> None:
        """«Sist oppdatert kl. 14:03:27» in the status bar: when the Frister list was last
        read (every reload: a filter, one's own save, another person's save)."""
        if self.ctx is None or not self.ctx.may(Action.VIEW_DEADLINES):
            self.updated_label.hide()
            return
        self.updated_label.setText(self.tr("Last updated at {time}").format(
            time=f"{wall_clock():%H:%M:%S}") + "  ")
        self.updated_label.show()

    def show_mine_overdue(self) -> None:
        """From the reminder: Frister, filtered to Mine (or all) + forfalt."""
        if self.frister_page is None:
            return
        self.show_page(PAGE_FRISTER)
        self.frister_page.show_mine_overdue()
        self.raise_()
        self.activateWindow()

    def _about(self) -> None:
        first = self.tr("Fristvakt keeps track of the statutory deadlines of the municipal "
                        "child welfare service.")
        second = self.tr("All deadlines are computed by the rule catalogue, with legal basis "
                         "and an explanation of how each date was computed.")
        version = self.tr("Fristvakt, version {version}").format(version=VERSION)
        QMessageBox.about(self, self.tr("About Fristvakt"), f"{version}\n\n{first}\n\n{second}")

    # --- status bar -------------------------------------------------------------------------------

    def _update_counts(self) -> None:
        """The status bar says what the reminder says: the same summary (one source), for the
        person's own cases or the whole service, labelled so."""
        if self.ctx is None or self.reminders is None or \
                not self.ctx.may(Action.VIEW_DEADLINES):
            self.counts_label.clear()
            return
        summary = self.reminders.check(notify=False)
        if summary is None:
            return
        self.counts_label.setText(self.reminders.text(summary) + "  ")
        self.counts_label.setToolTip(self.tr("The same numbers as the reminder; the heading in "
                                             "Deadlines counts the current filter"))

    # --- geometry ---------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        """The remembered size and place, or 1280×800; never larger than the screen's free area
        (a small laptop, or one at 125–150 % scaling, gets a window that fits)."""
        settings = QSettings()
        geometry = settings.value(SETTINGS_GEOMETRY)
        if not geometry or not self.restoreGeometry(geometry):
            self.resize(DEFAULT_SIZE)
        state = settings.value(SETTINGS_STATE)
        if state:
            self.restoreState(state)
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        # the frame (title bar, borders) is unknown before the window is shown: leave room
        room = area.adjusted(0, 0, -FRAME_ALLOWANCE.width(), -FRAME_ALLOWANCE.height())
        size = self.size().boundedTo(room.size())
        if size != self.size():
            self.resize(size)
        frame = QRect(self.pos(), size + FRAME_ALLOWANCE)
        if not area.contains(frame):  # centre it on the screen's free area
            frame.moveCenter(area.center())
            self.move(max(area.left(), frame.left()), max(area.top(), frame.top()))

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        settings.setValue(SETTINGS_STATE, self.saveState())
        if self.frister_page is not None:
            self.frister_page.save_state(settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.change_timer.stop()
        if self.reminders is not None:
            self.reminders.stop()
        if self.ctx is not None and self._owns_repo:
            self.ctx.register.close()
            self._owns_repo = False
        super().closeEvent(event)

