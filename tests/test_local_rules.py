"""Local milestones (interne frister) live in the same catalogue but are never fristbrudd.

Every date below is worked out by hand (no helper computes the expected value).
"""

from dataclasses import replace
from datetime import date

import pytest

from core.deadlines import Status
from core.local_rules import EVENTS, MOSS_EXAMPLES, LocalRuleSpec, meeting_events, rule_id_for
from core.model import Plan, PlanType, Tiltak, Undersokelse, Vedtak
from core.params import Params
from core.rules import compute_deadlines
from storage.fingerprint import rules_fingerprint
from tests.builders import case, melding

MOSS = {spec.id: spec for spec in MOSS_EXAMPLES}


def _local(c, spec):
    return [d for d in compute_deadlines(c, Params.defaults(), [spec.to_rule()]) if d.lokal]


def _investigation(start=date(2026, 3, 6), **kw):
    return Undersokelse(sak_id=1, melding_id=1, startdato=start, id=1, **kw)


def test_investigation_two_weeks_before_legal_deadline():
    # received 03.03.2026 → legal due 10.06.2026 → local due 27.05.2026
    c = case(meldinger=[melding(date(2026, 3, 3), konklusjon_kode="2",
                                konklusjon_dato=date(2026, 3, 5))],
             undersokelser=[_investigation(date(2026, 3, 5), konklusjon_kode="3",
                                           konklusjon_dato=date(2026, 6, 1))])
    [local] = _local(c, MOSS["undersokelse_for_lovfrist"])
    assert local.rule_id == "lokal.undersokelse_for_lovfrist"
    assert local.frist == date(2026, 5, 27)
    assert local.oppfylt_dato == date(2026, 6, 1)
    assert local.status(date(2026, 6, 2)) is Status.SENT
    assert "intern frist" in local.forklaring
    legal = [d for d in compute_deadlines(c, Params.defaults(), [MOSS_EXAMPLES[2].to_rule()])
             if d.rule_id == "undersokelse.frist"]
    assert not legal[0].lokal


def test_assigned_within_a_week_of_the_concluded_melding():
    # concluded with investigation Fri 06.03.2026 → due Fri 13.03.2026; assigned Mon 16.03: late
    m = melding(date(2026, 3, 2), konklusjon_kode="2", konklusjon_dato=date(2026, 3, 6),
                tildelt_dato=date(2026, 3, 16))
    [d] = _local(case(meldinger=[m]), MOSS["fordelt_innen_1_uke"])
    assert (d.gjelder, d.frist, d.oppfylt_dato) == ("melding", date(2026, 3, 13),
                                                    date(2026, 3, 16))
    # a melding that is henlagt (code 1) starts no assignment milestone
    henlagt = melding(date(2026, 3, 2), konklusjon_kode="1", konklusjon_dato=date(2026, 3, 6))
    assert _local(case(meldinger=[henlagt]), MOSS["fordelt_innen_1_uke"]) == []


def test_first_contact_and_the_investigation_closing_without_it():
    spec = MOSS["forste_kontakt"]
    # started 06.03.2026 → first contact due 20.03.2026, met 19.03
    [d] = _local(case(undersokelser=[_investigation(forste_kontakt=date(2026, 3, 19))]), spec)
    assert (d.frist, d.status(date(2026, 4, 1))) == (date(2026, 3, 20), Status.OPPFYLT)
    # concluded 25.03 without any contact recorded: closed as not met on that day
    [d] = _local(case(undersokelser=[_investigation(konklusjon_kode="3",
                                                    konklusjon_dato=date(2026, 3, 25))]), spec)
    assert (d.ikke_oppfylt_dato, d.status(date(2026, 4, 1))) == (date(2026, 3, 25),
                                                                 Status.IKKE_OPPFYLT)
    # concluded 12.03, before the milestone fell due: nothing owed
    assert _local(case(undersokelser=[_investigation(konklusjon_kode="3",
                                                     konklusjon_dato=date(2026, 3, 12))]),
                  spec) == []


def test_start_up_meeting_counts_from_the_decision():
    # vedtak Fri 30.01.2026, tiltak from 02.02 → 4 weeks after the decision: 27.02.2026
    c = case(vedtak=[Vedtak(sak_id=1, dato=date(2026, 1, 30), lovhjemmel=_hjemmel(), id=4)],
             tiltak=[Tiltak(sak_id=1, kategori_kode="4.1", startdato=date(2026, 2, 2),
                            vedtak_id=4, id=9)])
    [d] = _local(c, MOSS["oppstartsmote"])
    assert (d.gjelder, d.gjelder_id, d.frist, d.oppfylt_dato) == ("tiltak", 9,
                                                                  date(2026, 2, 27), None)
    assert d.status(date(2026, 2, 28)) is Status.FORFALT


