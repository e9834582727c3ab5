"""Validation of single entries before they are shown as valid or saved.

Pure functions (no Qt, no SQL, no files, no clock): the forms call ``validate`` as the user types
and show each message at its field; storage calls ``require_valid`` and refuses to save.

The checks follow SSB's Kravspesifikasjon (Barnevern v4) where it has a control for a single
entry (Personalia 12–16, Melder/Saksinnhold 2, Melding 2a/5, Undersøkelse 2a/3/7, Vedtak 4/5,
Tiltak 2a/7/8/12/14, Plan 2a, Ettervern 2a, Oppfølging/Tilsyn Hyppighet), plus the plain-sense
rules of the product (nothing done is dated after today, relations point into the same case).

Code validity is ``core.codes.check_code``'s business: a new entry (``id is None``) needs codes
valid on the entry's date; an existing entry keeps retired codes. Messages are Norwegian bokmål
and never contain a fødselsnummer or a name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.codes import check_code, code_list
from core.dates import add_months, fmt
from core.identity import IdentityError, PersonId, birthday, duf_message, parse_person_id
from core.model import (
    Akutt,
    Besok,
    CaseFile,
    CodedValue,
    Ettervern,
    Flytting,
    Frequency,
    Lovhjemmel,
    Melding,
    Plan,
    Sak,
    Tiltak,
    Undersokelse,
    Vedtak,
    VisitKind,
)
from core.rules import decision_date

__all__ = ["FieldError", "ValidationError", "require_valid", "validate"]

#: Laws a Lovhjemmel may name (SSB Vedtak kontroll 4); BVL2021 from 01.01.2023 (kontroll 5).
KNOWN_LAWS = frozenset({"BVL2021", "BVL", "BL1981"})
BVL2021_FROM = date(2023, 1, 1)
#: SSB Oppfølging/Tilsyn Hyppighet: 4 (standard) or 2 (redusert) visits per year.
VISITS_PER_YEAR = frozenset({2, 4})
EVALUATION_INTERVAL_MONTHS = range(1, 25)
NOT_BORN_MONTHS = 9  # SSB Personalia kontroll 16


@dataclass(frozen=True)
class FieldError:
    """One problem, tied to the dataclass field (``"akutt.type"`` for the akutt part)."""

    field: str
    message: str


class ValidationError(ValueError):
    """Raised by ``require_valid``; ``str()`` is the messages joined by ``"; "``."""

    def __init__(self, errors: list[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(e.message for e in self.errors))


@dataclass(frozen=True)
class _Ctx:
    case: CaseFile | None
    today: date
    existing: bool  # the entry is already saved: retired codes are kept


Check = Callable[[Any, _Ctx], Iterable[FieldError]]


# --- small building blocks ---------------------------------------------------------------------


def _required(field: str, text: str, label: str) -> Iterator[FieldError]:
    if not text.strip():
        yield FieldError(field, f"{label} må fylles ut")


def _not_after_today(field: str, day: date | None, ctx: _Ctx, label: str) -> Iterator[FieldError]:
    if day is not None and day > ctx.today:
        yield FieldError(field, f"{label} kan ikke være etter dagens dato")


def _not_before(field: str, day: date | None, limit: date | None, message: str
                ) -> Iterator[FieldError]:
    """``message`` (e.g. "Sluttdato kan ikke være før startdato") if ``day < limit``."""
    if day is not None and limit is not None and day < limit:
        yield FieldError(field, f"{message} ({fmt(limit)})")


def _code(field: str, key: str, kode: str | None, on: date, ctx: _Ctx, *,
          presisering: str | None = None, presisering_field: str | None = None
          ) -> Iterator[FieldError]:
    """The code's validity (``check_code``) and, where the code requires one, its presisering."""
    codes = code_list(key)
    if not kode or not kode.strip():
        yield FieldError(field, f"Velg {codes.title.lower()}")
        return
    problem = check_code(key, kode, on, existing=ctx.existing)
    if problem is not None:
        yield FieldError(field, problem)
    elif presisering is not None and codes.get(kode).krever_presisering and not presisering.strip():
        yield FieldError(presisering_field or field,
                         f"{codes.title} med kode {kode} mangler presisering")


