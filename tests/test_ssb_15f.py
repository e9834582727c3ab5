"""KOSTRA Barnevern (15F) both ways: reading (storage.ssb_15f), writing (storage.ssb_15f_write),
the import through service.ssb and the export (service.ssb_15f), and the commands.

SSB's example files are in tests/data/ssb15f (fødselsnumre made synthetic). The round trip
export → import into an empty register gives the same cases and the same stored deadlines, on
generated registers of several sizes; every written file follows the 15F XSD (libxml2 and,
independently, xmlschema). All people are synthetic.
"""

from __future__ import annotations

import io
import random
import re
import uuid
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from core.access import Role
from core.demo import generate_municipality
from core.identity import parse_person_id, synthetic_duf, synthetic_fnr
from core.model import (
    CaseFile,
    CodedValue,
    Lovhjemmel,
    Melding,
    Plan,
    Sak,
    Tiltak,
    Undersokelse,
)
from service import AccessDenied
from service.controls import check_file
from service.ssb import DEFAULT_CASEWORKER, MISSING_NAME, export_ssb, import_ssb
from storage.errors import SsbFileError
from storage.records import Caseworker
from storage.ssb_15f import (
    OWN_PREFIX,
    allowed_codes,
    individ_cases,
    parse_15f,
    part_uuid,
    sak_uuid,
    short_id,
)
from storage.ssb_15f_write import kostra_document
from storage.ssb_v4 import NOT_STORED, REJECTED, Avgiver
from storage.ssb_v4_write import IdSource
from storage.ssb_xml import KOSTRA_15F_SCHEMA_PATH, SsbFileReader, SsbFormat, parse_xml
from tests.conftest import DEMO_TODAY, new_register
from tests.security_support import add_user, audit_rows
from tests.security_support import signed_in as sign_in_as
from tests.test_ssb_v4 import (
    V4_SAK_FIELDS,
    cases_of,
    deadlines_of,
    normal_case,
    rows,
    run,
    stored_deadlines_are_current,
)

DATA = Path(__file__).resolve().parent / "data" / "ssb15f"
OK_FILE = DATA / "Testfil_21_OK_2020_15F_for_3401.xml"
FEIL_FILE = DATA / "Testfil_05_FEIL_2020_15F_for_3401_feil_i_melding_mangler_kode.xml"
ALL_FIELDS = DATA / "testfile_all_fields_set.xml"
AVGIVER = Avgiver("999888777", "3999", "Fjordvik")
YEAR = 2026
#: The synthetic numbers that replace SSB's (tests/data/ssb15f/README.md).
NUMBERS = {
    "55010573040": synthetic_fnr(date(2005, 1, 15), random.Random(2005), sex="2",
                                 d_number=True),
    "01011074886": synthetic_fnr(date(2010, 1, 1), random.Random(2010), sex="2"),
    "02011076583": synthetic_fnr(date(2010, 1, 2), random.Random(2011), sex="1"),
    "03011168662": synthetic_fnr(date(2011, 1, 3), random.Random(2012), sex="2"),
    "01011071739": synthetic_fnr(date(2010, 1, 1), random.Random(2013), sex="1"),
}


@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    """SSB's 15F XSD through xmlschema: a second opinion on every written file."""
    return xmlschema.XMLSchema(str(KOSTRA_15F_SCHEMA_PATH))


def read(path: Path) -> list:
    doc, = SsbFileReader(path)
    assert doc.format is SsbFormat.KOSTRA_15F
    cases, _ = individ_cases(parse_15f(doc.root), today=DEMO_TODAY)
    return cases


# --- SSB's examples -------------------------------------------------------------------------------


def test_example_files_hold_only_the_synthetic_numbers():
    assert all(found == number for found, number in NUMBERS.items())
    for path in (OK_FILE, FEIL_FILE, ALL_FIELDS):
        text = path.read_bytes().decode("iso-8859-1")
        assert text.startswith('<?xml version="1.0" encoding="')
        assert set(re.findall(r'Fodselsnummer="(\d+)"', text)) <= set(NUMBERS)


