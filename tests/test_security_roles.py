"""The role matrix, enforced: every action the Register exposes, tried by every role. Allowed
actions work; refused ones raise AccessDenied in Norwegian, change nothing and leave an «avvist»
row in the audit log. A saksbehandler is held to their own cases (and team's deadlines)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from core.access import PERMISSIONS, Action, Role
from core.model import Besok, CodedValue, Melding, Sak, VisitKind
from core.periods import parse_period
from core.report import INDICATOR_SPECS
from service import AccessDenied, Register, milestones
from service.reports import ExportOptions, ReportData, export_report, load_report
from storage.audit import AuditFilter
from storage.errors import StorageError
from storage.records import Caseworker
from storage.users import User
from tests.pg_server import CLUSTER
from tests.security_support import (
    PASSWORD,
    TODAY,
    add_user,
    audit_rows,
    foster_tiltak,
    sign_in_as,
    visit,
)

#: The trust model (SECURITY.md), written out: the matrix in core.access must equal it.
CASEWORK = {Action.VIEW_DEADLINES, Action.SEARCH, Action.OPEN_CASE, Action.CREATE,
            Action.CHANGE, Action.DELETE}
EXPECTED = {
    Role.SAKSBEHANDLER: CASEWORK,
    Role.LEDER: set(Action),
    Role.SYSTEMANSVARLIG: {Action.SETTINGS, Action.CASEWORKERS, Action.USERS,
                           Action.VERIFY_AUDIT, Action.BACKUP, Action.RESTORE, Action.RECOMPUTE},
}
USERS = {Role.SAKSBEHANDLER: "sb", Role.SYSTEMANSVARLIG: "sys", Role.LEDER: "demo"}
REFUSED = re.compile(r"^Rollen (saksbehandler|systemansvarlig) har ikke tilgang til å .+\.$")
OWN_ONLY = "Du har bare tilgang til dine egne saker"


@dataclass
class Setting:
    """A copy of the demo register prepared by its leader: a caseworker's own case with a
    running foster-home placement and a visit, another caseworker's case, a built report."""

    leader: Register  # the leader's register, closed: where the others sign in (file or server)
    worker: str
    team: str
    own: Sak
    own_tiltak: tuple
    own_visit: Besok
    other: Sak
    other_melding: Melding
    report: ReportData
    out: Path


@pytest.fixture
def setting(demo_register, tmp_path) -> Setting:
    reg = demo_register
    conn = reg.repository_for_report().db.conn
    visited = {r[0] for r in conn.execute("SELECT DISTINCT tiltak_id FROM besok")}
    tiltak = next(t for t in foster_tiltak(conn, TODAY) if t[0] in visited)
    worker = tiltak[4]
    own = reg.sak(tiltak[1])
    own_visit = next(b for b in reg.case(own.id).besok if b.tiltak_id == tiltak[0])
    other = next(s for s in reg.search("") if s.saksbehandler != worker
                 and reg.case(s.id).meldinger)
    team = next(c.team for c in reg.caseworkers() if c.navn == worker)
    add_user(reg, "sb", Role.SAKSBEHANDLER, saksbehandler=worker)
    add_user(reg, "sys", Role.SYSTEMANSVARLIG)
    if reg.shared:
        CLUSTER[0].ensure_role("ny")  # IT made the login role Action.USERS adds as a person
    data = load_report(reg, parse_period("2026-K3"))
    setting = Setting(reg, worker, team, own, tiltak, own_visit, other,
                      reg.case(other.id).meldinger[0], data, tmp_path)
    reg.close()
    return setting


def _as(setting: Setting, role: Role) -> Register:
    return sign_in_as(setting.leader, USERS[role], "demo" if role == Role.LEDER else PASSWORD)


def _avvist(reg: Register) -> list:
    return audit_rows(reg, "avvist")


