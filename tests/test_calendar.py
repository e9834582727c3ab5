"""Open deadlines as an iCalendar file: read back with icalendar, no personal data, stable UIDs,
role rules, the command line and the Frister view's button (real widgets)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from core.access import Role
from core.calendar_events import CalendarEntry, calendar_entry
from core.deadlines import Deadline
from core.rules import RULES_BY_ID
from main import main
from service import AccessDenied
from service.calendar_export import export_calendar
from storage.calendar_file import build_calendar
from storage.errors import WorkbookError
from tests.conftest import DEMO_TODAY
from tests.security_support import add_user, audit_rows, sign_in_as

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def events(path: Path) -> list:
    cal = Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk("VEVENT")]


def by_uid(path: Path) -> dict[str, date]:
    return {str(e["UID"]): e.decoded("DTSTART") for e in events(path)}


def personal_texts(reg) -> set[str]:
    """Every child's name (and its parts), fødselsnummer, DUF-nummer and birth date."""
    conn = reg.repository_for_report().db.conn
    found: set[str] = set()
    for navn, fnr, duf, born in conn.execute(
            "SELECT navn, fodselsnummer, duf_nummer, fodselsdato FROM saker"):
        found |= {navn, *(p for p in navn.split() if len(p) > 3)}
        found |= {v for v in (fnr, duf) if v}
        if born:
            found.add(date.fromisoformat(born).strftime("%d.%m.%Y"))
    return found


# --- the event and the file -----------------------------------------------------------------------


def test_an_event_is_all_day_with_journal_number_hjemmel_and_an_alarm_at_the_warning_window():
    d = Deadline("undersokelse.frist", 7, "undersokelse", 12, 0, date(2026, 3, 10),
                 date(2026, 2, 24), "Mottatt 03.12.2025 …")
    rule = RULES_BY_ID["undersokelse.frist"]
    entry = calendar_entry(d, "2025/00042", rule.label, rule.hjemmel, "ns")
    assert entry.uid == "frist-undersokelse.frist-undersokelse-12-0-ns@fristvakt"
    assert entry.alarm_days == 14 and entry.due == date(2026, 3, 10)
    assert "Mottatt" not in entry.description  # the explanation can reveal a birth date
    (event,) = Calendar.from_ical(build_calendar([entry], name="x", now=NOW)).walk("VEVENT")
    assert event.decoded("DTSTART") == date(2026, 3, 10)  # a date: an all-day event
    assert event.decoded("DTEND") == date(2026, 3, 11)
    assert str(event["SUMMARY"]) == f"{rule.label} – 2025/00042"
    assert f"Hjemmel: {rule.hjemmel}" in str(event["DESCRIPTION"])
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(days=-14)


def test_a_local_milestone_says_it_is_no_law_and_no_warning_window_means_no_alarm():
    d = Deadline("lokal.x", 1, "melding", 3, 0, date(2026, 3, 10), date(2026, 3, 10), "",
                 lokal=True)
    entry = calendar_entry(d, "2026/1", "Tildelt saksbehandler", "", "ns")
    assert entry.alarm_days is None
    assert "Intern frist" in entry.description and "ikke lovkrav" in entry.description
    (event,) = Calendar.from_ical(build_calendar([entry], name="x", now=NOW)).walk("VEVENT")
    assert not event.walk("VALARM")


def test_a_later_export_has_a_higher_sequence_so_a_moved_date_is_an_update():
    entry = CalendarEntry("u@x", date(2026, 1, 1), "s", "d", None)
    first, later = (Calendar.from_ical(build_calendar([entry], name="x", now=t)).walk("VEVENT")[0]
                    for t in (NOW, NOW + timedelta(hours=2)))
    assert int(later["SEQUENCE"]) > int(first["SEQUENCE"])


# --- the use case on a real register --------------------------------------------------------------


def test_the_export_holds_every_open_deadline_and_no_name_or_number(demo_register, tmp_path):
    reg = demo_register
    result = export_calendar(reg, tmp_path / "alle.ics")
    rows = reg.open_deadlines(DEMO_TODAY)
    assert result.events == len(rows) > 20 and result.saksbehandler is None
    found = events(result.path)
    assert sorted(e.decoded("DTSTART") for e in found) == sorted(r.frist for r in rows)
    assert {str(e["SUMMARY"]).rsplit(" – ", 1)[1] for e in found} == \
        {r.journalnummer for r in rows}
    text = result.path.read_text(encoding="utf-8").replace("\r\n ", "")  # unfolded
    leaks = {p for p in personal_texts(reg) if p in text}
    assert leaks == set()
    assert os.stat(result.path).st_mode & 0o077 == 0  # private, like the register
    (row,) = audit_rows(reg, "kalender_eksportert")
    assert row.objekt == "alle.ics"
    assert row.detaljer["hendelser"] == len(rows) and row.detaljer["omfang"] == "alle"
    logged = str(row.detaljer) + row.objekt
    assert not {p for p in personal_texts(reg) if p in logged}


