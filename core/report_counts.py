"""Counting the leader's report from case files (REPORTING.md §2): one pass per section into
a small value object (``MeldingCounts``, ``UndersokelseCounts``, ``TiltakCounts``,
``VisitCounts``, ``YoungPerson`` facts, ``Workload``). Pure functions of the case files, the
period, the measurement date and the parameters in force; children are counted once per case
file. ``core.report_tables`` lays the objects out as tables, and the register counts the same
objects in SQL (``storage.report_queries``), so the pure count stays the reference.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, NamedTuple, Protocol, TypeVar

from core.codes import FOSTERHJEM_CODES, INSTITUSJON_CODES, kategori_group
from core.dates import add_months
from core.deadlines import Deadline, Status
from core.model import CaseFile, Frequency, PlanType, Tiltak, VisitKind
from core.periods import Period, date_range, month
from core.report_model import (
    DueDates,
    age_or_none,
    status_on,
)
from core.visits import (
    YEAR_UNITS,
    ChildVisits,
    foster_homes,
    required_units,
    visit_window,
)
from core.visits import child_visits as visits_in

DeadlinesOf = Callable[[int, CaseFile], list[Deadline]]

AGE_GROUPS = ((0, 5, "0–5 år"), (6, 12, "6–12 år"), (13, 17, "13–17 år"), (18, 24, "18–24 år"))
MOSS_AGE_GROUPS = ((0, 9, "0–9 år"), (10, 18, "10–18 år"))
VISIT_BUCKETS = ("0", "1", "2", "3", "4 eller flere")

#: Placement rows of the Tiltak sheet. "Fosterhjem" is the one foster-home set of the report
#: (``FOSTERHJEM_CODES``, the same as the visit indicators); the "herav" rows are part of it.
PLACEMENTS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Fosterhjem (alle kategorier, inkl. beredskapshjem)", FOSTERHJEM_CODES),
    ("herav beredskapshjem", frozenset({"2.5"})),
    ("herav midlertidig hjem i familie og nære nettverk", frozenset({"2.6"})),
    ("Institusjon", INSTITUSJON_CODES),
)


def age_label(age: int | None, groups: tuple[tuple[int, int, str], ...]) -> str:
    """The age group of ``age`` (None: not born yet, or no known birth date)."""
    if age is None:
        return "Ufødt barn (termin)"
    for low, high, label in groups:
        if low <= age <= high:
            return label
    return f"{groups[-1][1] + 1} år eller eldre"


# --- Meldinger ------------------------------------------------------------------------------------


def report_months(period: Period, measured: date | None) -> list[Period]:
    """The months of ``period`` up to ``measured`` (None: all), the last one cut at ``measured``
    when it falls inside it: the rows of «Meldinger mottatt per måned»."""
    result = []
    for p in period.months():
        if measured is not None and p.start > measured:
            break
        if measured is not None and p.end > measured:
            name = month(p.start.year, p.start.month).label
            p = Period(p.start, measured, f"{name} ({p.start:%d.%m}–{measured:%d.%m})")
        result.append(p)
    return result


def trend_months(months: Sequence[Period]) -> list[Period]:
    """For a period shorter than a year, the 12 calendar months ending with its last month (the
    last one cut as in ``months``), so a month report's chart shows a trend, not one point;
    none for a year or longer."""
    if not months or len(months) >= 12:
        return []
    last = months[-1]
    month_start = date(last.start.year, last.start.month, 1)
    if last.start != month_start:  # a range beginning mid-month: the trend counts from the 1st
        whole = month(month_start.year, month_start.month)
        label = whole.label if last.end == whole.end else \
            f"{whole.label} ({month_start:%d.%m}–{last.end:%d.%m})"
        last = Period(month_start, last.end, label)
    first = add_months(month_start, -11)
    return [*date_range(first, month_start - timedelta(days=1)).months(), last]


@dataclass(frozen=True)
class MeldingCounts:
    """What the Meldinger tables show for a period.

    ``months`` holds (meldinger, children, repeat children) for each month of
    ``report_months``; ``trend`` (meldinger, children) for each month of ``trend_months``.
    ``by_melder`` counts each melding once per distinct melder code (None: no melder
    recorded); ``by_melder_last_year`` the same for the same period last year (meldinger in both
    periods count in the period only). ``by_age``/``by_age_moss``: age label → (meldinger,
    children), only labels counted. ``concluded``: konklusjon code → (concluded in the period,
    of them after the deadline).
    """

    received: int
    children: int
    repeat: int
    months: tuple[tuple[int, int, int], ...]
    trend: tuple[tuple[int, int], ...]
    by_melder: Mapping[str | None, int]
    by_melder_last_year: Mapping[str | None, int]
    by_age: Mapping[str, tuple[int, int]]
    by_age_moss: Mapping[str, tuple[int, int]]
    concluded: Mapping[str | None, tuple[int, int]]


def count_meldinger(cases: Sequence[CaseFile], period: Period, dues: DueDates, *,
                    measured: date | None = None) -> MeldingCounts:
    """The Meldinger figures of ``period``, counted from the case files."""
    months = report_months(period, measured)
    month_index = {(p.start.year, p.start.month): i for i, p in enumerate(months)}
    trend = trend_months(months)
    trend_index = {(p.start.year, p.start.month): i for i, p in enumerate(trend)}
    per_trend: list[tuple[list[int], set[int]]] = [([0], set()) for _ in trend]
    last_year = period.same_last_year()
    per_month: list[tuple[list[int], set[int], set[int]]] = [([0], set(), set()) for _ in months]
    received = 0
    children: set[int] = set()
    repeat: set[int] = set()
    by_melder: Counter = Counter()
    by_melder_ly: Counter = Counter()
    age_count: Counter = Counter()
    age_children: dict[str, set[int]] = defaultdict(set)
    moss_count: Counter = Counter()
    moss_children: dict[str, set[int]] = defaultdict(set)
    concluded: Counter = Counter()
    concluded_late: Counter = Counter()

    for i, case in enumerate(cases):
        if not case.meldinger:
            continue
        first_melding = min(m.mottatt for m in case.meldinger)
        first_u = min((u.startdato for u in case.undersokelser), default=None)
        birth = case.sak.fodselsdato
        for m in case.meldinger:
            if trend and trend[0].start <= m.mottatt <= trend[-1].end:
                n, kids_in_month = per_trend[trend_index[(m.mottatt.year, m.mottatt.month)]]
                n[0] += 1
                kids_in_month.add(i)
            if period.contains(m.mottatt):
                received += 1
                children.add(i)
                slot = (month_index.get((m.mottatt.year, m.mottatt.month))
                        if measured is None or m.mottatt <= measured else None)
                count, kids, kids_repeat = per_month[slot] if slot is not None else ([0], set(),
                                                                                      set())
                count[0] += 1
                kids.add(i)
                if first_melding < m.mottatt or (first_u is not None and first_u < m.mottatt):
                    repeat.add(i)
                    kids_repeat.add(i)
                for kode in {c.kode for c in m.melder} or {None}:  # type: ignore[arg-type]
                    by_melder[kode] += 1
                age = age_or_none(birth, m.mottatt)
                label = age_label(age, AGE_GROUPS)
                age_count[label] += 1
                age_children[label].add(i)
                label = age_label(age, MOSS_AGE_GROUPS)
                moss_count[label] += 1
                moss_children[label].add(i)
            elif last_year.contains(m.mottatt):
                for kode in {c.kode for c in m.melder} or {None}:  # type: ignore[arg-type]
                    by_melder_ly[kode] += 1
            if m.konklusjon_dato is not None and period.contains(m.konklusjon_dato):
                concluded[m.konklusjon_kode] += 1
                if m.konklusjon_dato > dues.melding(case, m):
                    concluded_late[m.konklusjon_kode] += 1

    return MeldingCounts(
        received=received, children=len(children), repeat=len(repeat),
        months=tuple((c[0], len(k), len(r)) for c, k, r in per_month),
        trend=tuple((c[0], len(k)) for c, k in per_trend),
        by_melder=dict(by_melder), by_melder_last_year=dict(by_melder_ly),
        by_age={k: (n, len(age_children[k])) for k, n in age_count.items()},
        by_age_moss={k: (n, len(moss_children[k])) for k, n in moss_count.items()},
        concluded={k: (n, concluded_late[k]) for k, n in concluded.items()})


# --- Undersøkelser --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UndersokelseCounts:
    """What the Undersøkelser tables show for a period: investigations started in it; of those
    that ran in it (started, concluded or open), those with a valid extension and those with an
    extension registered too late; ``concluded``: konklusjon code → (concluded in the period,
    of them after the due date); ``quarters``: (concluded, after the due date) for each of
    ``period.quarters()``; open at the period's end, of them over the due date on that day and
    with a valid extension."""

    started: int
    extended: int
    invalid_extension: int
    concluded: Mapping[str | None, tuple[int, int]]
    quarters: tuple[tuple[int, int], ...]
    open_end: int
    open_end_late: int
    open_end_extended: int


def count_undersokelser(cases: Sequence[CaseFile], period: Period,
                        dues: DueDates) -> UndersokelseCounts:
    """The Undersøkelser figures of ``period``, counted from the case files."""
    quarters = period.quarters()
    q_concluded = [0] * len(quarters)
    q_late = [0] * len(quarters)
    started = extended_in_period = invalid_extension = 0
    open_end = open_end_late = open_end_extended = 0
    concluded: Counter = Counter()
    concluded_late: Counter = Counter()

    for case in cases:
        for u in case.undersokelser:
            if not period.overlaps(u.startdato, u.konklusjon_dato):
                continue  # neither started, concluded, open nor extended in the period
            if period.contains(u.startdato):
                started += 1
            due, extended = dues.investigation(case, u)
            if extended:
                extended_in_period += 1
            elif u.utvidet_dato is not None:
                invalid_extension += 1
            k = u.konklusjon_dato
            if k is not None and period.contains(k):
                late = k > due
                concluded[u.konklusjon_kode] += 1
                concluded_late[u.konklusjon_kode] += late
                q = next(i for i, p in enumerate(quarters) if p.contains(k))
                q_concluded[q] += 1
                q_late[q] += late
            if k is None or k > period.end:
                open_end += 1
                open_end_late += period.end > due
                open_end_extended += extended
    return UndersokelseCounts(
        started=started, extended=extended_in_period, invalid_extension=invalid_extension,
        concluded={k: (n, concluded_late[k]) for k, n in concluded.items()},
        quarters=tuple(zip(q_concluded, q_late, strict=True)), open_end=open_end,
        open_end_late=open_end_late, open_end_extended=open_end_extended)


# --- Tiltak ---------------------------------------------------------------------------------------


TILTAK_KINDS = ("hjelpetiltak", "omsorgstiltak", "andre", "alle")


def tiltak_kind(t: Tiltak) -> str:
    """The Tiltak sheet's kind of a tiltak: «hjelpetiltak», «omsorgstiltak» or «andre»."""
    return "hjelpetiltak" if t.er_hjelpetiltak else "omsorgstiltak" if t.er_omsorgstiltak \
        else "andre"


