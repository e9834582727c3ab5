"""The rule catalogue with hand-worked dates (RULES.md). Each expected date is worked out by
hand."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

import pytest

from core.deadlines import Deadline, Status
from core.model import (
    Akutt,
    Besok,
    Ettervern,
    Frequency,
    Lovhjemmel,
    Plan,
    PlanType,
    Tiltak,
    Undersokelse,
    Vedtak,
    VisitKind,
)
from core.params import PARAMS_BY_KEY, VERIFY, Params
from core.rules import CATALOGUE, RULES_BY_ID, compute_deadlines
from core.visits import required_visits, visit_summary
from tests.builders import case, melding

DEFAULTS = Params.defaults()
HJELP = Lovhjemmel("BVL2021", "3", "1")
OMSORG = Lovhjemmel("BVL2021", "5", "1")


def only(deadlines: list[Deadline], rule_id: str) -> list[Deadline]:
    return sorted((d for d in deadlines if d.rule_id == rule_id),
                  key=lambda d: (d.gjelder_id, d.seq))


def one(c, rule_id: str, params: Params = DEFAULTS) -> Deadline:
    found = only(compute_deadlines(c, params), rule_id)
    assert len(found) == 1, found
    return found[0]


def investigation(received: date, **kw) -> object:
    m = melding(received, konklusjon_kode="2", konklusjon_dato=received)
    u = Undersokelse(sak_id=1, melding_id=1, startdato=received, id=1, **kw)
    return case(meldinger=[m], undersokelser=[u])


# --- catalogue ------------------------------------------------------------------------------------


def test_catalogue_holds_every_rule_of_rules_md_with_hjemmel_and_status():
    expected = {
        "melding.gjennomgang", "melding.tilbakemelding", "undersokelse.frist",
        "undersokelse.utvidet", "tiltaksplan.mangler", "tiltaksplan.evaluering",
        "omsorgsplan.mangler", "omsorgsplan.evaluering", "oppfolging.besok", "tilsyn.besok",
        "akutt.godkjenning", "akutt.begjaering", "ettervern.vurdering", "ettervern.slutt",
        "omsorg.18", "institusjon.revurdering", "midlertidig.varighet",
    }
    assert set(RULES_BY_ID) == expected
    for rule in CATALOGUE:
        assert rule.label and rule.hjemmel and rule.status and rule.starts and rule.met_by
        assert rule.action


# --- melding --------------------------------------------------------------------------------------


def test_melding_due_one_week_later_same_weekday():
    d = one(case(meldinger=[melding(date(2026, 3, 3))]), "melding.gjennomgang")
    assert d.frist == date(2026, 3, 10)  # Tuesday → Tuesday
    assert d.forklaring == "Mottatt 03.03.2026 + 7 dager (bvl § 2-1)"


@pytest.mark.parametrize(("concluded", "status"), [
    (date(2026, 3, 9), Status.OPPFYLT),
    (date(2026, 3, 10), Status.OPPFYLT),  # exactly on the due date is in time
    (date(2026, 3, 11), Status.SENT),
])
def test_melding_met_on_due_date_is_in_time(concluded, status):
    m = melding(date(2026, 3, 3), konklusjon_kode="1", konklusjon_dato=concluded)
    d = one(case(meldinger=[m]), "melding.gjennomgang")
    assert d.oppfylt_dato == concluded
    assert d.status(date(2026, 12, 1)) is status


def test_melding_status_window_and_overdue_from_the_day_after():
    d = one(case(meldinger=[melding(date(2026, 3, 3))]), "melding.gjennomgang")
    assert d.status(date(2026, 3, 2)) is Status.APEN
    assert d.status(date(2026, 3, 3)) is Status.SNART  # 7-day window for meldinger
    assert d.status(date(2026, 3, 10)) is Status.SNART
    assert d.status(date(2026, 3, 11)) is Status.FORFALT
    assert d.days_left(date(2026, 3, 12)) == -2


def test_melding_received_on_31st():
    d = one(case(meldinger=[melding(date(2026, 1, 31))]), "melding.gjennomgang")
    assert d.frist == date(2026, 2, 7)


def test_feedback_only_to_public_reporters_and_can_be_switched_off():
    public = melding(date(2026, 3, 3), 1, melder="11")  # skole
    private = melding(date(2026, 3, 3), 2, melder="2")  # foreldre
    deadlines = only(compute_deadlines(case(meldinger=[public, private]), DEFAULTS),
                     "melding.tilbakemelding")
    assert [(d.gjelder_id, d.frist) for d in deadlines] == [(1, date(2026, 3, 24))]
    off = DEFAULTS.with_value("melding.tilbakemelding.aktiv", False)
    assert not only(compute_deadlines(case(meldinger=[public]), off), "melding.tilbakemelding")


# --- undersøkelse ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("received", "due"), [
    (date(2026, 3, 3), date(2026, 6, 10)),    # 10.03 + 3 months
    (date(2026, 1, 24), date(2026, 4, 30)),   # 31.01 + 3 months → 30.04 (no 31 April)
    (date(2026, 11, 23), date(2027, 2, 28)),  # 30.11.2026 + 3 months → 28.02.2027
    (date(2027, 11, 23), date(2028, 2, 29)),  # 30.11.2027 + 3 months → 29.02.2028 (leap year)
    (date(2026, 8, 24), date(2026, 11, 30)),  # 31.08 + 3 months → 30.11
])
def test_investigation_due_three_months_after_the_week(received, due):
    d = one(investigation(received), "undersokelse.frist")
    assert d.frist == due


def test_extension_decided_on_the_three_month_date_gives_six_months():
    # received 03.01.2026 → week ends 10.01 → 3 months 10.04 → 6 months 10.07
    c = investigation(date(2026, 1, 3), utvidet_dato=date(2026, 4, 10), utvidet_grunn="Sakkyndig")
    assert not only(compute_deadlines(c, DEFAULTS), "undersokelse.frist")
    d = one(c, "undersokelse.utvidet")
    assert d.frist == date(2026, 7, 10)
    assert "utvidet 10.04.2026" in d.forklaring


def test_extension_decided_after_the_three_month_date_does_not_count():
    c = investigation(date(2026, 1, 3), utvidet_dato=date(2026, 4, 11), utvidet_grunn="Sent")
    assert not only(compute_deadlines(c, DEFAULTS), "undersokelse.utvidet")
    d = one(c, "undersokelse.frist")
    assert d.frist == date(2026, 4, 10)
    assert "gjelder ikke" in d.forklaring


def test_extended_six_months_from_31_august():
    c = investigation(date(2026, 8, 24), utvidet_dato=date(2026, 10, 1), utvidet_grunn="Tolk")
    assert one(c, "undersokelse.utvidet").frist == date(2027, 2, 28)


@pytest.mark.parametrize(("concluded", "status"), [
    (date(2026, 6, 10), Status.OPPFYLT), (date(2026, 6, 11), Status.SENT)])
def test_investigation_concluded_exactly_on_due_date(concluded, status):
    c = investigation(date(2026, 3, 3), konklusjon_kode="3", konklusjon_dato=concluded)
    assert one(c, "undersokelse.frist").status(date(2026, 12, 1)) is status


# --- planer ---------------------------------------------------------------------------------------


def hjelpetiltak(start: date, end: date | None = None, tiltak_id: int = 1) -> Tiltak:
    return Tiltak(sak_id=1, kategori_kode="4.6", startdato=start, sluttdato=end, lovhjemmel=HJELP,
                  id=tiltak_id)


def test_tiltaksplan_required_from_the_decision_with_grace():
    plan = Plan(sak_id=1, plantype=PlanType.TILTAKSPLAN, startdato=date(2026, 2, 10), id=1)
    c = case(tiltak=[hjelpetiltak(date(2026, 2, 1))], planer=[plan])
    d = one(c, "tiltaksplan.mangler")
    assert (d.frist, d.oppfylt_dato, d.status(date(2026, 3, 1))) == (
        date(2026, 2, 1), date(2026, 2, 10), Status.SENT)
    grace = DEFAULTS.with_value("tiltaksplan.mangler.dager", 14)
    assert one(c, "tiltaksplan.mangler", grace).status(date(2026, 3, 1)) is Status.OPPFYLT


def test_missing_plan_open_while_measure_runs_and_closed_unmet_when_it_ends():
    open_case = case(tiltak=[hjelpetiltak(date(2026, 2, 1))])
    assert one(open_case, "tiltaksplan.mangler").status(date(2026, 2, 2)) is Status.FORFALT
    ended = case(tiltak=[hjelpetiltak(date(2026, 2, 1), date(2026, 5, 1))])
    d = one(ended, "tiltaksplan.mangler")
    assert d.ikke_oppfylt_dato == date(2026, 5, 1)
    assert d.status(date(2026, 6, 1)) is Status.IKKE_OPPFYLT


def test_omsorgsplan_needed_for_care_order_not_for_hjelpetiltak():
    care = Tiltak(sak_id=1, kategori_kode="2.2", startdato=date(2026, 1, 5), lovhjemmel=OMSORG,
                  id=1)
    c = case(tiltak=[care])
    assert one(c, "omsorgsplan.mangler").frist == date(2026, 1, 5)
    assert not only(compute_deadlines(c, DEFAULTS), "tiltaksplan.mangler")
    assert not only(compute_deadlines(case(tiltak=[hjelpetiltak(date(2026, 1, 5))]), DEFAULTS),
                    "omsorgsplan.mangler")


def test_evaluation_chain_follows_the_last_evaluation():
    plan = Plan(sak_id=1, plantype=PlanType.TILTAKSPLAN, startdato=date(2026, 1, 15),
                evalueringer=(date(2026, 4, 10), date(2026, 8, 1)), id=1)
    got = only(compute_deadlines(case(planer=[plan]), DEFAULTS), "tiltaksplan.evaluering")
    assert [(d.frist, d.oppfylt_dato) for d in got] == [
        (date(2026, 4, 15), date(2026, 4, 10)),
        (date(2026, 7, 10), date(2026, 8, 1)),
        (date(2026, 11, 1), None),
    ]
    assert [d.status(date(2026, 11, 23)) for d in got] == [Status.OPPFYLT, Status.SENT,
                                                           Status.FORFALT]


def test_evaluation_interval_per_plan_override_and_parameter():
    plan = Plan(sak_id=1, plantype=PlanType.TILTAKSPLAN, startdato=date(2027, 11, 30), id=1)
    assert one(case(planer=[plan]), "tiltaksplan.evaluering").frist == date(2028, 2, 29)
    two = DEFAULTS.with_value("tiltaksplan.evaluering.mnd", 2)
    assert one(case(planer=[plan]), "tiltaksplan.evaluering", two).frist == date(2028, 1, 30)
    custom = Plan(sak_id=1, plantype=PlanType.TILTAKSPLAN, startdato=date(2027, 11, 30),
                  evalueringsintervall_mnd=1, id=1)
    d = one(case(planer=[custom]), "tiltaksplan.evaluering", two)
    assert d.frist == date(2027, 12, 30)
    assert "planens eget intervall" in d.forklaring


def test_omsorgsplan_review_twelve_months_from_leap_day():
    plan = Plan(sak_id=1, plantype=PlanType.OMSORGSPLAN, startdato=date(2024, 2, 29), id=1)
    assert only(compute_deadlines(case(planer=[plan]), DEFAULTS),
                "omsorgsplan.evaluering")[0].frist == date(2025, 2, 28)


def test_plan_ended_before_evaluation_due_owes_nothing():
    plan = Plan(sak_id=1, plantype=PlanType.TILTAKSPLAN, startdato=date(2026, 1, 15),
                sluttdato=date(2026, 3, 1), id=1)
    assert not only(compute_deadlines(case(planer=[plan]), DEFAULTS), "tiltaksplan.evaluering")


# --- besøk ----------------------------------------------------------------------------------------


def foster(start: date, end: date | None = None, oppfolging=(), tilsyn=()) -> Tiltak:
    return Tiltak(sak_id=1, kategori_kode="2.2", startdato=start, sluttdato=end, lovhjemmel=OMSORG,
                  oppfolging_hyppighet=tuple(oppfolging), tilsyn_hyppighet=tuple(tilsyn), id=1)


def visits(kind: VisitKind, *days: date) -> list[Besok]:
    return [Besok(tiltak_id=1, kind=kind, dato=d, id=i) for i, d in enumerate(days, 1)]


def test_visit_chain_with_frequency_changed_from_four_to_two_mid_year():
    t = foster(date(2026, 1, 1),
               oppfolging=[Frequency(date(2026, 1, 1), 4), Frequency(date(2026, 7, 1), 2)])
    c = case(tiltak=[t], besok=visits(VisitKind.OPPFOLGING, date(2026, 3, 15), date(2026, 6, 20),
                                      date(2026, 10, 1)))
    got = only(compute_deadlines(c, DEFAULTS), "oppfolging.besok")
    # the frequency in force at each anchor decides the interval: 4/year → 3 months, 2/year → 6
    assert [(d.frist, d.oppfylt_dato) for d in got] == [
        (date(2026, 4, 1), date(2026, 3, 15)),
        (date(2026, 6, 15), date(2026, 6, 20)),
        (date(2026, 9, 20), date(2026, 10, 1)),
        (date(2027, 4, 1), None),
    ]
    # pro-rated in months: 6 months at 4/year + 6 months at 2/year = 2 + 1 = 3 required in 2026
    exact = required_visits(t, VisitKind.OPPFOLGING, date(2026, 1, 1), date(2026, 12, 31))
    assert exact == 3
    summary = visit_summary(c, t, VisitKind.OPPFOLGING, date(2026, 1, 1), date(2026, 12, 31))
    assert (summary.required, summary.done, summary.compliant) == (3, 3, True)


def test_visits_pro_rated_for_a_child_placed_two_of_six_months():
    t = foster(date(2026, 5, 1))  # no history: standard 4 per year
    # 01.05–30.06 = 2 whole months; 4 × 2 / 12 = 2/3 ≈ 0.67 → 1 required in the first half-year
    exact = required_visits(t, VisitKind.TILSYN, date(2026, 1, 1), date(2026, 6, 30))
    assert exact == Fraction(2, 3)
    summary = visit_summary(case(tiltak=[t]), t, VisitKind.TILSYN, date(2026, 1, 1),
                            date(2026, 6, 30))
    assert (summary.days_placed, summary.months_placed) == (61, 2)
    assert (summary.required, summary.compliant) == (1, False)


def test_visits_full_leap_year_is_exactly_four():
    t = foster(date(2023, 6, 1))
    assert required_visits(t, VisitKind.TILSYN, date(2024, 1, 1), date(2024, 12, 31)) == 4


def test_placement_ending_mid_period():
    t = foster(date(2026, 1, 1), date(2026, 3, 31))  # 3 whole months at 4/12 → exactly 1
    assert required_visits(t, VisitKind.TILSYN, date(2026, 1, 1), date(2026, 6, 30)) == 1
    # nothing fell due before the placement ended: no visit deadline at all
    assert not only(compute_deadlines(case(tiltak=[t]), DEFAULTS), "tilsyn.besok")
    longer = foster(date(2026, 1, 1), date(2026, 5, 15))
    d = only(compute_deadlines(case(tiltak=[longer]), DEFAULTS), "tilsyn.besok")
    assert [(x.frist, x.ikke_oppfylt_dato) for x in d] == [(date(2026, 4, 1), date(2026, 5, 15))]


def test_visit_on_placement_day_is_not_a_follow_up_but_counts_in_the_period():
    t = foster(date(2026, 1, 1))
    c = case(tiltak=[t], besok=visits(VisitKind.TILSYN, date(2026, 1, 1)))
    got = only(compute_deadlines(c, DEFAULTS), "tilsyn.besok")
    assert [(d.frist, d.oppfylt_dato) for d in got] == [(date(2026, 4, 1), None)]
    summary = visit_summary(c, t, VisitKind.TILSYN, date(2026, 1, 1), date(2026, 3, 31))
    assert (summary.done, summary.required) == (1, 1)


def test_no_visit_rules_for_non_foster_home_measures():
    c = case(tiltak=[hjelpetiltak(date(2026, 1, 1))])
    rules = {d.rule_id for d in compute_deadlines(c, DEFAULTS)}
    assert not rules & {"oppfolging.besok", "tilsyn.besok"}


# --- akutt ----------------------------------------------------------------------------------------


def akutt_vedtak(**kw) -> Vedtak:
    fields = {"type": "Plassering", "tidspunkt": datetime(2026, 3, 3, 14, 30)}
    fields.update(kw)
    return Vedtak(sak_id=1, dato=date(2026, 3, 3), lovhjemmel=Lovhjemmel("BVL2021", "4", "2"),
                  akutt=Akutt(**fields), id=1)


def test_akutt_sent_to_nemnd_same_day_and_petition_in_six_weeks():
    c = case(vedtak=[akutt_vedtak(sendt_nemnd=datetime(2026, 3, 3, 16, 0))])
    g = one(c, "akutt.godkjenning")
    assert (g.frist, g.status(date(2026, 3, 4))) == (date(2026, 3, 3), Status.OPPFYLT)
    assert "kl. 14:30" in g.forklaring
    b = one(c, "akutt.begjaering")
    assert b.frist == date(2026, 4, 14)
    assert b.status(date(2026, 4, 15)) is Status.FORFALT


def test_akutt_behaviour_institution_petition_in_two_weeks_and_lapse():
    c = case(vedtak=[akutt_vedtak(institusjon_atferd=True)])
    assert one(c, "akutt.begjaering").frist == date(2026, 3, 17)
    lapsed = case(vedtak=[Vedtak(sak_id=1, dato=date(2026, 3, 3), lovhjemmel=HJELP, status_kode="3",
                                 akutt=Akutt("Plassering", datetime(2026, 3, 3, 9)), id=1)])
    assert one(lapsed, "akutt.begjaering").status(date(2026, 5, 1)) is Status.IKKE_OPPFYLT


# --- alder ----------------------------------------------------------------------------------------


def test_care_measure_ends_at_18_for_a_child_born_29_february():
    care = Tiltak(sak_id=1, kategori_kode="2.1", startdato=date(2020, 1, 1), lovhjemmel=OMSORG,
                  id=1)
    c = case(birth=date(2008, 2, 29), tiltak=[care])
    assert one(c, "omsorg.18").frist == date(2026, 3, 1)  # 2026 is no leap year
    # ettervern: contact 6 months before 18
    d = one(c, "ettervern.vurdering")
    assert d.frist == date(2025, 9, 1)
    met = case(birth=date(2008, 2, 29), tiltak=[care],
               ettervern=[Ettervern(sak_id=1, tilbud_sendt=date(2025, 8, 20), id=1)])
    assert one(met, "ettervern.vurdering").status(date(2026, 1, 1)) is Status.OPPFYLT


def test_aftercare_measure_ends_at_25():
    after = Tiltak(sak_id=1, kategori_kode="8.1", startdato=date(2026, 3, 1), lovhjemmel=HJELP,
                   id=1)
    c = case(birth=date(2004, 2, 29), tiltak=[after])
    assert one(c, "ettervern.slutt").frist == date(2029, 3, 1)
    young = case(birth=date(2015, 1, 1), tiltak=[hjelpetiltak(date(2026, 1, 1), date(2026, 6, 1))])
    assert not only(compute_deadlines(young, DEFAULTS), "ettervern.slutt")


def test_no_aftercare_assessment_without_measures():
    assert not only(compute_deadlines(case(birth=date(2008, 2, 29)), DEFAULTS),
                    "ettervern.vurdering")


# --- institusjon ----------------------------------------------------------------------------------


def test_institution_without_consent_reassessed_after_six_months():
    placement = Tiltak(sak_id=1, kategori_kode="1.1", startdato=date(2026, 2, 28),
                       lovhjemmel=Lovhjemmel("BVL2021", "6", "2"), vedtak_id=1, id=1)
    first = Vedtak(sak_id=1, dato=date(2026, 2, 27), lovhjemmel=Lovhjemmel("BVL2021", "6", "2"),
                   id=1)
    d = one(case(tiltak=[placement], vedtak=[first]), "institusjon.revurdering")
    assert d.frist == date(2026, 8, 28)
    renewed = Vedtak(sak_id=1, dato=date(2026, 8, 20), lovhjemmel=Lovhjemmel("BVL2021", "6", "2"),
                     id=2)
    d2 = one(case(tiltak=[placement], vedtak=[first, renewed]), "institusjon.revurdering")
    assert d2.status(date(2026, 9, 1)) is Status.OPPFYLT


def section_6_2(start: date) -> Tiltak:
    return Tiltak(sak_id=1, kategori_kode="1.1", startdato=start,
                  lovhjemmel=Lovhjemmel("BVL2021", "6", "2"), id=1)


def test_institution_reassessment_only_for_placements_from_the_in_force_date():
    # default in-force date 01.01.2026: a placement on 31.12.2025 is under the old rules
    assert not only(compute_deadlines(case(tiltak=[section_6_2(date(2025, 12, 31))]), DEFAULTS),
                    "institusjon.revurdering")
    d = one(case(tiltak=[section_6_2(date(2026, 1, 1))]), "institusjon.revurdering")
    assert d.frist == date(2026, 7, 1)
    assert "gjelder plasseringer fra 01.01.2026" in d.forklaring
    # the date is a setting (VERIFY): moved to 01.07.2026, a January placement is no longer due
    later = DEFAULTS.with_value("institusjon.revurdering.fra", "2026-07-01")
    assert not only(compute_deadlines(case(tiltak=[section_6_2(date(2026, 1, 1))]), later),
                    "institusjon.revurdering")
    d = one(case(tiltak=[section_6_2(date(2026, 7, 1))]), "institusjon.revurdering", later)
    assert (d.frist, d.forklaring.endswith("gjelder plasseringer fra 01.07.2026)")) == (
        date(2027, 1, 1), True)


def test_the_in_force_date_is_a_verify_parameter_of_the_rule():
    param = PARAMS_BY_KEY["institusjon.revurdering.fra"]
    assert (param.type, param.default, param.status) == (date, "2026-01-01", VERIFY)
    assert param.is_default_only
    assert "institusjon.revurdering.fra" in RULES_BY_ID["institusjon.revurdering"].params
    assert DEFAULTS.date("institusjon.revurdering.fra") == date(2026, 1, 1)
    assert param.format("2026-01-01") == "01.01.2026"
    assert param.parse(" 15.03.2026 ") == param.parse("2026-03-15") == "2026-03-15"
    with pytest.raises(ValueError, match="må være en dato"):
        param.parse("31.02.2026")


# --- hjelpetiltak (bvl kapittel 3) ----------------------------------------------------------------


@pytest.mark.parametrize(("hjemmel", "hjelp", "omsorg"), [
    (Lovhjemmel("BVL2021", "3", "1"), True, False),   # frivillig hjelpetiltak
    (Lovhjemmel("BVL2021", "3", "2"), True, False),   # frivillig plassering
    (Lovhjemmel("BVL2021", "3", "4"), True, False),   # pålagt hjelpetiltak
    (Lovhjemmel("BVL2021", "3", "6"), True, False),   # tiltak etter 18 år
    (Lovhjemmel("BVL", "4", "4"), True, False),       # bvl 1992 § 4-4
    (Lovhjemmel("BVL", "1", "3", "2"), True, False),  # bvl 1992 § 1-3 annet ledd
    (Lovhjemmel("BVL2021", "4", "2"), False, False),  # akuttplassering: not a hjelpetiltak
    (Lovhjemmel("BVL2021", "4", "4"), False, False),  # akutt, institusjon uten samtykke
    (Lovhjemmel("BVL", "4", "6", "2"), False, False),  # bvl 1992 akuttvedtak
    (Lovhjemmel("BVL2021", "5", "1"), False, True),   # omsorgsovertakelse
    (Lovhjemmel("BVL", "4", "12"), False, True),
    (Lovhjemmel("BVL2021", "6", "2"), False, False),  # institusjon uten samtykke (atferd)
    (Lovhjemmel(), True, False),  # no legal basis recorded: the plan deadline is kept
])
def test_hjelpetiltak_are_measures_under_chapter_3(hjemmel, hjelp, omsorg):
    t = Tiltak(sak_id=1, kategori_kode="2.5", startdato=date(2026, 3, 3), lovhjemmel=hjemmel)
    assert (t.er_hjelpetiltak, t.er_omsorgstiltak) == (hjelp, omsorg)


def test_emergency_placement_needs_no_tiltaksplan():
    akutt = Tiltak(sak_id=1, kategori_kode="2.5", startdato=date(2026, 3, 3),
                   lovhjemmel=Lovhjemmel("BVL2021", "4", "2"), id=1)
    assert not only(compute_deadlines(case(tiltak=[akutt]), DEFAULTS), "tiltaksplan.mangler")
    voluntary = Tiltak(sak_id=1, kategori_kode="2.5", startdato=date(2026, 3, 3),
                       lovhjemmel=Lovhjemmel("BVL2021", "3", "2"), id=1)
    assert one(case(tiltak=[voluntary]), "tiltaksplan.mangler").frist == date(2026, 3, 3)
    unknown = Tiltak(sak_id=1, kategori_kode="4.1", startdato=date(2026, 3, 3), id=1)
    assert one(case(tiltak=[unknown]), "tiltaksplan.mangler").frist == date(2026, 3, 3)


# --- roll-over ------------------------------------------------------------------------------------


def test_rollover_off_by_default_and_moves_to_next_working_day_when_on():
    c = case(meldinger=[melding(date(2026, 3, 30))])  # due Easter Monday 06.04.2026
    assert one(c, "melding.gjennomgang").frist == date(2026, 4, 6)
    on = DEFAULTS.with_value("frist.rull_helligdag", True)
    d = one(c, "melding.gjennomgang", on)
    assert d.frist == date(2026, 4, 7)
    assert "flyttet til 07.04.2026" in d.forklaring
    saturday = case(meldinger=[melding(date(2026, 5, 9))])  # due Sat 16.05; 17.05 Sunday+holiday
    assert one(saturday, "melding.gjennomgang", on).frist == date(2026, 5, 18)


def test_rollover_never_moves_the_same_day_akutt_rule():
    c = case(vedtak=[akutt_vedtak(tidspunkt=datetime(2026, 5, 17, 3, 0))])
    on = DEFAULTS.with_value("frist.rull_helligdag", True)
    assert one(c, "akutt.godkjenning", on).frist == date(2026, 5, 17)


def test_warning_window_is_a_parameter():
    plan = Plan(sak_id=1, plantype=PlanType.TILTAKSPLAN, startdato=date(2026, 1, 15), id=1)
    d = one(case(planer=[plan]), "tiltaksplan.evaluering")  # due 15.04, 14-day window
    assert d.varsel_fra == date(2026, 4, 1)
    d30 = one(case(planer=[plan]), "tiltaksplan.evaluering",
              DEFAULTS.with_value("varsel.dager_lang", 30))
    assert d30.status(date(2026, 3, 20)) is Status.SNART


def test_plan_made_at_the_decision_is_in_time_when_the_measure_starts_later():
    decision = Vedtak(sak_id=1, dato=date(2026, 2, 1), lovhjemmel=HJELP, id=1)
    t = Tiltak(sak_id=1, kategori_kode="4.6", startdato=date(2026, 2, 10), lovhjemmel=HJELP,
               vedtak_id=1, id=1)
    plan = Plan(sak_id=1, plantype=PlanType.TILTAKSPLAN, startdato=date(2026, 2, 1), id=1)
    d = one(case(vedtak=[decision], tiltak=[t], planer=[plan]), "tiltaksplan.mangler")
    assert (d.frist, d.oppfylt_dato) == (date(2026, 2, 1), date(2026, 2, 1))
    assert d.status(date(2026, 3, 1)) is Status.OPPFYLT