def test_recurring_evaluation_six_weeks_then_every_three_months_with_month_ends():
    # plan 15.01.2026 → first due 26.02.2026 (+42 days); evaluated 20.02 (in time)
    # → next 20.05.2026; evaluated 31.05 (late) → next 31.08.2026; evaluated 31.08
    # → next 30.11.2026 (no 31 November: the month's last day), still open
    plan = Plan(sak_id=1, plantype=PlanType.TILTAKSPLAN, startdato=date(2026, 1, 15), id=1,
                evalueringer=(date(2026, 2, 20), date(2026, 5, 31), date(2026, 8, 31)))
    ds = _local(case(planer=[plan]), MOSS["evaluering_tiltaksplan"])
    assert [(d.seq, d.frist, d.oppfylt_dato) for d in ds] == [
        (0, date(2026, 2, 26), date(2026, 2, 20)),
        (1, date(2026, 5, 20), date(2026, 5, 31)),
        (2, date(2026, 8, 31), date(2026, 8, 31)),
        (3, date(2026, 11, 30), None),
    ]
    assert [d.status(date(2026, 12, 1)) for d in ds] == [
        Status.OPPFYLT, Status.SENT, Status.OPPFYLT, Status.FORFALT]


def test_months_back_from_a_month_end():
    # received 21.02.2026 → +7 days = 28.02.2026 → +3 months = legal due 28.05.2026;
    # one month before: 28.04.2026
    spec = LocalRuleSpec("m", "En måned før lovfristen", "undersokelse.lovfrist", -1,
                         "maaneder", "undersokelse.konkludert")
    c = case(meldinger=[melding(date(2026, 2, 21))], undersokelser=[_investigation(
        date(2026, 2, 25))])
    [d] = _local(c, spec)
    assert d.frist == date(2026, 4, 28)
    # a plan made 31.01.2026, first evaluation one month later: 28.02.2026
    spec = LocalRuleSpec("p", "Etter en måned", "tiltaksplan.opprettet", 1, "maaneder",
                         "tiltaksplan.evaluert")
    plan = Plan(sak_id=1, plantype=PlanType.TILTAKSPLAN, startdato=date(2026, 1, 31), id=1)
    [d] = _local(case(planer=[plan]), spec)
    assert d.frist == date(2026, 2, 28)


def test_anchors_before_the_start_date_create_nothing():
    spec = MOSS["forste_kontakt"]  # applies from 01.01.2026
    assert _local(case(undersokelser=[_investigation(date(2025, 12, 31))]), spec) == []
    assert len(_local(case(undersokelser=[_investigation(date(2026, 1, 1))]), spec)) == 1


def test_omsorgsplan_is_not_a_tiltaksplan():
    plan = Plan(sak_id=1, plantype=PlanType.OMSORGSPLAN, startdato=date(2026, 1, 15), id=1)
    assert _local(case(planer=[plan]), MOSS["evaluering_tiltaksplan"]) == []


def test_definitions_are_checked():
    assert LocalRuleSpec("x", "X", "finnes.ikke", 3, met_by="melding.konkludert").problems()[0] \
        .startswith("Ukjent startpunkt")
    with pytest.raises(ValueError, match="Ukjent startpunkt"):
        LocalRuleSpec("x", "X", "finnes.ikke", 3).to_rule()
    mixed = LocalRuleSpec("x", "X", "melding.mottatt", 3, met_by="tiltak.oppstartsmote")
    assert "gjelder ikke det samme" in mixed.problems()[0]
    once = LocalRuleSpec("x", "X", "undersokelse.startet", 1, "uker",
                         "undersokelse.konkludert", interval=2)
    assert "gjentas" in once.problems()[0]
    assert LocalRuleSpec(" ", " ", "melding.mottatt", 3, met_by="melding.konkludert"
                         ).problems() == ["Navnet på den interne fristen må fylles ut"]
    long = LocalRuleSpec("x", "X" * 37, "melding.mottatt", 3, met_by="melding.konkludert")
    assert long.problems()[0].startswith("Navnet kan ha høyst 36 tegn")
    far = LocalRuleSpec("x", "X", "melding.mottatt", 25, "maaneder", "melding.konkludert")
    assert "høyst 24 måneder" in far.problems()[0]
    assert all(not spec.problems() for spec in MOSS_EXAMPLES)


def test_meeting_events_follow_the_anchor():
    assert [e.key for e in meeting_events("tiltak.vedtak")] == ["tiltak.oppstartsmote"]
    assert {e.gjelder for e in meeting_events("undersokelse.lovfrist")} == {"undersokelse"}
    assert all(EVENTS[k].starts for k in ("melding.mottatt", "tiltaksplan.opprettet"))