def test_uids_are_stable_and_a_moved_deadline_keeps_its_uid(demo_register, tmp_path):
    reg = demo_register
    first = by_uid(export_calendar(reg, tmp_path / "a.ics").path)
    again = by_uid(export_calendar(reg, tmp_path / "b.ics").path)
    assert first == again and len(set(first)) == len(first)
    reg.set_param("tiltaksplan.evaluering.mnd", 4)  # every evaluation a month later
    moved = by_uid(export_calendar(reg, tmp_path / "c.ics").path)
    changed = {uid for uid in first if uid in moved and moved[uid] != first[uid]}
    assert changed and all("tiltaksplan.evaluering" in uid for uid in changed)
    assert all(moved[uid] > first[uid] for uid in changed)
    assert {u: d for u, d in moved.items() if "tiltaksplan.evaluering" not in u} == \
        {u: d for u, d in first.items() if "tiltaksplan.evaluering" not in u}


def test_one_caseworker_and_a_horizon(demo_register, tmp_path):
    reg = demo_register
    worker = reg.caseworkers()[0].navn
    result = export_calendar(reg, tmp_path, saksbehandler=worker, days=30)
    assert result.path == tmp_path / f"Fristvakt-frister {worker}.ics"
    rows = reg.open_deadlines(DEMO_TODAY, saksbehandler=worker,
                              horizon=DEMO_TODAY + timedelta(days=30))
    assert result.events == len(rows) > 0
    assert max(by_uid(result.path).values()) <= DEMO_TODAY + timedelta(days=30)


def test_a_saksbehandler_exports_own_deadlines_and_is_refused_others(demo_register, tmp_path):
    leader = demo_register
    worker, other = (c.navn for c in leader.caseworkers()[:2])
    add_user(leader, "sb", Role.SAKSBEHANDLER, saksbehandler=worker)
    add_user(leader, "sys", Role.SYSTEMANSVARLIG)
    own = {r.journalnummer for r in leader.open_deadlines(DEMO_TODAY, saksbehandler=worker)}
    leader.close()
    admin = sign_in_as(leader, "sys")
    try:  # the system administrator sees no deadlines, so exports none
        with pytest.raises(AccessDenied, match="har ikke tilgang til å se frister"):
            export_calendar(admin, tmp_path / "sys.ics")
    finally:
        admin.close()
    reg = sign_in_as(leader, "sb")
    try:
        result = export_calendar(reg, tmp_path / "mine.ics")
        assert result.saksbehandler == worker
        assert {str(e["SUMMARY"]).rsplit(" – ", 1)[1] for e in events(result.path)} == own
        with pytest.raises(AccessDenied, match="bare eksportere dine egne frister"):
            export_calendar(reg, tmp_path / "andre.ics", saksbehandler=other)
        assert not (tmp_path / "andre.ics").exists()
        assert [(r.bruker, r.detaljer["handling_forsokt"]) for r in audit_rows(reg, "avvist")] \
            == [("sys", "se_frister"), ("sb", "se_frister")]
        assert len(audit_rows(reg, "kalender_eksportert")) == 1
    finally:
        reg.close()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"saksbehandler": "Ingen Slik"}, "Ukjent saksbehandler «Ingen Slik»"),
    ({"days": -1}, "Antall dager må være mellom 0 og 3660"),
])
def test_bad_choices_write_nothing(demo_register, tmp_path, kwargs, message):
    out = tmp_path / "ut"
    out.mkdir()
    with pytest.raises(ValueError, match=message):
        export_calendar(demo_register, out / "x.ics", **kwargs)
    assert os.listdir(out) == []
    assert audit_rows(demo_register, "kalender_eksportert") == []


def test_a_failed_write_leaves_no_file_and_no_log(demo_register, tmp_path):
    out = tmp_path / "ut"
    out.mkdir()
    with pytest.raises(WorkbookError, match="finnes ikke"):
        export_calendar(demo_register, out / "mangler" / "x.ics")
    with pytest.raises(WorkbookError, match=r"iCalendar-fil \(\.ics\), ikke som «\.txt»"):
        export_calendar(demo_register, out / "x.txt")
    # the disk refuses the file (a name too long) after the log row was added: rolled back
    with pytest.raises(WorkbookError, match="er for langt"):
        export_calendar(demo_register, out / ("k" * 300 + ".ics"))
    with pytest.raises(WorkbookError, match="er for langt"):  # only its temporary twin
        export_calendar(demo_register, out / ("k" * 245 + ".ics"))
    assert os.listdir(out) == []
    assert audit_rows(demo_register, "kalender_eksportert") == []


