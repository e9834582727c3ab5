"""Innstillinger: rule parameters and their history, caseworkers, "Jeg er", the rule catalogue.

Parameters come from ``core.params.PARAMS`` (declared once). Saving a parameter recomputes every
deadline, so it runs off the UI thread on its own connection (``run_in_background``) and
``data_changed`` is emitted on the UI thread when it is done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.access import Action
from core.params import NON_RULE_PARAMS, PARAMS, PARAMS_BY_KEY, Param
from core.rules import CATALOGUE, Rule
from core.sorting import norwegian_key
from storage.db import StorageError
from storage.records import Caseworker
from ui.audit_tab import AuditTab
from ui.context import AppContext
from ui.fit import ElidedLabel
from ui.milestones_tab import MilestonesTab
from ui.quality_tab import QualityTab
from ui.style import legal_badge_css, legal_status_text
from ui.table_model import Index, RowTableModel
from ui.tasks import run_in_background
from ui.users_tab import UsersTab

log = logging.getLogger(__name__)

Column = tuple[str, Callable[[Any], str]]


class DateParamEdit(QDateEdit):
    """The editor of a date parameter, whose value is an ISO text (core.params)."""

    def __init__(self) -> None:
        super().__init__()
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd.MM.yyyy")

    def value(self) -> str:
        d = self.date()
        return date(d.year(), d.month(), d.day()).isoformat()

    def setValue(self, value: str) -> None:  # the Qt spelling, like QSpinBox
        day = date.fromisoformat(value)
        self.setDate(QDate(day.year, day.month, day.day))


class RecordTableModel(RowTableModel):
    """A read-only table of records: one (title, text-of-record) pair per column."""

    RECORD_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__([title for title, _text in columns], parent)
        self._texts = [text for _title, text in columns]

    set_records = RowTableModel.set_rows
    record = RowTableModel.row_at

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.index_row(index)
        if record is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[index.column()](record)
        if role == self.RECORD_ROLE:
            return record
        return None


def _padded(widget: QWidget) -> QWidget:
    """A tab page holding ``widget`` with the same margins as the other tabs."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(12, 10, 12, 10)
    layout.addWidget(widget)
    return page


def _table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(28)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                | Qt.AlignmentFlag.AlignVCenter)
    return view