# Each Action the Register exposes, as a call. RESTORE is ``service.restore_register`` (it signs
# in against the backup itself); tests/test_security_backup.py covers it.
CALLS: dict[Action, Callable[[Register, Setting], Any]] = {
    Action.VIEW_DEADLINES: lambda r, s: (r.open_deadlines(TODAY), r.count_open(TODAY)),
    Action.SEARCH: lambda r, s: r.search(s.own.navn.split()[0]),
    Action.OPEN_CASE: lambda r, s: r.case(s.own.id),
    Action.CREATE: lambda r, s: r.save(visit(s.own_tiltak, 3)),
    Action.CHANGE: lambda r, s: r.save(replace(s.own_visit, kind=VisitKind.TILSYN
                                               if s.own_visit.kind is VisitKind.OPPFOLGING
                                               else VisitKind.OPPFOLGING)),
    Action.DELETE: lambda r, s: r.delete(s.own_visit),
    Action.DELETE_CASE: lambda r, s: r.delete(s.own),
    Action.REPORT: lambda r, s: load_report(r, parse_period("2026-K3")),
    Action.EXPORT: lambda r, s: export_report(r, s.report, s.out / "rapport.xlsx",
                                              ExportOptions(), source="app"),
    Action.TARGETS: lambda r, s: r.set_targets(2026, {INDICATOR_SPECS[0].key: 0.9}),
    Action.SETTINGS: lambda r, s: r.set_param("sikkerhetskopi.daglige", 9),
    Action.CASEWORKERS: lambda r, s: r.save_caseworker(Caseworker("Ny Ansatt", "Mottak")),
    Action.USERS: lambda r, s: (r.users(), r.add_user(User("ny", "Ny Person",
                                                           Role.SAKSBEHANDLER), PASSWORD)),
    Action.AUDIT_LOG: lambda r, s: (r.audit_entries(AuditFilter()), r.exports()),
    Action.VERIFY_AUDIT: lambda r, s: r.verify_audit(),
    Action.BACKUP: lambda r, s: r.backup(),
    Action.RECOMPUTE: lambda r, s: r.recompute_all(),
    # An import needs an empty register; on the demo an allowed role gets past the role check
    # to the storage's refusal (asserted below), a refused role stops at the role check.
    Action.IMPORT: lambda r, s: r.import_cases([], []),
    Action.MILESTONES: lambda r, s: milestones.set_active(r, "forste_kontakt", False),
}
#: Allowed actions the storage refuses after the role check: an import into the demo, and a
#: backup of a shared register (IT backs up the server; only a file is copied by Fristvakt).
STORAGE_REFUSAL = {Action.IMPORT: "inneholder allerede saker",
                   Action.BACKUP: "bare et register i en fil"}


def test_matrix_is_the_trust_model():
    assert {role: set(actions) for role, actions in PERMISSIONS.items()} == EXPECTED
    assert set(CALLS) == set(Action) - {Action.RESTORE}, "every action is tried below"


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("action", list(CALLS), ids=lambda a: a.value)
def test_role_may_or_may_not(setting, role, action):
    reg = _as(setting, role)
    try:
        refusals, stats = len(_avvist(reg)), reg.stats()
        if action in EXPECTED[role]:
            if action is Action.IMPORT or (action is Action.BACKUP and reg.shared):
                with pytest.raises(StorageError, match=STORAGE_REFUSAL[action]) as caught:
                    CALLS[action](reg, setting)
                assert not isinstance(caught.value, AccessDenied)
            else:
                CALLS[action](reg, setting)
            assert len(_avvist(reg)) == refusals
        else:
            with pytest.raises(AccessDenied) as caught:
                CALLS[action](reg, setting)
            assert REFUSED.match(str(caught.value)), str(caught.value)
            assert reg.stats() == stats, "a refused action changes nothing"
            rows = _avvist(reg)
            assert len(rows) == refusals + 1, "the refusal is in the audit log"
            assert (rows[-1].bruker, rows[-1].detaljer["handling_forsokt"]) == \
                (USERS[role], action.value)
    finally:
        reg.close()


# --- a saksbehandler's scope ----------------------------------------------------------------------


def _refused_own_only(reg: Register, call: Callable[[], Any], sak_id: int) -> None:
    before = len(_avvist(reg))
    with pytest.raises(AccessDenied, match=OWN_ONLY):
        call()
    rows = _avvist(reg)
    assert len(rows) == before + 1 and rows[-1].sak_id == sak_id