def tiltak_group(kode: str) -> str:
    """The main group of a tiltak code («2.3» → «2»), also for a code not in the list."""
    try:
        return kategori_group(kode)
    except KeyError:
        return kode.split(".", 1)[0]


@dataclass(frozen=True)
class TiltakCounts:
    """What the Tiltak tables show: (children in the period, children on the measurement date)
    by kind (``TILTAK_KINDS``), by main group and by code (only those counted), and for each
    row of ``PLACEMENTS``; akuttvedtak dated in the period and the children they concern."""

    by_kind: Mapping[str, tuple[int, int]]
    by_group: Mapping[str, tuple[int, int]]
    by_code: Mapping[str, tuple[int, int]]
    placements: tuple[tuple[int, int], ...]
    akutt: int
    akutt_children: int


def count_tiltak(cases: Sequence[CaseFile], period: Period, measured: date) -> TiltakCounts:
    """The Tiltak figures of ``period`` and ``measured``, counted from the case files."""
    during: dict[str, set[int]] = {k: set() for k in TILTAK_KINDS}
    on_day: dict[str, set[int]] = {k: set() for k in TILTAK_KINDS}
    group_during: dict[str, set[int]] = defaultdict(set)
    group_on: dict[str, set[int]] = defaultdict(set)
    code_during: dict[str, set[int]] = defaultdict(set)
    code_on: dict[str, set[int]] = defaultdict(set)
    place_during: list[set[int]] = [set() for _ in PLACEMENTS]
    place_on: list[set[int]] = [set() for _ in PLACEMENTS]
    akutt = 0
    akutt_children: set[int] = set()

    for i, case in enumerate(cases):
        for t in case.tiltak:
            in_period = period.overlaps(t.startdato, t.sluttdato)
            active = t.active_on(measured)
            if not (in_period or active):
                continue
            kind = tiltak_kind(t)
            code = t.kategori_kode
            group = tiltak_group(code)
            for flag, by_kind, by_group, by_code, by_place in (
                    (in_period, during, group_during, code_during, place_during),
                    (active, on_day, group_on, code_on, place_on)):
                if not flag:
                    continue
                by_kind[kind].add(i)
                by_kind["alle"].add(i)
                by_group[group].add(i)
                by_code[code].add(i)
                for p, (_, codes) in enumerate(PLACEMENTS):
                    if code in codes:
                        by_place[p].add(i)
        for v in case.vedtak:
            if v.akutt is not None and period.contains(v.dato):
                akutt += 1
                akutt_children.add(i)

    def both(a: dict[str, set[int]], b: dict[str, set[int]]) -> dict[str, tuple[int, int]]:
        return {k: (len(a.get(k, ())), len(b.get(k, ()))) for k in set(a) | set(b)}

    return TiltakCounts(
        by_kind=both(during, on_day), by_group=both(group_during, group_on),
        by_code=both(code_during, code_on),
        placements=tuple((len(a), len(b)) for a, b in zip(place_during, place_on, strict=True)),
        akutt=akutt, akutt_children=len(akutt_children))


