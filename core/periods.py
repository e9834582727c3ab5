"""Report periods (rapporteringsperioder): month, tertial, half-year, year or any date range.

Pure value objects with Norwegian labels. A period is inclusive at both ends. ``previous()`` is
the period of the same kind immediately before; ``same_last_year()`` the same period one year
earlier. Month arithmetic uses ``core.dates.add_months`` (domstolloven § 148 (2)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from core.dates import add_months, fmt

__all__ = [
    "MONTH_NAMES",
    "REPORT_FIRST",
    "REPORT_LAST",
    "REPORT_MAX_YEARS",
    "Period",
    "check_report_period",
    "date_range",
    "half_year",
    "month",
    "parse_period",
    "quarter",
    "tertial",
    "year",
]

MONTH_NAMES = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
               "september", "oktober", "november", "desember")

# kind -> months per unit
_UNIT_MONTHS = {"month": 1, "quarter": 3, "tertial": 4, "half": 6, "year": 12}

#: Report periods lie within these days: from barnevernloven 1992's first day in force up to the
#: end of 2100. A date range is at most REPORT_MAX_YEARS long, so that the report's comparisons
#: (previous period, same period last year, up to 12 earlier periods) stay within 1900–2200,
#: the years targets (målsettinger) can be set for.
REPORT_FIRST, REPORT_LAST = date(1993, 1, 1), date(2100, 12, 31)
REPORT_MAX_YEARS = 5

PERIOD_HELP = ("bruk f.eks. 2026-10 (måned), 2026-T2 (tertial), 2026-H1 (halvår), "
               "2026-K3 (kvartal), 2026 (år) eller 2026-01-01..2026-03-31")


@dataclass(frozen=True)
class Period:
    """An inclusive date interval with a Norwegian label.

    ``kind`` is "month", "quarter", "tertial", "half", "year" or "range"; ``number`` is the
    month/quarter/tertial/half number within the year (0 for years and ranges).
    """

    start: date
    end: date
    label: str
    kind: str = "range"
    number: int = 0

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("Periodens sluttdato er før startdatoen")

    def __str__(self) -> str:
        return self.label

    @property
    def days(self) -> int:
        """Number of days in the period (both ends included)."""
        return (self.end - self.start).days + 1

    @property
    def dates_text(self) -> str:
        """``"01.01.2026–31.03.2026"``."""
        return f"{fmt(self.start)}–{fmt(self.end)}"

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def overlaps(self, start: date, end: date | None) -> bool:
        """True if [start, end] (``end`` None = still running) shares a day with the period."""
        return start <= self.end and (end is None or end >= self.start)

    def previous(self) -> Period:
        """The period of the same kind immediately before (a range: the same number of days)."""
        if self.kind == "range":
            end = self.start - timedelta(days=1)
            return date_range(end - timedelta(days=self.days - 1), end)
        return _unit(self.kind, self.start.year, self.number, -1)

    def same_last_year(self) -> Period:
        """The same period one year earlier (29 February → 28 February)."""
        if self.kind == "range":
            return date_range(add_months(self.start, -12), add_months(self.end, -12))
        return _unit(self.kind, self.start.year - 1, self.number, 0)

    def months(self) -> list[Period]:
        """The calendar months touching the period, clipped to it."""
        return self._split(1)

    def quarters(self) -> list[Period]:
        """The calendar quarters touching the period, clipped to it (a year: 4 quarters)."""
        return self._split(3)

    def _split(self, months: int) -> list[Period]:
        result = []
        first_month = (self.start.month - 1) // months * months + 1
        cursor = date(self.start.year, first_month, 1)
        while cursor <= self.end:
            unit = (month(cursor.year, cursor.month) if months == 1
                    else quarter(cursor.year, (cursor.month - 1) // 3 + 1))
            start, end = max(unit.start, self.start), min(unit.end, self.end)
            if (start, end) != (unit.start, unit.end):
                unit = Period(start, end, f"{unit.label} ({start:%d.%m}–{end:%d.%m})",
                              "range")
            result.append(unit)
            cursor = add_months(cursor, months)
        return result


def _unit(kind: str, year_: int, number: int, shift: int) -> Period:
    """The ``number``-th unit of ``kind`` in ``year_``, moved ``shift`` units."""
    per_year = 12 // _UNIT_MONTHS[kind]
    index = (year_ * per_year + (number - 1 if kind != "year" else 0)) + shift
    y, n = divmod(index, per_year)
    factory = {"month": month, "quarter": quarter, "tertial": tertial, "half": half_year}
    return year(y) if kind == "year" else factory[kind](y, n + 1)


def _check_year(y: int) -> None:
    if not 1900 <= y <= 2200:
        raise ValueError(f"Ugyldig år {y}")


def _span(y: int, first_month: int, months: int) -> tuple[date, date]:
    start = date(y, first_month, 1)
    return start, add_months(start, months) - timedelta(days=1)


def month(y: int, m: int) -> Period:
    """A calendar month, label «oktober 2026»."""
    _check_year(y)
    if not 1 <= m <= 12:
        raise ValueError(f"Ugyldig måned {m} (1–12)")
    start, end = _span(y, m, 1)
    return Period(start, end, f"{MONTH_NAMES[m - 1]} {y}", "month", m)


def quarter(y: int, n: int) -> Period:
    """A calendar quarter, label «3. kvartal 2026»."""
    _check_year(y)
    if not 1 <= n <= 4:
        raise ValueError(f"Ugyldig kvartal {n} (1–4)")
    start, end = _span(y, 3 * (n - 1) + 1, 3)
    return Period(start, end, f"{n}. kvartal {y}", "quarter", n)


def tertial(y: int, n: int) -> Period:
    """A tertial (four months), label «2. tertial 2026»."""
    _check_year(y)
    if not 1 <= n <= 3:
        raise ValueError(f"Ugyldig tertial {n} (1–3)")
    start, end = _span(y, 4 * (n - 1) + 1, 4)
    return Period(start, end, f"{n}. tertial {y}", "tertial", n)


def half_year(y: int, n: int) -> Period:
    """A half-year, label «1. halvår 2026»."""
    _check_year(y)
    if n not in (1, 2):
        raise ValueError(f"Ugyldig halvår {n} (1 eller 2)")
    start, end = _span(y, 6 * (n - 1) + 1, 6)
    return Period(start, end, f"{n}. halvår {y}", "half", n)


def year(y: int) -> Period:
    """A calendar year, label «2026»."""
    _check_year(y)
    return Period(date(y, 1, 1), date(y, 12, 31), str(y), "year", 0)


def date_range(a: date, b: date) -> Period:
    """Any inclusive date range, label «01.01.2026–31.03.2026»."""
    if b < a:
        raise ValueError("Periodens sluttdato er før startdatoen")
    return Period(a, b, f"{fmt(a)}–{fmt(b)}", "range", 0)


_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(\d{4})"), "year"),
    (re.compile(r"(\d{4})-(\d{1,2})"), "month"),
    (re.compile(r"(\d{4})-T(\d)", re.IGNORECASE), "tertial"),
    (re.compile(r"(\d{4})-H(\d)", re.IGNORECASE), "half"),
    (re.compile(r"(\d{4})-[KQ](\d)", re.IGNORECASE), "quarter"),
)


_SUPPORTED = f"rapporter kan lages for perioder mellom {fmt(REPORT_FIRST)} og {fmt(REPORT_LAST)}"


def _report_problem(period: Period) -> str | None:
    """Why no report can be made for ``period`` (Norwegian, naming the limit), or None."""
    if period.start < REPORT_FIRST or period.end > REPORT_LAST:
        return _SUPPORTED
    if period.end >= add_months(period.start, 12 * REPORT_MAX_YEARS):
        return f"en rapport kan dekke høyst {REPORT_MAX_YEARS} år"
    return None


def check_report_period(period: Period) -> Period:
    """``period`` if a report can be made for it, else ValueError (Norwegian, naming the
    limits): it must lie within REPORT_FIRST–REPORT_LAST and be at most REPORT_MAX_YEARS long."""
    problem = _report_problem(period)
    if problem is not None:
        raise ValueError(f"Ugyldig periode {period.dates_text}: {problem}")
    return period


def parse_period(text: str) -> Period:
    """Parse «2026-10», «2026-T2», «2026-H1», «2026-K3», «2026» or «2026-01-01..2026-03-31».

    Only periods a report can be made for are accepted (``check_report_period``). Raises
    ValueError with a Norwegian message.
    """
    period = _parse(text)
    problem = _report_problem(period)
    if problem is not None:
        raise ValueError(f"Ugyldig periode «{text.strip()}»: {problem}")
    return period


def _parse(text: str) -> Period:
    """The period ``text`` names; ValueError (Norwegian) if none."""
    raw = text.strip()
    if ".." in raw:
        left, _, right = raw.partition("..")
        try:
            a, b = date.fromisoformat(left.strip()), date.fromisoformat(right.strip())
        except ValueError:
            raise ValueError(f"Ugyldig periode «{raw}» ({PERIOD_HELP})") from None
        return date_range(a, b)
    for pattern, kind in _PATTERNS:
        match = pattern.fullmatch(raw)
        if not match:
            continue
        y = int(match.group(1))
        if not REPORT_FIRST.year <= y <= REPORT_LAST.year:
            raise ValueError(f"Ugyldig periode «{raw}»: {_SUPPORTED}")
        try:
            if kind == "year":
                return year(y)
            factory = {"month": month, "tertial": tertial, "half": half_year, "quarter": quarter}
            return factory[kind](y, int(match.group(2)))
        except ValueError as exc:
            raise ValueError(f"Ugyldig periode «{raw}»: {exc}") from None
    raise ValueError(f"Ugyldig periode «{raw}» ({PERIOD_HELP})")
