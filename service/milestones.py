"""Local milestones (interne frister) as use cases: list, define, change, switch on and off.

Only a leder may define them (``Action.MILESTONES``; a refusal is logged). A save stores a new
version (the old ones stay as history), recomputes every deadline and writes its audit row, all
in ONE transaction. The audit row names the milestone and what changed, never case content.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from core.access import Action
from core.local_rules import LocalRuleSpec, rule_id_for
from core.rules import Rule
from service.register import Register, guarded
from storage.errors import NotFoundError
from storage.milestones import MilestoneVersion


def _require_read(reg: Register) -> None:
    """Reading the definitions: whoever sees deadlines, or may define milestones."""
    if not reg.may(Action.MILESTONES):
        reg._require(Action.VIEW_DEADLINES)


@guarded
def milestones(reg: Register) -> list[MilestoneVersion]:
    """The version in force of every milestone (everybody may read the definitions)."""
    _require_read(reg)
    return reg.repository_for_report().milestones()


@guarded
def history(reg: Register, noekkel: str | None = None) -> list[MilestoneVersion]:
    """Every stored version, newest first (of one milestone, or all)."""
    _require_read(reg)
    return reg.repository_for_report().milestone_history(noekkel)


@guarded
def local_rules(reg: Register) -> dict[str, Rule]:
    """The local rules in force by rule id (labels for the deadline lists); whoever may read
    the definitions."""
    _require_read(reg)
    return {r.id: r for r in reg.repository_for_report().local_rules()}


@guarded
def new_spec(reg: Register, label: str, anchor: str, offset: int, unit: str, met_by: str,
             gjelder_fra: date, interval: int | None = None,
             interval_unit: str = "maaneder") -> LocalRuleSpec:
    """A new milestone's definition with a fresh id made from its name (for a leder: it reads
    every stored version, and only a leder defines milestones)."""
    reg._require(Action.MILESTONES)
    taken = [v.spec.id for v in reg.repository_for_report().milestone_history()]
    return LocalRuleSpec(rule_id_for(label, taken), label.strip(), anchor, offset, unit, met_by,
                         gjelder_fra, interval, interval_unit)


@guarded
def save(reg: Register, spec: LocalRuleSpec, aktiv: bool = True) -> int:
    """Define or change a milestone (a new version), recompute all deadlines and log it, in one
    transaction. Returns the version written (0: nothing changed). ValueError (Norwegian) for an
    invalid definition, AccessDenied for anyone but a leder."""
    reg._require(Action.MILESTONES)
    spec = replace(spec, label=spec.label.strip())
    spec.check()
    repo = reg.repository_for_report()
    with reg._writing():
        before = {v.spec.id: v for v in repo.milestones()}.get(spec.id)
        versjon = repo.save_milestone(spec, aktiv)
        if versjon:
            reg.audit_in("intern_frist", objekt=spec.id, versjon=versjon, aktiv=aktiv,
                         definisjon=spec.describe(), gjelder_fra=spec.gjelder_fra.isoformat(),
                         ny=before is None)
    return versjon


@guarded
def set_active(reg: Register, noekkel: str, aktiv: bool) -> int:
    """Switch a milestone on or off (a new version with the same definition)."""
    reg._require(Action.MILESTONES)
    current = {v.spec.id: v for v in reg.repository_for_report().milestones()}.get(noekkel)
    if current is None:
        raise NotFoundError("Fant ikke den interne fristen")
    return save(reg, current.spec, aktiv)