def test_the_ok_example_reads_into_the_model_with_its_ids():
    cases = read(OK_FILE)
    assert [c.journalnummer for c in cases] == ["J1", "J2", "J3", "J4"]
    j1, j2, j3, j4 = cases
    # three individer share the Id «i1»: the journalnummer keeps them apart
    assert len({c.ssb_id for c in cases}) == 4
    assert j1.ssb_id == str(uuid.uuid5(uuid.UUID("9b3f6a52-1c4e-5d7a-8e21-5f0c7d3b2a94"),
                                       "Sak/i1/J1"))
    s = j1.case.sak
    assert (s.fodselsnummer, s.fodselsdato, s.kjonn) == ("55010573040", date(2005, 1, 15), "2")
    assert (s.startdato, s.sluttdato, s.saksbehandler) == (date(2020, 2, 10),
                                                          date(2020, 6, 17), "Sara Saksbehandler")
    m, = j1.case.meldinger
    assert (m.mottatt, m.konklusjon_kode, m.konklusjon_dato) == (date(2020, 2, 10), "1",
                                                                 date(2020, 2, 17))
    assert CodedValue("22", "Presiseringstekst") in m.melder and len(m.melder) == 23
    assert CodedValue("19", "Presiseringstekst") in m.saksinnhold
    u, = j1.case.undersokelser
    assert (u.melding_id, u.startdato, u.konklusjon_kode, u.konklusjon_dato, u.vedtaksgrunnlag) \
        == (m.id, date(2020, 2, 17), "1", date(2020, 6, 17), (CodedValue("1"),))
    assert len(j2.case.meldinger) == 8 and len(j2.case.undersokelser) == 4
    repeated = [(f.element, f.ssb_id, f.kind) for f in j2.findings if f.kind == REJECTED]
    assert repeated == [("Undersokelse", f"U{n}", REJECTED) for n in (2, 3, 4, 5)]
    plan, = j3.case.planer
    assert (plan.plantype, plan.startdato, plan.sluttdato, plan.evalueringer) == (
        "1", date(2020, 2, 11), date(2020, 6, 17), ())
    t1, t2 = j4.case.tiltak
    assert (t1.kategori_kode, t1.presisering, t1.lovhjemmel, t1.opphevelse_kode,
            t1.opphevelse_presisering, t1.sluttdato) == (
        "1.99", "Presisering", Lovhjemmel("BVL", "4", "12", "1"), "1", "Presisering",
        date(2020, 3, 10))
    assert t1.er_omsorgstiltak and t2.sluttdato == date(2020, 4, 10)
    assert {(f.element, f.ssb_id) for f in j4.findings} == {("Tiltak/JmfrLovhjemmel", "T1"),
                                                             ("Tiltak/JmfrLovhjemmel", "T2")}


def test_every_element_of_the_all_fields_file_is_stored_or_reported_with_its_id():
    case, = read(ALL_FIELDS)
    s = case.case.sak
    assert (s.fodselsnummer, s.duf_nummer, s.kjonn) == ("01011071739", "123456123456", "1")
    m, = case.case.meldinger
    assert m.melder == (CodedValue("22", "Presiseringstekst"),)
    assert m.tilbakemelding_ukjent  # 15F has no date of feedback to the reporter
    u, = case.case.undersokelser
    assert u.vedtaksgrunnlag == (CodedValue("1", "Presiseringstekst"),)
    plan, = case.case.planer
    assert plan.evalueringer == (date(2020, 2, 12),)
    t, = case.case.tiltak
    assert t.lovhjemmel == Lovhjemmel("BVL", "4", "12", "1")
    assert {(f.element, f.ssb_id, f.kind) for f in case.findings} == {
        ("Individ", "i1", NOT_STORED),  # Distriktsnummer
        ("Undersokelse/Presisering", "U1", NOT_STORED),
        ("Tiltak/Lovhjemmel", "T2", NOT_STORED),  # Punktum
        ("Tiltak/JmfrLovhjemmel", "T2", NOT_STORED),
        ("Flytting", "42", NOT_STORED),
    }
    text = " ".join(f.reason for f in case.findings)
    assert "01011071739" not in text and "123456123456" not in text


