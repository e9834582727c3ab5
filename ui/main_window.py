"""The main window: navigation, pages, the File menu, the status bar and the reminder bar.

A database is opened in two steps: in the background (``run_in_background``) the file is checked,
migrated and its deadlines recomputed if stale, on a connection of its own; then the UI thread
opens its connection, which is quick because nothing is left to do. The window never freezes.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
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

from core.deadlines import Status
from core.demo import generate_municipality
from storage.db import StorageError, default_db_path
from storage.records import Caseworker
from storage.repository import open_repository
from ui.cases_page import CasesPage
from ui.context import AppContext
from ui.forms import new_melding
from ui.frister_page import FristerPage
from ui.reminders import ReminderBar, Reminders, week_end
from ui.report_page import ReportPage
from ui.settings_page import SettingsPage
from ui.style import app_icon, nav_icon
from ui.tasks import run_in_background

log = logging.getLogger(__name__)

PAGE_FRISTER, PAGE_SAKER, PAGE_RAPPORTER, PAGE_INNSTILLINGER = range(4)
MAX_RECENT = 8
SETTINGS_RECENT = "filer/nylige"
SETTINGS_GEOMETRY = "vindu/geometri"
SETTINGS_STATE = "vindu/tilstand"

# The demo municipality generated on demand (a small service: 120 children a year, 4 years).
DEMO_CHILDREN_PER_YEAR = 120
DEMO_YEARS = 4
DEMO_SEED = 1


def demo_db_path() -> Path:
    """Where "Åpne demokommune" keeps its database: beside the user's own database."""
    return default_db_path().parent / "demokommune.db"


def build_demo_database(path: Path, user: str, today: date) -> int:
    """Generate the demo municipality into ``path`` unless it already holds cases (own
    connection: runs in the background). Returns the number of cases."""
    repo = open_repository(path, user)
    try:
        existing = repo.stats().get("saker", 0)
        if existing:
            return existing
        town = generate_municipality(today=today, children_per_year=DEMO_CHILDREN_PER_YEAR,
                                     years=DEMO_YEARS, seed=DEMO_SEED)
        repo.import_cases(town.cases, [Caseworker(c.navn, c.team, True, c.er_leder)
                                       for c in town.caseworkers])
        return len(town.cases)
    finally:
        repo.close()


