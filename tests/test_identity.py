"""Tests for core.identity (fødselsnummer, D-nummer, SSB incomplete forms, ages)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.identity import (
    IdentityError,
    PersonId,
    age_on,
    birthday,
    check_digits,
    mask,
    parse_person_id,
    synthetic_fnr,
    validation_message,
)

TODAY = date(2025, 6, 1)
FAR_FUTURE = date(2039, 12, 31)

# The hand-worked numbers are born in 2036 and 2039: no such number has been given to anyone
# yet, so none of them can be a real person's. They are parsed as of FAR_FUTURE.

# Hand-worked number 1: born 15.08.2039, individnummer 519 -> "150839519"
#   k1: 1*3 + 5*7 + 0*6 + 8*1 + 3*8 + 9*9 + 5*4 + 1*5 + 9*2
#     = 3 + 35 + 0 + 8 + 24 + 81 + 20 + 5 + 18 = 194; 194 mod 11 = 7; k1 = 11 - 7 = 4
#   k2: 1*5 + 5*4 + 0*3 + 8*2 + 3*7 + 9*6 + 5*5 + 1*4 + 9*3 + 4*2
#     = 5 + 20 + 0 + 16 + 21 + 54 + 25 + 4 + 27 + 8 = 180; 180 mod 11 = 4; k2 = 11 - 4 = 7
#   individnummer 519 (500-999) with YY 39 -> 2039; 9th digit 9 is odd -> gutt ("1")
HAND_FNR_2039 = "15083951947"

# Hand-worked number 2: born 29.02.2036 (a leap year), individnummer 512 -> "290236512"
#   k1: 2*3 + 9*7 + 0*6 + 2*1 + 3*8 + 6*9 + 5*4 + 1*5 + 2*2
#     = 6 + 63 + 0 + 2 + 24 + 54 + 20 + 5 + 4 = 178; 178 mod 11 = 2; k1 = 11 - 2 = 9
#   k2: 2*5 + 9*4 + 0*3 + 2*2 + 3*7 + 6*6 + 5*5 + 1*4 + 2*3 + 9*2
#     = 10 + 36 + 0 + 4 + 21 + 36 + 25 + 4 + 6 + 18 = 160; 160 mod 11 = 6; k2 = 11 - 6 = 5
#   individnummer 512 (500-999) with YY 36 -> 2036; 9th digit 2 is even -> jente ("2")
HAND_FNR_2036 = "29023651295"

# Hand-worked D-nummer: number 1 with 4 added to the first digit -> "550839519"
#   k1: sum = 194 + (5 - 1)*3 = 206; 206 mod 11 = 8; k1 = 11 - 8 = 3
#   k2: 5*5 + 5*4 + 0*3 + 8*2 + 3*7 + 9*6 + 5*5 + 1*4 + 9*3 + 3*2
#     = 25 + 20 + 0 + 16 + 21 + 54 + 25 + 4 + 27 + 6 = 198; 198 mod 11 = 0; 11 - 0 = 11 -> k2 = 0
HAND_DNR_2039 = "55083951930"


def _independent_checks(first_nine: str) -> str | None:
    """A second, deliberately plain implementation of the mod-11 rule for the tests."""
    digits = [int(c) for c in first_nine]
    k1 = 11 - sum(d * w for d, w in zip(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2], strict=True)) % 11
    if k1 == 11:
        k1 = 0
    if k1 == 10:
        return None
    k2 = 11 - sum(d * w for d, w in zip([*digits, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2],
                                        strict=True)) % 11
    if k2 == 11:
        k2 = 0
    if k2 == 10:
        return None
    return f"{k1}{k2}"


def _fnr(first_nine: str) -> str:
    checks = _independent_checks(first_nine)
    assert checks is not None, "test data: choose another individnummer"
    return first_nine + checks


# --- hand-worked numbers -----------------------------------------------------------------


def test_hand_worked_2039() -> None:
    assert check_digits("150839519") == "47"
    pid = parse_person_id(HAND_FNR_2039, FAR_FUTURE)
    assert pid == PersonId(HAND_FNR_2039, "fnr", date(2039, 8, 15), "1")


def test_hand_worked_2036_leap_day() -> None:
    assert check_digits("290236512") == "95"
    pid = parse_person_id(HAND_FNR_2036, FAR_FUTURE)
    assert pid.kind == "fnr"
    assert pid.birth_date == date(2036, 2, 29)
    assert pid.sex == "2"


def test_hand_worked_d_number_with_check_digit_eleven() -> None:
    assert check_digits("550839519") == "30"
    pid = parse_person_id(HAND_DNR_2039, FAR_FUTURE)
    assert pid.kind == "dnr"
    assert pid.birth_date == date(2039, 8, 15)
    assert pid.sex == "1"
    assert pid.is_complete


def test_independent_implementation_agrees() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        first_nine = f"{rng.randrange(10**9):09d}"
        assert check_digits(first_nine) == _independent_checks(first_nine)


def test_prefix_with_k1_ten_has_no_valid_number() -> None:
    prefix = next(
        f"150890{n:03d}"
        for n in range(500)
        if sum(int(d) * w for d, w in zip(f"150890{n:03d}", [3, 7, 6, 1, 8, 9, 4, 5, 2],
                                          strict=True)) % 11 == 1
    )
    assert check_digits(prefix) is None
    for suffix in range(100):
        number = f"{prefix}{suffix:02d}"
        if number[6:] in ("00100", "00200", "99999"):
            # SSB's incomplete forms have no check digits (here: individnummer 002 + "00").
            assert parse_person_id(number, TODAY).kind == "ukjent"
            continue
        assert validation_message(number, TODAY) == "Feil kontrollsiffer i fødselsnummeret"


def test_spaces_are_stripped() -> None:
    assert parse_person_id("150839 51947", FAR_FUTURE).number == HAND_FNR_2039
    assert parse_person_id(" 150839\t51947 ", FAR_FUTURE).birth_date == date(2039, 8, 15)


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "Fødselsnummer mangler"),
        ("   ", "Fødselsnummer mangler"),
        ("1508395194", "Fødselsnummer må ha 11 siffer"),
        ("150839519470", "Fødselsnummer må ha 11 siffer"),
        ("15O83951947", "Fødselsnummer kan bare inneholde siffer"),  # letter O, not zero
        ("150839-1947", "Fødselsnummer kan bare inneholde siffer"),
        ("15083951948", "Feil kontrollsiffer i fødselsnummeret"),
        ("15083951937", "Feil kontrollsiffer i fødselsnummeret"),
        (_fnr("310299123"), "Ugyldig dato i fødselsnummeret"),  # 31 February
        (_fnr("320190123"), "Ugyldig dato i fødselsnummeret"),
        (_fnr("001390123"), "Ugyldig dato i fødselsnummeret"),  # day 00, month 13
        (_fnr("290201512"), "Ugyldig dato i fødselsnummeret"),  # 2001 is not a leap year
        (_fnr("720190123"), "Ugyldig dato i fødselsnummeret"),  # D-nummer day 32
        (_fnr("010145600"), "Individnummeret passer ikke med fødselsåret i fødselsnummeret"),
        (_fnr("010160800"), "Individnummeret passer ikke med fødselsåret i fødselsnummeret"),
        ("3102990010 0", "Ugyldig dato i fødselsnummeret"),  # incomplete form, bad date
    ],
)
def test_invalid_numbers(number: str, message: str) -> None:
    with pytest.raises(IdentityError) as info:
        parse_person_id(number, TODAY)
    assert str(info.value) == message
    assert validation_message(number, TODAY) == message
    compact = "".join(number.split())
    if len(compact) >= 6:
        assert compact not in str(info.value)
        assert compact[:6] not in str(info.value)


def test_birth_date_in_future_rejected() -> None:
    number = _fnr("010130512")  # 01.01.2030
    assert validation_message(number, TODAY) == "Fødselsdatoen i fødselsnummeret er fram i tid"
    assert parse_person_id(number, date(2030, 1, 1)).birth_date == date(2030, 1, 1)


def test_identity_error_is_value_error() -> None:
    assert issubclass(IdentityError, ValueError)


def test_validation_message_ok() -> None:
    assert validation_message(HAND_FNR_2039, FAR_FUTURE) is None
    assert validation_message("01022300100", TODAY) is None


def test_repr_does_not_show_full_number() -> None:
    pid = parse_person_id(HAND_FNR_2039, FAR_FUTURE)
    assert HAND_FNR_2039 not in repr(pid)
    assert "150839 *****" in repr(pid)
    assert pid.masked == "150839 *****"


# --- century rules -----------------------------------------------------------------------


def _valid_number(prefix: str, individ: range) -> str:
    """The first number DDMMYY+individnummer in ``individ`` that has valid check digits."""
    for n in individ:
        checks = _independent_checks(f"{prefix}{n:03d}")
        if checks is not None:
            return f"{prefix}{n:03d}{checks}"
    raise AssertionError("test data: no valid number in range")


@pytest.mark.parametrize(
    ("prefix", "individ", "born"),
    [
        ("311299", range(500, 750), date(1899, 12, 31)),  # 500-749 with YY 54-99 -> 1800s
        ("010154", range(749, 499, -1), date(1854, 1, 1)),
        ("311299", range(499, -1, -1), date(1999, 12, 31)),  # 000-499 -> 1900s
        ("010100", range(500), date(1900, 1, 1)),
        ("010140", range(900, 1000), date(1940, 1, 1)),  # 900-999 with YY 40-99 -> 1900s
        ("311299", range(999, 899, -1), date(1999, 12, 31)),
        ("010100", range(500, 1000), date(2000, 1, 1)),  # 500-999 with YY 00-39 -> 2000s
        ("311239", range(999, 499, -1), date(2039, 12, 31)),
        ("150820", range(750, 900), date(2020, 8, 15)),
    ],
)
def test_century(prefix: str, individ: range, born: date) -> None:
    number = _valid_number(prefix, individ)
    assert parse_person_id(number, FAR_FUTURE).birth_date == born


@pytest.mark.parametrize(
    ("prefix", "individ"),
    [
        ("010153", range(500, 750)),  # 500-749 needs YY 54-99
        ("010140", range(500, 750)),
        ("010160", range(750, 900)),  # 750-899 only for 2000-2039
        ("010199", range(750, 900)),
    ],
)
def test_impossible_individnummer_for_year(prefix: str, individ: range) -> None:
    number = _valid_number(prefix, individ)
    assert validation_message(number, FAR_FUTURE) == (
        "Individnummeret passer ikke med fødselsåret i fødselsnummeret"
    )


# --- sex ---------------------------------------------------------------------------------


def test_sex_from_ninth_digit() -> None:
    rng = random.Random(1)
    for _ in range(50):
        number = synthetic_fnr(date(2010, 5, 17), rng)
        expected = "1" if int(number[8]) % 2 else "2"
        assert parse_person_id(number, TODAY).sex == expected
    assert parse_person_id(synthetic_fnr(date(2010, 5, 17), rng, sex="1"), TODAY).sex == "1"
    assert parse_person_id(synthetic_fnr(date(2010, 5, 17), rng, sex="2"), TODAY).sex == "2"


# --- SSB incomplete forms ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("01022300100", date(2023, 2, 1)),
        ("01022300200", date(2023, 2, 1)),
        ("01059900100", date(1999, 5, 1)),
        ("01062500200", date(2025, 6, 1)),  # born today
        ("02062500100", date(1925, 6, 2)),  # tomorrow would be in the future -> 1925
        ("29020000100", date(2000, 2, 29)),
    ],
)
def test_unknown_number_forms(number: str, born: date) -> None:
    pid = parse_person_id(number, TODAY)
    assert pid.kind == "ukjent"
    assert pid.birth_date == born
    assert pid.sex is None
    assert not pid.is_complete


@pytest.mark.parametrize(
    ("number", "termin"),
    [
        ("15092599999", date(2025, 9, 15)),  # future termindato
        ("15012699999", date(2026, 1, 15)),
        ("20052599999", date(2025, 5, 20)),  # recently passed
        ("15099999999", date(1999, 9, 15)),  # nearest is 1999, not 2099
    ],
)
def test_termin_form(number: str, termin: date) -> None:
    pid = parse_person_id(number, TODAY)
    assert pid.kind == "termin"
    assert pid.birth_date == termin
    assert pid.sex is None


def test_termin_near_century_boundary() -> None:
    assert parse_person_id("15010099999", date(2099, 12, 1)).birth_date == date(2100, 1, 15)


def test_incomplete_forms_invalid_date() -> None:
    assert validation_message("29020100100", TODAY) == "Ugyldig dato i fødselsnummeret"
    assert validation_message("31042599999", TODAY) == "Ugyldig dato i fødselsnummeret"
    assert validation_message("41022300100", TODAY) == "Ugyldig dato i fødselsnummeret"  # no D-form


# --- mask --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("01020312345", "010203 *****"),
        ("010203 12345", "010203 *****"),
        ("0102031", "010203 *****"),
        ("010203123456789", "010203 *****"),
        ("abcdefgh", "abcdef *****"),
        ("010203", "010203"),
        ("12", "12"),
        ("", ""),
    ],
)
def test_mask(number: str, masked: str) -> None:
    assert mask(number) == masked


# --- birthdays and ages ------------------------------------------------------------------


def test_birthday_leap_day() -> None:
    assert birthday(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert birthday(date(2004, 2, 29), 18) == date(2022, 3, 1)
    assert birthday(date(2000, 2, 29), 24) == date(2024, 2, 29)
    assert birthday(date(2000, 2, 29), 100) == date(2100, 3, 1)  # 2100 is not a leap year


def test_birthday_plain() -> None:
    assert birthday(date(2010, 5, 17), 18) == date(2028, 5, 17)
    assert birthday(date(2010, 5, 17), 0) == date(2010, 5, 17)
    with pytest.raises(ValueError):
        birthday(date(2010, 5, 17), -1)


def test_age_on_around_birthday() -> None:
    born = date(2008, 6, 15)
    assert age_on(born, date(2026, 6, 14)) == 17
    assert age_on(born, date(2026, 6, 15)) == 18
    assert age_on(born, date(2026, 6, 16)) == 18
    assert age_on(born, born) == 0
    with pytest.raises(ValueError):
        age_on(born, born - timedelta(days=1))


def test_age_on_leap_day_child() -> None:
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18
    assert age_on(born, date(2024, 2, 28)) == 15
    assert age_on(born, date(2024, 2, 29)) == 16


# --- synthetic numbers and properties ----------------------------------------------------


def test_synthetic_rejects_bad_input() -> None:
    rng = random.Random(0)
    with pytest.raises(ValueError):
        synthetic_fnr(date(2010, 1, 1), rng, sex="3")
    with pytest.raises(ValueError):
        synthetic_fnr(date(2040, 1, 1), rng)


def test_synthetic_is_reproducible() -> None:
    a = synthetic_fnr(date(2012, 3, 4), random.Random(42))
    b = synthetic_fnr(date(2012, 3, 4), random.Random(42))
    assert a == b


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2039, 12, 31)),
    seed=st.integers(min_value=0, max_value=2**32),
    sex=st.sampled_from([None, "1", "2"]),
    d_number=st.booleans(),
)
def test_synthetic_round_trip(born: date, seed: int, sex: str | None, d_number: bool) -> None:
    number = synthetic_fnr(born, random.Random(seed), sex=sex, d_number=d_number)
    assert len(number) == 11 and number.isdigit()
    assert _independent_checks(number[:9]) == number[9:]
    pid = parse_person_id(number, FAR_FUTURE)
    assert pid.birth_date == born
    assert pid.kind == ("dnr" if d_number else "fnr")
    if sex is not None:
        assert pid.sex == sex
    assert pid.sex == ("1" if int(number[8]) % 2 else "2")


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2039, 12, 31)),
    seed=st.integers(min_value=0, max_value=2**32),
    position=st.integers(min_value=0, max_value=10),
    delta=st.integers(min_value=1, max_value=9),
)
def test_single_digit_change_is_detected(born: date, seed: int, position: int, delta: int) -> None:
    number = synthetic_fnr(born, random.Random(seed))
    changed_digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(changed_digit) + number[position + 1 :]
    # Strong claim: the mod-11 check digits detect every single-digit error, because all
    # weights are non-zero mod 11 (11 is prime) and a digit change is 1..9.
    assert check_digits(changed[:9]) != changed[9:]
    # As a whole the changed number is invalid - unless the change happens to produce one of
    # SSB's incomplete forms (DDMMYY00100/00200/99999), which carry no check digits.
    try:
        pid = parse_person_id(changed, FAR_FUTURE)
    except IdentityError:
        return
    assert pid.kind in ("ukjent", "termin")


def test_single_digit_change_exhaustive_for_hand_worked_numbers() -> None:
    for number in (HAND_FNR_2039, HAND_FNR_2036, HAND_DNR_2039):
        for position in range(11):
            for digit in "0123456789":
                if digit == number[position]:
                    continue
                changed = number[:position] + digit + number[position + 1 :]
                assert validation_message(changed, FAR_FUTURE) is not None
