"""The trust layer through real widgets: sign-in, roles, read-only registers, users, audit log."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

import storage.db
from core.access import Role
from service import sign_in
from storage import audit
from storage.users import User
from tests.conftest import DEMO_PASSWORD, DEMO_USER, write_lock
from tests.pg_server import CLUSTER
from tests.security_support import server_owner, sign_in_as
from ui.context import AppContext
from ui.main_window import PAGE_INNSTILLINGER, PAGE_RAPPORTER, MainWindow
from ui.signin import SignInDialog

TODAY = date(2026, 11, 23)


def window_on(qtbot, path, credentials=None) -> MainWindow:
    window = MainWindow(path, today=lambda: TODAY, credentials=credentials)
    qtbot.addWidget(window)
    window.show()
    return window


def press_ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _logged(reg, handling: str) -> list[audit.AuditEntry]:
    """The audit rows ``handling`` of the register ``reg`` was open on, read on a connection
    of our own (what the window logged): the file with the demo leader's key, or the server."""
    from storage import driver
    from storage.keyslots import KeySlots
    from storage.pg import connect

    if reg.shared:
        conn = connect(reg.server.url)
    else:
        conn = driver.connect(str(reg.path))
        driver.set_key(conn, KeySlots.load(reg.path).unwrap(DEMO_USER, DEMO_PASSWORD))
    try:
        return audit.query(conn, audit.AuditFilter(handling=handling))
    finally:
        conn.close()


def people(demo_register) -> None:
    """A caseworker who owns some cases, and a system administrator (on a shared register IT
    has made their login roles)."""
    if demo_register.shared:
        for name in ("kari", "sys"):
            CLUSTER[0].ensure_role(name)
    worker = demo_register.caseworkers()[0]
    demo_register.add_user(User("kari", "Kari Saksbehandler", Role.SAKSBEHANDLER, worker.navn),
                           "kari-passord")
    demo_register.add_user(User("sys", "Sigurd System", Role.SYSTEMANSVARLIG), "sys-passord")


def test_wrong_password_keeps_the_dialog_and_the_user_name(qtbot, demo_path):
    window = window_on(qtbot, demo_path)
    qtbot.waitUntil(lambda: isinstance(window.opener.dialog, SignInDialog), timeout=5000)
    dialog = window.opener.dialog
    dialog.user.setText(DEMO_USER)
    dialog.password.setText("feil-passord")
    press_ok(dialog)
    qtbot.waitUntil(lambda: window.opener.dialog is not dialog
                    and isinstance(window.opener.dialog, SignInDialog), timeout=10000)
    again = window.opener.dialog
    assert again.general_error.text() == "Feil brukernavn eller passord"
    assert again.user.text() == DEMO_USER and again.password.text() == ""
    again.password.setText(DEMO_PASSWORD)
    press_ok(again)
    qtbot.waitUntil(window.is_ready, timeout=15000)
    assert window.ctx.register.user.brukernavn == DEMO_USER
    # the failed try is in the audit log, moved there from the key file at sign-in
    rows = window.ctx.register.audit_entries(audit.AuditFilter(handling="innlogging_feilet"))
    assert [r.bruker for r in rows] == [DEMO_USER]


def test_an_empty_password_is_refused_at_the_field(qtbot, demo_path):
    window = window_on(qtbot, demo_path)
    qtbot.waitUntil(lambda: isinstance(window.opener.dialog, SignInDialog), timeout=5000)
    dialog = window.opener.dialog
    dialog.user.setText(DEMO_USER)
    press_ok(dialog)
    assert dialog.isVisible()
    assert dialog._errors[dialog.password].text() == "Skriv inn passordet ditt"


def test_a_caseworker_sees_no_reports_and_only_own_cases(qtbot, demo_register, monkeypatch):
    people(demo_register)
    worker = next(u for u in demo_register.users() if u.brukernavn == "kari").saksbehandler
    other_case = next(s for s in demo_register.search("", 500) if s.saksbehandler != worker)
    demo_register.close()
    window = window_on(qtbot, demo_register.db_path(), ("kari", "kari-passord"))
    qtbot.waitUntil(window.is_ready, timeout=15000)
    assert window.allowed_pages() == [0, 1, PAGE_INNSTILLINGER]
    assert window.nav.item(PAGE_RAPPORTER).isHidden()
    window.show_page(PAGE_RAPPORTER)
    assert window.current_page() is not window.report_page
    names = {window.frister_page.model.row_at(i).saksbehandler
             for i in range(window.frister_page.model.rowCount())}
    team = {c.navn for c in window.ctx.register.caseworkers()
            if c.team == next(w.team for w in window.ctx.register.caseworkers()
                              if w.navn == worker)}
    assert names and names <= team
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.open_case(other_case.id)
    assert shown and "egne saker" in shown[0]
    refused = _logged(demo_register, "avvist")
    assert refused and refused[0].bruker == "kari" and refused[0].sak_id == other_case.id
    settings = window.settings_page
    assert not settings.tabs.isTabVisible(settings.users_index)
    assert not settings.tabs.isTabVisible(settings.audit_index)
    assert not settings.params_page.isEnabled()