def test_saksbehandler_opens_own_cases_only(setting):
    reg = _as(setting, Role.SAKSBEHANDLER)
    try:
        assert reg.case(setting.own.id).sak.id == setting.own.id
        assert reg.case_deadlines(setting.own.id) is not None
        _refused_own_only(reg, lambda: reg.case(setting.other.id), setting.other.id)
        _refused_own_only(reg, lambda: reg.case_deadlines(setting.other.id), setting.other.id)
        _refused_own_only(reg, lambda: reg.sak(setting.other.id), setting.other.id)
    finally:
        reg.close()


def test_saksbehandler_finds_and_lists_own_and_team_only(setting):
    leader = sign_in_as(setting.leader, "demo", "demo")
    try:
        everything = leader.open_deadlines(TODAY)
        teams = {c.navn: c.team for c in leader.caseworkers()}
    finally:
        leader.close()
    reg = _as(setting, Role.SAKSBEHANDLER)
    try:
        mine = reg.open_deadlines(TODAY)
        assert mine and len(mine) < len(everything)
        assert all(r.saksbehandler == setting.worker
                   or (setting.team and teams.get(r.saksbehandler) == setting.team)
                   for r in mine)
        expected = [r for r in everything if r.saksbehandler == setting.worker
                    or (setting.team and teams.get(r.saksbehandler) == setting.team)]
        assert len(mine) == len(expected)
        assert sum(reg.count_open(TODAY).values()) == len(mine)
        found = reg.search("")
        assert found and {s.saksbehandler for s in found} == {setting.worker}
        assert reg.search(setting.other.navn) == []
        assert all(s.saksbehandler == setting.worker
                   for s in reg.search(setting.other.fodselsnummer[:6]))
    finally:
        reg.close()


def test_saksbehandler_cannot_write_into_another_case(setting):
    """Creating, changing or deleting in another caseworker's case is refused and logged —
    also when the request names the own case but the record lives in the other one."""
    reg = _as(setting, Role.SAKSBEHANDLER)
    try:
        stats = reg.stats()
        new = Melding(sak_id=setting.other.id, mottatt=TODAY, melder=(CodedValue("8"),),
                      saksinnhold=(CodedValue("1.1.01"),))
        _refused_own_only(reg, lambda: reg.save(new), setting.other.id)
        _refused_own_only(reg, lambda: reg.save(replace(setting.other_melding, mottatt=TODAY)),
                          setting.other.id)
        moved = replace(setting.other_melding, sak_id=setting.own.id)
        _refused_own_only(reg, lambda: reg.save(moved), setting.other.id)
        _refused_own_only(reg, lambda: reg.delete(moved), setting.other.id)
        _refused_own_only(reg, lambda: reg.delete(setting.other_melding), setting.other.id)
        assert reg.stats() == stats
    finally:
        reg.close()
    leader = sign_in_as(setting.leader, "demo", "demo")
    try:
        assert setting.other_melding in leader.case(setting.other.id).meldinger
    finally:
        leader.close()


def test_saksbehandler_without_caseworker_link_sees_nothing(setting):
    leader = sign_in_as(setting.leader, "demo", "demo")
    try:
        add_user(leader, "ulenket", Role.SAKSBEHANDLER)
    finally:
        leader.close()
    reg = sign_in_as(setting.leader, "ulenket")
    try:
        assert reg.search("") == []
        assert reg.open_deadlines(TODAY) == []
        with pytest.raises(AccessDenied, match=OWN_ONLY):
            reg.case(setting.own.id)
    finally:
        reg.close()


def test_systemansvarlig_runs_the_register_but_sees_no_case(setting):
    reg = _as(setting, Role.SYSTEMANSVARLIG)
    try:
        for call in (lambda: reg.case(setting.own.id), lambda: reg.search(""),
                     lambda: reg.open_deadlines(TODAY)):
            with pytest.raises(AccessDenied, match=REFUSED):
                call()
        assert {u.brukernavn for u in reg.users()} >= {"demo", "sb", "sys"}
        add_user(reg, "ny-leder", Role.LEDER)
        if reg.shared:  # the server's backups are IT's; the role is let past its check
            with pytest.raises(StorageError, match=STORAGE_REFUSAL[Action.BACKUP]) as caught:
                reg.backup()
            assert not isinstance(caught.value, AccessDenied)
        else:
            made = reg.backup()
            assert made.exists() and reg.backups()[0].path == made
        assert reg.verify_audit().ok
        assert len(_avvist(reg)) == 3
    finally:
        reg.close()
