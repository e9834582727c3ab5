"""Audit samples on a real register: the stored, reproducible draw, the review, the reviewers'
workbook, the role rules, and the summary table in the leader's report and its workbook."""

from __future__ import annotations

import hashlib
from datetime import date

import openpyxl
import pytest

from core.access import Role
from core.periods import parse_period, year
from core.samples import SampleKind, population
from service import AccessDenied
from service.reports import ExportOptions, export_report, load_report
from service.samples import (
    add_demo_samples,
    draw_sample,
    export_sample,
    list_samples,
    record_result,
    redraw,
    sample_items,
)
from storage.errors import NotFoundError, WorkbookError
from tests.conftest import DEMO_TODAY
from tests.security_support import add_user, audit_rows, sign_in_as

KIND = SampleKind.HENLAGTE_MELDINGER


def personal_texts(reg) -> set[str]:
    conn = reg.repository_for_report().db.conn
    found: set[str] = set()
    for navn, fnr in conn.execute("SELECT navn, fodselsnummer FROM saker"):
        found.add(navn)  # (surnames alone: the synthetic caseworkers share some)
        if fnr:
            found.add(fnr)
    return found


def test_a_draw_is_stored_logged_and_repeatable_with_its_seed(demo_register):
    reg = demo_register
    period = year(2026)  # running: looked at up to today
    first = draw_sample(reg, KIND, period, 5, seed=20261123)
    assert (first.kind, first.start, first.end, first.size, first.seed) == \
        (KIND, date(2026, 1, 1), DEMO_TODAY, 5, 20261123)
    repo = reg.repository_for_report()
    pool = population(KIND, repo.report_cases(date(2026, 1, 1)), date(2026, 1, 1), DEMO_TODAY,
                      repo.params())
    assert first.population == len(pool) > 5 and first.items == 5
    items = sample_items(reg, first.id)
    expected = sorted(pool, key=lambda c: hashlib.sha256(
        f"20261123:henlagte_meldinger:{c.gjelder_id}".encode()).hexdigest())[:5]
    assert [(i.nr, i.sak_id, i.gjelder, i.gjelder_id) for i in items] == \
        [(n, c.sak_id, "melding", c.gjelder_id) for n, c in enumerate(expected, start=1)]
    assert all(i.journalnummer and i.resultat is None for i in items)
    again = draw_sample(reg, KIND, period, 5, seed=20261123)
    assert [(i.sak_id, i.gjelder_id) for i in sample_items(reg, again.id)] == \
        [(i.sak_id, i.gjelder_id) for i in items]
    other = draw_sample(reg, KIND, period, 5)  # a new random seed, shown and stored
    assert 0 <= other.seed and [r.id for r in list_samples(reg)] == [other.id, again.id, first.id]
    rows = audit_rows(reg, "stikkprove_trukket")
    assert [r.detaljer["seed"] for r in rows] == [20261123, 20261123, other.seed]
    assert rows[0].detaljer["populasjon"] == len(pool) and rows[0].detaljer["trukket"] == 5
    assert not {p for p in personal_texts(reg) for r in rows if p in str(r.detaljer)}


def test_a_stored_draw_is_redrawn_exactly_from_what_is_stored(demo_register):
    """Drawn on 23.11. for the running year (stored up to 23.11.), redrawn a month later from
    the stored kind, period and seed: the same matters in the same order — though the running
    year now reaches further."""
    reg = demo_register
    record = draw_sample(reg, KIND, year(2026), 8, seed=31)
    stored = [(i.sak_id, i.gjelder_id) for i in sample_items(reg, record.id)]
    assert record.end == DEMO_TODAY  # the effective period is what is stored
    reg._repo._today = lambda: date(2026, 12, 23)
    assert [(c.sak_id, c.gjelder_id) for c in redraw(reg, record.id)] == stored
    with pytest.raises(NotFoundError):
        redraw(reg, record.id + 100)


def test_review_results_ok_and_avvik_with_a_note(demo_register):
    reg = demo_register
    record = draw_sample(reg, SampleKind.KONKLUDERTE_UNDERSOKELSER, year(2026), 3, seed=7)
    with pytest.raises(ValueError, match="Skriv en merknad som beskriver avviket"):
        record_result(reg, record.id, 2, "avvik", "   ")
    with pytest.raises(ValueError, match="Ukjent resultat"):
        record_result(reg, record.id, 2, "kanskje")
    with pytest.raises(NotFoundError):
        record_result(reg, record.id, 99, "ok")
    record_result(reg, record.id, 1, "ok")
    record_result(reg, record.id, 2, "avvik", "Barnet ble ikke snakket med")
    items = sample_items(reg, record.id)
    assert [(i.resultat, i.merknad) for i in items] == \
        [("ok", ""), ("avvik", "Barnet ble ikke snakket med"), (None, "")]
    assert items[0].vurdert_av == reg.user.navn and items[0].vurdert_tid.date() == DEMO_TODAY
    assert list_samples(reg)[0].reviewed == 2 and list_samples(reg)[0].avvik == 1
    record_result(reg, record.id, 1, None)  # cleared again
    assert sample_items(reg, record.id)[0].resultat is None
    rows = audit_rows(reg, "stikkprove_vurdert")
    assert [(r.detaljer["til"], r.detaljer["merknad"]) for r in rows] == \
        [("ok", ""), ("avvik", "utfylt"), (None, "")]
    assert rows[1].sak_id == items[1].sak_id
    assert "snakket" not in str([r.detaljer for r in rows])  # the note stays out of the log


