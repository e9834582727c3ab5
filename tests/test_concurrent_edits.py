"""Two caseworkers on one case (issue #11): a case's version, the register's change number, the
refusal of a save over someone else's, and the window that sees another person's save.

Two sessions are two sign-ins on the same register file (real SQLite, encrypted), as two
people at two desks: «demo» (Demobruker) and «kari» (Kari Nordmann), both leaders.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from core.access import Role
from core.identity import synthetic_fnr
from core.model import CaseFile, CodedValue, Frequency, Lovhjemmel, Melding, Sak, Tiltak, Vedtak
from service import Register, StaleCase, sign_in
from storage import driver
from storage.db import open_database
from storage.migrations import META_CHANGES, migrate, schema_version
from storage.records import Caseworker
from storage.repository import Repository
from storage.users import User
from tests.conftest import DEMO_TODAY
from tests.security_support import audit_rows, deadline_snapshot
from ui.context import AppContext

KARI = ("kari", "passord123")


def session(path, user: str = "demo", password: str = "demo") -> Register:
    return sign_in(path, user, password, today=lambda: DEMO_TODAY, daily_backup=False)


@pytest.fixture
def two(demo_path):
    """Demobruker (A) and Kari Nordmann (B) signed in on the same register file."""
    a = session(demo_path)
    a.add_user(User("kari", "Kari Nordmann", Role.LEDER), KARI[1])
    b = session(demo_path, *KARI)
    yield a, b
    for reg in (a, b):
        reg.close()


def a_case(reg: Register) -> CaseFile:
    """A demo case with a melding and no end date (the same one every time)."""
    repo = reg.repository_for_report()
    return next(c for c in repo.iter_cases() if c.meldinger and c.sak.sluttdato is None)


def another_case(reg: Register, not_this: int) -> CaseFile:
    repo = reg.repository_for_report()
    return next(c for c in repo.iter_cases() if c.sak.id != not_this and c.sak.sluttdato is None)


def new_melding(sak_id: int, mottatt: date = DEMO_TODAY) -> Melding:
    return Melding(sak_id, mottatt, (CodedValue("1"),), (CodedValue("1.4.03"),))


def expected_message(reg: Register, sak_id: int, navn: str) -> str:
    """What the refusal says, from the case's stored version (the other person's save time)."""
    changed = reg.repository_for_report().case_version(sak_id).endret_tid
    assert changed is not None
    local = changed.astimezone()
    day = "" if local.date() == datetime.now().date() else f" den {local:%d.%m.%Y}"
    return f"Saken er endret av {navn} kl. {local:%H:%M}{day}; last på nytt"


def stored(reg: Register, sak_id: int) -> dict[str, object]:
    """Everything of one case a save could change, and the register's change number."""
    conn = reg.repository_for_report().db.conn
    return {"sak": conn.execute("SELECT * FROM saker WHERE id = ?", (sak_id,)).fetchall(),
            "meldinger": conn.execute("SELECT * FROM meldinger WHERE sak_id = ? ORDER BY id",
                                      (sak_id,)).fetchall(),
            "frister": deadline_snapshot(conn), "endringer": reg.change_number()}


# --- the application layer ------------------------------------------------------------------------