# --- Besøk ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitCounts:
    """Children who lived in a foster home during a period, and for each visit kind how many of
    them had 0, 1, 2, 3, 4 or more visits (``VISIT_BUCKETS``) and how many got the required
    number, judged over ``visit_window`` (``child_visits``)."""

    children: int
    buckets: Mapping[VisitKind, tuple[int, ...]]
    compliant: Mapping[VisitKind, int]


C = TypeVar("C")


class Judged(Protocol):
    """What ``count_visits`` reads of one child's visits of one kind in a period."""

    @property
    def done(self) -> int: ...

    @property
    def compliant(self) -> bool: ...


def count_visits(children: Iterable[C], period: Period,
                 visits_of: Callable[[C, VisitKind, Period], Judged | None] | None = None,
                 ) -> VisitCounts:
    """Visits of every child in a foster home during ``period`` (the Besøk table and the visit
    indicators), judged by ``visits_of`` (default: ``child_visits`` of case files; the register
    counts with ``FosterChild.judge``)."""
    judge: Callable[[Any, VisitKind, Period], Judged | None] = visits_of or child_visits
    kinds = (VisitKind.TILSYN, VisitKind.OPPFOLGING)
    buckets = {k: [0] * len(VISIT_BUCKETS) for k in kinds}
    compliant = dict.fromkeys(kinds, 0)
    count = 0
    for child in children:
        counted = False
        for kind in kinds:
            visits = judge(child, kind, period)
            if visits is None:
                break
            counted = True
            buckets[kind][min(visits.done, len(VISIT_BUCKETS) - 1)] += 1
            compliant[kind] += visits.compliant
        count += counted
    return VisitCounts(count, {k: tuple(v) for k, v in buckets.items()}, compliant)


