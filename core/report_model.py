"""Value objects of the leader's report and the small counting helpers they share.

Pure: no I/O, no clock. ``core.report`` builds a ``Report``; ``storage.workbook`` writes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from core.codes import code_list
from core.deadlines import Deadline, Status
from core.identity import age_on
from core.model import CaseFile, Melding, Undersokelse
from core.params import Params
from core.periods import Period
from core.rules import compute_deadlines

__all__ = [
    "OYEBLIKK",
    "PERIODE",
    "Days",
    "DetailRow",
    "Indicator",
    "LiveFigure",
    "ParamInForce",
    "Report",
    "Share",
    "Table",
    "suppress",
    "suppress_share",
]

PERIODE = "periode"
OYEBLIKK = "øyeblikk"
SMALL_LIMIT = 5  # counts 1..SMALL_LIMIT-1 are suppressed
SUPPRESSED = "<5"


@dataclass(frozen=True)
class Share:
    """A share with its numerator and denominator (teller/nevner)."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """numerator / denominator, or None when the denominator is 0."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def small(self) -> bool:
        """True if the numerator or the denominator is 1–4 (shown as «<5» under suppression)."""
        return is_small(self.numerator) or is_small(self.denominator)


@dataclass(frozen=True)
class Days:
    """A number of days that is not a count (a mean or a median): printed with one decimal and
    never suppressed as a small count (the table hides it itself when too few are behind it)."""

    value: float


def is_small(value: int) -> bool:
    return 0 < value < SMALL_LIMIT


def suppress(value: int, on: bool = True) -> int | str:
    """«<5» for counts 1–4 when suppression is on; 0 and 5+ are shown as they are."""
    return SUPPRESSED if on and is_small(value) else value


def suppress_share(share: Share, on: bool = True) -> float | str | None:
    """The share's value, «<5» if its numerator or denominator is 1–4 under suppression."""
    if on and share.small:
        return SUPPRESSED
    return share.value


@dataclass(frozen=True)
class Indicator:
    """One scorecard row (målekort): a share with its definition, target and comparisons.

    ``target`` is a share 0–1; higher is better except when ``lower_is_better`` (fristbrudd).
    ``previous``/``last_year`` are the values for ``Period.previous()`` and
    ``Period.same_last_year()``, each measured on that period's last day.
    """

    key: str
    label: str
    kind: str  # PERIODE or OYEBLIKK
    definition: str
    numerator_text: str
    denominator_text: str
    numerator: int
    denominator: int
    value: float | None
    target: float | None
    lower_is_better: bool
    previous: float | None
    last_year: float | None
    previous_share: Share = field(default_factory=lambda: Share(0, 0))
    last_year_share: Share = field(default_factory=lambda: Share(0, 0))

    @property
    def share(self) -> Share:
        return Share(self.numerator, self.denominator)

    @property
    def kind_label(self) -> str:
        return "Periodetall" if self.kind == PERIODE else "Øyeblikksbilde på måledato"

    @property
    def target_met(self) -> bool | None:
        """Whether the value reaches the target (None without value or target)."""
        if self.value is None or self.target is None:
            return None
        if self.lower_is_better:
            return self.value <= self.target + 1e-12
        return self.value >= self.target - 1e-12


@dataclass(frozen=True)
class LiveFigure:
    """A count without target that a leader must act on (live fristbrudd on the measurement
    date)."""

    key: str
    label: str
    value: int
    definition: str


@dataclass(frozen=True)
class Table:
    """A simple activity table. Cells are str, int (count), Share, date or None.

    Its arithmetic — total rows and columns, sums that equal a cell of another table or a
    scorecard teller/nevner, «herav» rows — is declared under its ``key`` in
    ``core.report_privacy.TABLE_RELATIONS``, which secondary suppression needs: a workbook with
    suppression on refuses a table whose key is not declared there.
    """

    title: str
    columns: list[str]
    rows: list[list]
    note: str = ""
    key: str = ""


@dataclass(frozen=True)
class ParamInForce:
    """A rule parameter as used for the report."""

    key: str
    title: str
    value: int | bool | str  # a date parameter: ISO text (core.params)
    text: str
    status: str
    default_only: bool


@dataclass(frozen=True)
class DetailRow:
    """One open or overdue deadline for the internal detail list. Never a fødselsnummer."""

    journalnummer: str
    saksbehandler: str
    regel: str
    frist: date
    status: str
    dager_over: int
    barn: str = ""