class _OpenProgress(QObject):
    """Carries progress of a background open (recompute) to the UI thread."""

    progress = Signal(int, int)


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
        self.demo_button = QPushButton(self.tr("Open demo municipality"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.new_button, self.open_button, self.demo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        outer.addWidget(self.message)
        outer.addSpacing(6)
        outer.addWidget(self.detail)
        outer.addSpacing(12)
        outer.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addLayout(buttons)
        outer.addStretch(2)

    def loading(self, name: str) -> None:
        self.message.setText(self.tr("Opening {name} …").format(name=name))
        self.detail.setText(self.tr("Checking the file and bringing the deadlines up to date."))
        self.bar.setRange(0, 0)
        self.bar.show()
        for button in (self.new_button, self.open_button, self.demo_button):
            button.hide()

    def progress(self, done: int, total: int) -> None:
        self.detail.setText(self.tr("Recomputing deadlines: {done} of {total} cases")
                            .format(done=done, total=total))
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)

    def failed(self, message: str) -> None:
        self.message.setText(self.tr("No database is open"))
        self.detail.setText(message)
        self.bar.hide()
        for button in (self.new_button, self.open_button, self.demo_button):
            button.show()


class MainWindow(QMainWindow):
    """Fristvakt's window. Give it a database path (opened in the background) or a ready
    ``AppContext`` (used as is, e.g. in tests).

    Public: ``ctx``, the pages (``frister_page``, ``cases_page``, ``report_page``,
    ``settings_page``), ``show_page(index)``, ``current_page()``, ``open_database(path)``,
    ``open_case(sak_id, focus)``, ``open_demo()``, ``is_ready()``, ``is_empty_state()``,
    signals ``database_opened(str)`` and ``open_failed(str)``.
    """

    database_opened = Signal(str)
    open_failed = Signal(str)

    def __init__(self, db_path: str | Path | None = None, *, ctx: AppContext | None = None,
                 today: Callable[[], date] = date.today, user: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Fristvakt")
        self.setWindowIcon(app_icon())
        self.ctx: AppContext | None = None
        self._today = today
        self._user = user or getpass.getuser()
        self._owns_repo = ctx is None
        self._generation = 0  # the latest open request; older results are ignored
        self._empty = False
        self._progress_signals: _OpenProgress | None = None
        self._demo_dialog: QProgressDialog | None = None
        self.demo_path = demo_db_path()
        self.frister_page: FristerPage | None = None
        self.cases_page: CasesPage | None = None
        self.report_page: ReportPage | None = None
        self.settings_page: SettingsPage | None = None
        self.reminders: Reminders | None = None
        self._pages: list[QWidget] = []
        self._build()
        self._build_menus()
        self._restore_geometry()
        if ctx is not None:
            self._attach(ctx)
        elif db_path is not None:
            self.open_database(db_path)
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
        self.reminder_bar = ReminderBar()
        outer.addWidget(self.reminder_bar)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(184)
        self.nav.setAccessibleName(self.tr("Navigation"))
        for text, kind, key in ((self.tr("Deadlines"), "frister", "Ctrl+1"),
                                (self.tr("Cases"), "saker", "Ctrl+2"),
                                (self.tr("Reports"), "rapporter", "Ctrl+3"),
                                (self.tr("Settings"), "innstillinger", "Ctrl+4")):
            item = QListWidgetItem(nav_icon(kind), text)
            native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            item.setToolTip(f"{text} ({native})")
            item.setSizeHint(QSize(0, 38))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._nav_changed)
        body.addWidget(self.nav)
        self.stack = QStackedWidget()
        self.loading_page = LoadingPage()
        self.loading_page.new_button.clicked.connect(self.new_database)
        self.loading_page.open_button.clicked.connect(self.choose_database)
        self.loading_page.demo_button.clicked.connect(self.open_demo)
        self.empty_state = EmptyState()
        self.empty_state.demo_button.clicked.connect(self.open_demo)
        self.empty_state.first_button.clicked.connect(self.new_melding)
        self.stack.addWidget(self.loading_page)
        self.stack.addWidget(self.empty_state)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.nav.setEnabled(False)

        self.db_label = QLabel()
        self.db_label.setProperty("role", "muted")
        self.counts_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.counts_label)
        QWidget.setTabOrder(self.nav, self.stack)

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | list[str] = "",
                needs_db: bool = True) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, list):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        elif shortcut:
            action.setShortcut(QKeySequence(shortcut))
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
        file_menu.addAction(self._action(self.tr("&Open database…"), self.choose_database,
                                         "Ctrl+O", needs_db=False))
        file_menu.addAction(self._action(self.tr("Open &demo municipality"), self.open_demo,
                                         needs_db=False))
        self.recent_menu = file_menu.addMenu(self.tr("&Recent files"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        quit_action = self._action(self.tr("&Quit"), self.close, "Ctrl+Q", needs_db=False)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

        case_menu = menu.addMenu(self.tr("&Case"))
        self.new_melding_action = self._action(self.tr("&New report…"), self.new_melding,
                                               "Ctrl+N")
        case_menu.addAction(self.new_melding_action)
        self.next_step_action = self._action(self.tr("Ne&xt step"), self.next_step,
                                             ["Ctrl+Return", "Ctrl+Enter"])
        case_menu.addAction(self.next_step_action)
        case_menu.addAction(self._action(self.tr("&Open case"), self.open_selected_case))

        view_menu = menu.addMenu(self.tr("&View"))
        self.page_actions = []
        for i, text in enumerate((self.tr("&Deadlines"), self.tr("&Cases"), self.tr("&Reports"),
                                  self.tr("&Settings"))):
            action = self._action(text, lambda i=i: self.show_page(i), f"Ctrl+{i + 1}")
            view_menu.addAction(action)
            self.page_actions.append(action)
        view_menu.addSeparator()
        self.search_action = self._action(self.tr("&Search"), self.focus_search, "Ctrl+F")
        view_menu.addAction(self.search_action)
        self.refresh_action = self._action(self.tr("&Refresh"), self.refresh, "F5")
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self._action(self.tr("Show &overdue (mine)"), self.show_mine_overdue))

        help_menu = menu.addMenu(self.tr("&Help"))
        about = self._action(self.tr("&About Fristvakt"), self._about, needs_db=False)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)
        self._set_db_actions_enabled(False)

    def _set_db_actions_enabled(self, enabled: bool) -> None:
        for action in self._db_actions:
            action.setEnabled(enabled)
        self.nav.setEnabled(enabled)

    # --- pages ------------------------------------------------------------------------------------

    def _attach(self, ctx: AppContext) -> None:
        """Build the pages for the first open database."""
        self.ctx = ctx
        self.frister_page = FristerPage(ctx, self)
        self.frister_page.open_case_requested.connect(self.open_case)
        self.frister_page.counts_changed.connect(self._update_counts)
        self.cases_page = CasesPage(ctx, self)
        self.report_page = ReportPage(ctx, self)
        self.settings_page = SettingsPage(ctx, self)
        self._pages = [self.frister_page, self.cases_page, self.report_page, self.settings_page]
        for page in self._pages:
            self.stack.addWidget(page)
        self.frister_page.restore_state(QSettings())
        self.reminders = Reminders(ctx, self.reminder_bar, self)
        self.reminders.show_overdue.connect(self.show_mine_overdue)
        self.reminders.new_day.connect(ctx.data_changed)
        ctx.data_changed.connect(self._data_changed)
        ctx.database_changed.connect(self._database_changed)
        self._database_changed()
        self.reminders.start()
        if self._empty:
            self.reminder_bar.hide()

    def show_page(self, index: int) -> None:
        """Switch to a page (0 Frister, 1 Saker, 2 Rapporter, 3 Innstillinger)."""
        if self.ctx is None or not 0 <= index < len(self._pages):
            return
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # comes back here through _nav_changed
            return
        if index == PAGE_FRISTER and self._empty:
            self.stack.setCurrentWidget(self.empty_state)
        else:
            self.stack.setCurrentWidget(self._pages[index])

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

    def open_database(self, path: str | Path) -> None:
        """Open (or create) a database file: checks, migration and any recompute run in the
        background, with progress on the loading page."""
        path = Path(path)
        self._generation += 1
        generation = self._generation
        self._set_db_actions_enabled(False)
        self.reminder_bar.hide()
        self.loading_page.loading(path.name)
        self.stack.setCurrentWidget(self.loading_page)
        signals = _OpenProgress()
        signals.progress.connect(self.loading_page.progress)
        self._progress_signals = signals
        user = self._user

        def work() -> Path:
            repo = open_repository(path, user, progress=signals.progress.emit)
            repo.close()
            return path

        run_in_background(work, lambda p: self._opened(p, generation),
                          lambda e: self._open_error(e, generation))

    def _opened(self, path: Path, generation: int) -> None:
        if generation != self._generation:
            return
        try:
            repo = open_repository(path, self._user)  # up to date: quick
        except (StorageError, ValueError) as error:
            self._open_error(error, generation)
            return
        if self.ctx is None:
            self._attach(AppContext(repo, self._today, self))
        else:
            self.ctx.set_repository(repo)  # closes the old connection; pages refresh
        self._owns_repo = True
        self._remember_recent(path)
        log.info("Database åpnet")
        self.database_opened.emit(str(path))

    def _open_error(self, error: Exception, generation: int) -> None:
        if generation != self._generation:
            return
        log.warning("Kunne ikke åpne databasen: %s", type(error).__name__)
        message = (str(error) if isinstance(error, (StorageError, ValueError))
                   else self.tr("The database could not be opened."))
        if self.ctx is not None:  # keep showing the database that was open
            self._set_db_actions_enabled(True)
            self.show_page(max(0, self.nav.currentRow()))
            QMessageBox.warning(self, self.tr("Open database"), message)
        else:
            self.loading_page.failed(message)
        self.open_failed.emit(message)

    def _database_changed(self) -> None:
        assert self.ctx is not None
        path = self.ctx.repo.db_path()
        self.db_label.setText(self.tr("Database: {path}").format(path=path or ":memory:"))
        self.db_label.setToolTip(path)
        self.empty_state.path_label.setText(path)
        self.setWindowTitle(f"Fristvakt – {Path(path).name}" if path else "Fristvakt")
        self._set_db_actions_enabled(True)
        self._check_empty()
        if self.nav.currentRow() != PAGE_FRISTER:
            self.nav.setCurrentRow(PAGE_FRISTER)
        else:
            self.show_page(PAGE_FRISTER)
        self._update_counts()
        if self.reminders is not None and self.reminders.summary is not None:
            self.reminders.check(notify=not self._empty)
        if self._empty:
            self.reminder_bar.hide()  # nothing to remind of in an empty register

    def _check_empty(self) -> None:
        assert self.ctx is not None
        try:
            self._empty = self.ctx.repo.stats().get("saker", 0) == 0
        except StorageError:
            self._empty = False

    def _data_changed(self) -> None:
        if self._empty:
            self._check_empty()
            if not self._empty and self.stack.currentWidget() is self.empty_state:
                self.show_page(PAGE_FRISTER)
        self._update_counts()

    def choose_database(self) -> None:
        start = str(self.ctx.repo.db_path() if self.ctx else default_db_path().parent)
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
        """Open the demo municipality, generating it first (in the background) if needed."""
        path = self.demo_path
        today = self.ctx.today() if self.ctx else self._today()
        user = self._user
        dialog = QProgressDialog(self.tr("Creating the demo municipality…"), "", 0, 0, self)
        dialog.setCancelButton(None)
        dialog.setWindowTitle(self.tr("Demo municipality"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(200)
        dialog.setValue(0)
        self._demo_dialog = dialog

        def done(_count: int) -> None:
            dialog.reset()
            dialog.deleteLater()
            self.open_database(path)

        def failed(error: Exception) -> None:
            dialog.reset()
            dialog.deleteLater()
            log.warning("Demokommunen feilet: %s", type(error).__name__)
            message = (str(error) if isinstance(error, (StorageError, ValueError))
                       else self.tr("The demo municipality could not be created."))
            QMessageBox.warning(self, self.tr("Demo municipality"), message)

        run_in_background(lambda: build_demo_database(path, user, today), done, failed)

    # --- recent files -----------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = QSettings().value(SETTINGS_RECENT, [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])][:MAX_RECENT]

    def _remember_recent(self, path: Path) -> None:
        text = str(path.resolve())
        files = [text, *[f for f in self.recent_files() if f != text]][:MAX_RECENT]
        QSettings().setValue(SETTINGS_RECENT, files)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for i, name in enumerate(files, start=1):
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
        """Ctrl+N: register a new melding (the colleague's form)."""
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
        QMessageBox.about(self, self.tr("About Fristvakt"), f"{first}\n\n{second}")

    # --- status bar -------------------------------------------------------------------------------

    def _update_counts(self) -> None:
        """Overdue / due this week for the current Frister filter."""
        if self.ctx is None or self.frister_page is None:
            return
        today = self.ctx.today()
        args = self.frister_page.model.query.filter_args(today)
        end = week_end(today)
        args["horizon"] = min(args["horizon"], end) if args["horizon"] else end
        try:
            overdue = self.frister_page.model.counts.get(Status.FORFALT, 0)
            week = self.ctx.repo.count_open(today, **args)
        except (StorageError, ValueError):
            return
        this_week = week[Status.SNART] + week[Status.APEN]
        self.counts_label.setText(
            self.tr("%n overdue", "", overdue) + "  ·  "
            + self.tr("%n due this week", "", this_week) + "  ")
        self.counts_label.setToolTip(self.tr("For the current filter in Deadlines"))

    # --- geometry ---------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value(SETTINGS_GEOMETRY)
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = settings.value(SETTINGS_STATE)
        if state:
            self.restoreState(state)

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        settings.setValue(SETTINGS_STATE, self.saveState())
        if self.frister_page is not None:
            self.frister_page.save_state(settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        if self.reminders is not None:
            self.reminders.stop()
        if self.ctx is not None and self._owns_repo:
            self.ctx.repo.close()
            self._owns_repo = False
        super().closeEvent(event)

