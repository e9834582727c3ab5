"""Foster-home visit requirements: pro-rated required visits for any period (RULES.md).

Visits are pro-rated in months: required = ⌈N × M / 12⌉, where M is the months placed in the
period, each calendar month wholly covered counting 1 and a partly covered month counting the
days placed in it / the days in that month. With a frequency change the frequency in force
applies to each day. Fractions are exact, so a whole period owes exactly its share.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from core.dates import add_months
from core.model import CaseFile, Frequency, Tiltak, VisitKind
from core.rules import DEFAULT_VISITS_PER_YEAR

ONE_DAY = timedelta(days=1)


class _Owed:
    """Visits owed (exact) and done; ``required`` rounds up (placed 2 of 6 months at 4/year:
    0.67 → 1; for a child, every foster home is summed first)."""

    required_exact: Fraction
    done: int

    @property
    def required(self) -> int:
        return math.ceil(self.required_exact)

    @property
    def compliant(self) -> bool:
        return self.done >= self.required


@dataclass(frozen=True)
class VisitSummary(_Owed):
    """Visits owed and done for one foster-home tiltak and one kind in a period."""

    tiltak_id: int
    kind: VisitKind
    days_placed: int
    months_placed: Fraction
    required_exact: Fraction
    done: int


@dataclass(frozen=True)
class ChildVisits(_Owed):
    """Visits owed and done for one child over all its foster-home tiltak in an interval."""

    required_exact: Fraction
    done: int


#: Visits of periods shorter than this are judged over this many months ending on the period's
#: last day.
VISIT_WINDOW_MONTHS = 12


def placed_interval(t: Tiltak, start: date, end: date) -> tuple[date, date] | None:
    """The part of [start, end] (inclusive) during which the tiltak ran, or None."""
    first = max(start, t.startdato)
    last = min(end, t.sluttdato) if t.sluttdato else end
    return (first, last) if first <= last else None


#: A month in units that a day of any month divides: lcm(28, 29, 30, 31). Months placed are
#: counted in whole units of 1/MONTH_UNITS month and visits owed in 1/YEAR_UNITS visit, so the
#: sums are exact integers (a Fraction is made only at the end).
MONTH_UNITS = 377_580
YEAR_UNITS = 12 * MONTH_UNITS  # visits owed = per_aar × months / 12
_DAY_UNITS = {n: MONTH_UNITS // n for n in (28, 29, 30, 31)}
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]


def month_units(first: date, last: date) -> int:
    """The months in [first, last] in units of 1/MONTH_UNITS: a whole calendar month counts 1,
    a part month the days in it / the days of that month."""
    if last < first:
        return 0
    in_first = _days_in(first.year, first.month)
    if first.year == last.year and first.month == last.month:
        return (last.day - first.day + 1) * _DAY_UNITS[in_first]
    in_last = _days_in(last.year, last.month)
    between = (last.year - first.year) * 12 + last.month - first.month - 1
    return ((in_first - first.day + 1) * _DAY_UNITS[in_first] + between * MONTH_UNITS
            + last.day * _DAY_UNITS[in_last])


def required_units(history: Sequence[Frequency], first: date, last: date) -> int:
    """Visits owed in [first, last] in units of 1/YEAR_UNITS visit: the frequency in force
    (``history``; before its first entry, or without one, the standard 4) times the months of
    each stretch between frequency changes."""
    ordered = sorted(history, key=lambda f: f.startdato)
    per_year = DEFAULT_VISITS_PER_YEAR
    for f in ordered:
        if f.startdato <= first:
            per_year = f.per_aar
    total, start = 0, first
    for f in ordered:
        if first < f.startdato <= last:
            total += per_year * month_units(start, f.startdato - ONE_DAY)
            start, per_year = f.startdato, f.per_aar
    return total + per_year * month_units(start, last)


def months_placed(t: Tiltak, start: date, end: date) -> Fraction:
    """Months the tiltak ran in [start, end]: 1 per whole calendar month, days/days-in-month for
    a part month (16 Nov–31 Dec = 15/30 + 1 = 3/2)."""
    span = placed_interval(t, start, end)
    return Fraction(month_units(*span), MONTH_UNITS) if span else Fraction(0)


def required_visits(t: Tiltak, kind: VisitKind, start: date, end: date) -> Fraction:
    """Visits owed in [start, end], not rounded: N × M / 12 with M the months placed, the
    frequency N in force applying to each day (RULES.md "Statistics semantics")."""
    span = placed_interval(t, start, end)
    if span is None:
        return Fraction(0)
    return Fraction(required_units(t.frequency(kind), *span), YEAR_UNITS)


def visit_summary(case: CaseFile, t: Tiltak, kind: VisitKind, start: date,
                  end: date) -> VisitSummary:
    """Required (pro-rated) and done visits of one kind for one tiltak in [start, end]."""
    span = placed_interval(t, start, end)
    days = (span[1] - span[0]).days + 1 if span else 0
    done = sum(1 for d in case.visits(t.id, kind) if span and span[0] <= d <= span[1])
    return VisitSummary(t.id or 0, kind, days, months_placed(t, start, end),
                        required_visits(t, kind, start, end), done)


def visit_window(start: date, end: date) -> tuple[date, date]:
    """The interval over which visits are judged for the period [start, end]: the period itself
    when it spans a year or more, else the 12 months ending on ``end`` (a rolling year: four
    visits a year cannot be judged in one month)."""
    return min(start, add_months(end + ONE_DAY, -VISIT_WINDOW_MONTHS)), end


def foster_homes(case: CaseFile, start: date, end: date) -> list[Tiltak]:
    """The case's foster-home tiltak (``FOSTERHJEM_CODES``) that ran at least one day in
    [start, end]."""
    return [t for t in case.tiltak if t.er_fosterhjem and placed_interval(t, start, end)]


def child_visits(case: CaseFile, kind: VisitKind, start: date, end: date,
                 homes: Sequence[Tiltak] | None = None) -> ChildVisits:
    """Visits of one kind owed and done for one child in [start, end], all its foster homes
    (or the given ``homes``) summed before rounding up."""
    homes = foster_homes(case, start, end) if homes is None else homes
    summaries = [visit_summary(case, t, kind, start, end) for t in homes]
    return ChildVisits(sum((s.required_exact for s in summaries), start=Fraction(0)),
                       sum(s.done for s in summaries))