def test_a_system_administrator_sees_settings_and_users_only(qtbot, demo_register):
    people(demo_register)
    demo_register.close()
    window = window_on(qtbot, demo_register.db_path(), ("sys", "sys-passord"))
    qtbot.waitUntil(window.is_ready, timeout=15000)
    assert window.allowed_pages() == [PAGE_INNSTILLINGER]
    assert window.current_page() is window.settings_page
    assert window.frister_page.model.rowCount() == 0  # never asked for
    settings = window.settings_page
    assert settings.tabs.isTabVisible(settings.users_index)
    assert not settings.tabs.isTabVisible(settings.audit_index)
    # a file's backups are the systemansvarlig's; a shared register's are IT's, on the server
    assert window.trust.backup_action.isEnabled() is not demo_register.shared
    assert not window.new_melding_action.isEnabled()


def test_a_read_only_register_says_so_and_refuses_changes(qtbot, demo_path, monkeypatch):
    # as root the file's mode does not stop writes, so the check for write access is what is
    # replaced here; the connection itself is then opened read-only by SQLite
    monkeypatch.setattr(storage.db, "_writable", lambda path: False)
    window = window_on(qtbot, demo_path, (DEMO_USER, DEMO_PASSWORD))
    qtbot.waitUntil(window.is_ready, timeout=15000)
    assert window.ctx.register.readonly
    assert not window.trust_banner.isHidden()
    assert "skrivebeskyttet" in window.trust_banner.text()
    assert not window.new_melding_action.isEnabled()
    assert window.frister_page.model.rowCount() > 0  # reading works
    with pytest.raises(storage.db.StorageError, match="skrivebeskyttet"):
        window.ctx.register.set_param("varsel.dager_kort", 5)


def test_a_broken_audit_chain_is_shown_to_the_leader(qtbot, demo_register):
    if demo_register.shared:  # only the database's owner can get past the server's guards
        with server_owner(demo_register) as owner:
            owner.execute("DROP TRIGGER revisjonslogg_ingen_endring ON revisjonslogg")
            owner.execute("UPDATE revisjonslogg SET bruker = 'noen' WHERE id = 2")
    else:
        conn = demo_register.repository_for_report().db.conn
        conn.execute("DROP TRIGGER revisjonslogg_ingen_endring")
        conn.execute("UPDATE revisjonslogg SET bruker = 'noen' WHERE id = 2")
    demo_register.close()
    window = window_on(qtbot, demo_register.db_path(), (DEMO_USER, DEMO_PASSWORD))
    qtbot.waitUntil(window.is_ready, timeout=15000)
    assert not window.trust_banner.isHidden()
    assert "brutt ved rad 2" in window.trust_banner.text()


def test_users_tab_adds_a_person_who_can_then_sign_in(qtbot, demo_register, monkeypatch):
    ctx = AppContext(demo_register, today=lambda: TODAY)
    from ui.users_tab import UserDialog, UsersTab

    tab = UsersTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    assert [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())] == [DEMO_USER]
    if demo_register.shared:
        CLUSTER[0].ensure_role("ola")  # IT made the login role, and sets its password

    def fill(dialog: UserDialog) -> int:
        dialog.brukernavn.setText("ola")
        dialog.navn.setText("Ola Nordby")
        dialog.rolle.setCurrentIndex(list(Role).index(Role.SAKSBEHANDLER))
        if not demo_register.shared:  # a file's person gets their password here
            dialog.password.setText("kort")
            dialog.repeat.setText("kort")
            dialog._check()
            assert dialog.error.text() == "Passordet må ha minst 8 tegn"
            dialog.password.setText("langt-nok-1")
            dialog.repeat.setText("langt-nok-1")
        dialog._check()
        return dialog.result()

    monkeypatch.setattr(UserDialog, "exec", lambda self: fill(self) or 1)
    tab.add_user()
    assert "ola" in [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]
    other = sign_in_as(demo_register, "ola", "langt-nok-1")
    assert other.role is Role.SAKSBEHANDLER
    other.close()


