"""Plain records the repository returns beside the domain types of ``core.model``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.deadlines import Deadline, Status


@dataclass(frozen=True)
class Caseworker:
    """A saksbehandler (a login-independent display name is the key)."""

    navn: str
    team: str = ""
    aktiv: bool = True
    er_leder: bool = False


@dataclass(frozen=True)
class ParamChange:
    """One recorded change of a setting: who changed it, when, from what to what."""

    key: str
    old: int | bool | None
    new: int | bool
    endret_av: str
    endret_tid: datetime


@dataclass(frozen=True)
class CaseVersion:
    """A case's stored version: bumped by every write transaction that changes its content,
    with the user name that wrote it and when (None for a case nobody has changed since
    migration 14)."""

    versjon: int
    endret_av: str
    endret_tid: datetime | None


@dataclass(frozen=True)
class ExportRecord:
    """One row of the export log (eksportlogg)."""

    id: int
    tidspunkt: datetime
    bruker: str
    profil: str
    periode_fra: date | None
    periode_til: date | None
    valg: dict[str, Any]
    filnavn: str


@dataclass(slots=True)
class DeadlineRow:
    """An open deadline with the case facts a list shows, and its status on a given day.

    Not frozen: a frozen dataclass takes twice as long to build, and the overdue list builds
    one per row (nothing changes a row once built)."""

    deadline: Deadline
    navn: str
    journalnummer: str
    saksbehandler: str
    team: str
    status: Status
    days_left: int

    @property
    def rule_id(self) -> str:
        return self.deadline.rule_id

    @property
    def sak_id(self) -> int:
        return self.deadline.sak_id

    @property
    def frist(self) -> date:
        return self.deadline.frist

    @property
    def forklaring(self) -> str:
        return self.deadline.forklaring
