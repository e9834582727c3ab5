"""Innstillinger → Interne frister: the service's own time standards, defined by a leder.

The tab lists the milestones in force (switched on or off) and, below, every stored version of
the selected one. «New…»/«Edit…» open ``MilestoneDialog``; saving (a new version) and switching
on or off go through ``service.milestones`` — role-checked, audited and recomputing every
deadline — off the UI thread on a connection of its own, like a rule parameter.
"""

from __future__ import annotations

import itertools
import logging
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.access import Action
from core.dates import fmt
from core.local_rules import MAX_NAME, START_EVENTS, UNITS, LocalRuleSpec, meeting_events
from service import USER_ERRORS, milestones
from storage.milestones import MilestoneVersion
from ui.context import AppContext
from ui.forms.fields import DateField, ErrorLabel, set_invalid
from ui.table_model import Index, RowTableModel
from ui.tasks import run_in_background

log = logging.getLogger(__name__)

UNIT_TITLES = {"dager": "days", "uker": "weeks", "maaneder": "months"}


class MilestoneTableModel(RowTableModel):
    """Milestone versions as rows: name, rule, applies from, active (and who/when)."""

    def __init__(self, history: bool, parent: Any = None) -> None:
        super().__init__((), parent)
        self._history = history
        self.set_rows([], [self.tr("When"), self.tr("Who"), self.tr("Version"),
                           self.tr("Definition"), self.tr("Active")] if history else
                      [self.tr("Internal deadline"), self.tr("Definition"),
                       self.tr("Applies from"), self.tr("Active")])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        v = self.index_row(index)
        if v is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        active = self.tr("Yes") if v.aktiv else self.tr("No")
        if self._history:
            return (v.endret_tid.strftime("%d.%m.%Y %H:%M"), v.endret_av, str(v.versjon),
                    f"{v.spec.label}: {_rule_text(v.spec)}", active)[index.column()]
        return (v.spec.label, _rule_text(v.spec), fmt(v.spec.gjelder_fra),
                active)[index.column()]


def _rule_text(spec: LocalRuleSpec) -> str:
    """The definition in words (Norwegian, as stored and audited)."""
    try:
        return spec.describe()
    except KeyError:  # an event this version of the program does not know
        return spec.anchor


