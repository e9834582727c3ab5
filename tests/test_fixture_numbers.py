"""No test file holds a number that could be a real person's.

Every run of 11 digits in tests/ (code and data files) is one of: SSB's form for a number not
known (birth date + 00100, 00200 or 99999), a number whose check digits fail (bad input on
purpose: nobody can hold it), or a number our generator (``core.identity.synthetic_fnr``) gives
for a recorded birth date, sex, kind and seed — listed in ``GENERATED`` and regenerated here.
Every valid 12-digit DUF-nummer is likewise one ``synthetic_duf`` gives (``GENERATED_DUF``).
A new fixture number that is none of these fails this test.
"""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

from core.identity import (
    TERMIN_SUFFIX,
    UNKNOWN_SUFFIXES,
    check_digits,
    duf_message,
    synthetic_duf,
    synthetic_fnr,
)

TESTS = Path(__file__).resolve().parent

#: number → (birth date, sex, D-nummer, seed) of ``synthetic_fnr``.
GENERATED: dict[str, tuple[date, str, bool, int]] = {
    "01011071739": (date(2010, 1, 1), "1", False, 221),
    "01011074886": (date(2010, 1, 1), "2", False, 156),
    "02011076583": (date(2010, 1, 2), "1", False, 141),
    "03011168662": (date(2011, 1, 3), "2", False, 299),
    "55010573040": (date(2005, 1, 15), "2", True, 11),
    "02011095715": (date(2010, 1, 2), "1", False, 545),
    "29023651295": (date(2036, 2, 29), "2", False, 316),
    "15083951947": (date(2039, 8, 15), "1", False, 43),
    "55083951930": (date(2039, 8, 15), "1", True, 43),
}
#: DUF-nummer → (year, seed) of ``synthetic_duf``.
GENERATED_DUF: dict[str, tuple[int, int]] = {
    "201712345602": (2017, 120558),
}

_ELEVEN = re.compile(r"(?<![0-9A-Za-z])\d{11}(?![0-9])")
_TWELVE = re.compile(r"(?<![0-9A-Za-z-])\d{12}(?![0-9])")


def _texts() -> list[tuple[Path, str]]:
    found = []
    for path in sorted(TESTS.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".xml", ".md", ".json", ".txt"):
            found.append((path, path.read_text(encoding="utf-8", errors="replace")))
    return found


def _not_a_person(number: str) -> bool:
    return (number[6:] in UNKNOWN_SUFFIXES or number[6:] == TERMIN_SUFFIX
            or check_digits(number[:9]) != number[9:])


def test_the_generated_numbers_are_what_the_generator_gives():
    for number, (birth, sex, d_number, seed) in GENERATED.items():
        assert synthetic_fnr(birth, random.Random(seed), sex=sex, d_number=d_number) == number
    for number, (year, seed) in GENERATED_DUF.items():
        assert synthetic_duf(year, random.Random(seed)) == number


def test_every_number_in_the_tests_is_synthetic():
    strays = []
    for path, text in _texts():
        for number in set(_ELEVEN.findall(text)):
            if not _not_a_person(number) and number not in GENERATED:
                strays.append(f"{path.relative_to(TESTS)}: fødselsnummer {number}")
        for number in set(_TWELVE.findall(text)):
            if duf_message(number) is None and number not in GENERATED_DUF:
                strays.append(f"{path.relative_to(TESTS)}: DUF-nummer {number}")
    assert not strays, "numbers not from the generator:\n" + "\n".join(strays)
