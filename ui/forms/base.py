"""The common frame of every registration dialog: live validation, messages at the fields, save.

A dialog subclass adds its fields with ``add_row`` (a label, a widget and the validation field
names whose messages belong there), implements ``read`` (the objects the fields describe) and
calls ``finish()`` at the end of its constructor. As the user types, ``revalidate`` builds the
objects, runs ``core.validation.validate`` on each and shows every message at its field (red
text under it and a red border); Save stays disabled while anything is wrong and the summary
line says why. ``accept`` saves everything in one transaction; a refused save keeps the dialog
open with what was typed. Esc, Cancel or closing the window discard at once when nothing was
typed or changed, and otherwise ask first ("Discard what you have typed?").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.dates import fmt
from core.model import CaseFile
from core.rules import rule_label
from core.validation import FieldError, ValidationError, validate
from service import StaleCase
from storage.errors import StorageError
from ui.context import AppContext
from ui.forms.fields import ERROR_COLOUR, ErrorLabel, WrapLabel, mark_changed, set_invalid

translate = QCoreApplication.translate

MIN_WIDTH = 520  # px; dialogs are at least this wide so short forms do not look cramped

#: Style of invalid fields; scoped to the dialog so the application style stays in charge.
INVALID_STYLE = f"""
QLineEdit[invalid="true"] {{
    border: 1px solid {ERROR_COLOUR};
    border-radius: 3px;
    padding: 2px 4px;
}}
"""


@dataclass
class Entry:
    """One object a dialog would save, with the case it is validated against.

    ``prefix`` is put before each ``FieldError.field`` to find the widget ("melding." + "mottatt").
    """

    obj: Any
    case: CaseFile | None
    prefix: str = ""
    save: bool = True
    secondary: bool = False  # its messages yield to a primary entry's at the same field


@dataclass
class Issues:
    """Problems the dialog finds itself (text that is not a date, a required date left empty)."""

    items: list[FieldError] = field(default_factory=list)

    def add(self, key: str, message: str | None) -> None:
        if message:
            self.items.append(FieldError(key, message))

    def keys(self) -> set[str]:
        return {e.field for e in self.items}


class FieldRow:
    """A field in a form: label, widget, the red message under it, and its validation keys."""

    def __init__(self, label: QLabel | None, widget: QWidget, error: ErrorLabel,
                 keys: Sequence[str], cell: QWidget, form: QFormLayout,
                 probe: QWidget | None = None) -> None:
        self.label = label
        self.widget = widget
        self.probe = probe or widget  # the input that decides "has content" and turns red
        self.error = error
        self.keys = tuple(keys)
        self.cell = cell
        self.form = form
        self.touched = False
        self.visible = True

    def has_content(self) -> bool:
        is_empty = getattr(self.probe, "is_empty", None)
        if callable(is_empty):
            return not is_empty()
        text = getattr(self.probe, "text", None)
        if callable(text):
            return bool(str(text()).strip())
        return True

    def show(self, messages: Sequence[str], visible: bool) -> None:
        self.error.set_messages(messages if visible else ())
        set_invalid(self.probe, bool(messages) and visible)

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        self.form.setRowVisible(self.cell, visible)


class FormDialog(QDialog):
    """Base of every registration dialog (see the module docstring)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 title: str = "", intro: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today: date = ctx.today()
        self.rows: list[FieldRow] = []
        self._by_key: dict[str, FieldRow] = {}
        self._ready = False
        self._errors: list[FieldError] = []
        self.saved: list[Any] = []
        self._cases: dict[int, CaseFile] = {}
        self._pristine: tuple[Any, list[str]] | None = None  # the form as it opened
        self.setWindowTitle(title)
        self.setStyleSheet(INVALID_STYLE)
        self._line_height = max(QLineEdit().sizeHint().height(), QComboBox().sizeHint().height())
        self.setSizeGripEnabled(True)

        self.main_layout = QVBoxLayout(self)
        self.main_layout.setContentsMargins(18, 16, 18, 14)
        self.main_layout.setSpacing(10)
        self.intro = WrapLabel(intro, self)
        self.intro.setVisible(bool(intro))
        self.main_layout.addWidget(self.intro)
        self.form = self.new_form()
        self.main_layout.addLayout(self.form)
        self.main_layout.addStretch(1)

        self.general_error = ErrorLabel(self)
        self.main_layout.addWidget(self.general_error)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.main_layout.addWidget(line)
        self.summary = WrapLabel("", self)
        self.summary.setObjectName("summary")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.cancel)
        self.main_layout.addWidget(self.summary)
        self.main_layout.addWidget(self.buttons)

    # --- building the form ------------------------------------------------------------------

    def new_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        return form

    def add_row(self, label: str | None, widget: QWidget, *keys: str,
                form: QFormLayout | None = None, watch: bool = True,
                at: int | None = None, probe: QWidget | None = None) -> FieldRow:
        """Add ``widget`` under ``label``; messages for ``keys`` are shown under it."""
        form = form if form is not None else self.form
        cell = QWidget(self)
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = ErrorLabel(cell)
        box.addWidget(error)
        label_widget = None
        if label is not None:
            label_widget = QLabel(label, self)
            label_widget.setBuddy(widget)
            # Level with the first line of the field, however tall the field grows.
            label_widget.setFixedHeight(min(widget.sizeHint().height(), self._line_height))
            label_widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.insertRow(-1 if at is None else at, label_widget, cell)
        else:
            form.insertRow(-1 if at is None else at, cell)
        row = FieldRow(label_widget, widget, error, keys, cell, form, probe)
        self.rows.append(row)
        for key in keys:
            self._by_key.setdefault(key, row)
        if watch:
            mark_changed(widget, lambda r=row: self._changed(r))
        return row

    def add_section(self, title: str, form: QFormLayout | None = None) -> QLabel:
        """A heading row inside the form."""
        form = form if form is not None else self.form
        label = QLabel(title, self)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 8 if form.rowCount() else 0, 0, 0)
        form.addRow(label)
        return label

    def bind(self, key: str, row: FieldRow) -> None:
        """Show messages for ``key`` at ``row`` as well."""
        self._by_key[key] = row

    def watch(self, *widgets: QWidget) -> None:
        """Revalidate when these (row-less) widgets change."""
        for widget in widgets:
            mark_changed(widget, self.revalidate)

    def finish(self, focus: QWidget | None = None) -> None:
        """Call at the end of a subclass constructor: validates once and sets the focus."""
        self._ready = True
        self.revalidate()
        self._pristine = self._snapshot()
        if focus is not None:
            focus.setFocus()
        self.adjustSize()
        self.resize(max(self.width(), MIN_WIDTH), self.height())

    def _changed(self, row: FieldRow) -> None:
        if self._ready:
            row.touched = True
        self.revalidate()

    # --- what subclasses provide --------------------------------------------------------------

    def read(self, issues: Issues) -> list[Entry]:
        """The objects described by the fields; report unreadable input to ``issues``."""
        raise NotImplementedError

    def extra_checks(self, entries: list[Entry], issues: Issues) -> None:
        """Checks of this dialog beyond core.validation (optional)."""

    def commit(self, objs: list[Any]) -> list[Any]:
        """Save the objects in one transaction (override for linked saves)."""
        return self.ctx.save_many(objs)

    def deadline_note(self, sak_id: int, gjelder: str, gjelder_id: int | None) -> str:
        """The stored open deadlines of one item, one line each (never computed here)."""
        lines = []
        for d in self.ctx.register.case_deadlines(sak_id):
            if d.gjelder != gjelder or d.gjelder_id != gjelder_id:
                continue
            status = d.status(self.today)
            if status.is_open:
                text = translate("Forms", "Deadline %1: %2 (%3)")
                lines.append(text.replace("%1", fmt(d.frist)).replace(
                    "%2", rule_label(d.rule_id)).replace("%3", status.label))
        return "\n".join(lines)

    def set_intro(self, *lines: str) -> None:
        text = "\n".join(line for line in lines if line)
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    # --- helpers for read() -------------------------------------------------------------------

    def case_of(self, sak_id: int) -> CaseFile:
        """The stored case (read once per dialog; raises NotFoundError if it is gone)."""
        case = self._cases.get(sak_id)
        if case is None:
            case = self._cases[sak_id] = self.ctx.register.case(sak_id)
        return case

    def date_of(self, field_widget, key: str, issues: Issues, *, required: bool = True,
                fallback: date | None = None, label: str | None = None):
        """The date (or datetime) in a DateField; a problem or a missing required date is
        reported at ``key`` and ``fallback`` (default today) returned instead."""
        problem = field_widget.problem()
        if problem:
            issues.add(key, problem)
            return fallback if fallback is not None or not required else self.today
        value = field_widget.value()
        if value is None and required:
            issues.add(key, translate("Forms", "Fill in %1").replace("%1", label) if label
                       else translate("Forms", "Fill in the date"))
            return fallback if fallback is not None else self.today
        return value

    # --- validation ---------------------------------------------------------------------------

    def collect(self) -> tuple[list[Entry], list[FieldError]]:
        issues = Issues()
        try:
            entries = self.read(issues)
        except (ValueError, KeyError, LookupError, StorageError) as error:
            issues.add("", str(error))
            return [], issues.items
        self.extra_checks(entries, issues)
        local = issues.keys()
        local_rows = {id(self._by_key[k]) for k in local if k in self._by_key}
        errors = list(issues.items)
        primary_rows: set[int] = set()
        for entry in sorted(entries, key=lambda e: e.secondary):
            for fe in validate(entry.obj, entry.case, self.today):
                key = entry.prefix + fe.field
                row = self._by_key.get(key)
                if key in local or (row is not None and id(row) in local_rows):
                    continue  # the field's own problem (e.g. not a date) is the one to show
                if entry.secondary and row is not None and id(row) in primary_rows:
                    continue
                if row is not None and not entry.secondary:
                    primary_rows.add(id(row))
                errors.append(FieldError(key, fe.message))
        return entries, errors

    def revalidate(self) -> bool:
        """Validate what is typed; show messages at the fields; return True if it may be saved."""
        if not self._ready:
            return False
        _entries, errors = self.collect()
        self._errors = errors
        self.show_errors(errors)
        return not errors

    def show_errors(self, errors: Sequence[FieldError], *, reveal_all: bool = False) -> None:
        per_row: dict[int, list[str]] = {id(r): [] for r in self.rows}
        general: list[str] = []
        for fe in errors:
            row = self._by_key.get(fe.field)
            if row is None or not row.visible:
                general.append(fe.message)
            else:
                per_row[id(row)].append(fe.message)
        hidden = 0
        for row in self.rows:
            messages = per_row[id(row)]
            visible = reveal_all or row.touched or row.has_content()
            row.show(messages, visible)
            if messages and not visible:
                hidden += 1
        self.general_error.set_messages(general)
        self.save_button.setEnabled(not errors)
        self._update_summary(errors)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow (never shrink) so that wrapped messages are not squeezed into their row."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        if layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
        else:
            needed = layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def _update_summary(self, errors: Sequence[FieldError]) -> None:
        blocked = bool(errors)
        if self.summary.property("blocked") != blocked:  # restyle only when the state flips
            self.summary.setProperty("blocked", blocked)
            self.summary.setStyleSheet(f"color: {ERROR_COLOUR};" if blocked
                                       else "color: palette(placeholder-text);")
        if not errors:
            self.summary.setText(translate("Forms", "Ready to save. Enter saves, Esc cancels."))
            return
        first = errors[0].message
        more = len({e.message for e in errors}) - 1
        text = translate("Forms", "Cannot save yet: %1").replace("%1", first)
        if more > 0:
            text += " " + (translate("Forms", "(and 1 more)") if more == 1 else
                           translate("Forms", "(and %1 more)").replace("%1", str(more)))
        self.summary.setText(text)

    def errors(self) -> list[FieldError]:
        return list(self._errors)

    def messages_at(self, key: str) -> str:
        """The message text shown at the field of ``key`` (for tests and screen readers)."""
        row = self._by_key.get(key)
        return row.error.text() if row is not None and not row.error.isHidden() else ""

    # --- saving -------------------------------------------------------------------------------

    def accept(self) -> None:
        if not self.revalidate():
            self.show_errors(self._errors, reveal_all=True)
            return
        entries, _ = self.collect()
        objs = [e.obj for e in entries if e.save]
        try:
            self.saved = self.commit(objs)
        except ValidationError as error:
            self.show_errors(error.errors, reveal_all=True)
            self.save_button.setEnabled(True)
            return
        except StaleCase as error:
            # Someone else saved the case first. The views behind have reloaded it
            # (``AppContext``); the dialog stays open with what was typed, now checked against
            # the case as it is, and Save stores it over the other change if the user wants.
            self._cases.clear()
            if error.sak_id is not None:
                try:
                    self.case_of(error.sak_id)  # read again: the next Save is checked anew
                except StorageError:
                    pass  # gone, or no longer ours: the next Save says so
            self.revalidate()
            self.general_error.set_messages([self.save_failed_text(error), translate(
                "Forms", "The case behind this window now shows the other change. Check what "
                "you typed against it; Save stores it over that change.")])
            return
        except (StorageError, ValueError, KeyError) as error:
            self.general_error.set_messages([self.save_failed_text(error)])
            return
        super().accept()

    # --- cancelling ---------------------------------------------------------------------------

    def _snapshot(self) -> tuple[Any, list[str]]:
        """What the form describes (the objects read and their problems) and the text typed
        anywhere in it (also text that describes nothing yet, e.g. half a date)."""
        entries, errors = self.collect()
        described = (tuple(e.obj for e in entries), tuple((e.field, e.message) for e in errors))
        texts = []
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit):
                text = widget.text()
            elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
                text = widget.toPlainText()
            else:
                continue
            if any(c.isalnum() for c in text) and not self._in_popup(widget):
                texts.append(text.strip())
        return described, texts

    def _in_popup(self, widget: QWidget) -> bool:
        """Inside a calendar, menu or spin box: navigation, not something typed."""
        parent = widget.parentWidget()
        while parent is not None and parent is not self:
            if isinstance(parent, (QMenu, QCalendarWidget, QAbstractSpinBox)):
                return True
            parent = parent.parentWidget()
        return False

    def is_dirty(self) -> bool:
        """Whether anything was typed or changed since the form opened (typing it back to
        how it was counts as unchanged)."""
        if not self._ready or self._pristine is None:
            return False
        return self._snapshot() != self._pristine

    def confirm_discard(self) -> bool:
        """Ask before throwing away what was typed; True to discard. "Keep writing" is the
        default, and Esc in the question keeps writing too."""
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(),
                          translate("Forms", "Discard what you have typed?"),
                          QMessageBox.StandardButton.NoButton, self)
        discard = box.addButton(translate("Forms", "Discard"),
                                QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(translate("Forms", "Keep writing"),
                             QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        chosen = box.clickedButton()
        box.deleteLater()
        return chosen is discard

    def cancel(self) -> bool:
        """Esc, Cancel, the window's close button: close without saving, after asking when
        something was typed. True if the dialog closed. (``reject()`` closes without asking.)"""
        if self.isVisible() and self.is_dirty() and not self.confirm_discard():
            return False
        self.reject()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Cancel):
            event.accept()
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Only a close the user asked for (the window's close button, Alt+F4) asks; a close
        # by the program (e.g. signing out) discards.
        if (event.spontaneous() and self.isVisible() and self.is_dirty()
                and not self.confirm_discard()):
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        """Closing ends the live validation (the repository may be closed after it)."""
        self._ready = False
        for timer in self.findChildren(QTimer):
            timer.stop()
        super().done(result)

    def save_failed_text(self, error: Exception) -> str:
        message = str(error).strip('"\'') or type(error).__name__
        return translate("Forms", "Not saved: %1").replace("%1", message)
