"""Placements beyond the statutory deadlines (core.placements, core.placement_report): which
placements are temporary, the local alert when one lasts too long, waiting for a foster home,
moves per child and the report tables. Every date and number is worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.deadlines import Status
from core.model import Flytting, Lovhjemmel, Tiltak, Vedtak
from core.params import LOKAL, PARAMS_BY_KEY, Params
from core.periods import Period
from core.placement_report import placement_tables, placement_tables_from
from core.placements import (
    Durations,
    PlacementFacts,
    Wait,
    day_bucket,
    days_from_deadline,
    is_temporary,
    move_buckets,
    placement_facts,
    waits,
)
from core.report_model import Days
from core.rules import RULES_BY_ID, compute_deadlines
from core.validation import validate
from tests.builders import case

HJELP = Lovhjemmel("BVL2021", "3", "2")
OMSORG = Lovhjemmel("BVL2021", "5", "1")
AKUTT = Lovhjemmel("BVL2021", "4", "2")
RULE = "midlertidig.varighet"


def tiltak(kode: str, start: date, hjemmel: Lovhjemmel = HJELP, end: date | None = None,
           tiltak_id: int = 1) -> Tiltak:
    return Tiltak(sak_id=1, kategori_kode=kode, startdato=start, lovhjemmel=hjemmel,
                  sluttdato=end, id=tiltak_id)


# --- which placements are temporary ---------------------------------------------------------------


@pytest.mark.parametrize("kode, hjemmel, temporary", [
    ("2.5", HJELP, True),  # beredskapshjem, whatever the basis
    ("2.6", OMSORG, True),  # midlertidig hjem i familie og nære nettverk
    ("2.2", AKUTT, True),  # an ordinary foster home by akuttvedtak (bvl 2021 kapittel 4)
    ("1.1", Lovhjemmel("BVL2021", "4", "4"), True),  # institution by akuttvedtak
    ("2.2", Lovhjemmel("BVL", "4", "6", "2"), True),  # bvl 1992 § 4-6
    ("2.2", Lovhjemmel("BVL", "4", "9"), True),  # bvl 1992 § 4-9
    ("1.1", Lovhjemmel("BVL", "4", "25", "2"), True),  # § 4-25 annet ledd: midlertidig
    ("1.1", Lovhjemmel("BVL", "4", "25", "1"), False),
    ("2.2", OMSORG, False),  # a care order in a foster home is meant to last
    ("3.1", AKUTT, False),  # not a placement at all
])
def test_which_placements_are_temporary(kode, hjemmel, temporary):
    assert is_temporary(tiltak(kode, date(2026, 1, 1), hjemmel)) is temporary


# --- the local alert ------------------------------------------------------------------------------


def test_the_alert_falls_due_90_days_after_the_start_as_a_local_routine():
    [d] = compute_deadlines(case(tiltak=[tiltak("2.5", date(2026, 1, 10))]), Params.defaults(),
                            only={RULE})
    # 10.01 + 21 days = 31.01, + 28 = 28.02, + 31 = 31.03, + 10 = 10.04: 90 days
    assert d.frist == date(2026, 4, 10)
    assert d.lokal and RULES_BY_ID[RULE].status == LOKAL
    assert PARAMS_BY_KEY["midlertidig.varsel.dager"].status == LOKAL
    assert d.forklaring == ("Midlertidig plassering fra 10.01.2026 + 90 dager (lokal rutine, "
                            "ikke lovfrist)")
    assert d.status(date(2026, 4, 10)).is_open
    assert d.status(date(2026, 4, 11)) is Status.FORFALT
    assert days_from_deadline(d.frist, 90, date(2026, 4, 11)) == 91


def test_a_placement_ended_by_the_threshold_has_no_alert_one_ended_later_is_closed():
    start = date(2026, 1, 10)
    ended_in_time = tiltak("2.5", start, end=date(2026, 4, 10))
    assert compute_deadlines(case(tiltak=[ended_in_time]), Params.defaults(), only={RULE}) == []
    [d] = compute_deadlines(case(tiltak=[tiltak("2.5", start, end=date(2026, 4, 11))]),
                            Params.defaults(), only={RULE})
    assert (d.frist, d.ikke_oppfylt_dato) == (date(2026, 4, 10), date(2026, 4, 11))
    assert d.status(date(2026, 5, 1)) is Status.IKKE_OPPFYLT


def test_the_threshold_is_a_setting():
    params = Params.defaults().with_value("midlertidig.varsel.dager", 30)
    [d] = compute_deadlines(case(tiltak=[tiltak("2.2", date(2026, 1, 10), AKUTT)]), params,
                            only={RULE})
    assert d.frist == date(2026, 2, 9)  # 10.01 + 21 = 31.01, + 9 = 09.02
    assert compute_deadlines(case(tiltak=[tiltak("2.2", date(2026, 1, 10), OMSORG)]), params,
                             only={RULE}) == []


# --- waiting for a foster home --------------------------------------------------------------------


def test_a_wait_ends_at_the_first_foster_home_on_or_after_the_need():
    [w] = waits([date(2026, 3, 1)], [date(2026, 2, 1), date(2026, 5, 30)])
    assert w == Wait(date(2026, 3, 1), date(2026, 5, 30))
    assert w.days(date(2026, 12, 31)) == 90  # 31 (March) + 30 (April) + 29
    assert w.days(date(2026, 4, 1)) == 31 and w.waiting_on(date(2026, 4, 1))
    assert not w.waiting_on(date(2026, 5, 30))


def test_needs_met_by_the_same_move_are_one_wait_from_the_earliest():
    found = waits([date(2026, 4, 1), date(2026, 3, 1), date(2026, 7, 1)], [date(2026, 5, 30)])
    assert found == [Wait(date(2026, 3, 1), date(2026, 5, 30)), Wait(date(2026, 7, 1), None)]
    assert found[1].days(date(2026, 10, 29)) == 120  # 30 + 31 + 31 + 28


def test_a_wait_ends_without_a_foster_home_when_the_case_ends():
    # need 01.03.2026, no foster home, case ended 31.05.2026: 31 + 30 + 30 = 91 days, ended
    [w] = waits([date(2026, 3, 1), date(2026, 4, 1)], [], date(2026, 5, 31))
    assert w == Wait(date(2026, 3, 1), None, date(2026, 5, 31))
    assert w.days(date(2026, 12, 31)) == 91 and w.ended == date(2026, 5, 31)
    assert w.waiting_on(date(2026, 5, 30)) and not w.waiting_on(date(2026, 5, 31))
    # a foster home after the case ended does not end it (the case did); one on the last
    # day of the case does
    assert waits([date(2026, 3, 1)], [date(2026, 6, 10)], date(2026, 5, 31)) == \
        [Wait(date(2026, 3, 1), None, date(2026, 5, 31))]
    assert waits([date(2026, 3, 1)], [date(2026, 5, 31)], date(2026, 5, 31)) == \
        [Wait(date(2026, 3, 1), date(2026, 5, 31))]
    # moved in before the case ended; a need after the case ended is no wait
    assert waits([date(2026, 3, 1)], [date(2026, 4, 1)], date(2026, 5, 31)) == \
        [Wait(date(2026, 3, 1), date(2026, 4, 1))]
    assert waits([date(2026, 6, 1)], [], date(2026, 5, 31)) == []


def test_a_closed_case_is_counted_apart_not_as_still_waiting():
    # need 01.03.2026; the case ends 31.05.2026 without a foster home. Counted in the first
    # half of 2026 as «ended without a foster home» (91 days: 31 + 30 + 30), not as waiting
    # on 30.06 and not as moved in; before the fix it was «still waiting» (121 days) forever
    c = case(vedtak=[Vedtak(1, date(2026, 3, 1), OMSORG, id=1,
                            fosterhjem_behov_dato=date(2026, 3, 1))],
             tiltak=[tiltak("2.5", date(2026, 3, 1), OMSORG, date(2026, 5, 31))])
    c = replace(c, sak=replace(c.sak, sluttdato=date(2026, 5, 31)))
    period = Period(date(2026, 1, 1), date(2026, 6, 30), "1. halvår 2026")
    _temporary, wait, _stability = placement_tables([c], period, date(2026, 6, 30))
    assert [row[:2] for row in wait.rows] == [
        ["Flyttet inn i fosterhjem i perioden", 0], ["Venter fortsatt 30.06.2026", 0],
        ["Saken avsluttet uten fosterhjem i perioden", 1]]
    assert wait.rows[2][4:] == [0, 0, 1, 0]  # 91 days
    # measured on 30.05 (the case still open): still waiting, 90 days
    _temporary, wait, _stability = placement_tables([c], period, date(2026, 5, 30))
    assert wait.rows[1][:2] == ["Venter fortsatt 30.05.2026", 1]
    assert wait.rows[1][4:] == [0, 1, 0, 0]


def test_a_beredskapshjem_does_not_end_the_wait():
    c = case(vedtak=[Vedtak(1, date(2026, 3, 1), OMSORG, id=1,
                            fosterhjem_behov_dato=date(2026, 3, 1))],
             tiltak=[tiltak("2.5", date(2026, 3, 1), OMSORG, date(2026, 6, 9)),
                     tiltak("2.2", date(2026, 6, 10), OMSORG, tiltak_id=2)])
    facts = placement_facts([c], date(2026, 1, 1), date(2026, 12, 31))
    assert facts.waits == (Wait(date(2026, 3, 1), date(2026, 6, 10)),)
    assert facts.temporary == ((date(2026, 3, 1), date(2026, 6, 9)),)


@pytest.mark.parametrize("days, bucket", [(0, 0), (29, 0), (30, 1), (90, 1), (91, 2), (180, 2),
                                          (181, 3), (900, 3)])
def test_day_buckets(days, bucket):
    assert day_bucket(days) == bucket


def test_durations():
    d = Durations((10, 20, 30, 40, 100))
    assert (d.count, d.mean, d.median, d.buckets) == (5, 40.0, 30.0, [2, 2, 1, 0])
    assert Durations((10, 20)).median == 15.0 and Durations(()).mean is None


# --- moves per child ------------------------------------------------------------------------------


def test_moves_are_counted_per_child_in_the_period():
    placed_no_move = case(tiltak=[tiltak("2.2", date(2025, 5, 1), OMSORG)])
    moved_twice = case(tiltak=[tiltak("2.2", date(2025, 5, 1), OMSORG)], flyttinger=[
        Flytting(1, date(2026, 2, 1), "1.1.3", "2", id=1),
        Flytting(1, date(2026, 8, 1), "1.2.2", "2", id=2),
        Flytting(1, date(2025, 8, 1), "1.2.2", "2", id=3)])  # before the period
    not_placed = case(tiltak=[tiltak("3.1", date(2026, 1, 5))])
    ended_before = case(tiltak=[tiltak("2.2", date(2024, 1, 1), OMSORG, date(2025, 12, 31))])
    facts = placement_facts([placed_no_move, moved_twice, not_placed, ended_before],
                            date(2026, 1, 1), date(2026, 12, 31))
    assert sorted(facts.moves.values()) == [0, 2]
    assert move_buckets(facts) == [1, 0, 1, 0]
    assert move_buckets(PlacementFacts((), (), {1: 3, 2: 7, 3: 1})) == [0, 1, 0, 2]


# --- the tables -----------------------------------------------------------------------------------


def test_the_tables_hand_worked():
    start, end, measured = date(2026, 1, 1), date(2026, 6, 30), date(2026, 6, 30)
    facts = PlacementFacts(
        temporary=(
            (date(2025, 12, 1), date(2026, 1, 10)),  # ended in the period: 40 days
            (date(2026, 1, 1), date(2026, 2, 15)),  # 45
            (date(2026, 1, 1), date(2026, 4, 11)),  # 100
            (date(2026, 2, 1), date(2026, 3, 3)),  # 30
            (date(2026, 3, 1), date(2026, 9, 30)),  # ongoing on 30.06: 121
            (date(2025, 1, 1), date(2025, 12, 31)),  # ended before: not counted
            (date(2026, 2, 1), date(2026, 2, 11)),  # 10
        ),
        waits=(Wait(date(2026, 1, 1), date(2026, 1, 31)),  # moved in: 30 days
               Wait(date(2026, 5, 1), None),  # still waiting on 30.06: 60 days
               Wait(date(2026, 2, 1), None, date(2026, 4, 2))),  # case ended: 60 days
        moves={1: 0, 2: 1, 3: 1, 4: 4})
    temporary, wait, stability = placement_tables_from(facts, start, end, measured)
    assert temporary.rows[0] == ["Avsluttet i perioden", 5, Days(45.0), Days(40.0), 1, 3, 1, 0]
    assert temporary.rows[1] == ["Pågår 30.06.2026", 1, None, None, 0, 0, 1, 0]
    assert wait.rows == [["Flyttet inn i fosterhjem i perioden", 1, None, None, 0, 1, 0, 0],
                         ["Venter fortsatt 30.06.2026", 1, None, None, 0, 1, 0, 0],
                         ["Saken avsluttet uten fosterhjem i perioden", 1, None, None,
                          0, 1, 0, 0]]
    assert stability.rows == [["Barn i plassering eller flyttet i perioden", 4, 1, 2, 0, 1]]
    assert all(t.note and t.key for t in (temporary, wait, stability))


def test_the_tables_from_case_files():
    c = case(vedtak=[Vedtak(1, date(2026, 3, 1), OMSORG, id=1,
                            fosterhjem_behov_dato=date(2026, 3, 1))],
             tiltak=[tiltak("2.5", date(2026, 3, 1), OMSORG)],
             flyttinger=[Flytting(1, date(2026, 3, 1), "1.1.4", "3", id=1)])
    period = Period(date(2026, 1, 1), date(2026, 6, 30), "1. halvår 2026")
    temporary, wait, stability = placement_tables([c], period, date(2026, 6, 30))
    assert temporary.rows[1][:2] == ["Pågår 30.06.2026", 1]
    assert temporary.rows[1][4:] == [0, 0, 1, 0]  # 121 days
    assert wait.rows[1][:2] == ["Venter fortsatt 30.06.2026", 1]
    assert stability.rows[0][1:] == [1, 0, 1, 0, 0]


# --- validation -----------------------------------------------------------------------------------


def test_a_move_is_validated_at_its_fields():
    c = case(tiltak=[tiltak("2.2", date(2025, 5, 1), OMSORG)])
    today = date(2026, 11, 23)
    ok = Flytting(1, date(2026, 3, 1), "1.1.3", "2")
    assert validate(ok, c, today) == []
    fields = {e.field for e in validate(Flytting(1, date(2026, 12, 1), "", "2"), c, today)}
    assert fields == {"dato", "arsak_fra_kode"}
    errors = validate(Flytting(1, date(2026, 3, 1), "1.1.5", "2"), c, today)
    assert [(e.field, e.message) for e in errors] == [
        ("arsak_fra_presisering", "Årsak til flytting med kode 1.1.5 mangler presisering")]
    early = validate(Flytting(1, date(2019, 12, 1), "1.1.3", "2"), c, today)
    assert any(e.field == "dato" and "før saken startet" in e.message for e in early)


def test_a_foster_home_cannot_be_needed_before_the_decision():
    c = case()
    v = Vedtak(1, date(2026, 3, 1), OMSORG, fosterhjem_behov_dato=date(2026, 2, 28))
    assert [(e.field, e.message) for e in validate(v, c, date(2026, 11, 23))] == [
        ("fosterhjem_behov_dato",
         "Behovet for fosterhjem kan ikke være før vedtaksdatoen (01.03.2026)")]