def test_the_second_save_is_refused_naming_the_first_and_writes_nothing(two):
    a, b = two
    x = a_case(a).sak.id
    seen_by_a, seen_by_b = a.case(x), b.case(x)
    assert seen_by_a.versjon == seen_by_b.versjon

    a.save(replace(seen_by_a.sak, team="Team A"))
    before = stored(b, x)
    with pytest.raises(StaleCase) as refused:
        b.save(replace(seen_by_b.sak, team="Team B"))
    message = str(refused.value)
    assert message == expected_message(b, x, "Demobruker")
    assert re.fullmatch(r"Saken er endret av Demobruker kl\. \d\d:\d\d; last på nytt", message)
    assert refused.value.sak_id == x
    assert stored(b, x) == before  # nothing of B's save, not even a version or change number
    assert a.case(x).sak.team == "Team A"
    # a new record in the case is a write to the case too
    with pytest.raises(StaleCase):
        b.save(new_melding(x))
    assert stored(b, x) == before

    refusals = [r for r in audit_rows(b, "avvist") if r.bruker == "kari"]
    assert [(r.sak_id, r.detaljer) for r in refusals] == [
        (x, {"handling_forsokt": "endre", "grunn": "endret av en annen"}),
        (x, {"handling_forsokt": "opprette", "grunn": "endret av en annen"})]
    assert not [r for r in audit_rows(b, "endre") if r.bruker == "kari"]

    # B reads the case again (sees A's change) and then saves over it knowingly
    again = b.case(x)
    assert again.sak.team == "Team A" and again.versjon == seen_by_b.versjon + 1
    b.save(replace(again.sak, team="Team B"))
    assert a.repository_for_report().case(x).sak.team == "Team B"
    # ... and now A is the one who must read again
    with pytest.raises(StaleCase, match=r"^Saken er endret av Kari Nordmann kl\. "):
        a.save(replace(seen_by_a.sak, team="Team A igjen"))


def test_own_saves_do_not_make_the_case_stale(two):
    a, _b = two
    x = a_case(a).sak.id
    case = a.case(x)
    sak = a.save(replace(case.sak, team="En"))
    sak = a.save(replace(sak, team="To"))  # the session saw its own save
    a.save_many([replace(sak, team="Tre"), new_melding(x)])
    assert a.repository_for_report().case_version(x).versjon == case.versjon + 3


def test_delete_is_refused_the_same_way(two):
    a, b = two
    x = a_case(a).sak.id
    case = a.case(x)
    melding = a.save(new_melding(x))
    b.case(x)  # B sees the new melding
    a.save(replace(case.sak, team="Team A"))
    before = stored(b, x)
    with pytest.raises(StaleCase) as refused:
        b.delete(melding)
    assert str(refused.value) == expected_message(b, x, "Demobruker")
    assert stored(b, x) == before
    refusal = [r for r in audit_rows(b, "avvist") if r.bruker == "kari"][-1]
    assert refusal.detaljer == {"handling_forsokt": "slette", "grunn": "endret av en annen"}
    assert not [r for r in audit_rows(b, "slette") if r.bruker == "kari"]

    b.case(x)
    b.delete(melding)
    assert melding.id not in {m.id for m in a.case(x).meldinger}


def test_a_case_never_read_in_the_session_is_not_checked(two):
    a, b = two
    x = a_case(a).sak.id
    y = another_case(a, x).sak.id
    b.case(x)  # B works on another case; Y is not one B has read
    a.case(y)
    a.save(replace(a.sak(y), team="Team A"))
    b.save(replace(b.sak(y), team="Team B"))  # the header only (``sak``) is not a read
    b.save(new_melding(y))
    assert a.repository_for_report().case(y).sak.team == "Team B"


def test_a_refused_linked_save_leaves_nothing_half_written(two):
    a, b = two
    x = a_case(a).sak.id
    y = another_case(a, x).sak.id
    seen = b.case(x)
    a.save(replace(a.case(x).sak, team="Team A"))
    meldinger_y = len(a.repository_for_report().case(y).meldinger)
    before = stored(b, x)
    with pytest.raises(StaleCase):  # Y (unchecked) is written first, then X is refused
        b.save_linked(new_melding(y), lambda _m: [replace(seen.sak, team="Team B")])
    assert len(a.repository_for_report().case(y).meldinger) == meldinger_y
    assert stored(b, x) == before