class MilestoneDialog(QDialog):
    """Define a new milestone, or a new version of one: name, start, offset, what meets it,
    an optional interval, and the date it applies from. Each problem shows at its field."""

    def __init__(self, current: LocalRuleSpec | None, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit internal deadline") if current
                            else self.tr("New internal deadline"))
        self.current = current
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit(current.label if current else "")
        self.name.setMaxLength(2 * MAX_NAME)  # longer: the message says why
        self.anchor = QComboBox()
        for event in START_EVENTS:
            self.anchor.addItem(event.label, event.key)
        self.offset = QSpinBox()
        self.offset.setRange(-730, 730)
        self.offset.setValue(current.offset if current else 1)
        self.offset.setToolTip(self.tr("A negative number: before the start (e.g. two weeks "
                                       "before the legal deadline)"))
        self.unit = self._unit_combo(current.unit if current else "uker")
        self.met_by = QComboBox()
        self.recurring = QCheckBox(self.tr("&Then again, every"))
        self.interval = QSpinBox()
        self.interval.setRange(1, 730)
        self.interval.setValue(current.interval or 3 if current else 3)
        self.interval_unit = self._unit_combo(current.interval_unit if current else "maaneder")
        self.recurring.setChecked(bool(current and current.interval))
        self.applies = DateField(value=current.gjelder_fra if current else today)
        self.errors = {key: ErrorLabel() for key in ("label", "anchor", "met_by", "offset",
                                                     "interval", "gjelder_fra")}
        self._row(form, self.tr("&Name:"), self.name, "label")
        self._row(form, self.tr("&Starts with:"), self.anchor, "anchor")
        self._row(form, self.tr("&Due:"), self._pair(self.offset, self.unit), "offset",
                  buddy=self.offset)
        self._row(form, self.tr("&Met by:"), self.met_by, "met_by")
        self._row(form, "", self._pair(self.recurring, self.interval, self.interval_unit),
                  "interval")
        self._row(form, self.tr("&Applies from:"), self.applies, "gjelder_fra")
        note = QLabel(self.tr("Deadlines whose start lies before this date are not created. "
                              "Internal deadlines are never counted as deadline breaches."))
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        form.addRow(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        if current is not None:
            self.anchor.setCurrentIndex(max(0, self.anchor.findData(current.anchor)))
        self._fill_met_by(current.met_by if current else "")
        self.anchor.currentIndexChanged.connect(lambda _i: self._fill_met_by(
            self.met_by.currentData()))
        for signal in (self.name.textChanged, self.offset.valueChanged,
                       self.unit.currentIndexChanged, self.met_by.currentIndexChanged,
                       self.recurring.toggled, self.interval.valueChanged,
                       self.interval_unit.currentIndexChanged, self.applies.changed):
            signal.connect(self._check)
        chain = (self.name, self.anchor, self.offset, self.unit, self.met_by, self.recurring,
                 self.interval, self.interval_unit, self.applies, self.buttons)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._check()
        self.setMinimumWidth(520)
        self.name.setFocus()

    def _unit_combo(self, unit: str) -> QComboBox:
        combo = QComboBox()
        for key in UNITS:
            combo.addItem(self.tr(UNIT_TITLES[key]), key)
        combo.setCurrentIndex(max(0, combo.findData(unit)))
        return combo

    @staticmethod
    def _pair(*widgets: QWidget) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        for w in widgets:
            row.addWidget(w)
        row.addStretch(1)
        return holder

    def _row(self, form: QFormLayout, text: str, field: QWidget, key: str, *,
             buddy: QWidget | None = None) -> None:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(self.errors[key])
        if text:
            label = QLabel(text)
            label.setBuddy(buddy or field)
            form.addRow(label, holder)
        else:
            form.addRow("", holder)

    def _fill_met_by(self, wanted: str | None) -> None:
        self.met_by.blockSignals(True)
        self.met_by.clear()
        for event in meeting_events(self.anchor.currentData()):
            self.met_by.addItem(event.label, event.key)
        self.met_by.setCurrentIndex(max(0, self.met_by.findData(wanted)))
        self.met_by.blockSignals(False)
        self._check()

    def spec(self) -> LocalRuleSpec:
        """The definition as the fields say (the id: the milestone's own, or "" for a new)."""
        return LocalRuleSpec(
            self.current.id if self.current else "", self.name.text().strip(),
            self.anchor.currentData(), self.offset.value(), self.unit.currentData(),
            self.met_by.currentData() or "", self.applies.value() or date.min,
            self.interval.value() if self.recurring.isChecked() else None,
            self.interval_unit.currentData())

    def problems(self) -> dict[str, list[str]]:
        """Messages per field (Norwegian, from ``core.local_rules``)."""
        found: dict[str, list[str]] = {key: [] for key in self.errors}
        for key, message in self.spec().field_problems():
            found[key].append(message)
        problem = self.applies.problem()
        if problem or self.applies.value() is None:
            found["gjelder_fra"].append(problem or self.tr("Give the date it applies from"))
        return found

    def _check(self) -> None:
        if not hasattr(self, "buttons"):
            return
        self.interval.setEnabled(self.recurring.isChecked())
        self.interval_unit.setEnabled(self.recurring.isChecked())
        found = self.problems()
        widgets = {"label": self.name, "anchor": self.anchor, "met_by": self.met_by,
                   "offset": self.offset, "interval": self.interval,
                   "gjelder_fra": self.applies}
        for key, label in self.errors.items():
            # the empty name is only pointed out once something was typed
            messages = found[key] if key != "label" or self.name.isModified() else []
            label.set_messages(messages)
            set_invalid(widgets[key], bool(messages))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            not any(found.values()))