def _coded_values(field: str, key: str, values: tuple[CodedValue, ...], on: date, ctx: _Ctx
                  ) -> Iterator[FieldError]:
    for value in values:
        yield from _code(field, key, value.kode, on, ctx, presisering=value.presisering)


def _end_not_before_start(start: date, end: date | None) -> Iterator[FieldError]:
    return _not_before("sluttdato", end, start, "Sluttdato kan ikke være før startdato")


def _conclusion(obj: Melding | Undersokelse | Ettervern, key: str, start: date, after: str,
                ctx: _Ctx) -> Iterator[FieldError]:
    """``konklusjon_kode`` and ``konklusjon_dato``: both or neither, dated start..today."""
    kode, dato = obj.konklusjon_kode, obj.konklusjon_dato
    if kode and dato is None:
        yield FieldError("konklusjon_dato", "Oppgi konklusjonsdato for konklusjonen")
    if not kode and dato is not None:
        yield FieldError("konklusjon_kode", "Velg konklusjon for konklusjonsdatoen")
    if kode:
        yield from _code("konklusjon_kode", key, kode, dato or ctx.today, ctx)
    yield from _not_before("konklusjon_dato", dato, start,
                           f"Konklusjonsdato kan ikke være før {after}")
    yield from _not_after_today("konklusjon_dato", dato, ctx, "Konklusjonsdato")


# --- Sak (with SSB Personalia) -----------------------------------------------------------------


def sex_in_number(person: PersonId) -> str | None:
    """SSB Personalia kontroll 14: the 9th digit, odd = "1" gutt, even = "2" jente (not 99999)."""
    if person.kind == "termin":
        return None
    return "1" if int(person.number[8]) % 2 == 1 else "2"


def _personalia(s: Sak, ctx: _Ctx) -> Iterator[FieldError]:
    """Fødselsnummer/D-nummer, DUF-nummer (SSB Personalia kontroll 17), or both; the birth date
    comes from the number when it carries one, else from the birth date field (may be unknown
    for a DUF-nummer alone)."""
    if s.duf_nummer:
        message = duf_message(s.duf_nummer)
        if message:
            yield FieldError("duf_nummer", message)
    if not s.fodselsnummer.strip():
        if not s.duf_nummer:
            yield FieldError("fodselsnummer", "Fødselsnummer eller DUF-nummer må fylles ut")
        elif s.fodselsdato is not None and s.fodselsdato > ctx.today:
            yield FieldError("fodselsdato", "Fødselsdatoen kan ikke være fram i tid")
        if s.kjonn not in (None, "1", "2"):
            yield FieldError("kjonn", "Kjønn må være 1 (gutt) eller 2 (jente)")
        return
    try:
        person = parse_person_id(s.fodselsnummer, ctx.today)
    except IdentityError as exc:  # the message never contains the number
        yield FieldError("fodselsnummer", str(exc))
        return
    if s.fodselsdato != person.birth_date:
        yield FieldError("fodselsdato",
                         "Fødselsdato og fødselsnummer viser til forskjellige datoer")
    if s.kjonn not in (None, "1", "2"):
        yield FieldError("kjonn", "Kjønn må være 1 (gutt) eller 2 (jente)")
    elif s.kjonn is not None and sex_in_number(person) not in (None, s.kjonn):
        yield FieldError("kjonn", "Kjønn og fødselsnummer viser til forskjellige kjønn")
    if person.kind == "termin" and s.startdato > person.birth_date:
        yield FieldError("fodselsnummer", "Saken startet etter termindatoen: barnet er født, "
                         "registrer fødselsnummer i stedet for termindato + 99999")