def test_an_empty_population_or_a_future_period_is_refused(demo_register):
    with pytest.raises(ValueError, match="har ikke begynt"):
        draw_sample(demo_register, KIND, year(2027), 5)
    with pytest.raises(ValueError, match="Ingen henlagte meldinger i perioden"):
        draw_sample(demo_register, KIND, parse_period("1995"), 5)
    assert list_samples(demo_register) == []
    assert audit_rows(demo_register, "stikkprove_trukket") == []


def test_the_reviewers_workbook_is_internal_and_logged(demo_register, tmp_path):
    reg = demo_register
    record = draw_sample(reg, KIND, year(2026), 4, seed=3)
    record_result(reg, record.id, 1, "avvik", "Mangler begrunnelse")
    written = export_sample(reg, record.id, tmp_path)
    assert written.parent == tmp_path and written.name.startswith(f"Stikkprøve {record.id} ")
    ws = openpyxl.load_workbook(written)["Stikkprøve"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    items = sample_items(reg, record.id)
    assert {i.journalnummer for i in items} <= set(cells)
    assert "3" in cells and "Mangler begrunnelse" in cells and "avvik" in cells
    assert not {p for p in personal_texts(reg) if any(p in c for c in cells)}
    (logged,) = reg.exports()
    assert logged.profil == "intern" and logged.valg["stikkprove"] == record.id
    (row,) = audit_rows(reg, "stikkprove_eksportert")
    assert row.objekt == written.name and row.detaljer["rader"] == 4
    with pytest.raises(WorkbookError, match=r"Excel-arbeidsbok \(\.xlsx\), ikke som «\.csv»"):
        export_sample(reg, record.id, tmp_path / "liste.csv")
    assert len(reg.exports()) == 1


def test_only_a_leader_draws_and_sees_samples(demo_register):
    leader = demo_register
    record = draw_sample(leader, KIND, year(2026), 2, seed=1)
    add_user(leader, "sb", Role.SAKSBEHANDLER, saksbehandler=leader.caseworkers()[0].navn)
    add_user(leader, "sys", Role.SYSTEMANSVARLIG)
    leader.close()
    for name in ("sb", "sys"):
        reg = sign_in_as(leader, name)
        try:
            for call in (lambda r: draw_sample(r, KIND, year(2026), 2),
                         lambda r: list_samples(r),
                         lambda r: sample_items(r, record.id),
                         lambda r: redraw(r, record.id),
                         lambda r: record_result(r, record.id, 1, "ok")):
                with pytest.raises(AccessDenied, match="har ikke tilgang til å ta ut rapporter"):
                    call(reg)
            assert len(audit_rows(reg, "avvist")) >= 5
        finally:
            reg.close()


def test_the_report_counts_the_samples_in_its_own_table(demo_register, tmp_path):
    reg = demo_register
    a = draw_sample(reg, KIND, year(2026), 3, seed=11)
    draw_sample(reg, SampleKind.HENLAGTE_UNDERSOKELSER, year(2026), 2, seed=12)
    record_result(reg, a.id, 1, "ok")
    record_result(reg, a.id, 2, "avvik", "Feil kode")
    data = load_report(reg, parse_period("2026-11"))  # measured today: the draws are counted
    assert data.report.measured == DEMO_TODAY
    table = data.report.sections["Internkontroll"][0]  # [1]: the interne frister
    rows = {r[0]: r[1:] for r in table.rows}
    assert rows["Henlagte meldinger"] == [1, 3, 2, 1, 1, 1]
    assert rows["Henlagte undersøkelser"] == [1, 2, 0, 0, 0, 2]
    assert rows["Alle typer"] == [2, 5, 2, 1, 1, 3]
    for profil in ("intern", "politisk"):
        target = tmp_path / f"{profil}.xlsx"
        export_report(reg, data, target, ExportOptions(profil=profil), source="test")
        wb = openpyxl.load_workbook(target)
        cells = [c.value for row in wb["Internkontroll"].iter_rows() for c in row]
        assert "Stikkprøver (internkontroll)" in cells and "Alle typer" in cells
        about = [str(c.value) for row in wb["Om rapporten"].iter_rows() for c in row]
        assert any(v.startswith("Stikkprøver lederen har trukket") for v in about)
        if profil == "politisk":
            assert "<5" in cells  # small counts are not shown to the politicians
        else:
            assert 5 in cells and 3 in cells


def test_the_demo_municipality_gets_reviewed_samples(demo_register):
    assert add_demo_samples(demo_register) == 2
    records = list_samples(demo_register)
    assert {r.kind for r in records} == {KIND, SampleKind.KONKLUDERTE_UNDERSOKELSER}
    assert all(r.reviewed >= 2 and r.avvik == 1 and r.start == date(2026, 1, 1)
               for r in records)
    table = load_report(demo_register, parse_period("2026-11")).report \
        .sections["Internkontroll"][0]
    assert table.rows[-1][1] == 2  # both draws in this month's report
