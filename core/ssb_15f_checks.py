"""The checks of SSB's KOSTRA Barnevern (15F) controls: one pure function per control over an
individ (or the whole file) of ``core.ssb_15f_model``, with SSB's «variabler fra skjema»
(``Skjema``). ``core.ssb_15f_controls`` puts them in its catalogue with SSB's ids and
severities, and says where the specification's words were read for their purpose.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.dates import add_months, fmt
from core.identity import (
    MSG_FUTURE,
    IdentityError,
    age_on,
    duf_message,
    parse_person_id,
)
from core.ssb_15f_model import Barnevern15, Individ15, Undersokelse15
from core.ssb_checks import (
    KATEGORI_PRESISERING,
    MELDING_DAYS,
    OPPHEVELSE_PRESISERING,
)

#: Oslo's kommunenummer: its files are per bydel (Individ Kontroll 09 and 10).
OSLO = "0301"
#: Tiltak Kontroll 24: the last day of the 1992 Act.
BVL1992_LAST_DAY = date(2022, 12, 31)
UNKNOWN_SUFFIX_55555 = "55555"


@dataclass(frozen=True, slots=True)
class Skjema:
    """SSB's «variabler fra skjema»: the reporting year and the municipality (""= not known)."""

    year: int
    kommunenummer: str = ""
    kommunenavn: str = ""
    organisasjonsnummer: str = ""

    @property
    def telledato(self) -> date:
        return date(self.year, 12, 31)

    @property
    def forrige_telledato(self) -> date:
        return date(self.year - 1, 12, 31)

    @property
    def minimumsdato(self) -> date:
        return date(self.year - 25, 1, 1)

    @property
    def maksimumsdato(self) -> date:
        return date(self.year + 25, 12, 31)


@dataclass(frozen=True, slots=True)
class Hit15:
    """What a check found: the element («Melding»), its Id and SSB's message."""

    element: str
    element_id: str
    message: str


IndividCheck = Callable[[Individ15, Skjema], Iterable[Hit15]]
FileCheck = Callable[[Barnevern15, Skjema], Iterable[tuple[Individ15 | None, Hit15]]]


# --- helpers --------------------------------------------------------------------------------------


def _valid_person(number: str) -> bool:
    """SSB's definitions (Individ Kontroll 03): fødselsnummer, D-nummer, DDMMYY + 00100, 00200
    or 55555, termindato + 99999 (no limit on the date)."""
    if number[6:] == UNKNOWN_SUFFIX_55555:
        return _ddmmyy(number, date.max) is not None
    try:
        parse_person_id(number, date(9999, 12, 31))
    except IdentityError:
        return False
    return True


def _complete(number: str) -> bool:
    """A fødselsnummer or D-nummer (not one of the incomplete forms)."""
    try:
        return parse_person_id(number, date(9999, 12, 31)).is_complete
    except IdentityError:
        return False