def test_a_file_the_xsd_refuses_is_one_norwegian_message(tmp_path):
    with pytest.raises(SsbFileError, match=r"følger ikke SSBs filbeskrivelse for KOSTRA "
                                           r"Barnevern \(15F, XSD\): linje 7, element «Melder»: "
                                           "påkrevd attributt «Kode» mangler"):
        list(SsbFileReader(FEIL_FILE))
    archive = tmp_path / "to.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.xml", OK_FILE.read_bytes())
        z.writestr("b.xml", OK_FILE.read_bytes())
    with pytest.raises(SsbFileError, match="ett dokument for hele kommunen"):
        list(SsbFileReader(archive))


def test_our_own_ids_come_back_as_the_records_uuids():
    record = str(uuid.uuid5(uuid.UUID(int=7), "Melding/3"))
    own = short_id(record)
    assert own.startswith(OWN_PREFIX) and len(own) <= 30
    assert part_uuid("egal", "Melding", own) == record
    assert part_uuid("sak", "Melding", "M1") != part_uuid("sak", "Melding", "M2")
    assert part_uuid("sak", "Melding", OWN_PREFIX + "x" * 26) != record  # not base32: derived


# --- the import -----------------------------------------------------------------------------------


def test_importing_the_ok_example_twice_changes_nothing_the_second_time(tmp_path):
    reg = new_register(tmp_path / "a.db")
    plan = import_ssb(reg, OK_FILE, dry_run=True)
    assert plan.format == "KOSTRA Barnevern (15F)" and plan.documents == 4
    assert [c.journalnummer for c in plan.new_cases] == ["J1", "J2", "J3", "J4"]
    assert reg.repository_for_report().stats()["saker"] == 0
    first = import_ssb(reg, OK_FILE)
    assert first.findings == plan.findings
    # a part refused by validation is named by the file's Id, not the UUID it is stored under
    assert {f.ssb_id for f in first.rejected} == {"U2", "U3", "U4", "U5"}
    assert all(len(f.ssb_id) < 30 for f in first.findings)
    before = rows(reg)
    second = import_ssb(reg, OK_FILE)
    assert second.unchanged == 4 and second.new_cases == () and second.updated_cases == ()
    assert rows(reg) == before
    sak = next(c.sak for c in reg.repository_for_report().iter_cases()
               if c.sak.journalnummer == "J1")
    # the file names the caseworker (tests/test_ssb_caseworkers.py has the rules)
    assert (sak.navn, sak.saksbehandler) == (MISSING_NAME, "Sara Saksbehandler")


def test_a_newer_extract_updates_what_changed(tmp_path):
    reg = new_register(tmp_path / "a.db")
    import_ssb(reg, OK_FILE)
    text = OK_FILE.read_bytes().replace(b'<Plan StartDato="2020-02-11" Id="P1" Plantype="1" '
                                        b'SluttDato="2020-06-17"/>',
                                        b'<Plan StartDato="2020-02-11" Id="P1" Plantype="1" '
                                        b'EvaluertDato="2020-05-01" SluttDato="2020-06-17"/>')
    newer = tmp_path / "nyere.xml"
    newer.write_bytes(text)
    result = import_ssb(reg, newer)
    change, = result.updated_cases
    assert change.journalnummer == "J3" and change.changed == {"Plan": 1}
    plan = next(p for c in reg.repository_for_report().iter_cases() for p in c.planer)
    assert plan.evalueringer == (date(2020, 5, 1),)


# --- the projection: what 15F carries -------------------------------------------------------------


def _in_year(start: date, end: date | None, year: int) -> bool:
    return start <= date(year, 12, 31) and (end is None or end >= date(year, 1, 1))


def _allowed(values: tuple[CodedValue, ...], type_name: str) -> tuple[CodedValue, ...]:
    return tuple(v for v in values if v.kode in allowed_codes(type_name, "Kode"))


def _konklusjon(obj, type_name: str):
    if obj.konklusjon_kode in allowed_codes(type_name, "Konklusjon"):
        return obj
    return replace(obj, konklusjon_kode=None, konklusjon_dato=None)


