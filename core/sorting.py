"""Norwegian alphabetical order, as Unicode's Norwegian collation (CLDR «nb», what ICU and so
PostgreSQL's ``nb-NO-x-icu`` use) orders names: æ, ø, å after z; «aa» is å (Aasen is Åsen);
ä counts as æ, ö as ø, ü as y; any other accent only breaks ties (Ándres sorts with A);
case-insensitive. One definition, used by the ``norsk`` collation, the stored sort keys and
every sorted list on screen.
"""

from __future__ import annotations

import unicodedata
from functools import cmp_to_key

#: Letters of their own after z, as characters that follow "z" in code point order.
_OWN = {"æ": "{", "ø": "|", "å": "}"}
#: Letters the Norwegian order counts as another letter.
_AS = {"ä": "æ", "ö": "ø", "ü": "y", "œ": "ø"}


def _letter(ch: str) -> str:
    ch = _AS.get(ch, ch)
    if ch in _OWN:
        return _OWN[ch]
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


def norwegian_key(text: str) -> str:
    """Sort key in Norwegian order (see the module docstring); texts that differ only in
    case or accents get the same key."""
    folded = unicodedata.normalize("NFC", text.casefold()).replace("aa", "å")
    return "".join(_letter(ch) for ch in folded)


def norwegian_cmp(a: str, b: str) -> int:
    """Compare two texts in Norwegian order; equal keys are ordered by the text itself."""
    ka, kb = norwegian_key(a), norwegian_key(b)
    return (ka > kb) - (ka < kb) or (a > b) - (a < b)


norwegian_sort_key = cmp_to_key(norwegian_cmp)
