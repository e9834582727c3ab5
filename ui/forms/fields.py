"""Field widgets shared by the registration dialogs.

* ``DateField`` / ``DateTimeField``: a line edit with an input mask (dd.mm.åååå [tt:mm]) and a
  calendar button; empty means "no date" (for optional dates).
* ``CodePicker``: a searchable combo over one SSB code list (codes valid on a date, plus the
  code already stored, so retired codes still display).
* ``CodedInput`` / ``CodedListField``: one or several codes with the presisering field that
  appears when the chosen code requires one.
* ``ErrorLabel``: the red message under a field.
* ``CaseworkerCombo``, ``LovhjemmelField``, ``FrequencyField``: small composites.

Widgets emit ``changed`` whenever what they would produce may have changed; the dialogs
validate on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from core.codes import Code, code_list
from core.dates import fmt
from core.model import CodedValue, Frequency, Lovhjemmel
from storage.records import Caseworker

ERROR_COLOUR = "#b3261e"


# --- icons ------------------------------------------------------------------------------------


def _calendar_icon() -> QIcon:
    """A small calendar glyph drawn with the palette-neutral grey (no icon theme needed)."""
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor("#5f6368"), 1.2))
    p.drawRoundedRect(2, 3, 12, 11, 1.5, 1.5)
    p.fillRect(2, 3, 13, 3, QColor("#5f6368"))
    for x in (5, 8, 11):
        for y in (8, 11):
            p.fillRect(x - 1, y - 1, 2, 2, QColor("#5f6368"))
    p.end()
    return QIcon(pix)


# --- the error label --------------------------------------------------------------------------


class WrapLabel(QLabel):
    """A word-wrapping label that claims the height its wrapped text needs.

    (A plain wrapping QLabel in a form row is squeezed to one line when the text grows after
    the dialog is shown; the minimum height makes the layout, and the dialog, make room.)
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def _available_width(self) -> int:
        """The width the layout gives (or will give) this label; 0 while not laid out."""
        return self.width() if self.isVisible() else 0

    def _claim_height(self) -> None:
        width = self._available_width()
        if width <= 0:
            return  # not laid out yet: the first layout pass sizes it correctly
        needed = self.heightForWidth(width) if self.text() else 0
        if needed != self.minimumHeight():
            self.setMinimumHeight(max(needed, 0))

    def setText(self, text: str) -> None:
        super().setText(text)
        self._claim_height()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._claim_height()


class ErrorLabel(WrapLabel):
    """Red text under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOUR))
        self.setPalette(palette)
        self.hide()

    def _available_width(self) -> int:
        # Under its field in a margin-less cell: as wide as the cell, even while hidden.
        parent = self.parentWidget()
        return parent.width() if parent is not None and parent.isVisible() else 0

    def set_messages(self, messages: Sequence[str]) -> None:
        unique = list(dict.fromkeys(m for m in messages if m))
        self.setText("\n".join(unique))
        self.setVisible(bool(unique))


INVALID_TINT = "#fdecea"


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Mark a field red: line edits get a red border (the dialog's style sheet styles
    ``[invalid="true"]``), combo boxes a red tint (a border would break their drop-down)."""
    if isinstance(widget, (QLineEdit, QComboBox)):
        targets = [widget]
    else:
        targets = [w for w in widget.findChildren(QWidget)
                   if isinstance(w, (QLineEdit, QComboBox))
                   and not isinstance(w.parentWidget(), QComboBox)]
    for w in targets:
        want = invalid and (w is widget or w.isVisibleTo(widget))
        if bool(w.property("invalid")) == want:
            continue
        w.setProperty("invalid", want)
        if isinstance(w, QComboBox):
            _tint(w, want)
            if w.lineEdit() is not None:
                _tint(w.lineEdit(), want)
        else:
            w.style().unpolish(w)
            w.style().polish(w)
        w.update()