def test_audit_tab_shows_who_opened_a_case(qtbot, demo_register):
    ctx = AppContext(demo_register, today=lambda: TODAY)
    sak = demo_register.search("", 5)[0]
    demo_register.case(sak.id)
    from ui.audit_tab import AuditTab

    tab = AuditTab(ctx)
    qtbot.addWidget(tab)
    tab.from_edit.setDate(tab.from_edit.date().addYears(-5))
    tab.to_edit.setDate(tab.to_edit.date().addYears(5))
    tab.journal_edit.setText(sak.journalnummer)
    tab.refresh()
    actions = [tab.model.index(r, 2).data() for r in range(tab.model.rowCount())]
    assert actions == ["Åpnet sak"]
    assert tab.model.index(0, 3).data() == sak.journalnummer
    tab.verify()
    assert tab.status.text().startswith("Revisjonsloggen er intakt")


# SQLite's WAL and the key file's queue; on a server a read's audit row waits for the lock
# (service.register.Register._audit_read)
@pytest.mark.file_register
def test_reads_do_not_wait_for_another_programs_lock(demo_register):
    """Another program holds the write lock: reading works at once and its audit row waits in
    the key file until the next sign-in."""
    with write_lock(demo_register):
        assert demo_register.count_open(TODAY)  # reads are never blocked in WAL mode
        found = demo_register.search("a", 5)  # its audit row is queued, not waited for
    assert found
    window_rows = demo_register.audit_entries(audit.AuditFilter(handling="sok"))
    assert window_rows == []  # queued in the key file until the next sign-in
    demo_register.close()
    again = sign_in(demo_register.path, DEMO_USER, DEMO_PASSWORD, daily_backup=False)
    rows = again.audit_entries(audit.AuditFilter(handling="sok"))
    assert len(rows) == 1 and rows[0].detaljer["fra_ko"] is True
    again.close()


def test_sign_out_locks_the_window_until_someone_signs_in(qtbot, demo_path):
    window = window_on(qtbot, demo_path, (DEMO_USER, DEMO_PASSWORD))
    qtbot.waitUntil(window.is_ready, timeout=15000)
    window.opener._credentials = None  # from now on the dialog asks, as for a person
    window.trust.switch_action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.opener.dialog, SignInDialog), timeout=5000)
    assert not window.ctx.register.is_open()
    window.opener.dialog.reject()
    assert not window.is_ready()
    assert not window.new_melding_action.isEnabled()
    assert not window.trust.backup_action.isEnabled()
    window.trust.switch_action.setEnabled(True)  # the loading page offers the same
    window.open_database(demo_path, (DEMO_USER, DEMO_PASSWORD))
    qtbot.waitUntil(window.is_ready, timeout=15000)
    assert window.ctx.register.is_open()


def test_a_damaged_register_is_said_once_the_window_is_up(qtbot, demo_path, monkeypatch):
    """The integrity check runs in the background after sign-in; damage shows in the banner.
    (SQLite's quick check itself finding damage is tested on real damaged files in
    tests/test_storage_db.py; here its answer is what the window must act on.)"""
    from service import Register

    monkeypatch.setattr(Register, "check_integrity", lambda self: False)
    window = window_on(qtbot, demo_path, (DEMO_USER, DEMO_PASSWORD))
    qtbot.waitUntil(window.is_ready, timeout=15000)
    qtbot.waitUntil(lambda: "skadet" in window.trust_banner.text(), timeout=15000)
    assert "Gjenopprett" in window.trust_banner.text()


def test_an_intact_register_gives_no_damage_banner(qtbot, demo_path):
    window = window_on(qtbot, demo_path, (DEMO_USER, DEMO_PASSWORD))
    qtbot.waitUntil(window.is_ready, timeout=15000)
    qtbot.waitUntil(lambda: hasattr(window, "damaged"), timeout=5000)
    qtbot.wait(500)
    assert not window.damaged and "skadet" not in window.trust_banner.text()


def test_the_days_first_backup_is_taken_after_the_window_is_up(qtbot, demo_path):
    from storage.backup import list_backups

    assert list_backups(demo_path) == []
    window = window_on(qtbot, demo_path, (DEMO_USER, DEMO_PASSWORD))
    qtbot.waitUntil(window.is_ready, timeout=15000)
    qtbot.waitUntil(lambda: bool(list_backups(demo_path)), timeout=15000)
    assert [b.kind for b in list_backups(demo_path)] == ["daglig"]