def _sak(s: Sak, ctx: _Ctx) -> Iterator[FieldError]:
    yield from _required("journalnummer", s.journalnummer, "Journalnummer")
    yield from _required("navn", s.navn, "Navn")
    yield from _personalia(s, ctx)
    yield from _required("saksbehandler", s.saksbehandler, "Saksbehandler")
    yield from _not_after_today("startdato", s.startdato, ctx, "Startdato")
    if s.fodselsdato is not None and s.startdato < add_months(s.fodselsdato, -NOT_BORN_MONTHS):
        yield FieldError("startdato",
                         "Startdato kan ikke være mer enn 9 måneder før barnets fødselsdato")
    yield from _end_not_before_start(s.startdato, s.sluttdato)
    yield from _not_after_today("sluttdato", s.sluttdato, ctx, "Sluttdato")


# --- Melding -----------------------------------------------------------------------------------


def _melding(m: Melding, ctx: _Ctx) -> Iterator[FieldError]:
    yield from _not_after_today("mottatt", m.mottatt, ctx, "Mottatt dato")
    if not m.melder:
        yield FieldError("melder", "Oppgi minst én melder")
    yield from _coded_values("melder", "melder", m.melder, m.mottatt, ctx)
    if m.konklusjon_kode and not m.saksinnhold:  # SSB Melding kontroll 5
        yield FieldError("saksinnhold", "En konkludert melding må ha minst ett saksinnhold")
    yield from _coded_values("saksinnhold", "saksinnhold", m.saksinnhold, m.mottatt, ctx)
    yield from _conclusion(m, "melding_konklusjon", m.mottatt, "meldingen ble mottatt", ctx)
    yield from _not_before("tilbakemelding_dato", m.tilbakemelding_dato, m.mottatt,
                           "Dato for tilbakemelding kan ikke være før meldingen ble mottatt")
    yield from _not_after_today("tilbakemelding_dato", m.tilbakemelding_dato, ctx,
                                "Dato for tilbakemelding")
    yield from _not_before("tildelt_dato", m.tildelt_dato, m.mottatt,
                           "Saken kan ikke være fordelt før meldingen ble mottatt")
    yield from _not_after_today("tildelt_dato", m.tildelt_dato, ctx, "Dato for fordeling")


# --- Undersøkelse ------------------------------------------------------------------------------


def _undersokelse(u: Undersokelse, ctx: _Ctx) -> Iterator[FieldError]:
    melding = ctx.case.melding(u.melding_id) if ctx.case else None
    if melding is None:
        yield FieldError("melding_id", "Meldingen undersøkelsen gjelder finnes ikke i saken")
    else:
        yield from _not_before("startdato", u.startdato, melding.mottatt,
                               "Startdato kan ikke være før meldingen ble mottatt")
    yield from _not_after_today("startdato", u.startdato, ctx, "Startdato")
    if u.utvidet_dato is not None and not u.utvidet_grunn.strip():
        yield FieldError("utvidet_grunn", "Oppgi grunnen til utvidet frist")
    yield from _not_before("utvidet_dato", u.utvidet_dato, u.startdato,
                           "Utvidet frist kan ikke være besluttet før undersøkelsen startet")
    yield from _not_after_today("utvidet_dato", u.utvidet_dato, ctx, "Dato for utvidet frist")
    yield from _not_before("forste_kontakt", u.forste_kontakt, u.startdato,
                           "Første kontakt kan ikke være før undersøkelsen startet")
    yield from _not_after_today("forste_kontakt", u.forste_kontakt, ctx,
                                "Dato for første kontakt")
    yield from _conclusion(u, "undersokelse_konklusjon", u.startdato, "undersøkelsen startet", ctx)
    if u.needs_vedtaksgrunnlag and not u.vedtaksgrunnlag:  # SSB Undersøkelse kontroll 7
        yield FieldError("vedtaksgrunnlag", "En undersøkelse som konkluderes med vedtak om tiltak "
                         "eller begjæring til nemnda må ha minst ett vedtaksgrunnlag")
    yield from _coded_values("vedtaksgrunnlag", "saksinnhold", u.vedtaksgrunnlag,
                             u.konklusjon_dato or u.startdato, ctx)  # kontroll 3: presisering


