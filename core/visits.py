"""Foster-home visit requirements: pro-rated required visits for any period (RULES.md)."""

from __future__ import annotations

import calendar
import itertools
import math
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from core.model import CaseFile, Tiltak, VisitKind
from core.rules import frequency_on


@dataclass(frozen=True)
class VisitSummary:
    """Visits owed and done for one foster-home tiltak and one kind in a period."""

    tiltak_id: int
    kind: VisitKind
    days_placed: int
    required_exact: Fraction
    done: int

    @property
    def required(self) -> int:
        """Required visits, rounded up (placed 2 of 6 months at 4/year: 0.67 → 1)."""
        return math.ceil(self.required_exact)

    @property
    def compliant(self) -> bool:
        return self.done >= self.required


def placed_interval(t: Tiltak, start: date, end: date) -> tuple[date, date] | None:
    """The part of [start, end] (inclusive) during which the tiltak ran, or None."""
    first = max(start, t.startdato)
    last = min(end, t.sluttdato) if t.sluttdato else end
    return (first, last) if first <= last else None


def required_visits(t: Tiltak, kind: VisitKind, start: date, end: date) -> Fraction:
    """Visits owed in [start, end]: for each day placed, the yearly frequency in force / days in
    that year. Honours frequency changes and leap years; not rounded."""
    span = placed_interval(t, start, end)
    if span is None:
        return Fraction(0)
    first, last = span
    history = t.frequency(kind)
    cuts = {f.startdato for f in history if first < f.startdato <= last}
    cuts |= {date(y, 1, 1) for y in range(first.year + 1, last.year + 1)}
    bounds = [first, *sorted(cuts), last + timedelta(days=1)]
    total = Fraction(0)
    for a, b in itertools.pairwise(bounds):
        days_in_year = 366 if calendar.isleap(a.year) else 365
        total += Fraction(frequency_on(history, a) * (b - a).days, days_in_year)
    return total


def visit_summary(case: CaseFile, t: Tiltak, kind: VisitKind, start: date,
                  end: date) -> VisitSummary:
    """Required (pro-rated) and done visits of one kind for one tiltak in [start, end]."""
    span = placed_interval(t, start, end)
    days = (span[1] - span[0]).days + 1 if span else 0
    done = sum(1 for d in case.visits(t.id, kind) if span and span[0] <= d <= span[1])
    return VisitSummary(t.id or 0, kind, days, required_visits(t, kind, start, end), done)