def kostra_only(case: CaseFile, year: int) -> CaseFile | None:
    """The case as a 15F file for ``year`` carries it into an empty register (None: not in the
    file). Written out here independently of the writer, from the format's limits: each part
    built anew from the fields 15F has."""
    s = case.sak
    kjonn = parse_person_id(s.fodselsnummer, DEMO_TODAY).sex if s.fodselsnummer else None
    sak = Sak(s.journalnummer, MISSING_NAME, s.fodselsnummer, s.fodselsdato, kjonn,
              DEFAULT_CASEWORKER, s.startdato, sluttdato=s.sluttdato, id=s.id,
              duf_nummer=s.duf_nummer)
    meldinger: list[Melding] = []
    undersokelser: list[Undersokelse] = []
    for m in case.meldinger:
        own = [u for u in case.undersokelser if u.melding_id == m.id
               and _in_year(u.startdato, u.konklusjon_dato, year)]
        if not (_in_year(m.mottatt, m.konklusjon_dato, year) or own):
            continue
        meldinger.append(_konklusjon(Melding(
            m.sak_id, m.mottatt, _allowed(m.melder, "MelderType"),
            _allowed(m.saksinnhold, "SaksinnholdType"), m.konklusjon_kode, m.konklusjon_dato,
            id=m.id, tilbakemelding_ukjent=True), "MeldingType"))
        if own:
            u = own[0]
            undersokelser.append(_konklusjon(Undersokelse(
                u.sak_id, u.melding_id, u.startdato, konklusjon_kode=u.konklusjon_kode,
                konklusjon_dato=u.konklusjon_dato, id=u.id,
                vedtaksgrunnlag=_allowed(u.vedtaksgrunnlag, "SaksinnholdType")),
                "UndersokelseType"))
    tiltak: list[Tiltak] = []
    for t in case.tiltak:
        if not _in_year(t.startdato, t.sluttdato, year):
            continue
        hjemmel = t.lovhjemmel
        if not hjemmel.paragraf:
            hjemmel = next(v.lovhjemmel for v in case.vedtak if v.id == t.vedtak_id)
        if t.kategori_kode in allowed_codes("KategoriType", "Kode"):
            tiltak.append(Tiltak(t.sak_id, t.kategori_kode, t.startdato, hjemmel, t.presisering,
                                 sluttdato=t.sluttdato, opphevelse_kode=t.opphevelse_kode,
                                 opphevelse_presisering=t.opphevelse_presisering, id=t.id))
    planer: list[Plan] = [
        Plan(p.sak_id, p.plantype, p.startdato, p.sluttdato,
             (max(p.evalueringer),) if p.evalueringer else (), id=p.id) for p in case.planer
        if _in_year(p.startdato, p.sluttdato, year)
        and p.plantype in allowed_codes("PlanType", "Plantype")]
    if not (meldinger or planer or tiltak):
        return None
    return CaseFile(sak, tuple(meldinger), tuple(undersokelser), (), tuple(tiltak),
                    tuple(planer))


def _valid(case: CaseFile) -> bool:
    """Whether an empty register would take every part: the projection can leave a concluded
    melding without saksinnhold or an undersøkelse concluded with a decision without
    vedtaksgrunnlag (their 2026 codes are not in 15F's lists), which validation refuses."""
    return (all(u.vedtaksgrunnlag or not u.needs_vedtaksgrunnlag for u in case.undersokelser)
            and all(m.saksinnhold or m.konklusjon_kode is None for m in case.meldinger))


def kostra_register(path: Path, *, children: int, years: int, seed: int):
    """A register whose every fact a 15F file for ``YEAR`` can carry."""
    town = generate_municipality(today=DEMO_TODAY, children_per_year=children, years=years,
                                 seed=seed)
    projected = [p for c in town.cases if (p := kostra_only(c, YEAR)) is not None and _valid(p)]
    reg = new_register(path)
    reg.import_cases(projected, [Caseworker(DEFAULT_CASEWORKER, "", True, False)])
    return reg


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), children=st.integers(1, 15), years=st.integers(1, 3))
def test_generated_cases_are_written_valid_and_read_back_the_same(seed, children, years, xsd):
    town = generate_municipality(today=DEMO_TODAY, children_per_year=children, years=years,
                                 seed=seed)
    cases = [p for c in town.cases if (p := kostra_only(c, YEAR)) is not None]
    ids = IdSource(uuid.UUID(int=seed), {})
    try:
        written = kostra_document(cases, ids, AVGIVER, YEAR)
    except SsbFileError:
        assert not cases
        return
    assert written.left_out == 0 and written.findings == ()
    assert xsd.is_valid(io.BytesIO(written.data))
    root = parse_xml(written.data, "eksport")
    read_back, _ = individ_cases(parse_15f(root), today=DEMO_TODAY)
    assert [r.ssb_id for r in read_back] == [ids("Sak", c.sak.id) for c in cases]
    for original, got in zip(cases, read_back, strict=True):
        assert got.findings == []
        assert normal_case(got.case, lambda t, i, r=got: r.ssb_ids[(t, i)], V4_SAK_FIELDS) == \
            normal_case(original, ids, V4_SAK_FIELDS)