# --- Vedtak ------------------------------------------------------------------------------------


def zero_lovhjemmel_errors(h: Lovhjemmel) -> Iterator[FieldError]:
    """SSB Tiltak kontroll 14: no part of the legal basis may be 0."""
    if "0" in (h.kapittel.strip(), h.paragraf.strip(), h.ledd.strip()):
        yield FieldError("lovhjemmel",
                         "Kapittel, paragraf eller ledd i lovhjemmelen kan ikke være 0")


def _vedtak_lovhjemmel(v: Vedtak) -> Iterator[FieldError]:
    h = v.lovhjemmel
    if not h.kapittel.strip() or not h.paragraf.strip():
        yield FieldError("lovhjemmel", "Oppgi lovhjemmel (kapittel og paragraf)")
    yield from zero_lovhjemmel_errors(h)
    if h.lov not in KNOWN_LAWS:  # SSB Vedtak kontroll 4
        yield FieldError("lovhjemmel", f"Ukjent lov «{h.lov}» i lovhjemmelen")
    elif h.lov == "BVL2021" and v.dato < BVL2021_FROM:  # SSB Vedtak kontroll 5
        yield FieldError("lovhjemmel", f"Vedtak fra før {fmt(BVL2021_FROM)} må ha hjemmel i "
                         "barnevernloven 1992 (BVL)")
    elif h.lov == "BVL" and v.dato >= BVL2021_FROM:
        yield FieldError("lovhjemmel", f"Vedtak fra {fmt(BVL2021_FROM)} eller senere må ha hjemmel "
                         "i barnevernloven 2021 (BVL2021)")


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment is not None else None


def _akutt(a: Akutt, dato: date, ctx: _Ctx) -> Iterator[FieldError]:
    if not a.type.strip():
        yield FieldError("akutt.type", "Oppgi type akuttvedtak")
    if a.tidspunkt.date() != dato:
        yield FieldError("akutt.tidspunkt",
                         f"Tidspunktet for akuttvedtaket må være på vedtaksdatoen ({fmt(dato)})")
    if a.sendt_nemnd is not None and a.sendt_nemnd < a.tidspunkt:
        yield FieldError("akutt.sendt_nemnd", "Kan ikke være sendt nemnda før akuttvedtaket ble "
                         f"fattet ({fmt(a.tidspunkt.date())} kl. {a.tidspunkt:%H:%M})")
    yield from _not_after_today("akutt.sendt_nemnd", _day(a.sendt_nemnd), ctx,
                                "Tidspunkt sendt nemnda")
    yield from _not_before("akutt.begjaering_sendt", a.begjaering_sendt, dato,
                           "Begjæringen kan ikke være sendt før vedtaksdatoen")
    yield from _not_after_today("akutt.begjaering_sendt", a.begjaering_sendt, ctx,
                                "Dato begjæring sendt")


def _vedtak(v: Vedtak, ctx: _Ctx) -> Iterator[FieldError]:
    yield from _not_after_today("dato", v.dato, ctx, "Vedtaksdato")
    yield from _not_before("fosterhjem_behov_dato", v.fosterhjem_behov_dato, v.dato,
                           "Behovet for fosterhjem kan ikke være før vedtaksdatoen")
    yield from _vedtak_lovhjemmel(v)
    yield from _code("status_kode", "vedtak_status", v.status_kode, v.dato, ctx)
    if v.akutt is not None:
        yield from _akutt(v.akutt, v.dato, ctx)


# --- Tiltak ------------------------------------------------------------------------------------


_FREQUENCY_FIELDS = {VisitKind.OPPFOLGING: "oppfolging_hyppighet",
                     VisitKind.TILSYN: "tilsyn_hyppighet"}


def _frequencies(t: Tiltak, kind: VisitKind, category_ok: bool) -> Iterator[FieldError]:
    """SSB Oppfølging/Tilsyn Hyppighet, on foster homes only (not judged while the category is
    itself wrong)."""
    field, items = _FREQUENCY_FIELDS[kind], t.frequency(kind)
    if items and category_ok and not t.er_fosterhjem:
        yield FieldError(field, f"{kind.label}: hyppighet kan bare registreres for fosterhjem")
        return
    yield from _frequency_items(field, kind, t, items)


