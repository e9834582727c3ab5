"""The desktop app on a shared register (issue #11): «Koble til delt register…», what the
server's refusals look like at the dialog's fields, the keyring, the recent list, file-only
actions, and the window at 1024×600.

Real widgets offscreen (pytest-qt), a real PostgreSQL server (``pg``), a real keyring backend in
memory; never a mock of psycopg.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QLabel

from service.shared_login import KEYRING_SERVICE, keyring_account, split_address
from storage.pg import close_pools, with_user
from tests.shared_support import (
    PASSWORD_ROLE,
    RIGHT_PASSWORD,
    memory_keyring_fixture,  # noqa: F401  (fixture)
    new_shared,
    password_role_fixture,  # noqa: F401  (fixture)
)
from tests.test_ui_fit import SMALL, Walk, app_style, clipped, each_tab, settle  # noqa: F401
from tests.test_ui_keyboard import mnemonic
from ui.main_window import PAGE_INNSTILLINGER, MainWindow
from ui.signin import NewLeaderDialog, SharedRegisterDialog

TODAY = date(2026, 11, 23)
SECRET = "Mitt-hemmelige-passord-77"


@pytest.fixture(autouse=True)
def _closed_pools():
    yield
    close_pools()


def empty_window(qtbot) -> MainWindow:
    window = MainWindow(None, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    return window


def the_dialog(qtbot, window: MainWindow) -> SharedRegisterDialog:
    qtbot.waitUntil(lambda: isinstance(window.opener.dialog, SharedRegisterDialog)
                    and window.opener.dialog.isVisible(), timeout=15000)
    dialog = window.opener.dialog
    assert isinstance(dialog, SharedRegisterDialog)
    return dialog


def fill(dialog: SharedRegisterDialog, address: str, user: str, password: str,
         remember: bool = False) -> None:
    dialog.address.setText(address)
    dialog.user.setText(user)
    dialog.password.setText(password)
    dialog.remember.setChecked(remember)


def press_connect(dialog: SharedRegisterDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def connected_window(qtbot, url: str, password: str = SECRET, remember: bool = False
                     ) -> MainWindow:
    """A window signed in to the shared register at ``url`` through the dialog."""
    window = empty_window(qtbot)
    window.connect_shared_action.trigger()
    dialog = the_dialog(qtbot, window)
    address, user = split_address(url)
    fill(dialog, address, user, password, remember)
    with qtbot.waitSignal(window.database_opened, timeout=30000):
        press_connect(dialog)
    qtbot.waitUntil(window.is_ready, timeout=15000)
    return window


def error_under(dialog: SharedRegisterDialog, field) -> str:
    label = dialog._errors[field]
    return label.text() if label.isVisible() else ""


# --- connecting ---------------------------------------------------------------------------


def test_the_dialog_connects_and_the_window_opens_on_the_shared_register(
        qtbot, shared_demo, memory_keyring):
    window = connected_window(qtbot, shared_demo)
    register = window.ctx.register
    assert register.shared and register.user.brukernavn == "demo"
    assert window.frister_page.model.rowCount() > 0
    name = register.name  # «database» på server
    assert window.windowTitle() == f"Fristvakt – {name} (delt register)"
    assert window.db_label.text() == f"Delt register: {name}"
    assert SECRET not in window.windowTitle() + window.db_label.toolTip()
    assert memory_keyring.store == {}  # not ticked: nothing kept


def test_the_first_start_leads_to_the_shared_register_too(qtbot, tmp_path, shared_demo):
    window = MainWindow(tmp_path / "ny.db", today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: isinstance(window.opener.dialog, NewLeaderDialog), timeout=5000)
    leader = window.opener.dialog
    texts = [b.text() for b in leader.buttons.buttons()]
    letters = [mnemonic(t) for t in texts if mnemonic(t)]
    assert len(letters) == len(set(letters)), texts
    leader.shared_button.click()
    dialog = the_dialog(qtbot, window)
    fill(dialog, *split_address(shared_demo), SECRET)
    with qtbot.waitSignal(window.database_opened, timeout=30000):
        press_connect(dialog)
    assert window.ctx.register.shared
    assert not (tmp_path / "ny.db").exists()  # nothing made where the user did not ask


def test_a_wrong_password_is_said_at_the_password_and_everything_typed_stays(
        qtbot, pg, password_role, request, memory_keyring):
    url = with_user(new_shared(pg, request, PASSWORD_ROLE), PASSWORD_ROLE)
    address = split_address(url)[0]
    window = empty_window(qtbot)
    window.connect_shared()
    dialog = the_dialog(qtbot, window)
    fill(dialog, address, PASSWORD_ROLE, "feil-passord", remember=True)
    press_connect(dialog)
    qtbot.waitUntil(lambda: bool(error_under(dialog, dialog.password)), timeout=15000)
    assert dialog.isVisible() and window.opener.dialog is dialog
    assert error_under(dialog, dialog.password).startswith("Feil brukernavn eller passord")
    assert "feil-passord" not in error_under(dialog, dialog.password)
    assert (dialog.address.text(), dialog.user.text(), dialog.password.text()) == (
        address, PASSWORD_ROLE, "feil-passord")
    assert dialog.remember.isChecked()
    assert QApplication.focusWidget() is dialog.password
    assert memory_keyring.store == {}  # a refused password is never kept
    # the right one: in, and kept in the keyring because the box is ticked
    dialog.password.setText(RIGHT_PASSWORD)
    with qtbot.waitSignal(window.database_opened, timeout=30000):
        press_connect(dialog)
    assert window.ctx.register.server.password == RIGHT_PASSWORD
    assert memory_keyring.store == {(KEYRING_SERVICE, keyring_account(url)): RIGHT_PASSWORD}


def test_a_role_without_access_is_said_at_the_user_name(qtbot, pg, shared_demo):
    pg.ensure_role("fremmed_rolle")
    window = empty_window(qtbot)
    window.connect_shared()
    dialog = the_dialog(qtbot, window)
    fill(dialog, split_address(shared_demo)[0], "fremmed_rolle", SECRET)
    press_connect(dialog)
    qtbot.waitUntil(lambda: bool(error_under(dialog, dialog.user)), timeout=15000)
    assert "har ikke tilgang" in error_under(dialog, dialog.user)
    assert dialog.user.text() == "fremmed_rolle" and dialog.password.text() == SECRET


@pytest.mark.parametrize(("address", "says"), [
    ("server/fristvakt", "må begynne med postgresql://"),
    ("postgresql://server", "mangler databasens navn"),
    ("postgresql://kari:hemmelig@server/fristvakt", "Passordet skal ikke stå i adressen"),
    ("", "Skriv adressen"),
])
def test_a_bad_address_is_said_at_the_address_before_connecting(qtbot, address, says):
    window = empty_window(qtbot)
    window.connect_shared()
    dialog = the_dialog(qtbot, window)
    fill(dialog, address, "kari", SECRET)
    press_connect(dialog)
    assert dialog.isVisible()
    assert says in error_under(dialog, dialog.address)
    assert dialog.address.text() == address and dialog.password.text() == SECRET


def test_no_such_database_and_no_server_are_said_at_the_address(qtbot, pg):
    window = empty_window(qtbot)
    window.connect_shared()
    dialog = the_dialog(qtbot, window)
    missing = split_address(pg.url("finnes_ikke_db"))[0]
    fill(dialog, missing, "demo", SECRET)
    press_connect(dialog)
    qtbot.waitUntil(lambda: bool(error_under(dialog, dialog.address)), timeout=15000)
    assert "finnes ikke på serveren" in error_under(dialog, dialog.address)
    nowhere = f"postgresql:///fristvakt?host={pg.host}/finnes-ikke&port=1"
    dialog.address.setText(nowhere)
    press_connect(dialog)
    qtbot.waitUntil(lambda: "kontakt" in error_under(dialog, dialog.address), timeout=15000)
    assert dialog.address.text() == nowhere and dialog.password.text() == SECRET
    dialog.reject()
    assert not window.loading_page.open_button.isHidden()  # back to where one can choose


def test_wrong_server_password_from_the_real_connect_error(qtbot, pg):
    """storage.pg.connect_error on a real psycopg failure, shown by the dialog."""
    import psycopg

    from storage.pg import WrongServerPassword, connect_error

    url = pg.url("postgres", "fv_rolle_finnes_ikke")
    with pytest.raises(psycopg.OperationalError) as raised:
        psycopg.connect(url, password="passord-som-ikke-skal-vises").close()
    error = connect_error(url, raised.value)
    dialog = SharedRegisterDialog(*split_address(url), "passord-som-ikke-skal-vises")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.refused(error)
    field = dialog.password if isinstance(error, WrongServerPassword) else dialog.address
    assert error_under(dialog, field) == str(error)
    assert "passord-som-ikke-skal-vises" not in str(error)
    wrong = WrongServerPassword("Feil brukernavn eller passord for registeret «x» på y")
    dialog.refused(wrong)
    assert error_under(dialog, dialog.password) == str(wrong)


# --- remembering --------------------------------------------------------------------------


def test_the_recent_list_keeps_the_address_never_the_password(qtbot, shared_demo,
                                                              memory_keyring):
    window = connected_window(qtbot, shared_demo, remember=True)
    assert window.recent_files()[0] == shared_demo  # the address with its user
    assert memory_keyring.store == {(KEYRING_SERVICE, keyring_account(shared_demo)): SECRET}
    window.close()
    settings = QSettings()
    settings.sync()
    stored = Path(settings.fileName()).read_bytes()
    assert SECRET.encode() not in stored
    assert b"postgresql://demo@" in stored

    again = empty_window(qtbot)
    again._fill_recent()
    first = again.recent_menu.actions()[0]
    assert first.isEnabled() and "demo" in first.text() and "postgresql" not in first.text()
    first.trigger()  # fills the dialog: address, user and the password the keyring holds
    dialog = the_dialog(qtbot, again)
    assert (dialog.address.text(), dialog.user.text()) == split_address(shared_demo)
    assert dialog.password.text() == SECRET and dialog.remember.isChecked()
    with qtbot.waitSignal(again.database_opened, timeout=30000):
        press_connect(dialog)
    # unticked: the password leaves the keyring
    again.connect_shared()
    dialog = the_dialog(qtbot, again)
    dialog.remember.setChecked(False)
    with qtbot.waitSignal(again.database_opened, timeout=30000):
        press_connect(dialog)
    assert memory_keyring.store == {}


def test_the_app_starts_on_an_address(qtbot, shared_demo, tmp_path, memory_keyring):
    from ui.app import start_register

    old = tmp_path / "gammel.db"
    old.write_bytes(b"x")
    assert start_register(None, [shared_demo, str(old)], tmp_path / "egen.db") == shared_demo
    assert start_register(shared_demo, [], tmp_path / "egen.db") == shared_demo
    window = MainWindow(shared_demo, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    dialog = the_dialog(qtbot, window)
    assert (dialog.address.text(), dialog.user.text()) == split_address(shared_demo)
    assert dialog.password.text() == "" and not dialog.remember.isChecked()
    assert dialog.focusWidget() is dialog.password  # the one field left to type


# --- the window on a shared register -------------------------------------------------------


def test_file_only_actions_are_disabled_with_a_reason(qtbot, shared_demo):
    window = connected_window(qtbot, shared_demo)
    trust = window.trust
    for action in (trust.backup_action, trust.restore_action, trust.password_action):
        assert not action.isEnabled(), action.text()
        assert "IT" in action.toolTip()
    assert trust.switch_action.isEnabled()
    window.show_page(PAGE_INNSTILLINGER)
    settings = window.settings_page
    assert settings.where_label.text().startswith("Delt register: «")
    assert settings.connect_button.isVisible()
    assert not settings.editor("sikkerhetskopi.daglige").isEnabled()
    users = settings.users_tab
    settings.tabs.setCurrentIndex(settings.users_index)
    for button in (users.password_button, users.recovery_button):
        assert not button.isEnabled() and "IT" in button.toolTip()
    assert users.add_button.isEnabled()
    # switching user: the dialog with the address and user, not the saved password
    trust.switch_action.trigger()
    dialog = the_dialog(qtbot, window)
    assert split_address(dialog.url())[0] == split_address(shared_demo)[0]
    assert dialog.password.text() == ""


def test_settings_connects_to_the_shared_register_from_a_file(qtbot, demo_path, shared_demo):
    window = MainWindow(demo_path, today=lambda: TODAY, credentials=("demo", "demo"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=15000)
    window.show_page(PAGE_INNSTILLINGER)
    settings = window.settings_page
    assert settings.where_label.text() == f"Registeret er filen {demo_path}"
    assert window.trust.backup_action.isEnabled()
    settings.connect_button.click()
    dialog = the_dialog(qtbot, window)
    fill(dialog, *split_address(shared_demo), SECRET)
    with qtbot.waitSignal(window.database_opened, timeout=30000):
        press_connect(dialog)
    assert window.ctx.register.shared
    assert not window.trust.backup_action.isEnabled()
    assert window.recent_files()[:2] == [shared_demo, str(demo_path)]


def test_the_dialog_by_keyboard_with_unique_alt_letters(qtbot):
    dialog = SharedRegisterDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton) if w.isVisible()]
    letters = [mnemonic(t) for t in texts if mnemonic(t)]
    assert len(letters) == len(set(letters)) >= 5, texts
    buddies = {mnemonic(w.text()): w.buddy() for w in dialog.findChildren(QLabel)
               if w.buddy() is not None}
    assert buddies == {"a": dialog.address, "b": dialog.user, "p": dialog.password}
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    assert QApplication.focusWidget() is dialog.address  # nothing filled in yet
    qtbot.keyClicks(dialog.address, "postgresql://server/fristvakt")
    qtbot.keyClick(dialog.address, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.user
    qtbot.keyClick(dialog.user, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.password
    qtbot.keyClick(dialog.password, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.remember


@pytest.mark.usefixtures("app_style")
def test_the_shared_window_and_dialog_fit_1024x600(qtbot, shared_demo):
    window = connected_window(qtbot, shared_demo)
    window.resize(*SMALL)
    settle()
    walk = Walk(window)
    walk.look("Frister, shared")
    window.show_page(PAGE_INNSTILLINGER)
    for name in each_tab(window.settings_page.tabs):
        walk.look(f"Innstillinger, {name}, shared")
    walk.check()
    window.connect_shared()
    dialog = the_dialog(qtbot, window)
    settle()
    assert dialog.width() <= SMALL[0] and dialog.height() <= SMALL[1]
    assert clipped(dialog) == []
    dialog.refused(ValueError("Adressen mangler databasens navn; den skal se slik ut: "
                              "postgresql://server/database"))
    settle()
    assert clipped(dialog) == []