def _tint(widget: QWidget, on: bool) -> None:
    palette = widget.palette()
    if on:
        palette.setColor(QPalette.ColorRole.Base, QColor(INVALID_TINT))
        palette.setColor(QPalette.ColorRole.Button, QColor(INVALID_TINT))
        widget.setPalette(palette)
    else:
        widget.setPalette(QPalette())
        widget.setAttribute(Qt.WidgetAttribute.WA_SetPalette, False)


# --- dates ------------------------------------------------------------------------------------


class _CalendarPopup(QMenu):
    """A calendar in a drop-down menu; ``picked`` the chosen date."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        action = QWidgetAction(self)
        action.setDefaultWidget(self.calendar)
        self.addAction(action)
        self.calendar.activated.connect(self._choose)
        self.calendar.clicked.connect(self._choose)

    def _choose(self, day: QDate) -> None:
        self.picked.emit(day)
        self.close()


class DateField(QLineEdit):
    """A date typed as dd.mm.åååå (input mask), with a calendar button; empty = no date.

    ``value()`` is the date or ``None`` (empty or not a date); ``problem()`` says why a
    non-empty text is not a date. Alt+Down opens the calendar.
    """

    changed = Signal()
    MASK = "99.99.9999;_"
    WIDTH_CHARS = 12

    def __init__(self, parent: QWidget | None = None, value: date | None = None) -> None:
        super().__init__(parent)
        self.setInputMask(self.MASK)
        self.setPlaceholderText(self.tr("dd.mm.yyyy"))
        self.setToolTip(self.tr("Date as dd.mm.yyyy. Alt+Down opens the calendar."))
        self._popup = _CalendarPopup(self)
        self._popup.picked.connect(self._picked)
        self._action = QAction(_calendar_icon(), self.tr("Choose date"), self)
        self._action.triggered.connect(self.open_calendar)
        self.addAction(self._action, QLineEdit.ActionPosition.TrailingPosition)
        width = self.fontMetrics().horizontalAdvance("0" * self.WIDTH_CHARS) + 44
        self.setMinimumWidth(width)
        self.setMaximumWidth(width + 40)
        self.textChanged.connect(self.changed)
        self.editingFinished.connect(self._tidy)
        self.set_value(value)

    # --- value ------------------------------------------------------------------------------

    def _parts(self) -> list[str]:
        return [p.strip() for p in self.text().split(".")]

    def is_empty(self) -> bool:
        return not any(c.isdigit() for c in self.text())

    def value(self) -> date | None:
        if self.is_empty():
            return None
        try:
            dd, mm, yyyy = (int(p) for p in self._parts()[:3])
            if not 1000 <= yyyy <= 9999:
                return None
            return date(yyyy, mm, dd)
        except ValueError:
            return None

    def problem(self) -> str | None:
        """Why the text is not a date (Norwegian via the translation), or None."""
        if self.is_empty() or self.value() is not None:
            return None
        return self.tr("Not a valid date (use dd.mm.yyyy)")

    def set_value(self, value: date | None) -> None:
        self.setText(fmt(value) if value else "")

    def _tidy(self) -> None:
        """Pad a date typed as 1.2.2026 to 01.02.2026 once it is complete."""
        day = self.value()
        if day is not None and self.text() != fmt(day):
            self.set_value(day)

    # --- calendar ---------------------------------------------------------------------------

    def open_calendar(self) -> None:
        day = self.value() or date.today()
        self._popup.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self._popup.popup(self.mapToGlobal(self.rect().bottomLeft()))
        self._popup.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.set_value(date(day.year(), day.month(), day.day()))
        self.setFocus()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.open_calendar()
            return
        super().keyPressEvent(event)


class DateTimeField(DateField):
    """A moment typed as dd.mm.åååå tt:mm; empty = none."""

    MASK = "99.99.9999 99:99;_"
    WIDTH_CHARS = 17

    def __init__(self, parent: QWidget | None = None, value: datetime | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("dd.mm.yyyy hh:mm"))
        self.setToolTip(self.tr("Date and time as dd.mm.yyyy hh:mm. Alt+Down opens the "
                                "calendar."))
        self.set_value(value)

    def value(self) -> datetime | None:  # type: ignore[override]
        if self.is_empty():
            return None
        day_text, _, time_text = self.text().partition(" ")
        try:
            dd, mm, yyyy = (int(p) for p in day_text.split("."))
            hh, mi = (int(p) for p in time_text.split(":"))
            if not 1000 <= yyyy <= 9999:
                return None
            return datetime.combine(date(yyyy, mm, dd), time(hh, mi))
        except ValueError:
            return None

    def problem(self) -> str | None:
        if self.is_empty() or self.value() is not None:
            return None
        return self.tr("Not a valid time (use dd.mm.yyyy hh:mm)")

    def set_value(self, value: datetime | date | None) -> None:  # type: ignore[override]
        if isinstance(value, datetime):
            self.setText(f"{value:%d.%m.%Y %H:%M}")
        elif isinstance(value, date):
            self.setText(f"{value:%d.%m.%Y} ")
        else:
            self.setText("")

    def _tidy(self) -> None:
        moment = self.value()
        if moment is not None and self.text() != f"{moment:%d.%m.%Y %H:%M}":
            self.set_value(moment)

    def _picked(self, day: QDate) -> None:
        old = self.value()
        chosen = date(day.year(), day.month(), day.day())
        if old is not None:
            self.set_value(datetime.combine(chosen, old.time()))
        else:
            self.set_value(chosen)
            self.setCursorPosition(11)
        self.setFocus()


# --- codes ------------------------------------------------------------------------------------

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class CodePicker(QComboBox):
    """A searchable picker over one SSB code list.

    Offers the codes that may be chosen on a date (``set_date``) plus the code already
    stored (retired codes are marked, never dropped). Typing filters by any part of
    "kode navn"; a unique match, or a code typed exactly, is taken as the choice.
    """

    changed = Signal()

    def __init__(self, key: str, parent: QWidget | None = None, *,
                 on: date | None = None, exclude: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self.key = key
        self.codes = code_list(key)
        self._exclude = frozenset(exclude)
        self._on = on or date.today()
        self._kept: str | None = None
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.lineEdit().setPlaceholderText(self.tr("Type to search or choose…"))
        self.lineEdit().setClearButtonEnabled(True)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        completer = QCompleter(self)
        completer.setModel(self._model)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        completer.activated[str].connect(self._completed)
        self.setCompleter(completer)
        self.currentIndexChanged.connect(self._index_changed)
        self.editTextChanged.connect(lambda _t: self.changed.emit())
        self.lineEdit().editingFinished.connect(self._tidy)
        self._fill()

    # --- items ------------------------------------------------------------------------------

    def _fill(self) -> None:
        current = self.code()
        text = self.currentText()
        with QSignalBlocker(self):
            self._model.clear()
            empty = QStandardItem("")
            empty.setData(None, CODE_ROLE)
            self._model.appendRow(empty)
            offered = [c for c in self.codes.choices(self._on) if c.kode not in self._exclude]
            keep = [k for k in (current, self._kept) if k and k in self.codes]
            for kode in keep:
                if all(c.kode != kode for c in offered):
                    offered.append(self.codes.get(kode))
            for code in offered:
                self._model.appendRow(self._item(code))
            index = self.findData(current, CODE_ROLE) if current else -1
            if index >= 0:
                self.setCurrentIndex(index)
            else:
                self.setCurrentIndex(-1)
                self.setEditText(text)

    def _item(self, code: Code) -> QStandardItem:
        label = code.label
        if not code.valid_on(self._on):
            label += self.tr(" (not valid on this date)")
        item = QStandardItem(label)
        item.setData(code.kode, CODE_ROLE)
        tip = code.navn
        if code.gruppe:
            tip = f"{code.gruppe}\n{tip}"
        item.setToolTip(tip)
        return item

    def set_date(self, on: date | None) -> None:
        """Offer the codes valid on ``on`` (keeps the current choice even if not valid)."""
        if on is None or on == self._on:
            return
        self._on = on
        self._fill()

    # --- value ------------------------------------------------------------------------------

    def _matches(self, text: str) -> list[int]:
        folded = text.casefold()
        exact = [i for i in range(1, self.count())
                 if self.itemData(i, CODE_ROLE) == text or self.itemText(i).casefold() == folded]
        if exact:
            return exact[:1]
        return [i for i in range(1, self.count()) if folded in self.itemText(i).casefold()]

    def code(self) -> str | None:
        """The chosen code, or None (nothing chosen, or text that matches no single code)."""
        text = self.currentText().strip()
        if not text:
            return None
        index = self.currentIndex()
        if index > 0 and self.itemText(index) == self.currentText():
            return self.itemData(index, CODE_ROLE)
        found = self._matches(text)
        return self.itemData(found[0], CODE_ROLE) if len(found) == 1 else None

    def problem(self) -> str | None:
        """Why typed text is not a choice (several or no codes match), or None."""
        text = self.currentText().strip()
        if not text or self.code() is not None:
            return None
        if self._matches(text):
            return self.tr("Several codes match «%1» – choose one from the list").replace(
                "%1", text)
        return self.tr("No code matches «%1» – choose one from the list").replace("%1", text)

    def set_code(self, kode: str | None) -> None:
        self._kept = kode
        if kode and kode in self.codes and self.findData(kode, CODE_ROLE) < 0:
            self._fill()
        index = self.findData(kode, CODE_ROLE) if kode else 0
        self.setCurrentIndex(max(index, 0))
        if index < 0 and kode:
            self.setEditText(kode)
        self.lineEdit().setCursorPosition(0)

    def is_empty(self) -> bool:
        return not self.currentText().strip()

    def requires_presisering(self) -> bool:
        kode = self.code()
        return bool(kode and kode in self.codes and self.codes.get(kode).krever_presisering)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        QTimer.singleShot(0, self._show_start)

    def _show_start(self) -> None:
        """A fully selected long label scrolls to its end; select it backwards instead, so the
        start ("2 Ikke henlagt …") stays in view."""
        edit = self.lineEdit()
        text = edit.text()
        if edit.hasSelectedText() and edit.selectedText() == text:
            edit.setSelection(len(text), -len(text))

    def _index_changed(self, _index: int) -> None:
        if not self.lineEdit().hasFocus():
            self.lineEdit().setCursorPosition(0)  # long labels: show their start
        self.changed.emit()

    def _completed(self, text: str) -> None:
        index = self.findText(text)
        if index >= 0:
            self.setCurrentIndex(index)

    def _tidy(self) -> None:
        """Show the full "kode navn" once typed text resolved to a single code."""
        kode = self.code()
        if kode is not None:
            index = self.findData(kode, CODE_ROLE)
            if index >= 0 and (index != self.currentIndex()
                               or self.currentText() != self.itemText(index)):
                self.setCurrentIndex(index)
                self.setEditText(self.itemText(index))
            self.lineEdit().setCursorPosition(0)  # show the start of a long label


class CodedInput(QWidget):
    """One code with its presisering line, shown only when the code requires it."""

    changed = Signal()
    remove_requested = Signal()

    def __init__(self, key: str, parent: QWidget | None = None, *, on: date | None = None,
                 removable: bool = False, value: CodedValue | None = None) -> None:
        super().__init__(parent)
        self.picker = CodePicker(key, self, on=on)
        self.presisering = QLineEdit(self)
        self.presisering.setPlaceholderText(self.tr("Presisering (required for this code)"))
        self.presisering.setAccessibleName(self.tr("Presisering"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.picker, 1)
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setToolTip(self.tr("Remove"))
        self.remove.setAutoRaise(True)
        self.remove.setVisible(removable)
        self.remove.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.remove.clicked.connect(self.remove_requested)
        top.addWidget(self.remove)
        layout.addLayout(top)
        layout.addWidget(self.presisering)
        self.setFocusProxy(self.picker)
        self.picker.changed.connect(self._picker_changed)
        self.presisering.textChanged.connect(self.changed)
        if value is not None:
            self.set_value(value)
        self._update_presisering()

    def _picker_changed(self) -> None:
        self._update_presisering()
        self.changed.emit()

    def _update_presisering(self) -> None:
        needed = self.picker.requires_presisering()
        self.presisering.setVisible(needed or bool(self.presisering.text().strip()))

    def is_empty(self) -> bool:
        return self.picker.is_empty() and not self.presisering.text().strip()

    def value(self) -> CodedValue | None:
        kode = self.picker.code()
        if kode is None:
            return None
        keep = self.presisering.isVisibleTo(self) or self.picker.requires_presisering()
        return CodedValue(kode, self.presisering.text().strip() if keep else "")

    def set_value(self, value: CodedValue | None) -> None:
        self.picker.set_code(value.kode if value else None)
        self.presisering.setText(value.presisering if value else "")
        self._update_presisering()

    def problem(self) -> str | None:
        return self.picker.problem()

    def set_date(self, on: date | None) -> None:
        self.picker.set_date(on)


class CodedListField(QWidget):
    """One or more codes (melder, saksinnhold) with an "Add" button."""

    changed = Signal()

    def __init__(self, key: str, add_text: str, parent: QWidget | None = None, *,
                 on: date | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._on = on
        self.rows: list[CodedInput] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(6)
        layout.addLayout(self._rows_layout)
        self.add_button = QPushButton(add_text, self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._add_clicked)
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.add_row()

    def add_row(self, value: CodedValue | None = None) -> CodedInput:
        row = CodedInput(self.key, self, on=self._on, removable=True, value=value)
        row.changed.connect(self.changed)
        row.remove_requested.connect(lambda r=row: self.remove_row(r))
        if self.rows:
            QWidget.setTabOrder(self.rows[-1].presisering, row.picker)
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        QWidget.setTabOrder(row.presisering, self.add_button)
        self._update_remove()
        self.setFocusProxy(self.rows[0])
        return row

    def _add_clicked(self) -> None:
        row = self.add_row()
        row.picker.setFocus()
        self.changed.emit()

    def remove_row(self, row: CodedInput) -> None:
        if len(self.rows) <= 1:
            row.set_value(None)
        else:
            self.rows.remove(row)
            row.setParent(None)
            row.deleteLater()
            self.setFocusProxy(self.rows[0])
        self._update_remove()
        self.changed.emit()

    def _update_remove(self) -> None:
        for row in self.rows:
            row.remove.setVisible(len(self.rows) > 1)

    def values(self) -> tuple[CodedValue, ...]:
        return tuple(v for v in (row.value() for row in self.rows) if v is not None)

    def set_values(self, values: Sequence[CodedValue]) -> None:
        while len(self.rows) > 1:
            self.remove_row(self.rows[-1])
        for i, value in enumerate(values):
            if i == 0:
                self.rows[0].set_value(value)
            else:
                self.add_row(value)

    def problems(self) -> list[str]:
        return [p for p in (row.problem() for row in self.rows) if p]

    def is_empty(self) -> bool:
        return all(row.picker.is_empty() and not row.presisering.text().strip()
                   for row in self.rows)

    def set_date(self, on: date | None) -> None:
        self._on = on
        for row in self.rows:
            row.set_date(on)


# --- people and legal basis -------------------------------------------------------------------


class CaseworkerCombo(QComboBox):
    """The caseworkers (active ones, plus the current value if it is no longer active).

    With ``can_add`` the list ends with "+ New caseworker…": choosing it keeps the current
    choice and emits ``add_requested`` (the form opens its small dialog and, once the
    caseworker is saved, calls ``add_caseworker``). A non-editable combo still selects by
    typing the first letters of a name.
    """

    changed = Signal()
    add_requested = Signal()

    def __init__(self, caseworkers: Sequence[Caseworker], parent: QWidget | None = None,
                 current: str | None = None, *, can_add: bool = False) -> None:
        super().__init__(parent)
        self._caseworkers = {c.navn: c for c in caseworkers}
        self.addItem("", "")
        for c in caseworkers:
            if c.aktiv or c.navn == current:
                self.addItem(c.navn, c.navn)
        self._add_index = -1
        if can_add:
            self.insertSeparator(self.count())
            self.addItem(self.tr("+ New caseworker…"), None)
            self._add_index = self.count() - 1
        self.set_name(current)
        self._previous = self.currentIndex()
        self.currentIndexChanged.connect(self._index_changed)

    def _index_changed(self, index: int) -> None:
        if self._add_index >= 0 and index == self._add_index:
            with QSignalBlocker(self):  # the choice stays what it was until one is saved
                self.setCurrentIndex(self._previous)
            QTimer.singleShot(0, self, self.add_requested.emit)  # after the popup has closed
            return
        self._previous = index
        self.changed.emit()

    def can_add(self) -> bool:
        return self._add_index >= 0

    def request_add(self) -> None:
        """Choose "+ New caseworker…" (as the user would)."""
        if self.can_add():
            self.setCurrentIndex(self._add_index)

    def add_caseworker(self, caseworker: Caseworker) -> None:
        """List a caseworker saved meanwhile (before "+ New caseworker…") and choose it."""
        self._caseworkers[caseworker.navn] = caseworker
        index = self.findData(caseworker.navn)
        if index < 0:
            index = self._add_index - 1 if self.can_add() else self.count()  # before the line
            self.insertItem(index, caseworker.navn, caseworker.navn)
            if self.can_add():
                self._add_index += 1
        self.setCurrentIndex(index)

    def has_choices(self) -> bool:
        """Whether there is any caseworker to choose."""
        return any(self.itemData(i) for i in range(self.count()))

    def name(self) -> str:
        return str(self.currentData() or "")

    def is_empty(self) -> bool:
        return not self.name()

    def set_name(self, name: str | None) -> None:
        index = self.findData(name) if name else 0
        self.setCurrentIndex(max(index, 0))

    def team_of(self, name: str) -> str:
        cw = self._caseworkers.get(name)
        return cw.team if cw else ""

    def teams(self) -> list[str]:
        return sorted({c.team for c in self._caseworkers.values() if c.team})


#: Common legal bases (bvl 2021) offered as presets; the fields stay editable.
HJEMMEL_PRESETS: tuple[tuple[str, Lovhjemmel], ...] = (
    ("§ 3-1 hjelpetiltak", Lovhjemmel("BVL2021", "3", "1")),
    ("§ 3-2 frivillig plassering", Lovhjemmel("BVL2021", "3", "2")),
    ("§ 3-6 ettervern", Lovhjemmel("BVL2021", "3", "6")),
    ("§ 4-2 akuttvedtak om plassering", Lovhjemmel("BVL2021", "4", "2")),
    ("§ 4-4 akuttvedtak om institusjon (atferd)", Lovhjemmel("BVL2021", "4", "4")),
    ("§ 5-1 omsorgsovertakelse", Lovhjemmel("BVL2021", "5", "1")),
    ("§ 6-2 institusjon uten samtykke (atferd)", Lovhjemmel("BVL2021", "6", "2")),
)
LAWS = (("BVL2021", "bvl 2021"), ("BVL", "bvl 1992"), ("BL1981", "barneloven 1981"))


class LovhjemmelField(QWidget):
    """Lov, kapittel, paragraf, ledd, with a preset menu for the common paragraphs."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, value: Lovhjemmel | None = None) -> None:
        super().__init__(parent)
        self.lov = QComboBox(self)
        for kode, label in LAWS:
            self.lov.addItem(label, kode)
        self.kapittel = self._part(self.tr("Chapter"), 3)
        self.paragraf = self._part(self.tr("Section"), 4)
        self.ledd = self._part(self.tr("Paragraph (optional)"), 3)
        self.presets = QToolButton(self)
        self.presets.setText(self.tr("Common…"))
        self.presets.setToolTip(self.tr("Fill in a common legal basis"))
        self.presets.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.presets)
        for label, hjemmel in HJEMMEL_PRESETS:
            menu.addAction(label, lambda h=hjemmel: self.set_value(h))
        self.presets.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.lov)
        layout.addWidget(QLabel("§", self))
        layout.addWidget(self.kapittel)
        layout.addWidget(QLabel("–", self))
        layout.addWidget(self.paragraf)
        layout.addWidget(QLabel(self.tr("para."), self))
        layout.addWidget(self.ledd)
        layout.addWidget(self.presets)
        layout.addStretch(1)
        self.setFocusProxy(self.lov)
        self.lov.currentIndexChanged.connect(lambda _i: self.changed.emit())
        if value is not None:
            self.set_value(value)

    def _part(self, name: str, chars: int) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(name)
        edit.setToolTip(name)
        edit.setMaxLength(chars)
        edit.setFixedWidth(self.fontMetrics().horizontalAdvance("0" * (chars + 1)) + 16)
        edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        edit.textChanged.connect(self.changed)
        return edit

    def is_empty(self) -> bool:
        return not (self.kapittel.text().strip() or self.paragraf.text().strip())

    def value(self) -> Lovhjemmel:
        return Lovhjemmel(str(self.lov.currentData()), self.kapittel.text().strip(),
                          self.paragraf.text().strip(), self.ledd.text().strip())

    def set_value(self, value: Lovhjemmel) -> None:
        index = self.lov.findData(value.lov)
        if index < 0:
            self.lov.addItem(value.lov, value.lov)
            index = self.lov.count() - 1
        self.lov.setCurrentIndex(index)
        self.kapittel.setText(value.kapittel)
        self.paragraf.setText(value.paragraf)
        self.ledd.setText(value.ledd)


