"""Children without a fødselsnummer: DUF-nummer (SSB Personalia kontroll 17) through core,
storage, the application layer and the migration."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.identity import (
    IdentityError,
    duf_check_digits,
    duf_message,
    mask_duf,
    parse_duf,
    synthetic_duf,
    synthetic_fnr,
)
from core.model import CaseFile, Sak, Tiltak
from core.params import Params
from core.rules import compute_deadlines, missing_birth_date
from core.validation import validate
from storage.audit import AuditFilter
from storage.db import open_database
from storage.migrations import migrate
from storage.records import Caseworker
from tests.conftest import new_register

TODAY = date(2026, 11, 23)
WORKER = "Kari Saksbehandler"


# --- the number ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("first_ten", "check"), [
    # weights 4, 6, 3, 2, 4, 6, 3, 2, 7, 5 on the first ten digits; the sum mod 11, two digits
    ("2017123456", "02"),  # 2·4+1·3+7·2+1·4+2·6+3·3+4·2+5·7+6·5 = 123; 123 mod 11 = 2
    ("2023000001", "03"),  # 2·4+2·3+3·2+1·5 = 25; 25 mod 11 = 3
    ("2019000004", "05"),  # 2·4+1·3+9·2+4·5 = 49; 49 mod 11 = 5
    ("2016000030", "00"),  # 2·4+1·3+6·2+3·7 = 44; 44 mod 11 = 0
    ("2020000004", "01"),  # 2·4+2·3+4·5 = 34; 34 mod 11 = 1
    ("2018000007", "07"),  # 2·4+1·3+8·2+7·5 = 62; 62 mod 11 = 7, written "07"
    ("2011000006", "10"),  # 2·4+1·3+1·2+6·5 = 43; 43 mod 11 = 10, written "10"
])
def test_check_digits_worked_by_hand(first_ten, check):
    assert duf_check_digits(first_ten) == check
    assert parse_duf(first_ten + check) == first_ten + check


@pytest.mark.parametrize(("number", "message"), [
    ("20171234560", "DUF-nummer må ha 12 siffer"),
    ("2017123456021", "DUF-nummer må ha 12 siffer"),
    ("2017-123456-02", "DUF-nummer kan bare inneholde siffer"),
    ("20171234560A", "DUF-nummer kan bare inneholde siffer"),
    ("201712345603", "Feil kontrollsiffer i DUF-nummeret"),
    ("201712345620", "Feil kontrollsiffer i DUF-nummeret"),
])
def test_invalid_numbers_say_why_without_the_number(number, message):
    with pytest.raises(IdentityError) as info:
        parse_duf(number)
    assert str(info.value) == message
    assert number not in str(info.value)
    assert duf_message(number) == message


def test_spaces_are_allowed_and_masking_keeps_only_the_year():
    assert parse_duf(" 2017 1234 5602 ") == "201712345602"
    assert mask_duf("201712345602") == "2017 ********"


@given(st.integers(1990, 2030), st.integers(0, 2**32))
def test_synthetic_numbers_are_valid_and_any_changed_digit_is_caught(year, seed):
    number = synthetic_duf(year, random.Random(seed))
    assert parse_duf(number) == number and number.startswith(str(year))
    rng = random.Random(seed)
    at = rng.randrange(12)
    changed = number[:at] + str((int(number[at]) + rng.randrange(1, 10)) % 10) + number[at + 1:]
    if duf_check_digits(changed[:10]) == changed[10:]:
        return  # mod 11 cannot catch every change (two changes in the check digits, say)
    assert duf_message(changed) == "Feil kontrollsiffer i DUF-nummeret"


# --- a child registered with a DUF-nummer -------------------------------------------------------


def duf_child(**changes) -> Sak:
    sak = Sak("2026/00900", "Amina Testbarn", "", None, "2", WORKER, date(2026, 9, 1),
              duf_nummer=synthetic_duf(2026, random.Random(7)))
    return replace(sak, **changes)


def test_validation_accepts_a_duf_number_alone_and_refuses_neither():
    assert validate(duf_child(), None, TODAY) == []
    errors = validate(duf_child(duf_nummer="201712345603"), None, TODAY)
    assert [(e.field, e.message) for e in errors] == [
        ("duf_nummer", "Feil kontrollsiffer i DUF-nummeret")]
    errors = validate(duf_child(duf_nummer=None), None, TODAY)
    assert [(e.field, e.message) for e in errors] == [
        ("fodselsnummer", "Fødselsnummer eller DUF-nummer må fylles ut")]
    errors = validate(duf_child(fodselsdato=date(2027, 1, 1)), None, TODAY)
    assert [e.field for e in errors] == ["fodselsdato"]


def test_age_deadlines_need_a_birth_date_and_say_so():
    tiltak = Tiltak(1, "2.1", date(2026, 9, 10), id=5)
    case = CaseFile(replace(duf_child(), id=1), (), (), (), (tiltak,), (), (), ())
    rules = {d.rule_id for d in compute_deadlines(case, Params.defaults())}
    assert not rules & {"ettervern.vurdering", "ettervern.slutt", "omsorg.18"}
    assert missing_birth_date(case)
    known = replace(case, sak=replace(case.sak, fodselsdato=date(2010, 3, 4)))
    assert not missing_birth_date(known)
    assert "ettervern.slutt" in {d.rule_id for d in compute_deadlines(known, Params.defaults())}


@pytest.fixture
def register(tmp_path):
    reg = new_register(tmp_path / "duf.db")
    reg.save_caseworker(Caseworker(WORKER, "Team Nord"))
    yield reg
    reg.close()


def test_the_fodselsnummer_arrives_later_and_is_added_to_the_same_child(register):
    child = register.save(duf_child())
    assert [s.id for s in register.search(child.duf_nummer[:8])] == [child.id]
    fnr = synthetic_fnr(date(2012, 5, 17), random.Random(3), sex="2")
    later = register.save(replace(child, fodselsnummer=fnr, fodselsdato=date(2012, 5, 17)))
    assert later.id == child.id and register.stats()["saker"] == 1
    both = register.case(child.id).sak
    assert (both.fodselsnummer, both.duf_nummer) == (fnr, child.duf_nummer)
    # the duplicate check finds the child by either number
    assert [s.id for s in register.search(fnr)] == [child.id]
    assert [s.id for s in register.search(child.duf_nummer)] == [child.id]
    # the audit log says the numbers changed, never what they are
    rows = register.audit_entries(AuditFilter(sak_id=child.id, handling="endre"))
    assert rows and rows[0].detaljer["felt"]["fodselsnummer"] == "endret"
    text = str([r.detaljer for r in register.audit_entries(AuditFilter())])
    assert fnr not in text and child.duf_nummer not in text


def test_children_without_a_birth_date_are_listed(register):
    child = register.save(duf_child())
    assert register.cases_missing_birth_date() == []  # no measures: no age deadlines owed
    register.save(Tiltak(child.id, "2.1", date(2026, 9, 10)))
    assert [s.id for s in register.cases_missing_birth_date()] == [child.id]
    register.save(replace(register.sak(child.id), fodselsdato=date(2011, 2, 3)))
    assert register.cases_missing_birth_date() == []


def test_migration_to_version_5_keeps_every_row_and_the_foreign_keys(tmp_path):
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=4)
    fnr = synthetic_fnr(date(2016, 3, 4), random.Random(1))
    conn.execute("INSERT INTO saksbehandlere (navn) VALUES ('Kari')")
    conn.execute("INSERT INTO saker (id, journalnummer, navn, fodselsnummer, fodselsdato, kjonn, "
                 "saksbehandler, startdato) VALUES (5, '2026/1', 'Testbarn', ?, '2016-03-04', "
                 "'1', 'Kari', '2026-01-01')", (fnr,))
    conn.execute("INSERT INTO meldinger (id, sak_id, mottatt) VALUES (9, 5, '2026-03-03')")
    conn.close()
    upgraded = []
    db = open_database(path, before_migration=lambda c, v: upgraded.append(v))
    assert upgraded == [4]
    conn = db.conn
    assert conn.execute("SELECT fodselsnummer, duf_nummer FROM saker WHERE id = 5"
                        ).fetchone() == (fnr, None)
    assert conn.execute("SELECT count(*) FROM meldinger").fetchone() == (1,)  # no cascade
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        conn.execute("INSERT INTO meldinger (sak_id, mottatt) VALUES (99, '2026-01-01')")
    with pytest.raises(Exception, match="saker_identitet"):
        conn.execute("INSERT INTO saker (journalnummer, navn, saksbehandler, startdato) "
                     "VALUES ('2026/2', 'Uten nummer', 'Kari', '2026-01-01')")
    db.close()


def test_no_duf_number_in_the_leaders_workbooks(demo_register, tmp_path):
    """Neither the politisk workbook nor the internal detail list names a DUF-nummer."""
    import openpyxl

    from core.periods import year
    from service.reports import ExportOptions, export_report, load_report

    conn = demo_register.repository_for_report().db.conn
    numbers = [r[0] for r in conn.execute("SELECT duf_nummer FROM saker "
                                          "WHERE duf_nummer IS NOT NULL")]
    assert numbers, "the demo municipality has children with a DUF-nummer"
    data = load_report(demo_register, year(2026), TODAY)
    for name, options in (("politisk.xlsx", ExportOptions()),
                          ("intern.xlsx", ExportOptions(profil="intern", detail=True,
                                                        names=True))):
        written = export_report(demo_register, data, tmp_path / name, options, source="test")
        cells = " ".join(str(c.value) for ws in openpyxl.load_workbook(written.path).worksheets
                         for row in ws.iter_rows() for c in row if c.value is not None)
        assert not any(n in cells or n[:10] in cells for n in numbers)