@dataclass(frozen=True)
class Report:
    """Everything the workbook shows, computed from the case files."""

    period: Period
    measured: date
    previous_period: Period
    last_year_period: Period
    indicators: tuple[Indicator, ...]
    live: tuple[LiveFigure, ...]
    sections: Mapping[str, tuple[Table, ...]]
    params: tuple[ParamInForce, ...]
    generated_at: datetime
    generated_by: str
    case_count: int = 0

    def indicator(self, key: str) -> Indicator:
        for ind in self.indicators:
            if ind.key == key:
                return ind
        raise KeyError(f"Ukjent indikator '{key}'")

    def table(self, key: str) -> Table:
        for tables in self.sections.values():
            for t in tables:
                if t.key == key:
                    return t
        raise KeyError(f"Ukjent tabell '{key}'")

    @property
    def tables(self) -> list[Table]:
        return [t for tables in self.sections.values() for t in tables]

    @property
    def so_far(self) -> bool:
        """Measured before the period ends: period figures count up to the measurement date."""
        return self.measured < self.period.end

    @property
    def period_text(self) -> str:
        """The period's label, with «så langt, til <måledato>» while it is counted in part."""
        if self.so_far:
            return f"{self.period.label} (så langt, til {self.measured:%d.%m.%Y})"
        return self.period.label


# --- shared counting helpers ----------------------------------------------------------------------


DUE_RULES = frozenset({"melding.gjennomgang", "undersokelse.frist", "undersokelse.utvidet"})


class DueDates:
    """Legal due dates of meldinger and investigations as the rule catalogue computes them
    (roll-over included), computed once per case for one report build, or taken from
    ``known`` (the stored deadlines per sak id, computed with the same params). Keyed by object
    identity: valid while the cases are alive."""

    def __init__(self, params: Params,
                 known: Mapping[int, Sequence[Deadline]] | None = None) -> None:
        self.params = params
        self.known = known or {}
        self._cache: dict[int, dict[tuple[str, int], Deadline]] = {}

    def _of(self, case: CaseFile) -> dict[tuple[str, int], Deadline]:
        found = self._cache.get(id(case))
        if found is None:
            given = self.known.get(case.sak.id) if case.sak.id is not None else None
            deadlines = ([d for d in given if d.rule_id in DUE_RULES] if given is not None
                         else compute_deadlines(case, self.params, only=DUE_RULES))
            found = self._cache[id(case)] = {(d.gjelder, d.gjelder_id): d for d in deadlines}
        return found

    def melding(self, case: CaseFile, m: Melding) -> date:
        """Review deadline of a melding (bvl § 2-1)."""
        return self._of(case)[("melding", m.id or 0)].frist

    def investigation(self, case: CaseFile, u: Undersokelse) -> tuple[date, bool]:
        """(legal due date, valid extension) of an investigation (bvl § 2-2)."""
        d = self._of(case)[("undersokelse", u.id or 0)]
        return d.frist, d.rule_id == "undersokelse.utvidet"


def status_on(d: Deadline, day: date) -> Status:
    """Status as it was on ``day``: acts recorded after ``day`` are not yet known then."""
    met, ended = d.oppfylt_dato, d.ikke_oppfylt_dato
    if (met is not None and met > day) or (ended is not None and ended > day):
        d = Deadline(d.rule_id, d.sak_id, d.gjelder, d.gjelder_id, d.seq, d.frist, d.varsel_fra,
                     d.forklaring, met if met is not None and met <= day else None,
                     ended if ended is not None and ended <= day else None, d.lokal, d.ukjent)
    return d.status(day)


def age_or_none(birth: date | None, day: date) -> int | None:
    """Completed years on ``day``; None before birth (termin) or with no known birth date."""
    return age_on(birth, day) if birth is not None and day >= birth else None


_CUTS = (re.compile(r" \("), re.compile(r"\.\s+(?=[A-ZÆØÅ])"), re.compile(r" – "))


def short_name(text: str, limit: int = 60) -> str:
    """A code name shortened for a table: cut at the first parenthesis, sentence end or dash."""
    for cut in _CUTS:
        head = cut.split(text, maxsplit=1)[0]
        if len(head) >= 3:
            text = head
    text = text.rstrip(".").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def code_name(list_key: str, kode: str | None, overrides: Mapping[str, str] | None = None) -> str:
    """Short display name of an SSB code; «Ikke registrert» for None, marks unknown codes."""
    if kode is None:
        return "Ikke registrert"
    if overrides and kode in overrides:
        return overrides[kode]
    codes = code_list(list_key)
    if kode not in codes:
        return f"{kode} (ukjent kode)"
    return short_name(codes.get(kode).navn)
