"""Norwegian identity numbers (fødselsnummer, D-nummer and SSB's incomplete forms).

Rules: SSB Personalia kontroll 12–18 and the Norwegian standard for fødselsnummer.

* Fødselsnummer: DDMMYY + individnummer (3 digits) + two mod-11 check digits.
* D-nummer: as a fødselsnummer, with 4 added to the first digit.
* SSB also accepts DDMMYY + ``00100`` / ``00200`` (number not known) and
  DDMMYY + ``99999`` (unborn child; the date is the termindato). These have no check digits.
* DUF-nummer (the immigration authorities' number, before any fødselsnummer/D-nummer): 12 digits,
  the last two check digits = (first ten × 4, 6, 3, 2, 4, 6, 3, 2, 7, 5) mod 11, written as two
  digits (SSB Personalia kontroll 17). It carries no birth date.

Error messages are Norwegian and never contain the number itself. Nothing here reads the
clock: functions that need "today" take it as a parameter.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = [
    "DUF_WEIGHTS",
    "IdentityError",
    "Kind",
    "PersonId",
    "Sex",
    "age_on",
    "birthday",
    "check_digits",
    "duf_check_digits",
    "duf_message",
    "mask",
    "mask_duf",
    "parse_duf",
    "parse_person_id",
    "synthetic_duf",
    "synthetic_fnr",
    "validation_message",
]

Kind = Literal["fnr", "dnr", "ukjent", "termin"]
Sex = Literal["1", "2"]

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

UNKNOWN_SUFFIXES = frozenset({"00100", "00200"})
TERMIN_SUFFIX = "99999"

MSG_MISSING = "Fødselsnummer mangler"
MSG_NOT_DIGITS = "Fødselsnummer kan bare inneholde siffer"
MSG_LENGTH = "Fødselsnummer må ha 11 siffer"
MSG_DATE = "Ugyldig dato i fødselsnummeret"
MSG_INDIVIDNUMMER = "Individnummeret passer ikke med fødselsåret i fødselsnummeret"
MSG_CHECK_DIGITS = "Feil kontrollsiffer i fødselsnummeret"
MSG_FUTURE = "Fødselsdatoen i fødselsnummeret er fram i tid"


DUF_WEIGHTS = (4, 6, 3, 2, 4, 6, 3, 2, 7, 5)
MSG_DUF_NOT_DIGITS = "DUF-nummer kan bare inneholde siffer"
MSG_DUF_LENGTH = "DUF-nummer må ha 12 siffer"
MSG_DUF_CHECK = "Feil kontrollsiffer i DUF-nummeret"


class IdentityError(ValueError):
    """An identity number is invalid. The message is Norwegian and never contains the number."""


@dataclass(frozen=True)
class PersonId:
    """A parsed, valid identity number."""

    number: str  # 11 digits, no spaces
    kind: Kind
    birth_date: date  # for "termin": the expected date of birth
    sex: Sex | None  # SSB kjønn: "1" gutt, "2" jente; None for the incomplete forms

    def __repr__(self) -> str:  # keep the full number out of logs and tracebacks
        return f"PersonId(number={mask(self.number)!r}, kind={self.kind!r})"

    @property
    def masked(self) -> str:
        """The number with the personal part hidden, e.g. ``"010203 *****"``."""
        return mask(self.number)

    @property
    def is_complete(self) -> bool:
        """False for SSB's incomplete forms (00100/00200/99999) that must later be replaced."""
        return self.kind in ("fnr", "dnr")


