"""Deadlines (frister): what the rule catalogue produces, and their status on a given day.

A stored deadline does not depend on ``today``: it holds the due date, the first day of the
warning window and when (if ever) it was met. The status is derived for a given day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    """Display status of a deadline on a given day (RULES.md)."""

    APEN = "apen"
    SNART = "snart"
    FORFALT = "forfalt"
    OPPFYLT = "oppfylt"
    SENT = "sent"
    IKKE_OPPFYLT = "ikke_oppfylt"
    UKJENT = "ukjent"  # not known whether or when it was met (facts imported without the date)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self in (Status.APEN, Status.SNART, Status.FORFALT)

    @property
    def is_breach(self) -> bool:
        """Fristbrudd: overdue, met late, or closed without being met."""
        return self in (Status.FORFALT, Status.SENT, Status.IKKE_OPPFYLT)


STATUS_LABELS = {
    Status.APEN: "åpen",
    Status.SNART: "forfaller snart",
    Status.FORFALT: "forfalt",
    Status.OPPFYLT: "oppfylt",
    Status.SENT: "oppfylt for sent",
    Status.IKKE_OPPFYLT: "ikke oppfylt",
    Status.UKJENT: "ukjent (importert)",
}


@dataclass(frozen=True, slots=True)
class Deadline:
    """One computed deadline for one thing in a case.

    ``gjelder``/``gjelder_id`` name the thing it concerns (melding, undersokelse, vedtak, tiltak,
    plan or sak); ``seq`` numbers recurring deadlines (evaluations, visits) for the same thing.
    ``ikke_oppfylt_dato`` is set when the obligation ended (e.g. the measure ended) unmet.
    ``ukjent``: whether it was met is not known (the facts came from a file that does not carry
    the date); until a date is registered it is neither open, overdue nor met.
    """

    rule_id: str
    sak_id: int
    gjelder: str
    gjelder_id: int
    seq: int
    frist: date
    varsel_fra: date
    forklaring: str
    oppfylt_dato: date | None = None
    ikke_oppfylt_dato: date | None = None
    lokal: bool = False
    ukjent: bool = False

    @property
    def key(self) -> tuple[str, str, int, int]:
        return (self.rule_id, self.gjelder, self.gjelder_id, self.seq)

    def status(self, today: date) -> Status:
        """Status on ``today``: met on or before the due date is in time, overdue from the day
        after."""
        if self.oppfylt_dato is not None:
            return Status.OPPFYLT if self.oppfylt_dato <= self.frist else Status.SENT
        if self.ukjent:
            return Status.UKJENT
        if self.ikke_oppfylt_dato is not None:
            return Status.IKKE_OPPFYLT
        if today > self.frist:
            return Status.FORFALT
        if today >= self.varsel_fra:
            return Status.SNART
        return Status.APEN

    def days_left(self, today: date) -> int:
        """Days until the due date (negative when overdue)."""
        return (self.frist - today).days
