"""Placements in the register (migration 12): moves and foster-home needs stored and read back,
the local alert among the stored deadlines, the placement tables counted in SQL equal to the
pure count, and the written workbook with the tables and their definitions."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from core.identity import parse_person_id, synthetic_fnr
from core.model import Flytting, Lovhjemmel, Sak, Tiltak, Vedtak
from core.periods import Period
from core.placement_report import STABILITY_KEY, TEMPORARY_KEY, WAIT_KEY, placement_tables
from core.report_model import Days
from service.reports import ExportOptions, export_report, load_report
from storage import driver
from storage.audit import AuditFilter
from storage.migrations import migrate, schema_version
from storage.records import Caseworker
from storage.ssb_v4 import Avgiver, read_case
from storage.ssb_v4_write import IdSource, case_document
from storage.ssb_xml import SsbDocument, schema_errors
from tests.conftest import DEMO_TODAY, new_register

OMSORG = Lovhjemmel("BVL2021", "5", "1")
AKUTT = Lovhjemmel("BVL2021", "4", "2")
WORKER = "Kari Saksbehandler"
PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30), "1. halvår 2026")


def child(reg, journal: str, seed: int) -> Sak:
    number = synthetic_fnr(date(2016, 3, 4), random.Random(seed))
    person = parse_person_id(number, DEMO_TODAY)
    return reg.save(Sak(journal, f"Testbarn {seed}", number, person.birth_date, person.sex,
                        WORKER, date(2025, 1, 5)))


@pytest.fixture
def reg(tmp_path):
    reg = new_register(tmp_path / "fristvakt.db")
    reg.save_caseworker(Caseworker(WORKER, "Team Nord"))
    yield reg
    reg.close()


def populate(reg) -> tuple[int, int]:
    """Two children, hand-worked for the first half of 2026 measured on 30.06.2026:

    * A: akuttvedtak 01.02.2026 into a beredskapshjem (temporary) that needs a foster home from
      08.02; moved into a foster home 21.04 (the beredskapshjem ended 20.04: 78 days; the wait
      08.02 → 21.04: 72 days), one move.
    * B: care order 01.03.2026, foster home needed from 01.03, still in a beredskapshjem on
      30.06 (121 days, and still waiting 121 days), no move.
    """
    a = child(reg, "2026/00001", 1)
    v_a = reg.save(Vedtak(a.id, date(2026, 2, 1), AKUTT,
                          fosterhjem_behov_dato=date(2026, 2, 8)))
    reg.save(Tiltak(a.id, "2.5", date(2026, 2, 1), AKUTT, vedtak_id=v_a.id,
                    sluttdato=date(2026, 4, 20), opphevelse_kode="2"))
    v_a2 = reg.save(Vedtak(a.id, date(2026, 4, 21), OMSORG))
    reg.save(Tiltak(a.id, "2.2", date(2026, 4, 21), OMSORG, vedtak_id=v_a2.id))
    reg.save(Flytting(a.id, date(2026, 4, 20), "1.1.4", "2"))
    b = child(reg, "2026/00002", 2)
    v_b = reg.save(Vedtak(b.id, date(2026, 3, 1), OMSORG, fosterhjem_behov_dato=date(2026, 3, 1)))
    reg.save(Tiltak(b.id, "2.5", date(2026, 3, 1), OMSORG, vedtak_id=v_b.id))
    return a.id or 0, b.id or 0


def test_a_move_and_a_need_are_stored_read_back_and_logged(reg):
    a, _ = populate(reg)
    case = reg.case(a)
    [f] = case.flyttinger
    assert (f.dato, f.arsak_fra_kode, f.flytting_til_kode) == (date(2026, 4, 20), "1.1.4", "2")
    assert case.vedtak[0].fosterhjem_behov_dato == date(2026, 2, 8)
    changed = reg.save(Flytting(a, f.dato, "1.1.5", "2", "Uenighet om forsterkning", id=f.id))
    assert reg.case(a).flyttinger == (changed,)
    handlinger = [(e.handling, e.objekt) for e in reg.audit_entries(_all_entries())]
    assert ("opprette", f"flytting {f.id}") in handlinger
    assert ("endre", f"flytting {f.id}") in handlinger
    reg.delete(changed)
    assert reg.case(a).flyttinger == ()


def _all_entries() -> AuditFilter:
    return AuditFilter()


def test_an_invalid_move_writes_nothing(reg):
    a, _ = populate(reg)
    before = reg.stats()
    with pytest.raises(ValueError, match="mangler presisering"):
        reg.save(Flytting(a, date(2026, 4, 20), "1.2.3", "2"))
    assert reg.stats() == before


def test_the_alert_is_a_stored_local_deadline(reg):
    _, b = populate(reg)
    [d] = [d for d in reg.case_deadlines(b) if d.rule_id == "midlertidig.varighet"]
    assert d.lokal and d.frist == date(2026, 5, 30)  # 01.03 + 30 + 30 + 30 = 30.05: 90 days
    reg.set_param("midlertidig.varsel.dager", 120)  # recomputed with the new threshold
    [d] = [d for d in reg.case_deadlines(b) if d.rule_id == "midlertidig.varighet"]
    assert d.frist == date(2026, 6, 29)


def test_the_tables_counted_in_sql_are_the_hand_worked_and_the_pure_ones(reg):
    populate(reg)
    data = load_report(reg, PERIOD, date(2026, 6, 30))
    tiltak = {t.key: t for t in data.report.sections["Tiltak"]}
    temporary, wait, stability = tiltak[TEMPORARY_KEY], tiltak[WAIT_KEY], tiltak[STABILITY_KEY]
    assert temporary.rows == [["Avsluttet i perioden", 1, None, None, 0, 1, 0, 0],
                              ["Pågår 30.06.2026", 1, None, None, 0, 0, 1, 0]]
    assert wait.rows == [["Flyttet inn i fosterhjem i perioden", 1, None, None, 0, 1, 0, 0],
                         ["Venter fortsatt 30.06.2026", 1, None, None, 0, 0, 1, 0],
                         ["Saken avsluttet uten fosterhjem i perioden", 0, None, None,
                          0, 0, 0, 0]]
    assert stability.rows == [["Barn i plassering eller flyttet i perioden", 2, 1, 1, 0, 0]]
    assert (temporary, wait, stability) == placement_tables(data.cases, PERIOD,
                                                            date(2026, 6, 30))


def test_a_wait_ended_by_the_case_is_counted_apart_in_both_report_paths(reg):
    """Besides A and B (``populate``): C needs a foster home from 01.02.2026, and the case
    ends 31.05.2026 without one (28 + 31 + 30 + 31 + 30 = 119 days: 91–180); D needed one from
    01.03.2025 and its case ended 30.09.2025, before the period. Neither is still waiting on
    30.06.2026; C is counted as ended without a foster home, D not at all."""
    populate(reg)
    c = child(reg, "2026/00003", 3)
    reg.save(Vedtak(c.id, date(2026, 2, 1), OMSORG, fosterhjem_behov_dato=date(2026, 2, 1)))
    reg.save(replace(reg.case(c.id).sak, sluttdato=date(2026, 5, 31)))
    d = child(reg, "2026/00004", 4)
    reg.save(Vedtak(d.id, date(2025, 3, 1), OMSORG, fosterhjem_behov_dato=date(2025, 3, 1)))
    reg.save(replace(reg.case(d.id).sak, sluttdato=date(2025, 9, 30)))
    data = load_report(reg, PERIOD, date(2026, 6, 30))
    wait = {t.key: t for t in data.report.sections["Tiltak"]}[WAIT_KEY]
    assert wait.rows == [["Flyttet inn i fosterhjem i perioden", 1, None, None, 0, 1, 0, 0],
                         ["Venter fortsatt 30.06.2026", 1, None, None, 0, 0, 1, 0],
                         ["Saken avsluttet uten fosterhjem i perioden", 1, None, None,
                          0, 0, 1, 0]]
    pure = {t.key: t for t in placement_tables(data.cases, PERIOD, date(2026, 6, 30))}
    assert pure[WAIT_KEY] == wait


def test_the_workbook_has_the_tables_and_their_definitions(demo_register, tmp_path: Path):
    period = Period(date(2026, 1, 1), date(2026, 10, 31), "Januar–oktober 2026")
    data = load_report(demo_register, period)
    for profil in ("intern", "politisk"):
        path = tmp_path / f"{profil}.xlsx"
        export_report(demo_register, data, path, ExportOptions(profil=profil), source="test")
        wb = openpyxl.load_workbook(path)
        ws = wb["Tiltak"]
        names = {t.displayName for t in ws.tables.values()}
        assert {"T_plassering_midlertidig", "T_plassering_ventetid",
                "T_plassering_stabilitet"} <= names, names
        for key, title in ((TEMPORARY_KEY, "Midlertidige plasseringer: varighet"),
                           (WAIT_KEY, "Ventetid på fosterhjem"),
                           (STABILITY_KEY, "Plasseringsstabilitet: flyttinger per barn")):
            table = ws.tables[f"T_{key}"]
            first, last = table.ref.split(":")
            rows = list(ws[first:last])
            header = [c.value for c in rows[0]]
            body = [[c.value for c in r] for r in rows[1:]]
            assert ws.cell(rows[0][0].row - 1, 1).value == title
            shown = data.report.table(key)
            assert header == shown.columns and len(body) == len(shown.rows)
            count = header.index("Barn" if key == STABILITY_KEY else "Antall")
            for printed, row in zip(body, shown.rows, strict=True):
                assert printed[0] == row[0]
                if profil == "intern":
                    assert printed[count:] == [round(v.value, 1) if isinstance(v, Days) else v
                                               for v in row[count:]]
                else:  # never a count 1–4 in the politisk profile
                    assert not any(isinstance(v, int) and 0 < v < 5 for v in printed[1:])
            about = wb["Om rapporten"]
            assert any(c.value == shown.note for r in about.iter_rows() for c in r)


def test_migration_12_adds_moves_and_needs_to_an_existing_register(tmp_path):
    conn = driver.connect(str(tmp_path / "gammel.db"))
    migrate(conn, 11)
    assert schema_version(conn) == 11
    migrate(conn, 12)
    assert schema_version(conn) == 12
    assert "fosterhjem_behov_dato" in {r[1] for r in conn.execute("PRAGMA table_info(vedtak)")}
    columns = [r[1] for r in conn.execute("PRAGMA table_info(flyttinger)")]
    assert columns == ["id", "sak_id", "dato", "arsak_fra_kode", "arsak_fra_presisering",
                       "flytting_til_kode", "flytting_til_presisering"]
    conn.close()


def test_a_move_goes_through_barnevern_v4_and_back(reg):
    a, _ = populate(reg)
    case = reg.case(a)
    moved = Flytting(a, date(2026, 5, 2), "1.2.3", "8", "Fosterforeldrene flyttet",
                     "Hos besteforeldre", id=99)
    case = replace(case, flyttinger=(*case.flyttinger, moved))
    ids = IdSource(uuid.uuid4(), {})
    root, _findings = case_document(case, ids, Avgiver("999888777", "3999", "Fjordvik"),
                                    datetime(2026, 11, 23, 12, tzinfo=UTC))
    assert schema_errors(root) == []  # SSB's XSD takes the Flytting elements
    back = read_case(SsbDocument(1, root)).case
    assert [(f.dato, f.arsak_fra_kode, f.arsak_fra_presisering, f.flytting_til_kode,
             f.flytting_til_presisering) for f in back.flyttinger] == [
        (date(2026, 4, 20), "1.1.4", "", "2", ""),
        (date(2026, 5, 2), "1.2.3", "Fosterforeldrene flyttet", "8", "Hos besteforeldre")]
    assert all(v.fosterhjem_behov_dato is None for v in back.vedtak)  # not in the format