def test_a_linked_save_bumps_the_version_once_and_names_who_wrote(two):
    _a, b = two
    x = a_case(b).sak.id
    case = b.case(x)
    numbers = b.change_number()
    start = DEMO_TODAY - timedelta(days=3)
    law = Lovhjemmel("BVL2021", "5", "1")
    saved = b.save_linked(Vedtak(x, start, law), lambda v: [Tiltak(
        x, "2.2", start, law, vedtak_id=v.id, oppfolging_hyppighet=(Frequency(start, 4),),
        tilsyn_hyppighet=(Frequency(start, 4),))])
    assert len(saved) == 2
    version = b.repository_for_report().case_version(x)
    assert version.versjon == case.versjon + 1
    assert version.endret_av == "kari"
    assert version.endret_tid is not None and version.endret_tid.tzinfo is not None
    assert abs(version.endret_tid - datetime.now().astimezone()) < timedelta(minutes=5)
    assert b.change_number() == numbers + 1


def test_the_change_number_goes_up_on_writes_and_not_on_reads(two):
    a, b = two
    x = a_case(a).sak.id
    start = b.change_number()
    assert a.change_number() == start
    a.case(x)  # opening a case is logged, but changes no deadline
    b.case(x)
    b.search("Test")
    b.sak(x)
    a.case_deadlines(x)
    a.open_deadlines(DEMO_TODAY)
    assert b.change_number() == start
    a.save(new_melding(x))
    assert b.change_number() == start + 1  # another session sees it at once
    a.save_caseworker(Caseworker("Ny Saksbehandler", "Team Nord"))
    a.set_param("varsel.dager_kort", 6)
    assert b.change_number() == start + 3
    with pytest.raises(StaleCase):
        b.save(new_melding(x))
    assert a.change_number() == start + 3  # a refused save changes nothing


def test_the_time_is_dated_when_the_change_was_on_another_day(two):
    a, b = two
    x = a_case(a).sak.id
    b.case(x)
    conn = a.repository_for_report().db.conn
    conn.execute("UPDATE saker SET versjon = versjon + 1, endret_av = 'demo', "
                 "endret_tid = '2026-11-28T14:03:00+01:00' WHERE id = ?", (x,))
    oslo = timezone(timedelta(hours=1))
    b._now = lambda: datetime(2026, 11, 30, 9, 15, tzinfo=oslo)
    with pytest.raises(StaleCase) as refused:
        b.save(new_melding(x))
    assert str(refused.value) == ("Saken er endret av Demobruker kl. 14:03 den 28.11.2026; "
                                  "last på nytt")
    # a user name no longer in brukere is shown as it was stored; the same day has no date
    conn.execute("UPDATE saker SET versjon = versjon + 1, endret_av = 'borte', "
                 "endret_tid = '2026-11-30T08:59:00+01:00' WHERE id = ?", (x,))
    with pytest.raises(StaleCase) as refused:
        b.save(new_melding(x))
    assert str(refused.value) == "Saken er endret av borte kl. 08:59; last på nytt"


def test_require_current_says_when_what_a_view_shows_is_old(two):
    a, b = two
    x = a_case(a).sak.id
    shown = b.case(x)
    b.require_current(x, shown.versjon)  # nothing happened
    a.save(replace(a.case(x).sak, team="Team A"))
    with pytest.raises(StaleCase, match=r"^Saken er endret av Demobruker kl\. "):
        b.require_current(x, shown.versjon)
    assert not [r for r in audit_rows(b, "avvist") if r.bruker == "kari"]  # nothing attempted


# --- the repository and the migration -------------------------------------------------------------


def child(n: int) -> Sak:
    birth = date(2015, 5, 17)
    return Sak(f"2026/{n:05d}", f"Testbarn {n}", synthetic_fnr(birth, random.Random(n), sex="1"),
               birth, "1", "Kari Saksbehandler", date(2020, 1, 1))


@pytest.fixture
def repo(tmp_path):
    r = Repository(open_database(tmp_path / "fristvakt.db", create=True), "testbruker",
                   today=lambda: DEMO_TODAY)
    r.save_caseworker(Caseworker("Kari Saksbehandler", "Team Nord"))
    yield r
    r.close()


