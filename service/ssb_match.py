"""Matching an SSB file's cases and parts to records typed by hand (issue #10).

A service that has registered some cases in Fristvakt and then imports its case system's
register for the first time must not get them twice. ``service.ssb`` matches a file's ``Sak`` on
SSB's Id, then on the journalnummer; when neither finds it, ``match_on_number`` matches it on the
child's fødselsnummer (or DUF-nummer) to a case that no SSB Id is linked to yet. Within a matched
case, ``PartMatcher`` pairs each part of the file that has no stored SSB Id with a stored part
that has none either, on content:

* melding: the date received and a melder in common (the same melder set preferred);
* undersøkelse: its (matched) melding and start date;
* vedtak: date and legal basis (lov, kapittel, paragraf);
* tiltak: kategori and start date; plan: plantype and start date;
* ettervern: the date the offer was sent; besøk: its tiltak, kind and date;
* flytting: its date and where the child moved to.

Each stored record is matched at most once, and only records no SSB Id points to are
candidates: a record linked to another element of the case system is that element's. A matched
record gets the file's SSB Id, so the next import finds it by Id and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from core.model import (
    Besok,
    CaseFile,
    Ettervern,
    Flytting,
    Melding,
    Plan,
    Tiltak,
    Undersokelse,
    Vedtak,
)
from storage.ssb_v4 import TERMIN_SUFFIX, UNKNOWN_NUMBER_SUFFIXES

#: The number fields a child is matched on, with the word the dry run uses.
NUMBER_FIELDS = (("fodselsnummer", "fødselsnummer"), ("duf_nummer", "DUF-nummer"))
#: Fødselsnummer suffixes that do not identify a child (birth or due date + «not known»).
UNKNOWN_SUFFIXES = (*UNKNOWN_NUMBER_SUFFIXES, TERMIN_SUFFIX)

_PARTS = ("meldinger", "undersokelser", "vedtak", "tiltak", "planer", "besok", "ettervern",
          "flyttinger")


def match_on_number(sak_numbers: Mapping[str, str | None], cases_by_number: Mapping[str, list[int]],
                    unavailable: Collection[int]) -> tuple[int | None, str]:
    """The one stored case a file's child is, by fødselsnummer, else by DUF-nummer: (sak id,
    the number's name), or (None, "") when no single available case has the number.

    ``sak_numbers`` maps "fodselsnummer"/"duf_nummer" to the file's values;
    ``cases_by_number`` the register's cases per number; ``unavailable`` the cases that may not
    be matched (linked to an SSB Id, or already matched by another case of the file)."""
    for name, word in NUMBER_FIELDS:
        number = (sak_numbers.get(name) or "").strip()
        if not number or (name == "fodselsnummer" and number[6:] in UNKNOWN_SUFFIXES):
            continue
        found = [s for s in cases_by_number.get(number, ()) if s not in unavailable]
        if len(found) == 1:
            return found[0], word
    return None, ""


def content_key(obj: Any) -> tuple[Any, ...]:
    """What a part is recognised by when no SSB Id links it (see the module docstring)."""
    if isinstance(obj, Melding):
        return ("Melding", obj.mottatt)
    if isinstance(obj, Undersokelse):
        return ("Undersokelse", obj.melding_id, obj.startdato)  # the melding already matched
    if isinstance(obj, Vedtak):
        h = obj.lovhjemmel
        return ("Vedtak", obj.dato, h.lov, h.kapittel.strip(), h.paragraf.strip())
    if isinstance(obj, Tiltak):
        return ("Tiltak", obj.kategori_kode, obj.startdato)
    if isinstance(obj, Plan):
        return ("Plan", obj.plantype, obj.startdato)
    if isinstance(obj, Ettervern):
        return ("Ettervern", obj.tilbud_sendt)
    if isinstance(obj, Besok):
        return ("Besok", obj.tiltak_id, obj.kind.value, obj.dato)
    if isinstance(obj, Flytting):
        return ("Flytting", obj.dato, obj.flytting_til_kode)
    raise TypeError(f"Ingen innholdsnøkkel for {type(obj).__name__}")


def _melder_codes(m: Melding) -> frozenset[str]:
    return frozenset(v.kode for v in m.melder)


class PartMatcher:
    """The stored parts of one case that may be matched on content, each at most once.

    ``is_free(part)`` says whether a stored part may be matched: no SSB Id is stored for it,
    and the file does not carry the Id it would be exported with."""

    def __init__(self, stored: CaseFile | None, is_free: Callable[[Any], bool]) -> None:
        self._free: dict[tuple[Any, ...], list[Any]] = {}
        if stored is None:
            return
        for name in _PARTS:
            for part in getattr(stored, name):
                if is_free(part):
                    self._free.setdefault(content_key(part), []).append(part)

    def __bool__(self) -> bool:
        return any(self._free.values())

    def match(self, obj: Any) -> Any | None:
        """The stored part ``obj`` (a part of the file, its links already pointing at stored
        records where they are matched) is, or None; a part returned is no longer free."""
        candidates = self._free.get(content_key(obj))
        if not candidates:
            return None
        chosen = candidates[0]
        if isinstance(obj, Melding):
            wanted = _melder_codes(obj)
            same = [c for c in candidates if _melder_codes(c) == wanted]
            shared = [c for c in candidates if _melder_codes(c) & wanted]
            if not (same or shared):
                return None
            chosen = (same or shared)[0]
        candidates.remove(chosen)
        return chosen


def numbers_index(keys: Iterable[tuple[int, str, str | None, str | None]]
                  ) -> dict[str, list[int]]:
    """The register's cases per fødselsnummer and DUF-nummer (from ``Repository.case_keys``)."""
    found: dict[str, list[int]] = {}
    for sak_id, _, fnr, duf in keys:
        for number in (fnr, duf):
            if number:
                found.setdefault(number, []).append(sak_id)
    return found