class FrequencyField(QWidget):
    """Visits per year (4 standard / 2 redusert) in force from a date.

    Editing keeps the history: the last entry is replaced when the date is the same, otherwise
    a new entry is added from the chosen date.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.per_year = QComboBox(self)
        self.per_year.addItem(self.tr("4 per year (standard)"), 4)
        self.per_year.addItem(self.tr("2 per year (reduced)"), 2)
        self.start = DateField(self)
        self.history = QLabel(self)
        self.history.setProperty("role", "muted")
        self._history: tuple[Frequency, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.per_year)
        row.addWidget(QLabel(self.tr("from"), self))
        row.addWidget(self.start)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.history)
        self.history.hide()
        self.setFocusProxy(self.per_year)
        self.per_year.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.start.changed.connect(self.changed)

    def set_history(self, history: Sequence[Frequency], default_start: date | None) -> None:
        self._history = tuple(sorted(history, key=lambda f: f.startdato))
        if self._history:
            last = self._history[-1]
            self.per_year.setCurrentIndex(max(self.per_year.findData(last.per_aar), 0))
            self.start.set_value(last.startdato)
            text = ", ".join(self.tr("%1 from %2").replace("%1", str(f.per_aar)).replace(
                "%2", fmt(f.startdato)) for f in self._history)
            self.history.setText(self.tr("Registered: %1").replace("%1", text))
            self.history.show()
        else:
            self.start.set_value(default_start)

    def frequencies(self, fallback_start: date) -> tuple[Frequency, ...]:
        """The history with this field's entry applied."""
        start = self.start.value() or fallback_start
        entry = Frequency(start, int(self.per_year.currentData()))
        history = list(self._history)
        if history and history[-1].startdato == start:
            history[-1] = entry
        elif not history or history[-1].per_aar != entry.per_aar:
            history.append(entry)
        return tuple(sorted(history, key=lambda f: f.startdato))


def mark_changed(obj: QObject, callback) -> None:
    """Connect ``callback`` to the change signal appropriate to a widget."""
    for name in ("changed", "textChanged", "toggled", "valueChanged", "currentIndexChanged"):
        signal = getattr(obj, name, None)
        if signal is not None and hasattr(signal, "connect"):
            signal.connect(lambda *_a: callback())
            return
    raise TypeError(f"Kan ikke følge endringer i {type(obj).__name__}")