def child_visits(case: CaseFile, kind: VisitKind, period: Period) -> ChildVisits | None:
    """Visits of one kind for one child in a report period (RULES.md "Statistics semantics").

    None when the child lived in no foster home during the period. Otherwise the visits owed and
    done over ``visit_window`` — the period, or the 12 months ending on its last day when it is
    shorter than a year — with every foster home of the child in that window summed.
    """
    if not foster_homes(case, period.start, period.end):
        return None
    start, end = visit_window(period.start, period.end)
    return visits_in(case, kind, start, end)


@dataclass(frozen=True, slots=True)
class FosterHome:
    """A foster-home tiltak as the visit figures read it: when it ran, its visit frequencies
    (sorted by start) and its visit dates (sorted), per kind."""

    start: date
    end: date | None
    frequencies: Mapping[VisitKind, tuple[Frequency, ...]]
    visits: Mapping[VisitKind, tuple[date, ...]]

    @classmethod
    def of(cls, t: Tiltak, visits: Mapping[VisitKind, Iterable[date]]) -> FosterHome:
        return cls(t.startdato, t.sluttdato,
                   {k: tuple(sorted(t.frequency(k), key=lambda f: f.startdato))
                    for k in VisitKind},
                   {k: tuple(sorted(visits.get(k, ()))) for k in VisitKind})

    def placed(self, start: date, end: date) -> tuple[date, date] | None:
        """The part of [start, end] the home ran (``core.visits.placed_interval``)."""
        first = max(start, self.start)
        last = min(end, self.end) if self.end else end
        return (first, last) if first <= last else None


