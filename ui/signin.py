"""Sign-in, a new register's first leader, changing one's own password, and connecting to a
shared register on a database server.

The dialogs only collect and check what was typed (messages at the field, nothing lost on an
error); the main window runs the application layer's sign-in, creation or conversion.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.access import Role
from service import AccessDenied
from service.register import MIN_PASSWORD
from service.shared_login import ADDRESS_FORM, check_address, shared_url
from storage.errors import StorageError
from storage.pg import WrongServerPassword, user_of
from storage.users import User

ERROR_CSS = "color: #a61b1b;"


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_CSS)
    label.setWordWrap(True)
    label.hide()
    return label


class _FieldDialog(QDialog):
    """A small form whose fields each have an error line below them."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.outer = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setProperty("role", "muted")
        self.outer.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.outer.addLayout(self.form)
        self.general_error = _error_label()
        self.general_error.setAccessibleName(QCoreApplication.translate("SignIn", "Error"))
        self.outer.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        self.outer.addWidget(self.buttons)
        self._errors: dict[QLineEdit, QLabel] = {}
        self.setMinimumWidth(min(460, 980))

    def _field(self, label: str, edit: QLineEdit) -> QLineEdit:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(edit)
        error = _error_label()
        column.addWidget(error)
        self._errors[edit] = error
        self.form.addRow(label, box)
        caption = self.form.labelForField(box)
        if isinstance(caption, QLabel):
            caption.setBuddy(edit)  # an Alt+letter in the label reaches the field itself
        edit.textEdited.connect(lambda _text, e=edit: self._clear(e))
        return edit

    def _password(self, label: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return self._field(label, edit)

    def _clear(self, edit: QLineEdit) -> None:
        self._errors[edit].hide()
        self.general_error.hide()

    def set_field_error(self, edit: QLineEdit, message: str) -> None:
        """Show ``message`` under ``edit`` and put the cursor there (what was typed stays)."""
        label = self._errors[edit]
        label.setText(message)
        label.show()
        self._fit_height()
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        edit.selectAll()

    def show_error(self, message: str) -> None:
        """A message about the whole form (e.g. wrong password, register locked)."""
        self.general_error.setText(message)
        self.general_error.show()
        self._fit_height()

    def _fit_height(self) -> None:
        """Room for a message just shown: a wrapped message is taller than the dialog was."""
        layout = self.layout()
        layout.activate()
        need = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                else layout.totalSizeHint().height())
        if need > self.height():
            self.resize(self.width(), need)

    def field_errors(self) -> list[tuple[QLineEdit, str]]:
        return []

    def _try_accept(self) -> None:
        for label in self._errors.values():
            label.hide()
        self.general_error.hide()
        errors = self.field_errors()
        for edit, message in reversed(errors):
            self.set_field_error(edit, message)
        if not errors:
            self.accept()


