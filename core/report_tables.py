"""Activity tables of the leader's report (REPORTING.md §2), each section one pass over the cases.

Pure functions of the case files, the period, the measurement date and the parameters in force.
Children are counted once per case file (one case per child).

Each section is counted and laid out in two steps: ``count_*`` counts from the case files into a
small value object (``MeldingCounts``, ``UndersokelseCounts``, ``TiltakCounts``, ``VisitCounts``,
``YoungPerson`` facts, ``Workload``) and ``*_tables_from`` turns that into the tables. The
register counts the same objects in SQL (``storage.report_queries``), so titles, rows and notes
come from one place and the pure count stays the reference.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, NamedTuple, Protocol, TypeVar

from core.codes import FOSTERHJEM_CODES, INSTITUSJON_CODES, code_list, kategori_group
from core.dates import add_months, fmt
from core.deadlines import Deadline, Status
from core.identity import birthday
from core.model import CaseFile, Frequency, PlanType, Tiltak, VisitKind
from core.periods import Period, date_range, month
from core.report_model import (
    DueDates,
    Share,
    Table,
    age_or_none,
    code_name,
    short_name,
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

MELDING_KONKLUSJON_NAMES = {"2": "Ikke henlagt (undersøkelse startes)"}
UNDERSOKELSE_KONKLUSJON_NAMES = {"5": "Undersøkelsen henlagt som følge av flytting"}
TILTAK_NAMES = {"8.2": "Bolig med oppfølging (inkl. bofellesskap)"}

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

OFFENTLIG = "Offentlig instans"
PRIVAT = "Privat melder"


def code_sort_key(kode: str | None) -> tuple:
    """Numeric order of SSB codes: 2 < 10, 2.4 < 2.10 < 2.99."""
    if kode is None:
        return (math.inf,)
    try:
        return tuple(int(part) for part in kode.split("."))
    except ValueError:
        return (math.inf, kode)


def codes_text(codes: frozenset[str]) -> str:
    """SSB codes as a short text, runs joined: {2.1 … 2.6, 2.99} → "2.1–2.6, 2.99"."""
    runs: list[list[str]] = []
    for kode in sorted(codes, key=code_sort_key):
        key = code_sort_key(kode)
        prev = code_sort_key(runs[-1][-1]) if runs else ()
        if (prev and math.inf not in key + prev and key[:-1] == prev[:-1]
                and key[-1] == prev[-1] + 1):
            runs[-1].append(kode)
        else:
            runs.append([kode])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(r) for r in runs)


#: The foster-home codes in words, for definitions and notes.
FOSTERHJEM_TEXT = codes_text(FOSTERHJEM_CODES)


def age_label(age: int | None, groups: tuple[tuple[int, int, str], ...]) -> str:
    """The age group of ``age`` (None: not born yet, or no known birth date)."""
    if age is None:
        return "Ufødt barn (termin)"
    for low, high, label in groups:
        if low <= age <= high:
            return label
    return f"{groups[-1][1] + 1} år eller eldre"


def _age_rows(counts: Mapping[str, tuple[int, int]],
              groups: tuple[tuple[int, int, str], ...]) -> list[list]:
    """Rows of every group, then of the other labels counted; ``counts``: label → (meldinger,
    children)."""
    labels = [g[2] for g in groups]
    extra = sorted(k for k in counts if k not in labels)
    return [[label, *counts.get(label, (0, 0))] for label in [*labels, *extra]]


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


TREND_KEY = "meldinger_12mnd"


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


def meldinger_tables(cases: Sequence[CaseFile], period: Period, dues: DueDates, *,
                     measured: date | None = None) -> tuple[Table, ...]:
    """The Meldinger tables. "Received per month" holds the months of the period up to the
    month of ``measured`` (None: every month of the period): a running period is reported so
    far, never with a row of 0 for a month that has not happened."""
    return meldinger_tables_from(count_meldinger(cases, period, dues, measured=measured),
                                 period, measured=measured)


def meldinger_tables_from(counts: MeldingCounts, period: Period, *,
                          measured: date | None = None) -> tuple[Table, ...]:
    """The Meldinger tables laid out from their counts (``count_meldinger``)."""
    months = report_months(period, measured)
    trend = trend_months(months)
    last_year = period.same_last_year()
    total_concluded = sum(n for n, _ in counts.concluded.values())
    summary = Table(
        "Meldinger i perioden", ["Beskrivelse", "Antall"],
        [["Meldinger mottatt", counts.received],
         ["Barn det er meldt bekymring for (ulike barn)", counts.children],
         ["Gjengangere (barn med tidligere melding eller undersøkelse)", counts.repeat],
         ["Meldinger konkludert i perioden", total_concluded],
         ["herav konkludert senere enn 7 dager etter mottak (fristbrudd)",
          sum(late for _, late in counts.concluded.values())]],
        "Gjenganger: barnet hadde en melding mottatt eller en undersøkelse startet før denne "
        "meldingen (også tidligere i samme periode).", "meldinger_oversikt")

    month_rows = [[p.label, *row] for p, row in zip(months, counts.months, strict=True)]
    so_far = (f" Måneder etter måledatoen {fmt(measured)} er ikke med."
              if measured is not None and measured < period.end else "")
    per_month_table = Table(
        "Meldinger mottatt per måned", ["Måned", "Meldinger", "Barn", "Gjengangere"], month_rows,
        "Barn: ulike barn med melding mottatt i måneden." + so_far, "meldinger_maaned")

    trend_table = Table(
        "Meldinger mottatt per måned, siste 12 måneder", ["Måned", "Meldinger", "Barn"],
        [[p.label, *row] for p, row in zip(trend, counts.trend, strict=True)],
        "De 12 månedene som slutter med periodens siste måned (for utviklingen over tid; "
        "perioden selv er kortere). Barn: ulike barn med melding mottatt i måneden.",
        TREND_KEY)

    melder_list = code_list("melder")

    def melder_group(kode: str | None) -> str:
        if kode is None or kode not in melder_list:
            return "Ukjent"
        return OFFENTLIG if melder_list.get(kode).offentlig else PRIVAT

    by_melder, by_melder_ly = counts.by_melder, counts.by_melder_last_year
    group_order = {OFFENTLIG: 0, PRIVAT: 1, "Ukjent": 2}
    kodes = {k for k, n in by_melder.items() if n} | {k for k, n in by_melder_ly.items() if n}
    ordered = sorted(kodes, key=lambda k: (group_order[melder_group(k)], -by_melder.get(k, 0),
                                           code_sort_key(k)))
    melder_rows = [[code_name("melder", k), k or "", melder_group(k), by_melder.get(k, 0),
                    by_melder_ly.get(k, 0)] for k in ordered]
    melder_table = Table(
        "Meldinger etter melder",
        ["Melder", "Kode", "Gruppe", f"Meldinger {period.label}", f"Meldinger {last_year.label}"],
        melder_rows,
        "En melding med flere meldere telles én gang for hver melder; summen kan derfor være "
        "større enn antall meldinger. Gruppe etter SSBs kodeliste (offentlig instans/privat).",
        "meldinger_melder")

    age_table = Table(
        "Meldinger etter barnets alder", ["Aldersgruppe", "Meldinger", "Barn"],
        _age_rows(counts.by_age, AGE_GROUPS),
        "Alder på datoen meldingen ble mottatt.", "meldinger_alder")
    moss_table = Table(
        "Meldinger etter barnets alder (0–9 og 10–18 år)", ["Aldersgruppe (0–9/10–18)",
                                                          "Meldinger", "Barn"],
        _age_rows(counts.by_age_moss, MOSS_AGE_GROUPS),
        "Samme meldinger med inndelingen 0–9 og 10–18 år.", "meldinger_alder_moss")

    concluded = counts.concluded
    concl_rows = [[k or "", code_name("melding_konklusjon", k, MELDING_KONKLUSJON_NAMES),
                   concluded[k][0], Share(concluded[k][0], total_concluded), concluded[k][1]]
                  for k in sorted(concluded, key=code_sort_key)]
    concl_table = Table(
        "Meldinger konkludert i perioden etter konklusjon",
        ["Kode", "Konklusjon", "Meldinger", "Andel", "Konkludert etter fristen"], concl_rows,
        "Meldinger med konklusjonsdato i perioden. Summen er nevneren i «Andel meldinger med "
        "fristbrudd».", "meldinger_konklusjon")
    trend_tables = (trend_table,) if trend else ()
    return (summary, per_month_table, *trend_tables, melder_table, age_table, moss_table,
            concl_table)


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


def undersokelser_tables(cases: Sequence[CaseFile], period: Period,
                         dues: DueDates) -> tuple[Table, ...]:
    return undersokelser_tables_from(count_undersokelser(cases, period, dues), period)


def undersokelser_tables_from(counts: UndersokelseCounts, period: Period) -> tuple[Table, ...]:
    """The Undersøkelser tables laid out from their counts (``count_undersokelser``)."""
    concluded = counts.concluded
    total = sum(n for n, _ in concluded.values())
    summary = Table(
        "Undersøkelser i perioden", ["Beskrivelse", "Antall"],
        [["Undersøkelser startet i perioden", counts.started],
         ["Undersøkelser konkludert i perioden", total],
         ["herav konkludert etter fristen (fristbrudd)", sum(late for _, late in
                                                             concluded.values())],
         ["Undersøkelser med gyldig utvidet frist (åpne eller konkludert i perioden)",
          counts.extended],
         ["Utvidelser registrert etter tremånedersfristen (gjelder ikke)",
          counts.invalid_extension],
         [f"Åpne undersøkelser ved periodens slutt ({fmt(period.end)})", counts.open_end],
         ["herav over fristen ved periodens slutt", counts.open_end_late],
         ["herav med gyldig utvidet frist", counts.open_end_extended]],
        "Startdato: datoen meldingen ble konkludert med «ikke henlagt». Fristen regnes likevel "
        "fra meldingsfristen (mottatt + 7 dager) + 3 måneder, eller 6 måneder når utvidelsen "
        "ble registrert senest på tremånedersdatoen (bvl § 2-2).", "undersokelser_oversikt")

    concl_rows = [[k or "", code_name("undersokelse_konklusjon", k, UNDERSOKELSE_KONKLUSJON_NAMES),
                   concluded[k][0], Share(concluded[k][0], total), concluded[k][1]]
                  for k in sorted(concluded, key=code_sort_key)]
    concl_table = Table(
        "Undersøkelser konkludert i perioden etter konklusjon",
        ["Kode", "Konklusjon", "Undersøkelser", "Andel", "Konkludert etter fristen"], concl_rows,
        "Undersøkelser med konklusjonsdato i perioden.", "undersokelser_konklusjon")

    quarter_rows = [[p.label, n, late, Share(late, n)]
                    for p, (n, late) in zip(period.quarters(), counts.quarters, strict=True)]
    quarter_table = Table(
        "Fristbrudd i undersøkelser per kvartal",
        ["Kvartal", "Konkludert", "Konkludert etter fristen", "Andel med fristbrudd"],
        quarter_rows,
        "Fristbrudd telles når undersøkelsen konkluderes, ikke når fristen passeres.",
        "undersokelser_kvartal")
    return summary, concl_table, quarter_table


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


def tiltak_tables(cases: Sequence[CaseFile], period: Period, measured: date) -> tuple[Table, ...]:
    return tiltak_tables_from(count_tiltak(cases, period, measured), measured)


def tiltak_tables_from(counts: TiltakCounts, measured: date) -> tuple[Table, ...]:
    """The Tiltak tables laid out from their counts (``count_tiltak``)."""
    def kind(k: str) -> tuple[int, int]:
        return counts.by_kind.get(k, (0, 0))

    summary = Table(
        "Barn med tiltak", ["Beskrivelse", "I perioden", "På måledato"],
        [["Barn med hjelpetiltak", *kind("hjelpetiltak")],
         ["Barn med omsorgstiltak (omsorgsovertakelse)", *kind("omsorgstiltak")],
         ["Barn med andre tiltak (f.eks. akuttvedtak etter bvl kap. 4)", *kind("andre")],
         ["Barn med tiltak i alt", *kind("alle")]],
        f"I perioden: tiltaket løp minst én dag i perioden. På måledato: aktivt {fmt(measured)}. "
        "Hjelpetiltak: tiltak vedtatt etter bvl kapittel 3 (frivillige og pålagte hjelpetiltak, "
        "også frivillige plasseringer; før 2023 bvl 1992 § 4-4 og § 1-3). Omsorgstiltak: "
        "omsorgsovertakelse (bvl § 5-1). Andre tiltak: øvrige hjemler, som akuttvedtak "
        "(kapittel 4) og plassering etter kapittel 6. Et barn kan telles i flere grupper.",
        "tiltak_oversikt")

    placements = Table(
        "Barn i fosterhjem, institusjon og beredskapshjem",
        ["Plassering", "Tiltakskoder", "Barn i perioden", "Barn på måledato"],
        [[label, codes_text(codes), *n]
         for (label, codes), n in zip(PLACEMENTS, counts.placements, strict=True)],
        f"Fosterhjem omfatter alle fosterhjemskategorier ({FOSTERHJEM_TEXT}), også "
        "beredskapshjem (2.5) og midlertidig hjem i familie og nære nettverk (2.6) – de samme "
        "kodene som besøksindikatorene. «herav»-radene er med i fosterhjemsraden og vises i "
        "tillegg hver for seg. Et barn som har bodd flere steder i perioden telles på hvert sted.",
        "tiltak_plassering")

    akutt_table = Table(
        "Akuttvedtak", ["Beskrivelse", "Antall"],
        [["Akuttvedtak i perioden", counts.akutt], ["Barn med akuttvedtak i perioden",
                                                    counts.akutt_children]],
        "Vedtaksdato i perioden.", "tiltak_akutt")

    kategori = code_list("tiltak_kategori")

    def group_name(g: str) -> str:
        return kategori.get(g).navn if g in kategori else f"{g} (ukjent kode)"

    groups = sorted(counts.by_group, key=code_sort_key)
    group_table = Table(
        "Barn etter tiltakskategori (hovedgruppe)",
        ["Kode", "Hovedgruppe", "Barn i perioden", "Barn på måledato"],
        [[g, group_name(g), *counts.by_group[g]] for g in groups],
        "Alle tiltak (hjelpetiltak og omsorgstiltak). Et barn med tiltak i flere grupper telles i "
        "hver gruppe; summen kan derfor være større enn antall barn.", "tiltak_hovedgruppe")

    code_order = sorted(counts.by_code, key=code_sort_key)
    code_table = Table(
        "Barn etter tiltakskode",
        ["Kode", "Tiltak", "Hovedgruppe", "Barn i perioden", "Barn på måledato"],
        [[c, code_name("tiltak_kategori", c, TILTAK_NAMES),
          short_name(group_name(c.split(".", 1)[0]), 40), *counts.by_code[c]]
         for c in code_order],
        "SSBs tiltakskategorier (Tiltak/Kategori).", "tiltak_kode")
    return summary, placements, akutt_table, group_table, code_table


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


def besok_tables(cases: Sequence[CaseFile], period: Period) -> tuple[Table, ...]:
    """Children in foster homes during the period by visits done, per kind, judged over the same
    window as the visit indicators (``visit_window``)."""
    return besok_tables_from(count_visits(cases, period), period)


def besok_tables_from(counts: VisitCounts, period: Period) -> tuple[Table, ...]:
    """The Besøk table laid out from its counts (``count_visits``)."""
    kinds = (VisitKind.TILSYN, VisitKind.OPPFOLGING)
    children = counts.children
    rows = [[kind.label, *counts.buckets[kind], children, counts.compliant[kind],
             Share(counts.compliant[kind], children)] for kind in kinds]
    start, end = visit_window(period.start, period.end)
    whole = (start, end) == (period.start, period.end)
    window = "i perioden" if whole else f"siste 12 måneder ({fmt(start)}–{fmt(end)})"
    table = Table(
        f"Barn i fosterhjem etter antall besøk {window}",
        ["Besøkstype", *VISIT_BUCKETS, "Barn i fosterhjem", "Fikk påkrevd antall", "Andel"], rows,
        f"Barn som bodde i fosterhjem (tiltakskategori {FOSTERHJEM_TEXT}, også beredskapshjem) "
        "minst én dag i perioden, etter antall gjennomførte besøk mens barnet bodde der "
        + ("i perioden" if whole else
           f"de 12 månedene som slutter på periodens siste dag, {fmt(start)}–{fmt(end)} "
           "(perioden er kortere enn ett år; fire besøk i året kan ikke vurderes på kortere tid)")
        + " – alle fosterhjemstiltak for barnet summert. Påkrevd antall: fastsatt hyppighet per "
        "år (standard 4) × måneder i fosterhjem / 12, rundet opp; en hel kalendermåned teller 1, "
        "en delvis måned dagene i fosterhjem / dagene i måneden. Samme beregning som "
        "besøksindikatorene.", "besok_fordeling")
    return (table,)


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


def ettervern_tables(cases: Sequence[CaseFile], measured: date) -> tuple[Table, ...]:
    return ettervern_tables_from(young_people(cases, measured), measured)


def ettervern_tables_from(people: Iterable[YoungPerson], measured: date) -> tuple[Table, ...]:
    """The Ettervern tables from the children with an active tiltak on ``measured`` (those
    neither 18–24 on that day nor turning 18 in the next 12 months may be left out)."""
    young = young_foster = young_housing = young_plan = 0
    horizon = add_months(measured, 12)
    blocks = [(add_months(measured, 3 * b), add_months(measured, 3 * (b + 1))) for b in range(4)]
    block_rows = [[0] * 5 for _ in blocks]
    for person in people:
        birth = person.birth
        age = age_or_none(birth, measured)
        if age is not None and 18 <= age <= 24:
            young += 1
            young_foster += person.foster
            young_housing += person.housing
            young_plan += person.aftercare_plan
        turns18 = birthday(birth, 18) if birth is not None else None
        if turns18 is not None and measured < turns18 <= horizon:
            b = next(n for n, (a, z) in enumerate(blocks) if a < turns18 <= z)
            row = block_rows[b]
            row[0] += 1
            row[1] += person.foster
            row[2] += person.institution
            row[3] += person.care
            row[4] += person.offer_sent
    young_table = Table(
        "Unge 18–24 år med tiltak på måledato", ["Beskrivelse", "Antall"],
        [["Unge 18–24 år med tiltak (ettervern)", young],
         ["herav i fosterhjem", young_foster],
         ["herav med bolig- eller botiltak (hovedgruppe 8)", young_housing],
         ["herav med aktiv tiltaksplan for ettervern (plantype 5)", young_plan]],
        f"Alder og aktive tiltak {fmt(measured)}.", "ettervern_unge")
    labels = [f"{fmt(a + timedelta(days=1))}–{fmt(z)}" for a, z in blocks]
    rows = [[f"Fyller 18 år {label}", *row] for label, row in zip(labels, block_rows, strict=True)]
    rows.append([f"I alt fram til {fmt(horizon)}",
                 *[sum(r[c] for r in block_rows) for c in range(5)]])
    turning_table = Table(
        "Barn med tiltak som fyller 18 år de neste 12 månedene",
        ["Tidsrom", "Barn med tiltak", "herav i fosterhjem", "herav i institusjon",
         "herav med omsorgstiltak", "herav tilbud om ettervern sendt"], rows,
        "For planlegging av ettervern (bvl § 3-6). Barn med aktivt tiltak på måledatoen; "
        "tidsrommene regnes fra dagen etter måledatoen.", "ettervern_18")
    return young_table, turning_table


# --- Saksmengde -----------------------------------------------------------------------------------


UNASSIGNED = "(ikke tildelt)"


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


def saksmengde_tables(cases: Sequence[CaseFile], measured: date,
                      deadlines_of: DeadlinesOf) -> tuple[Table, ...]:
    return saksmengde_tables_from(count_workload(cases, measured, deadlines_of), measured)


def saksmengde_tables_from(workload: Workload, measured: date) -> tuple[Table, ...]:
    """The Saksmengde table from the counts per caseworker (``count_workload``); names that are
    the same without surrounding spaces are one caseworker, an empty name «(ikke tildelt)»."""
    merged: dict[str, list[int]] = {}
    for name, counts in workload.items():
        total = merged.setdefault(name.strip() or UNASSIGNED, [0, 0, 0, 0])
        for c, n in enumerate(counts):
            total[c] += n
    rows = [[who, *merged[who]]
            for who in sorted(merged, key=lambda w: (w == UNASSIGNED, w.casefold()))]
    table = Table(
        "Saker og frister per saksbehandler",
        ["Saksbehandler", "Aktive saker", "Åpne frister", "herav forfalt", "herav forfaller snart"],
        rows,
        f"Aktive saker {fmt(measured)} etter saksbehandler. Åpne frister: lovfrister som ikke var "
        "oppfylt på måledatoen; lokale frister (interne tidsstandarder) er ikke med.",
        "saksmengde")
    return (table,)


def case_active(case: CaseFile, day: date) -> bool:
    s = case.sak
    return s.startdato <= day and (s.sluttdato is None or s.sluttdato >= day)
