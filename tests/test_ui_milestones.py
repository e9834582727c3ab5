"""Interne frister in the UI: a leader defines one from the keyboard in Innstillinger, it shows
in Frister marked «intern frist», and «Vis interne frister» hides them (remembered)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from core.deadlines import Status
from service import milestones
from ui.context import AppContext
from ui.deadline_model import COL_HVA
from ui.frister_page import FristerPage
from ui.milestones_tab import MilestoneDialog
from ui.settings_page import SettingsPage

TODAY = date(2026, 11, 23)


@pytest.fixture
def ctx(demo_register):
    return AppContext(demo_register, lambda: TODAY)


@pytest.fixture
def settings(qtbot, ctx):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1024, 600)
    page.show()
    page.tabs.setCurrentIndex(page.milestones_index)
    return page


@pytest.fixture
def frister(qtbot, ctx):
    page = FristerPage(ctx)
    qtbot.addWidget(page)
    page.resize(1024, 600)
    page.show()
    return page


def _press(qtbot, widget, key, times=1, modifier=Qt.KeyboardModifier.NoModifier):
    for _ in range(times):
        qtbot.keyClick(widget, key, modifier)



def test_a_leader_defines_a_milestone_from_the_keyboard(qtbot, settings, ctx):
    tab = settings.milestones_tab
    assert tab.model.rowCount() == 5, "Moss' five milestones"
    seen: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MilestoneDialog) or dialog.focusWidget() is None:
            QTimer.singleShot(10, fill)
            return
        QTimer.singleShot(10000, dialog.reject)  # never hang the test run

        def focus():
            return dialog.focusWidget()

        qtbot.keyClicks(focus(), "Kontakt innen 10 dager")
        _press(qtbot, focus(), Qt.Key.Key_Tab)  # → starts with
        _press(qtbot, focus(), Qt.Key.Key_Down, 2)  # undersøkelse startet
        _press(qtbot, focus(), Qt.Key.Key_Tab)  # → offset
        _press(qtbot, focus(), Qt.Key.Key_A, modifier=Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(focus(), "10")
        _press(qtbot, focus(), Qt.Key.Key_Tab)  # → unit (uker)
        _press(qtbot, focus(), Qt.Key.Key_Up)  # dager
        _press(qtbot, focus(), Qt.Key.Key_Tab)  # → met by (første kontakt)
        _press(qtbot, focus(), Qt.Key.Key_Tab)  # → «then again» (left off)
        _press(qtbot, focus(), Qt.Key.Key_Tab)  # → applies from
        assert focus() is dialog.applies
        _press(qtbot, focus(), Qt.Key.Key_Home)
        qtbot.keyClicks(focus(), "01012025")
        seen.append(dialog.spec().describe())
        _press(qtbot, focus(), Qt.Key.Key_Return)  # Save

    QTimer.singleShot(0, fill)
    tab.view.setFocus()
    with qtbot.waitSignal(tab.saved, timeout=30000):
        _press(qtbot, tab.new_button, Qt.Key.Key_Space)
    assert seen == ["Undersøkelse startet + 10 dager; oppfylt ved «første kontakt med familien»"]
    [new] = [v for v in milestones.milestones(ctx.register) if v.spec.label ==
             "Kontakt innen 10 dager"]
    assert (new.spec.id, new.spec.gjelder_fra, new.versjon, new.aktiv) == (
        "kontakt_innen_10_dager", date(2025, 1, 1), 1, True)
    assert tab.model.rowCount() == 6
    assert tab.current().spec.id == "kontakt_innen_10_dager"
    assert tab.history_model.rowCount() == 1
    # computed at once: every investigation started from 2025 on, due 10 days after its start
    repo = ctx.register.repository_for_report()
    started = {u.id: u.startdato for c in repo.iter_cases() for u in c.undersokelser
               if u.startdato >= date(2025, 1, 1)}
    local = {d.gjelder_id: d.frist for d in repo.all_deadlines()
             if d.rule_id == "lokal.kontakt_innen_10_dager"}
    assert local and set(local) == set(started)
    assert all((local[i] - started[i]).days == 10 for i in started)


def test_switching_off_keeps_a_version_and_removes_the_deadlines(qtbot, settings, ctx):
    tab = settings.milestones_tab
    tab.view.selectRow(0)
    chosen = tab.current()
    assert tab.toggle_button.text().replace("&", "") == "Slå av"
    with qtbot.waitSignal(tab.saved, timeout=30000):
        tab.toggle_button.click()
    assert tab.current().spec.id == chosen.spec.id and not tab.current().aktiv
    assert tab.history_model.rowCount() == 2
    assert tab.toggle_button.text().replace("&", "") == "Slå på"
    rule_id = f"lokal.{chosen.spec.id}"
    assert not [d for d in ctx.register.repository_for_report().all_deadlines()
                if d.rule_id == rule_id]


def test_the_dialog_shows_each_problem_at_its_field(qtbot, ctx):
    dialog = MilestoneDialog(None, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save.isEnabled(), "no name yet"
    qtbot.keyClicks(dialog.name, "Evaluering")
    dialog.anchor.setCurrentIndex(dialog.anchor.findData("undersokelse.startet"))
    dialog.recurring.setChecked(True)
    assert "skjer bare én gang" in dialog.errors["interval"].text()
    assert dialog.errors["interval"].isVisible() and not save.isEnabled()
    dialog.anchor.setCurrentIndex(dialog.anchor.findData("tiltaksplan.opprettet"))
    assert [dialog.met_by.itemData(i) for i in range(dialog.met_by.count())] == [
        "tiltaksplan.evaluert"]
    assert not dialog.errors["interval"].isVisible() and save.isEnabled()
    dialog.applies.clear()
    assert dialog.errors["gjelder_fra"].isVisible() and not save.isEnabled()


def test_frister_marks_internal_deadlines_and_hides_them_on_request(qtbot, frister, ctx):
    def internal_rows():
        return [frister.model.row_at(i) for i in range(frister.model.rowCount())
                if frister.model.row_at(i).deadline.lokal]

    shown = internal_rows()
    assert shown, "the demo has open internal deadlines"
    at = next(i for i in range(frister.model.rowCount())
              if frister.model.row_at(i).deadline.lokal)
    text = frister.model.index(at, COL_HVA).data()
    assert text.endswith("(intern frist)")
    assert frister.local_check.text().replace("&", "") == "Vis interne frister"
    assert frister.local_check.isChecked()
    total = frister.model.total
    frister.local_check.setFocus()
    qtbot.keyClick(frister.local_check, Qt.Key.Key_Space)
    assert not frister.local_check.isChecked()
    assert internal_rows() == []
    assert frister.model.total == total - len(shown)
    assert all(r.status in (Status.APEN, Status.SNART, Status.FORFALT)
               for r in (frister.model.row_at(i) for i in range(frister.model.rowCount())))
    # remembered: a new Frister view (the next start) comes up without them
    again = FristerPage(ctx)
    qtbot.addWidget(again)
    again.restore_state(QSettings())
    assert not again.local_check.isChecked()
    again.model.reload()
    assert not [again.model.row_at(i) for i in range(again.model.rowCount())
                if again.model.row_at(i).deadline.lokal]


def test_the_next_step_of_an_internal_deadline_is_its_legal_twins(qtbot, frister, ctx):
    from ui.forms import dialog_for_action
    from ui.forms.conclude_undersokelse import ConcludeUndersokelseDialog

    rows = ctx.register.open_deadlines(TODAY, rule_ids=["lokal.undersokelse_for_lovfrist"])
    assert rows, "the demo has an open «concluded two weeks before the legal date»"
    dialog = dialog_for_action(ctx, rows[0])
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ConcludeUndersokelseDialog)
    assert dialog.undersokelse.id == rows[0].deadline.gjelder_id


def test_the_case_view_names_internal_deadlines_too(frister, ctx):
    from ui.case_model import CaseDeadlineModel

    row = next(frister.model.row_at(i) for i in range(frister.model.rowCount())
               if frister.model.row_at(i).rule_id == "lokal.oppstartsmote")
    model = CaseDeadlineModel(lambda: TODAY)
    model.set_deadlines(ctx.register.case_deadlines(row.deadline.sak_id))
    texts = [model.index(r, model.WHAT).data() for r in range(model.rowCount())]
    assert "Oppstartsmøte innen 4 uker (intern frist)" in texts
