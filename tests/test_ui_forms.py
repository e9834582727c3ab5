"""The registration dialogs, driven through their real widgets (offscreen) on a real database."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from core.identity import mask, synthetic_fnr
from core.model import (
    Akutt,
    CodedValue,
    Frequency,
    Lovhjemmel,
    Melding,
    Plan,
    Sak,
    Tiltak,
    Vedtak,
    VisitKind,
)
from storage.errors import StorageError
from storage.records import Caseworker, DeadlineRow
from tests.conftest import new_register, write_lock
from ui.context import AppContext
from ui.forms import action_text, dialog_for_action, new_melding, open_action
from ui.forms.conclude_melding import ConcludeMeldingDialog
from ui.forms.end_tiltak import EndTiltakDialog
from ui.forms.evaluation import EvaluationDialog
from ui.forms.fields import CodePicker, DateField
from ui.forms.melding import MeldingDialog
from ui.forms.plan import PlanDialog
from ui.forms.vedtak import VedtakDialog
from ui.forms.visits import VisitDialog

TODAY = date(2026, 11, 23)
WORKER = "Kari Saksbehandler"


@pytest.fixture
def repo(tmp_path, qapp):
    repo = new_register(tmp_path / "fristvakt.db")
    repo.save_caseworker(Caseworker(WORKER, "Team Nord"))
    repo.save_caseworker(Caseworker("Per Leder", "Team Sør", er_leder=True))
    yield repo
    for widget in QApplication.topLevelWidgets():  # dialogs go before their database
        widget.close()
    repo.close()


@pytest.fixture
def ctx(repo, qapp):
    return AppContext(repo, today=lambda: TODAY)


def fnr(birth: date = date(2015, 5, 17), seed: int = 3) -> str:
    return synthetic_fnr(birth, random.Random(seed))


def make_case(ctx: AppContext, *, birth: date = date(2015, 5, 17), journal: str = "2026/00001",
              seed: int = 3) -> Sak:
    number = fnr(birth, seed)
    from core.identity import parse_person_id

    person = parse_person_id(number, TODAY)
    return ctx.register.save(Sak(journal, "Testbarn Hansen", number, person.birth_date, person.sex,
                             WORKER, date(2026, 1, 5)))


def make_melding(ctx: AppContext, sak: Sak, mottatt: date = date(2026, 11, 16)) -> Melding:
    return ctx.register.save(Melding(sak.id, mottatt, (CodedValue("8"),), (CodedValue("1.4.03"),)))


def make_foster_tiltak(ctx: AppContext, sak: Sak, start: date = date(2026, 2, 2)) -> Tiltak:
    vedtak = ctx.register.save(Vedtak(sak.id, start, Lovhjemmel("BVL2021", "5", "1")))
    return ctx.register.save(Tiltak(sak.id, "2.2", start, Lovhjemmel("BVL2021", "5", "1"),
                                vedtak_id=vedtak.id,
                                oppfolging_hyppighet=(Frequency(start, 4),),
                                tilsyn_hyppighet=(Frequency(start, 4),)))


def type_date(qtbot, field: DateField, text: str) -> None:
    field.setFocus()
    field.selectAll()
    field.del_()
    field.setCursorPosition(0)
    qtbot.keyClicks(field, text)


def pick(qtbot, picker: CodePicker, text: str) -> None:
    picker.lineEdit().clear()
    qtbot.keyClicks(picker.lineEdit(), text)


def open_row(repo, rule_id: str) -> DeadlineRow:
    return next(r for r in repo.open_deadlines(TODAY) if r.rule_id == rule_id)


def run_modal(qtbot, start: Callable[[], object], interact: Callable[[QDialog], None]):
    """Start a modal dialog with ``start()`` and drive it with ``interact`` from the event loop."""
    seen: list[QDialog] = []

    def handler() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, handler)
            return
        seen.append(dialog)
        try:
            interact(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, handler)
    result = start()
    assert seen, "no dialog was shown"
    return result, seen[0]


def counts(repo) -> dict[str, int]:
    return repo.stats()


# --- new melding --------------------------------------------------------------------------------


def fill_new_child(qtbot, d: MeldingDialog, number: str, *, journal: str = "2026/00042",
                   received: str = "16.11.2026") -> None:
    assert d.sak_fields is not None
    qtbot.keyClicks(d.sak_fields.navn, "Ola Testbarn")
    qtbot.keyClicks(d.sak_fields.fnr, number)
    qtbot.keyClicks(d.sak_fields.journalnummer, journal)
    d.sak_fields.saksbehandler.setCurrentIndex(d.sak_fields.saksbehandler.findData(WORKER))
    type_date(qtbot, d.mottatt, received)
    pick(qtbot, d.melder.rows[0].picker, "Politi")
    pick(qtbot, d.saksinnhold.rows[0].picker, "Mobbing")


def test_register_melding_through_the_dialog_creates_its_deadline(qtbot, ctx, repo):
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    assert not d.save_button.isEnabled()  # nothing typed yet, and the dialog says why
    assert d.summary.text()
    number = fnr()
    fill_new_child(qtbot, d, number)
    assert d.melder.values() == (CodedValue("8"),)
    assert d.sak_fields.team.currentText() == "Team Nord"  # from the caseworker
    assert "17.05.2015" in d.sak_fields.derived.text()  # birth date derived from the number
    assert d.errors() == []
    assert d.save_button.isEnabled()
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    assert d.result() == QDialog.DialogCode.Accepted

    [sak] = repo.search("2026/00042")
    assert (sak.fodselsnummer, sak.fodselsdato, sak.kjonn) == (number, date(2015, 5, 17), "1")
    assert sak.startdato == date(2026, 11, 16)
    [row] = [r for r in repo.open_deadlines(TODAY) if r.rule_id == "melding.gjennomgang"]
    assert row.sak_id == sak.id
    assert row.frist == date(2026, 11, 23)  # received 16.11.2026 + 7 days
    assert d.saved_sak_id == sak.id


def test_new_melding_api_returns_true_after_save(qtbot, ctx, repo):
    number = fnr(seed=11)

    def interact(dialog: QDialog) -> None:
        assert isinstance(dialog, MeldingDialog)
        fill_new_child(qtbot, dialog, number, journal="2026/00077")
        qtbot.keyClick(dialog.mottatt, Qt.Key.Key_Return)  # Enter saves when valid

    saved, _ = run_modal(qtbot, lambda: new_melding(ctx, None), interact)
    assert saved is True
    assert len(repo.search("2026/00077")) == 1


def test_new_melding_for_an_existing_case_found_by_search(qtbot, ctx, repo):
    sak = make_case(ctx)
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.existing.setChecked(True)
    assert d.picker is not None
    qtbot.keyClicks(d.picker.search, sak.fodselsnummer[:6])
    d.picker.run_search()
    assert d.picker.results.count() == 1
    assert sak.fodselsnummer not in d.picker.results.item(0).text()  # masked in the list
    assert mask(sak.fodselsnummer) in d.picker.results.item(0).text()
    pick(qtbot, d.melder.rows[0].picker, "11")  # a code typed exactly
    d.accept()
    assert d.result() == QDialog.DialogCode.Accepted
    assert [m.melder for m in repo.case(sak.id).meldinger] == [(CodedValue("11"),)]
    assert counts(repo)["saker"] == 1


def test_fodselsnummer_with_wrong_check_digit_is_refused_at_the_field(qtbot, ctx, repo):
    before = counts(repo)
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    good = fnr()
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    fill_new_child(qtbot, d, bad)
    assert d.messages_at("sak.fodselsnummer") == "Feil kontrollsiffer i fødselsnummeret"
    assert d.sak_fields.fnr.property("invalid") is True
    assert not d.save_button.isEnabled()
    assert "kontrollsiffer" in d.summary.text()
    qtbot.keyClick(d.sak_fields.fnr, Qt.Key.Key_Return)
    d.accept()  # even a forced save refuses
    assert d.isVisible() and d.result() != QDialog.DialogCode.Accepted
    assert counts(repo) == before
    assert d.sak_fields.fnr.text() == bad  # what was typed is kept
    assert d.sak_fields.navn.text() == "Ola Testbarn"


def test_presisering_field_appears_for_a_reporter_that_requires_it(qtbot, ctx):
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    fill_new_child(qtbot, d, fnr())
    row = d.melder.rows[0]
    assert not row.presisering.isVisible()
    pick(qtbot, row.picker, "22")
    assert row.presisering.isVisible()
    assert "mangler presisering" in d.messages_at("melding.melder")
    assert not d.save_button.isEnabled()
    qtbot.keyClicks(row.presisering, "Legevakt")
    assert d.save_button.isEnabled()
    assert d.melder.values() == (CodedValue("22", "Legevakt"),)


def test_storage_error_at_save_is_shown_and_keeps_the_input(qtbot, ctx, repo, monkeypatch):
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    fill_new_child(qtbot, d, fnr())

    # another program holds the register's write lock: the save waits out the busy timeout,
    # then says so; the form stays open with what was typed and nothing is written
    with write_lock(ctx.register):
        d.accept()
    assert d.isVisible()
    assert "er i bruk av et annet program" in d.general_error.text()
    assert d.sak_fields.navn.text() == "Ola Testbarn"
    assert counts(repo)["saker"] == 0
    d.accept()  # the lock is gone: the same form saves
    assert not d.isVisible()
    assert counts(repo)["saker"] == 1


def test_a_failure_after_the_case_is_saved_rolls_the_case_back(qtbot, ctx, repo, monkeypatch):
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    fill_new_child(qtbot, d, fnr())
    real = type(repo._repo).save_many
    calls = []

    def fail_second(self, objs):
        calls.append(objs)
        if len(calls) == 2:  # the case went in; now the melding fails
            raise StorageError("Disken er full; endringen er ikke lagret.")
        return real(self, objs)

    monkeypatch.setattr(type(repo._repo), "save_many", fail_second)
    d.accept()
    assert len(calls) == 2 and d.isVisible()
    assert "Disken er full" in d.general_error.text()
    assert counts(repo)["saker"] == 0  # one transaction: the case was rolled back too


# --- conclude melding ---------------------------------------------------------------------------


def test_conclude_with_code_2_through_open_action_starts_the_undersokelse(
        qtbot, ctx, repo, monkeypatch):
    sak = make_case(ctx)
    melding = make_melding(ctx, sak, date(2026, 11, 16))
    row = open_row(repo, "melding.gjennomgang")
    calls: list[list] = []
    real = ctx.save_many
    monkeypatch.setattr(ctx, "save_many", lambda objs: calls.append(list(objs)) or real(objs))

    def interact(dialog: QDialog) -> None:
        assert isinstance(dialog, ConcludeMeldingDialog)
        pick(qtbot, dialog.konklusjon, "2")
        type_date(qtbot, dialog.dato, "20.11.2026")
        assert dialog.starts.isVisibleTo(dialog)  # "Saving also starts an undersøkelse …"
        qtbot.keyClick(dialog.dato, Qt.Key.Key_Return)

    saved, _ = run_modal(qtbot, lambda: open_action(ctx, row, None), interact)
    assert saved is True
    assert [type(o).__name__ for o in calls[0]] == ["Melding", "Undersokelse"]  # one transaction
    case = repo.case(sak.id)
    assert case.meldinger[0].konklusjon_kode == "2"
    [u] = case.undersokelser
    assert (u.melding_id, u.startdato) == (melding.id, date(2026, 11, 20))
    open_rules = {r.rule_id for r in repo.open_deadlines(TODAY)}
    assert "melding.gjennomgang" not in open_rules
    assert "undersokelse.frist" in open_rules
    met = [d for d in repo.case_deadlines(sak.id) if d.rule_id == "melding.gjennomgang"]
    assert met[0].oppfylt_dato == date(2026, 11, 20)


def test_conclusion_before_receipt_is_refused_at_the_field(qtbot, ctx, repo):
    sak = make_case(ctx)
    melding = make_melding(ctx, sak, date(2026, 11, 16))
    before = counts(repo)
    d = ConcludeMeldingDialog(ctx, melding)
    qtbot.addWidget(d)
    d.show()
    pick(qtbot, d.konklusjon, "2")
    type_date(qtbot, d.dato, "10.11.2026")
    assert d.messages_at("konklusjon_dato") == (
        "Konklusjonsdato kan ikke være før meldingen ble mottatt (16.11.2026)")
    assert d.dato.property("invalid") is True
    assert not d.save_button.isEnabled()
    d.accept()
    assert counts(repo) == before
    assert repo.case(sak.id).meldinger[0].konklusjon_kode is None
    assert d.dato.text() == "10.11.2026"


def test_text_that_is_not_a_date_is_reported_at_the_field(qtbot, ctx, repo):
    sak = make_case(ctx)
    melding = make_melding(ctx, sak)
    d = ConcludeMeldingDialog(ctx, melding)
    qtbot.addWidget(d)
    d.show()
    pick(qtbot, d.konklusjon, "3")
    type_date(qtbot, d.dato, "31.02.2026")
    assert d.messages_at("konklusjon_dato")  # "Not a valid date …" (translated in the app)
    assert not d.save_button.isEnabled()


def test_ambiguous_code_text_asks_for_a_choice(qtbot, ctx, repo):
    sak = make_case(ctx)
    d = ConcludeMeldingDialog(ctx, make_melding(ctx, sak))
    qtbot.addWidget(d)
    d.show()
    pick(qtbot, d.konklusjon, "Henlagt")  # several conclusions contain the word
    assert d.konklusjon.code() is None
    assert "Henlagt" in d.messages_at("konklusjon_kode")
    assert not d.save_button.isEnabled()


# --- vedtak and tiltak --------------------------------------------------------------------------


def test_missing_presisering_for_tiltak_3_7_is_refused(qtbot, ctx, repo):
    sak = make_case(ctx)
    before = counts(repo)
    d = VedtakDialog(ctx, sak.id)
    qtbot.addWidget(d)
    d.show()
    type_date(qtbot, d.dato, "20.11.2026")
    qtbot.keyClicks(d.lovhjemmel.kapittel, "3")
    qtbot.keyClicks(d.lovhjemmel.paragraf, "1")
    fields = d.tiltak_fields
    assert fields is not None
    pick(qtbot, fields.kategori.picker, "3.7")
    assert fields.kategori.presisering.isVisible()
    assert d.messages_at("tiltak.presisering") == (
        "Tiltakskategori med kode 3.7 mangler presisering")
    assert not d.save_button.isEnabled()
    d.accept()
    assert counts(repo) == before
    qtbot.keyClicks(fields.kategori.presisering, "Familieveiledning i hjemmet")
    assert d.save_button.isEnabled(), d.errors()
    d.accept()
    case = repo.case(sak.id)
    [vedtak] = case.vedtak
    [tiltak] = case.tiltak
    assert tiltak.vedtak_id == vedtak.id  # saved together, linked
    assert (tiltak.kategori_kode, tiltak.presisering) == ("3.7", "Familieveiledning i hjemmet")
    assert tiltak.startdato == date(2026, 11, 20)  # follows the vedtak date
    assert "tiltaksplan.mangler" in {r.rule_id for r in repo.open_deadlines(TODAY)}


def test_foster_home_tiltak_with_akutt_and_frequencies(qtbot, ctx, repo):
    sak = make_case(ctx)
    d = VedtakDialog(ctx, sak.id)
    qtbot.addWidget(d)
    d.show()
    type_date(qtbot, d.dato, "02.11.2026")
    d.lovhjemmel.set_value(Lovhjemmel("BVL2021", "4", "2"))
    d.akutt_box.setChecked(True)
    d.akutt_type.setEditText("§ 4-2 akuttvedtak om plassering")
    type_date(qtbot, d.tidspunkt, "02.11.2026 14:30")
    type_date(qtbot, d.sendt_nemnd, "02.11.2026 13:00")  # before the decision
    assert d.messages_at("vedtak.akutt.sendt_nemnd").startswith(
        "Kan ikke være sendt nemnda før akuttvedtaket ble fattet")
    assert not d.save_button.isEnabled()
    type_date(qtbot, d.sendt_nemnd, "02.11.2026 16:00")
    fields = d.tiltak_fields
    assert fields is not None
    assert not fields.foster_rows[0].visible
    pick(qtbot, fields.kategori.picker, "2.5")
    assert fields.foster_rows[0].visible
    fields.tilsyn.per_year.setCurrentIndex(fields.tilsyn.per_year.findData(2))
    qtbot.keyClicks(fields.kommune, "30x1")  # only digits get through
    assert fields.kommune.text() == "301"
    assert d.messages_at("tiltak.tilsyn_ansvarlig_kommune") == "Kommunenummer må ha fire siffer"
    qtbot.keyClicks(fields.kommune, "1")
    assert d.save_button.isEnabled(), d.errors()
    d.accept()
    case = repo.case(sak.id)
    [v] = case.vedtak
    assert v.akutt == Akutt("§ 4-2 akuttvedtak om plassering", datetime(2026, 11, 2, 14, 30),
                            datetime(2026, 11, 2, 16, 0))
    [t] = case.tiltak
    assert t.oppfolging_hyppighet == (Frequency(date(2026, 11, 2), 4),)
    assert t.tilsyn_hyppighet == (Frequency(date(2026, 11, 2), 2),)
    assert t.tilsyn_ansvarlig_kommune == "3011"


def test_end_before_start_is_refused_at_the_field(qtbot, ctx, repo):
    sak = make_case(ctx)
    tiltak = make_foster_tiltak(ctx, sak, date(2026, 2, 2))
    before = counts(repo)
    d = EndTiltakDialog(ctx, tiltak)
    qtbot.addWidget(d)
    d.show()
    type_date(qtbot, d.sluttdato, "01.02.2026")
    assert d.messages_at("sluttdato") == "Sluttdato kan ikke være før startdato (02.02.2026)"
    assert not d.save_button.isEnabled()
    d.accept()
    assert counts(repo) == before
    assert repo.case(sak.id).tiltak[0].sluttdato is None
    assert d.sluttdato.text() == "01.02.2026"


def test_ending_a_care_order_requires_the_reason_with_presisering(qtbot, ctx, repo):
    sak = make_case(ctx)
    tiltak = make_foster_tiltak(ctx, sak)
    d = EndTiltakDialog(ctx, tiltak)
    qtbot.addWidget(d)
    d.show()
    type_date(qtbot, d.sluttdato, "20.11.2026")
    assert "årsak til opphevelse" in d.summary.text()
    pick(qtbot, d.opphevelse.picker, "4")
    assert d.messages_at("opphevelse_presisering").endswith("mangler presisering")
    qtbot.keyClicks(d.opphevelse.presisering, "Flyttet til nytt fosterhjem")
    assert d.save_button.isEnabled()
    d.accept()
    t = repo.case(sak.id).tiltak[0]
    assert (t.sluttdato, t.opphevelse_kode, t.opphevelse_presisering) == (
        date(2026, 11, 20), "4", "Flyttet til nytt fosterhjem")


# --- visits ---------------------------------------------------------------------------------------


def test_quick_entry_of_three_visits_is_one_save(qtbot, ctx, repo, monkeypatch):
    sak = make_case(ctx)
    tiltak = make_foster_tiltak(ctx, sak)
    row = open_row(repo, "tilsyn.besok")
    d = dialog_for_action(ctx, row)
    assert isinstance(d, VisitDialog)
    qtbot.addWidget(d)
    d.show()
    assert d.kind() is VisitKind.TILSYN  # from the rule id
    assert d.tiltak.currentData() == tiltak.id
    calls: list[list] = []
    real = ctx.save_many
    monkeypatch.setattr(ctx, "save_many", lambda objs: calls.append(list(objs)) or real(objs))
    type_date(qtbot, d.dates[0], "10.03.2026")
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    qtbot.keyClick(d.dates[0], Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    type_date(qtbot, d.dates[1], "12.06.2026")
    qtbot.mouseClick(d.add_button, Qt.MouseButton.LeftButton)
    type_date(qtbot, d.dates[2], "01.09.2026")
    assert len(d.dates) == 3
    assert d.save_button.isEnabled(), d.errors()
    before = counts(repo)["besok"]
    d.accept()
    assert counts(repo)["besok"] == before + 3
    assert len(calls) == 1 and len(calls[0]) == 3
    visits = repo.case(sak.id).visits(tiltak.id, VisitKind.TILSYN)
    assert visits == [date(2026, 3, 10), date(2026, 6, 12), date(2026, 9, 1)]


def test_a_visit_outside_the_tiltak_period_is_shown_at_its_own_date(qtbot, ctx, repo):
    sak = make_case(ctx)
    tiltak = make_foster_tiltak(ctx, sak, date(2026, 2, 2))
    d = VisitDialog(ctx, sak.id, tiltak_id=tiltak.id, kind=VisitKind.OPPFOLGING)
    qtbot.addWidget(d)
    d.show()
    type_date(qtbot, d.dates[0], "10.03.2026")
    d._add_clicked()
    type_date(qtbot, d.dates[1], "10.01.2026")
    assert d.messages_at("besok0.dato") == "", d.errors()
    assert [f.text() for f in d.dates] == ["10.03.2026", "10.01.2026"], d.errors()
    assert d.messages_at("besok1.dato").startswith("Besøksdatoen må ligge innenfor")
    assert not d.save_button.isEnabled()


# --- open_action --------------------------------------------------------------------------------


def test_open_action_maps_each_rule_to_its_dialog(qtbot, ctx, repo):
    sak = make_case(ctx, birth=date(2009, 3, 1))
    make_melding(ctx, sak)
    tiltak = make_foster_tiltak(ctx, sak)
    help_vedtak = ctx.register.save(Vedtak(sak.id, date(2026, 3, 1),
                                           Lovhjemmel("BVL2021", "3", "1")))
    ctx.register.save(Tiltak(sak.id, "4.1", date(2026, 3, 1), Lovhjemmel("BVL2021", "3", "1"),
                         vedtak_id=help_vedtak.id))
    plan = ctx.register.save(Plan(sak.id, "4", date(2026, 3, 1)))
    akutt = ctx.register.save(Vedtak(sak.id, date(2026, 11, 20), Lovhjemmel("BVL2021", "4", "2"),
                                 akutt=Akutt("§ 4-2", datetime(2026, 11, 20, 9, 0))))
    rows = {r.rule_id: r for r in repo.open_deadlines(TODAY)}
    expected = {
        "melding.gjennomgang": ConcludeMeldingDialog,
        "oppfolging.besok": VisitDialog,
        "tiltaksplan.mangler": PlanDialog,
        "akutt.godkjenning": VedtakDialog,
        "akutt.begjaering": VedtakDialog,
    }
    for rule_id, cls in expected.items():
        d = dialog_for_action(ctx, rows[rule_id])
        assert isinstance(d, cls), rule_id
        qtbot.addWidget(d)
        assert action_text(rule_id)
    plan_dialog = dialog_for_action(ctx, rows["tiltaksplan.mangler"])
    qtbot.addWidget(plan_dialog)
    assert plan_dialog.plantype.code() == "1"
    akutt_dialog = dialog_for_action(ctx, rows["akutt.godkjenning"])
    qtbot.addWidget(akutt_dialog)
    assert akutt_dialog.vedtak == akutt and akutt_dialog.akutt_box.isChecked()
    assert akutt_dialog.tiltak_box is None  # editing the akuttvedtak, not a new tiltak

    omsorg = replace(rows["tiltaksplan.mangler"],
                     deadline=replace(rows["tiltaksplan.mangler"].deadline,
                                      rule_id="omsorgsplan.mangler", gjelder_id=tiltak.id))
    d = dialog_for_action(ctx, omsorg)
    qtbot.addWidget(d)
    assert isinstance(d, PlanDialog) and d.plantype.code() == "4"
    evaluation = replace(omsorg, deadline=replace(omsorg.deadline, rule_id="omsorgsplan.evaluering",
                                                  gjelder="plan", gjelder_id=plan.id))
    d = dialog_for_action(ctx, evaluation)
    qtbot.addWidget(d)
    assert isinstance(d, EvaluationDialog) and d.plan == plan


def test_open_action_without_a_dialog_returns_false(qtbot, ctx, repo):
    sak = make_case(ctx)
    make_melding(ctx, sak)
    row = open_row(repo, "melding.gjennomgang")
    local = replace(row, deadline=replace(row.deadline, rule_id="lokal.egen_frist"))
    assert open_action(ctx, local, None) is False
    assert action_text("lokal.egen_frist") is None
    gone = replace(row, deadline=replace(row.deadline, gjelder_id=9999))
    assert open_action(ctx, gone, None) is False


def test_evaluation_is_added_to_the_plan(qtbot, ctx, repo):
    sak = make_case(ctx)
    plan = ctx.register.save(Plan(sak.id, "1", date(2026, 3, 1)))
    row = open_row(repo, "tiltaksplan.evaluering")

    def interact(dialog: QDialog) -> None:
        assert isinstance(dialog, EvaluationDialog)
        type_date(qtbot, dialog.dato, "01.02.2026")  # before the plan started
        assert "før planens startdato" in dialog.messages_at("evalueringer")
        type_date(qtbot, dialog.dato, "02.06.2026")
        dialog.accept()

    saved, _ = run_modal(qtbot, lambda: open_action(ctx, row, None), interact)
    assert saved is True
    assert repo.case(sak.id).planer[0].evalueringer == (date(2026, 6, 2),)
    assert plan.id == repo.case(sak.id).planer[0].id


def test_keyboard_escape_cancels_without_saving(qtbot, ctx, repo):
    sak = make_case(ctx)
    melding = make_melding(ctx, sak)
    before = counts(repo)
    d = ConcludeMeldingDialog(ctx, melding)
    qtbot.addWidget(d)
    d.show()
    pick(qtbot, d.konklusjon, "3")
    answered: list[str] = []

    def discard() -> None:  # something was typed: Esc asks first (tests/test_ui_first_use.py)
        box = QApplication.activeModalWidget()
        if box is None or box is d:
            QTimer.singleShot(10, discard)
            return
        [button] = [b for b in box.buttons()
                    if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole]
        answered.append(button.text())
        button.click()

    QTimer.singleShot(0, discard)
    qtbot.keyClick(d.konklusjon, Qt.Key.Key_Escape)
    assert answered == ["Forkast"]
    assert d.result() == QDialog.DialogCode.Rejected
    assert counts(repo) == before


def test_tab_order_follows_the_form(qtbot, ctx, repo):
    sak = make_case(ctx)
    d = ConcludeMeldingDialog(ctx, make_melding(ctx, sak))
    qtbot.addWidget(d)
    chain: list[QWidget] = []
    w = d.konklusjon.lineEdit()
    for _ in range(4):
        w = w.nextInFocusChain()
        chain.append(w)
    assert d.dato in chain


# --- every stored record opens valid and saves back unchanged -------------------------------------


def edit_dialog(ctx: AppContext, sak_id: int, record) -> QDialog:
    """The "Endre…" dialog of a stored record."""
    from ui.forms.ettervern import EttervernDialog
    from ui.forms.sak import SakDialog
    from ui.forms.tiltak import TiltakDialog
    from ui.forms.undersokelse import UndersokelseDialog

    kind = type(record).__name__
    if kind == "Sak":
        return SakDialog(ctx, record)
    if kind == "Melding":
        return MeldingDialog(ctx, melding=record)
    if kind == "Besok":
        return VisitDialog(ctx, sak_id, besok=record)
    cls = {"Undersokelse": UndersokelseDialog, "Vedtak": VedtakDialog, "Tiltak": TiltakDialog,
           "Plan": PlanDialog, "Ettervern": EttervernDialog}[kind]
    return cls(ctx, sak_id, record)


def test_edit_dialogs_round_trip_the_demo_records(qtbot, demo_register, demo_today):
    """Opening "Endre…" on stored records shows no problems and reads back the same record."""
    ctx = AppContext(demo_register, today=lambda: demo_today)
    checked = 0
    for i, case in enumerate(demo_register.repository_for_report().iter_cases()):
        if i >= 25:
            break
        records = [case.sak, *case.meldinger, *case.undersokelser, *case.vedtak, *case.tiltak,
                   *case.planer, *case.besok, *case.ettervern]
        for record in records:
            dialog = edit_dialog(ctx, case.sak.id, record)
            qtbot.addWidget(dialog)
            assert dialog.errors() == [], (type(dialog).__name__, dialog.errors())
            entries, _ = dialog.collect()
            assert entries[0].obj == record
            checked += 1
    assert checked > 50