def test_every_write_to_a_case_bumps_its_version_once(repo):
    numbers = repo.change_number()
    sak = repo.save(child(1))
    other = repo.save(child(2))
    first = repo.case_version(sak.id)
    assert first.versjon == 1 and first.endret_av == "testbruker"  # a new case is version 1
    assert first.endret_tid is not None and first.endret_tid.utcoffset() is not None
    assert repo.change_number() == numbers + 2
    assert repo.case(sak.id).versjon == 1

    m = repo.save(new_melding(sak.id, date(2026, 11, 2)))
    assert repo.case_version(sak.id).versjon == 2
    repo.save_many([replace(m, tildelt_dato=date(2026, 11, 3)), new_melding(sak.id),
                    replace(sak, team="Team Nord")])
    assert repo.case_version(sak.id).versjon == 3  # one transaction, one version
    with repo.writing():  # the application layer's linked save: one block, one version
        repo.save(new_melding(sak.id))
        repo.save(new_melding(sak.id))
    assert repo.case_version(sak.id).versjon == 4
    assert repo.stamped == {sak.id: 4}
    repo.delete(m)
    assert repo.case_version(sak.id).versjon == 5
    assert repo.case_version(other.id).versjon == 1  # the other case was not touched
    assert repo.change_number() == numbers + 6

    # a failed write bumps nothing
    with pytest.raises(ValueError), repo.writing():
        repo.save(new_melding(sak.id))
        raise ValueError("avbrutt")
    assert repo.case_version(sak.id).versjon == 5 and repo.change_number() == numbers + 6

    # the version is not part of the case's content
    loaded = repo.case(sak.id)
    assert loaded.versjon == 5 and loaded == replace(loaded, versjon=99)
    assert hash(loaded) == hash(replace(loaded, versjon=99))

    repo.delete(repo.sak(other.id))  # a whole case: nothing left to version
    assert repo.change_number() == numbers + 7
    repo.recompute_all()
    repo.set_param("varsel.dager_kort", 6)
    assert repo.change_number() == numbers + 9


def test_an_import_stamps_who_wrote_the_cases(tmp_path):
    r = Repository(open_database(tmp_path / "import.db", create=True), "importør",
                   today=lambda: DEMO_TODAY)
    try:
        sak = replace(child(7), id=7)
        numbers = r.change_number()
        r.import_cases([CaseFile(sak, (replace(new_melding(7), id=1),))],
                       [Caseworker("Kari Saksbehandler")])
        version = r.case_version(7)
        assert (version.versjon, version.endret_av) == (1, "importør")
        assert version.endret_tid is not None
        assert r.change_number() == numbers + 1
    finally:
        r.close()


def test_migration_14_adds_versions_and_the_change_number(tmp_path):
    conn = driver.connect(str(tmp_path / "gammel.db"))
    migrate(conn, 13)
    conn.execute("INSERT INTO saksbehandlere (navn) VALUES ('Kari')")
    conn.execute("INSERT INTO saker (journalnummer, navn, fodselsnummer, saksbehandler, "
                 "startdato) VALUES ('2026/1', 'Testbarn', '', 'Kari', '2026-01-01')")
    assert conn.execute("SELECT value FROM meta WHERE key = ?", (META_CHANGES,)).fetchone() is None
    migrate(conn, 14)
    assert schema_version(conn) == 14
    columns = {r[1]: (r[2], r[3], r[4]) for r in conn.execute("PRAGMA table_info(saker)")}
    assert columns["versjon"] == ("INTEGER", 1, "1")
    assert columns["endret_av"] == ("TEXT", 1, "''")
    assert columns["endret_tid"] == ("TEXT", 1, "''")
    assert conn.execute("SELECT versjon, endret_av, endret_tid FROM saker").fetchall() == [
        (1, "", "")]
    assert conn.execute("SELECT value FROM meta WHERE key = ?", (META_CHANGES,)).fetchone() == (
        "0",)
    conn.close()


