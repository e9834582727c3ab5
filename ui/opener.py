"""Getting the window into a register: sign in, create a new one, or encrypt an old one.

``RegisterOpener.open(path)`` looks at the file and leads the person through what it needs —
the first leader of a new register, agreeing to encrypt an old unencrypted one, or signing in —
then runs the slow part (argon2id, migration, deadline refresh, the daily backup) in the
background. ``open_shared(address)`` connects to a shared register on a database server (the
address, user name and password in ``SharedRegisterDialog``; the password may be kept in the
system keyring, never in QSettings). It emits ``opened(register)`` with a register whose
connection belongs to the UI thread, or ``failed(message)``. Wrong passwords keep the dialog
open with what was typed.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

from service import (
    USER_ERRORS,
    Register,
    convert_register,
    create_demo_register,
    create_register,
    register_state,
    sign_in,
)
from service.opening import DEMO_PASSWORD, DEMO_USER
from service.samples import add_demo_samples
from service.shared import sign_in_shared
from service.shared_login import (
    forget_password,
    password_in,
    save_password,
    saved_password,
    shared_url,
    split_address,
)
from storage.errors import StorageError
from storage.keyslots import WrongPassword
from storage.pg import describe
from ui.signin import NewLeaderDialog, SharedRegisterDialog, SignInDialog
from ui.tasks import run_in_background

log = logging.getLogger(__name__)

SETTINGS_LAST_USER = "innlogging/sist"


def os_login() -> str:
    """The operating system's login name: only a suggestion for the user name field."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _last_user_key(path: Path) -> str:
    """One remembered user name per register (keyed by a hash of its full path)."""
    tag = hashlib.sha256(str(path.expanduser().resolve()).encode("utf-8")).hexdigest()[:12]
    return f"{SETTINGS_LAST_USER}/{tag}"


def last_user(path: Path) -> str:
    """The user name last signed in to ``path`` on this computer ('' if none)."""
    return str(QSettings().value(_last_user_key(path), "") or "")


class _Progress(QObject):
    progress = Signal(int, int)