def _frequency_items(field: str, kind: VisitKind, t: Tiltak, items: tuple[Frequency, ...]
                     ) -> Iterator[FieldError]:
    for f in items:
        if f.per_aar not in VISITS_PER_YEAR:
            yield FieldError(field, f"{kind.label}: hyppigheten må være 2 eller 4 besøk per år")
        if not t.active_on(f.startdato):
            yield FieldError(field, f"{kind.label}: hyppighet fra {fmt(f.startdato)} ligger "
                             "utenfor tiltakets periode")
    for day, count in sorted(Counter(f.startdato for f in items).items()):
        if count > 1:
            yield FieldError(field, f"{kind.label}: flere hyppigheter fra samme dato ({fmt(day)})")


def _opphevelse(t: Tiltak, ctx: _Ctx) -> Iterator[FieldError]:
    if t.opphevelse_kode:
        yield from _code("opphevelse_kode", "opphevelse", t.opphevelse_kode,
                         t.sluttdato or t.startdato, ctx, presisering=t.opphevelse_presisering,
                         presisering_field="opphevelse_presisering")
    elif t.er_omsorgstiltak and t.er_plassering and t.sluttdato is not None:  # kontroll 12
        yield FieldError("opphevelse_kode",
                         "Omsorgstiltak med sluttdato krever årsak til opphevelse")


def _tiltak(t: Tiltak, ctx: _Ctx) -> Iterator[FieldError]:
    category = list(_code("kategori_kode", "tiltak_kategori", t.kategori_kode, t.startdato, ctx,
                          presisering=t.presisering, presisering_field="presisering"))
    yield from category
    yield from zero_lovhjemmel_errors(t.lovhjemmel)
    yield from _end_not_before_start(t.startdato, t.sluttdato)
    yield from _not_after_today("sluttdato", t.sluttdato, ctx, "Sluttdato")
    yield from _opphevelse(t, ctx)
    yield from _not_after_today("oppstartsmote", t.oppstartsmote, ctx, "Dato for oppstartsmøte")
    decided = decision_date(ctx.case, t) if ctx.case else t.startdato
    yield from _not_before("oppstartsmote", t.oppstartsmote, decided,
                           "Oppstartsmøtet kan ikke være før vedtaket")
    category_ok = all(e.field != "kategori_kode" for e in category)
    for kind in VisitKind:
        yield from _frequencies(t, kind, category_ok)
    kommune = t.tilsyn_ansvarlig_kommune.strip()
    if kommune and not (len(kommune) == 4 and kommune.isascii() and kommune.isdigit()):
        yield FieldError("tilsyn_ansvarlig_kommune", "Kommunenummer må ha fire siffer")
    if t.er_omsorgstiltak and ctx.case is not None and ctx.case.sak.fodselsdato is not None:
        yield from _omsorg_before_18(t, ctx.case.sak.fodselsdato)


def _omsorg_before_18(t: Tiltak, fodselsdato: date) -> Iterator[FieldError]:
    """A care order ends at 18 (bvl; SSB Tiltak kontroll 13), so it cannot start then."""
    if t.startdato >= birthday(fodselsdato, 18):
        yield FieldError("startdato",
                         "Et omsorgstiltak kan ikke starte på eller etter barnets 18-årsdag")


# --- Plan, Besøk, Ettervern --------------------------------------------------------------------