def test_migration_14_keeps_a_change_number_already_there(tmp_path):
    conn = driver.connect(str(tmp_path / "gammel.db"))
    migrate(conn, 13)
    conn.execute("INSERT INTO meta (key, value) VALUES (?, '41')", (META_CHANGES,))
    migrate(conn, 14)
    assert conn.execute("SELECT value FROM meta WHERE key = ?", (META_CHANGES,)).fetchone() == (
        "41",)
    conn.close()


def test_a_migrated_case_names_nobody_until_it_is_saved(tmp_path):
    path = tmp_path / "gammel.db"
    conn = driver.connect(str(path))
    migrate(conn, 13)
    conn.execute("INSERT INTO saksbehandlere (navn) VALUES ('Kari Saksbehandler')")
    conn.close()
    r = Repository(open_database(path), "testbruker", today=lambda: DEMO_TODAY)
    try:
        sak = r.save(child(3))
        r._conn.execute("UPDATE saker SET versjon = 1, endret_av = '', endret_tid = ''")
        assert r.case_version(sak.id) == (r.case_version(sak.id).__class__(1, "", None))
        r.save(replace(sak, team="Team Nord"))
        assert r.case_version(sak.id).versjon == 2
    finally:
        r.close()


# --- the UI ---------------------------------------------------------------------------------------