# --- the export and the round trip ----------------------------------------------------------------


@pytest.mark.parametrize("children, years, seed", [(8, 1, 3), (40, 2, 11)])
def test_round_trip_gives_the_same_cases_and_the_same_deadlines(tmp_path, xsd, children, years,
                                                                seed):
    original = kostra_register(tmp_path / "a.db", children=children, years=years, seed=seed)
    first = export_ssb(original, tmp_path / "ut.xml", YEAR, avgiver=AVGIVER, fmt="15f")
    assert first.format == "KOSTRA Barnevern (15F)"
    assert first.left_out == 0 and first.findings == ()
    data = (tmp_path / "ut.xml").read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='ISO-8859-1'?>")
    assert xsd.is_valid(io.BytesIO(data))
    assert first.cases == original.repository_for_report().stats()["saker"] > 0

    copy = new_register(tmp_path / "b.db")
    result = import_ssb(copy, tmp_path / "ut.xml")
    assert len(result.new_cases) == first.cases
    assert result.rejected == () and result.not_stored == ()
    assert cases_of(copy) == cases_of(original)
    assert deadlines_of(copy) == deadlines_of(original)
    assert stored_deadlines_are_current(copy)

    export_ssb(copy, tmp_path / "igjen.xml", YEAR, fmt="15f")
    assert (tmp_path / "igjen.xml").read_bytes() == data  # the same file, Id for Id
    before = rows(original)
    back = import_ssb(original, tmp_path / "ut.xml")
    assert back.unchanged == first.cases and rows(original) == before


def test_import_into_the_register_it_came_from_keeps_what_15f_does_not_carry(demo_register,
                                                                             tmp_path):
    exported = export_ssb(demo_register, tmp_path / "ut.xml", YEAR, avgiver=AVGIVER, fmt="15f")
    reasons = " ".join(f.reason for f in exported.findings)
    assert "Vedtak finnes ikke i 15F" in reasons and exported.cases > 10
    before = rows(demo_register)
    result = import_ssb(demo_register, tmp_path / "ut.xml")
    assert result.new_cases == () and result.updated_cases == () and result.rejected == ()
    assert result.unchanged == exported.cases
    assert rows(demo_register) == before  # frequencies, evaluations, newer codes, vedtak kept


def test_the_writer_reports_what_15f_cannot_hold_and_keeps_latin_1():
    birth = date(2012, 4, 2)
    fnr = synthetic_fnr(birth, random.Random(8))
    sak = Sak("2026/15F-1", "Testbarn", fnr, birth, "1" if int(fnr[8]) % 2 else "2",
              "Åse Łukasiewicz", date(2025, 3, 1), id=1, duf_nummer=synthetic_duf(2024,
                                                                                   random.Random(9)))
    m = Melding(1, date(2026, 1, 5), (CodedValue("22", "Helsesøster"),), (CodedValue("24"),),
                "10", date(2026, 1, 9), id=1)
    old = Melding(1, date(2025, 3, 1), (CodedValue("2"),), (CodedValue("1"),), "1",
                  date(2025, 3, 5), id=2)  # ended before the year: not in the file
    t = Tiltak(1, "3.9", date(2026, 2, 1), Lovhjemmel("BVL2021", "3", "1"), id=1)
    case = CaseFile(sak, (m, old), (), (), (t,))
    long_jnr = replace(case, sak=replace(sak, journalnummer="x" * 21, id=2))
    ids = IdSource(uuid.UUID(int=3), {})
    written = kostra_document([case, long_jnr], ids, AVGIVER, YEAR)
    assert (written.cases, written.left_out) == (1, 1)
    reasons = {(f.element, f.reason.split(":")[0].split(";")[0]) for f in written.findings}
    assert ("Melding", "Konklusjonskoden 10 finnes ikke i 15F") in reasons
    assert ("Sak", "Saken er ikke skrevet") in reasons
    root = etree.fromstring(written.data)
    individ, = root.iter("Individ")
    assert individ.get("Saksbehandler") == "Åse Łukasiewicz"  # a character reference
    assert b"&#321;" in written.data and "Åse".encode("iso-8859-1") in written.data
    assert [el.get("Id") for el in individ.iter("Melding")] == [short_id(ids("Melding", 1))]
    assert individ.get("Avslutta3112") == "2" and individ.get("DUFnummer") == sak.duf_nummer
    assert sak_uuid(parse_15f(root).individer[0]) == ids("Sak", 1)


