"""The iCalendar file (.ics) of open deadlines, for Outlook and other calendars.

One all-day VEVENT per deadline (``core.calendar.CalendarEntry``), with a VALARM at the start of
the warning window. The file is written atomically and private (temporary file + rename, as the
workbook is): a failed write leaves nothing behind and never half a calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.calendar_events import CalendarEntry

PRODID = "-//Fristvakt//Frister//NO"
#: SEQUENCE counts minutes from here: a newer export of the same deadline has a higher one, so
#: a calendar accepts the moved date as an update.
_SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def build_calendar(entries: Sequence[CalendarEntry], *, name: str, now: datetime) -> bytes:
    """The calendar as iCalendar bytes (RFC 5545); ``now`` stamps every event."""
    # icalendar (and openpyxl, below) only when a calendar is written: not at start-up.
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = now.astimezone(UTC).replace(microsecond=0)
    sequence = max(0, int((stamp - _SEQUENCE_EPOCH).total_seconds() // 60))
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("sequence", sequence)
        event.add("dtstart", entry.due)
        event.add("dtend", entry.due + timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("description", entry.description)
        event.add("categories", ["Fristvakt"])
        event.add("transp", "TRANSPARENT")  # a deadline does not make the day busy
        event.add("class", "PRIVATE")
        if entry.alarm_days is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", entry.summary)
            alarm.add("trigger", timedelta(days=-entry.alarm_days))
            event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


def write_calendar(entries: Sequence[CalendarEntry], path: Path, *, name: str,
                   now: datetime) -> None:
    """Write the calendar to ``path`` atomically; WorkbookError (Norwegian) when it cannot."""
    from storage.workbook import write_bytes_atomic

    write_bytes_atomic(build_calendar(entries, name=name, now=now), Path(path), ".ics.tmp")
