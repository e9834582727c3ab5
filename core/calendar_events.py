"""What a deadline looks like as a calendar event (iCalendar for Outlook), as plain data.

An event says only what is due (the rule's label), where it stands in law (hjemmel), the case's
journal number and the due date — never a child's name, fødselsnummer, birth date or the
explanation of the date (which can reveal a birth date). The UID is the deadline's own key in
the register's namespace, so importing a newer file updates the event instead of adding a twin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.dates import fmt
from core.deadlines import Deadline

#: The hjemmel shown for a local milestone (a service's own time standard, not law).
LOCAL_HJEMMEL = "Intern frist (lokal rutine, ikke lovkrav)"


@dataclass(frozen=True)
class CalendarEntry:
    """One all-day event: ``due`` the date, ``alarm_days`` before it a reminder (None: none)."""

    uid: str
    due: date
    summary: str
    description: str
    alarm_days: int | None


def deadline_uid(deadline: Deadline, namespace: str) -> str:
    """The stable UID of a deadline: its key (rule, thing, id, sequence) in ``namespace``."""
    rule_id, gjelder, gjelder_id, seq = deadline.key
    return f"frist-{rule_id}-{gjelder}-{gjelder_id}-{seq}-{namespace}@fristvakt"


def calendar_entry(deadline: Deadline, journalnummer: str, label: str, hjemmel: str,
                   namespace: str) -> CalendarEntry:
    """The event of one open deadline; the alarm follows the register's warning window."""
    if deadline.lokal and not hjemmel:
        hjemmel = LOCAL_HJEMMEL
    lines = [f"Journalnummer: {journalnummer}", f"Frist: {fmt(deadline.frist)}",
             f"Hva: {label}"]
    if hjemmel:
        lines.append(f"Hjemmel: {hjemmel}")
    if deadline.lokal:
        lines.append("Intern frist – telles ikke som fristbrudd.")
    lines.append("Fra Fristvakt. Åpne saken i Fristvakt for detaljer.")
    warn = (deadline.frist - deadline.varsel_fra).days
    return CalendarEntry(uid=deadline_uid(deadline, namespace), due=deadline.frist,
                         summary=f"{label} – {journalnummer}", description="\n".join(lines),
                         alarm_days=warn if warn > 0 else None)
