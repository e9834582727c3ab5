"""Innstillinger: parameters saved in the background with history, caseworkers, "Jeg er"."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from core.params import PARAMS
from core.rules import CATALOGUE
from storage.records import Caseworker
from tests.conftest import write_lock
from ui.context import AppContext
from ui.frister_page import FristerPage
from ui.settings_page import CaseworkerDialog, SettingsPage

TODAY = date(2026, 11, 23)
KEY = "tiltaksplan.evaluering.mnd"


@pytest.fixture
def ctx(demo_register):
    return AppContext(demo_register, lambda: TODAY)


@pytest.fixture
def page(qtbot, ctx):
    widget = SettingsPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def evaluation_dates(repo):
    return {r.deadline.key: r.frist
            for r in repo.open_deadlines(TODAY, rule_ids=["tiltaksplan.evaluering"])}


def test_every_parameter_has_an_editor_with_its_value(page, ctx):
    values = ctx.register.params()
    for param in PARAMS:
        editor = page.editor(param.key)
        value = editor.isChecked() if param.type is bool else editor.value()
        assert value == values[param.key]
    assert page.editor(KEY).suffix() == " måneder"
    assert page._notes[KEY].text() == "standardverdi — kan endres"  # RETNINGSLINJE
    assert page._notes["varsel.dager_kort"].text() == ""  # LOKAL, at its default
    assert not page.save_button.isEnabled()


def test_changing_a_parameter_records_history_and_recomputes(qtbot, page, ctx):
    frister = FristerPage(ctx)
    qtbot.addWidget(frister)
    frister.set_rule("tiltaksplan.evaluering")
    before = evaluation_dates(ctx.register)
    assert before
    page.editor(KEY).setValue(6)
    assert page.changes() == {KEY: 6}
    assert "endret fra 3 måneder" in page._notes[KEY].text()
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(page.saved, timeout=30000):
        page.save_button.click()
    assert ctx.register.params()[KEY] == 6
    history = ctx.register.param_history(KEY)
    assert len(history) == 1 and (history[0].old, history[0].new) == (3, 6)
    assert history[0].endret_av == "demo"
    model = page.history_model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[1:] == ["demo", "Intervall for evaluering av tiltaksplan", "3 måneder",
                       "6 måneder"]
    after = evaluation_dates(ctx.register)
    assert after != before  # recomputed: every evaluation is now 6 months out
    changed = [k for k in after if k in before and after[k] != before[k]]
    assert changed and all(after[k] > before[k] for k in changed)
    # the Frister view heard data_changed and shows the recomputed dates
    shown = {frister.model.row_at(i).deadline.key: frister.model.row_at(i).frist
             for i in range(frister.model.rowCount())}
    assert shown == after
    assert not page.save_button.isEnabled()


def test_undo_restores_the_values_in_force(page):
    page.editor(KEY).setValue(9)
    page.revert_button.click()
    assert page.editor(KEY).value() == 3
    assert page.changes() == {}


def test_i_am_chooser_sets_the_user(page, ctx):
    name = ctx.register.caseworkers()[1].navn
    page.me_combo.setCurrentIndex(page.me_combo.findData(name))
    assert ctx.me() == name
    page.me_combo.setCurrentIndex(0)
    assert ctx.me() is None


def test_caseworkers_can_be_added_and_edited(page, ctx):
    assert page.save_caseworker(Caseworker("Ny Saksbehandler", "Team Vest", True, False))
    names = [page.caseworker_model.record(i).navn
             for i in range(page.caseworker_model.rowCount())]
    assert "Ny Saksbehandler" in names
    assert page.me_combo.findData("Ny Saksbehandler") >= 0
    page.save_caseworker(Caseworker("Ny Saksbehandler", "Team Vest", False, False))
    saved = next(c for c in ctx.register.caseworkers() if c.navn == "Ny Saksbehandler")
    assert saved.aktiv is False
    assert page.me_combo.findData("Ny Saksbehandler") < 0  # inactive: not offered


def test_caseworker_dialog_validates_the_name(qtbot, ctx):
    existing = ctx.register.caseworkers()
    dialog = CaseworkerDialog(existing, None)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.text() == "Lagre"
    assert not save.isEnabled()
    dialog.name.setText(existing[0].navn)
    assert not save.isEnabled()
    assert "finnes allerede" in dialog.problem.text()
    dialog.name.setText("Helt Ny")
    assert save.isEnabled()
    assert dialog.caseworker().navn == "Helt Ny"
    editing = CaseworkerDialog(existing, existing[0])
    qtbot.addWidget(editing)
    assert editing.name.isReadOnly()
    assert editing.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def test_rule_catalogue_is_shown(page):
    model = page.catalogue_model
    assert model.rowCount() == len(CATALOGUE)
    labels = [model.index(i, 0).data() for i in range(model.rowCount())]
    assert "Evaluer tiltaksplan" in labels
    at = labels.index("Evaluer tiltaksplan")
    assert model.index(at, 1).data() == "bvl § 8-1; Q-0982 «hvert kvartal»"
    assert model.index(at, 2).data() == "Retningslinje"
    assert model.index(at, 5).data() == "Intervall for evaluering av tiltaksplan"


def test_models_pass_the_model_tester(qtmodeltester, page, ctx):
    ctx.register.set_param(KEY, 4)
    ctx.data_changed.emit()
    for model in (page.history_model, page.caseworker_model, page.catalogue_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_a_failed_save_shows_the_message_and_keeps_the_values(qtbot, page, ctx, monkeypatch):
    import ui.settings_page as settings_module

    shown = []
    monkeypatch.setattr(settings_module.QMessageBox, "warning",
                        lambda parent, title, text: shown.append((title, text)))
    page.editor(KEY).setValue(5)
    with write_lock(ctx.register):  # another program holds the register
        page.save_changes()
        qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert len(shown) == 1 and shown[0][0] == "Innstillinger"
    assert "er i bruk av et annet program" in shown[0][1]
    assert ctx.register.params()[KEY] == 3
    assert ctx.register.param_history() == []
    assert page.editor(KEY).value() == 5  # what was typed is kept for another try
    assert page.save_button.isEnabled()


def test_unsaved_edits_survive_other_changes(page, ctx):
    page.editor(KEY).setValue(7)
    ctx.data_changed.emit()  # e.g. a melding saved in another view
    assert page.editor(KEY).value() == 7
    assert page.changes() == {KEY: 7}
