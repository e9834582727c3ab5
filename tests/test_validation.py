"""Tests for core.validation: one valid object per type, and each broken variant flags its field."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime

import pytest

from core.identity import parse_person_id, synthetic_fnr, validation_message
from core.model import (
    Akutt,
    Besok,
    CodedValue,
    Ettervern,
    Frequency,
    Lovhjemmel,
    Plan,
    Sak,
    Tiltak,
    Undersokelse,
    Vedtak,
    VisitKind,
)
from core.validation import FieldError, ValidationError, require_valid, validate
from tests.builders import TODAY, case, melding, sak

HJELP = Lovhjemmel("BVL2021", "3", "1")
OMSORG = Lovhjemmel("BVL2021", "5", "1")


def fields(errors: list[FieldError]) -> list[str]:
    return [e.field for e in errors]


def assert_one(obj: object, c, field: str, phrase: str) -> None:
    errors = validate(obj, c, TODAY)
    assert fields(errors) == [field], errors
    assert phrase in errors[0].message, errors[0].message


# --- error type and entry points -----------------------------------------------------------------


def test_validation_error_joins_messages_and_keeps_errors():
    errors = [FieldError("navn", "Navn må fylles ut"), FieldError("mottatt", "Feil dato")]
    exc = ValidationError(errors)
    assert isinstance(exc, ValueError)
    assert exc.errors == errors
    assert str(exc) == "Navn må fylles ut; Feil dato"


def test_require_valid_raises_with_the_errors_and_passes_a_valid_object():
    require_valid(sak(), None, TODAY)
    with pytest.raises(ValidationError) as info:
        require_valid(sak(navn="", saksbehandler=" "), None, TODAY)
    assert fields(info.value.errors) == ["navn", "saksbehandler"]
    assert "Navn må fylles ut" in str(info.value)


def test_unknown_type_is_a_programming_error():
    with pytest.raises(TypeError):
        validate("not an entry", None, TODAY)


# --- Sak (SSB Personalia) ------------------------------------------------------------------------

VALID_SAK = sak(id=None)
PERSON = parse_person_id(VALID_SAK.fodselsnummer, TODAY)
WRONG_CHECK = VALID_SAK.fodselsnummer[:10] + str((int(VALID_SAK.fodselsnummer[10]) + 1) % 10)
OTHER_SEX = "2" if PERSON.sex == "1" else "1"


def test_valid_sak():
    assert validate(VALID_SAK, None, TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"journalnummer": " "}, "journalnummer", "Journalnummer må fylles ut"),
        ({"navn": ""}, "navn", "Navn må fylles ut"),
        ({"fodselsnummer": ""}, "fodselsnummer", "Fødselsnummer eller DUF-nummer må fylles ut"),
        ({"fodselsnummer": "1705151234"}, "fodselsnummer", "11 siffer"),
        ({"fodselsnummer": WRONG_CHECK}, "fodselsnummer", "kontrollsiffer"),
        ({"fodselsdato": date(2015, 5, 18)}, "fodselsdato", "forskjellige datoer"),
        ({"kjonn": OTHER_SEX}, "kjonn", "forskjellige kjønn"),
        ({"kjonn": "3"}, "kjonn", "1 (gutt) eller 2 (jente)"),
        ({"saksbehandler": ""}, "saksbehandler", "Saksbehandler må fylles ut"),
        ({"startdato": date(2026, 11, 24)}, "startdato", "etter dagens dato"),
        ({"startdato": date(2014, 8, 16)}, "startdato", "mer enn 9 måneder før"),
        ({"sluttdato": date(2019, 12, 31)}, "sluttdato", "Sluttdato kan ikke være før startdato"),
    ],
)
def test_broken_sak(changes: dict, field: str, phrase: str):
    assert_one(replace(VALID_SAK, **changes), None, field, phrase)


def test_sak_boundaries():
    # 9 months before birth exactly, no sex recorded, closed the day it started: all fine.
    ok = replace(VALID_SAK, startdato=date(2014, 8, 17), kjonn=None, sluttdato=date(2014, 8, 17))
    assert validate(ok, None, TODAY) == []
    assert validate(replace(VALID_SAK, startdato=TODAY), None, TODAY) == []


def test_invalid_number_is_reported_once_without_comparing_date_or_sex():
    broken = replace(VALID_SAK, fodselsnummer=WRONG_CHECK, fodselsdato=date(2001, 1, 1))
    errors = validate(broken, None, TODAY)
    assert errors == [FieldError("fodselsnummer", validation_message(WRONG_CHECK, TODAY))]


def test_unknown_number_forms_carry_sex_in_the_ninth_digit():
    # SSB Personalia kontroll 14: 00100 is a boy ("1"), 00200 a girl ("2").
    boy = replace(VALID_SAK, fodselsnummer="17051500100", kjonn="1")
    assert validate(boy, None, TODAY) == []
    assert_one(replace(boy, kjonn="2"), None, "kjonn", "forskjellige kjønn")
    girl = replace(VALID_SAK, fodselsnummer="17051500200", kjonn="2")
    assert validate(girl, None, TODAY) == []


def test_unborn_child_with_termindato():
    unborn = replace(VALID_SAK, fodselsnummer="10012799999", fodselsdato=date(2027, 1, 10),
                     kjonn=None, startdato=date(2026, 11, 1))
    assert validate(unborn, None, TODAY) == []
    # SSB Personalia kontroll 15: a case started after the termindato concerns a born child.
    born = replace(unborn, fodselsnummer="01102699999", fodselsdato=date(2026, 10, 1))
    assert_one(born, None, "fodselsnummer", "termindato")


# --- Melding -------------------------------------------------------------------------------------

RECEIVED = date(2026, 3, 2)
VALID_MELDING = melding(RECEIVED, None, konklusjon_kode="2", konklusjon_dato=date(2026, 3, 6),
                        tilbakemelding_dato=date(2026, 3, 20))
CASE = case()


def test_valid_melding():
    assert validate(VALID_MELDING, CASE, TODAY) == []
    unconcluded = replace(VALID_MELDING, konklusjon_kode=None, konklusjon_dato=None,
                          saksinnhold=())
    assert validate(unconcluded, CASE, TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"mottatt": date(2026, 11, 24), "konklusjon_kode": None, "konklusjon_dato": None,
          "tilbakemelding_dato": None}, "mottatt", "etter dagens dato"),
        ({"melder": ()}, "melder", "minst én melder"),
        ({"melder": (CodedValue("99"),)}, "melder", "Ukjent kode '99'"),
        ({"melder": (CodedValue("8"), CodedValue("22"))}, "melder",
         "Melder med kode 22 mangler presisering"),
        ({"saksinnhold": ()}, "saksinnhold", "minst ett saksinnhold"),
        ({"saksinnhold": (CodedValue("18", "Bolig"),)}, "saksinnhold", "utgikk 31.12.2025"),
        ({"konklusjon_kode": None}, "konklusjon_kode", "Velg konklusjon"),
        ({"konklusjon_dato": None}, "konklusjon_dato", "Oppgi konklusjonsdato"),
        ({"konklusjon_dato": date(2026, 3, 1)}, "konklusjon_dato",
         "Konklusjonsdato kan ikke være før meldingen ble mottatt (02.03.2026)"),
        ({"konklusjon_dato": date(2026, 11, 24)}, "konklusjon_dato", "etter dagens dato"),
        ({"konklusjon_kode": "1"}, "konklusjon_kode", "utgikk 31.12.2025"),
        ({"konklusjon_kode": "77"}, "konklusjon_kode", "Ukjent kode '77'"),
        ({"tilbakemelding_dato": date(2026, 2, 28)}, "tilbakemelding_dato",
         "før meldingen ble mottatt (02.03.2026)"),
        ({"tilbakemelding_dato": date(2026, 11, 24)}, "tilbakemelding_dato", "etter dagens dato"),
    ],
)
def test_broken_melding(changes: dict, field: str, phrase: str):
    assert_one(replace(VALID_MELDING, **changes), CASE, field, phrase)


def test_presisering_satisfies_codes_that_require_it():
    with_text = replace(VALID_MELDING, melder=(CodedValue("22", "Familiehuset"),))
    assert validate(with_text, CASE, TODAY) == []
    old = melding(date(2025, 6, 2), None)
    old = replace(old, saksinnhold=(CodedValue("18"),))
    assert_one(old, CASE, "saksinnhold", "Saksinnhold med kode 18 mangler presisering")
    assert validate(replace(old, saksinnhold=(CodedValue("18", "Bolig"),)), CASE, TODAY) == []


def test_retired_melder_refused_for_new_but_kept_for_existing_melding():
    after = replace(melding(date(2025, 3, 3), None, melder="15"), saksinnhold=(CodedValue("2"),))
    assert_one(after, CASE, "melder", "utgikk 31.12.2024")
    assert validate(replace(after, id=4), CASE, TODAY) == []
    before = replace(after, mottatt=date(2024, 12, 31))
    assert validate(before, CASE, TODAY) == []


def test_retired_conclusion_is_kept_for_an_existing_melding():
    existing = replace(VALID_MELDING, konklusjon_kode="1", id=3)
    assert validate(existing, CASE, TODAY) == []


# --- Undersøkelse --------------------------------------------------------------------------------

CONCLUDED = melding(RECEIVED, 1, konklusjon_kode="2", konklusjon_dato=date(2026, 3, 6))
U_CASE = case(meldinger=[CONCLUDED])
VALID_U = Undersokelse(sak_id=1, melding_id=1, startdato=date(2026, 3, 6),
                       utvidet_dato=date(2026, 5, 20), utvidet_grunn="Venter på sakkyndig",
                       konklusjon_kode="3", konklusjon_dato=date(2026, 8, 1))


def test_valid_undersokelse():
    assert validate(VALID_U, U_CASE, TODAY) == []
    open_one = replace(VALID_U, utvidet_dato=None, utvidet_grunn="", konklusjon_kode=None,
                       konklusjon_dato=None)
    assert validate(open_one, U_CASE, TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"melding_id": 9}, "melding_id", "finnes ikke i saken"),
        ({"startdato": date(2026, 3, 1)}, "startdato",
         "Startdato kan ikke være før meldingen ble mottatt (02.03.2026)"),
        ({"startdato": date(2026, 11, 24), "utvidet_dato": None, "utvidet_grunn": "",
          "konklusjon_kode": None, "konklusjon_dato": None}, "startdato", "etter dagens dato"),
        ({"utvidet_grunn": "  "}, "utvidet_grunn", "Oppgi grunnen til utvidet frist"),
        ({"utvidet_dato": date(2026, 3, 5)}, "utvidet_dato",
         "før undersøkelsen startet (06.03.2026)"),
        ({"utvidet_dato": date(2026, 11, 24)}, "utvidet_dato", "etter dagens dato"),
        ({"konklusjon_kode": None}, "konklusjon_kode", "Velg konklusjon"),
        ({"konklusjon_dato": None}, "konklusjon_dato", "Oppgi konklusjonsdato"),
        ({"konklusjon_dato": date(2026, 3, 5)}, "konklusjon_dato",
         "Konklusjonsdato kan ikke være før undersøkelsen startet (06.03.2026)"),
        ({"konklusjon_dato": date(2026, 11, 24)}, "konklusjon_dato", "etter dagens dato"),
        ({"konklusjon_kode": "5"}, "konklusjon_kode", "utgikk 31.12.2025"),
    ],
)
def test_broken_undersokelse(changes: dict, field: str, phrase: str):
    assert_one(replace(VALID_U, **changes), U_CASE, field, phrase)


def test_undersokelse_without_a_case_cannot_find_its_melding():
    assert fields(validate(VALID_U, None, TODAY)) == ["melding_id"]


# --- Vedtak --------------------------------------------------------------------------------------

AKUTT = Akutt(type="Plassering utenfor hjemmet", tidspunkt=datetime(2026, 3, 3, 14, 30),
              sendt_nemnd=datetime(2026, 3, 3, 16, 0), begjaering_sendt=date(2026, 4, 10))
VALID_VEDTAK = Vedtak(sak_id=1, dato=date(2026, 3, 3), lovhjemmel=Lovhjemmel("BVL2021", "4", "2"),
                      akutt=AKUTT)


def test_valid_vedtak():
    assert validate(VALID_VEDTAK, CASE, TODAY) == []
    old_law = Vedtak(sak_id=1, dato=date(2022, 6, 1), lovhjemmel=Lovhjemmel("BVL", "4", "4", "2"))
    assert validate(old_law, CASE, TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"dato": date(2026, 11, 24), "akutt": None}, "dato", "etter dagens dato"),
        ({"lovhjemmel": Lovhjemmel("BVL2021", "", "2")}, "lovhjemmel", "Oppgi lovhjemmel"),
        ({"lovhjemmel": Lovhjemmel("BVL2021", "4", " ")}, "lovhjemmel", "Oppgi lovhjemmel"),
        ({"lovhjemmel": Lovhjemmel("BVL2021", "4", "0")}, "lovhjemmel", "kan ikke være 0"),
        ({"lovhjemmel": Lovhjemmel("BVL2021", "4", "2", "0")}, "lovhjemmel", "kan ikke være 0"),
        ({"lovhjemmel": Lovhjemmel("SOSTJL", "4", "2")}, "lovhjemmel", "Ukjent lov"),
        ({"dato": date(2022, 12, 31), "akutt": None}, "lovhjemmel",
         "før 01.01.2023 må ha hjemmel i barnevernloven 1992"),
        ({"lovhjemmel": Lovhjemmel("BVL", "4", "6")}, "lovhjemmel", "barnevernloven 2021"),
        ({"status_kode": "7"}, "status_kode", "Ukjent kode '7'"),
        ({"status_kode": ""}, "status_kode", "Velg vedtaksstatus"),
        ({"akutt": replace(AKUTT, type=" ")}, "akutt.type", "Oppgi type akuttvedtak"),
        ({"akutt": replace(AKUTT, tidspunkt=datetime(2026, 3, 2, 23, 50))}, "akutt.tidspunkt",
         "på vedtaksdatoen (03.03.2026)"),
        ({"akutt": replace(AKUTT, sendt_nemnd=datetime(2026, 3, 3, 14, 0))}, "akutt.sendt_nemnd",
         "før akuttvedtaket ble fattet (03.03.2026 kl. 14:30)"),
        ({"akutt": replace(AKUTT, sendt_nemnd=datetime(2026, 11, 24, 8, 0))},
         "akutt.sendt_nemnd", "etter dagens dato"),
        ({"akutt": replace(AKUTT, begjaering_sendt=date(2026, 3, 2))}, "akutt.begjaering_sendt",
         "før vedtaksdatoen (03.03.2026)"),
        ({"akutt": replace(AKUTT, begjaering_sendt=date(2026, 11, 24))},
         "akutt.begjaering_sendt", "etter dagens dato"),
    ],
)
def test_broken_vedtak(changes: dict, field: str, phrase: str):
    assert_one(replace(VALID_VEDTAK, **changes), CASE, field, phrase)


# --- Tiltak --------------------------------------------------------------------------------------

VALID_TILTAK = Tiltak(
    sak_id=1, kategori_kode="2.2", startdato=date(2024, 2, 1), lovhjemmel=OMSORG,
    sluttdato=date(2026, 6, 30), opphevelse_kode="1",
    oppfolging_hyppighet=(Frequency(date(2024, 2, 1), 4), Frequency(date(2025, 2, 1), 2)),
    tilsyn_hyppighet=(Frequency(date(2024, 2, 1), 4),), tilsyn_ansvarlig_kommune="3103",
)


def test_valid_tiltak():
    assert validate(VALID_TILTAK, CASE, TODAY) == []
    # A voluntary placement (hjelpetiltak) may end without an opphevelse code (kontroll 12).
    voluntary = replace(VALID_TILTAK, lovhjemmel=HJELP, opphevelse_kode=None)
    assert validate(voluntary, CASE, TODAY) == []
    # An ongoing care order with an open end, planned to start later, is fine too.
    ongoing = replace(VALID_TILTAK, sluttdato=None, opphevelse_kode=None,
                      startdato=date(2027, 1, 1), oppfolging_hyppighet=(), tilsyn_hyppighet=())
    assert validate(ongoing, CASE, TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"kategori_kode": "2"}, "kategori_kode", "hovedgruppe"),
        ({"kategori_kode": "2.77"}, "kategori_kode", "Ukjent kode '2.77'"),
        ({"kategori_kode": ""}, "kategori_kode", "Velg tiltakskategori"),
        ({"kategori_kode": "2.99"}, "presisering",
         "Tiltakskategori med kode 2.99 mangler presisering"),
        ({"lovhjemmel": Lovhjemmel("BVL2021", "5", "1", "0")}, "lovhjemmel", "kan ikke være 0"),
        ({"sluttdato": date(2024, 1, 31), "oppfolging_hyppighet": (), "tilsyn_hyppighet": ()},
         "sluttdato", "Sluttdato kan ikke være før startdato (01.02.2024)"),
        ({"opphevelse_kode": None}, "opphevelse_kode",
         "Omsorgstiltak med sluttdato krever årsak til opphevelse"),
        ({"opphevelse_kode": "4"}, "opphevelse_presisering",
         "Opphevelse av tiltak med kode 4 mangler presisering"),
        ({"opphevelse_kode": "6"}, "opphevelse_kode", "Ukjent kode '6'"),
        ({"oppfolging_hyppighet": (Frequency(date(2024, 2, 1), 3),)}, "oppfolging_hyppighet",
         "2 eller 4 besøk per år"),
        ({"oppfolging_hyppighet": (Frequency(date(2024, 1, 31), 4),)}, "oppfolging_hyppighet",
         "fra 31.01.2024 ligger utenfor tiltakets periode"),
        ({"tilsyn_hyppighet": (Frequency(date(2024, 2, 1), 4), Frequency(date(2026, 7, 1), 2))},
         "tilsyn_hyppighet", "Tilsynsbesøk: hyppighet fra 01.07.2026 ligger utenfor"),
        ({"tilsyn_hyppighet": (Frequency(date(2024, 2, 1), 4), Frequency(date(2024, 2, 1), 2))},
         "tilsyn_hyppighet", "flere hyppigheter fra samme dato (01.02.2024)"),
        ({"tilsyn_ansvarlig_kommune": "310"}, "tilsyn_ansvarlig_kommune", "fire siffer"),
    ],
)
def test_broken_tiltak(changes: dict, field: str, phrase: str):
    assert_one(replace(VALID_TILTAK, **changes), CASE, field, phrase)


def test_presisering_satisfies_tiltak_codes_that_require_it():
    ok = replace(VALID_TILTAK, kategori_kode="2.99", presisering="Privat fosterhjem",
                 opphevelse_kode="4", opphevelse_presisering="Flyttet til annen kommune")
    assert validate(ok, CASE, TODAY) == []


def test_visit_frequencies_only_on_foster_home_tiltak():
    institution = replace(VALID_TILTAK, kategori_kode="1.1")
    errors = validate(institution, CASE, TODAY)
    assert fields(errors) == ["oppfolging_hyppighet", "tilsyn_hyppighet"]
    assert all("kan bare registreres for fosterhjem" in e.message for e in errors)
    assert validate(replace(institution, oppfolging_hyppighet=(), tilsyn_hyppighet=()),
                    CASE, TODAY) == []


def test_retired_tiltak_category_refused_for_new_but_kept_for_existing():
    housing = Tiltak(sak_id=1, kategori_kode="8.2", startdato=date(2026, 1, 5), lovhjemmel=HJELP)
    assert_one(housing, CASE, "kategori_kode", "utgikk 31.12.2025")
    assert validate(replace(housing, id=8), CASE, TODAY) == []
    assert_one(replace(housing, kategori_kode="2", id=8), CASE, "kategori_kode", "hovedgruppe")


def test_omsorgstiltak_cannot_start_on_or_after_the_18th_birthday():
    adult_soon = case(birth=date(2008, 6, 1))  # 18 on 01.06.2026
    care = replace(VALID_TILTAK, startdato=date(2026, 6, 1), sluttdato=None, opphevelse_kode=None,
                   oppfolging_hyppighet=(), tilsyn_hyppighet=())
    assert_one(care, adult_soon, "startdato", "18-årsdag")
    assert validate(replace(care, startdato=date(2026, 5, 31)), adult_soon, TODAY) == []
    assert validate(replace(care, lovhjemmel=HJELP), adult_soon, TODAY) == []  # ettervern


# --- Plan ----------------------------------------------------------------------------------------

VALID_PLAN = Plan(sak_id=1, plantype="4", startdato=date(2025, 1, 10), sluttdato=date(2026, 10, 1),
                  evalueringer=(date(2025, 6, 1), date(2026, 1, 15)), evalueringsintervall_mnd=6)


def test_valid_plan():
    assert validate(VALID_PLAN, CASE, TODAY) == []
    for interval in (None, 1, 24):
        plan = replace(VALID_PLAN, evalueringsintervall_mnd=interval, evalueringer=())
        assert validate(plan, CASE, TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"plantype": "3"}, "plantype", "utgikk 31.12.2022"),
        ({"plantype": "9"}, "plantype", "Ukjent kode '9'"),
        ({"plantype": ""}, "plantype", "Velg plantype"),
        ({"sluttdato": date(2025, 1, 9), "evalueringer": ()}, "sluttdato",
         "Sluttdato kan ikke være før startdato (10.01.2025)"),
        ({"evalueringer": (date(2025, 1, 9),)}, "evalueringer",
         "Evalueringen 09.01.2025 kan ikke være før planens startdato (10.01.2025)"),
        ({"evalueringer": (date(2025, 6, 1), date(2026, 11, 24))}, "evalueringer",
         "Evalueringen 24.11.2026 kan ikke være etter dagens dato"),
        ({"evalueringsintervall_mnd": 0}, "evalueringsintervall_mnd", "mellom 1 og 24 måneder"),
        ({"evalueringsintervall_mnd": 25}, "evalueringsintervall_mnd", "mellom 1 og 24 måneder"),
    ],
)
def test_broken_plan(changes: dict, field: str, phrase: str):
    assert_one(replace(VALID_PLAN, **changes), CASE, field, phrase)


def test_retired_plantype_kept_for_an_existing_plan():
    assert validate(replace(VALID_PLAN, plantype="3", id=2), CASE, TODAY) == []


# --- Besøk ---------------------------------------------------------------------------------------

FOSTER = Tiltak(sak_id=1, kategori_kode="2.2", startdato=date(2025, 1, 1),
                sluttdato=date(2026, 6, 30), lovhjemmel=HJELP, id=5)
SUPPORT = Tiltak(sak_id=1, kategori_kode="4.6", startdato=date(2025, 1, 1), lovhjemmel=HJELP, id=6)
OPEN_FOSTER = replace(FOSTER, sluttdato=None, id=7)
B_CASE = case(tiltak=[FOSTER, SUPPORT, OPEN_FOSTER])
VALID_BESOK = Besok(tiltak_id=5, kind=VisitKind.OPPFOLGING, dato=date(2025, 4, 1))


def test_valid_besok():
    assert validate(VALID_BESOK, B_CASE, TODAY) == []
    for day in (date(2025, 1, 1), date(2026, 6, 30)):
        assert validate(replace(VALID_BESOK, dato=day, kind=VisitKind.TILSYN), B_CASE, TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"tiltak_id": 99}, "tiltak_id", "finnes ikke i saken"),
        ({"tiltak_id": 6}, "tiltak_id", "bare registreres for fosterhjemstiltak"),
        ({"dato": date(2024, 12, 31)}, "dato",
         "innenfor tiltakets periode (01.01.2025–30.06.2026)"),
        ({"dato": date(2026, 7, 1)}, "dato", "innenfor tiltakets periode"),
        ({"tiltak_id": 7, "dato": date(2024, 12, 31)}, "dato", "(fra 01.01.2025)"),
        ({"tiltak_id": 7, "dato": date(2026, 11, 24)}, "dato", "etter dagens dato"),
    ],
)
def test_broken_besok(changes: dict, field: str, phrase: str):
    assert_one(replace(VALID_BESOK, **changes), B_CASE, field, phrase)


def test_besok_without_a_case_cannot_find_its_tiltak():
    assert fields(validate(VALID_BESOK, None, TODAY)) == ["tiltak_id"]


# --- Ettervern -----------------------------------------------------------------------------------

VALID_ETTERVERN = Ettervern(sak_id=1, tilbud_sendt=date(2026, 2, 1), konklusjon_kode="1",
                            konklusjon_dato=date(2026, 3, 1))


def test_valid_ettervern():
    assert validate(VALID_ETTERVERN, CASE, TODAY) == []
    pending = replace(VALID_ETTERVERN, konklusjon_kode=None, konklusjon_dato=None)
    assert validate(pending, CASE, TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"tilbud_sendt": date(2026, 11, 24), "konklusjon_kode": None, "konklusjon_dato": None},
         "tilbud_sendt", "etter dagens dato"),
        ({"konklusjon_kode": None}, "konklusjon_kode", "Velg konklusjon"),
        ({"konklusjon_dato": None}, "konklusjon_dato", "Oppgi konklusjonsdato"),
        ({"konklusjon_kode": "7"}, "konklusjon_kode", "Ukjent kode '7'"),
        ({"konklusjon_dato": date(2026, 1, 31)}, "konklusjon_dato",
         "Konklusjonsdato kan ikke være før tilbudet ble sendt (01.02.2026)"),
        ({"konklusjon_dato": date(2026, 11, 24)}, "konklusjon_dato", "etter dagens dato"),
    ],
)
def test_broken_ettervern(changes: dict, field: str, phrase: str):
    assert_one(replace(VALID_ETTERVERN, **changes), CASE, field, phrase)


# --- privacy -------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_no_message_contains_the_number_or_the_name(seed: int):
    rng = random.Random(seed)
    birth = date(2008, 1, 1) + (date(2026, 1, 1) - date(2008, 1, 1)) * rng.random()
    number = synthetic_fnr(birth, random.Random(seed), d_number=seed % 3 == 0)
    person = parse_person_id(number, TODAY)
    good = Sak(journalnummer="2026/1", navn="Ola Nordmann", fodselsnummer=number,
               fodselsdato=person.birth_date, kjonn=person.sex, saksbehandler="Kari",
               startdato=max(person.birth_date, date(2020, 1, 1)))
    assert validate(good, None, TODAY) == []
    wrong_check = number[:10] + str((int(number[10]) + 1) % 10)
    variants = [
        replace(good, fodselsdato=date(2001, 2, 3), kjonn="2" if person.sex == "1" else "1",
                startdato=date(1990, 1, 1), sluttdato=date(1989, 1, 1), journalnummer=""),
        replace(good, fodselsnummer=wrong_check),
        replace(good, fodselsnummer=number[:6] + " " + number[6:10]),
        replace(good, fodselsnummer=number + "1"),
        replace(good, fodselsnummer=number[:10] + "x"),
    ]
    for variant in variants:
        errors = validate(variant, None, TODAY)
        assert errors
        with pytest.raises(ValidationError) as info:
            require_valid(variant, None, TODAY)
        for text in [e.message for e in errors] + [str(info.value)]:
            assert number not in text
            assert number[6:] not in text
            assert "Ola" not in text and "Nordmann" not in text


@pytest.mark.parametrize("obj", [VALID_TILTAK, VALID_PLAN], ids=["tiltak", "plan"])
def test_an_end_date_after_today_is_refused(obj):
    """A sluttdato is the day something ended: a planned end in the future would close its
    deadlines from the start (a beredskapshjem ending 31.12 would never get its 90-day alert)."""
    tomorrow = date.fromordinal(TODAY.toordinal() + 1)
    assert validate(replace(obj, sluttdato=TODAY), CASE, TODAY) == []
    errors = validate(replace(obj, sluttdato=tomorrow), CASE, TODAY)
    assert [e.field for e in errors] == ["sluttdato"]
    assert "etter dagens dato" in errors[0].message
    assert_one(replace(sak(), sluttdato=tomorrow), None, "sluttdato", "etter dagens dato")
