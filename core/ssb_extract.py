"""What an SSB control runs on and gives: the extract (SSB's DatoUttrekk: 31.12. of the
reporting year, or an earlier day of it), a case as that extract shows it (``as_of``), the
hits of a check and the findings of a run. ``core.ssb_controls`` holds the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from core.dates import fmt
from core.model import CaseFile, Ettervern, Melding, Plan, Tiltak, Undersokelse

#: The first reporting year of the v4 controls (their earliest «Gyldig fra»).
FIRST_YEAR = 2013
#: Sak kontroll 1: dates must lie within this many years of the reporting year.
DATE_SPAN_YEARS = 26


class Severity(StrEnum):
    """SSB's Alvorlighetsgrad, in the words of the KOSTRA control report."""

    FEIL = "FEIL"  # SSB ERROR: must be corrected before delivery
    ADVARSEL = "ADVARSEL"  # SSB WARNING: the service should look and correct if it can
    INFO = "INFO"  # SSB INFO: for information

    @property
    def ssb(self) -> str:
        """SSB's own name in the v4 Kravspesifikasjon (ERROR, WARNING, INFO)."""
        return {"FEIL": "ERROR", "ADVARSEL": "WARNING", "INFO": "INFO"}[self.value]

    @property
    def blocks(self) -> bool:
        """True for FEIL: SSB refuses the delivery."""
        return self is Severity.FEIL


ERROR, WARNING, INFO = Severity.FEIL, Severity.ADVARSEL, Severity.INFO


@dataclass(frozen=True, slots=True)
class Extract:
    """The reporting year and the extract's date (SSB's DatoUttrekk), within that year."""

    year: int
    uttrekk: date

    @property
    def first(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last(self) -> date:
        return date(self.year, 12, 31)


def extract(year: int, uttrekk: date | None = None) -> Extract:
    """The extract of ``year`` on ``uttrekk`` (default 31.12.); ValueError (Norwegian) for a year
    before the controls or a date outside the year."""
    if year < FIRST_YEAR or year > 9999 - DATE_SPAN_YEARS:
        raise ValueError(f"Rapporteringsåret må være {FIRST_YEAR} eller senere, ikke {year}")
    day = uttrekk or date(year, 12, 31)
    if day.year != year:
        raise ValueError(f"Uttrekksdatoen {fmt(day)} ligger ikke i rapporteringsåret {year}")
    return Extract(year, day)


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check found in one record: its kind ("melding"…), id, field and message."""

    record: str
    record_id: int | None
    field: str
    message: str


Check = Callable[[CaseFile, Extract], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Control:
    """One of SSB's controls: id as SSB names it, severity, SSB element, our record and field."""

    id: str
    title: str
    severity: Severity
    element: str  # SSB's element, e.g. "Melding", "Sak/Personalia"
    record: str  # our record kind: "sak", "melding", "undersokelse", "vedtak", "tiltak", …
    field: str  # the field of that record it concerns ("" for the record as a whole)
    check: Check
    gyldig_fra: date = date(2013, 1, 1)

    def applies(self, ex: Extract) -> bool:
        """SSB runs a control from its «Gyldig fra» date on."""
        return self.gyldig_fra <= ex.last


@dataclass(frozen=True, slots=True)
class Finding:
    """One control's complaint about one record of one case."""

    control_id: str
    severity: Severity
    message: str
    sak_id: int | None
    journalnummer: str
    saksbehandler: str
    record: str
    record_id: int | None
    field: str

    @property
    def where(self) -> str:
        """«tiltak 12 (sluttdato)»: the record and field, for lists."""
        record = f"{self.record} {self.record_id}" if self.record_id is not None else self.record
        return f"{record} ({self.field})" if self.field else record



# --- a case as the extract shows it ------------------------------------------------------------


def _until(day: date | None, limit: date) -> date | None:
    return day if day is not None and day <= limit else None


def as_of(case: CaseFile, day: date) -> CaseFile | None:
    """The case as an extract on ``day`` shows it (None if it had not begun): parts dated after
    ``day`` left out; an end, conclusion or extension after ``day`` not yet there."""
    s = case.sak
    if s.startdato > day:
        return None

    def melding(m: Melding) -> Melding:
        if m.konklusjon_dato is not None and m.konklusjon_dato > day:
            m = replace(m, konklusjon_kode=None, konklusjon_dato=None)
        if m.tilbakemelding_dato is not None and m.tilbakemelding_dato > day:
            m = replace(m, tilbakemelding_dato=None)
        return m

    def undersokelse(u: Undersokelse) -> Undersokelse:
        if u.konklusjon_dato is not None and u.konklusjon_dato > day:
            u = replace(u, konklusjon_kode=None, konklusjon_dato=None, vedtaksgrunnlag=())
        if u.utvidet_dato is not None and u.utvidet_dato > day:
            u = replace(u, utvidet_dato=None, utvidet_grunn="")
        return u

    def tiltak(t: Tiltak) -> Tiltak:
        if t.sluttdato is not None and t.sluttdato > day:
            return replace(t, sluttdato=None, opphevelse_kode=None, opphevelse_presisering="")
        return t

    def plan(p: Plan) -> Plan:
        if (p.sluttdato is None or p.sluttdato <= day) and all(e <= day for e in p.evalueringer):
            return p
        return replace(p, sluttdato=_until(p.sluttdato, day),
                       evalueringer=tuple(e for e in p.evalueringer if e <= day))

    def ettervern(e: Ettervern) -> Ettervern:
        if e.konklusjon_dato is not None and e.konklusjon_dato > day:
            return replace(e, konklusjon_kode=None, konklusjon_dato=None)
        return e

    return CaseFile(
        sak=s if s.sluttdato is None or s.sluttdato <= day else replace(s, sluttdato=None),
        meldinger=tuple(melding(m) for m in case.meldinger if m.mottatt <= day),
        undersokelser=tuple(undersokelse(u) for u in case.undersokelser if u.startdato <= day),
        vedtak=tuple(v for v in case.vedtak if v.dato <= day),
        tiltak=tuple(tiltak(t) for t in case.tiltak if t.startdato <= day),
        planer=tuple(plan(p) for p in case.planer if p.startdato <= day),
        besok=tuple(b for b in case.besok if b.dato <= day),
        ettervern=tuple(ettervern(e) for e in case.ettervern if e.tilbud_sendt <= day),
        flyttinger=tuple(f for f in case.flyttinger if f.dato <= day),
    )


def in_extract(case: CaseFile, ex: Extract) -> CaseFile | None:
    """The case as the year's extract shows it, or None if it was not open in the year."""
    view = as_of(case, ex.uttrekk)
    if view is None or (view.sak.sluttdato is not None and view.sak.sluttdato < ex.first):
        return None
    return view