def _plan(p: Plan, ctx: _Ctx) -> Iterator[FieldError]:
    yield from _code("plantype", "plantype", p.plantype, p.startdato, ctx)
    yield from _end_not_before_start(p.startdato, p.sluttdato)
    yield from _not_after_today("sluttdato", p.sluttdato, ctx, "Sluttdato")
    for day in p.evalueringer:
        yield from _not_before("evalueringer", day, p.startdato,
                               f"Evalueringen {fmt(day)} kan ikke være før planens startdato")
        yield from _not_after_today("evalueringer", day, ctx, f"Evalueringen {fmt(day)}")
    interval = p.evalueringsintervall_mnd
    if interval is not None and interval not in EVALUATION_INTERVAL_MONTHS:
        yield FieldError("evalueringsintervall_mnd",
                         "Evalueringsintervallet må være mellom 1 og 24 måneder")


def _besok(b: Besok, ctx: _Ctx) -> Iterator[FieldError]:
    tiltak = next((t for t in ctx.case.tiltak if t.id == b.tiltak_id), None) if ctx.case else None
    if tiltak is None:
        yield FieldError("tiltak_id", "Tiltaket besøket gjelder finnes ikke i saken")
    elif not tiltak.er_fosterhjem:
        yield FieldError("tiltak_id", "Besøk kan bare registreres for fosterhjemstiltak")
    elif not tiltak.active_on(b.dato):
        yield FieldError("dato", f"Besøksdatoen må ligge innenfor tiltakets periode "
                         f"({_period(tiltak.startdato, tiltak.sluttdato)})")
    yield from _not_after_today("dato", b.dato, ctx, "Besøksdatoen")


def _period(start: date, end: date | None) -> str:
    return f"{fmt(start)}–{fmt(end)}" if end is not None else f"fra {fmt(start)}"


def _ettervern(e: Ettervern, ctx: _Ctx) -> Iterator[FieldError]:
    yield from _not_after_today("tilbud_sendt", e.tilbud_sendt, ctx, "Dato tilbud sendt")
    yield from _conclusion(e, "ettervern_konklusjon", e.tilbud_sendt, "tilbudet ble sendt", ctx)


def _flytting(f: Flytting, ctx: _Ctx) -> Iterator[FieldError]:
    """SSB «Flytting»: a date (not in the future, not before the case), ArsakFra and FlyttingTil
    codes valid on it, with presisering where the code asks for one."""
    yield from _not_after_today("dato", f.dato, ctx, "Flyttedatoen")
    if ctx.case is not None:
        yield from _not_before("dato", f.dato, ctx.case.sak.startdato,
                               "Flyttedatoen kan ikke være før saken startet")
    yield from _code("arsak_fra_kode", "flytting_arsak_fra", f.arsak_fra_kode, f.dato, ctx,
                     presisering=f.arsak_fra_presisering,
                     presisering_field="arsak_fra_presisering")
    yield from _code("flytting_til_kode", "flytting_til", f.flytting_til_kode, f.dato, ctx,
                     presisering=f.flytting_til_presisering,
                     presisering_field="flytting_til_presisering")


# --- entry points ------------------------------------------------------------------------------


_CHECKS: dict[type, Check] = {
    Sak: _sak,
    Melding: _melding,
    Undersokelse: _undersokelse,
    Vedtak: _vedtak,
    Tiltak: _tiltak,
    Plan: _plan,
    Besok: _besok,
    Ettervern: _ettervern,
    Flytting: _flytting,
}


def validate(obj: object, case: CaseFile | None, today: date) -> list[FieldError]:
    """All problems with ``obj`` (Sak, Melding, …); ``[]`` if it may be saved.

    ``case`` is the saved case the entry belongs to (``None`` for a new Sak): relations
    (undersøkelse → melding, besøk → tiltak) are looked up in it, and the 18-year check of an
    omsorgstiltak needs it. ``today`` bounds every date of something already done.
    """
    check = _CHECKS.get(type(obj))
    if check is None:
        raise TypeError(f"Kan ikke validere {type(obj).__name__}")
    ctx = _Ctx(case=case, today=today, existing=getattr(obj, "id", None) is not None)
    return list(check(obj, ctx))


def require_valid(obj: object, case: CaseFile | None, today: date) -> None:
    """Raise ``ValidationError`` if ``validate`` finds any problem."""
    errors = validate(obj, case, today)
    if errors:
        raise ValidationError(errors)
