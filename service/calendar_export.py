"""Open deadlines as an iCalendar file for Outlook: ``export_calendar(reg, path, ...)``.

A saksbehandler exports their own deadlines only; a leder anyone's, a team's or all. The events
hold the journal number, what is due, the hjemmel and the date — no names, no fødselsnummer
(``core.calendar_events``). The file is written atomically in the same transaction as its audit
row («kalender_eksportert», with counts and choices, never case content), so a file is never
written without its log entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from core.access import OWN_CASES_ONLY, Action
from core.calendar_events import CalendarEntry, calendar_entry
from core.dates import fmt
from core.rules import CATALOGUE, Rule
from service import milestones
from service.register import Register, guarded
from service.reports import check_target, xlsx_path
from storage.calendar_file import write_calendar
from storage.errors import ReadOnlyError

SUFFIX = ".ics"
#: How far ahead ``--dager`` may reach (ten years).
MAX_DAYS = 3660


@dataclass(frozen=True)
class CalendarExport:
    """What was written: the file, the number of events, whose deadlines (None: everyone's)."""

    path: Path
    events: int
    saksbehandler: str | None
    team: str | None


def default_calendar_name(saksbehandler: str | None, team: str | None) -> str:
    """«Fristvakt-frister Kari Nordmann.ics» (no characters Windows refuses)."""
    whose = saksbehandler or (f"team {team}" if team else "alle")
    name = f"Fristvakt-frister {whose}{SUFFIX}"
    return "".join("-" if c in '<>:"/\\|?*' else c for c in name)


def calendar_path(path: str | Path, saksbehandler: str | None, team: str | None) -> Path:
    """The file meant by ``path`` (a folder gets the standard name; no type gets «.ics»);
    WorkbookError (Norwegian) for a folder that is missing or a name with another type."""
    target = xlsx_path(path, default_calendar_name(saksbehandler, team), suffix=SUFFIX)
    check_target(target, suffix=SUFFIX, what="Kalenderen skrives som iCalendar-fil")
    return target


def _whose(reg: Register, saksbehandler: str | None, team: str | None) -> str | None:
    """The caseworker whose deadlines are exported: a saksbehandler's own (asking for someone
    else's or a team's is refused and logged); for a leder the one asked for (None: all)."""
    names = {c.navn for c in reg.caseworkers()}
    if saksbehandler is not None and saksbehandler not in names:
        raise ValueError(f"Ukjent saksbehandler «{saksbehandler}»")
    if team is not None and team not in {c.team for c in reg.caseworkers()}:
        raise ValueError(f"Ukjent team «{team}»")
    if reg.role not in OWN_CASES_ONLY:
        return saksbehandler
    own = reg.user.saksbehandler
    if not own:
        raise ValueError("Brukeren din er ikke knyttet til en saksbehandler; be en leder om å "
                         "knytte den under Innstillinger → Brukere")
    if (saksbehandler is not None and saksbehandler != own) or team is not None:
        raise reg._deny(Action.VIEW_DEADLINES, None,
                        "Du kan bare eksportere dine egne frister til kalenderen")
    return own


@guarded
def export_calendar(reg: Register, path: str | Path, *, saksbehandler: str | None = None,
                    team: str | None = None, days: int | None = None,
                    source: str = "app") -> CalendarExport:
    """Write the open deadlines of ``saksbehandler`` (or ``team``; a leder's None: everyone's)
    due within ``days`` (None: all open ones, overdue included) as an .ics file and log it.

    Raises AccessDenied (logged) for a saksbehandler asking for others' deadlines, ValueError
    for an unknown caseworker or a bad number of days, WorkbookError when the file cannot be
    written; nothing is logged and no file is left behind then.
    """
    reg._require(Action.VIEW_DEADLINES)
    if reg.readonly:  # an export must be logged
        raise ReadOnlyError("Registeret er åpnet skrivebeskyttet; en eksport kan ikke logges og "
                            "tas derfor ikke")
    if days is not None and not 0 <= days <= MAX_DAYS:
        raise ValueError(f"Antall dager må være mellom 0 og {MAX_DAYS}")
    worker = _whose(reg, saksbehandler, team)
    if worker is not None:
        team = None
    target = calendar_path(path, worker, team)
    today = reg.today()
    horizon = today + timedelta(days=days) if days is not None else None
    repo = reg.repository_for_report()
    rules = _rules(reg)
    with reg._writing():
        rows = repo.open_deadlines(today, saksbehandler=worker, team=team, horizon=horizon)
        namespace = str(repo.ssb_namespace())
        entries: list[CalendarEntry] = []
        for row in rows:
            rule = rules.get(row.rule_id)
            entries.append(calendar_entry(row.deadline, row.journalnummer,
                                          rule.label if rule else row.rule_id,
                                          rule.hjemmel if rule and not rule.lokal else "",
                                          namespace))
        reg.audit_in("kalender_eksportert", objekt=target.name, hendelser=len(entries),
                     omfang=_scope_text(worker, team), dager=days, kilde=source,
                     dato=today.isoformat())
        whose = worker or (f"team {team}" if team else "alle saksbehandlere")
        write_calendar(entries, target, name=f"Fristvakt – frister for {whose} per {fmt(today)}",
                       now=reg._now())
    return CalendarExport(target, len(entries), worker, team)


def _scope_text(worker: str | None, team: str | None) -> str:
    """The audit row's scope (a caseworker is staff, not a person the register is about)."""
    if worker is not None:
        return f"saksbehandler {worker}"
    return f"team {team}" if team else "alle"


def _rules(reg: Register) -> dict[str, Rule]:
    """The rules behind the deadlines: the catalogue and the register's local milestones."""
    return {**{r.id: r for r in CATALOGUE}, **milestones.local_rules(reg)}
