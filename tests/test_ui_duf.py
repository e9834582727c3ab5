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
    path = demo_register.path
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