def test_rule_ids_are_readable_and_unique():
    assert rule_id_for("Første kontakt med familien") == "forste_kontakt_med_familien"
    assert rule_id_for("Første kontakt", ["forste_kontakt"]) == "forste_kontakt_2"
    assert rule_id_for("???") == "frist"


def test_a_changed_definition_changes_the_fingerprint():
    spec = MOSS["forste_kontakt"]
    other = LocalRuleSpec(**{**spec.__dict__, "offset": 3})
    assert rules_fingerprint([spec.to_rule()]) != rules_fingerprint([other.to_rule()])
    assert rules_fingerprint([spec.to_rule()]) == rules_fingerprint([spec.to_rule()])


def _hjemmel():
    from core.model import Lovhjemmel

    return Lovhjemmel("BVL2021", "3", "1")


RECEIVED_TO_ASSIGNED = LocalRuleSpec("mottatt_fordelt", "Fordelt innen 1 uke",
                                     "melding.mottatt", 1, "uker", "melding.tildelt",
                                     date(2026, 1, 1))


def test_a_melding_henlagt_before_it_was_assigned_closes_the_milestone_unmet():
    # received Mon 02.03.2026 → assignment due Mon 09.03.2026
    spec = RECEIVED_TO_ASSIGNED
    # henlagt (code 1) Wed 11.03, never assigned: closed unmet on 11.03, not overdue forever
    henlagt = melding(date(2026, 3, 2), konklusjon_kode="1", konklusjon_dato=date(2026, 3, 11))
    [d] = _local(case(meldinger=[henlagt]), spec)
    assert (d.frist, d.oppfylt_dato, d.ikke_oppfylt_dato) == (date(2026, 3, 9), None,
                                                             date(2026, 3, 11))
    assert d.status(date(2026, 6, 1)) is Status.IKKE_OPPFYLT
    # henlagt on the due day 09.03 (as the law rules: an end on the due day is unmet)
    on_due = melding(date(2026, 3, 2), konklusjon_kode="1", konklusjon_dato=date(2026, 3, 9))
    [d] = _local(case(meldinger=[on_due]), spec)
    assert d.ikke_oppfylt_dato == date(2026, 3, 9)
    # henlagt Fri 06.03, before it fell due: nothing was owed, no deadline
    early = melding(date(2026, 3, 2), konklusjon_kode="1", konklusjon_dato=date(2026, 3, 6))
    assert _local(case(meldinger=[early]), spec) == []
    # still open and unassigned: an ordinary open milestone
    [d] = _local(case(meldinger=[melding(date(2026, 3, 2))]), spec)
    assert (d.oppfylt_dato, d.ikke_oppfylt_dato) == (None, None)


def test_the_case_ending_closes_an_open_milestone_unmet():
    # melding concluded with investigation Fri 06.03.2026 → assignment due Fri 13.03.2026;
    # the melding's own conclusion started it, so only the case's end closes it
    m = melding(date(2026, 3, 2), konklusjon_kode="2", konklusjon_dato=date(2026, 3, 6))
    c = case(meldinger=[m])
    [d] = _local(c, MOSS["fordelt_innen_1_uke"])
    assert (d.frist, d.ikke_oppfylt_dato) == (date(2026, 3, 13), None)
    ended = replace(c, sak=replace(c.sak, sluttdato=date(2026, 3, 20)))
    [d] = _local(ended, MOSS["fordelt_innen_1_uke"])
    assert (d.frist, d.ikke_oppfylt_dato) == (date(2026, 3, 13), date(2026, 3, 20))
    early = replace(c, sak=replace(c.sak, sluttdato=date(2026, 3, 10)))
    assert _local(early, MOSS["fordelt_innen_1_uke"]) == []
    # a tiltak's start-up meeting: vedtak Fri 30.01.2026 → due 27.02.2026; the tiltak runs on
    # but the case ends 02.03.2026 → closed unmet on 02.03
    t = Tiltak(sak_id=1, kategori_kode="4.1", startdato=date(2026, 2, 2), vedtak_id=4, id=9)
    c = case(vedtak=[Vedtak(sak_id=1, dato=date(2026, 1, 30), lovhjemmel=_hjemmel(), id=4)],
             tiltak=[t])
    c = replace(c, sak=replace(c.sak, sluttdato=date(2026, 3, 2)))
    [d] = _local(c, MOSS["oppstartsmote"])
    assert (d.frist, d.ikke_oppfylt_dato) == (date(2026, 2, 27), date(2026, 3, 2))
