"""Children with a DUF-nummer on screen: masked in the case list and header, and a visible
warning when the age deadlines cannot be computed."""

from __future__ import annotations

import random
from datetime import date

from core.identity import synthetic_duf
from core.model import Sak, Tiltak
from tests.conftest import DEMO_PASSWORD, DEMO_USER
from ui.context import AppContext
from ui.main_window import MainWindow

TODAY = date(2026, 11, 23)


def test_case_list_and_header_show_the_duf_number_masked(qtbot, demo_register):
    from ui.cases_page import CasesPage

    duf_child = next(s for s in demo_register.search("", 500)
                     if s.duf_nummer and not s.fodselsnummer)
    ctx = AppContext(demo_register, today=lambda: TODAY)
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.search.setText(duf_child.duf_nummer[:8])
    page.refresh()
    row = page.model.row_of(duf_child.id)
    assert row >= 0
    shown = " ".join(str(page.model.index(row, c).data())
                     for c in range(page.model.columnCount()))
    assert f"DUF {duf_child.duf_nummer[:4]} ********" in shown
    assert duf_child.duf_nummer not in shown
    page.open_case(duf_child.id)
    header = page.case_view.facts.text()
    assert "DUF" in header and duf_child.duf_nummer not in header


def test_a_child_without_a_birth_date_gives_a_visible_warning(qtbot, demo_register):
    worker = demo_register.caseworkers()[0].navn
    child = demo_register.save(Sak("2026/09999", "Uten Fødselsdato", "", None, "1", worker,
                                   date(2026, 10, 1),
                                   duf_nummer=synthetic_duf(2026, random.Random(11))))
    demo_register.save(Tiltak(child.id, "2.1", date(2026, 10, 5)))
    path = demo_register.db_path()  # the file, or the shared register's address
    demo_register.close()
    window = MainWindow(path, today=lambda: TODAY, credentials=(DEMO_USER, DEMO_PASSWORD))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=15000)
    assert not window.trust_banner.isHidden()
    text = window.trust_banner.text()
    assert "uten kjent fødselsdato" in text and "2026/09999" in text
    # the birth date is registered: the warning goes away and the age deadlines appear
    sak = window.ctx.register.sak(child.id)
    from dataclasses import replace

    window.ctx.save(replace(sak, fodselsdato=date(2010, 4, 2)))
    assert "2026/09999" not in window.trust_banner.text()
    rules = {d.rule_id for d in window.ctx.register.case_deadlines(child.id)}
    assert "ettervern.slutt" in rules


def test_register_with_a_duf_number_then_add_the_fodselsnummer_through_the_forms(qtbot, tmp_path):
    """The whole flow in real dialogs: a child with only a DUF-nummer, the fødselsnummer added
    later to the same case, and the duplicate check on either number."""
    from core.identity import synthetic_fnr
    from storage.records import Caseworker
    from tests.conftest import new_register
    from tests.test_ui_forms import WORKER, pick, type_date
    from ui.forms.melding import MeldingDialog
    from ui.forms.sak import SakDialog

    register = new_register(tmp_path / "duf.db")
    register.save_caseworker(Caseworker(WORKER, "Team Nord"))
    ctx = AppContext(register, today=lambda: TODAY)
    duf = synthetic_duf(2026, random.Random(5))
    d = MeldingDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    fields = d.sak_fields
    qtbot.keyClicks(fields.navn, "Amina Testbarn")
    qtbot.keyClicks(fields.duf, duf[:-1] + str((int(duf[-1]) + 1) % 10))  # a typing error
    qtbot.keyClicks(fields.journalnummer, "2026/00077")
    fields.saksbehandler.setCurrentIndex(fields.saksbehandler.findData(WORKER))
    type_date(qtbot, d.mottatt, "16.11.2026")
    pick(qtbot, d.melder.rows[0].picker, "Politi")
    pick(qtbot, d.saksinnhold.rows[0].picker, "Mobbing")
    assert fields.birth_row.visible  # no fødselsnummer: the birth date is typed, if known
    d.accept()
    assert d.isVisible()  # refused, at the field, with what was typed kept
    assert d.messages_at("sak.duf_nummer") == "Feil kontrollsiffer i DUF-nummeret"
    assert fields.navn.text() == "Amina Testbarn"
    fields.duf.clear()
    qtbot.keyClicks(fields.duf, duf)
    d.accept()
    assert not d.isVisible()
    [sak] = register.search("Amina")
    assert (sak.fodselsnummer, sak.duf_nummer, sak.fodselsdato) == ("", duf, None)

    # a second melding with the same DUF-nummer: the form points to the existing case
    again = MeldingDialog(ctx)
    qtbot.addWidget(again)
    again.show()
    qtbot.keyClicks(again.sak_fields.duf, duf)
    assert again.sak_fields.duplicate_row.visible
    assert "2026 ********" in again.sak_fields.duplicate.text()
    assert duf not in again.sak_fields.duplicate.text()
    assert again.sak_fields._duplicate_id == sak.id
    again.reject()

    # the fødselsnummer arrives: added in "Endre sak", same case, birth date from the number
    fnr = synthetic_fnr(date(2013, 6, 1), random.Random(9))
    edit = SakDialog(ctx, sak)
    qtbot.addWidget(edit)
    edit.show()
    qtbot.keyClicks(edit.fields.fnr, fnr)
    assert not edit.fields.birth_row.visible  # the number gives the birth date now
    edit.accept()
    assert not edit.isVisible()
    updated = register.case(sak.id).sak
    assert (updated.fodselsnummer, updated.duf_nummer) == (fnr, duf)
    assert updated.fodselsdato == date(2013, 6, 1)
    assert register.stats()["saker"] == 1
    register.close()
