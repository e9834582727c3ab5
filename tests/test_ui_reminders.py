"""Reminders: the summary bar (counts from count_open), midnight, and the click into Frister."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QDateTime, QSettings, QTime

from core.deadlines import Status
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.reminders import ReminderBar, Reminders, ReminderSummary, ms_to_next_midnight, summarize

TODAY = date(2026, 11, 23)


@pytest.fixture
def ctx(demo_register):
    return AppContext(demo_register, lambda: TODAY)


def expected_counts(repo, who, *, lokal=False):
    """Overdue and due soon, counted from the deadline list itself (status per row): the
    law's deadlines, or with ``lokal`` the service's internal ones."""
    rows = [r for r in repo.open_deadlines(TODAY, saksbehandler=who)
            if r.deadline.lokal is lokal]
    return (sum(r.status is Status.FORFALT for r in rows),
            sum(r.status is Status.SNART for r in rows))


def test_summary_counts_match_count_open(ctx):
    summary = summarize(ctx.register, TODAY, None)
    assert (summary.overdue, summary.soon) == expected_counts(ctx.register, None)
    assert summary.overdue > 0
    assert summary.internal_overdue == expected_counts(ctx.register, None, lokal=True)[0] > 0
    worker = ctx.register.caseworkers()[0].navn
    mine = summarize(ctx.register, TODAY, worker)
    assert (mine.overdue, mine.soon) == expected_counts(ctx.register, worker)
    assert mine.internal_overdue == expected_counts(ctx.register, worker, lokal=True)[0]


def test_bar_text_is_norwegian_and_uses_the_counts(qtbot, ctx):
    bar = ReminderBar()
    qtbot.addWidget(bar)
    reminders = Reminders(ctx, bar)
    summary = reminders.check(notify=True)
    assert not bar.isHidden()
    overdue, week = expected_counts(ctx.register, None)
    text = bar.text.text()
    assert text.startswith("Hele tjenesten:")
    assert f"{overdue} frister er forfalt" in text or f"{overdue} frist er forfalt" in text
    assert f"{week} forfaller snart" in text
    internal = expected_counts(ctx.register, None, lokal=True)[0]
    assert text.endswith(f" · {internal} interne frister forfalt")  # never added to the law's
    assert summary == ReminderSummary(overdue, week, None, internal)
    worker = ctx.register.caseworkers()[0].navn
    ctx.set_me(worker)
    reminders.check()
    assert bar.text.text().startswith("Dine saker:")


def test_singular_and_nothing_to_report(ctx):
    reminders = Reminders(ctx, ReminderBar())
    assert reminders.text(ReminderSummary(1, 1, "X")) == (
        "Dine saker: 1 frist er forfalt, 1 forfaller snart")
    assert reminders.text(ReminderSummary(3, 5, None)) == (
        "Hele tjenesten: 3 frister er forfalt, 5 forfaller snart")
    assert "Ingen frister er forfalt" in reminders.text(ReminderSummary(0, 0, None))
    assert reminders.text(ReminderSummary(0, 2, None, 1)) == (
        "Hele tjenesten: 0 frister er forfalt, 2 forfaller snart · 1 intern frist forfalt")


def test_dismiss_and_midnight(qtbot, ctx):
    bar = ReminderBar()
    qtbot.addWidget(bar)
    bar.show()
    reminders = Reminders(ctx, bar)
    reminders.start()
    assert reminders._timer.isActive()
    bar.close_button.click()
    assert bar.isHidden()
    with qtbot.waitSignal(reminders.new_day):
        reminders._midnight()  # what the timer does at midnight
    assert not bar.isHidden()
    assert reminders._timer.isActive()
    reminders.stop()


def test_ms_to_next_midnight():
    now = QDateTime(QDate(2026, 11, 23), QTime(23, 59, 0))
    assert ms_to_next_midnight(now) == 65_000
    morning = QDateTime(QDate(2026, 11, 23), QTime(8, 0, 0))
    assert ms_to_next_midnight(morning) == (16 * 3600 + 5) * 1000


def test_clicking_the_bar_shows_my_overdue_deadlines(qtbot, demo_register):
    worker = next(w.navn for w in demo_register.caseworkers()
                  if demo_register.count_open(TODAY, saksbehandler=w.navn)[Status.FORFALT])
    path = demo_register.db_path()
    demo_register.close()
    QSettings().setValue("bruker/demo/saksbehandler", worker)  # as chosen in Innstillinger
    window = MainWindow(path, today=lambda: TODAY, credentials=("demo", "demo"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=15000)
    assert not window.reminder_bar.isHidden()
    assert window.reminder_bar.text.text().startswith("Dine saker:")
    window.show_page(3)
    window.reminder_bar.show_button.click()
    page = window.frister_page
    assert window.current_page() is page
    assert page.status_combo.currentData() == "forfalt"
    assert page.current_query().saksbehandler == worker
    rows = [page.model.row_at(i) for i in range(page.model.rowCount())]
    assert rows and all(r.status == Status.FORFALT and r.saksbehandler == worker for r in rows)
    summary = window.reminders.summary
    assert len(rows) == summary.overdue + summary.internal_overdue  # both are shown in the list
