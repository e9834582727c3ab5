"""Norwegian alphabetical order: æ, ø, å after z, case-insensitively (one definition, used by
the ``norsk`` collation, the stored sort keys and every sorted list on screen)."""

from __future__ import annotations

from functools import cmp_to_key

_NORWEGIAN = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def norwegian_key(text: str) -> str:
    """Sort key placing æ, ø, å after z, case-insensitively ("{", "|", "}" follow "z")."""
    return text.casefold().translate(_NORWEGIAN)


def norwegian_cmp(a: str, b: str) -> int:
    """Compare two texts in Norwegian order; equal keys are ordered by the text itself."""
    ka, kb = norwegian_key(a), norwegian_key(b)
    return (ka > kb) - (ka < kb) or (a > b) - (a < b)


norwegian_sort_key = cmp_to_key(norwegian_cmp)
