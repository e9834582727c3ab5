"""Foster-home visit requirements: pro-rated required visits for any period (RULES.md).

Visits are pro-rated in months: required = ⌈N × M / 12⌉, where M is the months placed in the
period, each calendar month wholly covered counting 1 and a partly covered month counting the
days placed in it / the days in that month. With a frequency change the frequency in force
applies to each day. Fractions are exact, so a whole period owes exactly its share.
"""

from __future__ import annotations

import calendar
import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from core.dates import add_months
from core.model import CaseFile, Frequency, Tiltak, VisitKind
from core.rules import frequency_on

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


def _month_parts(first: date, last: date, history: tuple[Frequency, ...] = (),
                 ) -> Iterator[tuple[date, int, int]]:
    """[first, last] cut at month starts and frequency changes: (part start, days in the part,
    days in its calendar month)."""
    cuts = {f.startdato for f in history if first < f.startdato <= last}
    month = date(first.year, first.month, 1)
    while (month := add_months(month, 1)) <= last:
        cuts.add(month)
    bounds = [first, *sorted(cuts), last + ONE_DAY]
    for a, b in itertools.pairwise(bounds):
        yield a, (b - a).days, _days_in_month(a.year, a.month)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]


def months_placed(t: Tiltak, start: date, end: date) -> Fraction:
    """Months the tiltak ran in [start, end]: 1 per whole calendar month, days/days-in-month for
    a part month (16 Nov–31 Dec = 15/30 + 1 = 3/2)."""
    span = placed_interval(t, start, end)
    if span is None:
        return Fraction(0)
    return _sum_parts((days, in_month) for _, days, in_month in _month_parts(*span))


def required_visits(t: Tiltak, kind: VisitKind, start: date, end: date) -> Fraction:
    """Visits owed in [start, end], not rounded: N × M / 12 with M the months placed, the
    frequency N in force applying to each day (RULES.md "Statistics semantics")."""
    span = placed_interval(t, start, end)
    if span is None:
        return Fraction(0)
    history = t.frequency(kind)
    return _sum_parts((frequency_on(history, a) * days, 12 * in_month)
                      for a, days, in_month in _month_parts(*span, history))


def _sum_parts(parts: Iterable[tuple[int, int]]) -> Fraction:
    """Exact sum of numerator/denominator pairs; the few distinct denominators (month lengths)
    are summed as integers first (one Fraction per month length, not one per month)."""
    by_denominator: dict[int, int] = {}
    for numerator, denominator in parts:
        by_denominator[denominator] = by_denominator.get(denominator, 0) + numerator
    return sum((Fraction(n, d) for d, n in by_denominator.items()), start=Fraction(0))


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