class MilestonesTab(QWidget):
    """The list of internal deadlines, their history, and the buttons a leder uses."""

    saved = Signal()  # after a save or a switch, once every deadline is recomputed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._busy = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(self.tr("The service's own time standards beside the law. They are "
                               "shown in Deadlines as internal deadlines and never counted as "
                               "deadline breaches. A change is kept as a new version, and all "
                               "deadlines are recomputed."))
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        self.model = MilestoneTableModel(False, self)
        self.view = self._table(self.model, 1)
        self.view.activated.connect(lambda _i: self.edit())
        self.history_model = MilestoneTableModel(True, self)
        self.history_view = self._table(self.history_model, 3)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 4, 0, 0)
        title = QLabel(self.tr("Versions of the selected internal deadline"))
        history_layout.addWidget(title)
        history_layout.addWidget(self.history_view, 1)
        splitter.addWidget(history)
        splitter.setSizes([240, 160])
        layout.addWidget(splitter, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New…"))
        self.new_button.clicked.connect(self.new)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.clicked.connect(self.edit)
        self.toggle_button = QPushButton(self.tr("Switch o&ff"))
        self.toggle_button.clicked.connect(self.toggle)
        for b in (self.new_button, self.edit_button, self.toggle_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._selected())

    @staticmethod
    def _table(model: RowTableModel, stretch: int) -> QTableView:
        """A read-only list; column ``stretch`` (the definition) takes the room left."""
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setTabKeyNavigation(False)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return view

    # --- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the milestones again (keeping the selection)."""
        if self._busy:
            return
        chosen = self.current()
        try:
            versions = milestones.milestones(self.ctx.register)
        except USER_ERRORS as error:
            self._error(error)
            return
        self.model.set_rows(versions)
        row = next((i for i, v in enumerate(versions)
                    if chosen is not None and v.spec.id == chosen.spec.id), 0)
        if versions:
            self.view.selectRow(row)
        self._selected()

    def current(self) -> MilestoneVersion | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selected(self) -> None:
        chosen = self.current()
        may = self.ctx.may(Action.MILESTONES) and not self._busy
        self.new_button.setEnabled(may)
        self.edit_button.setEnabled(may and chosen is not None)
        self.toggle_button.setEnabled(may and chosen is not None)
        self.toggle_button.setText(self.tr("Switch o&ff") if chosen is None or chosen.aktiv
                                   else self.tr("Switch o&n"))
        try:
            self.history_model.set_rows(milestones.history(self.ctx.register, chosen.spec.id)
                                        if chosen else [])
        except USER_ERRORS as error:
            self._error(error)

    # --- actions ----------------------------------------------------------------------------------

    def new(self) -> None:
        self._define(None)

    def edit(self) -> None:
        chosen = self.current()
        if chosen is not None and self.ctx.may(Action.MILESTONES):
            self._define(chosen)

    def _define(self, chosen: MilestoneVersion | None) -> None:
        dialog = MilestoneDialog(chosen.spec if chosen else None, self.ctx.today(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.save(dialog.spec(), chosen.aktiv if chosen else True)

    def toggle(self) -> None:
        chosen = self.current()
        if chosen is not None:
            self.save(chosen.spec, not chosen.aktiv)

    def save(self, spec: LocalRuleSpec, aktiv: bool) -> None:
        """Store the definition (a new id for a new one) and recompute, off the UI thread."""
        register = self.ctx.register
        try:
            if not spec.id:
                spec = milestones.new_spec(register, spec.label, spec.anchor, spec.offset,
                                           spec.unit, spec.met_by, spec.gjelder_fra,
                                           spec.interval, spec.interval_unit)
            spec.check()
        except USER_ERRORS as error:
            self._error(error)
            return

        def work() -> int:
            own = register.reopen()  # a connection of the worker thread's own
            try:
                return milestones.save(own, spec, aktiv)
            finally:
                own.close()

        self._busy = True
        self._selected()
        self._chosen_id = spec.id
        run_in_background(work, self._done, self._failed)

    def _done(self, _version: int) -> None:
        self._busy = False
        self.refresh()
        at = next((i for i, v in enumerate(self.model.rows) if v.spec.id == self._chosen_id),
                  None)
        if at is not None:
            self.view.selectRow(at)
        self.ctx.data_changed.emit()  # every view re-reads the recomputed deadlines
        self.saved.emit()

    def _failed(self, error: Exception) -> None:
        self._busy = False
        self._selected()
        self._error(error)

    def _error(self, error: Exception) -> None:
        log.warning("Interne frister: %s", type(error).__name__)
        message = str(error) if isinstance(error, USER_ERRORS) else self.tr(
            "The internal deadline could not be saved.")
        QMessageBox.warning(self, self.tr("Internal deadlines"), message)