def test_export_15f_checks_the_target_and_is_logged(demo_register, tmp_path):
    with pytest.raises(SsbFileError, match="ett XML-dokument for hele kommunen"):
        export_ssb(demo_register, tmp_path / "ut.zip", YEAR, avgiver=AVGIVER, fmt="15f")
    with pytest.raises(ValueError, match="Ukjent format «v3» \\(velg v4 eller 15f\\)"):
        export_ssb(demo_register, tmp_path / "ut.xml", YEAR, avgiver=AVGIVER, fmt="v3")
    result = export_ssb(demo_register, tmp_path / "ut.xml", YEAR, avgiver=AVGIVER, fmt="15f")
    conn = demo_register.repository_for_report().db.conn
    profil, valg = conn.execute("SELECT profil, valg_json FROM eksportlogg ORDER BY id DESC "
                                "LIMIT 1").fetchone()
    assert profil == "ssb-15f" and '"format": "15f"' in valg
    assert f'"saker": {result.cases}' in valg


@pytest.mark.usefixtures("cli_login")
def test_command_writes_a_15f_file(demo_path, tmp_path, capsys):
    out = tmp_path / "kostra.xml"
    code, text, err = run(capsys, "ssb-eksport", "--db", str(demo_path), "--format", "15f",
                          "--ar", "2026", "--ut", str(out), "--kommunenummer", "3999",
                          "--kommunenavn", "Fjordvik", "--orgnr", "999888777")
    assert code == 0, err
    assert text.startswith("SSB-fil (KOSTRA Barnevern (15F)) for 2026 skrevet til ")
    assert out.read_bytes().startswith(b"<?xml version='1.0' encoding='ISO-8859-1'?>")
    code, text, err = run(capsys, "ssb-eksport", "--db", str(demo_path), "--format", "15f",
                          "--ar", "2026", "--ut", str(tmp_path / "k.zip"))
    assert code == 2 and "ett XML-dokument for hele kommunen" in err


# --- SSB's controls on a file before it is imported -----------------------------------------------


@pytest.mark.usefixtures("cli_login")
def test_kontroll_runs_the_right_set_on_a_v4_or_15f_file(demo_path, tmp_path, capsys):
    db = str(demo_path)
    code, out, err = run(capsys, "kontroll", str(FEIL_FILE), "--db", db)
    assert code == 1, err
    assert out.startswith("SSBs kontroller for KOSTRA Barnevern (15F) på «Testfil_05_FEIL")
    assert "Melding Kontroll 4 – FEIL – 1 funn" in out
    assert "Validering av innhold mot filbeskrivelse – FEIL" in out
    assert "SSB vil avvise filen" in out and "02011076583" not in out
    code, out, err = run(capsys, "kontroll", str(OK_FILE), "--db", db)
    assert code == 0 and "4 individer kontrollert" in out and "Ingen funn" in out
    code, out, err = run(capsys, "kontroll", str(OK_FILE), "--db", db, "--ar", "2021")
    assert code == 1 and "Avgiver Kontroll 2 – FEIL" in out  # the file's year is 2020
    code, out, err = run(capsys, "kontroll", str(OK_FILE), "--db", db, "--dato", "2026-01-01")
    assert code == 2 and "--dato gjelder kontroll av registeret" in err
    code, out, err = run(capsys, "kontroll", str(tmp_path / "finnes-ikke.xml"), "--db", db)
    assert code == 1 and "Fant ikke filen" in err

    v4 = tmp_path / "ut.zip"
    code, out, err = run(capsys, "ssb-eksport", "--db", db, "--ar", "2026", "--ut", str(v4),
                         "--kommunenummer", "3999", "--kommunenavn", "Fjordvik", "--orgnr",
                         "999888777")
    assert code == 0, err
    code, out, err = run(capsys, "kontroll", str(v4), "--db", db)
    assert code in (0, 1) and out.startswith("Fil «ut.zip» (Barnevern v4).\nSSB-kontroller for "
                                             "2026 (Barnevern v4)")
    # now the register knows its municipality (3999): a file from another is a FEIL
    code, out, err = run(capsys, "kontroll", str(OK_FILE), "--db", db)
    assert code == 1 and "Avgiver Kontroll 4 – FEIL" in out
    assert "kommune 3999 (kommune fra registeret)" in out


