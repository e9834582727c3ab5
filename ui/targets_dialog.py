"""«Målsettinger…»: the scorecard's targets per indicator for one year, with their history.

Targets are typed as percent (0–100, empty = no target) and stored as shares 0–1 through
``Repository.set_targets`` (validated, one transaction, every change recorded with who and when).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.report import INDICATOR_SPECS
from storage.errors import StorageError
from storage.targets import TargetChange
from ui.context import AppContext

BAD, GOOD = "#b3261e", "#2e6b3a"
_PERCENT = re.compile(r"\s*(\d{1,3}(?:[.,]\d+)?)\s*%?\s*")


def parse_percent(text: str) -> float | None:
    """«90», «87,5», «87.5 %» → a share (0.875); empty → None. ValueError (Norwegian) else."""
    if not text.strip():
        return None
    match = _PERCENT.fullmatch(text)
    if not match:
        raise ValueError(f"«{text.strip()}» er ikke et prosenttall (skriv f.eks. 90 eller 87,5)")
    value = float(match.group(1).replace(",", "."))
    if value > 100:
        raise ValueError(f"«{text.strip()}» er over 100 %")
    return round(value / 100, 6)


def percent_text(share: float | None) -> str:
    """0.875 → «87,5»; 0.9 → «90»; None → «»."""
    if share is None:
        return ""
    value = round(share * 100, 4)
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


class TargetsDialog(QDialog):
    """Edit the targets of one year; the history of changes below."""

    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded: dict[str, float] = {}
        self.setWindowTitle(self.tr("Targets"))
        self.setMinimumWidth(640)
        self.edits: dict[str, QLineEdit] = {}
        self._build()
        self.year_spin.setValue(year)
        self.load()
        self.year_spin.valueChanged.connect(self._year_changed)
        self._shown_year = year

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Targets are shares in percent, set per year. Leave a field empty "
                               "for no target. The scorecard compares each value with the "
                               "target of the year the period ends in."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        top = QHBoxLayout()
        year_label = QLabel(self.tr("&Year:"))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1900, 2200)
        year_label.setBuddy(self.year_spin)
        self.copy_button = QPushButton(self.tr("Copy from &previous year"))
        self.copy_button.clicked.connect(self.copy_previous_year)
        top.addWidget(year_label)
        top.addWidget(self.year_spin)
        top.addStretch(1)
        top.addWidget(self.copy_button)
        layout.addLayout(top)

        grid_box = QGroupBox(self.tr("Targets"))
        grid = QGridLayout(grid_box)
        grid.setColumnStretch(0, 1)
        for row, spec in enumerate(INDICATOR_SPECS):
            label = QLabel(spec.label)
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr("no target"))
            edit.setMaximumWidth(90)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setAccessibleName(spec.label)
            label.setBuddy(edit)
            edit.textEdited.connect(self._edited)
            hint = QLabel(self.tr("% · lower is better") if spec.lower_is_better
                          else self.tr("% · higher is better"))
            hint.setProperty("role", "muted")
            self.edits[spec.key] = edit
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(hint, row, 2)
        layout.addWidget(grid_box)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

        history_box = QGroupBox(self.tr("History"))
        history_layout = QVBoxLayout(history_box)
        self.history_table = QTableWidget(0, 5)
        self.history_table.setHorizontalHeaderLabels([
            self.tr("Changed"), self.tr("Indicator"), self.tr("From"), self.tr("To"),
            self.tr("Changed by")])
        self.history_table.verticalHeader().hide()
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.history_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.history_table.setMinimumHeight(140)
        history_layout.addWidget(self.history_table)
        layout.addWidget(history_box, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout.addWidget(self.buttons)

    # --- data -------------------------------------------------------------------------------------

    def year(self) -> int:
        return self.year_spin.value()

    def load(self) -> None:
        """Show the stored targets and the history of the chosen year."""
        self._loaded = self.ctx.register.targets(self.year())
        for key, edit in self.edits.items():
            edit.setText(percent_text(self._loaded.get(key)))
            edit.setStyleSheet("")
        self._fill_history(self.ctx.register.target_history(year=self.year()))
        self.status_label.clear()

    def values(self) -> dict[str, float | None]:
        """The typed targets as shares (ValueError with the indicator named if one is wrong)."""
        result: dict[str, float | None] = {}
        for spec in INDICATOR_SPECS:
            edit = self.edits[spec.key]
            try:
                result[spec.key] = parse_percent(edit.text())
            except ValueError as error:
                edit.setStyleSheet(f"border: 1px solid {BAD};")
                edit.setFocus()
                raise ValueError(f"{spec.label}: {error}") from None
            edit.setStyleSheet("")
        return result

    def dirty(self) -> bool:
        try:
            return self.values() != {s.key: self._loaded.get(s.key) for s in INDICATOR_SPECS}
        except ValueError:
            return True

    def save(self) -> bool:
        """Store the typed targets (one transaction); returns whether it succeeded."""
        try:
            changed = self.ctx.register.set_targets(self.year(), self.values())
        except (ValueError, TypeError, StorageError) as error:
            self._status(str(error), BAD)
            return False
        self.load()
        if changed:
            self.ctx.data_changed.emit()  # the Rapporter page recomputes with the new targets
            self._status(self.tr("Saved %n change(s).", "", changed), GOOD)
        else:
            self._status(self.tr("No changes."), GOOD)
        return True

    def copy_previous_year(self) -> None:
        """Fill the fields with last year's targets (not saved until «Save»)."""
        previous = self.ctx.register.targets(self.year() - 1)
        if not previous:
            self._status(self.tr("No targets were set for %1.").replace(
                "%1", str(self.year() - 1)), BAD)
            return
        for key, edit in self.edits.items():
            edit.setText(percent_text(previous.get(key)))
        self._status(self.tr("Copied from %1 – press Save to keep them.").replace(
            "%1", str(self.year() - 1)), GOOD)

    def _fill_history(self, changes: list[TargetChange]) -> None:
        table = self.history_table
        table.setRowCount(len(changes))
        for row, change in enumerate(changes):
            texts = [change.endret_tid.strftime("%d.%m.%Y %H:%M"), change.label,
                     self._shown(change.old), self._shown(change.new), change.endret_av]
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if col in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, col, item)

    def _shown(self, share: float | None) -> str:
        return self.tr("no target") if share is None else f"{percent_text(share)} %"

    def _status(self, text: str, color: str) -> None:
        self.status_label.setStyleSheet(f"color: {color};")
        self.status_label.setText(text)

    def _edited(self) -> None:
        self.status_label.clear()

    def _year_changed(self, year: int) -> None:
        if year == self._shown_year:
            return
        if self.dirty() and QMessageBox.question(
                self, self.tr("Unsaved changes"),
                self.tr("Save the changes for %1 first?").replace("%1", str(self._shown_year))
        ) == QMessageBox.StandardButton.Yes:
            self.year_spin.blockSignals(True)
            self.year_spin.setValue(self._shown_year)
            saved = self.save()
            self.year_spin.setValue(year if saved else self._shown_year)
            self.year_spin.blockSignals(False)
            if not saved:
                return
        self._shown_year = year
        self.load()