class SignInDialog(_FieldDialog):
    """User name and password for one register."""

    def __init__(self, register_name: str, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Sign in to Fristvakt"), parent)
        self.intro.setText(self.tr("The register {name} is encrypted. Sign in with your own "
                                   "user name and password.").format(name=register_name))
        self.user = self._field(self.tr("User name"), QLineEdit(user))
        self.password = self._password(self.tr("Password"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        (self.password if user else self.user).setFocus()

    def field_errors(self) -> list[tuple[QLineEdit, str]]:
        errors = []
        if not self.user.text().strip():
            errors.append((self.user, self.tr("Enter your user name")))
        if not self.password.text():
            errors.append((self.password, self.tr("Enter your password")))
        return errors

    def credentials(self) -> tuple[str, str]:
        return self.user.text().strip(), self.password.text()

    def wrong_password(self, message: str) -> None:
        """Show the refusal and let the person try again (the user name is kept)."""
        self.password.clear()
        self.show_error(message)
        self.password.setFocus()


class NewLeaderDialog(_FieldDialog):
    """The first leader of a new register, or of an old register being encrypted."""

    def __init__(self, register_name: str, user: str = "", *, converting: bool = False,
                 parent: QWidget | None = None) -> None:
        title = self.tr("Encrypt register") if converting else self.tr("New register")
        super().__init__(title, parent)
        if converting:
            self.intro.setText(self.tr(
                "Fill in the first leader of {name}. The register will be encrypted with a key "
                "that only the passwords of its users unlock; a checked copy of the old file is "
                "kept until the encrypted one has been verified.").format(name=register_name))
        else:
            self.intro.setText(self.tr(
                "You are the first leader of {name}. Choose a user name and a password: the "
                "register is encrypted and only its users' passwords unlock it. Add your "
                "colleagues afterwards under Settings → Users.").format(name=register_name))
        self.full_name = self._field(self.tr("Your name"), QLineEdit())
        self.user = self._field(self.tr("User name"), QLineEdit(user))
        self.password = self._password(self.tr("Password"))
        self.repeat = self._password(self.tr("Repeat password"))
        self.caseworker = QCheckBox(self.tr("I also work on cases myself (add me as a "
                                            "caseworker)"))
        self.caseworker.setChecked(True)
        self.form.addRow("", self.caseworker)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Encrypt") if converting else self.tr("Create register"))
        self.full_name.setFocus()

    def field_errors(self) -> list[tuple[QLineEdit, str]]:
        errors = []
        if not self.full_name.text().strip():
            errors.append((self.full_name, self.tr("Enter your name")))
        name = self.user.text().strip()
        if not name:
            errors.append((self.user, self.tr("Choose a user name")))
        elif len(name) > 64 or name.startswith("#"):
            errors.append((self.user, self.tr("At most 64 characters, not starting with #")))
        if len(self.password.text()) < MIN_PASSWORD:
            errors.append((self.password, self.tr("At least %n characters", "", MIN_PASSWORD)))
        elif self.password.text() != self.password.text().strip():
            errors.append((self.password, self.tr("No spaces at the start or end")))
        elif self.repeat.text() != self.password.text():
            errors.append((self.repeat, self.tr("The passwords are not the same")))
        return errors

    def leader(self) -> tuple[User, str]:
        """The leader and password typed in."""
        name = self.full_name.text().strip()
        user = User(self.user.text().strip(), name, Role.LEDER,
                    name if self.caseworker.isChecked() else None)
        return user, self.password.text()


class ChangePasswordDialog(_FieldDialog):
    """The signed-in person's new password."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change password"), parent)
        self.intro.setText(self.tr("Your password unlocks the register. Choose one only you "
                                   "know, at least {n} characters.").format(n=MIN_PASSWORD))
        self.old = self._password(self.tr("Current password"))
        self.new = self._password(self.tr("New password"))
        self.repeat = self._password(self.tr("Repeat new password"))
        self.old.setFocus()

    def field_errors(self) -> list[tuple[QLineEdit, str]]:
        errors = []
        if not self.old.text():
            errors.append((self.old, self.tr("Enter your current password")))
        if len(self.new.text()) < MIN_PASSWORD:
            errors.append((self.new, self.tr("At least %n characters", "", MIN_PASSWORD)))
        elif self.repeat.text() != self.new.text():
            errors.append((self.repeat, self.tr("The passwords are not the same")))
        return errors

    def passwords(self) -> tuple[str, str]:
        return self.old.text(), self.new.text()


class SharedRegisterDialog(_FieldDialog):
    """The address of a shared register, the person's user name and password on the database
    server, and whether to keep the password in the system keyring.

    What the server says (wrong password, no such register, no access) is shown at the field it
    concerns (``refused``); what was typed stays.
    """

    def __init__(self, address: str = "", user: str = "", password: str = "",
                 remember: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Connect to shared register"), parent)
        self.intro.setText(self.tr(
            "A shared register is on the municipality's database server. Type the address IT "
            "gave you ({form}), and your user name and password on the server.")
            .format(form=ADDRESS_FORM))
        self.address = self._field(self.tr("&Address"), QLineEdit(address))
        self.address.setPlaceholderText(ADDRESS_FORM)
        self.user = self._field(self.tr("&User name"), QLineEdit(user))
        self.password = self._password(self.tr("&Password"))
        self.password.setText(password)
        self.remember = QCheckBox(self.tr("&Remember the password in the keyring"))
        self.remember.setChecked(remember)
        self.remember.setToolTip(self.tr(
            "Keeps the password in the operating system's keyring (never in Fristvakt's own "
            "settings), so you need not type it next time."))
        self.form.addRow("", self.remember)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Connect"))
        self.setMinimumWidth(min(560, 980))
        for edit in (self.address, self.user, self.password):
            if not edit.text():
                edit.setFocus()
                break
        else:
            self.password.setFocus()

    def field_errors(self) -> list[tuple[QLineEdit, str]]:
        errors = []
        try:
            address = check_address(self.address.text())
        except ValueError as error:
            errors.append((self.address, str(error)))
            address = ""
        if not self.user.text().strip() and not (address and user_of(address)):
            errors.append((self.user, self.tr("Enter your user name on the database server")))
        return errors

    def url(self) -> str:
        """The address for the user typed (no password in it)."""
        return shared_url(self.address.text(), self.user.text())

    def typed_password(self) -> str | None:
        return self.password.text() or None

    def refused(self, error: Exception, message: str = "") -> None:
        """Show why the connection was refused at the field it concerns: the password (wrong
        name or password), the user name (no access to this register) or the address (no
        server, no such database, not a register)."""
        text = message or str(error)
        if isinstance(error, WrongServerPassword):
            self.set_field_error(self.password, text)
        elif isinstance(error, AccessDenied):
            self.set_field_error(self.user, text)
        elif isinstance(error, (StorageError, ValueError)):
            self.set_field_error(self.address, text)
        else:
            self.show_error(text)
