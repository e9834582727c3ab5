"""Who may do what: the roles, the actions, and the one matrix the application layer checks.

Roles follow the register's trust model (SECURITY.md): a saksbehandler works on their own cases
and sees the team's deadlines; a leder may do everything; a systemansvarlig runs the register
(users, backups, settings) and sees no case content.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Role(StrEnum):
    SAKSBEHANDLER = "saksbehandler"
    LEDER = "leder"
    SYSTEMANSVARLIG = "systemansvarlig"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: Mapping[Role, str] = MappingProxyType({
    Role.SAKSBEHANDLER: "Saksbehandler",
    Role.LEDER: "Leder",
    Role.SYSTEMANSVARLIG: "Systemansvarlig",
})


class Action(StrEnum):
    """Everything the application layer can be asked to do, named as the audit log names it."""

    VIEW_DEADLINES = "se_frister"
    SEARCH = "sok"
    OPEN_CASE = "apne_sak"
    CREATE = "opprette"
    CHANGE = "endre"
    DELETE = "slette"
    DELETE_CASE = "slette_sak"
    REPORT = "rapport"
    EXPORT = "eksport"
    TARGETS = "maalsettinger"
    SETTINGS = "innstillinger"
    CASEWORKERS = "saksbehandlere"
    USERS = "brukere"
    AUDIT_LOG = "revisjonslogg"
    VERIFY_AUDIT = "kontroller_logg"
    BACKUP = "sikkerhetskopi"
    RESTORE = "gjenopprett"
    RECOMPUTE = "omberegn"
    IMPORT = "import"
    MILESTONES = "interne_frister"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: Mapping[Action, str] = MappingProxyType({
    Action.VIEW_DEADLINES: "se frister",
    Action.SEARCH: "søke etter saker",
    Action.OPEN_CASE: "åpne saken",
    Action.CREATE: "registrere",
    Action.CHANGE: "endre registreringer",
    Action.DELETE: "slette registreringer",
    Action.DELETE_CASE: "slette en hel sak",
    Action.REPORT: "ta ut rapporter",
    Action.EXPORT: "eksportere",
    Action.TARGETS: "endre målsettinger",
    Action.SETTINGS: "endre innstillinger",
    Action.CASEWORKERS: "endre saksbehandlere",
    Action.USERS: "administrere brukere",
    Action.AUDIT_LOG: "se revisjonsloggen",
    Action.VERIFY_AUDIT: "kontrollere revisjonsloggen",
    Action.BACKUP: "ta sikkerhetskopi",
    Action.RESTORE: "gjenopprette fra sikkerhetskopi",
    Action.RECOMPUTE: "beregne fristene på nytt",
    Action.IMPORT: "importere saker",
    Action.MILESTONES: "endre interne frister",
})

_CASEWORK = frozenset({Action.VIEW_DEADLINES, Action.SEARCH, Action.OPEN_CASE, Action.CREATE,
                       Action.CHANGE, Action.DELETE})

#: The role matrix: every action a role may do (anything else is refused and logged).
PERMISSIONS: Mapping[Role, frozenset[Action]] = MappingProxyType({
    Role.SAKSBEHANDLER: _CASEWORK,
    Role.LEDER: frozenset(Action),
    Role.SYSTEMANSVARLIG: frozenset({Action.SETTINGS, Action.CASEWORKERS, Action.USERS,
                                     Action.VERIFY_AUDIT, Action.BACKUP, Action.RESTORE,
                                     Action.RECOMPUTE}),
})

#: Roles limited to their own cases (case content) and their team's deadlines (lists).
OWN_CASES_ONLY = frozenset({Role.SAKSBEHANDLER})


def allowed(role: Role, action: Action) -> bool:
    """Whether ``role`` may do ``action`` at all (case scope is checked separately)."""
    return action in PERMISSIONS[role]


def refusal(role: Role, action: Action) -> str:
    """The Norwegian sentence a refused user is shown."""
    return f"Rollen {role.label.lower()} har ikke tilgang til å {action.label}."


def mask_search(text: str) -> str:
    """A search text as the audit log may keep it: digits after the sixth and letters after the
    first of each word replaced by «*» (a fødselsnummer keeps only its birth date)."""
    out, digits, first = [], 0, True
    for ch in text.strip():
        if ch.isdigit():
            digits += 1
            out.append(ch if digits <= 6 else "*")
            first = False
        elif ch.isalpha():
            out.append(ch if first else "*")
            first = False
        else:
            out.append(ch)
            first = True
            # a number typed in groups («DDMMYY NNNNN») stays one number; a word ends it
            digits = digits if ch.isspace() or ch in "-./" else 0
    return "".join(out)
