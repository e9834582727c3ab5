"""First real use (issue 8): the first melding in a new register, the caseworker field, Esc with
something typed, one behaviour for every "New melding" route, one message for a future date.

Driven through the real widgets (offscreen) on real registers; modal dialogs and questions are
answered from the event loop as a user would.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from core.access import Action
from core.identity import parse_person_id, synthetic_fnr
from core.model import CodedValue, Melding, Sak
from storage.records import Caseworker
from tests.conftest import new_register
from ui.context import AppContext
from ui.forms.caseworker import NewCaseworkerDialog
from ui.forms.conclude_melding import ConcludeMeldingDialog
from ui.forms.melding import MeldingDialog
from ui.main_window import PAGE_SAKER, MainWindow
from ui.signin import NewLeaderDialog

TODAY = date(2026, 11, 23)
DISCARD, KEEP = "Forkast", "Fortsett å skrive"


@pytest.fixture
def empty(tmp_path, qapp):
    """A new register: no caseworkers, no cases; the leader "tester" is linked to no one."""
    register = new_register(tmp_path / "ny.db", TODAY)
    yield register
    for widget in QApplication.topLevelWidgets():  # dialogs go before their register
        widget.close()
    register.close()


@pytest.fixture
def ctx(empty):
    return AppContext(empty, today=lambda: TODAY)


# --- driving modal dialogs and questions ----------------------------------------------------------


class Answer:
    """Answer the next question box with the button ``choice`` (by its text), recording the
    question. A box without that button is still closed (by its destructive button), so a
    wrong text fails the test instead of hanging it."""

    def __init__(self, choice: str) -> None:
        self.choice = choice
        self.seen: list[tuple[str, list[str]]] = []
        self._on = True
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        if not self._on:
            return
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, self._poll)
            return
        texts = [b.text() for b in box.buttons()]
        self.seen.append((box.text(), texts))
        chosen = [b for b in box.buttons() if b.text() == self.choice] or [
            b for b in box.buttons()
            if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole]
        chosen[0].click()

    def stop(self) -> None:
        self._on = False


def when_modal(kind: type, interact: Callable[[QDialog], None]) -> list[QDialog]:
    """Run ``interact`` on the next modal dialog of type ``kind`` (rejecting it if still open)."""
    seen: list[QDialog] = []

    def handler() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, handler)
            return
        seen.append(dialog)
        try:
            interact(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()  # programmatic: never asks

    QTimer.singleShot(0, handler)
    return seen


def fill_child(qtbot, d: MeldingDialog, *, journal: str, seed: int = 4) -> str:
    """Type a new child and one reporter (received: today, as the form suggests)."""
    assert d.sak_fields is not None
    number = synthetic_fnr(date(2020, 2, 2), random.Random(seed))
    qtbot.keyClicks(d.sak_fields.navn, "Nora Ny")
    qtbot.keyClicks(d.sak_fields.fnr, number)
    qtbot.keyClicks(d.sak_fields.journalnummer, journal)
    qtbot.keyClicks(d.melder.rows[0].picker.lineEdit(), "Barnehage")
    return number


def type_date(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    field.del_()
    field.setCursorPosition(0)
    qtbot.keyClicks(field, text)


# --- the first melding in an empty register ------------------------------------------------------


def test_first_melding_in_an_empty_register_via_new_caseworker(qtbot, ctx, empty):
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    combo = d.sak_fields.saksbehandler
    assert not combo.has_choices() and combo.can_add()
    assert combo.itemText(combo.count() - 1) == "+ Ny saksbehandler…"
    # Nobody to choose: the field says how to add someone before anything is typed.
    message = d.messages_at("sak.saksbehandler")
    assert "+ Ny saksbehandler…" in message and "Innstillinger → Saksbehandlere" in message
    assert "må fylles ut" not in message
    number = fill_child(qtbot, d, journal="2026/00001")
    reporters = d.melder.values()
    assert reporters
    assert not d.save_button.isEnabled()  # the caseworker is all that is missing, and it says so
    assert d.summary.text() == f"Kan ikke lagre ennå: {message}"

    heard: list[bool] = []
    ctx.data_changed.connect(lambda: heard.append(True))

    def add(dialog: QDialog) -> None:
        assert dialog.windowTitle() == "Ny saksbehandler"
        qtbot.keyClicks(dialog.name, "Kari Nordmann")
        dialog.team.setFocus()
        qtbot.keyClicks(dialog.team.lineEdit(), "Team Nord")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    added = when_modal(NewCaseworkerDialog, add)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last entry: "+ Ny saksbehandler…"
    qtbot.waitUntil(lambda: bool(added) and not added[0].isVisible(), timeout=5000)

    assert [(c.navn, c.team) for c in empty.caseworkers()] == [("Kari Nordmann", "Team Nord")]
    assert heard  # every open view hears about the new caseworker
    assert combo.name() == "Kari Nordmann"
    assert d.sak_fields.team.currentText() == "Team Nord"
    # Everything typed before is still there.
    assert d.sak_fields.navn.text() == "Nora Ny"
    assert d.sak_fields.fnr.text() == number
    assert d.sak_fields.journalnummer.text() == "2026/00001"
    assert d.melder.values() == reporters
    assert d.messages_at("sak.saksbehandler") == ""

    qtbot.keyClick(d.mottatt, Qt.Key.Key_Return)  # Enter saves
    assert d.result() == QDialog.DialogCode.Accepted
    [sak] = empty.search("2026/00001")
    assert (sak.navn, sak.saksbehandler, sak.team) == ("Nora Ny", "Kari Nordmann", "Team Nord")
    assert d.saved_journalnummer == "2026/00001"


def test_new_caseworker_dialog_refuses_a_name_in_use_and_keeps_the_choice_on_cancel(
        qtbot, ctx, empty):
    empty.save_caseworker(Caseworker("Kari Nordmann", "Team Nord", aktiv=False))
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    combo = d.sak_fields.saksbehandler

    def typed_taken(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.name, "kari nordmann")
        assert not dialog.save_button.isEnabled()
        assert "finnes allerede" in dialog.problem.text()
        qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)

    seen = when_modal(NewCaseworkerDialog, typed_taken)
    combo.request_add()
    qtbot.waitUntil(lambda: bool(seen) and not seen[0].isVisible(), timeout=5000)
    assert combo.name() == ""  # cancelled: nothing chosen, nothing saved
    assert [(c.navn, c.aktiv) for c in empty.caseworkers()] == [("Kari Nordmann", False)]


def test_without_the_right_to_add_caseworkers_the_message_says_who_adds_them(
        qtbot, ctx, monkeypatch):
    monkeypatch.setattr(ctx, "may", lambda action: action != Action.CASEWORKERS)
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    combo = d.sak_fields.saksbehandler
    assert not combo.can_add()
    assert all("+" not in combo.itemText(i) for i in range(combo.count()))
    d.accept()
    message = d.messages_at("sak.saksbehandler")
    assert "Innstillinger → Saksbehandlere" in message and "+ Ny" not in message


# --- defaults to me ----------------------------------------------------------------------------


def test_caseworker_defaults_to_me(qtbot, ctx, empty):
    empty.save_caseworker(Caseworker("Anne Annen", "Team Sør"))
    empty.save_caseworker(Caseworker("Tor Tester", "Team Nord"))
    ctx.set_me("Tor Tester")  # Innstillinger: "Jeg er"
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    assert d.sak_fields.saksbehandler.name() == "Tor Tester"
    assert d.sak_fields.team.currentText() == "Team Nord"
    assert not d.is_dirty()  # the default is not something the user typed


# --- Esc and closing ask before discarding -----------------------------------------------------


def test_escape_closes_an_untouched_form_at_once(qtbot, ctx):
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    answer = Answer(DISCARD)
    qtbot.keyClick(d.sak_fields.navn, Qt.Key.Key_Escape)
    answer.stop()
    assert answer.seen == []
    assert d.result() == QDialog.DialogCode.Rejected and not d.isVisible()


def test_escape_asks_before_discarding_what_was_typed(qtbot, ctx, empty):
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    qtbot.keyClicks(d.sak_fields.navn, "Nora")

    keep = Answer(KEEP)
    qtbot.keyClick(d.sak_fields.navn, Qt.Key.Key_Escape)
    keep.stop()
    assert [(text, sorted(buttons)) for text, buttons in keep.seen] == [
        ("Forkaste det du har skrevet?", [DISCARD, KEEP])]
    assert d.isVisible() and d.sak_fields.navn.text() == "Nora"  # still writing

    cancel = Answer(KEEP)  # the Cancel button asks too
    qtbot.mouseClick(d.buttons.button(QDialogButtonBox.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)
    cancel.stop()
    assert len(cancel.seen) == 1 and d.isVisible()

    discard = Answer(DISCARD)
    qtbot.keyClick(d.sak_fields.navn, Qt.Key.Key_Escape)
    discard.stop()
    assert len(discard.seen) == 1
    assert d.result() == QDialog.DialogCode.Rejected and not d.isVisible()
    assert empty.search("") == []


def test_typing_back_what_was_there_counts_as_untouched(qtbot, ctx):
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    qtbot.keyClicks(d.sak_fields.navn, "No")
    assert d.is_dirty()
    d.sak_fields.navn.clear()
    d.existing.setChecked(True)
    assert d.is_dirty()  # another choice is a change
    d.new_child.setChecked(True)
    assert not d.is_dirty()


def test_closing_the_window_asks_but_closing_by_the_program_does_not(qtbot, ctx, empty,
                                                                     monkeypatch):
    empty.save_caseworker(Caseworker("Tor", "Team Nord"))
    person = parse_person_id(synthetic_fnr(date(2016, 3, 3), random.Random(2)), TODAY)
    sak = empty.save(Sak("2026/00002", "Ola Normann", person.number, person.birth_date,
                         person.sex, "Tor", date(2026, 11, 2)))
    melding = empty.save(Melding(sak.id, date(2026, 11, 16), (CodedValue("8"),)))
    d = ConcludeMeldingDialog(ctx, melding)  # any form built on the common frame
    qtbot.addWidget(d)
    d.show()
    qtbot.keyClicks(d.konklusjon.lineEdit(), "3")
    assert d.is_dirty()

    with monkeypatch.context() as m:  # as the window manager's close button sends it
        m.setattr(QCloseEvent, "spontaneous", lambda _self: True)
        keep = Answer(KEEP)
        d.close()
        keep.stop()
    assert len(keep.seen) == 1 and d.isVisible()

    silent = Answer(DISCARD)
    d.close()  # e.g. signing out closes it: nothing to ask
    silent.stop()
    assert silent.seen == [] and not d.isVisible()


# --- one message for a future Mottatt date -----------------------------------------------------


def test_a_future_received_date_gives_one_message_at_received(qtbot, ctx):
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    type_date(qtbot, d.mottatt, "24.11.2026")
    future = [e for e in d.errors() if "etter dagens dato" in e.message]
    assert [(e.field, e.message) for e in future] == [
        ("melding.mottatt", "Mottatt dato kan ikke være etter dagens dato")]
    assert d.messages_at("melding.mottatt") == "Mottatt dato kan ikke være etter dagens dato"
    assert not any("Startdato" in e.message for e in d.errors())


# --- every route to a new melding opens the case and confirms it ----------------------------------


def open_window(qtbot, path) -> MainWindow:
    window = MainWindow(path, today=lambda: TODAY, credentials=("demo", "demo"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=15000)
    return window


def save_new_child(qtbot, journal: str) -> list[QDialog]:
    def interact(dialog: QDialog) -> None:
        fill_child(qtbot, dialog, journal=journal, seed=9)
        if not dialog.sak_fields.saksbehandler.name():
            dialog.sak_fields.saksbehandler.setCurrentIndex(1)
        qtbot.keyClick(dialog.mottatt, Qt.Key.Key_Return)

    return when_modal(MeldingDialog, interact)


def test_ctrl_n_opens_the_new_case_and_confirms_it(qtbot, demo_register):
    other = demo_register.search("", limit=1)[0]
    demo_register.close()
    window = open_window(qtbot, demo_register.db_path())
    window.open_case(other.id)  # a case is on screen before
    window.show_page(0)

    seen = save_new_child(qtbot, "2026/09991")
    window.new_melding_action.trigger()  # Ctrl+N
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    [sak] = window.ctx.register.search("2026/09991")
    assert window.current_page() is window.cases_page
    assert window.cases_page.case_view.sak_id == sak.id
    assert window.statusBar().currentMessage() == "Melding registrert i sak 2026/09991"


def test_the_saker_page_button_takes_the_same_route(qtbot, demo_register):
    [existing] = demo_register.search("", limit=1)
    demo_register.close()
    window = open_window(qtbot, demo_register.db_path())
    window.show_page(PAGE_SAKER)

    def for_existing_case(dialog: QDialog) -> None:
        dialog.existing.setChecked(True)
        qtbot.keyClicks(dialog.picker.search, existing.journalnummer)
        dialog.picker.run_search()
        dialog.picker.select(existing.id)
        qtbot.keyClicks(dialog.melder.rows[0].picker.lineEdit(), "Barnehage")
        qtbot.keyClick(dialog.mottatt, Qt.Key.Key_Return)

    seen = when_modal(MeldingDialog, for_existing_case)
    qtbot.mouseClick(window.cases_page.new_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    assert window.current_page() is window.cases_page
    assert window.cases_page.case_view.sak_id == existing.id
    assert window.statusBar().currentMessage() == (
        f"Melding registrert i sak {existing.journalnummer}")


def test_first_melding_from_the_empty_state_of_a_new_register(qtbot, tmp_path):
    """The whole first use: a new register, its leader (who also works on cases), the first
    melding with the caseworker already chosen (me), and the case on screen afterwards."""
    window = MainWindow(tmp_path / "ny.db", today=lambda: TODAY, credentials=("demo", "demo"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: isinstance(window.opener.dialog, NewLeaderDialog), timeout=5000)
    leader = window.opener.dialog
    leader.full_name.setText("Lise Leder")
    leader.user.setText("lise")
    leader.password.setText("hemmelig-123")
    leader.repeat.setText("hemmelig-123")
    leader.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(window.is_ready, timeout=15000)
    assert window.is_empty_state()

    chosen: list[str] = []

    def interact(dialog: QDialog) -> None:
        chosen.append(dialog.sak_fields.saksbehandler.name())  # before anything is typed
        fill_child(qtbot, dialog, journal="2026/00001", seed=5)
        qtbot.keyClick(dialog.mottatt, Qt.Key.Key_Return)

    seen = when_modal(MeldingDialog, interact)
    window.empty_state.first_button.click()
    assert chosen == ["Lise Leder"]  # defaults to me
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    [sak] = window.ctx.register.search("2026/00001")
    assert sak.saksbehandler == "Lise Leder"
    assert not window.is_empty_state()
    assert window.current_page() is window.cases_page
    assert window.cases_page.case_view.sak_id == sak.id
    assert window.statusBar().currentMessage() == "Melding registrert i sak 2026/00001"
