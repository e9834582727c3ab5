"""Stored local milestones (interne frister): every version of every definition.

A definition is never overwritten: a change, a switch on or off, writes a new version of the
same ``noekkel`` (table ``interne_frister``, migration 11). The newest version is the one in
force; the older ones are the history shown beside it. The repository turns the active ones into
rules (``core.local_rules``) and recomputes the deadlines in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.local_rules import LocalRuleSpec
from core.milestone_report import LOCAL_PREFIX, MilestoneFact

_COLS = ("noekkel", "versjon", "navn", "startpunkt", "forskyvning", "enhet", "oppfylles_av",
         "gjelder_fra", "intervall", "intervall_enhet", "aktiv", "endret_av", "endret_tid")


@dataclass(frozen=True)
class MilestoneVersion:
    """One stored version of a local milestone: the definition, whether it is switched on, and
    who saved it when."""

    spec: LocalRuleSpec
    versjon: int
    aktiv: bool
    endret_av: str
    endret_tid: datetime


def _from_row(r: tuple[Any, ...]) -> MilestoneVersion:
    spec = LocalRuleSpec(r[0], r[2], r[3], r[4], r[5], r[6], date.fromisoformat(r[7]), r[8],
                         r[9])
    return MilestoneVersion(spec, r[1], bool(r[10]), r[11], datetime.fromisoformat(r[12]))


def current(conn: Any) -> list[MilestoneVersion]:
    """The version in force of every milestone (switched on or off), by name."""
    sql = (f"SELECT {', '.join('f.' + c for c in _COLS)} FROM interne_frister f "
           "WHERE f.versjon = (SELECT max(versjon) FROM interne_frister g "
           "WHERE g.noekkel = f.noekkel) ORDER BY f.navn COLLATE NOCASE, f.noekkel")
    return [_from_row(r) for r in conn.execute(sql)]


def history(conn: Any, noekkel: str | None = None) -> list[MilestoneVersion]:
    """Every stored version, newest first (of one milestone, or all)."""
    sql = f"SELECT {', '.join(_COLS)} FROM interne_frister"
    args: tuple[Any, ...] = ()
    if noekkel is not None:
        sql += " WHERE noekkel = ?"
        args = (noekkel,)
    return [_from_row(r) for r in conn.execute(sql + " ORDER BY id DESC", args)]


def write_version(conn: Any, spec: LocalRuleSpec, aktiv: bool, user: str,
                  when: datetime | str) -> int:
    """Store ``spec`` as the next version of its milestone (inside the caller's transaction);
    returns the version number, or 0 when nothing differs from the version in force.
    Raises ValueError (Norwegian) for an invalid definition."""
    spec.check()
    last = conn.execute(f"SELECT {', '.join(_COLS)} FROM interne_frister WHERE noekkel = ? "
                        "ORDER BY versjon DESC LIMIT 1", (spec.id,)).fetchone()
    if last is not None:
        old = _from_row(last)
        if old.spec == spec and old.aktiv == aktiv:
            return 0
    versjon = 1 if last is None else int(last[1]) + 1
    conn.execute(
        f"INSERT INTO interne_frister ({', '.join(_COLS)}) VALUES ({', '.join('?' * len(_COLS))})",
        (spec.id, versjon, spec.label.strip(), spec.anchor, spec.offset, spec.unit, spec.met_by,
         spec.gjelder_fra.isoformat(), spec.interval, spec.interval_unit, int(aktiv), user,
         when.isoformat() if isinstance(when, datetime) else when))
    return versjon


def report_facts(conn: Any, start: date, end: date
                 ) -> tuple[dict[str, str], list[MilestoneFact]]:
    """For the report's milestone table (``core.milestone_report``): the milestones switched on
    (rule id → name) and their stored deadlines due from ``start`` to ``end``."""
    labels = {f"{LOCAL_PREFIX}{v.spec.id}": v.spec.label for v in current(conn)
              if v.aktiv and not v.spec.problems()}
    # A prefix range on rule_id: the report's covering index (frister_rapport_frist) answers it.
    after_prefix = LOCAL_PREFIX[:-1] + chr(ord(LOCAL_PREFIX[-1]) + 1)
    rows = conn.execute(
        "SELECT rule_id, frist, oppfylt_dato, ikke_oppfylt_dato FROM frister "
        "WHERE rule_id >= ? AND rule_id < ? AND frist BETWEEN ? AND ?",
        (LOCAL_PREFIX, after_prefix, start.isoformat(), end.isoformat()))
    facts = [MilestoneFact(r, date.fromisoformat(f), date.fromisoformat(o) if o else None,
                           date.fromisoformat(i) if i else None) for r, f, o, i in rows]
    return labels, facts
