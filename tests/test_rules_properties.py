"""Property tests (hypothesis) for the date arithmetic and the deadline invariants."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from core.dates import add_months, is_working_day, next_working_day
from core.deadlines import Status
from core.model import Besok, Frequency, Lovhjemmel, Tiltak, VisitKind
from core.params import Params
from core.rules import chain, compute_deadlines
from core.visits import required_visits
from tests.builders import case, melding

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@given(days, st.integers(min_value=1, max_value=36))
def test_add_months_keeps_the_day_or_takes_the_months_last_day(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)


@given(days, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=12))
def test_add_months_is_monotone_in_the_start_date(day, months, shift):
    assert add_months(day, months) <= add_months(day + timedelta(days=shift), months)


@given(days)
def test_next_working_day_is_a_working_day_within_a_week(day):
    moved = next_working_day(day)
    assert is_working_day(moved)
    assert day <= moved <= day + timedelta(days=6)
    assert all(not is_working_day(day + timedelta(days=i)) for i in range((moved - day).days))


@given(days, st.integers(min_value=0, max_value=30))
def test_melding_met_iff_concluded_within_seven_days(received, after):
    concluded = received + timedelta(days=after)
    m = melding(received, konklusjon_kode="1", konklusjon_dato=concluded)
    [d] = [x for x in compute_deadlines(case(meldinger=[m]), Params.defaults())
           if x.rule_id == "melding.gjennomgang"]
    status = d.status(concluded)
    assert status is (Status.OPPFYLT if after <= 7 else Status.SENT)
    assert status.is_breach is (after > 7)


@given(days, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_open_deadline_status_only_moves_forward_in_time(received, a, b):
    m = melding(received)
    [d] = [x for x in compute_deadlines(case(meldinger=[m]), Params.defaults())
           if x.rule_id == "melding.gjennomgang"]
    order = [Status.APEN, Status.SNART, Status.FORFALT]
    early, late = sorted((received + timedelta(days=a), received + timedelta(days=b)))
    assert order.index(d.status(early)) <= order.index(d.status(late))
    assert (d.status(late) is Status.FORFALT) == (late > d.frist)


@given(days, st.lists(st.integers(min_value=1, max_value=800), max_size=12, unique=True),
       st.sampled_from([1, 2, 3, 6, 12]))
def test_chain_links_are_ordered_and_each_met_by_the_next_event(start, offsets, months):
    events = sorted(start + timedelta(days=o) for o in offsets)
    links = list(chain("plan", 1, start, None, events,
                       lambda anchor, first: (add_months(anchor, months), "")))
    assert [d.seq for d in links] == list(range(len(links)))
    met = [d.oppfylt_dato for d in links]
    assert met[:-1] == events[: len(links) - 1] and met[-1] is None  # the last link is open
    assert len(links) == len(events) + 1
    anchors = [start, *events]
    assert all(d.frist == add_months(anchors[i], months) for i, d in enumerate(links))


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
       st.integers(min_value=1, max_value=900), st.integers(min_value=1, max_value=900),
       st.sampled_from([2, 4]), st.sampled_from([2, 4]), st.integers(min_value=0, max_value=700))
def test_required_visits_are_additive_and_bounded(start, length, split, n1, n2, change):
    t = Tiltak(sak_id=1, kategori_kode="2.1", startdato=start, lovhjemmel=Lovhjemmel(), id=1,
               tilsyn_hyppighet=(Frequency(start, n1),
                                 Frequency(start + timedelta(days=change), n2)))
    end = start + timedelta(days=length)
    middle = start + timedelta(days=min(split, length))
    whole = required_visits(t, VisitKind.TILSYN, start, end)
    parts = (required_visits(t, VisitKind.TILSYN, start, middle - timedelta(days=1))
             + required_visits(t, VisitKind.TILSYN, middle, end))
    assert whole == parts
    # a day is 1/28 to 1/31 of a month; a month owes N/12
    assert whole <= Fraction(4 * (length + 1), 12 * 28)
    assert whole >= Fraction(2 * (length + 1), 12 * 31)


@given(st.lists(st.integers(min_value=0, max_value=1500), max_size=20))
def test_visit_deadlines_are_met_by_real_visits_only(offsets):
    start = date(2022, 1, 1)
    t = Tiltak(sak_id=1, kategori_kode="2.2", startdato=start, lovhjemmel=Lovhjemmel(), id=1)
    visit_days = {start + timedelta(days=o) for o in offsets}
    besok = [Besok(tiltak_id=1, kind=VisitKind.OPPFOLGING, dato=d, id=i)
             for i, d in enumerate(sorted(visit_days), 1)]
    links = [d for d in compute_deadlines(case(tiltak=[t], besok=besok), Params.defaults())
             if d.rule_id == "oppfolging.besok"]
    assert sum(1 for d in links if d.oppfylt_dato is None) == 1
    assert all(d.oppfylt_dato in visit_days for d in links if d.oppfylt_dato)
