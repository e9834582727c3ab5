"""Tests for core.periods: constructors, Norwegian labels, parsing, previous/last year, splits."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.periods import (
    REPORT_FIRST,
    REPORT_LAST,
    REPORT_MAX_YEARS,
    Period,
    check_report_period,
    date_range,
    half_year,
    month,
    parse_period,
    quarter,
    tertial,
    year,
)


def test_constructors_and_norwegian_labels() -> None:
    assert month(2026, 10) == Period(date(2026, 10, 1), date(2026, 10, 31), "oktober 2026",
                                     "month", 10)
    assert month(2028, 2).end == date(2028, 2, 29)
    assert tertial(2026, 2).label == "2. tertial 2026"
    assert (tertial(2026, 2).start, tertial(2026, 2).end) == (date(2026, 5, 1), date(2026, 8, 31))
    assert half_year(2026, 1).label == "1. halvår 2026"
    assert (half_year(2026, 2).start, half_year(2026, 2).end) == (date(2026, 7, 1),
                                                                  date(2026, 12, 31))
    assert year(2026).label == "2026"
    assert quarter(2026, 3).label == "3. kvartal 2026"
    r = date_range(date(2026, 1, 1), date(2026, 3, 31))
    assert r.label == "01.01.2026–31.03.2026"
    assert r.days == 90


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-10", month(2026, 10)),
    ("2026-01", month(2026, 1)),
    ("2026-T2", tertial(2026, 2)),
    ("2026-t3", tertial(2026, 3)),
    ("2026-H1", half_year(2026, 1)),
    ("2026", year(2026)),
    (" 2026-K4 ", quarter(2026, 4)),
    ("2026-01-01..2026-03-31", date_range(date(2026, 1, 1), date(2026, 3, 31))),
])
def test_parse_period(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", "okt 2026", "2026-13", "2026-T4", "2026-H3", "26-10",
                                  "2026-02-30..2026-03-31", "2026-03-31..2026-01-01",
                                  "2026-01-01.."])
def test_parse_period_rejects_with_norwegian_message(text: str) -> None:
    with pytest.raises(ValueError, match=r"Ugyldig periode|sluttdato er før"):
        parse_period(text)


@pytest.mark.parametrize("text", ["1900-K2", "1900", "1992-12", "2101", "2101-H1", "3000-10",
                                  "0001-01-01..9999-12-31", "1992-12-31..1993-01-31",
                                  "2100-12-01..2101-01-01"])
def test_parse_period_says_the_supported_range(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_period(text)
    assert str(refused.value) == (f"Ugyldig periode «{text}»: rapporter kan lages for perioder "
                                  f"mellom 01.01.1993 og 31.12.2100")


def test_report_periods_at_the_limits() -> None:
    assert (REPORT_FIRST, REPORT_LAST, REPORT_MAX_YEARS) == (date(1993, 1, 1),
                                                               date(2100, 12, 31), 5)
    assert parse_period("1993-01") == month(1993, 1)
    assert parse_period("2100-K4") == quarter(2100, 4)
    longest = date_range(date(2096, 1, 1), date(2100, 12, 31))
    assert parse_period("2096-01-01..2100-12-31") == longest == check_report_period(longest)
    with pytest.raises(ValueError, match=r"«2020-01-01\.\.2025-01-01»: en rapport kan dekke "
                                         r"høyst 5 år"):
        parse_period("2020-01-01..2025-01-01")
    with pytest.raises(ValueError, match=r"^Ugyldig periode 01\.01\.2020–31\.12\.2026: en rapport "
                                         r"kan dekke høyst 5 år$"):
        check_report_period(date_range(date(2020, 1, 1), date(2026, 12, 31)))


@given(st.dates(REPORT_FIRST, REPORT_LAST), st.integers(0, 5 * 366),
       st.sampled_from(["range", "month", "quarter", "tertial", "half", "year"]))
def test_every_report_period_compares_within_the_target_years(start: date, length: int,
                                                              kind: str) -> None:
    """The report looks up targets (1900–2200) for up to 12 earlier periods, and compares with
    the previous period and the same period last year: none of it may fail for a period that
    is accepted."""
    from service.reports import _years

    if kind == "range":
        period = date_range(start, min(start + timedelta(days=length), REPORT_LAST))
    else:
        period = {"month": month(start.year, start.month),
                  "quarter": quarter(start.year, (start.month - 1) // 3 + 1),
                  "tertial": tertial(start.year, (start.month - 1) // 4 + 1),
                  "half": half_year(start.year, (start.month - 1) // 6 + 1),
                  "year": year(start.year)}[kind]
    try:
        check_report_period(period)
    except ValueError as refused:  # within the years by construction: only too long
        assert "høyst 5 år" in str(refused) and period.kind == "range"
        return
    period.previous()
    period.same_last_year()
    assert all(1900 <= y <= 2200 for y in _years(period, 12))


def test_previous_is_the_same_kind_immediately_before() -> None:
    assert month(2026, 1).previous() == month(2025, 12)
    assert month(2026, 10).previous() == month(2026, 9)
    assert tertial(2026, 1).previous() == tertial(2025, 3)
    assert tertial(2026, 3).previous() == tertial(2026, 2)
    assert half_year(2026, 1).previous() == half_year(2025, 2)
    assert year(2026).previous() == year(2025)
    assert quarter(2026, 1).previous() == quarter(2025, 4)
    r = date_range(date(2026, 3, 1), date(2026, 3, 10))
    assert r.previous() == date_range(date(2026, 2, 19), date(2026, 2, 28))


def test_same_last_year() -> None:
    assert month(2026, 10).same_last_year() == month(2025, 10)
    assert tertial(2026, 2).same_last_year() == tertial(2025, 2)
    assert half_year(2026, 2).same_last_year() == half_year(2025, 2)
    assert year(2026).same_last_year() == year(2025)
    leap = date_range(date(2024, 2, 1), date(2024, 2, 29))
    assert leap.same_last_year() == date_range(date(2023, 2, 1), date(2023, 2, 28))


def test_quarters_and_months_are_clipped_to_the_period() -> None:
    assert [q.label for q in year(2025).quarters()] == [
        "1. kvartal 2025", "2. kvartal 2025", "3. kvartal 2025", "4. kvartal 2025"]
    t1 = tertial(2026, 1).quarters()
    assert [(q.start, q.end) for q in t1] == [(date(2026, 1, 1), date(2026, 3, 31)),
                                              (date(2026, 4, 1), date(2026, 4, 30))]
    assert t1[1].label == "2. kvartal 2026 (01.04–30.04)"
    assert len(month(2026, 10).quarters()) == 1
    months = date_range(date(2026, 1, 15), date(2026, 3, 10)).months()
    assert [(m.start, m.end) for m in months] == [
        (date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 10))]
    assert [m.label for m in year(2026).months()][:2] == ["januar 2026", "februar 2026"]


@given(st.dates(date(1990, 1, 1), date(2100, 1, 1)), st.integers(0, 800))
def test_range_splits_cover_the_period_exactly(start: date, length: int) -> None:
    period = date_range(start, start + timedelta(days=length))
    for parts in (period.months(), period.quarters()):
        assert parts[0].start == period.start and parts[-1].end == period.end
        for a, b in itertools.pairwise(parts):
            assert b.start == a.end + timedelta(days=1)
    prev = period.previous()
    assert prev.days == period.days and prev.end == period.start - timedelta(days=1)


@given(st.sampled_from(["month", "tertial", "half", "year", "quarter"]),
       st.integers(1950, 2150), st.integers(1, 12))
def test_previous_units_tile_backwards(kind: str, y: int, n: int) -> None:
    factory = {"month": (month, 12), "tertial": (tertial, 3), "half": (half_year, 2),
               "quarter": (quarter, 4)}
    p = year(y) if kind == "year" else factory[kind][0](y, (n - 1) % factory[kind][1] + 1)
    assert p.previous().end == p.start - timedelta(days=1)
    assert p.previous().kind == p.kind
    assert p.same_last_year().start.year == p.start.year - 1
