"""Local milestones through storage and the service layer: versions with history, restart,
recomputation, the leader role, audit rows, and the dates that meet them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.access import Role
from core.local_rules import LocalRuleSpec
from core.model import CodedValue, Lovhjemmel, Melding, Tiltak, Undersokelse, Vedtak
from core.validation import ValidationError
from service import AccessDenied, milestones
from storage.records import Caseworker
from tests.builders import sak
from tests.conftest import DEMO_PASSWORD, DEMO_TODAY, DEMO_USER, new_register
from tests.security_support import add_user, audit_rows, sign_in_as, storage_repository


def _spec(**kw) -> LocalRuleSpec:
    values = {"id": "kontakt_1_uke", "label": "Kontakt innen 1 uke",
              "anchor": "undersokelse.startet", "offset": 1, "unit": "uker",
              "met_by": "undersokelse.forste_kontakt", "gjelder_fra": date(2025, 1, 1)}
    values.update(kw)
    return LocalRuleSpec(**values)


def _local(reg, rule_id: str):
    return [d for d in reg.repository_for_report().all_deadlines() if d.rule_id == rule_id]


def _investigations(reg):
    return [u for c in reg.repository_for_report().iter_cases() for u in c.undersokelser
            if u.startdato >= date(2025, 1, 1)]


def test_versions_are_kept_and_the_newest_is_in_force(demo_register):
    reg = demo_register
    assert milestones.save(reg, _spec()) == 1
    assert milestones.save(reg, _spec()) == 0, "saving the same definition writes nothing"
    assert milestones.save(reg, _spec(offset=3)) == 2
    assert milestones.set_active(reg, "kontakt_1_uke", False) == 3
    history = milestones.history(reg, "kontakt_1_uke")
    assert [(v.versjon, v.spec.offset, v.aktiv) for v in history] == [
        (3, 3, False), (2, 3, True), (1, 1, True)]
    assert all(v.endret_av == DEMO_USER for v in history)
    [current] = [v for v in milestones.milestones(reg) if v.spec.id == "kontakt_1_uke"]
    assert (current.versjon, current.aktiv) == (3, False)
    assert "lokal.kontakt_1_uke" not in milestones.local_rules(reg)
    assert _local(reg, "lokal.kontakt_1_uke") == [], "a switched-off milestone has no deadlines"


def test_a_change_recomputes_every_deadline_in_one_go(demo_register):
    reg = demo_register
    milestones.save(reg, _spec())
    investigations = _investigations(reg)
    week = {d.gjelder_id: d.frist for d in _local(reg, "lokal.kontakt_1_uke")}
    assert week and set(week) == {u.id for u in investigations}
    for u in investigations:  # no roll-over by default: exactly 7 days after the start
        assert (week[u.id] - u.startdato).days == 7
    milestones.save(reg, _spec(offset=2))
    fortnight = {d.gjelder_id: d.frist for d in _local(reg, "lokal.kontakt_1_uke")}
    assert all((fortnight[u.id] - u.startdato).days == 14 for u in investigations)
    # a later start date: investigations started before it get no milestone
    milestones.save(reg, _spec(offset=2, gjelder_fra=date(2026, 6, 1)))
    later = {d.gjelder_id for d in _local(reg, "lokal.kontakt_1_uke")}
    assert later == {u.id for u in investigations if u.startdato >= date(2026, 6, 1)}
    assert later < set(week)


def test_a_rule_parameter_change_recomputes_the_milestones_too(demo_register):
    reg = demo_register
    milestones.save(reg, _spec())
    weekend = [d for d in _local(reg, "lokal.kontakt_1_uke") if d.frist.weekday() >= 5]
    assert weekend, "some milestone of the demo falls on a Saturday or Sunday"
    reg.set_param("frist.rull_helligdag", True)
    moved = {d.key: d.frist for d in _local(reg, "lokal.kontakt_1_uke")}
    for d in weekend:
        assert moved[d.key] > d.frist and moved[d.key].weekday() == 0


def test_definitions_survive_a_restart(demo_register):
    milestones.save(demo_register, _spec())
    before = {d.key: d for d in _local(demo_register, "lokal.kontakt_1_uke")}
    demo_register.close()
    again = sign_in_as(demo_register, DEMO_USER, DEMO_PASSWORD)
    try:
        rules = milestones.local_rules(again)
        assert rules["lokal.kontakt_1_uke"].label == "Kontakt innen 1 uke"
        assert {d.key: d for d in _local(again, "lokal.kontakt_1_uke")} == before
        # a save of a case on the reopened register computes with the stored definition
        u = _investigations(again)[0]
        again.save(replace(u, forste_kontakt=u.startdato))
        [d] = [d for d in _local(again, "lokal.kontakt_1_uke") if d.gjelder_id == u.id]
        assert d.oppfylt_dato == u.startdato
        open_deadlines = again.open_deadlines(DEMO_TODAY)
        assert any(r.deadline.lokal and r.rule_id.startswith("lokal.") for r in open_deadlines)
    finally:
        again.close()


def test_a_change_on_another_connection_is_never_computed_with_the_old_definition(
        demo_register):
    other = demo_register.reopen()
    try:
        milestones.save(other, _spec())
        u = _investigations(demo_register)[0]
        demo_register.save(replace(u, forste_kontakt=u.startdato))
        assert [d.oppfylt_dato for d in _local(demo_register, "lokal.kontakt_1_uke")
                if d.gjelder_id == u.id] == [u.startdato]
    finally:
        other.close()


def test_only_a_leader_defines_milestones(demo_register):
    for role, name in ((Role.SAKSBEHANDLER, "sb"), (Role.SYSTEMANSVARLIG, "sys")):
        worker = demo_register.caseworkers()[0].navn if role is Role.SAKSBEHANDLER else None
        add_user(demo_register, name, role, worker)
    for name in ("sb", "sys"):
        reg = sign_in_as(demo_register, name)
        try:
            with pytest.raises(AccessDenied, match="endre interne frister"):
                milestones.save(reg, _spec())
            with pytest.raises(AccessDenied):
                milestones.set_active(reg, "forste_kontakt", False)
            with pytest.raises(AccessDenied, match="endre interne frister"):
                milestones.new_spec(reg, "Ny frist", "undersokelse.startet", 1, "uker",
                                    "undersokelse.forste_kontakt", date(2026, 1, 1))
            assert audit_rows(reg, "avvist")[-1].detaljer["handling_forsokt"] == \
                "interne_frister"
            if name == "sb":  # a caseworker sees deadlines, so their labels
                assert "lokal.forste_kontakt" in milestones.local_rules(reg)
            else:  # a systemansvarlig sees no deadlines and reads no definitions
                with pytest.raises(AccessDenied):
                    milestones.local_rules(reg)
        finally:
            reg.close()
    assert "lokal.kontakt_1_uke" not in milestones.local_rules(demo_register)
    assert milestones.history(demo_register, "kontakt_1_uke") == []


def test_a_save_is_audited_without_case_content(demo_register):
    milestones.save(demo_register, _spec())
    [row] = audit_rows(demo_register, "intern_frist")
    assert row.objekt == "kontakt_1_uke"
    assert row.detaljer["versjon"] == 1 and row.detaljer["ny"] is True
    assert "Undersøkelse startet + 1 uke" in row.detaljer["definisjon"]


def test_an_invalid_definition_writes_nothing(demo_register):
    rows = len(audit_rows(demo_register))
    with pytest.raises(ValueError, match="gjelder ikke det samme"):
        milestones.save(demo_register, _spec(met_by="tiltak.oppstartsmote"))
    with pytest.raises(ValueError, match="må fylles ut"):
        milestones.save(demo_register, _spec(label="  "))
    assert milestones.history(demo_register, "kontakt_1_uke") == []
    assert len(audit_rows(demo_register)) == rows


def test_new_ids_come_from_the_name(demo_register):
    spec = milestones.new_spec(demo_register, "Første kontakt med familien",
                               "undersokelse.startet", 2, "uker", "undersokelse.forste_kontakt",
                               date(2026, 1, 1))
    assert spec.id == "forste_kontakt_med_familien"
    milestones.save(demo_register, spec)
    again = milestones.new_spec(demo_register, "Første kontakt med familien",
                                "undersokelse.startet", 3, "uker",
                                "undersokelse.forste_kontakt", date(2026, 1, 1))
    assert again.id == "forste_kontakt_med_familien_2"


def test_the_demo_has_moss_milestones_met_late_and_missing(demo_register):
    ids = {v.spec.id for v in milestones.milestones(demo_register) if v.aktiv}
    assert ids == {"fordelt_innen_1_uke", "forste_kontakt", "undersokelse_for_lovfrist",
                   "oppstartsmote", "evaluering_tiltaksplan"}
    local = [d for d in demo_register.repository_for_report().all_deadlines()
             if d.rule_id.startswith("lokal.")]
    statuses = {d.status(DEMO_TODAY).value for d in local}
    assert {"oppfylt", "sent"} <= statuses and statuses & {"forfalt", "ikke_oppfylt"}


def test_the_new_dates_are_stored_and_validated(tmp_path):
    reg = new_register(tmp_path / "r.db")
    try:
        repo = reg.repository_for_report()
        reg.save_caseworker(Caseworker("Kari Saksbehandler", "Mottak"))
        s = reg.save(replace(sak(), id=None))
        m = reg.save(Melding(sak_id=s.id, mottatt=date(2026, 3, 2), melder=(CodedValue("8"),),
                             tildelt_dato=date(2026, 3, 9)))
        u = reg.save(Undersokelse(sak_id=s.id, melding_id=m.id, startdato=date(2026, 3, 6),
                                  forste_kontakt=date(2026, 3, 10)))
        v = reg.save(Vedtak(sak_id=s.id, dato=date(2026, 4, 1),
                            lovhjemmel=Lovhjemmel("BVL2021", "3", "1")))
        t = reg.save(Tiltak(sak_id=s.id, kategori_kode="4.1", startdato=date(2026, 4, 6),
                            vedtak_id=v.id, oppstartsmote=date(2026, 4, 3)))
        case = repo.case(s.id)
        assert case.meldinger[0].tildelt_dato == date(2026, 3, 9)
        assert case.undersokelser[0].forste_kontakt == date(2026, 3, 10)
        assert case.tiltak[0].oppstartsmote == date(2026, 4, 3)
        for bad, field in ((replace(m, tildelt_dato=date(2026, 3, 1)), "tildelt_dato"),
                           (replace(u, forste_kontakt=date(2026, 3, 5)), "forste_kontakt"),
                           (replace(t, oppstartsmote=date(2026, 3, 31)), "oppstartsmote"),
                           (replace(t, oppstartsmote=date(2026, 12, 1)), "oppstartsmote")):
            with pytest.raises(ValidationError) as caught:
                reg.save(bad)
            assert [e.field for e in caught.value.errors] == [field]
        assert repo.case(s.id).tiltak[0].oppstartsmote == date(2026, 4, 3)
    finally:
        reg.close()


def test_storage_level_repository_loads_the_stored_milestones(demo_register):
    milestones.save(demo_register, _spec())
    demo_register.close()
    repo = storage_repository(demo_register)
    try:
        assert "lokal.kontakt_1_uke" in {r.id for r in repo.local_rules()}
        assert not repo.needs_recompute()
    finally:
        repo.close()
