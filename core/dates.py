"""Date arithmetic for deadlines (fristberegning), as RULES.md prescribes."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


@lru_cache(maxsize=1 << 16)  # pure and hot: recomputes ask for the same dates many times
def add_months(day: date, months: int) -> date:
    """Add calendar months per domstolloven § 148 (2): same day number, else the month's last
    day."""
    return day + relativedelta(months=months)


@lru_cache(maxsize=64)
def _norwegian_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NO", years=year))


def is_working_day(day: date) -> bool:
    """Monday–Friday and not a Norwegian public holiday."""
    return day.weekday() < 5 and day not in _norwegian_holidays(day.year)


def next_working_day(day: date) -> date:
    """The day itself if it is a working day, else the next one (domstolloven § 149)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def fmt(day: date | None) -> str:
    """Norwegian date format dd.mm.åååå; empty for None."""
    return day.strftime("%d.%m.%Y") if day else ""


def parse_norwegian_date(text: str) -> date:
    """Parse dd.mm.åååå (or ISO åååå-mm-dd); raises ValueError with a Norwegian message."""
    text = text.strip()
    try:
        if "." in text:
            dd, mm, yyyy = text.split(".")
            if len(yyyy) != 4:
                raise ValueError
            return date(int(yyyy), int(mm), int(dd))
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Ugyldig dato «{text}» (bruk dd.mm.åååå)") from None