def test_a_file_check_writes_nothing_but_its_audit_row_and_needs_the_import_role(demo_path):
    leader = sign_in_as(demo_path)
    before = rows(leader)
    found = check_file(leader, FEIL_FILE)
    assert found.format is SsbFormat.KOSTRA_15F and found.feil == 2 and found.result.blocked
    assert rows(leader) == before
    row, = audit_rows(leader, "ssb_kontroll_fil")
    assert row.detaljer["feil"] == 2 and row.detaljer["enheter"] == 1
    assert "02011076583" not in str(row.detaljer)
    add_user(leader, "sb", Role.SAKSBEHANDLER, leader.caseworkers()[0].navn)
    leader.close()
    worker = sign_in_as(demo_path, "sb", "passord123")
    with pytest.raises(AccessDenied):
        check_file(worker, OK_FILE)
    worker.close()


def test_a_child_known_by_a_duf_number_is_carried_both_ways(tmp_path):
    born = date(2016, 8, 30)
    duf = synthetic_duf(2023, random.Random(12))
    sak = Sak("2026/DUF-1", "Testbarn", "", born, None, "Kari", date(2026, 2, 1), id=1,
              duf_nummer=duf)
    case = CaseFile(sak, tiltak=(Tiltak(1, "4.3", date(2026, 2, 1),
                                        Lovhjemmel("BVL2021", "3", "1"), id=1),))
    ids = IdSource(uuid.UUID(int=4), {})
    written = kostra_document([case], ids, AVGIVER, YEAR)
    individ = etree.fromstring(written.data).find("Individ")
    assert (individ.get("Fodselsnummer"), individ.get("DUFnummer")) == ("30081600100", duf)
    read_back, = individ_cases(parse_15f(etree.fromstring(written.data)), today=DEMO_TODAY)[0]
    s = read_back.case.sak
    assert (s.fodselsnummer, s.duf_nummer, s.fodselsdato, s.kjonn) == ("", duf, born, None)
    assert read_back.has_person and read_back.ssb_id == ids("Sak", 1)
    reg = new_register(tmp_path / "a.db")
    (tmp_path / "duf.xml").write_bytes(written.data)
    result = import_ssb(reg, tmp_path / "duf.xml")
    assert len(result.new_cases) == 1 and result.rejected == ()
    stored, = reg.repository_for_report().iter_cases()
    assert (stored.sak.duf_nummer, stored.sak.fodselsnummer) == (duf, "")


@pytest.mark.usefixtures("cli_login")
def test_command_imports_a_15f_file(tmp_path, capsys, monkeypatch):
    fresh = tmp_path / "ny.db"
    new_register(fresh).close()
    monkeypatch.setenv("FRISTVAKT_BRUKER", "tester")
    monkeypatch.setenv("FRISTVAKT_PASSORD", "passord123")
    code, out, err = run(capsys, "importer", str(OK_FILE), "--db", str(fresh), "--torrkjoring")
    assert code == 0, err
    assert out.startswith(f"Tørrkjøring av «{OK_FILE.name}» (KOSTRA Barnevern (15F), 4 "
                          "individer):")
    assert "Undersokelse U2 (journalnr. J2)" in out and "Ingenting er lagret" in out
    code, out, err = run(capsys, "importer", str(FEIL_FILE), "--db", str(fresh))
    assert code == 1 and "følger ikke SSBs filbeskrivelse for KOSTRA Barnevern (15F" in err