class CaseworkerDialog(QDialog):
    """Add or edit one caseworker (the name is the key: fixed when editing)."""

    def __init__(self, existing: Sequence[Caseworker], current: Caseworker | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit caseworker") if current else self.tr("New caseworker"))
        self._names = {c.navn.casefold() for c in existing}
        self._editing = current is not None
        form = QFormLayout(self)
        self.name = QLineEdit(current.navn if current else "")
        self.name.setReadOnly(self._editing)
        self.team = QComboBox()
        self.team.setEditable(True)
        self.team.addItems(sorted({c.team for c in existing if c.team}, key=norwegian_key))
        self.team.setCurrentText(current.team if current else "")
        self.aktiv = QCheckBox(self.tr("Active"))
        self.aktiv.setChecked(current.aktiv if current else True)
        self.leder = QCheckBox(self.tr("Leader (sees the whole service)"))
        self.leder.setChecked(current.er_leder if current else False)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Team:"), self.team)
        form.addRow("", self.aktiv)
        form.addRow("", self.leder)
        form.addRow("", self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(380)

    def _check(self) -> None:
        name = self.name.text().strip()
        problem = ""
        if not self._editing and name.casefold() in self._names:
            problem = self.tr("A caseworker with this name already exists.")
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            bool(name) and not problem)

    def caseworker(self) -> Caseworker:
        return Caseworker(self.name.text().strip(), self.team.currentText().strip(),
                          self.aktiv.isChecked(), self.leder.isChecked())


class SettingsPage(QWidget):
    """The Innstillinger page. ``saved`` is emitted after parameters were saved and recomputed;
    ``connect_requested`` when «Koble til delt register…» is pressed (the window opens the
    dialog)."""

    saved = Signal()
    connect_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._editors: dict[str, QSpinBox | QCheckBox | DateParamEdit] = {}
        self._notes: dict[str, QLabel] = {}
        self._saving = False
        self._params_loaded = False
        self._build()
        self._forget_edits()
        self.refresh()
        ctx.data_changed.connect(self.refresh)
        ctx.database_changed.connect(self._forget_edits)

    # --- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        top = QHBoxLayout()
        title = QLabel(self.tr("Settings"))
        title.setProperty("role", "title")
        top.addWidget(title)
        top.addStretch(1)
        me_label = QLabel(self.tr("&I am:"))
        self.me_combo = QComboBox()
        self.me_combo.setMinimumContentsLength(20)
        self.me_combo.setToolTip(self.tr("Your own name: the filter \"Mine\" and the reminders "
                                         "use it"))
        me_label.setBuddy(self.me_combo)
        self.me_combo.currentIndexChanged.connect(self._me_chosen)
        top.addWidget(me_label)
        top.addWidget(self.me_combo)
        layout.addLayout(top)
        where = QHBoxLayout()  # where the register is (read-only), and the way to a shared one
        self.where_label = ElidedLabel()  # a long path is shortened in the middle
        self.where_label.setProperty("role", "muted")
        self.connect_button = QPushButton(self.tr("&Connect to shared register…"))
        self.connect_button.setToolTip(self.tr("Open the municipality's register on a database "
                                               "server instead"))
        self.connect_button.clicked.connect(self.connect_requested)
        where.addWidget(self.where_label, 1)
        where.addWidget(self.connect_button)
        layout.addLayout(where)

        self.tabs = QTabWidget()
        self.params_page = self._build_params()
        self.tabs.addTab(self.params_page, self.tr("Rule parameters"))
        self.history_model = RecordTableModel([
            (self.tr("When"), lambda c: c.endret_tid.strftime("%d.%m.%Y %H:%M")),
            (self.tr("Who"), lambda c: c.endret_av),
            (self.tr("Setting"), lambda c: _param_title(c.key)),
            (self.tr("From"), lambda c: _param_value(c.key, c.old)),
            (self.tr("To"), lambda c: _param_value(c.key, c.new)),
        ], self)
        self.history_view = _table(self.history_model)
        header = self.history_view.horizontalHeader()
        for col, width in ((0, 130), (1, 120), (3, 110), (4, 110)):
            header.resizeSection(col, width)
        header.setStretchLastSection(False)  # the setting's name takes the room that is left
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(_padded(self.history_view), self.tr("Change log"))
        self.milestones_tab = MilestonesTab(self.ctx)
        self.milestones_tab.saved.connect(self.saved)
        # a short title: eight tabs share 1024 px
        self.milestones_index = self.tabs.addTab(_padded(self.milestones_tab),
                                                 self.tr("Internal"))
        self.tabs.setTabToolTip(self.milestones_index, self.tr(
            "Internal deadlines: the service's own time standards beside the law"))
        self.caseworkers_page = self._build_caseworkers()
        self.tabs.addTab(self.caseworkers_page, self.tr("Caseworkers"))
        self.users_tab = UsersTab(self.ctx)
        self.users_index = self.tabs.addTab(_padded(self.users_tab), self.tr("Users"))
        self.audit_tab = AuditTab(self.ctx)
        self.audit_index = self.tabs.addTab(_padded(self.audit_tab), self.tr("Audit log"))
        self.quality_tab = QualityTab(self.ctx)
        self.quality_index = self.tabs.addTab(_padded(self.quality_tab), self.tr("Data quality"))
        self.tabs.currentChanged.connect(self._tab_shown)
        self.catalogue_model = RecordTableModel([
            (self.tr("Deadline"), lambda r: r.label),
            (self.tr("Legal basis"), lambda r: r.hjemmel),
            (self.tr("Status"), lambda r: legal_status_text(r.status)),
            (self.tr("Starts when"), lambda r: r.starts),
            (self.tr("Met when"), lambda r: r.met_by),
            (self.tr("Parameters"), _rule_params),
        ], self)
        self.catalogue_model.set_records(CATALOGUE)
        self.catalogue_view = _table(self.catalogue_model)
        self.catalogue_view.setWordWrap(True)
        self.catalogue_view.verticalHeader().setMinimumSectionSize(30)
        self.catalogue_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        # The texts wrap and share the width: no sideways scrolling on a 1024 px screen.
        header = self.catalogue_view.horizontalHeader()
        header.setStretchLastSection(False)
        for col in range(self.catalogue_model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.catalogue_view.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tabs.addTab(_padded(self.catalogue_view), self.tr("Rule catalogue"))
        layout.addWidget(self.tabs, 1)

    def _build_params(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(12, 10, 12, 10)
        intro = QLabel(self.tr("The values the deadline rules use. A change is logged with who "
                               "and when, and all deadlines are recomputed."))
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        outer.addWidget(intro)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # Never sideways: the names and notes wrap instead (a 1024 px screen shows every column).
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget "
                             "{ background: transparent; }")
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 6, 12, 6)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(3, 2)
        for row, param in enumerate(PARAMS):
            label = QLabel(param.title)
            label.setWordWrap(True)
            label.setMinimumWidth(160)
            editor: QSpinBox | QCheckBox | DateParamEdit
            if param.type is bool:
                editor = QCheckBox(self.tr("Yes"))
                editor.toggled.connect(self._edited)
            elif param.type is date:
                editor = DateParamEdit()
                editor.setMinimumWidth(130)
                editor.dateChanged.connect(self._edited)
            else:
                editor = QSpinBox()
                editor.setRange(param.minimum, param.maximum)
                if param.unit:
                    editor.setSuffix(f" {param.unit}")
                editor.setMinimumWidth(130)
                editor.setAlignment(Qt.AlignmentFlag.AlignRight)
                editor.valueChanged.connect(self._edited)
            editor.setObjectName(f"param:{param.key}")
            editor.setAccessibleName(param.title)
            label.setBuddy(editor)
            badge = QLabel(legal_status_text(param.status))
            badge.setStyleSheet(legal_badge_css(param.status))
            badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
            badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            note = QLabel()
            note.setProperty("role", "muted")
            note.setWordWrap(True)
            note.setMinimumWidth(110)
            self._editors[param.key] = editor
            self._notes[param.key] = note
            middle = Qt.AlignmentFlag.AlignVCenter
            grid.addWidget(label, row, 0, middle)
            grid.addWidget(editor, row, 1, Qt.AlignmentFlag.AlignLeft | middle)
            grid.addWidget(badge, row, 2, Qt.AlignmentFlag.AlignLeft | middle)
            grid.addWidget(note, row, 3, middle)
        grid.setRowStretch(len(PARAMS), 1)
        scroll.setWidget(holder)
        outer.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton(self.tr("Undo chan&ges"))
        self.revert_button.clicked.connect(self._load_params)
        self.save_button = QPushButton(self.tr("&Save and recompute"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_changes)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        return page

    def _build_caseworkers(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 10, 12, 10)
        yes, no = self.tr("Yes"), self.tr("No")
        self.caseworker_model = RecordTableModel([
            (self.tr("Name"), lambda c: c.navn),
            (self.tr("Team"), lambda c: c.team),
            (self.tr("Active"), lambda c: yes if c.aktiv else no),
            (self.tr("Leader"), lambda c: yes if c.er_leder else no),
        ], self)
        self.caseworker_view = _table(self.caseworker_model)
        for col, width in ((0, 240), (1, 240), (2, 80)):
            self.caseworker_view.horizontalHeader().resizeSection(col, width)
        self.caseworker_view.activated.connect(lambda _index: self.edit_caseworker())
        layout.addWidget(self.caseworker_view, 1)
        buttons = QHBoxLayout()
        add = QPushButton(self.tr("&Add…"))
        add.clicked.connect(self.add_caseworker)
        edit = QPushButton(self.tr("&Edit…"))
        edit.clicked.connect(self.edit_caseworker)
        buttons.addWidget(add)
        buttons.addWidget(edit)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return page

    # --- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload everything from the repository (after any change)."""
        if self._saving:
            return
        try:
            workers = self.ctx.register.caseworkers()
            self.caseworker_model.set_records(workers)
            self.history_model.set_records(self.ctx.register.param_history())
            self._fill_me(workers)
            if self._params_loaded and self.changes():
                self._edited()  # keep unsaved edits when something else changed
            else:
                self._load_params()
        except StorageError as error:
            self._error(error)

    def _forget_edits(self) -> None:
        """Another register or person: its own values are loaded on the refresh that follows;
        the tabs follow the person's role."""
        self._params_loaded = False
        self._show_where()
        may = self.ctx.may
        self.tabs.setTabVisible(self.users_index, may(Action.USERS))
        self.tabs.setTabVisible(self.audit_index, may(Action.AUDIT_LOG))
        self.tabs.setTabVisible(self.quality_index, may(Action.OPEN_CASE))
        self.tabs.setTabVisible(self.milestones_index, may(Action.VIEW_DEADLINES)
                                or may(Action.MILESTONES))
        self.params_page.setEnabled(may(Action.SETTINGS))
        self.caseworkers_page.setEnabled(may(Action.CASEWORKERS))
        self._tab_shown(self.tabs.currentIndex())

    def _show_where(self) -> None:
        """«Registeret ligger i …»: the file, or «database» på server for a shared one."""
        register = self.ctx.register
        if register.shared:
            text = self.tr("Shared register: {name}. IT takes care of its backups on the "
                           "database server.").format(name=register.name)
        else:
            text = self.tr("The register is the file {path}").format(path=register.db_path())
        self.where_label.setText(text)
        self.where_label.setToolTip(text)
        backups = self.tr("IT takes care of backups of the shared register, on the database "
                          "server.") if register.shared else ""
        for key in NON_RULE_PARAMS:  # the rotation of a file's backups
            self._editors[key].setEnabled(not register.shared)
            self._editors[key].setToolTip(backups)

    def _tab_shown(self, index: int) -> None:
        """The users and the audit log are read when their tab is opened (reading the log
        is itself logged, so never on every change)."""
        if index == self.users_index and self.ctx.may(Action.USERS):
            self.users_tab.refresh()
        elif index == self.audit_index and self.ctx.may(Action.AUDIT_LOG):
            self.audit_tab.refresh()
        elif index == self.milestones_index:
            self.milestones_tab.refresh()


    def _fill_me(self, workers: Sequence[Caseworker]) -> None:
        me = self.ctx.me()
        with QSignalBlocker(self.me_combo):
            self.me_combo.clear()
            self.me_combo.addItem(self.tr("(not chosen)"), None)
            names = [w.navn for w in workers if w.aktiv or w.navn == me]
            if me and me not in names:
                names.append(me)
            for name in names:
                self.me_combo.addItem(name, name)
            self.me_combo.setCurrentIndex(max(0, self.me_combo.findData(me)))

    def _me_chosen(self) -> None:
        self.ctx.set_me(self.me_combo.currentData())

    def _load_params(self) -> None:
        values = self.ctx.register.params()
        self._params_loaded = True
        for key, editor in self._editors.items():
            with QSignalBlocker(editor):
                if isinstance(editor, QCheckBox):
                    editor.setChecked(bool(values[key]))
                elif isinstance(editor, DateParamEdit):
                    editor.setValue(str(values[key]))
                else:
                    editor.setValue(int(values[key]))
        self._edited()

    def _edited(self) -> None:
        values = self.ctx.register.params()
        changed = self.changes()
        for key, note in self._notes.items():
            param = PARAMS_BY_KEY[key]
            value = self._value(key)
            if key in changed:
                text = self.tr("changed from {value} (not saved)").format(
                    value=param.format(values[key]))
            elif value == param.default and param.is_default_only:
                text = self.tr("default value — can be changed")
            elif value != param.default:
                text = self.tr("default is {value}").format(value=param.format(param.default))
            else:
                text = ""
            note.setText(text)
        self.save_button.setEnabled(bool(changed) and not self._saving)
        self.revert_button.setEnabled(bool(changed) and not self._saving)

    def _value(self, key: str) -> int | bool | str:
        editor = self._editors[key]
        return editor.isChecked() if isinstance(editor, QCheckBox) else editor.value()

    def editor(self, key: str) -> QSpinBox | QCheckBox | DateParamEdit:
        return self._editors[key]

    def changes(self) -> dict[str, int | bool | str]:
        """Parameters whose editor differs from the value in force."""
        values = self.ctx.register.params()
        return {key: self._value(key) for key in self._editors if self._value(key) != values[key]}

    # --- saving -----------------------------------------------------------------------------------

    def save_changes(self) -> None:
        """Save the changed parameters and recompute all deadlines, off the UI thread."""
        changes = self.changes()
        if not changes or self._saving:
            return
        register = self.ctx.register

        def work() -> int:
            own = register.reopen()  # a connection of the worker thread's own
            try:
                for key, value in changes.items():
                    own.set_param(key, value)
            finally:
                own.close()
            return len(changes)

        self._saving = True
        self._edited()
        self._progress = QProgressDialog(self.tr("Saving and recomputing all deadlines…"), "",
                                         0, 0, self)
        self._progress.setCancelButton(None)
        self._progress.setWindowTitle(self.tr("Settings"))
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(300)
        self._progress.setValue(0)
        run_in_background(work, self._saved, self._save_failed)

    def _finish_saving(self) -> None:
        self._saving = False
        self._progress.reset()
        self._progress.deleteLater()

    def _saved(self, count: int) -> None:
        self._finish_saving()
        log.info("Lagret %d innstilling(er)", count)
        self.ctx.data_changed.emit()  # every view re-reads the recomputed deadlines
        self.saved.emit()

    def _save_failed(self, error: Exception) -> None:
        self._finish_saving()
        self._edited()  # what was typed is kept, so the user can try again
        self._error(error)

    # --- caseworkers ------------------------------------------------------------------------------

    def add_caseworker(self) -> None:
        self._edit(None)

    def edit_caseworker(self) -> None:
        index = self.caseworker_view.currentIndex()
        if index.isValid():
            self._edit(self.caseworker_model.record(index.row()))

    def _edit(self, current: Caseworker | None) -> None:
        dialog = CaseworkerDialog(self.ctx.register.caseworkers(), current, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save_caseworker(dialog.caseworker())

    def save_caseworker(self, caseworker: Caseworker) -> bool:
        """Insert or update a caseworker; every view hears about it."""
        try:
            self.ctx.register.save_caseworker(caseworker)
        except (StorageError, ValueError) as error:
            self._error(error)
            return False
        self.ctx.data_changed.emit()
        return True

    def _error(self, error: Exception) -> None:
        """Show an expected error's own (Norwegian) message; never a traceback."""
        log.warning("Innstillinger: %s", type(error).__name__)
        if isinstance(error, KeyError) and error.args:
            message = str(error.args[0])
        elif isinstance(error, (StorageError, ValueError, TypeError)):
            message = str(error)
        else:
            message = self.tr("The settings could not be saved.")
        QMessageBox.warning(self, self.tr("Settings"), message)


def _param_title(key: str) -> str:
    param: Param | None = PARAMS_BY_KEY.get(key)
    return param.title if param else key


def _param_value(key: str, value: int | bool | str | None) -> str:
    param = PARAMS_BY_KEY.get(key)
    if value is None:
        return "—"
    return param.format(value) if param else str(value)


def _rule_params(rule: Rule) -> str:
    return ", ".join(PARAMS_BY_KEY[k].title for k in rule.params if k in PARAMS_BY_KEY)

