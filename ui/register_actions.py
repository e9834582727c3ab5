"""The File menu's trust actions: back up now, restore a backup, change password, switch user.

Each runs one use case of the application layer; the slow ones (backup, restore) run in the
background. A restore closes the register, replaces it with the verified backup (the replaced
file is kept) and signs the same person in again. A shared register has no file: IT backs it up
and changes passwords on the database server, so those actions are disabled with a tooltip that
says so.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from core.access import Action
from service import USER_ERRORS, restore_register
from storage.backup import backup_dir
from ui.signin import ChangePasswordDialog, SignInDialog
from ui.tasks import run_in_background

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)


class RegisterActions(QObject):
    """Backup, restore, password and sign-out for the window's register."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.backup_action = QAction(self.tr("&Back up now"), window)
        self.backup_action.triggered.connect(lambda _checked=False: self.backup_now())
        self.restore_action = QAction(self.tr("&Restore from backup…"), window)
        self.restore_action.triggered.connect(lambda _checked=False: self.choose_restore())
        self.password_action = QAction(self.tr("Change &password…"), window)
        self.password_action.triggered.connect(lambda _checked=False: self.change_password())
        self.switch_action = QAction(self.tr("Sign &out / switch user…"), window)
        self.switch_action.triggered.connect(lambda _checked=False: self.switch_user())
        self.last_backup: Path | None = None
        self.dialog: SignInDialog | ChangePasswordDialog | None = None
        self.update_actions()

    def add_to_menu(self, menu: QMenu) -> None:
        menu.setToolTipsVisible(True)  # why an action is disabled (a shared register)
        menu.addAction(self.backup_action)
        menu.addAction(self.restore_action)
        menu.addSeparator()
        menu.addAction(self.password_action)
        menu.addAction(self.switch_action)

    def update_actions(self) -> None:
        ctx = self.window.ctx
        signed_in = ctx is not None and ctx.register.is_open()
        shared = signed_in and ctx is not None and ctx.register.shared
        self.switch_action.setEnabled(signed_in)
        self.password_action.setEnabled(signed_in and not shared)
        self.backup_action.setEnabled(signed_in and not shared and ctx is not None
                                      and ctx.may(Action.BACKUP))
        self.restore_action.setEnabled(signed_in and not shared and ctx is not None
                                       and ctx.may(Action.RESTORE))
        backups = self.tr("IT takes care of backups of the shared register, on the database "
                          "server.") if shared else ""
        password = self.tr("In a shared register you sign in with your password on the database "
                           "server; IT changes it.") if shared else ""
        for action, why in ((self.backup_action, backups), (self.restore_action, backups),
                            (self.password_action, password)):
            action.setToolTip(why)  # empty: the action's own text
            action.setStatusTip(why)

    # --- backup -----------------------------------------------------------------------------------

    def backup_now(self) -> None:
        """Take a backup now (in the background) and say where it went."""
        ctx = self.window.ctx
        if ctx is None:
            return
        register = ctx.register
        self.window.statusBar().showMessage(self.tr("Taking a backup…"))

        def work() -> Path:
            own = register.reopen()
            try:
                return own.backup()
            finally:
                own.close()

        def done(path: Path) -> None:
            self.last_backup = path
            self.window.statusBar().showMessage(
                self.tr("Backup written to {path}").format(path=path), 10000)

        def failed(error: Exception) -> None:
            self.window.statusBar().clearMessage()
            self._warn(self.tr("Back up"), error)

        run_in_background(work, done, failed)

    # --- restore ----------------------------------------------------------------------------------

    def choose_restore(self) -> None:
        """Pick a backup file, confirm, and sign in again to restore it."""
        ctx = self.window.ctx
        if ctx is None or ctx.register.shared:
            return
        folder = backup_dir(ctx.register.file)
        name, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Restore from backup"), str(folder if folder.exists() else
                                                             ctx.register.file.parent),
            self.tr("Fristvakt backup (*.db);;All files (*)"))
        if name:
            self.ask_restore(Path(name))

    def ask_restore(self, source: Path) -> None:
        """Confirm with the person's password, then restore ``source``."""
        ctx = self.window.ctx
        if ctx is None or ctx.register.shared:
            return
        dialog = SignInDialog(ctx.register.file.name, ctx.register.user.brukernavn, self.window)
        dialog.setWindowTitle(self.tr("Restore from backup"))
        dialog.intro.setText(self.tr(
            "The register will be replaced by the backup {name} after it has been checked. The "
            "current register is kept beside it. Confirm with your password.")
            .format(name=source.name))
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.restore(source, *dialog.credentials()))
        dialog.open()

    def restore(self, source: Path, user: str, password: str) -> None:
        """Close the register, restore ``source`` in the background, sign in again."""
        ctx = self.window.ctx
        if ctx is None:
            return
        if not ctx.may(Action.RESTORE) or ctx.register.shared:
            QMessageBox.warning(self.window, self.tr("Restore from backup"),
                                self.tr("IT takes care of backups of the shared register, on "
                                        "the database server.") if ctx.register.shared
                                else self.tr("Your role may not restore backups."))
            return
        path = ctx.register.file
        ctx.register.close()
        self.window.statusBar().showMessage(self.tr("Restoring…"))

        def done(result: object) -> None:
            kept = getattr(result, "kept", None)
            QMessageBox.information(self.window, self.tr("Restore from backup"), self.tr(
                "The register has been restored from {name}. The replaced register was kept as "
                "{kept}.").format(name=source.name, kept=kept.name if kept else "–"))
            self.window.open_database(path, (user, password))

        def failed(error: Exception) -> None:
            self._warn(self.tr("Restore from backup"), error)
            self.window.open_database(path, (user, password))  # back to the register as it was

        run_in_background(lambda: restore_register(path, source, user, password), done, failed)

    # --- people -----------------------------------------------------------------------------------

    def change_password(self) -> None:
        ctx = self.window.ctx
        if ctx is None:
            return
        dialog = ChangePasswordDialog(self.window)
        self.dialog = dialog

        def accept() -> None:
            old, new = dialog.passwords()
            try:
                ctx.register.change_own_password(old, new)
            except USER_ERRORS as error:
                dialog.show_error(str(error))
                dialog.open()
                return
            self.window.statusBar().showMessage(self.tr("Your password has been changed"), 8000)

        dialog.accepted.connect(accept)
        dialog.open()

    def switch_user(self) -> None:
        """Close the register and show the sign-in dialog for it again (for a shared register
        the connect dialog with its address, without the saved password)."""
        ctx = self.window.ctx
        if ctx is None:
            return
        register = ctx.register
        register.close()  # signed out: the register stays locked until someone signs in
        if register.shared:
            self.window.connect_shared(register.db_path(), fill_saved=False)
        else:
            self.window.open_database(register.file)

    def _warn(self, title: str, error: Exception) -> None:
        if isinstance(error, USER_ERRORS):
            text = str(error)
        else:
            log.error("%s feilet: %s", title, type(error).__name__)
            text = self.tr("Something went wrong; nothing was changed.")
        QMessageBox.warning(self.window, title, text)
