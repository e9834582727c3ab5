"""The checks of SSB's Barnevern v4 controls, one pure function per control over a
``CaseFile`` as the extract shows it (``core.ssb_extract``); ``core.ssb_controls`` puts them
in its catalogue with SSB's ids, severities and messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from core.dates import add_months, fmt
from core.identity import (
    MSG_FUTURE,
    IdentityError,
    PersonId,
    age_on,
    duf_message,
    parse_person_id,
)
from core.model import CaseFile, Ettervern, Melding, Sak, Tiltak, Undersokelse, Vedtak
from core.ssb_extract import DATE_SPAN_YEARS, ERROR, Check, Control, Extract, Hit
from core.validation import (
    BVL2021_FROM,
    KNOWN_LAWS,
    NOT_BORN_MONTHS,
    sex_in_number,
    zero_lovhjemmel_errors,
)

# --- small helpers ------------------------------------------------------------------------------


def _sak_hit(s: Sak, field: str, message: str) -> Hit:
    return Hit("sak", s.id, field, message)


def _person(s: Sak, ex: Extract) -> PersonId | None:
    """The parsed fødselsnummer (SSB's definitions: fnr, D-nummer, 00100/00200, 99999), or None
    when there is none or it is invalid. A number whose birth date is after the extract is
    still a number (SSB's definition has no date limit)."""
    number = s.fodselsnummer.strip()
    return _parsed(number, ex.uttrekk) if number else None


@lru_cache(maxsize=1 << 12)  # the Personalia controls ask for the same number several times
def _parsed(number: str, uttrekk: date) -> PersonId | None:
    try:
        return parse_person_id(number, uttrekk)
    except IdentityError as error:
        if str(error) != MSG_FUTURE:
            return None
    return parse_person_id(number, date(9999, 12, 31))


def _birth_date(s: Sak, ex: Extract) -> date | None:
    if s.fodselsdato is not None:
        return s.fodselsdato
    person = _person(s, ex)
    return person.birth_date if person is not None and person.kind != "termin" else None


def _age(s: Sak, ex: Extract) -> int | None:
    """Completed years on the extract date; None when the birth date is unknown or later."""
    born = _birth_date(s, ex)
    return age_on(born, ex.uttrekk) if born is not None and born <= ex.uttrekk else None


def _concluded(item: Melding | Undersokelse | Ettervern) -> bool:
    return bool(item.konklusjon_kode) or item.konklusjon_dato is not None


def _open_parts(case: CaseFile) -> Iterator[tuple[str, Any, str]]:
    """(record kind, record, end field) of every part without its end date (vedtak excepted:
    the model keeps no end date of a vedtak)."""
    for kind, items, end in _ENDED_PARTS:
        for item in items(case):
            if getattr(item, end) is None:
                yield kind, item, end


_ENDED_PARTS: tuple[tuple[str, Callable[[CaseFile], tuple[Any, ...]], str], ...] = (
    ("melding", lambda c: c.meldinger, "konklusjon_dato"),
    ("undersokelse", lambda c: c.undersokelser, "konklusjon_dato"),
    ("tiltak", lambda c: c.tiltak, "sluttdato"),
    ("plan", lambda c: c.planer, "sluttdato"),
    ("ettervern", lambda c: c.ettervern, "konklusjon_dato"),
)


def _duplicates(kind: str, items: Iterable[Any]) -> Iterator[Hit]:
    """Each record identical in content (all but its id) to an earlier one of the same kind."""
    items = list(items)
    if len(items) < 2:
        return
    seen: set[Any] = set()
    for item in items:
        content = replace(item, id=None)
        if content in seen:
            yield Hit(kind, item.id, "", "")
        seen.add(content)


# --- date order of the parts: data (…Kontroll 2a, 2c, 2e) ----------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    """Where a part of the case keeps its start and end (``end`` "" when it has none)."""

    record: str
    items: Callable[[CaseFile], tuple[Any, ...]]
    start: str
    end: str


PARTS: Mapping[str, _Part] = MappingProxyType({
    "melding": _Part("melding", lambda c: c.meldinger, "mottatt", "konklusjon_dato"),
    "undersokelse": _Part("undersokelse", lambda c: c.undersokelser, "startdato",
                          "konklusjon_dato"),
    "vedtak": _Part("vedtak", lambda c: c.vedtak, "dato", ""),
    "tiltak": _Part("tiltak", lambda c: c.tiltak, "startdato", "sluttdato"),
    "plan": _Part("plan", lambda c: c.planer, "startdato", "sluttdato"),
    "ettervern": _Part("ettervern", lambda c: c.ettervern, "tilbud_sendt", "konklusjon_dato"),
})


def _start_after_end(part: _Part, template: str) -> Check:
    """2a: the part's start is after its own end. ``template`` has {start} and {end}."""
    def check(case: CaseFile, ex: Extract) -> Iterator[Hit]:
        for item in part.items(case):
            start, end = getattr(item, part.start), getattr(item, part.end)
            if end is not None and start > end:
                yield Hit(part.record, item.id, part.end,
                          template.format(start=fmt(start), end=fmt(end)))
    return check


def _end_after_case_end(part: _Part, template: str) -> Check:
    """2c: the part ends after the case has ended."""
    def check(case: CaseFile, ex: Extract) -> Iterator[Hit]:
        case_end = case.sak.sluttdato
        if case_end is None:
            return
        for item in part.items(case):
            end = getattr(item, part.end)
            if end is not None and end > case_end:
                yield Hit(part.record, item.id, part.end,
                          template.format(end=fmt(end), case_end=fmt(case_end)))
    return check


def _start_before_case_start(part: _Part, template: str) -> Check:
    """2e: the part starts before the case."""
    def check(case: CaseFile, ex: Extract) -> Iterator[Hit]:
        case_start = case.sak.startdato
        for item in part.items(case):
            start = getattr(item, part.start)
            if start < case_start:
                yield Hit(part.record, item.id, part.start,
                          template.format(start=fmt(start), case_start=fmt(case_start)))
    return check


# (SSB id, element, part, kind, SSB's message, gyldig fra)
_DATE_ORDER: tuple[tuple[str, str, str, str, str, date], ...] = (
    ("Melding Kontroll 2a", "Melding", "melding", "2a",
     "Meldingens startdato {start} er etter sluttdato {end}", date(2013, 1, 1)),
    ("Melding Kontroll 2c", "Melding", "melding", "2c",
     "Meldingens sluttdato {end} er etter Sakens sluttdato {case_end}", date(2013, 1, 1)),
    ("Melding Kontroll 2e", "Melding", "melding", "2e",
     "Meldingens startdato {start} er før sakens startdato {case_start}", date(2013, 1, 1)),
    ("Undersøkelse Kontroll 2a", "Undersokelse", "undersokelse", "2a",
     "Undersøkelsens startdato {start} er etter sluttdato {end}", date(2013, 1, 1)),
    ("Undersøkelse Kontroll 2c", "Undersokelse", "undersokelse", "2c",
     "Undersøkelsens sluttdato {end} er etter sakens sluttdato {case_end}", date(2013, 1, 1)),
    ("Undersøkelse Kontroll 2e", "Undersokelse", "undersokelse", "2e",
     "Undersøkelsens startdato {start} er før sakens startdato {case_start}", date(2013, 1, 1)),
    ("Vedtak Kontroll 2e", "Vedtak", "vedtak", "2e",
     "Vedtakets startdato {start} er før sakens startdato {case_start}", date(2022, 1, 1)),
    ("Tiltak Kontroll 2a", "Tiltak", "tiltak", "2a",
     "Tiltakets startdato {start} er etter sluttdato {end}", date(2013, 1, 1)),
    ("Tiltak Kontroll 2c", "Tiltak", "tiltak", "2c",
     "Tiltakets sluttdato {end} er etter Sakens sluttdato {case_end}", date(2013, 1, 1)),
    ("Tiltak Kontroll 2e", "Tiltak", "tiltak", "2e",
     "Tiltakets startdato {start} er før sakens startdato {case_start}", date(2013, 1, 1)),
    ("Plan Kontroll 2a", "Plan", "plan", "2a",
     "Planens startdato {start} er etter sluttdato {end}", date(2013, 1, 1)),
    ("Plan Kontroll 2c", "Plan", "plan", "2c",
     "Planens sluttdato {end} er etter sakens sluttdato {case_end}", date(2013, 1, 1)),
    ("Plan Kontroll 2e", "Plan", "plan", "2e",
     "Planens startdato {start} er før sakens startdato {case_start}", date(2013, 1, 1)),
    ("Ettervern Kontroll 2a", "Ettervern", "ettervern", "2a",
     "Ettervernets tilbudSendtDato {start} er etter sluttdato {end}", date(2022, 1, 1)),
    ("Ettervern Kontroll 2c", "Ettervern", "ettervern", "2c",
     "Ettervern sin sluttdato {end} er etter sakens sluttdato {case_end}", date(2022, 1, 1)),
    ("Ettervern Kontroll 2e", "Ettervern", "ettervern", "2e",
     "Ettervern sin tilbud-sendt-dato {start} er før sakens startdato {case_start}",
     date(2013, 1, 1)),
)

_DATE_TITLES = {"2a": "StartDato er etter SluttDato", "2c": "SluttDato er etter sakens SluttDato",
                "2e": "StartDato er før sakens StartDato"}
_DATE_CHECKS = {"2a": _start_after_end, "2c": _end_after_case_end, "2e": _start_before_case_start}


def date_order_controls() -> dict[str, Control]:
    result = {}
    for control_id, element, key, kind, template, valid_from in _DATE_ORDER:
        part = PARTS[key]
        field = part.start if kind == "2e" else part.end
        result[control_id] = Control(control_id, _DATE_TITLES[kind], ERROR, element, key, field,
                                     _DATE_CHECKS[kind](part, template), valid_from)
    return result


# --- Sak -----------------------------------------------------------------------------------------


def _dates(case: CaseFile) -> Iterator[tuple[str, int | None, str, str, date]]:
    """(record, id, field, SSB's field name, date) of every date of the case that SSB receives."""
    s = case.sak
    yield "sak", s.id, "startdato", "Sak StartDato", s.startdato
    if s.sluttdato is not None:
        yield "sak", s.id, "sluttdato", "Sak SluttDato", s.sluttdato
    for key, label in (("melding", "Melding"), ("undersokelse", "Undersøkelse"),
                       ("vedtak", "Vedtak"), ("tiltak", "Tiltak"), ("plan", "Plan"),
                       ("ettervern", "Ettervern")):
        part = PARTS[key]
        start_name = "TilbudSendtDato" if key == "ettervern" else "StartDato"
        for item in part.items(case):
            yield key, item.id, part.start, f"{label} {start_name}", getattr(item, part.start)
            end = getattr(item, part.end) if part.end else None
            if end is not None:
                yield key, item.id, part.end, f"{label} SluttDato", end
    for u in case.undersokelser:
        if u.utvidet_dato is not None:
            yield "undersokelse", u.id, "utvidet_dato", "UtvidetFrist StartDato", u.utvidet_dato
    for p in case.planer:
        for day in p.evalueringer:
            yield "plan", p.id, "evalueringer", "Evaluering UtfortDato", day


def sak_1(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    low, high = ex.year - DATE_SPAN_YEARS, ex.year + DATE_SPAN_YEARS
    for record, record_id, field, name, day in _dates(case):
        if not date(low, 1, 1) <= day <= date(high, 12, 31):
            yield Hit(record, record_id, field, f"{name}: Dato ({fmt(day)}) må være mellom "
                                                f"01.01.{low} og 31.12.{high}")


def sak_2a(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    s = case.sak
    if s.sluttdato is not None and s.startdato > s.sluttdato:
        yield _sak_hit(s, "sluttdato", f"Sakens startdato {fmt(s.startdato)} er etter sluttdato "
                                       f"{fmt(s.sluttdato)}")


def _still_open(case: CaseFile) -> bool:
    """The case, or a part of it (vedtak excepted), has no end date."""
    return case.sak.sluttdato is None or any(True for _ in _open_parts(case))


def sak_7(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    age = _age(case.sak, ex)
    if age is not None and age >= 25 and _still_open(case):
        yield _sak_hit(case.sak, "sluttdato", "Klienten er over 25 år og skal avsluttes som "
                                              f"klient. Alder: {age} år.")


def sak_8(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    age = _age(case.sak, ex)
    if age is not None and age >= 18 and not case.tiltak and _still_open(case):
        yield _sak_hit(case.sak, "sluttdato", "Klienten er over 18 år og skal dermed ha tiltak. "
                                              f"Alder: {age} år.")


def sak_21(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    if case.sak.sluttdato is None and not (case.meldinger or case.undersokelser or case.vedtak
                                           or case.tiltak or case.planer or case.ettervern):
        yield _sak_hit(case.sak, "sluttdato",
                       "Klienten har ingen meldinger, undersøkelser, vedtak, tiltak, planer, "
                       "ettervern eller oversendelse fylkesnemnd. Saken bør avsluttes.")


def sak_23(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    if case.sak.sluttdato is None:
        return
    for kind, item, end in _open_parts(case):
        yield Hit(kind, item.id, end, "Underelement i lukket sak mangler sluttdato")


# --- Personalia ----------------------------------------------------------------------------------


def personalia_11(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    s = case.sak
    if not s.fodselsnummer.strip() and not (s.duf_nummer or "").strip():
        yield _sak_hit(s, "fodselsnummer", "Klienten mangler personaliainformasjon")


def personalia_12(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    s = case.sak
    if s.fodselsnummer.strip() and _person(s, ex) is None:
        yield _sak_hit(s, "fodselsnummer", "Ugyldig Fødselsnummer")


def personalia_13(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    s, person = case.sak, _person(case.sak, ex)
    if person is not None and s.fodselsdato is not None and person.birth_date != s.fodselsdato:
        yield _sak_hit(s, "fodselsdato", "Fødselsnummer og Fødselsdato viser til forskjellige "
                                         "datoer")


def personalia_14(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    s, person = case.sak, _person(case.sak, ex)
    if person is not None and s.kjonn is not None and sex_in_number(person) not in (None, s.kjonn):
        yield _sak_hit(s, "kjonn", "Fødselsnummer og Kjønn viser til forskjellige kjønn")


def personalia_15(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    s, person = case.sak, _person(case.sak, ex)
    if person is not None and person.kind == "termin":
        born = s.fodselsdato or person.birth_date
        if s.startdato > born:
            yield _sak_hit(s, "fodselsnummer", "Feil i Fødselsnummer for født barn")


def personalia_16(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    s, person = case.sak, _person(case.sak, ex)
    born = s.fodselsdato or (person.birth_date if person is not None else None)
    if born is not None and s.startdato < add_months(born, -NOT_BORN_MONTHS):
        yield _sak_hit(s, "startdato", f"Personalia sin startdato {fmt(s.startdato)} er mer enn "
                                       f"9 måneder før barnets fødselsdato {fmt(born)}")


def personalia_17(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    s = case.sak
    if s.duf_nummer and s.duf_nummer.strip() and duf_message(s.duf_nummer) is not None:
        yield _sak_hit(s, "duf_nummer", "Ugyldig DUF-nummer")


def personalia_18(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    s, person = case.sak, _person(case.sak, ex)
    if person is None:
        return
    if not person.is_complete:
        yield _sak_hit(s, "fodselsnummer", "Ufullstendig fødselsnummer skal erstattes med "
                       "fødselsnummer, DUF- eller D-nummer fra folkeregisteret. Gjelder "
                       f"saksnummer: {s.journalnummer}")
    elif person.kind == "dnr":
        yield _sak_hit(s, "fodselsnummer", "Om DUF- eller fødselsnummer foreligger i "
                       "folkeregisteret, skal dette benyttes fremfor D-nummer. Gjelder "
                       f"saksnummer: {s.journalnummer}")


# --- Melding, Melder, Saksinnhold ----------------------------------------------------------------

#: Melding kontroll 3: a melding is concluded within 7 days (bvl § 2-1).
MELDING_DAYS = 7
#: Melder kontroll 2 and Saksinnhold kontroll 2: codes that need a presisering.
MELDER_PRESISERING = frozenset({"22"})
SAKSINNHOLD_PRESISERING = frozenset({"18", "19"})


def melding_3(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for m in case.meldinger:
        if m.konklusjon_dato is not None and (m.konklusjon_dato - m.mottatt).days > MELDING_DAYS:
            yield Hit("melding", m.id, "konklusjon_dato",
                      "Fristoverskridelse på behandlingstid for melding, "
                      f"({fmt(m.mottatt)} -> {fmt(m.konklusjon_dato)})")


def melding_4(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for m in case.meldinger:
        if _concluded(m) and not m.melder:
            yield Hit("melding", m.id, "melder", "Konkludert melding mangler melder(e)")


def melding_5(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for m in case.meldinger:
        if _concluded(m) and not m.saksinnhold:
            yield Hit("melding", m.id, "saksinnhold", "Konkludert melding mangler saksinnhold")


def melding_19(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for hit in _duplicates("melding", (m for m in case.meldinger if _concluded(m))):
        yield replace(hit, message="Det finnes 2 eller flere meldinger med identisk innhold, "
                                   "men med forskjellige identer")


def melder_2(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for m in case.meldinger:
        for v in m.melder:
            if v.kode in MELDER_PRESISERING and not v.presisering.strip():
                yield Hit("melding", m.id, "melder",
                          f"Melder med kode ({v.kode}) mangler presisering")


def saksinnhold_2(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for m in case.meldinger:
        for v in m.saksinnhold:
            if v.kode in SAKSINNHOLD_PRESISERING and not v.presisering.strip():
                yield Hit("melding", m.id, "saksinnhold",
                          f"Saksinnhold med kode ({v.kode}) mangler presisering")


# --- Undersøkelse --------------------------------------------------------------------------------

#: Undersøkelse kontroll 11: days from the melding (7 + 90, or 7 + 180 with extended deadline).
INVESTIGATION_DAYS, EXTENDED_DAYS = 7 + 90, 7 + 180


def undersokelse_3(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for u in case.undersokelser:
        for v in u.vedtaksgrunnlag:
            if v.kode in SAKSINNHOLD_PRESISERING and not v.presisering.strip():
                yield Hit("undersokelse", u.id, "vedtaksgrunnlag",
                          f"Vedtaksgrunnlag med kode ({v.kode}) mangler presisering")


def undersokelse_7(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for u in case.undersokelser:
        if u.konklusjon_dato is not None and u.needs_vedtaksgrunnlag and not u.vedtaksgrunnlag:
            yield Hit("undersokelse", u.id, "vedtaksgrunnlag",
                      f"Undersøkelse konkludert med kode {u.konklusjon_kode} mangler "
                      "vedtaksgrunnlag")


def undersokelse_11(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for u in case.undersokelser:
        melding = case.melding(u.melding_id)
        if u.konklusjon_dato is not None or melding is None:
            continue
        days = (ex.uttrekk - melding.mottatt).days
        if days > EXTENDED_DAYS:
            yield Hit("undersokelse", u.id, "konklusjon_dato", "Undersøkelse skal konkluderes "
                      "innen 7 + 180 dager etter melding sin startdato")
        elif days > INVESTIGATION_DAYS and u.utvidet_dato is None:
            yield Hit("undersokelse", u.id, "konklusjon_dato", "Undersøkelse skal konkluderes "
                      "innen 7 + 90 dager etter melding sin startdato")


def undersokelse_19(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for hit in _duplicates("undersokelse", case.undersokelser):
        yield replace(hit, message="Det finnes 2 eller flere Undersøkelser med identisk innhold, "
                                   "men med forskjellige identer")


def undersokelse_20(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for u in case.undersokelser:
        if case.melding(u.melding_id) is None:
            yield Hit("undersokelse", u.id, "melding_id",
                      "Undersøkelse mangler en relasjon fra melding")


# --- Vedtak --------------------------------------------------------------------------------------


def vedtak_4(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for v in case.vedtak:
        if v.lovhjemmel.lov not in KNOWN_LAWS:
            yield Hit("vedtak", v.id, "lovhjemmel", "Lovhjemlene under vedtak inneholder annen "
                      "verdi for lov enn BVL, BVL2021 eller BL1981. "
                      f"Lov: {v.lovhjemmel.lov}.")


def vedtak_5(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for v in case.vedtak:
        if v.dato < BVL2021_FROM and v.lovhjemmel.lov == "BVL2021":
            yield Hit("vedtak", v.id, "lovhjemmel",
                      "Lovhjemmel opprettet før 01. januar 2023 krever lov = 'BVL'")
        elif v.dato >= BVL2021_FROM and v.lovhjemmel.lov == "BVL":
            yield Hit("vedtak", v.id, "lovhjemmel",
                      "Lovhjemmel opprettet på 01. januar 2023 eller senere krever lov = 'BVL2021'")


def vedtak_19(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for hit in _duplicates("vedtak", case.vedtak):
        yield replace(hit, message="Det finnes 2 eller flere Vedtak med identisk innhold, men med "
                                   "forskjellige identer")


# --- Tiltak --------------------------------------------------------------------------------------

#: Tiltak kontroll 7: categories that need a presisering.
KATEGORI_PRESISERING = frozenset({"1.99", "2.99", "3.7", "3.99", "4.99", "5.99", "6.99", "7.99",
                                  "8.99"})
#: Tiltak kontroll 8: the opphevelse code that needs a presisering (4 = Annet).
OPPHEVELSE_PRESISERING = frozenset({"4"})
#: Tiltak kontroll 9: placements may overlap by at most this many days.
PLACEMENT_OVERLAP_DAYS = 90


def age_kategori(kategori: str, limit: int, what: str) -> Check:
    """Tiltak kontroll 5 and 6: a child over ``limit`` years with a tiltak of ``kategori``."""
    def check(case: CaseFile, ex: Extract) -> Iterator[Hit]:
        age = _age(case.sak, ex)
        if age is None or age <= limit:
            return
        for t in case.tiltak:
            if t.kategori_kode == kategori:
                yield Hit("tiltak", t.id, "kategori_kode",
                          f"Barnet er over {limit} år og {what}. Alder: {age} år.")
    return check


def tiltak_7(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for t in case.tiltak:
        if t.kategori_kode in KATEGORI_PRESISERING and not t.presisering.strip():
            yield Hit("tiltak", t.id, "presisering",
                      f"Tiltakskategori ({t.kategori_kode}) mangler presisering.")


def tiltak_8(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for t in case.tiltak:
        if t.opphevelse_kode in OPPHEVELSE_PRESISERING and not t.opphevelse_presisering.strip():
            yield Hit("tiltak", t.id, "opphevelse_presisering",
                      f"Opphevelse ({t.opphevelse_kode}) mangler presisering.")


def tiltak_9(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    placements = sorted((t for t in case.tiltak if t.er_plassering),
                        key=lambda t: (t.startdato, t.id or 0))
    for i, first in enumerate(placements):
        for second in placements[i + 1:]:
            start = max(first.startdato, second.startdato)
            end = min(first.sluttdato or ex.uttrekk, second.sluttdato or ex.uttrekk)
            days = (end - start).days
            if days > PLACEMENT_OVERLAP_DAYS:
                yield Hit("tiltak", second.id, "startdato",
                          f"Flere plasseringstiltak i samme periode ({fmt(start)} - {fmt(end)}). "
                          "Plasseringstiltak kan ikke overlappe med mer enn "
                          f"{PLACEMENT_OVERLAP_DAYS} dager. Antall dager overlapp: {days} dager. "
                          f"Overlapper med tiltak-id {first.id}.")


def tiltak_12(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for t in case.tiltak:
        if t.er_omsorgstiltak and t.er_plassering and t.sluttdato is not None \
                and not t.opphevelse_kode:
            yield Hit("tiltak", t.id, "opphevelse_kode",
                      "Omsorgstiltak med sluttdato krever årsak til opphevelse")


def tiltak_13(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    age = _age(case.sak, ex)
    if age is None or age < 18:
        return
    for t in case.tiltak:
        if t.er_omsorgstiltak and t.sluttdato is None:
            yield Hit("tiltak", t.id, "sluttdato", "Individet er over 18 år skal dermed ikke ha "
                                                   f"omsorgstiltak. Alder: {age} år.")


def tiltak_14(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for t in case.tiltak:
        if any(True for _ in zero_lovhjemmel_errors(t.lovhjemmel)):
            yield Hit("tiltak", t.id, "lovhjemmel", "Ingen Lovhjemmel sin kapittel, paragraf, "
                                                    "ledd eller punktum kan være utfylt med 0")


def tiltak_19(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for hit in _duplicates("tiltak", case.tiltak):
        yield replace(hit, message="Det finnes 2 eller flere tiltak med identisk innhold, men "
                                   "med forskjellige identer")


def _vedtak_of(case: CaseFile, t: Tiltak) -> Vedtak | None:
    return next((v for v in case.vedtak if t.vedtak_id is not None and v.id == t.vedtak_id), None)


def tiltak_20(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for t in case.tiltak:
        if _vedtak_of(case, t) is None:
            yield Hit("tiltak", t.id, "vedtak_id", "Tiltak skal ha relasjon fra Vedtak")


def tiltak_21(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for t in case.tiltak:
        v = _vedtak_of(case, t)
        if v is None:
            continue
        a, b = v.lovhjemmel, t.lovhjemmel
        if (a.lov, a.kapittel.strip(), a.paragraf.strip()) != \
                (b.lov, b.kapittel.strip(), b.paragraf.strip()):
            yield Hit("tiltak", t.id, "lovhjemmel", "Tiltak er registrert med annen lovhjemmel "
                                                    "enn det som er registrert i vedtak")


def other_kategori(kategori: str, what: str) -> Check:
    """Tiltak kontroll 22 and 23: «Andre …tiltak» codes are for placements only."""
    def check(case: CaseFile, ex: Extract) -> Iterator[Hit]:
        for t in case.tiltak:
            if t.kategori_kode == kategori:
                yield Hit("tiltak", t.id, "kategori_kode",
                          f"Dette er en advarsel. Kun plasseringstiltak skal ha kode {kategori}. "
                          f"Dersom dette ikke er et plasseringstiltak ({what}), må tiltakskoden "
                          f"endres. Er det et administrativt vedtak som er gitt kode {kategori}, "
                          "skal tiltaket slettes.")
    return check


# --- Plan ----------------------------------------------------------------------------------------


def plan_2f(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    case_end = case.sak.sluttdato
    if case_end is None:
        return
    for p in case.planer:
        if p.sluttdato is None:
            continue
        for day in p.evalueringer:
            if day > case_end:
                yield Hit("plan", p.id, "evalueringer", f"Utført evaluering {fmt(day)} er etter "
                                                        f"sakens sluttdato {fmt(case_end)}")


def plan_2g(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    case_start = case.sak.startdato
    for p in case.planer:
        for day in p.evalueringer:
            if day < case_start:
                yield Hit("plan", p.id, "evalueringer", f"Utført evaluering {fmt(day)} er før "
                                                        f"sakens startdato {fmt(case_start)}")


def plan_19(case: CaseFile, ex: Extract) -> Iterator[Hit]:
    for hit in _duplicates("plan", case.planer):
        yield replace(hit, message="Det finnes 2 eller flere Planer med identisk innhold, men med "
                                   "forskjellige identer")