def _ddmmyy(number: str, on: date) -> date | None:
    if len(number) != 11 or not number.isdigit():
        return None
    day, month, yy = int(number[0:2]), int(number[2:4]), int(number[4:6])
    day -= 40 if day > 40 else 0
    for century in (on.year // 100 * 100, on.year // 100 * 100 - 100):
        try:
            found = date(century + yy, month, day)
        except ValueError:
            return None
        if found <= on:
            return found
    return None


def _age(individ: Individ15, s: Skjema) -> int | None:
    """Completed years on the telledato, from the date part of the fødselsnummer."""
    number = individ.fodselsnummer
    if not number:
        return None
    try:
        born: date | None = parse_person_id(number, s.telledato).birth_date
    except IdentityError as error:
        born = None if str(error) == MSG_FUTURE else _ddmmyy(number, s.telledato)
    return age_on(born, s.telledato) if born is not None and born <= s.telledato else None


def _undersokelser(i: Individ15) -> list[Undersokelse15]:
    return [m.undersokelse for m in i.meldinger if m.undersokelse is not None]


def _d(day: date | None) -> str:
    return fmt(day) if day is not None else "uoppgitt"


# --- the date controls of every part (2a, 2b, 2c, 2d, 2e, 01a) ------------------------------------


@dataclass(frozen=True, slots=True)
class _Kind:
    """A kind of part, its element and its Norwegian names («Melding», «Meldingens»…)."""

    element: str
    label: str
    genitive: str
    parts: Callable[[Individ15], Sequence[Any]]


MELDING = _Kind("Melding", "Melding", "meldingens", lambda i: i.meldinger)
UNDERSOKELSE = _Kind("Undersokelse", "Undersokelse", "undersøkelsens", _undersokelser)
PLAN = _Kind("Plan", "Plan", "planens", lambda i: i.planer)
TILTAK = _Kind("Tiltak", "Tiltak", "tiltakets", lambda i: i.tiltak)
FLYTTING = _Kind("Flytting", "Flytting", "flyttingens", lambda i: i.flyttinger)


def start_after_end(k: _Kind) -> IndividCheck:
    def check(i: Individ15, s: Skjema) -> Iterator[Hit15]:
        for p in k.parts(i):
            if p.startdato and p.sluttdato and p.startdato > p.sluttdato:
                yield Hit15(k.element, p.id, f"{k.label} ({p.id}). {k.genitive.capitalize()} "
                            f"startdato ({fmt(p.startdato)}) er etter {k.genitive} sluttdato "
                            f"({fmt(p.sluttdato)})")
    return check


def end_in_year(k: _Kind) -> IndividCheck:
    def check(i: Individ15, s: Skjema) -> Iterator[Hit15]:
        for p in k.parts(i):
            if p.sluttdato and p.sluttdato.year != s.year:
                yield Hit15(k.element, p.id, f"{k.label} ({p.id}). {k.genitive.capitalize()} "
                            f"sluttdato ({fmt(p.sluttdato)}) er ikke i rapporteringsåret "
                            f"({s.year})")
    return check


def end_after_individ(k: _Kind, when: Callable[[Any], bool] = lambda p: True) -> IndividCheck:
    def check(i: Individ15, s: Skjema) -> Iterator[Hit15]:
        for p in k.parts(i):
            if i.sluttdato and p.sluttdato and p.sluttdato > i.sluttdato and when(p):
                yield Hit15(k.element, p.id, f"{k.label} ({p.id}). {k.genitive.capitalize()} "
                            f"sluttdato ({fmt(p.sluttdato)}) er etter individets sluttdato "
                            f"({fmt(i.sluttdato)})")
    return check


def closed_with_individ(k: _Kind, plural: str) -> IndividCheck:
    def check(i: Individ15, s: Skjema) -> Iterator[Hit15]:
        if i.avslutta3112 != "1":
            return
        for p in k.parts(i):
            if p.sluttdato is None or i.sluttdato is None or p.sluttdato > s.telledato:
                yield Hit15(k.element, p.id, f"{k.label} ({p.id}). Individet er avsluttet hos "
                            f"barnevernet og dets {plural} skal dermed være avsluttet. "
                            f"Sluttdato er {_d(p.sluttdato)}")
    return check


def start_before_individ(k: _Kind) -> IndividCheck:
    def check(i: Individ15, s: Skjema) -> Iterator[Hit15]:
        for p in k.parts(i):
            if i.startdato and p.startdato and p.startdato < i.startdato:
                yield Hit15(k.element, p.id, f"{k.label} ({p.id}). {k.genitive.capitalize()} "
                            f"startdato ({fmt(p.startdato)}) skal være lik eller etter "
                            f"individets startdato ({fmt(i.startdato)})")
    return check


def individ_01a(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    """Every date between minimumsdato and maksimumsdato."""
    def outside(day: date | None) -> bool:
        return day is not None and not s.minimumsdato <= day <= s.maksimumsdato

    span = f"må være mellom {fmt(s.minimumsdato)} og {fmt(s.maksimumsdato)}"
    dated: list[tuple[str, str, Any]] = [("Individ", "Individ", i)]
    for k in (MELDING, UNDERSOKELSE, PLAN, TILTAK, FLYTTING):
        dated += [(k.element, k.label.replace("Undersokelse", "Undersøkelse"), p)
                  for p in k.parts(i)]
    for element, label, p in dated:
        for attr, what in (("startdato", "startdato"), ("sluttdato", "sluttDato")):
            day = getattr(p, attr, None)
            if outside(day):
                yield Hit15(element, p.id, f"{label} {what}: Dato ({fmt(day)}) {span}")


# --- individ --------------------------------------------------------------------------------------


def individ_02a(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    if i.startdato and i.sluttdato and i.startdato > i.sluttdato:
        yield Hit15("Individ", i.id, f"Individets startdato ({fmt(i.startdato)}) er etter "
                    f"sluttdato ({fmt(i.sluttdato)})")


def individ_02b(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    if i.sluttdato and i.sluttdato < s.forrige_telledato:
        yield Hit15("Individ", i.id, f"Individets sluttdato ({fmt(i.sluttdato)}) er før forrige "
                    f"telletidspunkt ({fmt(s.forrige_telledato)})")


def individ_02d(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    if i.avslutta3112 == "1" and i.sluttdato is None:
        yield Hit15("Individ", i.id, "Individet er avsluttet hos barnevernet og skal dermed være "
                    "avsluttet. Sluttdato er uoppgitt. Kode for avsluttet er '1'.")


def individ_03(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    if i.fodselsnummer:
        if not _valid_person(i.fodselsnummer):
            yield Hit15("Individ", i.id, "Feil i fødselsnummer. Kan ikke identifisere individet.")
    elif i.duf_nummer:
        if duf_message(i.duf_nummer) is not None:
            yield Hit15("Individ", i.id, "DUF-nummer mangler. Kan ikke identifisere individet.")
    else:
        yield Hit15("Individ", i.id, "Fødselsnummer og DUF-nummer mangler. Kan ikke "
                    "identifisere individet.")


def individ_04(data: Barnevern15, s: Skjema) -> Iterator[tuple[Individ15 | None, Hit15]]:
    """The same (complete) fødselsnummer in several journaler."""
    journals: dict[str, list[str]] = defaultdict(list)
    for i in data.individer:
        if i.fodselsnummer and _complete(i.fodselsnummer):
            journals[i.fodselsnummer].append(i.journalnummer)
    for i in data.individer:
        others = [j for j in journals.get(i.fodselsnummer, []) if j != i.journalnummer]
        if i.fodselsnummer and others:
            yield i, Hit15("Individ", i.id, f"Fødselsnummeret i journalnummer {i.journalnummer} "
                           f"fins også i journalene {', '.join(sorted(set(others)))}")


def individ_05(data: Barnevern15, s: Skjema) -> Iterator[tuple[Individ15 | None, Hit15]]:
    counts = Counter(i.journalnummer for i in data.individer)
    for i in data.individer:
        if counts[i.journalnummer] > 1:
            yield i, Hit15("Individ", i.id, f"Journalnummer {i.journalnummer} forekommer "
                           f"{counts[i.journalnummer]} ganger.")


def individ_06(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    if not (i.meldinger or i.planer or i.tiltak):
        yield Hit15("Individ", i.id, "Individet har ingen meldinger, planer eller tiltak i løpet "
                    "av året")


def individ_07(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    age = _age(i, s)
    if age is not None and age > 25:
        yield Hit15("Individ", i.id, f"Individet er {age} år og skal avsluttes som klient")


def individ_08(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    age = _age(i, s)
    if age is not None and age > 18 and not i.tiltak:
        yield Hit15("Individ", i.id, "Individet er over 18 år og skal dermed ha tiltak")


def bydel(attr: str, what: str) -> IndividCheck:
    def check(i: Individ15, s: Skjema) -> Iterator[Hit15]:
        if s.kommunenummer.startswith(OSLO) and not getattr(i, attr):
            yield Hit15("Individ", i.id, f"Filen mangler {what}.")
    return check


def individ_11(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    if not i.fodselsnummer.strip() or not _complete(i.fodselsnummer):
        yield Hit15("Individ", i.id, "Individet har ufullstendig fødselsnummer. Korriger "
                    "fødselsnummer.")


def individ_19(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    if i.duf_nummer and duf_message(i.duf_nummer) is not None:
        yield Hit15("Individ", i.id, "Individet har ufullstendig DUF-nummer. Korriger "
                    "DUF-nummer.")


# --- melding, undersøkelse ------------------------------------------------------------------------


def melding_03(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    for m in i.meldinger:
        if m.startdato and m.sluttdato and (m.sluttdato - m.startdato).days > MELDING_DAYS:
            yield Hit15("Melding", m.id, f"Melding ({m.id}). Fristoverskridelse på "
                        f"behandlingstid for melding, ({fmt(m.startdato)} -> "
                        f"{fmt(m.sluttdato)})")


def concluded_without(attr: str, what: str) -> IndividCheck:
    """Melding Kontroll 4 and 5: a melding concluded (1 or 2) in the year lacks a code."""
    def check(i: Individ15, s: Skjema) -> Iterator[Hit15]:
        for m in i.meldinger:
            if (m.sluttdato and m.sluttdato > s.forrige_telledato and m.konklusjon in ("1", "2")
                    and not any(c.kode for c in getattr(m, attr))):
                yield Hit15("Melding", m.id, f"Melding ({m.id}). Konkludert melding mangler "
                            f"{what}.")
    return check


def presisering(element: str, codes: frozenset[str], values: Callable[[Individ15], Iterable[
        tuple[str, Any]]], what: str) -> IndividCheck:
    """A code that requires a presisering has none."""
    def check(i: Individ15, s: Skjema) -> Iterator[Hit15]:
        for owner, c in values(i):
            if c.kode in codes and not c.presisering:
                yield Hit15(element, owner, f"{what} med kode ({c.kode}) mangler presisering")
    return check


def undersokelse_03(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    for u in _undersokelser(i):
        if u.konklusjon == "5" and not u.presisering:
            yield Hit15("Undersokelse", u.id, f"Undersokelse ({u.id}). Undersøkelse der kode for "
                        f"konklusjon er {u.konklusjon} mangler presisering")


def undersokelse_04(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    for u in _undersokelser(i):
        if u.sluttdato and not u.konklusjon:
            yield Hit15("Undersokelse", u.id, f"Undersokelse ({u.id}). Avsluttet undersøkelse "
                        "mangler konklusjon")


def undersokelse_07(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    for u in _undersokelser(i):
        if u.konklusjon in ("1", "2") and not u.vedtaksgrunnlag:
            yield Hit15("Undersokelse", u.id, f"Undersokelse ({u.id}). Undersøkelse konkludert "
                        f"med kode {u.konklusjon} skal ha vedtaksgrunnlag")


def undersokelse_08(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    for u in _undersokelser(i):
        if u.startdato and u.startdato < date(s.year, 7, 1) and u.sluttdato is None:
            yield Hit15("Undersokelse", u.id, f"Undersokelse ({u.id}). Undersøkelsen startet "
                        f"{fmt(u.startdato)} og skal konkluderes da den har pågått i mer enn 6 "
                        "måneder")


# --- tiltak ---------------------------------------------------------------------------------------


def tiltak_04(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    for t in i.tiltak:
        if t.sluttdato and t.er_omsorgstiltak and t.opphevelse is None:
            yield Hit15("Tiltak", t.id, f"Tiltak ({t.id}). Omsorgstiltak med sluttdato "
                        f"{fmt(t.sluttdato)} krever kode for opphevelse")


def age_kategori(kode: str, limit: int, what: str) -> IndividCheck:
    def check(i: Individ15, s: Skjema) -> Iterator[Hit15]:
        age = _age(i, s)
        for t in i.tiltak:
            if age is not None and age >= limit and t.kategori.kode == kode:
                yield Hit15("Tiltak", t.id, f"Tiltak ({t.id}). Barnet er over {limit} år og "
                            f"{what}. Barnets alder er {age} år")
    return check


def tiltak_07(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    for t in i.tiltak:
        if t.kategori.kode in KATEGORI_PRESISERING and not t.kategori.presisering:
            yield Hit15("Tiltak", t.id, f"Tiltak ({t.id}). Tiltakskategori {t.kategori.kode} "
                        "mangler presisering")


def tiltak_08(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    for t in i.tiltak:
        o = t.opphevelse
        if o is not None and o.kode in OPPHEVELSE_PRESISERING and not o.presisering:
            yield Hit15("Tiltak", t.id, f"Tiltak ({t.id}). Tiltaksopphevelse {o.kode} mangler "
                        "presisering")


def tiltak_09(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    """Two placements overlapping by more than three months (an open one until telledato)."""
    placed = [(t, t.startdato) for t in i.tiltak if t.er_plassering and t.startdato]
    for n, (a, a_start) in enumerate(placed):
        for b, b_start in placed[n + 1:]:
            start = max(a_start, b_start)
            end = min(a.sluttdato or s.telledato, b.sluttdato or s.telledato)
            if add_months(start, 3) < end:
                yield Hit15("Tiltak", b.id, f"Tiltak ({a.id}, {b.id}). Plasseringstiltak kan "
                            "ikke overlappe med mer enn 3 måneder")


def tiltak_24(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    for t in i.tiltak:
        if t.startdato is None:
            continue
        laws = [t.lovhjemmel.lov, *(j.lov for j in t.jmfr_lovhjemmel)]
        if t.startdato <= BVL1992_LAST_DAY and any(law != "BVL" for law in laws):
            yield Hit15("Tiltak", t.id, f"Tiltak ({t.id}). Tiltak opprettet før 01.01.2023 "
                        "krever lov = 'BVL'")
        elif t.startdato > BVL1992_LAST_DAY and any(law not in ("BVL", "BVL2021")
                                                     for law in laws):
            yield Hit15("Tiltak", t.id, f"Tiltak ({t.id}). Tiltak opprettet 01.01.2023 eller "
                        "etter, krever lov = 'BVL' eller 'BVL2021'")


def lovhjemmel_03(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    age = _age(i, s)
    for t in i.tiltak:
        if age is not None and age > 18 and t.er_omsorgstiltak:
            yield Hit15("Tiltak", t.id, f"Tiltak ({t.id}). Individet er {age} år og skal dermed "
                        "ikke ha omsorgstiltak")


def lovhjemmel_04(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    for t in i.tiltak:
        for h in (t.lovhjemmel, *t.jmfr_lovhjemmel):
            if h.kapittel == "0" or h.paragraf == "0":
                yield Hit15("Tiltak", t.id, f"Tiltak ({t.id}). Kapittel ({h.kapittel}) eller "
                            f"paragraf ({h.paragraf}) er rapportert med den ugyldige koden '0'")
                break


def flytting_02f(i: Individ15, s: Skjema) -> Iterator[Hit15]:
    for f in i.flyttinger:
        if i.startdato and f.sluttdato and f.sluttdato < i.startdato:
            yield Hit15("Flytting", f.id, f"Flytting ({f.id}). Flyttingens sluttdato "
                        f"({fmt(f.sluttdato)}) er før individets startdato ({fmt(i.startdato)})")


# --- avgiver --------------------------------------------------------------------------------------


def avgiver_02(data: Barnevern15, s: Skjema) -> Iterator[tuple[Individ15 | None, Hit15]]:
    if data.avgiver.versjon != str(s.year):
        yield None, Hit15("Avgiver", "", f"Filen inneholder feil rapporteringsår "
                          f"{data.avgiver.versjon}, forventet {s.year}.")


def avgiver_03(data: Barnevern15, s: Skjema) -> Iterator[tuple[Individ15 | None, Hit15]]:
    if not data.avgiver.organisasjonsnummer.strip():
        yield None, Hit15("Avgiver", "", "Filen mangler organisasjonsnummer. Oppgitt "
                          f"organisasjonsnummer er '{s.organisasjonsnummer}'")


def avgiver_04(data: Barnevern15, s: Skjema) -> Iterator[tuple[Individ15 | None, Hit15]]:
    if data.avgiver.kommunenummer != s.kommunenummer:
        yield None, Hit15("Avgiver", "", "Filen inneholder feil kommunenummer. Forskjellig "
                          f"kommunenummer i skjema ({s.kommunenummer}) og filuttrekk "
                          f"({data.avgiver.kommunenummer}).")


def avgiver_06(data: Barnevern15, s: Skjema) -> Iterator[tuple[Individ15 | None, Hit15]]:
    if not data.avgiver.kommunenavn.strip():
        yield None, Hit15("Avgiver", "", "Filen mangler kommunenavn.")


def melder(i: Individ15) -> Iterator[tuple[str, Any]]:
    return ((m.id, c) for m in i.meldinger for c in m.melder)


def saksinnhold(i: Individ15) -> Iterator[tuple[str, Any]]:
    return ((m.id, c) for m in i.meldinger for c in m.saksinnhold)


def grunnlag(i: Individ15) -> Iterator[tuple[str, Any]]:
    return ((u.id, c) for u in _undersokelser(i) for c in u.vedtaksgrunnlag)