def _weighted_check(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = (11 - remainder) % 11  # 11 -> 0
    return None if check == 10 else check


def check_digits(first_nine: str) -> str | None:
    """The two mod-11 check digits for nine digits, or ``None`` if none exist (a 10)."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError("Forventet ni siffer")
    k1 = _weighted_check(first_nine, K1_WEIGHTS)
    if k1 is None:
        return None
    k2 = _weighted_check(first_nine + str(k1), K2_WEIGHTS)
    if k2 is None:
        return None
    return f"{k1}{k2}"


def _century_year(yy: int, individnummer: int) -> int | None:
    """Full birth year from the two-digit year and the individnummer; None if impossible."""
    if individnummer <= 499:
        return 1900 + yy
    if individnummer <= 749 and yy >= 54:
        return 1800 + yy
    if yy <= 39:  # 500–999
        return 2000 + yy
    if individnummer >= 900:  # 900–999 with YY 40–99
        return 1900 + yy
    return None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _normalise(number: str) -> str:
    digits = "".join(number.split())
    if not digits:
        raise IdentityError(MSG_MISSING)
    if not digits.isascii() or not digits.isdigit():
        raise IdentityError(MSG_NOT_DIGITS)
    if len(digits) != 11:
        raise IdentityError(MSG_LENGTH)
    return digits


def _parse_incomplete(digits: str, today: date) -> PersonId:
    day, month, yy = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    suffix = digits[6:]
    century = today.year // 100 * 100
    candidates = [
        d
        for d in (_make_date(c + yy, month, day) for c in (century - 100, century, century + 100))
        if d is not None
    ]
    if suffix == TERMIN_SUFFIX:
        # Termindato: the nearest date in either direction (normally soon after today).
        if not candidates:
            raise IdentityError(MSG_DATE)
        birth = min(candidates, key=lambda d: (abs((d - today).days), d))
        return PersonId(digits, "termin", birth, None)
    # Born child with unknown number: the latest such date that is not in the future.
    past = [d for d in candidates if d <= today]
    if not past:
        raise IdentityError(MSG_DATE)
    return PersonId(digits, "ukjent", max(past), None)


def parse_person_id(number: str, today: date) -> PersonId:
    """Parse and validate a fødselsnummer, D-nummer or SSB incomplete form.

    Spaces are ignored. Raises ``IdentityError`` with a Norwegian message on any error;
    a fødselsnummer or D-nummer whose birth date is after ``today`` is rejected.
    """
    digits = _normalise(number)
    if digits[6:] in UNKNOWN_SUFFIXES or digits[6:] == TERMIN_SUFFIX:
        return _parse_incomplete(digits, today)

    day, month, yy = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    kind: Kind = "fnr"
    if day > 40:
        kind, day = "dnr", day - 40
    year = _century_year(yy, int(digits[6:9]))
    if year is None:
        raise IdentityError(MSG_INDIVIDNUMMER)
    birth = _make_date(year, month, day)
    if birth is None:
        raise IdentityError(MSG_DATE)
    if check_digits(digits[:9]) != digits[9:]:
        raise IdentityError(MSG_CHECK_DIGITS)
    if birth > today:
        raise IdentityError(MSG_FUTURE)
    sex: Sex = "1" if int(digits[8]) % 2 == 1 else "2"
    return PersonId(digits, kind, birth, sex)


def validation_message(number: str, today: date) -> str | None:
    """``None`` if ``number`` is a valid identity number, else the Norwegian error message."""
    try:
        parse_person_id(number, today)
    except IdentityError as exc:
        return str(exc)
    return None


def mask(number: str) -> str:
    """Hide the personal part: ``"01020312345"`` -> ``"010203 *****"``.

    Tolerant of bad input: spaces are ignored, anything after the first six characters is
    replaced by ``*****``, and input of six characters or fewer is returned unchanged.
    """
    compact = "".join(number.split())
    if len(compact) <= 6:
        return compact
    return f"{compact[:6]} *****"


def _individnummer_range(year: int) -> range:
    if 1854 <= year <= 1899:
        return range(500, 750)
    if 1900 <= year <= 1939:
        return range(500)
    if 1940 <= year <= 1999:
        return range(1000)  # 000–499 and 900–999; 500–899 filtered below
    if 2000 <= year <= 2039:
        return range(500, 1000)
    raise ValueError("Kan bare lage fødselsnummer for fødselsår 1854–2039")


def synthetic_fnr(
    birth_date: date,
    rng: random.Random,
    *,
    sex: str | None = None,
    d_number: bool = False,
) -> str:
    """Generate a valid synthetic fødselsnummer (or D-nummer) for ``birth_date``.

    The individnummer is drawn from the range that encodes the birth year's century, with
    odd/even third digit for ``sex`` "1"/"2" (random if ``None``). Numbers without valid
    check digits and numbers that look like SSB's incomplete forms are skipped.
    For test and demonstration data only.
    """
    if sex not in (None, "1", "2"):
        raise ValueError("Kjønn må være '1', '2' eller None")
    candidates = [
        n
        for n in _individnummer_range(birth_date.year)
        if _century_year(birth_date.year % 100, n) == birth_date.year
        and (sex is None or n % 2 == (1 if sex == "1" else 0))
    ]
    day = birth_date.day + (40 if d_number else 0)
    prefix = f"{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}"
    for _ in range(10_000):
        first_nine = f"{prefix}{rng.choice(candidates):03d}"
        checks = check_digits(first_nine)
        if checks is None:
            continue
        number = first_nine + checks
        if number[6:] in UNKNOWN_SUFFIXES or number[6:] == TERMIN_SUFFIX:
            continue
        return number
    raise RuntimeError("Fant ikke et gyldig syntetisk fødselsnummer")  # pragma: no cover


def birthday(birth_date: date, years: int) -> date:
    """The date the person turns ``years`` old; born 29 February -> 1 March in non-leap years."""
    if years < 0:
        raise ValueError("Antall år kan ikke være negativt")
    year = birth_date.year + years
    try:
        return birth_date.replace(year=year)
    except ValueError:  # 29 February in a non-leap year
        return date(year, 3, 1)


def age_on(birth_date: date, day: date) -> int:
    """Completed years of age on ``day``; raises ``ValueError`` if ``day`` is before birth."""
    if day < birth_date:
        raise ValueError("Datoen er før fødselsdatoen")
    years = day.year - birth_date.year
    if day < birthday(birth_date, years):
        years -= 1
    return years


# --- DUF-nummer -----------------------------------------------------------------------------------


def duf_check_digits(first_ten: str) -> str:
    """The two check digits of a DUF-nummer: the weighted sum mod 11, as two digits."""
    return f"{sum(int(d) * w for d, w in zip(first_ten, DUF_WEIGHTS, strict=True)) % 11:02d}"


def parse_duf(number: str) -> str:
    """The DUF-nummer without spaces; IdentityError (Norwegian, without the number) if it is
    not 12 digits with the right check digits."""
    compact = "".join(number.split())
    if not compact.isdigit():
        raise IdentityError(MSG_DUF_NOT_DIGITS)
    if len(compact) != 12:
        raise IdentityError(MSG_DUF_LENGTH)
    if duf_check_digits(compact[:10]) != compact[10:]:
        raise IdentityError(MSG_DUF_CHECK)
    return compact


def duf_message(number: str) -> str | None:
    """``None`` if ``number`` is a valid DUF-nummer, else the Norwegian error message."""
    try:
        parse_duf(number)
    except IdentityError as exc:
        return str(exc)
    return None


def mask_duf(number: str) -> str:
    """Hide all but the registration year: ``"201712345601"`` -> ``"2017 ********"``."""
    compact = "".join(number.split())
    return f"{compact[:4]} {'*' * max(0, len(compact) - 4)}" if len(compact) > 4 else compact


def synthetic_duf(year: int, rng: random.Random) -> str:
    """A random, valid DUF-nummer registered in ``year`` (for tests and the demo)."""
    first_ten = f"{year:04d}{rng.randrange(10**6):06d}"
    return first_ten + duf_check_digits(first_ten)