@dataclass(frozen=True)
class FosterChild:
    """One child's foster homes, prepared to judge visits over many periods.

    ``visits`` gives exactly what ``child_visits`` gives for the child's case file, with the
    same arithmetic (``core.visits.required_units``), read from prepared homes rather than a
    case file: what a report over many periods needs (tests/test_report_sql.py proves them
    equal).
    """

    homes: tuple[FosterHome, ...]

    @classmethod
    def of(cls, case: CaseFile) -> FosterChild:
        """The foster homes of a case file."""
        visits: dict[tuple[int | None, VisitKind], list[date]] = defaultdict(list)
        for b in case.besok:
            visits[b.tiltak_id, b.kind].append(b.dato)
        return cls(tuple(FosterHome.of(t, {k: visits.get((t.id, k), ()) for k in VisitKind})
                         for t in case.tiltak if t.er_fosterhjem))

    def visits(self, kind: VisitKind, period: Period) -> ChildVisits | None:
        """Visits of ``kind`` owed and done (``child_visits``): None when the child lived in no
        foster home during ``period``, else over ``visit_window`` with every home summed."""
        found = self._owed_done(kind, period)
        return None if found is None else ChildVisits(Fraction(found[0], YEAR_UNITS), found[1])

    def _owed_done(self, kind: VisitKind, period: Period) -> tuple[int, int] | None:
        """(visits owed in units of 1/YEAR_UNITS, visits done), or None (no foster home)."""
        if not any(h.placed(period.start, period.end) for h in self.homes):
            return None
        start, end = visit_window(period.start, period.end)
        owed = done = 0
        for home in self.homes:
            span = home.placed(start, end)
            if span is None:
                continue
            first, last = span
            owed += required_units(home.frequencies[kind], first, last)
            days = home.visits[kind]
            if days:
                done += bisect.bisect_right(days, last) - bisect.bisect_left(days, first)
        return owed, done

    @staticmethod
    def judge(child: FosterChild, kind: VisitKind, period: Period) -> Judged | None:
        """``visits`` as ``count_visits`` reads it, without the exact fraction: compliant when
        the visits done are at least the owed units rounded up, i.e. done × YEAR_UNITS ≥ owed."""
        found = child._owed_done(kind, period)
        if found is None:
            return None
        owed, done = found
        return _Judged(done, done * YEAR_UNITS >= owed)


class _Judged(NamedTuple):
    done: int
    compliant: bool


# --- Ettervern ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YoungPerson:
    """What the Ettervern tables read of a child with an active tiltak on the measurement date:
    birth date, and whether an active tiltak is a foster home, a housing measure (main group 8),
    an institution or a care measure, whether an aftercare plan (plantype 5) is active and
    whether an aftercare offer had been sent by then."""

    birth: date | None
    foster: bool
    housing: bool
    institution: bool
    care: bool
    aftercare_plan: bool
    offer_sent: bool


def young_people(cases: Iterable[CaseFile], measured: date) -> Iterator[YoungPerson]:
    """The children with an active tiltak on ``measured``, as the Ettervern tables read them."""
    for case in cases:
        active = [t for t in case.tiltak if t.active_on(measured)]
        if not active:
            continue
        yield YoungPerson(
            case.sak.fodselsdato, any(t.er_fosterhjem for t in active),
            any(t.kategori_kode.split(".")[0] == "8" for t in active),
            any(t.er_institusjon for t in active), any(t.er_omsorgstiltak for t in active),
            any(p.plantype == PlanType.ETTERVERN and p.active_on(measured) for p in case.planer),
            any(e.tilbud_sendt <= measured for e in case.ettervern))


#: Per caseworker (as stored): (active cases, open deadlines, of them overdue, due soon).
Workload = Mapping[str, tuple[int, int, int, int]]


def count_workload(cases: Sequence[CaseFile], measured: date,
                   deadlines_of: DeadlinesOf) -> dict[str, tuple[int, int, int, int]]:
    """Active cases and their open legal deadlines on ``measured`` per caseworker."""
    active: Counter = Counter()
    open_: Counter = Counter()
    overdue: Counter = Counter()
    soon: Counter = Counter()
    for i, case in enumerate(cases):
        if not case_active(case, measured):
            continue
        who = case.sak.saksbehandler
        active[who] += 1
        for d in deadlines_of(i, case):
            if d.lokal or (d.oppfylt_dato is not None and d.oppfylt_dato <= measured) or (
                    d.ikke_oppfylt_dato is not None and d.ikke_oppfylt_dato <= measured):
                continue  # closed on the measurement date
            status = status_on(d, measured)
            if status.is_open:
                open_[who] += 1
                overdue[who] += status is Status.FORFALT
                soon[who] += status is Status.SNART
    return {w: (n, open_[w], overdue[w], soon[w]) for w, n in active.items()}


def case_active(case: CaseFile, day: date) -> bool:
    s = case.sak
    return s.startdato <= day and (s.sluttdato is None or s.sluttdato >= day)