# --- the command line -----------------------------------------------------------------------------


def exit_code(*args: str) -> int:
    """The exit code, also when argparse stops with SystemExit."""
    try:
        return main(list(args))
    except SystemExit as stop:
        return int(stop.code or 0)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = exit_code("kalender", *args, "--dato", DEMO_TODAY.isoformat())
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.usefixtures("cli_login")
def test_command_line_writes_the_file_into_a_folder(demo_path, tmp_path, capsys):
    folder = tmp_path / "ut"
    folder.mkdir()
    code, out, err = run(capsys, "--db", str(demo_path), "--ut", str(folder), "--dager", "14")
    written = folder / "Fristvakt-frister alle.ics"
    assert (code, err) == (0, "") and out.count("\n") == 1
    assert out.startswith(f"{len(events(written))} åpne frister som forfaller innen 14 dager")
    assert str(written) in out


@pytest.mark.usefixtures("cli_login")
@pytest.mark.parametrize(("args", "code", "message"), [
    (["--dager", "tre"], 2, "Feil: argument --dager: «tre» må være et heltall fra 0 til 3660"),
    (["--dager", "99999"], 2, "Feil: argument --dager: «99999» må være et heltall fra 0 til 3660"),
    (["--dato", "32.13.2026"], 2, None),
    (["--saksbehandler", "Ingen Slik"], 1, "Feil: Ukjent saksbehandler «Ingen Slik»"),
])
def test_command_line_bad_input_is_one_norwegian_line(demo_path, tmp_path, capsys, args, code,
                                                      message):
    result = exit_code("kalender", "--db", str(demo_path), "--ut", str(tmp_path / "k.ics"), *args)
    out, err = capsys.readouterr()
    assert result == code and out == "" and err.count("\n") == 1 and err.startswith("Feil: ")
    if message:
        assert err == message + "\n"
    assert not (tmp_path / "k.ics").exists()


@pytest.mark.usefixtures("cli_login")
def test_command_line_refuses_another_file_type_before_signing_in(demo_path, tmp_path, capsys):
    code, out, err = run(capsys, "--db", str(demo_path), "--ut", str(tmp_path / "k.csv"))
    assert (code, out) == (1, "")
    assert err == ("Feil: Kalenderen skrives som iCalendar-fil (.ics), ikke som «.csv» – bruk "
                   "for eksempel «k.ics»\n")
    code, out, err = run(capsys, "--db", str(demo_path), "--ut", str(tmp_path / "kalender"))
    assert code == 0 and (tmp_path / "kalender.ics").exists()


def test_command_line_without_ut_is_a_usage_error(capsys):
    assert exit_code("kalender") == 2
    assert capsys.readouterr().err.startswith("Feil: mangler påkrevd argument")


# --- the Frister view -----------------------------------------------------------------------------


def _save_in_dialog(qtbot, target: Path) -> None:
    """When the file dialog is up, type the file name and accept it (as a person would)."""

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, QFileDialog) and w.isVisible())
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        name.setText(str(target))
        qtbot.keyClick(name, Qt.Key.Key_Return)

    QTimer.singleShot(200, answer)


def test_frister_button_exports_what_the_who_filter_shows(qtbot, demo_register, tmp_path):
    from ui.context import AppContext
    from ui.frister_page import FristerPage

    ctx = AppContext(demo_register, lambda: DEMO_TODAY)
    page = FristerPage(ctx)
    qtbot.addWidget(page)
    page.resize(1024, 600)
    page.show()
    worker = demo_register.caseworkers()[1].navn
    page.set_who("saksbehandler", worker)
    target = tmp_path / "min kalender.ics"
    _save_in_dialog(qtbot, target)
    page.calendar_button.setFocus()
    qtbot.keyClick(page.calendar_button, Qt.Key.Key_Space)  # the keyboard alone
    qtbot.waitUntil(lambda: page.calendar.message is not None)
    shown = {page.model.row_at(i).journalnummer for i in range(page.model.rowCount())}
    assert target.exists(), page.calendar.message.text()
    assert {str(e["SUMMARY"]).rsplit(" – ", 1)[1] for e in events(target)} == shown
    assert "written to" not in page.calendar.message.text()  # in bokmål
    assert str(target) in page.calendar.message.text()
    assert page.calendar_button.text().replace("&", "").startswith("Eksporter til kalender")
    (row,) = audit_rows(demo_register, "kalender_eksportert")
    assert row.detaljer["omfang"] == f"saksbehandler {worker}"