class RegisterOpener(QObject):
    """The flows that end in a signed-in register (one at a time)."""

    opened = Signal(object)  # Register, connection of the UI thread
    failed = Signal(str)
    cancelled = Signal()
    demo_requested = Signal()  # the first start's "try the demo" button
    busy = Signal(str)  # a background step started: what is happening
    progress = Signal(int, int)
    notice = Signal(str)  # something to say in the status bar (the keyring could not be used)

    def __init__(self, window: QWidget, today: Callable[[], date],
                 credentials: tuple[str, str] | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._today = today
        self._credentials = credentials  # tests and the demo: sign in without the dialog
        self._generation = 0
        self.dialog: SignInDialog | NewLeaderDialog | SharedRegisterDialog | None = None

    # --- entry points -----------------------------------------------------------------------------

    def open(self, path: Path, credentials: tuple[str, str] | None = None) -> None:
        """Open ``path``: sign in, or create/encrypt it after asking."""
        self._generation += 1
        try:
            state = register_state(path)
        except StorageError as error:
            self.failed.emit(str(error))
            return
        if state == "missing":
            self._ask_new(path)
        elif state == "plain":
            self._ask_convert(path)
        elif state == "empty":
            self.failed.emit(self.tr("The file {name} is empty (0 bytes) and is not a Fristvakt "
                                     "register. Perhaps a copy failed? Restore from a backup.")
                             .format(name=path.name))
        else:
            given = credentials or self._credentials
            if given is not None:
                self._sign_in(path, *given)
            else:
                self._ask_sign_in(path)

    def open_demo(self, path: Path) -> None:
        """The demo municipality: created in the background if needed, signed in as demo."""
        today = self._today()
        self._generation += 1
        generation = self._generation
        state = register_state(path)
        if state in ("plain", "empty"):  # an old unencrypted demo: synthetic, so remade
            for extra in (path, path.with_name(path.name + "-wal"),
                          path.with_name(path.name + "-shm")):
                extra.unlink(missing_ok=True)
            state = "missing"
        if state != "missing":
            self._sign_in(path, DEMO_USER, DEMO_PASSWORD)
            return
        self.busy.emit(self.tr("Creating the demo municipality…"))

        def work() -> Register:
            reg = create_demo_register(path, today)
            try:
                add_demo_samples(reg)  # Rapporter → Stikkprøver has something to show
            finally:
                reg.close()
            return reg

        run_in_background(work, lambda reg: self._done(reg, generation),
                          lambda error: self._failed(error, generation))

    def open_shared(self, url: str | None = None, credentials: tuple[str, str] | None = None,
                    *, fill_saved: bool = True) -> None:
        """Connect to a shared register: ``SharedRegisterDialog`` filled with ``url``'s address
        and user (and, with ``fill_saved``, the password the keyring holds for them); with
        ``credentials`` (user, password) at once, without the dialog."""
        self._generation += 1
        address, user = split_address(url) if url else ("", "")
        password = (password_in(url) or "") if url else ""  # never kept in the address
        if credentials is not None and address:
            try:
                target = shared_url(address, credentials[0] or user)
            except ValueError as error:
                self.failed.emit(str(error))
                return
            self._connect(target, credentials[1] or None, None, None)
            return
        remember = False
        if url and user:  # the box says whether a password is kept for this address and user
            saved = saved_password(url)
            if saved is not None:
                remember = True
                if fill_saved:  # not after «Logg ut / bytt bruker»
                    password = password or saved
        dialog = SharedRegisterDialog(address, user or os_login(), password, remember,
                                      self._window)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._connect(dialog.url(), dialog.typed_password(),
                                                      dialog.remember.isChecked(), dialog))
        dialog.rejected.connect(self._cancel)
        dialog.open()

    # --- dialogs ----------------------------------------------------------------------------------

    def _ask_sign_in(self, path: Path, user: str = "", message: str = "") -> None:
        dialog = SignInDialog(path.name, user or last_user(path) or os_login(), self._window)
        self.dialog = dialog
        if message:
            dialog.wrong_password(message)
        dialog.accepted.connect(lambda: self._sign_in(path, *dialog.credentials()))
        dialog.rejected.connect(self._cancel)
        dialog.open()

    def _ask_new(self, path: Path) -> None:
        dialog = NewLeaderDialog(path.name, os_login(), parent=self._window)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._create(path, *dialog.leader()))
        dialog.rejected.connect(self._cancel)
        demo = dialog.buttons.addButton(self.tr("Try the &demo municipality"),
                                        QDialogButtonBox.ButtonRole.ActionRole)
        demo.setAutoDefault(False)
        demo.clicked.connect(lambda: self._demo_instead(dialog))
        dialog.demo_button = demo  # type: ignore[attr-defined]
        shared = dialog.buttons.addButton(self.tr("&Connect to shared register…"),
                                          QDialogButtonBox.ButtonRole.ActionRole)
        shared.setAutoDefault(False)
        shared.setToolTip(self.tr("The municipality's register on a database server, set up by "
                                  "IT"))
        shared.clicked.connect(lambda: self._shared_instead(dialog))
        dialog.shared_button = shared  # type: ignore[attr-defined]
        dialog.open()

    def _shared_instead(self, dialog: NewLeaderDialog) -> None:
        """From the first start to the municipality's shared register (nothing is created)."""
        dialog.rejected.disconnect()
        dialog.reject()
        self.dialog = None
        self.open_shared()

    def _demo_instead(self, dialog: NewLeaderDialog) -> None:
        """From the first start straight into the demo (user demo, password demo)."""
        dialog.rejected.disconnect()
        dialog.reject()
        self.dialog = None
        self.demo_requested.emit()

    def _ask_convert(self, path: Path) -> None:
        answer = QMessageBox.question(
            self._window, self.tr("Encrypt register"),
            self.tr("The register {name} is not encrypted: anyone who gets hold of the file can "
                    "read it. Fristvakt keeps every register encrypted. Encrypt it now?\n\n"
                    "A checked copy of the old file is kept until the encrypted register has "
                    "been verified; nothing is lost if the conversion is interrupted.")
            .format(name=path.name))
        if answer != QMessageBox.StandardButton.Yes:
            self._cancel()
            return
        dialog = NewLeaderDialog(path.name, os_login(), converting=True, parent=self._window)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._convert(path, *dialog.leader()))
        dialog.rejected.connect(self._cancel)
        dialog.open()

    def _cancel(self) -> None:
        self.dialog = None
        self.cancelled.emit()

    # --- background work --------------------------------------------------------------------------

    def _run(self, what: str, work: Callable[[Progress], Register],
             on_wrong: Callable[[str], None] | None = None, *,
             retry: Callable[[Exception], bool] | None = None,
             after: Callable[[Register], None] | None = None) -> None:
        """``work`` in the background, then ``opened``. A wrong file password goes to
        ``on_wrong``; any failure to ``retry`` first (True: handled, e.g. shown in the dialog
        again); ``after`` runs with the register once it is open on the UI thread."""
        self._generation += 1
        generation = self._generation
        signals = _Progress()
        signals.progress.connect(self.progress)
        self._signals = signals
        self.busy.emit(what)

        def task() -> Register:
            reg = work(signals.progress.emit)
            reg.close()  # the connection belongs to this worker thread
            return reg

        def failed(error: Exception) -> None:
            if generation != self._generation:
                return
            if isinstance(error, WrongPassword) and on_wrong is not None:
                on_wrong(str(error))
                return
            if retry is not None and retry(error):
                return
            self._failed(error, generation)

        run_in_background(task, lambda reg: self._done(reg, generation, after), failed)

    def _sign_in(self, path: Path, user: str, password: str) -> None:
        today = self._today
        self._run(self.tr("Signing in and checking {name} …").format(name=path.name),
                  lambda progress: sign_in(path, user, password, today=today, progress=progress,
                                           check_integrity=False, daily_backup=False),
                  lambda message: self._ask_sign_in(path, user, message))

    def _connect(self, url: str, password: str | None, remember: bool | None,
                 dialog: SharedRegisterDialog | None) -> None:
        """Sign in to the shared register at ``url`` in the background. A refusal goes back to
        ``dialog`` at the field it concerns; once in, the password is kept in the keyring
        (``remember``) or taken out of it (not ticked; None: leave the keyring alone)."""
        today = self._today

        def retry(error: Exception) -> bool:
            if dialog is None:
                return False
            if isinstance(error, USER_ERRORS):
                dialog.refused(error)
            else:
                log.error("Kunne ikke koble til det delte registeret: %s", type(error).__name__)
                dialog.refused(error, self.tr("The register could not be opened."))
            self.dialog = dialog
            dialog.open()
            return True

        def after(_register: Register) -> None:
            if remember is None:
                return
            if not remember:
                forget_password(url)
            elif password:
                try:
                    save_password(url, password)
                except StorageError as error:
                    self.notice.emit(str(error))

        self._run(self.tr("Connecting to {name} …").format(name=describe(url)),
                  lambda progress: sign_in_shared(url, password, today=today,
                                                  progress=progress),
                  retry=retry, after=after)

    def _create(self, path: Path, leader: object, password: str) -> None:
        today = self._today
        self._run(self.tr("Creating {name} …").format(name=path.name),
                  lambda _progress: create_register(path, leader, password,  # type: ignore[arg-type]
                                                    today=today))

    def _convert(self, path: Path, leader: object, password: str) -> None:
        today = self._today
        user = leader.brukernavn  # type: ignore[attr-defined]
        navn = leader.navn  # type: ignore[attr-defined]
        self._run(self.tr("Encrypting {name} …").format(name=path.name),
                  lambda _progress: convert_register(path, user, password, navn=navn,
                                                     today=today).register)

    def _done(self, reg: Register, generation: int,
              after: Callable[[Register], None] | None = None) -> None:
        if generation != self._generation:
            return
        try:
            ready = reg.reopen()  # the same person on a connection of the UI thread
        except USER_ERRORS as error:
            self._failed(error, generation)
            return
        self.dialog = None
        if reg.path is not None:  # a shared register's address holds the user name
            QSettings().setValue(_last_user_key(reg.path), reg.user.brukernavn)
        if after is not None:
            after(ready)
        self.opened.emit(ready)

    def _failed(self, error: Exception, generation: int) -> None:
        if generation != self._generation:
            return
        self.dialog = None
        if isinstance(error, USER_ERRORS):
            message = str(error)
        elif isinstance(error, MemoryError):  # SQLCipher's answer to a page that will not decrypt
            log.error("Registeret kunne ikke leses: en side kunne ikke dekrypteres")
            message = self.tr("The register cannot be read (the file may be damaged). Restore "
                              "it from a backup.")
        else:
            log.error("Registeret kunne ikke åpnes: %s", type(error).__name__)
            message = self.tr("The register could not be opened.")
        self.failed.emit(message)


Progress = Callable[[int, int], None]