def open_window(qtbot, path):
    from ui.main_window import MainWindow

    window = MainWindow(path, today=lambda: DEMO_TODAY, credentials=("demo", "demo"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=15000)
    return window


@pytest.fixture
def window_and_kari(qtbot, demo_path):
    """The window signed in as Demobruker, and Kari Nordmann at another desk."""
    leader = session(demo_path)
    leader.add_user(User("kari", "Kari Nordmann", Role.LEDER), KARI[1])
    leader.close()
    window = open_window(qtbot, demo_path)
    kari = session(demo_path, *KARI)
    yield window, kari
    kari.close()


def test_the_poll_reloads_the_lists_after_another_persons_save(qtbot, window_and_kari,
                                                               monkeypatch):
    import ui.main_window as main_window

    window, kari = window_and_kari
    page = window.frister_page
    model = page.model
    assert window.change_timer.isActive() and window.change_timer.interval() == 15_000
    assert model.change_number == kari.change_number()
    label = window.updated_label
    assert label.isVisible()
    assert re.fullmatch(r"Sist oppdatert kl\. \d\d:\d\d:\d\d\s*", label.text())

    # nothing changed: the poll asks one number and reloads nothing
    monkeypatch.setattr(main_window, "wall_clock", lambda: datetime(2026, 11, 23, 9, 0, 1))
    reloads: list[int] = []
    model.reloaded.connect(lambda: reloads.append(1))
    window.poll_changes()
    assert reloads == [] and "09:00:01" not in label.text()

    # another person registers a melding received today: a new open deadline
    total = model.total
    x = a_case(kari).sak.id
    kari.save(new_melding(x))
    monkeypatch.setattr(main_window, "wall_clock", lambda: datetime(2026, 11, 23, 12, 34, 56))
    window.poll_changes()
    assert reloads  # the Frister list read the register again
    assert model.change_number == kari.change_number()
    assert model.total > total
    assert label.text().strip() == "Sist oppdatert kl. 12:34:56"

    # own saves reload at once (and update the time) without waiting for the poll
    monkeypatch.setattr(main_window, "wall_clock", lambda: datetime(2026, 11, 23, 12, 40, 0))
    window.ctx.save(new_melding(x))
    assert label.text().strip() == "Sist oppdatert kl. 12:40:00"
    assert model.change_number == kari.change_number()
    reloads.clear()
    window.poll_changes()
    assert reloads == []


def test_the_poll_waits_while_a_dialog_is_open_and_never_raises(qtbot, window_and_kari,
                                                               monkeypatch):
    window, kari = window_and_kari
    model = window.frister_page.model
    kari.save(new_melding(a_case(kari).sak.id))
    dialog = QDialog(window)
    dialog.setModal(True)
    dialog.show()
    assert QApplication.activeModalWidget() is dialog
    window.poll_changes()
    assert model.change_number != kari.change_number()  # not while a form may be open
    dialog.close()
    window.poll_changes()
    assert model.change_number == kari.change_number()

    def broken() -> int:
        raise driver.OperationalError("disk I/O error")

    monkeypatch.setattr(window.ctx.register, "change_number", broken)
    window.poll_changes()  # shows nothing, raises nothing: the next tick tries again
    monkeypatch.setattr(window.ctx.register, "change_number", lambda: 1 / 0)
    window.poll_changes()
    window.ctx.register.close()
    monkeypatch.undo()
    window.poll_changes()  # a closed register: nothing to ask


def test_a_form_keeps_what_was_typed_when_the_case_changed_behind_it(qtbot, demo_path):
    from ui.case_view import CaseView
    from ui.forms.melding import MeldingDialog

    leader = session(demo_path)
    leader.add_user(User("kari", "Kari Nordmann", Role.LEDER), KARI[1])
    kari = session(demo_path, *KARI)
    try:
        ctx = AppContext(leader, today=lambda: DEMO_TODAY)
        view = CaseView(ctx)
        qtbot.addWidget(view)
        x = a_case(leader).sak.id
        view.load(x)
        shown = view.case
        assert shown is not None
        melding = shown.meldinger[0]
        dialog = MeldingDialog(ctx, view, melding=melding)
        qtbot.addWidget(dialog)
        dialog.show()
        kari.case(x)
        kari.save(replace(kari.case(x).sak, team="Team Kari"))
        typed = dialog.collect()[0][0].obj

        dialog.accept()
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        text = dialog.general_error.text()
        assert "Saken er endret av Kari Nordmann kl. " in text and "last på nytt" in text
        assert "viser nå den andre endringen" in text
        assert dialog.collect()[0][0].obj == typed  # what was typed is kept
        assert view.case is not None and view.case.versjon == shown.versjon + 1  # reloaded
        assert view.case.sak.team == "Team Kari"

        dialog.accept()  # the user has seen the change: Save now stores over it
        assert not dialog.isVisible()
        assert leader.repository_for_report().case_version(x).endret_av == "demo"
    finally:
        kari.close()
        leader.close()


def test_an_edit_from_an_old_view_of_the_case_is_said_and_the_view_reloaded(qtbot, demo_path):
    from PySide6.QtCore import QTimer

    from ui.case_view import CaseView

    leader = session(demo_path)
    leader.add_user(User("kari", "Kari Nordmann", Role.LEDER), KARI[1])
    kari = session(demo_path, *KARI)
    try:
        ctx = AppContext(leader, today=lambda: DEMO_TODAY)
        view = CaseView(ctx)
        qtbot.addWidget(view)
        x = a_case(leader).sak.id
        view.load(x)
        old = view.case
        assert old is not None
        kari.save(replace(kari.case(x).sak, team="Team Kari"))
        said: list[str] = []

        opened: list[str] = []

        def answer() -> None:
            modal = QApplication.activeModalWidget()
            if modal is None:
                QTimer.singleShot(10, answer)
                return
            opened.append(type(modal).__name__)
            if isinstance(modal, QMessageBox):
                said.append(modal.text())
            modal.close()  # a form that should not have opened is closed too (no hang)

        QTimer.singleShot(0, answer)
        view.edit_case()  # would start a form from what the view showed before
        assert opened == ["QMessageBox"]  # the message instead of the form
        assert said[0].startswith("Saken er endret av Kari Nordmann kl. ")
        assert view.case is not None and view.case.versjon == old.versjon + 1
        assert view.case.sak.team == "Team Kari"
    finally:
        kari.close()
        leader.close()
