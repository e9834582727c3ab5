"""Innstillinger → Brukere: the people who can sign in, their roles and their key slots.

Every change is one call of the application layer (role-checked, audited). Each person's
password unlocks the register; the tab says what losing every password means and offers the
printed recovery key.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.access import Role
from service import USER_ERRORS
from service.register import MIN_PASSWORD
from storage.records import Caseworker
from storage.users import User
from ui.context import AppContext
from ui.signin import ERROR_CSS


class UserDialog(QDialog):
    """A new person (with password), or the name, role, caseworker and active flag of one."""

    def __init__(self, workers: Sequence[Caseworker], current: User | None,
                 parent: QWidget | None = None, *, shared: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit user") if current
                            else self.tr("New user"))
        self.current = current
        #: a shared register: the person signs in with a login role IT made (no password here)
        self.shared = shared
        form = QFormLayout(self)
        self.brukernavn = QLineEdit(current.brukernavn if current else "")
        self.brukernavn.setReadOnly(current is not None)
        self.navn = QLineEdit(current.navn if current else "")
        self.rolle = QComboBox()
        for role in Role:
            self.rolle.addItem(role.label, role)
        if current:
            self.rolle.setCurrentIndex(list(Role).index(current.rolle))
        self.saksbehandler = QComboBox()
        self.saksbehandler.addItem(self.tr("(none)"), None)
        for w in workers:
            self.saksbehandler.addItem(w.navn, w.navn)
        if current and current.saksbehandler:
            self.saksbehandler.setCurrentIndex(max(0, self.saksbehandler.findData(
                current.saksbehandler)))
        self.aktiv = QCheckBox(self.tr("Can sign in"))
        self.aktiv.setChecked(current.aktiv if current else True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("User name"), self.brukernavn)
        form.addRow(self.tr("Name"), self.navn)
        form.addRow(self.tr("Role"), self.rolle)
        form.addRow(self.tr("Works as caseworker"), self.saksbehandler)
        form.addRow("", self.aktiv)
        if current is None and shared:
            note = QLabel(self.tr("The user name is the person's login on the database server, "
                                  "made by IT; they sign in with its password."))
            note.setWordWrap(True)
            note.setProperty("role", "muted")
            form.addRow(note)
        elif current is None:
            form.addRow(self.tr("Password"), self.password)
            form.addRow(self.tr("Repeat password"), self.repeat)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_CSS)
        self.error.setWordWrap(True)
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        (self.navn if current else self.brukernavn).setFocus()

    def _fail(self, widget: QWidget, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        widget.setFocus()

    def _check(self) -> None:
        if not self.brukernavn.text().strip():
            self._fail(self.brukernavn, self.tr("Enter a user name"))
        elif not self.navn.text().strip():
            self._fail(self.navn, self.tr("Enter the person's name"))
        elif self.current is None and not self.shared and \
                len(self.password.text()) < MIN_PASSWORD:
            self._fail(self.password,
                       self.tr("The password must have at least 8 characters"))
        elif self.current is None and not self.shared and \
                self.repeat.text() != self.password.text():
            self._fail(self.repeat, self.tr("The passwords are not the same"))
        else:
            self.accept()

    def user(self) -> User:
        return User(self.brukernavn.text().strip(), self.navn.text().strip(),
                    Role(self.rolle.currentData()), self.saksbehandler.currentData(),
                    self.aktiv.isChecked())


class UsersTab(QWidget):
    """The list of people, with buttons for every change."""


    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.users: list[User] = []
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setProperty("role", "muted")
        layout.addWidget(self.note)
        columns = [self.tr("User name"), self.tr("Name"),
                   self.tr("Role"), self.tr("Caseworker"),
                   self.tr("Active")]
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(False)
        self.table.doubleClicked.connect(lambda _index: self.edit_user())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("New user…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.password_button = QPushButton(self.tr("New password…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.recovery_button = QPushButton(self.tr("Make recovery key…"))
        for button, slot in ((self.add_button, self.add_user), (self.edit_button, self.edit_user),
                             (self.password_button, self.reset_password),
                             (self.remove_button, self.remove_user),
                             (self.recovery_button, self.make_recovery_key)):
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self._for_register()

    def _for_register(self) -> None:
        """The note and the password buttons follow the register: in a shared one each person
        signs in with a login IT made on the database server, and IT sets the passwords."""
        shared = self.ctx.register.shared
        if shared:
            self.note.setText(self.tr(
                "Each person signs in with their own login on the database server, which IT "
                "makes (see the README: «Delt register på PostgreSQL»). Here you decide who may "
                "use this register and in which role."))
        else:
            self.note.setText(self.tr(
                "Each person signs in with their own password, which unlocks the encrypted "
                "register. If every password is lost, only the recovery key can open it: make "
                "one, print it and keep it locked away."))
        why = self.tr("In a shared register IT sets the passwords on the database server.")
        for button in (self.password_button, self.recovery_button):
            button.setEnabled(not shared)
            button.setToolTip(why if shared else "")

    def refresh(self) -> None:
        self._for_register()
        try:
            self.users = self.ctx.register.users()
        except USER_ERRORS as error:
            self.users = []
            self._error(error)
        self.table.setRowCount(len(self.users))
        for r, u in enumerate(self.users):
            texts = (u.brukernavn, u.navn, u.rolle.label, u.saksbehandler or "",
                     self.tr("yes") if u.aktiv else self.tr("no"))
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(r, c, item)

    def selected(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def add_user(self) -> None:
        dialog = UserDialog(self.ctx.register.caseworkers(), None, self,
                            shared=self.ctx.register.shared)
        while dialog.exec():
            try:
                self.ctx.register.add_user(dialog.user(), dialog.password.text())
            except USER_ERRORS as error:
                dialog.error.setText(str(error))
                dialog.error.show()
                continue
            self.refresh()
            return

    def edit_user(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = UserDialog(self.ctx.register.caseworkers(), user, self)
        while dialog.exec():
            try:
                self.ctx.register.update_user(dialog.user())
            except USER_ERRORS as error:
                dialog.error.setText(str(error))
                dialog.error.show()
                continue
            self.refresh()
            self.ctx.database_changed.emit()  # one's own name or role may have changed
            return

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = UserDialog([], None, self)
        dialog.setWindowTitle(self.tr("New password for {name}").format(name=user.navn))
        dialog.brukernavn.setText(user.brukernavn)
        dialog.navn.setText(user.navn)
        for widget in (dialog.brukernavn, dialog.navn):
            widget.setReadOnly(True)
        dialog.password.setFocus()
        while dialog.exec():
            try:
                self.ctx.register.reset_password(user.brukernavn, dialog.password.text())
            except USER_ERRORS as error:
                dialog.error.setText(str(error))
                dialog.error.show()
                continue
            return

    def remove_user(self) -> None:
        user = self.selected()
        if user is None:
            return
        answer = QMessageBox.question(self, self.tr("Remove user"), self.tr(
            "Remove {name}? They can no longer sign in; what they did stays in the audit log.")
            .format(name=user.navn))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.register.remove_user(user.brukernavn)
        except USER_ERRORS as error:
            self._error(error)
        self.refresh()

    def make_recovery_key(self) -> None:
        answer = QMessageBox.question(self, self.tr("Recovery key"), self.tr(
            "Make a new recovery key? It opens the register if every password is lost, and it "
            "replaces any earlier one. It is shown only once: print it and keep it locked "
            "away."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            code = self.ctx.register.new_recovery_code()
        except USER_ERRORS as error:
            self._error(error)
            return
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Recovery key"),
                          self.tr("Write down or print this key now; it is not shown again:"),
                          parent=self)
        box.setInformativeText(code)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def _error(self, error: Exception) -> None:
        QMessageBox.warning(self, self.tr("Users"), str(error))
