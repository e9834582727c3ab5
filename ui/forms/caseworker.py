"""A new caseworker from inside a form ("+ New caseworker…" in the caseworker list).

Only name and team: the rest (active, leader) has its defaults and is edited under
Innstillinger → Saksbehandlere. The caseworker is saved through the application layer (role
check and audit row there) before the dialog closes; a refused save keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from storage.errors import StorageError
from storage.records import Caseworker
from ui.context import AppContext
from ui.forms.fields import ErrorLabel


class NewCaseworkerDialog(QDialog):
    """Name and team of a new caseworker; ``saved`` is the caseworker once stored."""

    def __init__(self, ctx: AppContext, existing: Sequence[Caseworker],
                 parent: QWidget | None = None, *, team: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved: Caseworker | None = None
        self._names = {c.navn.casefold() for c in existing}
        self.setWindowTitle(self.tr("New caseworker"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("First and last name"))
        self.team = QComboBox(self)
        self.team.setEditable(True)
        self.team.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.team.addItems(["", *sorted({c.team for c in existing if c.team})])
        self.team.setEditText(team)
        self.problem = ErrorLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Team"), self.team)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(400)
        self.name.setFocus()

    def _check(self) -> None:
        name = self.name.text().strip()
        taken = name.casefold() in self._names
        self.problem.set_messages(
            [self.tr("A caseworker with this name already exists (see Settings → "
                     "Caseworkers).")] if taken else [])
        self.save_button.setEnabled(bool(name) and not taken)

    def caseworker(self) -> Caseworker:
        return Caseworker(self.name.text().strip(), self.team.currentText().strip())

    def accept(self) -> None:
        if not self.save_button.isEnabled():
            return
        caseworker = self.caseworker()
        try:
            self.ctx.register.save_caseworker(caseworker)
        except (StorageError, ValueError) as error:
            self.problem.set_messages([self.tr("Not saved: %1").replace("%1", str(error))])
            return
        self.saved = caseworker
        self.ctx.data_changed.emit()
        super().accept()
